// The `sequences` database: the token sequences of consecutive units packed into values of at
// most one page, so that fuzzy verification reads a small, cache-resident B-tree and one page
// instead of descending a tree of one entry per variant (docs/tm-format.md "sequences").
#ifndef TMKIT_MEMORY_SEQUENCES_H_
#define TMKIT_MEMORY_SEQUENCES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "memory/codec.h"

namespace tmkit::store {

// A stored block: its key is the first unit id it covers (8 bytes, big-endian).
std::string BlockKey(uint64_t first);

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

// A stored block value and the first unit id it covers (its key).
struct StoredBlock {
  std::string_view value;
  uint64_t first = 0;
};

// The slot of unit `id` (empty when the block does not hold it); false when malformed. Reads
// the unit count, two slot ends and nothing else.
bool FindSlot(const StoredBlock& block, uint64_t id, std::string_view* slot);

// Starts loading what FindSlot will read (the unit count and the slot's two ends). A lookup calls
// it one candidate ahead, so that those cache misses overlap the current verification.
void PrefetchSlot(const StoredBlock& block, uint64_t id);

// A block decoded for rewriting (the writer's side): slots[i] belongs to unit first + i.
struct SequenceBlock {
  uint64_t first = 0;
  std::vector<std::string> slots;

  bool Decode(const StoredBlock& stored);  // false when malformed
  std::string Encode() const;
  size_t EncodedSize() const;               // Encode().size(), without encoding
  bool empty() const;                       // no unit has a slot
  bool Covers(uint64_t id) const { return id >= first && id - first < slots.size(); }
  // Whether unit `id` can take the next slot, with `slot_bytes` of sequences, and the block
  // still encode to at most `limit` bytes (its slot end adds 4).
  bool CanAppend(uint64_t id, size_t slot_bytes, size_t limit) const {
    return id == first + slots.size() && EncodedSize() + 4 + slot_bytes <= limit;
  }
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_SEQUENCES_H_
