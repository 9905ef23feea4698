#include "memory/sequences.h"

#include <cstring>

namespace tmkit::store {
namespace {

// The value starts with kUnitsPerBlock little-endian u32 slot ends, relative to the first
// byte after them; slot i is [end[i-1], end[i]) with end[-1] = 0.
constexpr size_t kTableBytes = 4 * kUnitsPerBlock;

uint32_t SlotEnd(const char* table, size_t i) {
  const auto* b = reinterpret_cast<const uint8_t*>(table + 4 * i);
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 | static_cast<uint32_t>(b[2]) << 16 |
         static_cast<uint32_t>(b[3]) << 24;
}

}  // namespace

std::string BlockKey(uint64_t block) {
  std::string key;
  codec::PutBigEndian64(&key, block);
  return key;
}

void AppendSequence(std::string* slot, std::string_view lang, std::string_view seq) {
  codec::PutString(slot, lang);
  codec::PutString(slot, seq);
}

bool FindSlot(std::string_view block, uint64_t id, std::string_view* slot) {
  if (block.size() < kTableBytes) return false;
  size_t i = id % kUnitsPerBlock;
  uint32_t begin = i == 0 ? 0 : SlotEnd(block.data(), i - 1);
  uint32_t end = SlotEnd(block.data(), i);
  if (begin > end || end > block.size() - kTableBytes) return false;
  *slot = block.substr(kTableBytes + begin, end - begin);
  return true;
}

bool SequenceBlock::Decode(std::string_view value) {
  if (value.size() < kTableBytes) return false;
  uint32_t previous = 0;
  for (size_t i = 0; i < kUnitsPerBlock; ++i) {
    uint32_t end = SlotEnd(value.data(), i);
    if (end < previous || end > value.size() - kTableBytes) return false;
    slots[i].assign(value.substr(kTableBytes + previous, end - previous));
    previous = end;
  }
  return previous == value.size() - kTableBytes;
}

std::string SequenceBlock::Encode() const {
  std::string out(kTableBytes, '\0');
  uint32_t end = 0;
  for (size_t i = 0; i < kUnitsPerBlock; ++i) {
    end += static_cast<uint32_t>(slots[i].size());
    for (int b = 0; b < 4; ++b) out[4 * i + b] = static_cast<char>((end >> (8 * b)) & 0xFF);
  }
  for (const std::string& slot : slots) out.append(slot);
  return out;
}

bool SequenceBlock::empty() const {
  for (const std::string& slot : slots) {
    if (!slot.empty()) return false;
  }
  return true;
}

}  // namespace tmkit::store
