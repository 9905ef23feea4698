// Internals of the LMDB translation memory shared by the environment (store.cc), the write path
// (writer.cc, posting_writer.cc, sequence_writer.cc, signature_writer.cc), the lookups (search.cc)
// and the checker (verify.cc). Layout: docs/tm-format.md.
#ifndef TMKIT_MEMORY_STORE_INTERNAL_H_
#define TMKIT_MEMORY_STORE_INTERNAL_H_

#include <lmdb.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "memory/codec.h"
#include "memory/sequences.h"
#include "memory/signatures.h"
#include "tmkit/memory.h"

namespace tmkit::store {

constexpr size_t kMaxTokenBytes = 400;        // longer words are truncated in index keys
constexpr size_t kChunkBytes = 1000;          // posting chunks stay small enough to share a page
constexpr uint32_t kMaxLengthBucket = 255;    // segments of 255+ words share the last bucket
constexpr std::string_view kNumberToken = "\x01";  // the word standing for "any number"

// A segment's words as the index sees them: folded forms of word and number tokens, in order.
struct Terms {
  std::vector<std::string> norms;
  std::vector<uint8_t> is_number;
  size_t size() const { return norms.size(); }
};
Terms ScoringTerms(std::string_view text, std::string_view lang);

std::string VocabKey(std::string_view primary_lang, std::string_view norm);
std::string PostingKey(uint32_t token, uint32_t length, uint64_t first_id);
std::string UnitKey(uint64_t id);
std::string ExactKey(std::string_view primary_lang, uint64_t hash, uint64_t id);
uint64_t ExactHash(std::string_view text, std::string_view lang);
// Only the first variant of each language tag is indexed (TMX allows a unit two in one tag); Insert,
// Remove and verify all ask this.
inline bool IsIndexedVariant(const Unit& unit, size_t i) {
  for (size_t j = 0; j < i; ++j) {
    if (unit.variants[j].lang == unit.variants[i].lang) return false;
  }
  return true;
}
inline uint32_t LengthBucket(size_t n) { return n > kMaxLengthBucket ? kMaxLengthBucket : static_cast<uint32_t>(n); }

// Encodes / decodes a posting chunk: varint count, first id, then deltas.
void EncodeChunk(const std::vector<uint64_t>& ids, std::string* out);
bool DecodeChunk(std::string_view value, std::vector<uint64_t>* ids);
// The same for the read path: *ids is only grown, its first *count entries are the chunk's.
inline bool DecodeChunkInto(std::string_view value, std::vector<uint64_t>* ids, size_t* count) {
  const char* p = value.data();
  const char* end = p + value.size();
  uint64_t n;
  if (!codec::GetVarint(&p, end, &n) || n > static_cast<uint64_t>(end - p)) return false;
  if (ids->size() < n) ids->resize(n);
  uint64_t* out = ids->data();
  uint64_t id = 0, gap;
  for (uint64_t i = 0; i < n; ++i) {
    if (!codec::GetVarint(&p, end, &gap)) return false;
    id += gap;  // the first "gap" is the first id
    out[i] = id;
  }
  *count = n;
  return p == end;
}

// Meta keys (values are decimal ASCII, readable with mdb_dump).
constexpr const char* kSchemaKey = "schema_version";
constexpr const char* kNextUnitKey = "next_unit_id";
constexpr const char* kNextTokenKey = "next_token_id";
constexpr const char* kUnitCountKey = "units";
constexpr const char* kPostingCountKey = "postings";
constexpr const char* kLastChangeKey = "last_change";
constexpr const char* kLangCountPrefix = "variants:";
// The one meta value that is not a number: the TMX header record (codec::EncodeTmxHeader).
constexpr const char* kTmxHeaderKey = "tmx_header";

inline MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
inline std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

class MemoryImpl;

// A meta value (*found false and *value 0 when absent) and its update; MetaPut returns an LMDB code.
Status MetaGet(MDB_txn* txn, MDB_dbi dbi, std::string_view key, uint64_t* value, bool* found);
int MetaPut(MDB_txn* txn, MDB_dbi dbi, std::string_view key, uint64_t value);
// The stored TMX header (empty when the TM has none); Corruption when the record does not decode.
Status ReadTmxHeader(MDB_txn* txn, MDB_dbi meta, TmxHeader* header);
void VocabKeyInto(std::string_view primary_lang, std::string_view norm, std::string* key);
// Positions a cursor on `sequences` at the block that would hold unit `id`: the one with the
// greatest first id <= id. MDB_NOTFOUND when there is none; *k and *v are set only on success.
int SeekBlockCovering(MDB_cursor* cursor, uint64_t id, MDB_val* k, MDB_val* v);
// The most bytes a block of token sequences may encode to: one overflow page, less LMDB's
// 16-byte page header (mdb_env_stat fails only without an environment; 4 KB pages are the default).
size_t SequenceBlockLimit(MDB_env* env);
Status CorruptSequencesIn(const std::string& dir);

// The writer of one write transaction (writer.cc): loads the counters, runs `fill`, writes what it
// holds in memory. *map_full tells MemoryImpl::Write to grow the map and run it again.
Status RunWriter(MemoryImpl* memory, MDB_txn* txn, const std::function<Status(Writer*)>& fill, bool* map_full);

// A read-only snapshot: a read transaction plus the lookups every reader needs.
class Snapshot {
 public:
  explicit Snapshot(const MemoryImpl* memory) : memory_(memory) {}
  ~Snapshot();
  Status Begin();
  MDB_txn* txn() const { return txn_; }
  const MemoryImpl* memory() const { return memory_; }

  Status GetUnit(uint64_t id, Unit* unit) const;
  // Token id and document frequency; *id == 0 when the word is not in the TM.
  Status GetToken(std::string_view key, uint32_t* id, uint64_t* df) const;
  // Every posting of `token` whose length bucket is within [lo, hi], bucket by bucket, one
  // decoded chunk at a time: visit(ids, count, length bucket), ids increasing. A template so
  // that the visit inlines (a lookup decodes tens of thousands of postings) and sees a whole
  // chunk (so that it can prefetch what it will touch).
  template <typename Visit>
  Status ScanPostingChunks(uint32_t token, uint32_t lo, uint32_t hi, Visit&& visit) const {
    thread_local std::vector<uint64_t> ids;
    uint32_t length;
    std::string_view chunk;
    Status s = PostingChunk(token, lo, hi, true, &length, &chunk);
    while (s.ok() && !chunk.empty()) {
      size_t count;
      if (!DecodeChunkInto(chunk, &ids, &count)) return CorruptChunk();
      visit(static_cast<const uint64_t*>(ids.data()), count, length);
      s = PostingChunk(token, lo, hi, false, &length, &chunk);
    }
    return s;
  }
  // The same, one posting at a time: visit(unit id, length bucket).
  template <typename Visit>
  Status ScanPostings(uint32_t token, uint32_t lo, uint32_t hi, Visit&& visit) const {
    return ScanPostingChunks(token, lo, hi, [&](const uint64_t* ids, size_t count, uint32_t length) {
      for (size_t i = 0; i < count; ++i) visit(ids[i], length);
    });
  }
  // Whether the TM keeps word signatures (schema 4 on): without them SignatureAt is never non-null.
  bool has_signatures() const;
  // Unit `id`'s signature (kSignatureBytes, valid for the snapshot's life), or nullptr when the TM
  // keeps none or its block cannot be read: the caller then knows nothing more about the unit.
  const unsigned char* SignatureAt(uint64_t id) const {
    const uint64_t block = id / kSignaturesPerBlock;
    if (block < signature_blocks_.size() && signature_blocks_[block].read) {
      const SignatureBlockRef& ref = signature_blocks_[block];
      return id % kSignaturesPerBlock < ref.slots ? ref.data + SignatureOffset(id) : nullptr;
    }
    return LoadSignatureBlock(id);
  }
  // The next unit id the TM will assign: every stored id is below it.
  Status NextUnitId(uint64_t* next) const;
  // The token sequences of unit `id`: visit(lang, encoded sequence) per indexed language tag.
  Status ForEachTokenSeq(uint64_t id, const std::function<void(std::string_view lang, std::string_view seq)>& visit) const;
  // The same in two steps, so that a lookup can find the next candidate's block (and prefetch
  // its slot) before it verifies the current one: *block is the block that would hold `id` (its
  // value empty when there is none), valid for the snapshot's life.
  Status TokenSeqBlock(uint64_t id, StoredBlock* block) const;
  template <typename Visit>
  Status VisitTokenSeqs(const StoredBlock& block, uint64_t id, Visit&& visit) const {
    if (block.value.empty()) return Status::OK();
    std::string_view slot;
    if (!FindSlot(block, id, &slot) || !ForEachSequence(slot, visit)) return CorruptSequences();
    return Status::OK();
  }

 private:
  // The first (`first`) or next chunk of ScanPostings' lists; *chunk empty after the last one.
  Status PostingChunk(uint32_t token, uint32_t lo, uint32_t hi, bool first, uint32_t* length,
                      std::string_view* chunk) const;
  Status CorruptChunk() const;
  Status CorruptSequences() const;
  const unsigned char* LoadSignatureBlock(uint64_t id) const;
  // Opened on first use and kept for the snapshot's life: a lookup seeks thousands of times.
  Status CursorOn(MDB_dbi dbi, MDB_cursor** cursor, const char* what) const;

  const MemoryImpl* memory_;
  MDB_txn* txn_ = nullptr;
  mutable MDB_cursor* postings_cursor_ = nullptr;
  mutable MDB_cursor* sequences_cursor_ = nullptr;
  // Signature blocks met so far, by block number (slots 0: absent or malformed).
  struct SignatureBlockRef {
    const unsigned char* data = nullptr;
    uint32_t slots = 0;
    bool read = false;
  };
  mutable std::vector<SignatureBlockRef> signature_blocks_;
  std::shared_lock<std::shared_mutex> map_lock_;
};

class MemoryImpl : public Memory {
 public:
  ~MemoryImpl() override;
  Status Write(const std::function<Status(Writer*)>& fill, uint64_t expected_growth) override;
  Status Lookup(const LookupQuery& query, std::vector<LookupMatch>* matches) const override;
  Status Concordance(const ConcordanceQuery& query, std::vector<ConcordanceHit>* hits, bool* more) const override;
  Status Get(uint64_t id, Unit* unit) const override;
  Status ForEach(const std::function<Status(const Unit&)>& visit) const override;
  Status Stats(MemoryStats* stats) const override;
  Status GetTmxHeader(TmxHeader* header) const override;
  Status Verify(std::vector<std::string>* problems,
                const std::function<void(uint64_t done, uint64_t total)>& progress) const override;

  Status CheckFile() const override;
  Status CopyTo(const std::string& dir) const override;

  Status OpenEnv(const std::string& dir, const OpenOptions& options);
  // LMDB stops an environment for good when it cannot write a meta page (a failing disk, a full
  // copy-on-write filesystem): every later transaction gets MDB_PANIC, though the file still holds
  // the last commit. Replaces env_ with a new environment on the same file, unless another thread
  // did since it read `generation` (under map_mutex_). Takes map_mutex_ exclusively.
  Status Restart(uint64_t generation);
  Status Grow(uint64_t at_least);
  Status Error(int rc, const char* what) const;
  // After a failed write: cuts data.mdb back to its last committed page (see the definition).
  void TrimUncommittedPages();

  std::string dir_;
  OpenOptions options_;
  MDB_env* env_ = nullptr;  // null only after a Restart that failed: the next transaction retries
  MDB_dbi meta_ = 0, units_ = 0, vocab_ = 0, sequences_ = 0, postings_ = 0, exact_ = 0, signatures_ = 0;
  // Schema 4 on: the `signatures` database is kept. A schema 2 or 3 TM is read without it.
  bool has_signatures_ = false;
  uint64_t generation_ = 0;  // environments replaced by Restart
  uint64_t map_bytes_ = 0;
  mutable std::shared_mutex map_mutex_;  // held shared by every transaction, exclusively to resize or restart
  std::mutex write_mutex_;               // one writer thread per process
  int lock_fd_ = -1;                     // flock()ed by the writing process
};

// One write transaction as the parts of the writer share it (writer.cc, posting_writer.cc,
// sequence_writer.cc). Fail notes MDB_MAP_FULL, on which MemoryImpl::Write grows the map and runs
// the fill again. Thread-compatible: used on the transaction's thread.
struct WriteTxn {
  MemoryImpl* memory;
  MDB_txn* txn;
  bool map_full = false;

  Status Fail(int rc, const char* what) {
    if (rc == MDB_MAP_FULL) map_full = true;
    return memory->Error(rc, what);
  }
};

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_STORE_INTERNAL_H_
