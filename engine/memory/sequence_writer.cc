// The token-sequence blocks of one write transaction (sequence_writer.h).
#include "memory/sequence_writer.h"

#include <iterator>

namespace tmkit::store {
namespace {

constexpr size_t kBlocksPerFlush = 4096;  // token-sequence blocks held decoded (~16 MB)

}  // namespace

// Sets unit `id`'s slot in its block of token sequences ("" removes it). A new unit (`fresh`:
// its id is above every stored one) joins the last block while that stays within one page,
// else starts a block. Blocks are held decoded until FlushSequences, so an import writes each
// block once, not once per unit.
Status SequenceWriter::Set(uint64_t id, std::string slot, bool fresh) {
  SequenceBlock* block = nullptr;
  Status s = fresh ? LastBlock(&block) : BlockCovering(id, &block);
  if (!s.ok()) return s;
  if (block != nullptr && block->Covers(id)) {
    block->slots[id - block->first] = std::move(slot);
  } else if (!slot.empty()) {
    if (block == nullptr || !fresh || !block->CanAppend(id, slot.size(), BlockLimit())) {
      block = &blocks_[id];
      block->first = id;
      if (fresh) last_block_ = id;
    }
    block->slots.push_back(std::move(slot));
  }
  if (blocks_.size() >= kBlocksPerFlush) return Flush();
  return Status::OK();
}

// The block with the greatest first id, loaded (nullptr when the TM has none).
Status SequenceWriter::LastBlock(SequenceBlock** block) {
  if (!last_block_known_) {
    last_block_known_ = true;
    MDB_cursor* cursor;
    int rc = mdb_cursor_open(txn_, m_->sequences_, &cursor);
    if (rc != 0) return Fail(rc, "reading the token sequences");
    MDB_val k, v;
    rc = mdb_cursor_get(cursor, &k, &v, MDB_LAST);
    Status s = rc == 0 ? Load(k, v, &last_block_) : rc == MDB_NOTFOUND ? Status::OK() : Fail(rc, "reading the token sequences");
    if (rc == MDB_NOTFOUND) last_block_ = 0;
    mdb_cursor_close(cursor);
    if (!s.ok()) return s;
  }
  auto it = blocks_.find(last_block_);
  *block = it == blocks_.end() ? nullptr : &it->second;
  return Status::OK();
}

// The block that holds unit `id`, loaded (nullptr when none does).
Status SequenceWriter::BlockCovering(uint64_t id, SequenceBlock** block) {
  *block = nullptr;
  auto it = blocks_.upper_bound(id);
  if (it != blocks_.begin() && std::prev(it)->second.Covers(id)) {
    *block = &std::prev(it)->second;
    return Status::OK();
  }
  MDB_cursor* cursor;
  int rc = mdb_cursor_open(txn_, m_->sequences_, &cursor);
  if (rc != 0) return Fail(rc, "reading the token sequences");
  MDB_val k, v;
  rc = SeekBlockCovering(cursor, id, &k, &v);
  uint64_t first = 0;
  Status s = rc == 0 ? Load(k, v, &first) : rc == MDB_NOTFOUND ? Status::OK() : Fail(rc, "reading the token sequences");
  mdb_cursor_close(cursor);
  if (!s.ok() || rc != 0) return s;
  auto loaded = blocks_.find(first);
  if (loaded->second.Covers(id)) *block = &loaded->second;
  return Status::OK();
}

// Decodes a stored block into blocks_ unless it is there already (possibly changed).
Status SequenceWriter::Load(const MDB_val& k, const MDB_val& v, uint64_t* first) {
  if (k.mv_size != 8) return CorruptSequencesIn(m_->dir_);
  *first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
  if (blocks_.count(*first) != 0) return Status::OK();
  SequenceBlock& block = blocks_[*first];
  if (!block.Decode(StoredBlock{View(v), *first})) return CorruptSequencesIn(m_->dir_);
  return Status::OK();
}

size_t SequenceWriter::BlockLimit() {
  if (block_limit_ == 0) block_limit_ = SequenceBlockLimit(m_->env_);
  return block_limit_;
}

Status SequenceWriter::Flush() {
  std::string value;
  for (const auto& [first, contents] : blocks_) {  // in key order: puts land on neighbouring pages
    std::string key = BlockKey(first);
    MDB_val k = Val(key);
    int rc;
    if (contents.empty()) {
      rc = mdb_del(txn_, m_->sequences_, &k, nullptr);
      if (rc == MDB_NOTFOUND) rc = 0;
    } else {
      value = contents.Encode();
      MDB_val v = Val(value);
      rc = mdb_put(txn_, m_->sequences_, &k, &v, 0);
    }
    if (rc != 0) return Fail(rc, "writing the token sequences");
  }
  blocks_.clear();
  last_block_known_ = false;
  return Status::OK();
}

}  // namespace tmkit::store
