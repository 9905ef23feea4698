// The word-signature blocks of one write transaction (signature_writer.h).
#include "memory/signature_writer.h"

namespace tmkit::store {
namespace {

// Blocks held before they are written (at most 1 MiB each): an import fills them in id order.
constexpr size_t kBlocksPerFlush = 16;

}  // namespace

Status SignatureWriter::Set(uint64_t id, const Signature& signature) {
  const uint64_t number = id / kSignaturesPerBlock;
  auto it = blocks_.find(number);
  if (it == blocks_.end()) {
    if (blocks_.size() >= kBlocksPerFlush) {
      Status s = Flush();
      if (!s.ok()) return s;
    }
    std::string key = SignatureBlockKey(number);
    MDB_val k = Val(key), v;
    int rc = mdb_get(txn_, m_->signatures_, &k, &v);
    if (rc != 0 && rc != MDB_NOTFOUND) return t_->Fail(rc, "reading the word signatures");
    if (rc == 0 && SignatureSlots(v.mv_data, v.mv_size) == 0) {
      return Status::Corruption("a block of word signatures in " + m_->dir_ + " cannot be decoded");
    }
    it = blocks_.emplace(number, rc == 0 ? std::string(View(v)) : std::string()).first;
  }
  PutSignature(&it->second, id, signature);
  return Status::OK();
}

Status SignatureWriter::Flush() {
  for (const auto& [number, block] : blocks_) {  // in key order
    std::string key = SignatureBlockKey(number);
    MDB_val k = Val(key), v = Val(block);
    int rc = mdb_put(txn_, m_->signatures_, &k, &v, 0);
    if (rc != 0) return t_->Fail(rc, "writing the word signatures");
  }
  blocks_.clear();
  return Status::OK();
}

}  // namespace tmkit::store
