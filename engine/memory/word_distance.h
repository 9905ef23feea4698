// Bounded word edit distance for verifying fuzzy candidates (docs/matching.md §3), on sequences
// encoded as the token index stores them. Pure; a WordDistance is read-only once prepared.
#ifndef TMKIT_MEMORY_WORD_DISTANCE_H_
#define TMKIT_MEMORY_WORD_DISTANCE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tmkit::store {

// Words are compared as the index encodes them, (token id << 1) | is_number: two numbers are
// always equal, other words when their ids are.
//
// The query side is prepared once per lookup; each stored sequence then costs one pass of a few
// word operations per stored word (Myers' bit-parallel algorithm in Hyyrö's formulation for the
// global distance), instead of the n×m dynamic program. Queries of more than 64 words fall back
// to the dynamic program.
class WordDistance {
 public:
  void Prepare(const std::vector<uint64_t>& query);
  // The edit distance to `stored`, or max_distance + 1 once it is certain to exceed max_distance.
  size_t Bounded(const std::vector<uint64_t>& stored, size_t max_distance) const;

 private:
  uint64_t Mask(uint64_t word) const;

  std::vector<uint64_t> query_;
  // Open-addressed table: canonical word -> bit set of the query positions holding it.
  std::vector<uint64_t> keys_, masks_;
  uint64_t slot_mask_ = 0;
  int hash_shift_ = 64;
};

// The plain dynamic program with a cut once every cell of a row exceeds max_distance: the
// fallback for long queries and the reference the tests compare WordDistance with.
size_t BoundedWordDistanceDP(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b, size_t max_distance);

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_WORD_DISTANCE_H_
