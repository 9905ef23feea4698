#include "memory/sequences.h"

namespace tmkit::store {
namespace {

// A value is: u32 n (units covered), n × u32 slot ends relative to the byte after the table
// (slot i is [end[i-1], end[i]) with end[-1] = 0), then the slots; integers little-endian.
uint32_t GetU32(const char* p) {
  const auto* b = reinterpret_cast<const uint8_t*>(p);
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 | static_cast<uint32_t>(b[2]) << 16 |
         static_cast<uint32_t>(b[3]) << 24;
}

void PutU32(std::string* out, uint32_t v) {
  for (int b = 0; b < 4; ++b) out->push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
}

// The unit count of a value and the size of its header; false when the header does not fit.
bool Header(std::string_view value, uint32_t* n, size_t* header) {
  if (value.size() < 4) return false;
  *n = GetU32(value.data());
  *header = 4 + 4 * static_cast<size_t>(*n);
  return *header <= value.size();
}

}  // namespace

std::string BlockKey(uint64_t first) {
  std::string key;
  codec::PutBigEndian64(&key, first);
  return key;
}

void AppendSequence(std::string* slot, std::string_view lang, std::string_view seq) {
  codec::PutString(slot, lang);
  codec::PutString(slot, seq);
}

bool FindSlot(const StoredBlock& block, uint64_t id, std::string_view* slot) {
  uint32_t n;
  size_t header;
  if (!Header(block.value, &n, &header)) return false;
  *slot = std::string_view();
  if (id < block.first || id - block.first >= n) return true;
  size_t i = static_cast<size_t>(id - block.first);
  const char* ends = block.value.data() + 4;
  uint32_t begin = i == 0 ? 0 : GetU32(ends + 4 * (i - 1));
  uint32_t end = GetU32(ends + 4 * i);
  if (begin > end || end > block.value.size() - header) return false;
  *slot = block.value.substr(header + begin, end - begin);
  return true;
}

void PrefetchSlot(const StoredBlock& block, uint64_t id) {
  if (block.value.size() < 4 || id < block.first) return;
  size_t i = static_cast<size_t>(id - block.first);
  __builtin_prefetch(block.value.data());  // the unit count
  size_t table_at = 4 + 4 * (i == 0 ? 0 : i - 1);
  if (table_at < block.value.size()) __builtin_prefetch(block.value.data() + table_at);
}

bool SequenceBlock::Decode(const StoredBlock& stored) {
  uint32_t n;
  size_t header;
  if (!Header(stored.value, &n, &header)) return false;
  first = stored.first;
  slots.assign(n, std::string());
  uint32_t previous = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t end = GetU32(stored.value.data() + 4 + 4 * i);
    if (end < previous || end > stored.value.size() - header) return false;
    slots[i].assign(stored.value.substr(header + previous, end - previous));
    previous = end;
  }
  return previous == stored.value.size() - header;
}

std::string SequenceBlock::Encode() const {
  std::string out;
  out.reserve(EncodedSize());
  PutU32(&out, static_cast<uint32_t>(slots.size()));
  uint32_t end = 0;
  for (const std::string& slot : slots) {
    end += static_cast<uint32_t>(slot.size());
    PutU32(&out, end);
  }
  for (const std::string& slot : slots) out.append(slot);
  return out;
}

size_t SequenceBlock::EncodedSize() const {
  size_t size = 4 + 4 * slots.size();
  for (const std::string& slot : slots) size += slot.size();
  return size;
}

bool SequenceBlock::empty() const {
  for (const std::string& slot : slots) {
    if (!slot.empty()) return false;
  }
  return true;
}

}  // namespace tmkit::store
