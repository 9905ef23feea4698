// Fuzzy-match scoring as documented in docs/matching.md: word-level edit distance with small
// penalties, the convention of OmegaT and the commercial CAT tools. Pure functions; thread-safe.
#ifndef TMKIT_FUZZY_H_
#define TMKIT_FUZZY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/normalize.h"
#include "tmkit/numbers.h"

namespace tmkit {

struct FuzzyScore {
  int base = 0;        // floor(100 * (1 - word edit distance / longer word count))
  int case_penalty = 0;         // 1 when a matched word differs in case, accents or ё
  int punctuation_penalty = 0;  // 1 when the punctuation differs
  int number_penalty = 0;       // 1 when a number differs (words otherwise equal count as equal)
  int code_penalty = 0;         // 1 when the stored segment carries inline codes the query lacks
  int total = 0;       // base minus penalties, at least 0; 101 for an in-context exact match
};

// The inline codes of TMX markup as a comparable signature: the code elements (bpt, ept, ph, it
// with its pos, ut) in order, attributes and native content left out. "" for plain text.
std::string CodeSignature(std::string_view markup);

// The largest sum of penalties: lets an index bound a final score from the base score alone.
constexpr int kMaxFuzzyPenalty = 4;

// A byte range [begin, end) of the stored text that is not in the query.
struct DiffSpan {
  size_t begin = 0;
  size_t end = 0;
};

struct FuzzyComparison {
  FuzzyScore score;
  std::vector<DiffSpan> diff;        // spans of `stored` that differ (substituted or inserted words)
  std::vector<std::string> missing;  // words of `query` that `stored` lacks
  bool numbers_only = false;         // the only differences are the values of numbers
};

// Scores `stored` (a TM source segment; `stored_has_codes` when it carries inline codes) against
// `query`, both valid UTF-8 in language `lang`.
FuzzyComparison CompareForFuzzy(std::string_view query, std::string_view stored,
                                bool stored_has_codes, std::string_view lang);

// The query side of CompareForFuzzy (word breaking, folding, numbers) done once, for scoring
// one query against many stored segments as a lookup does: Compare(stored, codes) equals
// CompareForFuzzy(query, stored, codes, lang). Keeps its own copy of the query.
class FuzzyQuery {
 public:
  FuzzyQuery(std::string_view query, std::string_view lang);
  FuzzyComparison Compare(std::string_view stored, bool stored_has_codes) const;

 private:
  std::string text_;
  std::string lang_;
  std::vector<Token> words_;  // words and numbers: what the distance counts
  std::vector<std::string> punct_;
  std::vector<NumberMention> numbers_;
};

// The target with the numbers changed as the query changed them relative to the stored source,
// or empty when that cannot be done unambiguously (a number missing from the target or found
// twice). Used when FuzzyComparison::numbers_only.
std::string CarryOverNumbers(std::string_view query, std::string_view stored_source,
                             std::string_view src_lang, std::string_view target,
                             std::string_view tgt_lang);

}  // namespace tmkit

#endif  // TMKIT_FUZZY_H_
