#include "tmkit/term_matcher.h"

#include <algorithm>

#include "tmkit/lang.h"
#include "util/strings.h"

namespace tmkit {

uint64_t TermMatcher::KeyHash(const std::string& key) { return Fnv1a64(key); }

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
      std::vector<WordKeys> words = m->morphology_->AnalyzeTerm(t.text, t.gender);
      if (words.empty()) continue;
      IndexedTerm it{static_cast<uint32_t>(ci), static_cast<uint32_t>(ti),
                     static_cast<uint32_t>(m->word_keys_.size() - 1), 0};
      uint32_t index = static_cast<uint32_t>(m->terms_.size());
      for (size_t w = 0; w < words.size(); ++w) {
        for (const std::string& k : words[w].keys) {
          uint64_t h = KeyHash(k);
          m->keys_.push_back(h);
          m->any_word_key_.push_back(h);
          if (w == 0) m->by_first_key_.emplace_back(h, index);
        }
        m->word_keys_.push_back(static_cast<uint32_t>(m->keys_.size()));
      }
      it.word_end = static_cast<uint32_t>(m->word_keys_.size() - 1);
      m->terms_.push_back(it);
    }
  }
  std::sort(m->by_first_key_.begin(), m->by_first_key_.end());
  std::sort(m->any_word_key_.begin(), m->any_word_key_.end());
  m->any_word_key_.erase(std::unique(m->any_word_key_.begin(), m->any_word_key_.end()), m->any_word_key_.end());
  *out = std::move(m);
  return Status::OK();
}

bool TermMatcher::WordMatches(uint32_t term_word, const std::vector<uint64_t>& text_keys) const {
  for (uint32_t k = word_keys_[term_word]; k < word_keys_[term_word + 1]; ++k) {
    if (std::find(text_keys.begin(), text_keys.end(), keys_[k]) != text_keys.end()) return true;
  }
  return false;
}

std::vector<TermMatch> TermMatcher::Find(std::string_view text) { return Find(morphology_->AnalyzeText(text)); }

std::vector<TermMatch> TermMatcher::Find(const std::vector<WordKeys>& words, bool overlapping) {
  std::vector<std::vector<uint64_t>> hashed(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    for (const std::string& k : words[i].keys) hashed[i].push_back(KeyHash(k));
  }
  std::vector<TermMatch> matches;
  std::vector<uint32_t> candidates;
  for (size_t i = 0; i < words.size();) {
    candidates.clear();
    for (uint64_t k : hashed[i]) {
      auto it = std::lower_bound(by_first_key_.begin(), by_first_key_.end(), std::make_pair(k, uint32_t{0}));
      for (; it != by_first_key_.end() && it->first == k; ++it) candidates.push_back(it->second);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    size_t best_len = 0;
    size_t first_of_best = matches.size();
    for (uint32_t ti : candidates) {
      const IndexedTerm& t = terms_[ti];
      size_t n = t.word_end - t.word_begin;
      if ((!overlapping && n < best_len) || i + n > words.size()) continue;
      bool ok = true;
      for (size_t k = 1; ok && k < n; ++k) ok = WordMatches(static_cast<uint32_t>(t.word_begin + k), hashed[i + k]);
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
    if (std::binary_search(any_word_key_.begin(), any_word_key_.end(), KeyHash(k))) return true;
  }
  return false;
}

}  // namespace tmkit
