// Finds a glossary's terms of one language in text, across inflection (Асада, Асадом), clitics
// (والأسد, للأسد), possessives, articles and abbreviations (al-Assad's, U.N./UN). Not thread-safe
// (it owns a Hunspell instance); the glossary must outlive the matcher.
#ifndef TMKIT_TERM_MATCHER_H_
#define TMKIT_TERM_MATCHER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tmkit/glossary.h"
#include "tmkit/morphology.h"
#include "tmkit/status.h"

namespace tmkit {

struct TermMatch {
  size_t begin = 0;  // byte span in the text, from the first to the last matched word
  size_t end = 0;
  size_t concept_index = 0;  // into Glossary::concepts()
  size_t term_index = 0;     // into Concept::terms
};

class TermMatcher {
 public:
  // Indexes every term of `glossary` whose language matches `lang` (LanguageMatches). With
  // `deferred`, nothing is indexed yet: IndexFor() must come before Find() and IsTermWord().
  static Status Create(const Glossary& glossary, std::string_view lang, std::unique_ptr<TermMatcher>* out,
                       bool deferred = false);

  // Rebuilds the index with only the terms that can match a word of `texts` (each analysed by
  // morphology().AnalyzeText): a term is left out when some word of it can have no key among the
  // keys of the text words, judged from the folded word alone (its keys are it and prefixes of
  // it). Find() and IsTermWord() then answer as with the whole index, for words of these texts.
  // A 100,000-term glossary checked against a 1,000-sentence draft indexes a few hundred terms.
  void IndexFor(const std::vector<const std::vector<WordKeys>*>& texts);

  const std::string& lang() const { return lang_; }
  const Glossary& glossary() const { return glossary_; }
  Morphology& morphology() { return *morphology_; }

  // Matches in text order. At each word the longest term wins; when terms of several concepts
  // (or several terms of one concept) cover the same words, all of them are returned.
  std::vector<TermMatch> Find(std::string_view text);
  // The same on words already analysed by morphology().AnalyzeText(text). With `overlapping`,
  // every term found at every word is returned, including those inside longer matches
  // (الأمريكية inside الخارجية الأمريكية).
  std::vector<TermMatch> Find(const std::vector<WordKeys>& words, bool overlapping = false);

  // Teaches the morphology the words of every term of a concept in this language, so inflected
  // forms are recognized by Hunspell and not reported as misspellings. Idempotent.
  void Teach(size_t concept_index);

  // True when the folded word is a word of some term of this language in any form the keys allow.
  bool IsTermWord(const WordKeys& word) const;

 private:
  // Keys are kept as 64-bit hashes in flat arrays: a 100,000-term glossary is indexed without a
  // string allocation per key. A term's words are [word_begin, word_end) in word_keys_; word w's
  // keys are keys_[word_keys_[w], word_keys_[w + 1]).
  struct IndexedTerm {
    uint32_t concept_index;
    uint32_t term_index;
    uint32_t word_begin;
    uint32_t word_end;
  };
  TermMatcher(const Glossary& glossary, std::string lang) : glossary_(glossary), lang_(std::move(lang)) {}
  void Index(const Term& t, size_t concept_index, size_t term_index);
  void FinishIndex();
  static uint64_t KeyHash(const std::string& key);
  bool WordMatches(uint32_t term_word, const std::vector<uint64_t>& text_keys) const;

  const Glossary& glossary_;
  std::string lang_;
  std::unique_ptr<Morphology> morphology_;
  std::vector<IndexedTerm> terms_;
  std::vector<uint32_t> word_keys_{0};
  std::vector<uint64_t> keys_;
  std::vector<std::pair<uint64_t, uint32_t>> by_first_key_;  // (key of a first word, term), sorted
  std::vector<uint64_t> any_word_key_;                                // sorted, for IsTermWord
  std::vector<bool> taught_;
};

}  // namespace tmkit

#endif  // TMKIT_TERM_MATCHER_H_
