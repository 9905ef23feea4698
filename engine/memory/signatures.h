// The `signatures` database (schema 4): per unit, 256 bits summarising which word index lists
// hold it, stored densely in unit-id order, so that a lookup bounds a candidate's shared words
// without reading its token sequences (docs/tm-format.md "signatures", docs/matching.md §3).
// Pure functions and plain data; thread-compatible.
#ifndef TMKIT_MEMORY_SIGNATURES_H_
#define TMKIT_MEMORY_SIGNATURES_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace tmkit::store {

// 256 bits. A token sets three of them (a Bloom filter): a unit's signature holds the bits of every
// token whose posting lists hold the unit, so "a token's bits are not all set" proves the unit
// lacks the word, and an all-zero signature is a unit that does not exist.
struct Signature {
  uint64_t w[4] = {0, 0, 0, 0};

  static Signature OfToken(uint32_t token) {
    Signature s;
    const uint64_t h = (static_cast<uint64_t>(token) + 1) * 0x9E3779B97F4A7C15ull;
    for (int shift : {56, 48, 40}) {
      const unsigned bit = static_cast<unsigned>(h >> shift) & 255;
      s.w[bit >> 6] |= 1ull << (bit & 63);
    }
    return s;
  }
  void Add(uint32_t token) {
    const Signature t = OfToken(token);
    for (int i = 0; i < 4; ++i) w[i] |= t.w[i];
  }
  // Whether every bit of `token` (a mask made by OfToken) is set in the stored signature at `at`.
  static bool Holds(const unsigned char* at, const Signature& token) {
    uint64_t v[4];
    std::memcpy(v, at, sizeof v);
    return ((v[0] & token.w[0]) == token.w[0]) & ((v[1] & token.w[1]) == token.w[1]) &
           ((v[2] & token.w[2]) == token.w[2]) & ((v[3] & token.w[3]) == token.w[3]);
  }
  bool empty() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
  bool operator==(const Signature& o) const { return std::memcmp(w, o.w, sizeof w) == 0; }
};

// Layout of a block: the key is the block number (unit id / kSignaturesPerBlock, 8 bytes
// big-endian); the value a 16-byte header (u32 little-endian n, the slots it holds; u32
// kSignatureBytes; 8 zero bytes) and n signatures of 32 bytes, slot i for unit
// block × kSignaturesPerBlock + i, each four little-endian u64. n is a power of two from 64 up,
// or kSignaturesPerBlock: a full block is 16 + 32,767 × 32 = 1,048,560 bytes, 256 LMDB overflow
// pages of 4 KB exactly, so that 10M units are 306 blocks whose addresses a lookup reads once each;
// a TM of a few units has a block of 2 KB. The value is in overflow pages (n ≥ 64), which start
// 16 bytes into a page: with the 16-byte header every signature is 32-byte aligned, in one cache line.
constexpr uint64_t kSignaturesPerBlock = 32767;
constexpr size_t kMinSignatureSlots = 64;
constexpr size_t kSignatureBytes = 32;
constexpr size_t kSignatureHeaderBytes = 16;

std::string SignatureBlockKey(uint64_t block);
// The slots a stored value holds, or 0 when it does not have the layout above.
uint32_t SignatureSlots(const void* data, size_t size);
inline size_t SignatureOffset(uint64_t id) {
  return kSignatureHeaderBytes + (id % kSignaturesPerBlock) * kSignatureBytes;
}
// Sets unit `id`'s slot in `block` (a value as above, or empty for a new block), growing it to the
// slots that hold it.
void PutSignature(std::string* block, uint64_t id, const Signature& sig);
Signature GetSignature(const unsigned char* at);

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_SIGNATURES_H_
