#include "tmkit/term_matcher.h"

#include <algorithm>

#include "tmkit/lang.h"

namespace tmkit {

Status TermMatcher::Create(const Glossary& glossary, std::string_view lang, std::unique_ptr<TermMatcher>* out) {
  std::string canonical;
  Status s = CanonicalLanguageTag(lang, &canonical);
  if (!s.ok()) return s;
  std::unique_ptr<TermMatcher> m(new TermMatcher(glossary, canonical));
  s = Morphology::Create(canonical, &m->morphology_);
  if (!s.ok()) return s;
  const auto& concepts = glossary.concepts();
  m->taught_.assign(concepts.size(), false);
  for (size_t ci = 0; ci < concepts.size(); ++ci) {
    const Concept& c = concepts[ci];
    for (size_t ti = 0; ti < c.terms.size(); ++ti) {
      const Term& t = c.terms[ti];
      if (!LanguageMatches(canonical, t.lang)) continue;
      IndexedTerm it{ci, ti, {}};
      for (WordKeys& w : m->morphology_->AnalyzeTerm(t.text, t.gender)) it.words.push_back(std::move(w.keys));
      if (it.words.empty()) continue;
      uint32_t index = static_cast<uint32_t>(m->terms_.size());
      for (const std::string& k : it.words.front()) m->by_first_key_[k].push_back(index);
      for (const auto& word : it.words) {
        for (const std::string& k : word) ++m->any_word_key_[k];
      }
      m->terms_.push_back(std::move(it));
    }
  }
  *out = std::move(m);
  return Status::OK();
}

bool TermMatcher::WordMatches(const std::vector<std::string>& term_keys, const WordKeys& word) {
  for (const std::string& k : term_keys) {
    if (std::find(word.keys.begin(), word.keys.end(), k) != word.keys.end()) return true;
  }
  return false;
}

std::vector<TermMatch> TermMatcher::Find(std::string_view text) { return Find(morphology_->AnalyzeText(text)); }

std::vector<TermMatch> TermMatcher::Find(const std::vector<WordKeys>& words, bool overlapping) {
  std::vector<TermMatch> matches;
  std::vector<uint32_t> candidates;
  for (size_t i = 0; i < words.size();) {
    candidates.clear();
    for (const std::string& k : words[i].keys) {
      auto it = by_first_key_.find(k);
      if (it != by_first_key_.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    size_t best_len = 0;
    size_t first_of_best = matches.size();
    for (uint32_t ti : candidates) {
      const IndexedTerm& t = terms_[ti];
      size_t n = t.words.size();
      if ((!overlapping && n < best_len) || i + n > words.size()) continue;
      bool ok = true;
      for (size_t k = 1; ok && k < n; ++k) ok = WordMatches(t.words[k], words[i + k]);
      if (!ok) continue;
      if (n > best_len) {
        if (!overlapping) matches.resize(first_of_best);
        best_len = n;
      }
      TermMatch m{words[i].begin, words[i + n - 1].end, t.concept_index, t.term_index};
      // One match per concept and span: several terms of a concept can cover the same words
      // (U.N. and UN); the allowed one stands for the concept.
      bool merged = false;
      for (size_t k = first_of_best; k < matches.size() && !merged; ++k) {
        if (matches[k].concept_index != m.concept_index) continue;
        merged = true;
        const auto& terms = glossary_.concepts()[m.concept_index].terms;
        if (!IsAllowed(terms[matches[k].term_index].status) && IsAllowed(terms[m.term_index].status)) matches[k] = m;
      }
      if (!merged) matches.push_back(m);
    }
    i += best_len > 0 && !overlapping ? best_len : 1;
  }
  return matches;
}

void TermMatcher::Teach(size_t concept_index) {
  if (concept_index >= taught_.size() || taught_[concept_index]) return;
  taught_[concept_index] = true;
  for (const Term& t : glossary_.concepts()[concept_index].terms) {
    if (LanguageMatches(lang_, t.lang)) morphology_->Teach(t.text, t.gender);
  }
}

bool TermMatcher::IsTermWord(const WordKeys& word) const {
  for (const std::string& k : word.keys) {
    if (any_word_key_.count(k) != 0) return true;
  }
  return false;
}

}  // namespace tmkit
