// The glossary checks: deprecated, superseded and variant renderings, Arabic orthography, and
// terms of the source with none of their forms in the translation.
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
#include "tmkit/normalize.h"

namespace tmkit {
using namespace check_internal;

namespace {

// What to put in place of `found`, a span of the translation rendering the term `matched` of
// concept `c`: the preferred form, or an allowed one with as many words as `matched` (Асад for
// Ассад, Башар Асад for Башар Ассад), in the found span's case and with its clitics (Асада).
std::string Replacement(TermMatcher* terms, size_t concept_index, const Concept& c, const Term& matched,
                        std::string_view found, std::string_view lang) {
  Morphology& morph = terms->morphology();
  const Term* use = Glossary::PreferredTerm(c, lang);
  const size_t words = morph.SplitTerm(matched.text).size();
  if (use == nullptr || morph.SplitTerm(use->text).size() != words) {
    for (const Term& t : c.terms) {
      if (LanguageMatches(lang, t.lang) && IsAllowed(t.status) && morph.SplitTerm(t.text).size() == words) {
        use = &t;
        break;
      }
    }
  }
  if (use == nullptr) return "";
  terms->Teach(concept_index);  // the dictionary must know the form's paradigm
  return morph.InflectLike(use->text, use->gender, found, matched.text);
}

}  // namespace

// Forms a text word may be compared by: its folded form and its inflection/clitic keys.
std::vector<std::string> Checker::Impl::Forms(const WordKeys& w) {
  std::vector<std::string> forms{w.folded};
  for (const std::string& k : w.keys) {
    if ((k[0] == 'R' || k[0] == 'L') && k.size() > 1) forms.push_back(k.substr(1));
  }
  return forms;
}

double Checker::Impl::NameSimilarity(const std::vector<std::string>& forms, const std::string& folded_term_word, bool* same_skeleton) {
  double best = 0;
  const std::string& b = Latin(folded_term_word);
  std::string sk_b = Skeleton(b);
  for (const std::string& f : forms) {
    const std::string& a = Latin(f);
    if (a.size() < 3 || b.size() < 3) continue;
    best = std::max(best, SpellingSimilarity(a, b));
    std::string sk_a = Skeleton(a);
    if (sk_a.size() >= 2 && sk_a == sk_b) *same_skeleton = true;
  }
  return best;
}

namespace {

// A word derived from a glossary form by an adjective or plural ending the morphology
// does not know for a name (Парижские of Париж, Клинтонов of Клинтон): the term in another form,
// not a variant spelling. A letter of the stem that differs (Асадд, Лавроф) is no derivation.
// Arabic: the same stem after a proclitic, the article and a nisba, feminine or plural ending
// (أمريكي, أمريكية, الأمريكيون of الأمريكي), or the form itself with a word run on to it
// (رئيسالولايات: the spelling check reports the lost space).
std::string ArabicStem(std::string w) {
  for (const char* c : {"و", "ف", "ب", "ل", "ك"}) {
    if (StartsWith(w, c) && CodePointCount(w) > 4) {
      w = w.substr(std::string(c).size());
      break;
    }
  }
  if (StartsWith(w, "ال") && CodePointCount(w) > 4) w = w.substr(std::string("ال").size());
  for (const char* e : {"يون", "يين", "ية", "يه", "ون", "ين", "ي", "ة", "ه"}) {
    if (EndsWith(w, e) && CodePointCount(w) > CodePointCount(e) + 2) return w.substr(0, w.size() - std::string(e).size());
  }
  return w;
}

bool DerivedForm(const std::vector<std::string>& forms, const std::string& term, const std::string& primary) {
  if (primary == "ar") {
    std::string stem = ArabicStem(term);
    for (const std::string& f : forms) {
      if (ArabicStem(f) == stem) return true;
      if (CodePointCount(term) >= 4 && f.size() > term.size() && f.find(term) != std::string::npos) return true;
    }
    return false;
  }
  if (primary != "ru") return false;
  static const char* const kEndings[] = {"ский", "ская", "ское", "ские", "ского", "скому", "ским", "ском", "ской",
                                         "ских", "скую", "ов", "ев", "ам", "ами", "ах", "ы", "и", "а", "у", "е",
                                         "ом", "ой"};
  std::string stem = term;
  for (const char* v : {"а", "я", "ь", "й", "ы", "и", "е", "о", "у", "ю"}) {
    if (EndsWith(stem, v)) {
      stem.resize(stem.size() - std::string(v).size());
      break;
    }
  }
  if (CodePointCount(stem) < 3) return false;
  for (const std::string& f : forms) {
    if (f.size() <= stem.size() || f.compare(0, stem.size(), stem) != 0) continue;
    std::string rest = f.substr(stem.size());
    for (const char* e : kEndings) {
      if (rest == e) return true;
    }
  }
  return false;
}

// The source words [begin, end) are joined by a space to a capitalized word that is no acronym
// (Jordan Spieth; Michael Jordan, where Michael does not open the sentence).
bool InLongerName(std::string_view text, size_t begin, size_t end) {
  auto letters = [](std::string_view w) {
    for (int32_t i = 0; i < static_cast<int32_t>(w.size());) {
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
      if (!u_isalpha(c)) return false;
    }
    return !w.empty();
  };
  auto name_word = [&](std::string_view w) { return letters(w) && StartsUpper(w) && !IsUpperWord(w); };
  bool possessive = end >= 2 && (text.compare(end - 2, 2, "'s") == 0 || (end >= 4 && text.compare(end - 4, 4, "\u2019s") == 0));
  if (!possessive && end + 1 < text.size() && text[end] == ' ') {
    size_t e = text.find_first_of(" ,.;:!?\"')", end + 1);
    if (e == std::string_view::npos) e = text.size();
    if (name_word(text.substr(end + 1, e - end - 1))) return true;
  }
  if (begin >= 2 && text[begin - 1] == ' ') {
    size_t b = text.rfind(' ', begin - 2);
    b = b == std::string_view::npos ? 0 : b + 1;
    if (name_word(text.substr(b, begin - 1 - b)) && !IsSentenceInitial(text, b)) return true;
  }
  return false;
}

// An allowed target form of `c` in the Arabic `target` once spaces are taken out of both.
bool RunOnTogether(const Concept& c, std::string_view target) {
  auto squeeze = [](std::string_view s) {
    std::string folded = FoldForMatching(s, "ar"), out;
    for (char ch : folded) {
      if (ch != ' ') out += ch;
    }
    return out;
  };
  std::string text = squeeze(target);
  for (const Term& t : c.terms) {
    if (!LanguageMatches("ar", t.lang) || !IsAllowed(t.status)) continue;
    std::string form = squeeze(t.text);
    if (CodePointCount(form) >= 4 && text.find(form) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

void Checker::Impl::CheckTerms(size_t seg, const SegmentPair& p, const std::vector<TermMatch>& src_matches, const Analysis& a,
                std::vector<Finding>* out) {
  const std::vector<WordKeys>& words = a.words;
  const std::vector<TermMatch>& matches = a.matches;
  const auto& concepts = glossary.concepts();
  std::vector<TermMatch> all_matches;  // computed when a concept seems missing
  std::vector<bool> covered(words.size(), false);
  // One finding per problem: a span already reported for a concept of another glossary that
  // names the same thing (-g given twice, or a TBX and a TSV both naming Assad) is not again.
  const size_t first_finding = out->size();
  auto reported = [&](Span source, Span target) {
    for (size_t i = first_finding; i < out->size(); ++i) {
      const Finding& f = (*out)[i];
      bool same = !target.empty() ? f.target_span.begin == target.begin && f.target_span.end == target.end
                                  : f.target_span.empty() && f.source_span.begin == source.begin && f.source_span.end == source.end;
      if (same) return true;
    }
    return false;
  };
  for (const TermMatch& m : matches) {
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].begin >= m.begin && words[i].end <= m.end) covered[i] = true;
    }
    const Concept& c = concepts[m.concept_index];
    const Term& t = c.terms[m.term_index];
    std::string surface = p.target.substr(m.begin, m.end - m.begin);
    if (reported({}, {m.begin, m.end})) continue;
    if (t.status == TermStatus::kDeprecated || t.status == TermStatus::kSuperseded) {
      bool dep = t.status == TermStatus::kDeprecated;
      Finding* f = Add(out, dep ? "term-deprecated" : "term-superseded", seg, {}, {m.begin, m.end},
                       Quote(surface) + (dep ? " is a deprecated form of " : " is a superseded form of ") + ConceptLabel(c),
                       Replacement(tgt_terms.get(), m.concept_index, c, t, surface, tgt), c.id);
      if (f != nullptr) f->repeat_key = c.id + '\t' + t.text;  // the same form of the same concept
    } else if (tgt_primary == "ar") {
      std::string light = ArabicLight(surface), term = ArabicLight(t.text);
      const std::string kAl = "ال";
      bool ok = EndsWith(light, term) ||
                (term.compare(0, kAl.size(), kAl) == 0 && EndsWith(light, "ل" + term.substr(kAl.size())));
      if (!ok) {
        Finding* f = Add(out, "term-orthography", seg, {}, {m.begin, m.end},
                         Quote(surface) + " is spelled " + Quote(t.text) + " in the glossary (" + ConceptLabel(c) + ")",
                         tgt_terms->morphology().InflectLike(t.text, t.gender, surface, t.text), c.id);
        if (f != nullptr) f->repeat_key = c.id;
      }
    }
  }
  // Concepts named in the source must appear in the translation in an allowed form.
  // In the translation: allowed, or already reported as deprecated/superseded.
  auto present = [&](size_t concept_index) {
    for (const TermMatch& m : matches) {
      if (m.concept_index == concept_index) return true;
    }
    if (all_matches.empty()) all_matches = tgt_terms->Find(words, /*overlapping=*/true);
    for (const TermMatch& m : all_matches) {
      if (m.concept_index == concept_index && IsAllowed(concepts[m.concept_index].terms[m.term_index].status)) return true;
    }
    return false;
  };
  std::vector<size_t> seen;
  for (const TermMatch& sm : src_matches) {
    if (std::find(seen.begin(), seen.end(), sm.concept_index) != seen.end()) continue;
    seen.push_back(sm.concept_index);
    const Concept& c = concepts[sm.concept_index];
    bool has_target_terms = false;
    for (const Term& t : c.terms) has_target_terms |= LanguageMatches(tgt, t.lang);
    if (!has_target_terms || present(sm.concept_index)) continue;
    // Another glossary's concept for the same source words that the translation renders (or that
    // was reported as deprecated there) makes this the same problem, not a second one.
    bool named_otherwise = false;
    for (const TermMatch& other : src_matches) {
      named_otherwise |= other.concept_index != sm.concept_index && other.begin < sm.end && sm.begin < other.end &&
                         present(other.concept_index);
    }
    if (named_otherwise) continue;
    // The context: a place or an organization whose word is joined to another capitalized word is
    // part of a longer name or a title (Jordan Spieth, Michael Jordan, U.S. Drought Monitor, US
    // President), not the glossary's concept, or nothing the translation must render.
    if (c.subject != "person" && InLongerName(p.source, sm.begin, sm.end)) continue;
    // Kept as the source writes it (CNN in Latin letters), or (Arabic) an allowed form with its
    // spaces lost (فيالولاياتالمتحدة): the spelling check reports the lost spaces.
    if (p.target.find(p.source.substr(sm.begin, sm.end - sm.begin)) != std::string::npos) continue;
    if (tgt_primary == "ar" && RunOnTogether(c, p.target)) continue;
    // The closest uncovered span by transliteration, against every allowed form.
    double best = 0;
    Span best_span;
    const Term* best_term = nullptr;
    bool derived_present = false;
    for (const Term& t : c.terms) {
      if (!LanguageMatches(tgt, t.lang) || !IsAllowed(t.status)) continue;
      std::vector<WordKeys> tw = tgt_terms->morphology().AnalyzeTerm(t.text, t.gender);
      size_t n = tw.size();
      if (n == 0 || n > words.size()) continue;
      for (size_t i = 0; i + n <= words.size(); ++i) {
        double sum = 0;
        bool skeletons = true, usable = true;
        bool derived = true;
        for (size_t k = 0; k < n && usable; ++k) {
          if (covered[i + k] || words[i + k].keys.empty()) usable = false;
          bool same = false;
          std::vector<std::string> forms = Forms(words[i + k]);
          sum += NameSimilarity(forms, tw[k].folded, &same);
          skeletons &= same;
          derived &= DerivedForm(forms, tw[k].folded, tgt_primary);
        }
        if (!usable) continue;
        derived_present |= derived;
        double sim = sum / n;
        bool variant = sim >= 0.75 || (skeletons && sim >= 0.5);
        if (variant && sim > best) {
          best = sim;
          best_span = {words[i].begin, words[i + n - 1].end};
          best_term = &t;
        }
      }
    }
    if (derived_present) continue;
    const Term* preferred = Glossary::PreferredTerm(c, tgt);
    if (reported({sm.begin, sm.end}, best_span)) continue;
    if (best_term != nullptr) {
      std::string surface = p.target.substr(best_span.begin, best_span.end - best_span.begin);
      Finding* f = Add(out, "term-variant", seg, {sm.begin, sm.end}, best_span,
                       Quote(surface) + " is not a glossary form of " + ConceptLabel(c) + "; closest allowed form: " +
                           Quote(best_term->text),
                       tgt_terms->morphology().InflectLike(best_term->text, best_term->gender, surface, best_term->text), c.id);
      if (f != nullptr) f->repeat_key = c.id + '\t' + FoldForMatching(surface, tgt);
    } else {
      // The concept's name only when it says more than the source's words («Security Council»
      // (U.N. Security Council)), not «CNN» (CNN).
      std::string named = p.source.substr(sm.begin, sm.end - sm.begin), label = ConceptLabel(c);
      if (FoldForMatching(label, src) != FoldForMatching(named, src)) named = Quote(named) + " (" + label + ")";
      else named = Quote(named);
      Finding* f = Add(out, "term-missing", seg, {sm.begin, sm.end}, {},
                       named + " has none of its glossary forms in the translation",
                       preferred ? preferred->text : "", c.id);
      // A correct paraphrase is not an error: a note, unless the glossary makes the term
      // mandatory (the word "mandatory" in the concept's or a target term's note).
      if (f != nullptr && Mandatory(c)) f->severity = Severity::kWarning;
      if (f != nullptr) f->confidence = 0.5;
      if (f != nullptr) f->repeat_key = c.id;
    }
  }
}

bool Checker::Impl::Mandatory(const Concept& c) const {
  auto says = [](const std::string& note) {
    std::string lower = note;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return lower.find("mandatory") != std::string::npos;
  };
  if (says(c.note)) return true;
  for (const Term& t : c.terms) {
    if (LanguageMatches(tgt, t.lang) && says(t.note)) return true;
  }
  return false;
}

std::string Checker::Impl::ConceptLabel(const Concept& c) const {
  const Term* t = Glossary::PreferredTerm(c, src);
  return t != nullptr ? t->text : c.id;
}

}  // namespace tmkit
