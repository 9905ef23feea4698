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

void Checker::Impl::CheckTerms(size_t seg, const SegmentPair& p, const std::vector<TermMatch>& src_matches, const Analysis& a,
                std::vector<Finding>* out) {
  const std::vector<WordKeys>& words = a.words;
  const std::vector<TermMatch>& matches = a.matches;
  const auto& concepts = glossary.concepts();
  std::vector<TermMatch> all_matches;  // computed when a concept seems missing
  std::vector<bool> covered(words.size(), false);
  for (const TermMatch& m : matches) {
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].begin >= m.begin && words[i].end <= m.end) covered[i] = true;
    }
    const Concept& c = concepts[m.concept_index];
    const Term& t = c.terms[m.term_index];
    const Term* preferred = Glossary::PreferredTerm(c, tgt);
    std::string surface = p.target.substr(m.begin, m.end - m.begin);
    if (t.status == TermStatus::kDeprecated || t.status == TermStatus::kSuperseded) {
      bool dep = t.status == TermStatus::kDeprecated;
      Add(out, dep ? "term-deprecated" : "term-superseded", seg, {}, {m.begin, m.end},
          Quote(surface) + (dep ? " is a deprecated form of " : " is a superseded form of ") + ConceptLabel(c),
          preferred ? preferred->text : "", c.id);
    } else if (tgt_primary == "ar") {
      std::string light = ArabicLight(surface), term = ArabicLight(t.text);
      const std::string kAl = "ال";
      bool ok = EndsWith(light, term) ||
                (term.compare(0, kAl.size(), kAl) == 0 && EndsWith(light, "ل" + term.substr(kAl.size())));
      if (!ok) {
        Add(out, "term-orthography", seg, {}, {m.begin, m.end},
            Quote(surface) + " is spelled " + Quote(t.text) + " in the glossary (" + ConceptLabel(c) + ")", t.text,
            c.id);
      }
    }
  }
  // Concepts named in the source must appear in the translation in an allowed form.
  std::vector<size_t> seen;
  for (const TermMatch& sm : src_matches) {
    if (std::find(seen.begin(), seen.end(), sm.concept_index) != seen.end()) continue;
    seen.push_back(sm.concept_index);
    const Concept& c = concepts[sm.concept_index];
    bool has_target_terms = false;
    for (const Term& t : c.terms) has_target_terms |= LanguageMatches(tgt, t.lang);
    if (!has_target_terms) continue;
    bool present = false;
    for (const TermMatch& m : matches) present |= m.concept_index == sm.concept_index;
    if (!present) {
      if (all_matches.empty()) all_matches = tgt_terms->Find(words, /*overlapping=*/true);
      for (const TermMatch& m : all_matches) {
        present |= m.concept_index == sm.concept_index && IsAllowed(concepts[m.concept_index].terms[m.term_index].status);
      }
    }
    if (present) continue;  // allowed, or already reported as deprecated/superseded
    // The closest uncovered span by transliteration, against every allowed form.
    double best = 0;
    Span best_span;
    const Term* best_term = nullptr;
    for (const Term& t : c.terms) {
      if (!LanguageMatches(tgt, t.lang) || !IsAllowed(t.status)) continue;
      std::vector<WordKeys> tw = tgt_terms->morphology().AnalyzeTerm(t.text, t.gender);
      size_t n = tw.size();
      if (n == 0 || n > words.size()) continue;
      for (size_t i = 0; i + n <= words.size(); ++i) {
        double sum = 0;
        bool skeletons = true, usable = true;
        for (size_t k = 0; k < n && usable; ++k) {
          if (covered[i + k] || words[i + k].keys.empty()) usable = false;
          bool same = false;
          sum += NameSimilarity(Forms(words[i + k]), tw[k].folded, &same);
          skeletons &= same;
        }
        if (!usable) continue;
        double sim = sum / n;
        bool variant = sim >= 0.75 || (skeletons && sim >= 0.5);
        if (variant && sim > best) {
          best = sim;
          best_span = {words[i].begin, words[i + n - 1].end};
          best_term = &t;
        }
      }
    }
    const Term* preferred = Glossary::PreferredTerm(c, tgt);
    if (best_term != nullptr) {
      std::string surface = p.target.substr(best_span.begin, best_span.end - best_span.begin);
      Add(out, "term-variant", seg, {sm.begin, sm.end}, best_span,
          Quote(surface) + " is not a glossary form of " + ConceptLabel(c) + "; closest allowed form: " +
              Quote(best_term->text),
          best_term->text, c.id);
    } else {
      Finding* f = Add(out, "term-missing", seg, {sm.begin, sm.end}, {},
                       Quote(p.source.substr(sm.begin, sm.end - sm.begin)) + " (" + ConceptLabel(c) +
                           ") has none of its glossary forms in the translation",
                       preferred ? preferred->text : "", c.id);
      // A correct paraphrase is not an error: a note, unless the glossary makes the term
      // mandatory (the word "mandatory" in the concept's or a target term's note).
      if (f != nullptr && Mandatory(c)) f->severity = Severity::kWarning;
      if (f != nullptr) f->confidence = 0.5;
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
