// Byte-level encodings of the TM's records and keys (docs/tm-format.md is the specification).
#ifndef TMKIT_MEMORY_CODEC_H_
#define TMKIT_MEMORY_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tmkit/tmx.h"
#include "tmkit/unit.h"

namespace tmkit::codec {

void PutVarint(std::string* out, uint64_t v);
// Reads a varint at *p (< end); false on truncation. Inline: lookups decode millions of them.
inline bool GetVarint(const char** p, const char* end, uint64_t* v) {
  if (*p < end && (static_cast<uint8_t>(**p) & 0x80) == 0) {  // ids and gaps are mostly one byte
    *v = static_cast<uint8_t>(*(*p)++);
    return true;
  }
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && *p < end; shift += 7) {
    uint8_t byte = static_cast<uint8_t>(*(*p)++);
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}
void PutString(std::string* out, std::string_view s);
bool GetString(const char** p, const char* end, std::string* s);
void PutBigEndian64(std::string* out, uint64_t v);
void PutBigEndian32(std::string* out, uint32_t v);
uint64_t GetBigEndian64(const char* p);
uint32_t GetBigEndian32(const char* p);

// The unit record stored under its id (the id itself is the key, not part of the record).
std::string EncodeUnit(const Unit& unit);
bool DecodeUnit(std::string_view record, Unit* unit);

// The TMX header record stored under the meta key "tmx_header" (root attributes, attributes,
// props, notes; not the version or source language).
std::string EncodeTmxHeader(const TmxHeader& header);
bool DecodeTmxHeader(std::string_view record, TmxHeader* header);

}  // namespace tmkit::codec

#endif  // TMKIT_MEMORY_CODEC_H_
