// The `signatures` database as one write transaction changes it (docs/tm-format.md,
// "signatures"): the blocks a write touches are read once, changed in memory and written back in
// key order, so that an import writes each block once or twice, not once per unit.
// Thread-compatible: the transaction's thread.
#ifndef TMKIT_MEMORY_SIGNATURE_WRITER_H_
#define TMKIT_MEMORY_SIGNATURE_WRITER_H_

#include <cstdint>
#include <map>
#include <string>

#include "memory/signatures.h"
#include "memory/store_internal.h"

namespace tmkit::store {

class SignatureWriter {
 public:
  explicit SignatureWriter(WriteTxn* txn) : t_(txn), m_(txn->memory), txn_(txn->txn) {}

  // Sets unit `id`'s signature (all zero: the unit is removed). Flushes by itself when it holds
  // too many blocks.
  Status Set(uint64_t id, const Signature& signature);
  // Writes the blocks held; called before commit.
  Status Flush();

 private:
  WriteTxn* t_;
  MemoryImpl* m_;
  MDB_txn* txn_;
  std::map<uint64_t, std::string> blocks_;  // blocks read or changed since the last flush, by number
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_SIGNATURE_WRITER_H_
