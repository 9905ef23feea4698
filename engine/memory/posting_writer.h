// The word index's posting lists as one write transaction changes them (docs/tm-format.md,
// "postings"): postings added are held in memory and written at Flush, list by list in key order,
// each appended to its last chunk. Thread-compatible: the transaction's thread.
#ifndef TMKIT_MEMORY_POSTING_WRITER_H_
#define TMKIT_MEMORY_POSTING_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "memory/store_internal.h"

namespace tmkit::store {

// The postings added since the last flush. They are appended as (list, unit id) pairs, list =
// token << 8 | length bucket (appending is all an import's unit pays), and every so many pairs
// sorted into a run: each list's ids as varint gaps, about 1.5 bytes a posting where a pair took
// 16. PostingMerge merges the runs. A flush so gathers ten times the units a buffer of pairs of
// the same memory would, and touches each list's last B-tree page ten times less often: that page
// touch is what an import into a large TM spends its time on. Thread-compatible.
class PendingPostings {
 public:
  explicit PendingPostings(size_t pairs_per_run = size_t{1} << 20) : pairs_per_run_(pairs_per_run) {}
  // Adds unit `id` to list `key`; repeats are dropped.
  void Add(uint64_t key, uint64_t id) {
    pairs_.emplace_back(key, id);
    if (pairs_.size() >= pairs_per_run_) SealRun();
  }
  bool empty() const { return pairs_.empty() && runs_.empty(); }
  // Memory held in runs, to decide when to flush.
  size_t bytes() const { return run_bytes_; }
  // The runs of everything held (for a PostingMerge); then holds nothing.
  std::vector<std::string> TakeRuns();
  // Calls visit(key, ids) for each list in increasing key order, ids increasing and distinct,
  // stopping at the first error; then holds nothing.
  Status Drain(const std::function<Status(uint64_t key, const std::vector<uint64_t>& ids)>& visit);

 private:
  void SortPairs();
  void SealRun();

  size_t pairs_per_run_;
  std::vector<std::pair<uint64_t, uint64_t>> pairs_, scratch_;  // scratch_: the radix sort's
  std::vector<std::string> runs_;  // per list: varint key gap, varint count, varint id gaps
  size_t run_bytes_ = 0;
};

// The lists of runs taken from PendingPostings, merged by key: each list once, in increasing key
// order, its ids increasing and distinct. Not copyable or movable (it reads the runs in place).
class PostingMerge {
 public:
  explicit PostingMerge(std::vector<std::string> runs);
  PostingMerge(const PostingMerge&) = delete;
  PostingMerge& operator=(const PostingMerge&) = delete;
  // The next list; false when none is left.
  bool Next(uint64_t* key, std::vector<uint64_t>* ids);

 private:
  struct Cursor {
    const char* p;
    const char* end;
    uint64_t key;
    uint64_t count;  // ids of `key`, not yet read
    bool done;
  };
  std::vector<std::string> runs_;
  std::vector<Cursor> cursors_;
};

class PostingWriter {
 public:
  explicit PostingWriter(WriteTxn* txn) : t_(txn), m_(txn->memory), txn_(txn->txn) {}

  // Holds the posting of unit `id` in the list of (token, length bucket) until Flush.
  void Add(uint32_t token, uint32_t length, uint64_t id) {
    pending_.Add((static_cast<uint64_t>(token) << 8) | length, id);
  }
  // Whether the postings held have reached their memory budget: the writer then starts a flush.
  bool full() const;
  // Starts writing the postings held (after finishing the flush under way, if any): Step writes
  // them a few lists at a time, so that the writer spreads a flush over the units that follow it
  // instead of stalling the import (whose analysis threads wait while the writer writes).
  Status StartFlush();
  // Writes up to `lists` lists of the flush under way, if any.
  Status Step(size_t lists) { return merging_ ? WriteLists(lists) : Status::OK(); }
  // Writes everything: the flush under way and the postings held; before a removal and commit.
  Status Flush();
  // Deletes one stored posting (none held may be pending: Flush first).
  Status Remove(uint32_t token, uint32_t length, uint64_t id);

 private:
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
  Status WriteLists(size_t limit);
  Status Fail(int rc, const char* what) { return t_->Fail(rc, what); }

  WriteTxn* t_;
  MemoryImpl* m_;
  MDB_txn* txn_;
  PendingPostings pending_;
  std::unique_ptr<PostingMerge> merging_;  // the flush under way
  std::vector<uint64_t> ids_;
  std::string chunk_buffer_;
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_POSTING_WRITER_H_
