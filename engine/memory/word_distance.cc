// Bit-parallel bounded word edit distance (see word_distance.h).
#include "memory/word_distance.h"

#include <algorithm>

namespace tmkit::store {
namespace {

constexpr uint64_t kNumberKey = 1;  // every number: ids are shifted left, so no word encodes to 1
constexpr size_t kMaxBitParallelWords = 64;

uint64_t Canonical(uint64_t word) { return (word & 1) ? kNumberKey : word; }

bool Equal(uint64_t a, uint64_t b) { return Canonical(a) == Canonical(b); }

}  // namespace

size_t BoundedWordDistanceDP(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b, size_t max_distance) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max_distance) return max_distance + 1;
  std::vector<uint32_t> prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<uint32_t>(i);
    uint32_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      uint32_t v = prev[j - 1] + (Equal(a[i - 1], b[j - 1]) ? 0 : 1);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, cur[j - 1] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev, cur);
  }
  return std::min<size_t>(prev[m], max_distance + 1);
}

void WordDistance::Prepare(const std::vector<uint64_t>& query) {
  query_ = query;
  if (query_.size() > kMaxBitParallelWords) return;
  size_t slots = 16;
  while (slots < 2 * query_.size()) slots *= 2;
  keys_.assign(slots, 0);
  masks_.assign(slots, 0);
  slot_mask_ = slots - 1;
  hash_shift_ = 64 - __builtin_ctzll(slots);
  for (size_t i = 0; i < query_.size(); ++i) {
    uint64_t key = Canonical(query_[i]);
    uint64_t slot = (key * 0x9E3779B97F4A7C15ull) >> hash_shift_;
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & slot_mask_;
    keys_[slot] = key;
    masks_[slot] |= 1ull << i;
  }
}

uint64_t WordDistance::Mask(uint64_t word) const {
  uint64_t key = Canonical(word);
  uint64_t slot = (key * 0x9E3779B97F4A7C15ull) >> hash_shift_;
  while (keys_[slot] != 0) {
    if (keys_[slot] == key) return masks_[slot];
    slot = (slot + 1) & slot_mask_;
  }
  return 0;
}

size_t WordDistance::Bounded(const std::vector<uint64_t>& stored, size_t max_distance) const {
  const size_t n = query_.size(), m = stored.size();
  if ((n > m ? n - m : m - n) > max_distance) return max_distance + 1;
  if (n == 0) return m;
  if (n > kMaxBitParallelWords) return BoundedWordDistanceDP(query_, stored, max_distance);
  // Column by column over the stored words; bit i of pv/mv: the vertical difference
  // D[i+1][j] - D[i][j] is +1 / -1. `score` is D[n][j]. Row 0 is D[0][j] = j (global distance),
  // hence the 1 shifted into the horizontal positive differences.
  uint64_t pv = ~0ull, mv = 0;
  const uint64_t last = 1ull << (n - 1);
  size_t score = n;
  for (size_t j = 0; j < m; ++j) {
    uint64_t eq = Mask(stored[j]);
    uint64_t xv = eq | mv;
    uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
    uint64_t ph = mv | ~(xh | pv);
    uint64_t mh = pv & xh;
    if (ph & last) {
      ++score;
    } else if (mh & last) {
      --score;
    }
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    // D[n][m] >= D[n][j+1] - (m - j - 1): each further column lowers the last row by at most one.
    if (score > max_distance + (m - j - 1)) return max_distance + 1;
  }
  return std::min(score, max_distance + 1);
}

}  // namespace tmkit::store
