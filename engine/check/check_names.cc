// name-inconsistent: one name of the source (outside the glossary) rendered several ways across
// the draft and the reference. Each capitalized source word is paired with the target word the
// learned transliteration model (engine/terms, docs/names.md) scores best in its segment; the
// renderings of one English word are compared by their base forms (the Russian nominative, the
// Arabic word without clitics), so Лавров, Лаврова and Лавровым are one rendering. Two renderings
// are one name spelled two ways only when both transliterate the same English word and resemble
// each other: different people sharing a first name keep their own words, and a word that is also
// a country or a common noun (Jordan: Иордания, Джордан) gets renderings too unlike to be one.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "check/check_internal.h"
#include "terms/name_similarity.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/names.h"
#include "tmkit/normalize.h"

namespace tmkit {
using namespace check_internal;

namespace {

struct Rendering {
  size_t segment;  // SIZE_MAX for the reference
  Span span;
  std::string surface;
  std::string base;  // the model's base form
  double score;
  std::vector<std::string> keys;  // the word's lemma and stem keys (tmkit/morphology.h)
};

// Two words with a lemma or stem key of four letters or more in common are one word in two
// cases (Республика, Республики; Феттеля, Феттелем), whatever base forms the model gives them.
bool SharedKey(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const std::string& k : a) {
    if (k.size() > 1 && CodePointCount(std::string_view(k).substr(1)) >= 4 && std::find(b.begin(), b.end(), k) != b.end()) return true;
  }
  return false;
}

// Inflection and derivation endings a rendering takes in running text (Russian cases and -ский
// adjectives; Arabic nisba, feminine and plural endings), longest first.
const char* const kRussianEndings[] = {"ского", "скому", "ским", "ском", "ской", "ская", "ские", "ских", "ий", "ый",
                                       "ой", "ей", "ом", "ем", "ым", "им", "ого", "его", "ому", "ему", "ых", "их",
                                       "ую", "юю", "ая", "яя", "ое", "ее", "ах", "ях", "ам", "ям", "а", "я", "у",
                                       "ю", "е", "и", "ы", "о"};
const char* const kArabicEndings[] = {"يين", "يون", "ية", "يه", "يا", "ات", "ون", "ين", "ي", "ة", "ه", "ا"};

std::vector<std::string> Stems(std::string_view w, const std::string& primary) {
  std::vector<std::string> out{std::string(w)};
  if (primary == "ar" && StartsWith(w, "\u0627\u0644")) w.remove_prefix(4);  // ال
  out.emplace_back(w);
  auto add = [&](const char* const* endings, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      std::string_view e(endings[i]);
      if (EndsWith(w, e) && CodePointCount(w) >= CodePointCount(e) + 3) out.emplace_back(w.substr(0, w.size() - e.size()));
    }
  };
  if (primary == "ru") add(kRussianEndings, sizeof kRussianEndings / sizeof *kRussianEndings);
  if (primary == "ar") add(kArabicEndings, sizeof kArabicEndings / sizeof *kArabicEndings);
  return out;
}

// Two base forms are one rendering when an ending stripped from either makes them equal
// (Корея, Корее; Ноттингем, Ноттингемском; إندونيسيا, الإندونيسية), not when a letter of the
// stem differs (Лавров, Лавроф).
bool SameStem(const std::string& a, const std::string& b, const std::string& primary) {
  if (a == b) return true;
  std::vector<std::string> sa = Stems(a, primary), sb = Stems(b, primary);
  for (const std::string& x : sa) {
    if (std::find(sb.begin(), sb.end(), x) != sb.end()) return true;
  }
  return false;
}

}  // namespace

void Checker::Impl::CheckNames(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref,
                               std::vector<Finding>* out) {
  if (name_model == nullptr) return;  // no model for this pair: no way to tell one name from two
  Morphology& src_morph = src_terms->morphology();
  Script want = ScriptOfLanguage(tgt_primary);
  std::map<std::string, std::vector<Rendering>> by_name;  // folded English word -> its renderings
  std::unordered_map<std::string, bool> arabic_known;     // surface -> the dictionary knows it
  auto collect = [&](const SegmentPair& p, size_t seg, const Analysis& a) {
    // The target words that can render a name: in the target script, not part of a glossary
    // match; in Russian capitalized.
    std::vector<const WordKeys*> candidates;
    for (const WordKeys& w : a.words) {
      if (w.keys.empty() || CodePointCount(w.folded) < 3) continue;
      std::string_view surface(p.target.data() + w.begin, w.end - w.begin);
      if (HasDigit(surface) || WordScript(surface) != want || IsUpperWord(surface)) continue;
      if (want != Script::kArabic && !StartsUpper(surface)) continue;
      bool in_term = false;
      for (const TermMatch& m : a.matches) in_term |= w.begin >= m.begin && w.end <= m.end;
      if (!in_term) candidates.push_back(&w);
    }
    if (candidates.empty()) return;
    std::unordered_set<std::string> seen;
    std::vector<std::pair<size_t, size_t>> capitals = CapitalizedWords(p.source);
    for (size_t k = 0; k < capitals.size(); ++k) {
      auto [b, e] = capitals[k];
      std::string word = p.source.substr(b, e - b);
      if (IsUpperWord(word)) continue;  // acronyms are not transliterated
      // A word the dictionary knows (a country, a common noun: Jordan, Assembly, Rangers) is a
      // name here only in the context of the capitalized words around it (Michael Jordan):
      // the whole run is its key. Alone it is left out.
      const std::string folded = FoldForMatching(word, src);
      std::string key = folded;
      if (src_morph.HasDictionary() && src_morph.Spell(word)) {
        size_t first = k, last = k;
        while (first > 0 && capitals[first - 1].second + 1 == capitals[first].first) --first;
        while (last + 1 < capitals.size() && capitals[last].second + 1 == capitals[last + 1].first) ++last;
        if (first == last) continue;
        key = FoldForMatching(p.source.substr(capitals[first].first, capitals[last].second - capitals[first].first), src) +
              " / " + key;
      }
      if (!seen.insert(key).second) continue;
      const WordKeys* best = nullptr;
      double best_score = 0;
      for (const WordKeys* w : candidates) {
        double score = name_model->ScoreWord(word, p.target.substr(w->begin, w->end - w->begin));
        if (score > best_score) best_score = score, best = w;
      }
      if (best == nullptr || best_score < NameModel::kDefaultThreshold) continue;
      std::string surface = p.target.substr(best->begin, best->end - best->begin);
      // The word renders another name of the segment better (Ladbrokes' لادبروكس, not Ibrox's).
      bool other_name = false;
      for (size_t o = 0; o < capitals.size() && !other_name; ++o) {
        if (o == k) continue;
        std::string other = p.source.substr(capitals[o].first, capitals[o].second - capitals[o].first);
        other_name = FoldForMatching(other, src) != folded && name_model->ScoreWord(other, surface) > best_score;
      }
      if (other_name) continue;
      by_name[key].push_back({seg, {best->begin, best->end}, surface, name_model->BaseForm(word, surface), best_score, best->keys});
    }
  };
  for (size_t i = 0; i < segs.size(); ++i) collect(segs[i], i, analyses[i]);
  for (size_t i = 0; i < ref.size() && i < reference_analyses.size(); ++i) collect(ref[i], SIZE_MAX, reference_analyses[i]);
  for (auto& [name, renderings] : by_name) {
    // Arabic has no capitals to tell a name: a word the dictionary knows (للفريق "the team" for
    // Furyk, الديمقراطي) is the language's own word, not a rendering. Asked only of a name with
    // several spellings, as Arabic lookups are slow.
    if (want == Script::kArabic && tgt_terms->morphology().HasDictionary()) {
      bool several = false;
      for (const Rendering& r : renderings) several |= r.surface != renderings.front().surface;
      if (!several) continue;
      renderings.erase(std::remove_if(renderings.begin(), renderings.end(),
                                      [&](const Rendering& r) {
                                        auto [it, fresh] = arabic_known.emplace(r.surface, false);
                                        if (fresh) it->second = tgt_terms->morphology().Spell(r.surface) || KnownArabicSegmented(r.surface);
                                        return it->second;
                                      }),
                       renderings.end());
    }
    // Renderings whose base forms differ by an ending are one rendering in different cases or
    // derivations the model's base form does not undo.
    std::map<std::string, std::vector<size_t>> by_base;
    for (size_t i = 0; i < renderings.size(); ++i) {
      std::string base = renderings[i].base;
      for (auto& [other, members] : by_base) {
        if (SameStem(other, base, tgt_primary) || SharedKey(renderings[members.front()].keys, renderings[i].keys)) {
          base = other;
          break;
        }
      }
      by_base[base].push_back(i);
    }
    if (by_base.size() < 2) continue;
    // The majority rendering; the others are reported when they resemble it (one name, spelled
    // two ways), not when they are another word the English one also renders.
    auto major = std::max_element(by_base.begin(), by_base.end(),
                                  [](const auto& x, const auto& y) { return x.second.size() < y.second.size(); });
    const std::string& major_latin = Latin(major->first);
    std::string counts;
    std::vector<std::pair<std::string, std::vector<size_t>>> variants;
    for (const auto& [base, members] : by_base) {
      if (base != major->first && SpellingSimilarity(Latin(base), major_latin) < 0.6) continue;
      variants.emplace_back(base, members);
    }
    if (variants.size() < 2) continue;
    std::sort(variants.begin(), variants.end(), [](const auto& x, const auto& y) { return x.second.size() > y.second.size(); });
    for (const auto& [base, members] : variants) {
      counts += (counts.empty() ? "" : ", ") + Quote(renderings[members.front()].surface) + " \u00D7" + std::to_string(members.size());
    }
    size_t major_n = major->second.size();
    for (const auto& [base, members] : variants) {
      if (base == major->first) continue;
      for (size_t i : members) {
        const Rendering& r = renderings[i];
        if (r.segment == SIZE_MAX) continue;
        Finding* f = Add(out, "name-inconsistent", r.segment, {}, r.span,
                         "\"" + name + "\" is rendered several ways: " + counts, renderings[major->second.front()].surface);
        // A lone variant against a settled majority is likelier a slip than a tie is.
        if (f != nullptr) f->repeat_key = name;  // one name to make consistent
        if (f != nullptr) f->confidence = major_n > members.size() ? std::min(0.9, 0.6 + 0.1 * static_cast<double>(major_n - members.size())) : 0.5;
      }
    }
  }
}

}  // namespace tmkit
