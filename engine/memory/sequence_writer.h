// The `sequences` database as one write transaction changes it (docs/tm-format.md, "sequences"):
// the blocks a write reads or changes are held decoded and written back in key order, so that an
// import writes each block once, not once per unit. Thread-compatible: the transaction's thread.
#ifndef TMKIT_MEMORY_SEQUENCE_WRITER_H_
#define TMKIT_MEMORY_SEQUENCE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "memory/sequences.h"
#include "memory/store_internal.h"

namespace tmkit::store {

class SequenceWriter {
 public:
  explicit SequenceWriter(WriteTxn* txn) : t_(txn), m_(txn->memory), txn_(txn->txn) {}

  // Sets unit `id`'s slot ("" removes it); `fresh`: the id is above every stored one. Flushes
  // by itself when it holds too many blocks.
  Status Set(uint64_t id, std::string slot, bool fresh);
  // Writes the blocks held; called before commit and before the TM is read past the writer.
  Status Flush();

 private:
  Status LastBlock(SequenceBlock** block);
  Status BlockCovering(uint64_t id, SequenceBlock** block);
  Status Load(const MDB_val& k, const MDB_val& v, uint64_t* first);
  size_t BlockLimit();
  Status Fail(int rc, const char* what) { return t_->Fail(rc, what); }

  WriteTxn* t_;
  MemoryImpl* m_;
  MDB_txn* txn_;
  std::map<uint64_t, SequenceBlock> blocks_;  // token-sequence blocks read or changed since the last flush, by first id
  uint64_t last_block_ = 0;                   // the first id of the last block, once known
  bool last_block_known_ = false;
  size_t block_limit_ = 0;
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_SEQUENCE_WRITER_H_
