#include "memory/signatures.h"

#include <algorithm>

#include "memory/codec.h"

namespace tmkit::store {
namespace {

void PutLittle32(char* at, uint32_t v) {
  for (int i = 0; i < 4; ++i) at[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
uint32_t GetLittle32(const unsigned char* at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(at[i]) << (8 * i);
  return v;
}

}  // namespace

std::string SignatureBlockKey(uint64_t block) {
  std::string key;
  codec::PutBigEndian64(&key, block);
  return key;
}

uint32_t SignatureSlots(const void* data, size_t size) {
  if (size < kSignatureHeaderBytes) return 0;
  const auto* p = static_cast<const unsigned char*>(data);
  const uint32_t slots = GetLittle32(p);
  if (GetLittle32(p + 4) != kSignatureBytes || slots < kMinSignatureSlots || slots > kSignaturesPerBlock) return 0;
  if (slots != kSignaturesPerBlock && (slots & (slots - 1)) != 0) return 0;
  for (size_t i = 8; i < kSignatureHeaderBytes; ++i) {
    if (p[i] != 0) return 0;
  }
  return size == kSignatureHeaderBytes + size_t{slots} * kSignatureBytes ? slots : 0;
}

void PutSignature(std::string* block, uint64_t id, const Signature& sig) {
  const size_t slot = id % kSignaturesPerBlock;
  size_t slots = block->size() < kSignatureHeaderBytes ? 0 : (block->size() - kSignatureHeaderBytes) / kSignatureBytes;
  if (slot >= slots) {
    size_t grown = kMinSignatureSlots;
    while (grown <= slot) grown *= 2;
    slots = std::min<size_t>(grown, kSignaturesPerBlock);
    block->resize(kSignatureHeaderBytes + slots * kSignatureBytes, '\0');
    PutLittle32(&(*block)[0], static_cast<uint32_t>(slots));
    PutLittle32(&(*block)[4], static_cast<uint32_t>(kSignatureBytes));
  }
  char* at = &(*block)[SignatureOffset(id)];
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 8; ++b) at[8 * i + b] = static_cast<char>((sig.w[i] >> (8 * b)) & 0xFF);
  }
}

Signature GetSignature(const unsigned char* at) {
  Signature sig;
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 8; ++b) sig.w[i] |= static_cast<uint64_t>(at[8 * i + b]) << (8 * b);
  }
  return sig;
}

}  // namespace tmkit::store
