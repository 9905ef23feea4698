// The work one fuzzy lookup may do (docs/matching.md, "Bounded work"), and what this thread's last
// lookup did, for the tests and benchmarks that check the bound. Internal to the memory layer.
#ifndef TMKIT_MEMORY_LOOKUP_WORK_H_
#define TMKIT_MEMORY_LOOKUP_WORK_H_

#include <cstddef>

namespace tmkit::store {

// Postings gathered from the prefix lists (16 bytes each: 16 MiB), and candidates verified. A query
// of 20 words at 70 % on 1M units gathers tens of thousands and verifies a few hundred; a
// 1,000-character query of stopwords at 1 % gathered every unit and verified 100,000 of them
// (1 s of CPU on 100k units).
constexpr size_t kMaxGatheredPostings = size_t{1} << 20;
constexpr size_t kMaxVerifiedCandidates = 5000;

struct LookupWork {
  size_t postings = 0;  // gathered
  size_t candidates = 0;  // distinct units among them
  size_t tightening = 0;  // postings of the lists read after the prefix to tighten the bounds
  size_t verified = 0;  // candidates whose edit distance was computed
  size_t signature_rejected = 0;  // candidates dropped by their signature bound, unread
  bool two_rounds = false;  // the prefix was read in two rounds, the threshold raised between
  bool capped = false;  // a limit above was reached: the answer may miss matches
};

// What the last Lookup on this thread did.
const LookupWork& LastLookupWork();

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_LOOKUP_WORK_H_
