// The word index's posting lists as one write transaction changes them (docs/tm-format.md,
// "postings"): postings added are held as (list, unit id) pairs and written at Flush, sorted, each
// list once, appended to its last chunk. Thread-compatible: the transaction's thread.
#ifndef TMKIT_MEMORY_POSTING_WRITER_H_
#define TMKIT_MEMORY_POSTING_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "memory/store_internal.h"

namespace tmkit::store {

class PostingWriter {
 public:
  explicit PostingWriter(WriteTxn* txn) : t_(txn), m_(txn->memory), txn_(txn->txn) {}

  // Holds the posting of unit `id` in the list of (token, length bucket) until Flush.
  void Add(uint32_t token, uint32_t length, uint64_t id) {
    pending_.emplace_back((static_cast<uint64_t>(token) << 8) | length, id);
  }
  size_t pending() const { return pending_.size(); }
  // Writes the postings held; called every so many units, before a removal and before commit.
  Status Flush();
  // Deletes one stored posting (none held may be pending: Flush first).
  Status Remove(uint32_t token, uint32_t length, uint64_t id);

 private:
  void SortPending();
  Status PutChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids);
  Status SeekChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, uint64_t id, bool* found,
                   std::vector<uint64_t>* ids, uint64_t* first);
  Status DeleteChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, uint64_t first);
  Status WriteChunks(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids);
  static size_t VarintLength(uint64_t v);
  Status AppendAfterLastChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids,
                              bool* done);
  Status CorruptChunk() const;
  Status AddPostings(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids);
  Status Fail(int rc, const char* what) { return t_->Fail(rc, what); }

  WriteTxn* t_;
  MemoryImpl* m_;
  MDB_txn* txn_;
  std::vector<std::pair<uint64_t, uint64_t>> pending_;  // (token << 8 | length, unit id)
  std::string chunk_buffer_;
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_POSTING_WRITER_H_
