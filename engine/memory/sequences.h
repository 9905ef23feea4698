// The `sequences` database: the token sequences of kUnitsPerBlock units in one LMDB value, so
// that fuzzy verification reads a small, cache-resident B-tree instead of descending a tree of
// one entry per variant (docs/tm-format.md "sequences" is the specification).
#ifndef TMKIT_MEMORY_SEQUENCES_H_
#define TMKIT_MEMORY_SEQUENCES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "memory/codec.h"

namespace tmkit::store {

constexpr uint64_t kUnitsPerBlock = 64;

inline uint64_t BlockOf(uint64_t id) { return id / kUnitsPerBlock; }
std::string BlockKey(uint64_t block);  // 8 bytes, big-endian

// One unit's slot: (language tag, encoded sequence) pairs, tags in increasing order.
void AppendSequence(std::string* slot, std::string_view lang, std::string_view seq);

// Calls visit(lang, seq) for each pair of a slot; false when the slot is malformed.
template <typename Visit>
bool ForEachSequence(std::string_view slot, Visit&& visit) {
  const char* p = slot.data();
  const char* end = p + slot.size();
  while (p < end) {
    uint64_t lang_size, seq_size;
    if (!codec::GetVarint(&p, end, &lang_size) || lang_size > static_cast<uint64_t>(end - p)) return false;
    std::string_view lang(p, lang_size);
    p += lang_size;
    if (!codec::GetVarint(&p, end, &seq_size) || seq_size > static_cast<uint64_t>(end - p)) return false;
    visit(lang, std::string_view(p, seq_size));
    p += seq_size;
  }
  return true;
}

// The slot of unit `id` in a stored block value (empty for a unit the block does not hold);
// false when the value is malformed. Reads two offsets and nothing else.
bool FindSlot(std::string_view block, uint64_t id, std::string_view* slot);

// Starts loading what FindSlot(block, id) and the slot's first bytes will read: the slot ends
// and the lines where the slot should lie if the block's slots were of equal size. A lookup
// calls it one candidate ahead, so that those cache misses overlap the current verification.
inline void PrefetchSlot(std::string_view block, uint64_t id) {
  constexpr size_t kTable = 4 * kUnitsPerBlock;
  if (block.size() < kTable) return;
  size_t i = id % kUnitsPerBlock;
  __builtin_prefetch(block.data() + 4 * (i == 0 ? 0 : i - 1));
  size_t guess = kTable + (block.size() - kTable) * i / kUnitsPerBlock;
  for (size_t at = guess >= 64 ? guess - 64 : guess; at < block.size() && at <= guess + 128; at += 64) {
    __builtin_prefetch(block.data() + at);
  }
}

// A block decoded for rewriting (the writer's side).
struct SequenceBlock {
  std::array<std::string, kUnitsPerBlock> slots;

  bool Decode(std::string_view value);  // false when malformed
  std::string Encode() const;
  bool empty() const;
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_SEQUENCES_H_
