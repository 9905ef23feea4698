// Name mining over a bilingual archive (tmkit/name_mining.h, docs/names.md "Mining").
#include "tmkit/name_mining.h"

#include <algorithm>
#include <tuple>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "terms/name_forms.h"
#include "terms/name_spans.h"
#include "terms/phrase_nominative.h"
#include "tmkit/lang.h"
#include "tmkit/names.h"

namespace tmkit {
namespace {

using names_internal::AbbreviationLetters;
using names_internal::DecodeUtf8;
using names_internal::EncodeUtf8;
using names_internal::FindNameSpans;
using names_internal::IsArabicLetter;
using names_internal::IsArabicMark;
using names_internal::IsCyrillic;
using names_internal::IsUpper;
using names_internal::LooksLikeDemonym;
using names_internal::LowerAll;
using names_internal::NameSpan;
using names_internal::Script;
using names_internal::SentenceStart;
using names_internal::SpanText;
using names_internal::Word;
using names_internal::Words;

// Whether an Arabic word is a nisba adjective (the article, then -ي or -ية: البريطانية "British",
// الإيرانية) that the model would read as the transliteration of an English name ending in a
// consonant (Britain, Iran, Sudan): it renders the place's people or things, not the place. A name
// that ends in a vowel (Syria, Saudi, Alexandria) or begins with al/el keeps such renderings.
bool ArabicAdjectiveOf(const std::string& english, const std::u32string& target) {
  if (english.size() < 3 || std::strchr("aeiouy", english.back()) != nullptr) return false;
  if (english.compare(0, 2, "al") == 0 || english.compare(0, 2, "el") == 0) return false;
  std::u32string t = names_internal::NormalizeWord(target, Script::kArabic);
  if (!t.empty() && (t[0] == U'و' || t[0] == U'ف')) t.erase(0, 1);
  if (t.size() > 2 && (t[0] == U'ب' || t[0] == U'ل' || t[0] == U'ك') && t[1] == U'ا' && t[2] == U'ل') t.erase(0, 1);
  if (t.size() > 2 && t[0] == U'ل' && t[1] == U'ل') t = U"ا" + t.substr(1);
  if (t.size() < 6 || t[0] != U'ا' || t[1] != U'ل') return false;
  return t.back() == U'ي' || (t.size() >= 7 && t[t.size() - 2] == U'ي' && (t.back() == U'ه' || t.back() == U'ة'));
}

// --- target side -------------------------------------------------------------------------------

const std::unordered_set<std::u32string>& ArabicStopwords() {
  static const std::unordered_set<std::u32string> w = {
      U"في", U"من", U"على", U"إلى", U"الى", U"عن", U"أن", U"ان", U"إن", U"مع", U"هذا", U"هذه", U"التي", U"الذي",
      U"ما", U"لا", U"قد", U"كان", U"كانت", U"و", U"أو", U"او", U"ثم", U"بعد", U"قبل", U"عند", U"بين", U"كما",
      U"وقال", U"قال", U"وقالت", U"قالت", U"حيث", U"لم", U"لن", U"هو", U"هي", U"كل", U"أي", U"ذلك", U"تلك",
      U"يوم", U"العام", U"عام", U"خلال", U"وفي", U"أكثر", U"اليوم", U"أيضا", U"أيضاً", U"إلا", U"حتى", U"منذ"};
  return w;
}

// A key under which the case forms of a Russian word and the clitic forms of an Arabic one meet
// (for co-occurrence counting only; the glossary form is chosen among the surfaces).
std::u32string StemKey(const std::u32string& word, Script script) {
  std::u32string w = names_internal::NormalizeWord(LowerAll(word), script);
  if (script == Script::kCyrillic) {
    // Case endings, longest first; the stem keeps at least 3 letters (Белого дома, Белый дом ->
    // бел дом; Великобритании, Великобритания -> великобритан).
    static const char32_t* const kEndings[] = {
        U"ого", U"его", U"ому", U"ему", U"ыми", U"ими", U"ами", U"ями", U"ых", U"их", U"ым", U"им", U"ой", U"ей",
        U"ый", U"ий", U"ая", U"яя", U"ую", U"юю", U"ое", U"ее", U"ые", U"ие", U"ом", U"ем", U"ам", U"ям", U"ах",
        U"ях", U"ов", U"ев", U"ия", U"ии", U"ию", U"а", U"я", U"о", U"е", U"у", U"ю", U"ы", U"и", U"й", U"ь"};
    for (const char32_t* e : kEndings) {
      std::u32string_view end(e);
      if (w.size() >= end.size() + 3 && w.compare(w.size() - end.size(), end.size(), end) == 0) {
        w.resize(w.size() - end.size());
        break;
      }
    }
  } else {
    for (int k = 0; k < 2 && w.size() > 3 && (w[0] == U'و' || w[0] == U'ف' || w[0] == U'ب' || w[0] == U'ل' || w[0] == U'ك'); ++k) {
      if (w.size() > 4 && w[1] == U'ا' && w[2] == U'ل') { w.erase(0, 1); break; }
      if (w[0] == U'ل' && w[1] == U'ل') { w.erase(0, 2); w = U"ال" + w; break; }
      if (k == 0 && (w[0] == U'و' || w[0] == U'ف')) { w.erase(0, 1); continue; }
      // ب ك ل before a noun in construct (بمجلس الشيوخ): keys only, so a name that starts with
      // one of them loses it everywhere alike.
      if (w.size() >= 5) w.erase(0, 1);
      break;
    }
    if (w.size() > 4 && w[0] == U'ا' && w[1] == U'ل') w.erase(0, 2);
    if (w.size() > 3 && (w.back() == U'ه' || w.back() == U'ة')) w.pop_back();
  }
  return w;
}

// The glossary form of one target word that renders `english_word`: the Russian nominative
// (capitalised as in the text) or the Arabic word without its proclitics (article kept).
std::string GlossaryWord(const NameModel& model, Script script, const std::string& english_word,
                         const std::u32string& surface) {
  std::string base = model.BaseForm(english_word, EncodeUtf8(surface));
  if (script == Script::kCyrillic) {
    std::u32string b = DecodeUtf8(base);
    if (!b.empty() && IsUpper(surface[0]) && b[0] >= 0x430 && b[0] <= 0x44F) b[0] -= 32;
    return EncodeUtf8(b);
  }
  std::u32string plain;
  for (char32_t c : surface)
    if (!IsArabicMark(c)) plain += c;
  std::u32string n = names_internal::NormalizeWord(plain, script), b = DecodeUtf8(base);
  if (n.size() != plain.size() || b.size() >= n.size() || n.compare(n.size() - b.size(), b.size(), b) != 0) {
    return EncodeUtf8(plain);
  }
  size_t cut = n.size() - b.size();
  if (cut >= 2 && n[cut - 2] == U'ا' && n[cut - 1] == U'ل') cut -= 2;  // keep the article
  else if (cut >= 2 && n[cut - 2] == U'ل' && n[cut - 1] == U'ل') return EncodeUtf8(U"ال" + plain.substr(cut));
  return EncodeUtf8(plain.substr(cut));
}

struct VariantStats {
  NameVariant v;
  double score_sum = 0;
  bool translated = false;  // found by co-occurrence
};

struct NameStats {
  std::unordered_map<std::string, uint64_t> surfaces;  // English spellings as written
  uint64_t mentions = 0, transliterated = 0;
  std::unordered_map<std::string, VariantStats> variants;
};

void Seen(NameVariant* v, const MiningUnit& u) {
  ++v->count;
  if (u.created != 0) {
    if (v->first_seen == 0 || u.created < v->first_seen) v->first_seen = u.created;
    if (u.created > v->last_seen) v->last_seen = u.created;
  }
  if (v->unit_ids.size() < 3) v->unit_ids.push_back(u.id);
  if (v->sample_source.empty()) {
    v->sample_source = std::string(u.source.substr(0, 600));
    v->sample_target = std::string(u.target.substr(0, 600));
  }
}

class Miner {
 public:
  Miner(const NameModel& model, Script script, const NameMiningOptions& o) : model_(model), script_(script), o_(o) {}

  // Pass 1: how the archive capitalises each English word in mid-sentence.
  void CountCase(const MiningUnit& u) {
    std::vector<Word> words = Words(DecodeUtf8(u.source));
    const bool title = names_internal::TitleShaped(words);  // its capitals say nothing of a word
    for (size_t i = 0; i < words.size(); ++i) {
      if (!words[i].upper) {
        ++lower_[EncodeUtf8(words[i].text)];
      } else if (!title && !SentenceStart(words, i)) {
        ++capital_[EncodeUtf8(LowerAll(words[i].text))];
      }
    }
  }

  bool Ordinary(std::string_view word) const {
    // An acronym is a name wherever it stands (BDI after a parenthesis, US at a sentence start).
    std::u32string w = DecodeUtf8(word);
    if (w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char32_t c) { return IsUpper(c) || c == '.'; })) return false;
    std::string lower = EncodeUtf8(LowerAll(w));
    auto l = lower_.find(lower);
    auto c = capital_.find(lower);
    uint64_t lc = l == lower_.end() ? 0 : l->second, cc = c == capital_.end() ? 0 : c->second;
    return cc == 0 || lc > cc;
  }

  // Whether the archive writes the word capitalised in mid-sentence outside headlines (an acronym:
  // always).
  bool CapitalisedInText(std::string_view word) const {
    std::u32string w = DecodeUtf8(word);
    if (w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char32_t c) { return IsUpper(c) || c == '.'; })) return true;
    return capital_.count(EncodeUtf8(LowerAll(w))) > 0;
  }

  // Pass 2: the names of a unit and their transliterations.
  void Mine(const MiningUnit& u, uint64_t seq) {
    std::vector<Word> words = Words(DecodeUtf8(u.source));
    std::vector<NameSpan> spans = FindNameSpans(
        words, [this](std::string_view w) { return Ordinary(w); },
        [this](std::string_view w) { return CapitalisedInText(w); });
    if (spans.empty()) return;
    std::vector<Word> target = Words(DecodeUtf8(u.target));
    std::unordered_set<std::string> done;
    std::vector<Claim> claims;
    bool unexplained = false;
    for (const NameSpan& sp : spans) {
      std::string name = SpanText(words, sp.begin, sp.end);
      std::string key = EncodeUtf8(LowerAll(DecodeUtf8(name)));
      if (!done.insert(key).second) continue;
      // "Korean", "South Korean", "Indonesian": adjectives of a name, not names (strict: Gandhi stays).
      std::u32string last = LowerAll(words[sp.end - 1].text);
      if (LooksLikeDemonym(last, /*loose=*/false)) continue;
      auto slot = names_.try_emplace(key).first;
      NameStats& st = slot->second;
      ++st.surfaces[name];
      ++st.mentions;
      std::string form;
      double p = 0;
      size_t lo = 0, hi = 0;
      if (Transliteration(name, target, &form, &p, &lo, &hi)) {
        for (size_t w = lo; w <= hi; ++w) claims.push_back({seq, static_cast<uint32_t>(w), &slot->first});
        ++st.transliterated;
        VariantStats& v = st.variants[form];
        v.v.form = form;
        v.score_sum += p;
        Seen(&v.v, u);
      } else {
        untransliterated_.push_back({seq, &slot->first});
        unexplained = true;
      }
    }
    if (unexplained) claims_.insert(claims_.end(), claims.begin(), claims.end());
  }

  // Pass 3 (units that named a name the model did not find rendered): target phrases counted
  // with the names of mostly translated renderings.
  void CountCooccurrence(const MiningUnit& u, uint64_t seq) {
    while (next_ < untransliterated_.size() && untransliterated_[next_].first < seq) ++next_;
    std::vector<const std::string*> keys;
    while (next_ < untransliterated_.size() && untransliterated_[next_].first == seq) {
      auto it = translated_.find(*untransliterated_[next_].second);
      if (it != translated_.end()) keys.push_back(&it->first);
      ++next_;
    }
    if (keys.empty()) return;
    while (next_claim_ < claims_.size() && claims_[next_claim_].seq < seq) ++next_claim_;
    size_t claims_end = next_claim_;
    while (claims_end < claims_.size() && claims_[claims_end].seq == seq) ++claims_end;
    std::vector<Phrase> phrases = Phrases(u.target);
    for (const std::string* k : keys) {
      Translated& tr = translated_[*k];
      ++tr.counted;
      for (const Phrase& ph : phrases) {
        // A word the model gave to another name of the unit is that name's rendering (Бретта
        // Кавано is Brett Kavanaugh's, not the Supreme Court's), unless that name is part of this
        // one (Korea in North Korea).
        bool claimed = false;
        for (size_t c = next_claim_; c < claims_end && !claimed; ++c) {
          const Claim& cl = claims_[c];
          claimed = cl.word >= ph.begin && cl.word < ph.end && !ContainsPhrase(*k, *cl.key);
        }
        if (claimed) continue;
        if (ph.lower && (tr.words < 2 || ph.end - ph.begin != tr.words)) continue;
        // After kSampleUnits units only the phrases that came in a quarter of them are followed:
        // memory stays bounded however often a name occurs.
        auto found = tr.phrases.find(ph.key);
        if (found == tr.phrases.end() && tr.frozen) continue;
        Cooc& c = found != tr.phrases.end() ? found->second : tr.phrases[ph.key];
        ++c.count;
        ++c.surfaces[ph.surface];
        if (ph.lower) c.lower_words = ph.end - ph.begin;
        else c.capitalised = true;
        // No sample text yet: a pass-3 phrase is mostly pruned; pass 4 reads the kept ones' samples.
        MiningUnit bare = u;
        bare.source = bare.target = std::string_view();
        Seen(&c.variant, bare);
      }
      if (!tr.frozen && tr.counted == kSampleUnits) {
        for (auto it = tr.phrases.begin(); it != tr.phrases.end();) {
          if (it->second.count * 4 < tr.counted) it = tr.phrases.erase(it);
          else ++it;
        }
        tr.frozen = true;
      }
    }
  }
  static constexpr uint64_t kSampleUnits = 200;

  // Pass 4: how often each candidate phrase occurs anywhere.
  void CountPhrases(const MiningUnit& u) {
    auto sample = samples_.find(u.id);
    if (sample != samples_.end()) sample->second = {std::string(u.source.substr(0, 600)), std::string(u.target.substr(0, 600))};
    for (const Phrase& ph : Phrases(u.target)) {
      auto it = phrase_total_.find(ph.key);
      if (it != phrase_total_.end()) ++it->second;
    }
  }

  void ChooseTranslatedCandidates() {
    for (auto& [key, st] : names_) {
      if (st.mentions < o_.min_count) continue;
      // The model explains most mentions: transliterated. Otherwise the translated renderings
      // compete with the transliterated ones by their counts (LSU kept in Latin twice, written
      // Университет штата Луизиана four times).
      if (st.transliterated * 2 >= st.mentions) continue;
      std::u32string lower = DecodeUtf8(key);
      if (lower.find(U' ') == std::u32string::npos && LooksLikeDemonym(lower)) continue;
      size_t words = 0;
      for (const auto& w : names_internal::SplitName(key, Script::kLatin)) {
        words += !w.particle && w.letters.size() >= 2 && w.letters != U"of" && w.letters != U"the" && w.letters != U"and" && w.letters != U"for";
      }
      translated_[key].words = words;
      if (script_ == Script::kCyrillic && words >= 2) lowercase_len_ = std::max(lowercase_len_, std::min<size_t>(words, 4));
    }
  }

  void PrunePhrases() {
    // Pass 4 reads lower-case phrases only as long as the kept ones need.
    lowercase_len_ = 0;
    for (auto& [key, tr] : translated_) {
      uint64_t untrans = names_[key].mentions - names_[key].transliterated;
      for (auto it = tr.phrases.begin(); it != tr.phrases.end();) {
        if (it->second.count < 2 || it->second.count * 4 < untrans) it = tr.phrases.erase(it);
        else {
          phrase_total_[it->first] = 0;
          samples_[it->second.variant.unit_ids[0]];
          lowercase_len_ = std::max<size_t>(lowercase_len_, it->second.lower_words);
          ++it;
        }
      }
    }
  }

  void Finish(std::vector<MinedName>* out) {
    // Translated renderings: phrases that come mostly with the name, the longest that keeps the count.
    // A phrase renders the names it is most strongly associated with (Dice within 0.6 of the best:
    // EU and European Union share الاتحاد الأوروبي), so a name that keeps company with another
    // (the Supreme Court, Kavanaugh) does not take its rendering.
    auto dice = [this](const std::string& key, const std::string& phrase, uint64_t count) {
      const NameStats& st = names_[key];
      return 2.0 * count / static_cast<double>(st.mentions - st.transliterated + phrase_total_[phrase]);
    };
    // Names that are one another's abbreviation (EU, European Union; US, U.S., United States)
    // share their renderings: the units where the phrase comes with the other form are explained
    // by it, not counted against this one.
    std::unordered_map<std::string, std::string> letters_of;  // name key -> AbbreviationLetters
    std::unordered_map<std::string, std::vector<const std::string*>> by_letters;
    for (auto& [key, tr] : translated_) {
      const auto& surfaces = names_[key].surfaces;
      auto written = std::max_element(surfaces.begin(), surfaces.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
      std::string letters = written == surfaces.end() ? "" : AbbreviationLetters(written->first);
      letters_of[key] = letters;
      if (!letters.empty()) by_letters[letters].push_back(&key);
    }
    auto related = [&](const std::string& a, const std::string& b) {
      const std::string& letters = letters_of[a];
      return a != b && !letters.empty() && letters == letters_of[b];
    };
    auto shared_count = [&](const std::string& key, const std::string& phrase) {
      uint64_t n = 0;
      auto group = by_letters.find(letters_of[key]);
      if (group == by_letters.end()) return n;
      for (const std::string* other : group->second) {
        if (*other == key) continue;
        auto it = translated_[*other].phrases.find(phrase);
        if (it != translated_[*other].phrases.end()) n += it->second.count;
      }
      return n;
    };
    // A phrase renders a name when at least a third of its occurrences come with it, those that
    // come with an abbreviation partner set aside.
    auto AssociatedEnough = [&](const std::string& key, const std::string& phrase, uint64_t count) {
      uint64_t total = phrase_total_[phrase];
      uint64_t shared = shared_count(key, phrase);
      return count * 3 >= std::max(count, total > shared ? total - shared : 0);
    };
    std::unordered_map<std::string, std::pair<double, const std::string*>> owner;
    // The model's reading: the candidate a phrase most likely transliterates, when that is likely
    // enough to matter (p >= 0.1). Two names that keep company (the Supreme Court, Brett Kavanaugh:
    // the model gives Кавано 0.42, under its verdict threshold) share their phrases; the one the
    // phrase spells takes it.
    std::unordered_map<std::string, std::pair<double, const std::string*>> spelled;
    std::unordered_map<const Cooc*, double> spelling;
    for (auto& [key, tr] : translated_) {
      for (auto& [phrase, c] : tr.phrases) {
        double d = dice(key, phrase, c.count);
        auto& o = owner[phrase];
        if (d > o.first) o = {d, &key};
        double p = ModelSpelling(key, c);
        spelling[&c] = p;
        auto& sp = spelled[phrase];
        if (p >= 0.1 && p > sp.first) sp = {p, &key};
      }
    }
    for (auto& [key, tr] : translated_) {
      NameStats& st = names_[key];
      uint64_t untrans = st.mentions - st.transliterated;
      std::vector<std::pair<std::string, Cooc*>> ok;
      for (auto& [phrase, c] : tr.phrases) {
        uint64_t total = phrase_total_[phrase];
        if (total == 0 || c.count * 10 < untrans * 3) continue;
        // The rendering of an abbreviation partner that comes in most of this name's units is
        // this name's too, however often the phrase comes without either (the bloc, Brussels).
        bool partner = false;
        if (c.count * 2 >= untrans) {
          auto group = by_letters.find(letters_of[key]);
          for (size_t g = 0; group != by_letters.end() && g < group->second.size() && !partner; ++g) {
            const std::string& other = *group->second[g];
            if (other == key) continue;
            auto it = translated_[other].phrases.find(phrase);
            partner = it != translated_[other].phrases.end() && AssociatedEnough(other, phrase, it->second.count);
          }
        }
        if (!partner && !AssociatedEnough(key, phrase, c.count)) continue;
        const auto& best = owner[phrase];
        if (best.first * 0.6 > dice(key, phrase, c.count) && !related(*best.second, key)) continue;
        const auto& speller = spelled[phrase];
        if (speller.second != nullptr && speller.second != &key && spelling[&c] * 10 < speller.first &&
            !related(*speller.second, key)) {
          continue;
        }
        ok.push_back({phrase, &c});
      }
      std::vector<bool> drop(ok.size(), false);
      // A phrase only ever written in lower case is a fallback for names Russian never capitalises
      // (лейбористской партии): beside a capitalised rendering (Верховный суд) it is a description
      // (должность верховного судьи, "a Supreme Court seat"), not the name.
      bool any_capitalised = false;
      for (const auto& [phrase, c] : ok) any_capitalised |= c->capitalised;
      for (size_t a = 0; a < ok.size(); ++a) drop[a] = any_capitalised && !ok[a].second->capitalised;
      for (size_t a = 0; a < ok.size(); ++a) {
        for (size_t b = 0; b < ok.size(); ++b) {
          if (a == b || drop[a] || drop[b]) continue;
          const std::string& shorter = ok[a].first;
          const std::string& longer = ok[b].first;
          if (longer.size() <= shorter.size() || !ContainsPhrase(longer, shorter)) continue;
          if (ok[b].second->count * 10 >= ok[a].second->count * 7) drop[a] = true;
          else drop[b] = true;
        }
      }
      uint64_t top = 0;
      for (size_t a = 0; a < ok.size(); ++a)
        if (!drop[a]) top = std::max(top, ok[a].second->count);
      for (size_t a = 0; a < ok.size(); ++a) {
        if (drop[a] || ok[a].second->count * 4 < top) continue;  // a rare companion, not a rendering
        Cooc& c = *ok[a].second;
        std::string surface = TranslatedForm(c.surfaces);
        VariantStats& v = st.variants[surface];
        double score = static_cast<double>(c.count) / std::max<uint64_t>(1, untrans) * c.variant.count;
        if (v.v.count != 0) {  // two spellings with one glossary form, or a Latin form kept
          v.v.count += c.variant.count;
          v.score_sum += score;
          continue;
        }
        v.v = c.variant;
        const auto& texts = samples_[c.variant.unit_ids[0]];
        v.v.sample_source = texts.first;
        v.v.sample_target = texts.second;
        v.v.form = surface;
        v.score_sum = score;
        v.translated = true;
      }
    }
    for (auto& [key, st] : names_) {
      if (st.mentions < o_.min_count || st.variants.empty()) continue;
      // Case forms of one rendering become one variant.
      std::unordered_map<std::string, VariantStats> merged;
      for (auto& [raw, v] : st.variants) {
        std::string form = ResolveForm(raw);
        auto it = merged.find(form);
        if (it == merged.end()) {
          VariantStats& m = merged[form];
          m = v;
          m.v.form = form;
          continue;
        }
        NameVariant& a = it->second.v;
        a.count += v.v.count;
        it->second.score_sum += v.score_sum;
        if (v.v.first_seen != 0 && (a.first_seen == 0 || v.v.first_seen < a.first_seen)) a.first_seen = v.v.first_seen;
        a.last_seen = std::max(a.last_seen, v.v.last_seen);
        for (uint64_t id : v.v.unit_ids)
          if (a.unit_ids.size() < 3) a.unit_ids.push_back(id);
      }
      st.variants = std::move(merged);
      MinedName m;
      uint64_t best = 0;
      for (auto& [s, n] : st.surfaces) {
        if (n > best || (n == best && s < m.english)) {
          best = n;
          m.english = s;
        }
      }
      m.mentions = st.mentions;
      double score = 0;
      for (auto& [form, v] : st.variants) {
        m.variants.push_back(v.v);
        m.rendered += v.v.count;
        score += v.score_sum;
      }
      m.score = m.rendered ? score / m.rendered : 0;
      std::sort(m.variants.begin(), m.variants.end(), [](const NameVariant& a, const NameVariant& b) {
        return a.count != b.count ? a.count > b.count : a.form < b.form;
      });
      m.target = m.variants[0].form;
      m.translated = st.variants[m.target].translated;
      SetStatus(&m, key);
      out->push_back(std::move(m));
    }
    std::sort(out->begin(), out->end(), [](const MinedName& a, const MinedName& b) {
      return a.rendered != b.rendered ? a.rendered > b.rendered : a.english < b.english;
    });
  }

  void IndexGlossary() {
    if (o_.glossary == nullptr) return;
    for (const Concept& c : o_.glossary->concepts()) {
      for (const Term& t : c.terms) {
        if (!LanguageMatches("en", t.lang)) continue;
        glossary_[EncodeUtf8(LowerAll(DecodeUtf8(t.text)))] = &c;
      }
    }
  }

 private:
  struct Phrase {
    std::string key, surface;
    uint32_t begin = 0, end = 0;  // target word indexes [begin, end)
    bool lower = false;           // starts with a lower-case word (LowercasePhrases)
  };
  // A target word a name of the unit was transliterated by (recorded for the units that also
  // name a name the model did not find rendered).
  struct Claim {
    uint64_t seq;
    uint32_t word;
    const std::string* key;  // of names_
  };
  struct Cooc {
    uint64_t count = 0;
    uint32_t lower_words = 0;  // words of the phrase when counted from a lower-case start
    bool capitalised = false;  // counted from a capitalised start at least once
    std::unordered_map<std::string, uint64_t> surfaces;
    NameVariant variant;
  };
  struct Translated {
    size_t words = 1;  // content words of the English name (of, the, and, for and particles not counted)
    std::unordered_map<std::string, Cooc> phrases;
    uint64_t counted = 0;
    bool frozen = false;
  };

  // How likely the model finds a co-occurring phrase (its commonest spelling) to be a transliteration
  // of the name.
  double ModelSpelling(const std::string& key, const Cooc& c) const {
    const std::string* surface = nullptr;
    uint64_t n = 0;
    for (const auto& [s, k] : c.surfaces) {
      if (k > n || (k == n && surface != nullptr && s < *surface)) {
        n = k;
        surface = &s;
      }
    }
    return surface == nullptr ? 0 : model_.Score(key, *surface).probability;
  }

  static bool ContainsPhrase(const std::string& longer, const std::string& shorter) {
    size_t at = longer.find(shorter);
    while (at != std::string::npos) {
      bool left = at == 0 || longer[at - 1] == ' ';
      bool right = at + shorter.size() == longer.size() || longer[at + shorter.size()] == ' ';
      if (left && right) return true;
      at = longer.find(shorter, at + 1);
    }
    return false;
  }

  std::vector<Phrase> Phrases(std::string_view text) const {
    std::vector<Word> words = Words(DecodeUtf8(text));
    std::vector<Phrase> out;
    std::unordered_set<std::string> seen;
    const size_t max_len = script_ == Script::kCyrillic ? 4 : 3;
    for (size_t i = 0; i < words.size(); ++i) {
      if (script_ == Script::kCyrillic && !words[i].upper) {
        LowercasePhrases(words, i, &seen, &out);
        continue;
      }
      if (script_ == Script::kArabic && (ArabicStopwords().count(words[i].text) || words[i].text.size() < 2)) continue;
      std::u32string key, surface;
      for (size_t n = 0; n < max_len && i + n < words.size(); ++n) {
        const Word& w = words[i + n];
        if (n > 0 && w.before != U" ") break;
        if (n > 0 && script_ == Script::kCyrillic && !w.upper && w.text.size() < 3) break;
        if (n > 0) {
          key += U' ';
          surface += U' ';
        }
        key += StemKey(w.text, script_);
        surface += w.text;
        if (script_ == Script::kArabic && (ArabicStopwords().count(w.text) || w.text.size() < 2)) continue;
        std::string k = EncodeUtf8(key);
        if (seen.insert(k).second) {
          out.push_back({k, EncodeUtf8(surface), static_cast<uint32_t>(i), static_cast<uint32_t>(i + n + 1)});
        }
      }
    }
    return out;
  }

  // Russian writes many institutions in lower case (лейбористской партии, палата представителей):
  // phrases of 2 to lowercase_len_ words starting with a lower-case word, for the English names of
  // as many words (Labour Party, House of Representatives); no function word at either end.
  void LowercasePhrases(const std::vector<Word>& words, size_t i, std::unordered_set<std::string>* seen,
                        std::vector<Phrase>* out) const {
    static const std::unordered_set<std::u32string> kStop = {
        U"что", U"это", U"как", U"для", U"его", U"она", U"они", U"был", U"была", U"были", U"было", U"так",
        U"также", U"уже", U"еще", U"ещё", U"при", U"без", U"под", U"над", U"или", U"том", U"тем", U"чем",
        U"все", U"всех", U"всё", U"ее", U"её", U"их", U"который", U"которая", U"которое", U"которые",
        U"после", U"через", U"более", U"может", U"будет", U"этот", U"эта", U"эти", U"этого", U"этой",
        U"только", U"очень", U"сказал", U"заявил", U"году", U"года", U"лет", U"против", U"между", U"перед"};
    if (lowercase_len_ < 2) return;
    std::u32string key, surface;
    for (size_t n = 0; n < lowercase_len_ && i + n < words.size(); ++n) {
      const Word& w = words[i + n];
      if ((n > 0 && w.before != U" ") || w.text.size() < 3 || !IsCyrillic(w.text[0])) break;
      std::u32string lower = LowerAll(w.text);
      if (n == 0 && kStop.count(lower)) break;
      if (n > 0) {
        key += U' ';
        surface += U' ';
      }
      key += StemKey(w.text, script_);
      surface += w.text;
      if (n == 0 || kStop.count(lower)) continue;
      std::string k = EncodeUtf8(key);
      if (seen->insert(k).second) {
        out->push_back({k, EncodeUtf8(surface), static_cast<uint32_t>(i), static_cast<uint32_t>(i + n + 1), true});
      }
    }
  }

  double WordScore(const std::string& english, const std::u32string& target) {
    std::string t = EncodeUtf8(target);
    std::string k = english;
    k += '\t';
    k += t;
    auto it = cache_.find(k);
    if (it != cache_.end()) return it->second;
    if (cache_.size() > 1000000) cache_.clear();  // ~100 MB at most
    float p = static_cast<float>(model_.ScoreWord(english, t));
    cache_.emplace(std::move(k), p);
    return p;
  }

  // Russian words are written into a variant's form as \x01english\x02surface\x03 and put in
  // glossary form at the end, when every case form the archive used for that English word is
  // known: each surface takes the nominative its ending allows that explains the most mentions
  // (Сенате, Сената, Сенат -> Сенат; Шотландии, Шотландия -> Шотландия, not Шотландий).
  std::string Lemma(const std::string& english, const std::u32string& surface) {
    auto& forms = surfaces_[english];
    std::u32string t = names_internal::NormalizeWord(LowerAll(surface), script_);
    auto cached = lemmas_.find(english + '\t' + EncodeUtf8(t));
    if (cached != lemmas_.end()) return Capitalised(cached->second, surface);
    std::unordered_map<std::u32string, uint64_t> coverage;
    for (const auto& [s, n] : forms)
      for (const std::u32string& c : names_internal::TargetVariants(s, script_, 3)) coverage[c] += n;
    std::vector<std::u32string> candidates = names_internal::TargetVariants(t, script_, 3);
    std::u32string best = t;
    std::u32string model_choice = DecodeUtf8(model_.BaseForm(english, EncodeUtf8(t)));
    // The dictionary's lemma of the form, when the dictionary knows it (лиги -> лига, not лигь).
    std::u32string dictionary = Nominatives().WordLemma(t);
    // A tie (one case form seen, several nominatives possible) goes to the nominative whose ending
    // matches the English one: Burnaston -> Бернастон (not Бернастоне), Obama -> Обама; a final
    // English e is silent (Wayde -> Уэйд); then to one not in -й (Британии -> Британия: place
    // names in -ия outnumber the names in -ий; Германии -> Германия, though the dictionary knows
    // германий), then to the dictionary's lemma when it knows the word (лиги -> лига, not лигь;
    // Берлином -> Берлин), then to a written form (Челси, Данди: indeclinable), then to the
    // model's choice.
    static const std::u32string kVowels = U"аеиоуыэюяё";
    const char last = english.empty() ? 'x' : english.back();
    const bool english_vowel = std::strchr("aiouy", last) != nullptr;
    auto rank = [&](const std::u32string& c) {
      bool vowel = !c.empty() && kVowels.find(c.back()) != std::u32string::npos;
      bool consonant = !c.empty() && !vowel && c.back() != U'й' && c.back() != U'ь';
      return std::make_tuple(coverage[c], english_vowel ? vowel : consonant, c.empty() || c.back() != U'й',
                             c == dictionary, forms.count(c) > 0, c == model_choice);
    };
    for (const std::u32string& c : candidates)
      if (rank(c) > rank(best)) best = c;
    lemmas_.emplace(english + '\t' + EncodeUtf8(t), best);
    return Capitalised(best, surface);
  }

  names_internal::RussianPhraseNominative& Nominatives() {
    if (!nominative_) nominative_ = std::make_unique<names_internal::RussianPhraseNominative>();
    return *nominative_;
  }

  // The glossary form of a translated rendering from its written spellings (with counts). Russian:
  // each spelling's head group in the nominative (Ближнем Востоке -> Ближний Восток), the
  // form that reads as a nominative and gathers the most mentions; its first letter a capital
  // as a glossary headword of a proper name has it (лейбористской партии -> Лейбористская партия).
  // Arabic: the most frequent spelling, a proclitic dropped when the archive also writes it without.
  std::string TranslatedForm(const std::unordered_map<std::string, uint64_t>& surfaces) {
    auto headword = [this, &surfaces](const std::string& s) {
      if (script_ != Script::kCyrillic) {
        // Arabic: a proclitic (و ف ب ك ل) goes when the archive also writes the phrase without it
        // (وسولت لايك سيتي -> سولت لايك سيتي; وزارة stays: no زارة).
        std::u32string u = DecodeUtf8(s);
        if (u.size() > 4 && std::u32string_view(U"وفبكل").find(u[0]) != std::u32string_view::npos) {
          std::string rest = EncodeUtf8(u.substr(1));
          if (surfaces.count(rest)) return rest;
        }
        return s;
      }
      std::u32string b = DecodeUtf8(Nominatives().Nominative(s));
      if (!b.empty() && b[0] >= 0x430 && b[0] <= 0x44F) b[0] -= 32;
      if (!b.empty() && b[0] == 0x451) b[0] = 0x401;
      return EncodeUtf8(b);
    };
    std::unordered_map<std::string, uint64_t> forms;
    std::unordered_set<std::string> written;
    for (const auto& [s, n] : surfaces) {
      std::string f = headword(s);
      forms[f] += n;
      if (f == s) written.insert(f);
    }
    // A form that reads as a nominative first (Северная Корея before a commoner Северной Кореи
    // the dictionary cannot put in the nominative), then the one that can be the nominative of the
    // most mentions, then a written one (Европейский союз as the text has it, not a generated
    // Европейский Союз), then the commonest.
    // How many mentions a form can be the nominative of, word by word by its endings (Великобритания
    // of Великобритании, not the other way): decides where the dictionary does not know the words.
    auto covers = [&](const std::string& f) {
      if (script_ != Script::kCyrillic) return uint64_t{0};
      std::vector<names_internal::NameWord> fw = names_internal::SplitName(f, script_);
      uint64_t total = 0;
      for (const auto& [s, n] : surfaces) {
        std::vector<names_internal::NameWord> sw = names_internal::SplitName(s, script_);
        bool all = sw.size() == fw.size();
        for (size_t k = 0; k < sw.size() && all; ++k) {
          std::vector<std::u32string> v = names_internal::TargetVariants(sw[k].letters, script_, 3);
          all = std::find(v.begin(), v.end(), fw[k].letters) != v.end();
        }
        if (all) total += n;
      }
      return total;
    };
    std::string best;
    std::tuple<bool, uint64_t, bool, uint64_t> best_rank{false, 0, false, 0};
    for (const auto& [f, n] : forms) {
      bool nominative = script_ == Script::kCyrillic && Nominatives().IsNominative(f);
      std::tuple<bool, uint64_t, bool, uint64_t> rank{nominative, covers(f), written.count(f) > 0, n};
      if (best.empty() || rank > best_rank || (rank == best_rank && f < best)) {
        best = f;
        best_rank = rank;
      }
    }
    return best;
  }

  // In the letter case of the text: Палу, НАТО (an all-capitals word stays so).
  static std::string Capitalised(std::u32string word, const std::u32string& surface) {
    bool all = surface.size() > 1 && std::all_of(surface.begin(), surface.end(), [](char32_t c) { return IsUpper(c); });
    for (size_t i = 0; i < word.size() && (i == 0 || all); ++i) {
      if (IsUpper(surface[0]) && word[i] >= 0x430 && word[i] <= 0x44F) word[i] -= 32;
    }
    return EncodeUtf8(word);
  }

  std::string ResolveForm(const std::string& raw) {
    if (raw.find('\x01') == std::string::npos) return raw;
    std::string out;
    size_t i = 0;
    while (i < raw.size()) {
      size_t a = raw.find('\x01', i);
      if (a == std::string::npos) {
        out += raw.substr(i);
        break;
      }
      out += raw.substr(i, a - i);
      size_t b = raw.find('\x02', a), c = raw.find('\x03', b);
      out += Lemma(raw.substr(a + 1, b - a - 1), DecodeUtf8(raw.substr(b + 1, c - b - 1)));
      i = c + 1;
    }
    return out;
  }

  bool Candidate(const Word& w) const {
    if (script_ == Script::kCyrillic) return w.upper && IsCyrillic(w.text[0]);
    return IsArabicLetter(w.text[0]) && w.text.size() >= 2 && !ArabicStopwords().count(w.text);
  }

  // The target span that transliterates every content word of the name.
  // [*lo, *hi]: the target words it spans.
  bool Transliteration(const std::string& name, const std::vector<Word>& target, std::string* form, double* p,
                       size_t* lo_word, size_t* hi_word) {
    // Kept in Latin letters by the translator (Toyota, BMW): the name itself.
    std::vector<Word> own = Words(DecodeUtf8(name));
    for (size_t j = 0; !own.empty() && j + own.size() <= target.size(); ++j) {
      bool same = true;
      for (size_t k = 0; k < own.size() && same; ++k) same = target[j + k].text == own[k].text;
      if (same) {
        *form = name;
        *p = 1;
        *lo_word = j;
        *hi_word = j + own.size() - 1;
        return true;
      }
    }
    std::vector<names_internal::NameWord> ew = names_internal::SplitName(name, Script::kLatin);
    std::vector<std::string> content;
    for (const auto& w : ew)
      if (!w.particle && w.letters.size() >= 2) content.push_back(EncodeUtf8(w.letters));
    if (content.empty() || content.size() > 6) return false;
    // Target words split at hyphens the way SplitName splits names (аль-Асад: аль + Асад).
    struct Piece {
      std::u32string text;
      size_t word;
    };
    std::vector<Piece> pieces;
    for (size_t j = 0; j < target.size(); ++j) {
      if (!Candidate(target[j])) continue;
      size_t start = 0;
      const std::u32string& t = target[j].text;
      for (size_t k = 0; k <= t.size(); ++k) {
        if (k < t.size() && t[k] != '-') continue;
        if (k > start) pieces.push_back({t.substr(start, k - start), j});
        start = k + 1;
      }
    }
    std::vector<int> chosen(content.size(), -1);
    double product = 1;
    for (size_t i = 0; i < content.size(); ++i) {
      double best = 0;
      for (size_t k = 0; k < pieces.size(); ++k) {
        double s = script_ == Script::kArabic && ArabicAdjectiveOf(content[i], pieces[k].text)
                       ? 0
                       : WordScore(content[i], pieces[k].text);
        if (s > best) {
          bool used = false;
          for (size_t x = 0; x < i; ++x) used |= chosen[x] == static_cast<int>(k);
          if (used) continue;
          best = s;
          chosen[i] = static_cast<int>(k);
        }
      }
      if (best < NameModel::kDefaultThreshold) return false;
      product *= best;
    }
    size_t lo = target.size(), hi = 0;
    for (int k : chosen) {
      lo = std::min(lo, pieces[k].word);
      hi = std::max(hi, pieces[k].word);
    }
    if (hi - lo + 1 > content.size() + 2) return false;
    std::string out;
    for (size_t j = lo; j <= hi; ++j) {
      if (j > lo) out += target[j].before == U"-" ? "-" : " ";
      // Each hyphen piece in glossary form, matched against the English word it rendered.
      const std::u32string& t = target[j].text;
      size_t start = 0;
      for (size_t k = 0; k <= t.size(); ++k) {
        if (k < t.size() && t[k] != '-') continue;
        std::u32string piece = t.substr(start, k - start);
        std::string english;
        for (size_t i = 0; i < content.size(); ++i)
          if (pieces[chosen[i]].word == j && pieces[chosen[i]].text == piece) english = content[i];
        if (start > 0) out += '-';
        if (english.empty()) {
          out += EncodeUtf8(piece);
        } else if (script_ == Script::kCyrillic) {
          ++surfaces_[english][names_internal::NormalizeWord(LowerAll(piece), script_)];
          out += "\x01" + english + "\x02" + EncodeUtf8(piece) + "\x03";
        } else {
          out += GlossaryWord(model_, script_, english, piece);
        }
        start = k + 1;
      }
    }
    *form = out;
    *p = product;
    *lo_word = lo;
    *hi_word = hi;
    return true;
  }

  std::u32string Fold(const std::string& s) const {
    std::u32string out;
    for (const auto& w : names_internal::SplitName(s, script_)) {
      if (!out.empty()) out += U' ';
      out += w.letters;
    }
    return out;
  }

  void SetStatus(MinedName* m, const std::string& key) {
    auto it = glossary_.find(key);
    if (it != glossary_.end()) {
      const Concept& c = *it->second;
      const Term* preferred = Glossary::PreferredTerm(c, o_.tgt_lang);
      if (preferred != nullptr) {
        m->glossary_form = preferred->text;
        bool agrees = false;
        std::u32string top = Fold(m->target);
        for (const Term& t : c.terms) {
          if (LanguageMatches(o_.tgt_lang, t.lang) && IsAllowed(t.status) && Fold(t.text) == top) agrees = true;
        }
        m->status = agrees ? "agrees" : "conflicts";
        return;
      }
    }
    int strong = 0;
    for (const NameVariant& v : m->variants) strong += v.count * 10 >= m->rendered;
    m->status = strong >= 2 ? "inconsistent" : "new";
  }

  const NameModel& model_;
  Script script_;
  NameMiningOptions o_;
  std::unordered_map<std::string, uint64_t> lower_, capital_;
  // Per English word, the normalised Russian words that rendered it, with counts; lemmas chosen.
  std::unordered_map<std::string, std::unordered_map<std::u32string, uint64_t>> surfaces_;
  std::unordered_map<std::string, std::u32string> lemmas_;
  std::unique_ptr<names_internal::RussianPhraseNominative> nominative_;
  std::unordered_map<std::string, NameStats> names_;
  std::vector<std::pair<uint64_t, const std::string*>> untransliterated_;  // keys of names_
  std::unordered_map<uint64_t, std::pair<std::string, std::string>> samples_;  // unit id -> its texts
  size_t next_ = 0;
  std::vector<Claim> claims_;  // in unit order
  size_t next_claim_ = 0;
  std::unordered_map<std::string, Translated> translated_;
  size_t lowercase_len_ = 0;  // the longest lower-case phrase a candidate needs (0: none)
  std::unordered_map<std::string, uint64_t> phrase_total_;
  std::unordered_map<std::string, float> cache_;
  std::unordered_map<std::string, const Concept*> glossary_;
};

}  // namespace

Status MineNames(const MiningSource& pass, const NameMiningOptions& options,
                 const std::function<void(int, uint64_t)>& progress, std::vector<MinedName>* out) {
  const NameModel* model = nullptr;
  Status s = NameModel::Builtin("en", options.tgt_lang, &model);
  if (!s.ok()) return s;
  std::string tag;
  s = CanonicalLanguageTag(options.tgt_lang, &tag);
  if (!s.ok()) return s;
  Script script = tag.compare(0, 2, "ru") == 0 ? Script::kCyrillic : Script::kArabic;
  Miner miner(*model, script, options);
  miner.IndexGlossary();
  auto run = [&](int number, const std::function<void(const MiningUnit&, uint64_t)>& f) {
    uint64_t seq = 0;
    return pass([&](const MiningUnit& u) {
      f(u, seq);
      if (++seq % 10000 == 0 && progress) progress(number, seq);
      return Status::OK();
    });
  };
  s = run(1, [&](const MiningUnit& u, uint64_t) { miner.CountCase(u); });
  if (s.ok()) s = run(2, [&](const MiningUnit& u, uint64_t seq) { miner.Mine(u, seq); });
  if (!s.ok()) return s;
  miner.ChooseTranslatedCandidates();
  s = run(3, [&](const MiningUnit& u, uint64_t seq) { miner.CountCooccurrence(u, seq); });
  if (!s.ok()) return s;
  miner.PrunePhrases();
  s = run(4, [&](const MiningUnit& u, uint64_t) { miner.CountPhrases(u); });
  if (!s.ok()) return s;
  out->clear();
  miner.Finish(out);
  return Status::OK();
}

}  // namespace tmkit
