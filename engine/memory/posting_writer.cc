// The posting lists of one write transaction (posting_writer.h).
#include "memory/posting_writer.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>

#include "memory/codec.h"

namespace tmkit::store {

namespace {

// The runs held before a flush (PendingPostings::bytes()). A flush costs about one page touched
// per list whatever the batch, so the larger the batch the less an import pays per unit; 64 MB
// of runs hold the postings of about 800,000 generated news units.
constexpr size_t kPendingRunBytes = size_t{64} << 20;

}  // namespace

// Sorts pairs_ by (key, id). Ids arrive in increasing order within a run (new units get rising
// ids; a replaced unit is flushed before it), so a stable LSD radix sort on the key alone gives
// the order; it costs a few linear passes where a comparison sort was 6% of an import. The final
// check keeps the order right should that ever not hold.
void PendingPostings::SortPairs() {
  uint64_t max_key = 0;
  for (const auto& p : pairs_) max_key = std::max(max_key, p.first);
  constexpr int kDigitBits = 11;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  scratch_.resize(pairs_.size());
  std::vector<size_t> start(kBuckets);
  for (int shift = 0; shift < 64 && (max_key >> shift) != 0; shift += kDigitBits) {
    std::fill(start.begin(), start.end(), 0);
    for (const auto& p : pairs_) ++start[(p.first >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& s : start) {
      size_t count = s;
      s = sum;
      sum += count;
    }
    for (const auto& p : pairs_) scratch_[start[(p.first >> shift) & (kBuckets - 1)]++] = p;
    pairs_.swap(scratch_);
  }
  if (!std::is_sorted(pairs_.begin(), pairs_.end())) std::sort(pairs_.begin(), pairs_.end());
}

void PendingPostings::SealRun() {
  if (pairs_.empty()) return;
  // Two variants of one language (en-GB, en-US) share their words: unique() keeps one posting.
  SortPairs();
  pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
  std::string run;
  uint64_t previous_key = 0;
  for (size_t i = 0; i < pairs_.size();) {
    size_t end = i;
    while (end < pairs_.size() && pairs_[end].first == pairs_[i].first) ++end;
    codec::PutVarint(&run, pairs_[i].first - previous_key);
    codec::PutVarint(&run, end - i);
    uint64_t previous_id = 0;
    for (; i < end; ++i) {
      codec::PutVarint(&run, pairs_[i].second - previous_id);  // the first "gap" is the first id
      previous_id = pairs_[i].second;
    }
    previous_key = pairs_[end - 1].first;
  }
  run.shrink_to_fit();
  run_bytes_ += run.size();
  runs_.push_back(std::move(run));
  pairs_.clear();
}

std::vector<std::string> PendingPostings::TakeRuns() {
  SealRun();
  std::vector<std::string> runs;
  runs.swap(runs_);
  run_bytes_ = 0;
  return runs;
}

Status PendingPostings::Drain(const std::function<Status(uint64_t, const std::vector<uint64_t>&)>& visit) {
  PostingMerge merge(TakeRuns());
  uint64_t key;
  std::vector<uint64_t> ids;
  while (merge.Next(&key, &ids)) {
    Status s = visit(key, ids);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

PostingMerge::PostingMerge(std::vector<std::string> runs) : runs_(std::move(runs)) {
  for (const std::string& run : runs_) {
    Cursor c{run.data(), run.data() + run.size(), 0, 0, run.empty()};
    if (!c.done) {  // runs are written by SealRun: well formed
      codec::GetVarint(&c.p, c.end, &c.key);
      codec::GetVarint(&c.p, c.end, &c.count);
    }
    cursors_.push_back(c);
  }
}

// For one key the runs' ids follow one another in run order (a run holds later units than the
// runs before it); checked, and sorted should that not hold.
bool PostingMerge::Next(uint64_t* key, std::vector<uint64_t>* ids) {
  bool any = false;
  for (const Cursor& c : cursors_) {
    if (!c.done && (!any || c.key < *key)) {
      *key = c.key;
      any = true;
    }
  }
  if (!any) return false;
  ids->clear();
  for (Cursor& c : cursors_) {
    if (c.done || c.key != *key) continue;
    uint64_t id = 0, gap = 0;
    for (uint64_t i = 0; i < c.count; ++i) {
      codec::GetVarint(&c.p, c.end, &gap);
      ids->push_back(id += gap);  // the first "gap" is the first id
    }
    if (c.p == c.end) {
      c.done = true;
    } else {
      uint64_t key_gap = 0;
      codec::GetVarint(&c.p, c.end, &key_gap);
      codec::GetVarint(&c.p, c.end, &c.count);
      c.key += key_gap;
    }
  }
  if (std::adjacent_find(ids->begin(), ids->end(), std::greater_equal<uint64_t>()) != ids->end()) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  return true;
}

bool PostingWriter::full() const { return pending_.bytes() >= kPendingRunBytes; }

Status PostingWriter::StartFlush() {
  Status s = WriteLists(SIZE_MAX);
  if (s.ok() && !pending_.empty()) merging_ = std::make_unique<PostingMerge>(pending_.TakeRuns());
  return s;
}

Status PostingWriter::Flush() {
  Status s = StartFlush();
  return s.ok() ? WriteLists(SIZE_MAX) : s;
}

// Writes lists of the flush under way, key by key in index order, each appended to its last chunk.
Status PostingWriter::WriteLists(size_t limit) {
  if (!merging_) return Status::OK();
  MDB_cursor* cursor;
  int rc = mdb_cursor_open(txn_, m_->postings_, &cursor);
  if (rc != 0) return Fail(rc, "writing the word index");
  Status s;
  uint64_t key;
  bool more = true;
  for (size_t n = 0; s.ok() && n < limit && (more = merging_->Next(&key, &ids_)); ++n) {
    s = AddPostings(cursor, static_cast<uint32_t>(key >> 8), static_cast<uint32_t>(key & 0xFF), ids_);
  }
  mdb_cursor_close(cursor);
  if (s.ok() && !more) merging_.reset();
  return s;
}

Status PostingWriter::PutChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids) {
  std::string key = PostingKey(token, length, ids.front());
  EncodeChunk(ids, &chunk_buffer_);
  MDB_val k = Val(key), v = Val(chunk_buffer_);
  int rc = mdb_cursor_put(cursor, &k, &v, 0);
  return rc == 0 ? Status::OK() : Fail(rc, "writing the word index");
}

// Finds the chunk of (token, length) whose first id is the largest <= id. *found false if none.
Status PostingWriter::SeekChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, uint64_t id, bool* found,
                 std::vector<uint64_t>* ids, uint64_t* first) {
  std::string probe = PostingKey(token, length, id);
  MDB_val k = Val(probe), v;
  int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
  if (rc == 0 && View(k) == probe) {
    // exact hit on a chunk starting at id
  } else {
    rc = rc == 0 ? mdb_cursor_get(cursor, &k, &v, MDB_PREV) : mdb_cursor_get(cursor, &k, &v, MDB_LAST);
  }
  *found = false;
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return Fail(rc, "reading the word index");
  if (k.mv_size != 13 || std::memcmp(k.mv_data, probe.data(), 5) != 0) return Status::OK();
  if (!DecodeChunk(View(v), ids)) return CorruptChunk();
  *first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + 5);
  *found = true;
  return Status::OK();
}

Status PostingWriter::DeleteChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, uint64_t first) {
  std::string key = PostingKey(token, length, first);
  MDB_val k = Val(key), v;
  int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET);
  if (rc == 0) rc = mdb_cursor_del(cursor, 0);
  return rc == 0 ? Status::OK() : Fail(rc, "updating the word index");
}

// Writes `ids` (sorted) into chunks, splitting so that no chunk exceeds kChunkBytes.
Status PostingWriter::WriteChunks(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids) {
  std::vector<uint64_t> chunk;
  size_t bytes = 0;
  uint64_t prev = 0;
  for (uint64_t id : ids) {
    size_t need = VarintLength(chunk.empty() ? id : id - prev);
    if (!chunk.empty() && bytes + need > kChunkBytes) {
      Status s = PutChunk(cursor, token, length, chunk);
      if (!s.ok()) return s;
      chunk.clear();
      bytes = 0;
      need = VarintLength(id);
    }
    chunk.push_back(id);
    bytes += need;
    prev = id;
  }
  if (chunk.empty()) return Status::OK();
  return PutChunk(cursor, token, length, chunk);
}

size_t PostingWriter::VarintLength(uint64_t v) {
  size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

// The common case of a flush: every new id follows the list's last stored one. The ids then
// extend the last chunk in place, as far as kChunkBytes allows, and the rest start new chunks:
// the chunks WriteChunks would make of the whole list, for one cursor descent and one put
// where a merge decodes, deletes and rewrites. *done false (nothing written) otherwise.
Status PostingWriter::AppendAfterLastChunk(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids,
                            bool* done) {
  *done = false;
  std::string probe = PostingKey(token, length, ids.front());
  MDB_val k = Val(probe), v;
  int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
  if (rc == 0 && std::memcmp(k.mv_data, probe.data(), 5) == 0 && k.mv_size == 13) return Status::OK();  // a later chunk
  if (rc != 0 && rc != MDB_NOTFOUND) return Fail(rc, "reading the word index");
  rc = rc == 0 ? mdb_cursor_get(cursor, &k, &v, MDB_PREV) : mdb_cursor_get(cursor, &k, &v, MDB_LAST);
  if (rc != 0 && rc != MDB_NOTFOUND) return Fail(rc, "reading the word index");
  if (rc == MDB_NOTFOUND || k.mv_size != 13 || std::memcmp(k.mv_data, probe.data(), 5) != 0) {
    *done = true;  // no chunk yet
    return WriteChunks(cursor, token, length, ids);
  }
  // Cursor on the list's last chunk: find its last id and its payload (the bytes after the count).
  std::string_view chunk = View(v);
  const char* p = chunk.data();
  const char* end = p + chunk.size();
  uint64_t count, last = 0, gap;
  if (!codec::GetVarint(&p, end, &count) || count == 0 || count > chunk.size()) return CorruptChunk();
  const char* payload = p;
  for (uint64_t i = 0; i < count; ++i) {
    if (!codec::GetVarint(&p, end, &gap)) return CorruptChunk();
    last += gap;
  }
  if (p != end) return CorruptChunk();
  if (ids.front() <= last) return Status::OK();  // interleaves with stored ids: merge instead
  size_t bytes = static_cast<size_t>(end - payload), taken = 0;
  std::string& value = chunk_buffer_;
  value.clear();
  for (uint64_t prev = last; taken < ids.size(); prev = ids[taken++]) {
    size_t need = VarintLength(ids[taken] - prev);
    if (bytes + need > kChunkBytes) break;
    bytes += need;
  }
  *done = true;
  if (taken > 0) {
    codec::PutVarint(&value, count + taken);
    value.append(payload, static_cast<size_t>(end - payload));
    for (uint64_t prev = last, i = 0; i < taken; prev = ids[i++]) codec::PutVarint(&value, ids[i] - prev);
    std::string key(static_cast<const char*>(k.mv_data), k.mv_size);
    MDB_val kk = Val(key), vv = Val(value);
    rc = mdb_cursor_put(cursor, &kk, &vv, MDB_CURRENT);
    if (rc != 0) return Fail(rc, "writing the word index");
  }
  if (taken == ids.size()) return Status::OK();
  std::vector<uint64_t> rest(ids.begin() + static_cast<std::ptrdiff_t>(taken), ids.end());
  return WriteChunks(cursor, token, length, rest);
}


Status PostingWriter::CorruptChunk() const { return Status::Corruption("a word index chunk in " + m_->dir_ + " cannot be decoded"); }

Status PostingWriter::AddPostings(MDB_cursor* cursor, uint32_t token, uint32_t length, const std::vector<uint64_t>& ids) {
  bool done;
  Status appended = AppendAfterLastChunk(cursor, token, length, ids, &done);
  if (!appended.ok() || done) return appended;
  bool found;
  std::vector<uint64_t> existing;
  uint64_t first = 0;
  Status s = SeekChunk(cursor, token, length, ids.front(), &found, &existing, &first);
  if (!s.ok()) return s;
  if (!found) {
    // ids.front() precedes every chunk (or there is none): merge with the first chunk, if any.
    std::string probe = PostingKey(token, length, 0);
    MDB_val k = Val(probe), v;
    int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
    if (rc == 0 && k.mv_size == 13 && std::memcmp(k.mv_data, probe.data(), 5) == 0) {
      if (!DecodeChunk(View(v), &existing)) return Status::Corruption("a word index chunk cannot be decoded");
      first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + 5);
      found = true;
    } else if (rc != 0 && rc != MDB_NOTFOUND) {
      return Fail(rc, "reading the word index");
    }
  }
  if (found) {
    s = DeleteChunk(cursor, token, length, first);
    if (!s.ok()) return s;
    // Ids up to the next chunk's first id belong here; later ones are appended after it only
    // when this is the last chunk. Replacements are rare, so merge one id at a time beyond.
    std::vector<uint64_t> merged;
    merged.reserve(existing.size() + ids.size());
    std::merge(existing.begin(), existing.end(), ids.begin(), ids.end(), std::back_inserter(merged));
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    // Split off ids that belong to later chunks.
    std::string next_probe = PostingKey(token, length, first + 1);
    MDB_val k = Val(next_probe), v;
    int rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
    uint64_t limit = UINT64_MAX;
    if (rc == 0 && k.mv_size == 13 && std::memcmp(k.mv_data, next_probe.data(), 5) == 0) {
      limit = codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + 5);
    } else if (rc != 0 && rc != MDB_NOTFOUND) {
      return Fail(rc, "reading the word index");
    }
    std::vector<uint64_t> here, later;
    for (uint64_t id : merged) (id < limit ? here : later).push_back(id);
    s = WriteChunks(cursor, token, length, here);
    if (!s.ok()) return s;
    for (uint64_t id : later) {
      s = AddPostings(cursor, token, length, {id});
      if (!s.ok()) return s;
    }
    return Status::OK();
  }
  return WriteChunks(cursor, token, length, ids);
}

Status PostingWriter::Remove(uint32_t token, uint32_t length, uint64_t id) {
  MDB_cursor* cursor;
  int rc = mdb_cursor_open(txn_, m_->postings_, &cursor);
  if (rc != 0) return Fail(rc, "updating the word index");
  bool found;
  std::vector<uint64_t> ids;
  uint64_t first = 0;
  Status s = SeekChunk(cursor, token, length, id, &found, &ids, &first);
  if (s.ok() && found) {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it != ids.end() && *it == id) {
      ids.erase(it);
      s = DeleteChunk(cursor, token, length, first);
      if (s.ok() && !ids.empty()) s = WriteChunks(cursor, token, length, ids);
    }
  }
  mdb_cursor_close(cursor);
  return s;
}

}  // namespace tmkit::store
