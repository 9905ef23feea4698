// The LMDB translation memory: the environment (opening, the schema check, growing the map, the
// write transaction), snapshots and the small encodings every layer shares. The writer: writer.cc.
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <thread>

#include "memory/codec.h"
#include "memory/data_file.h"
#include "memory/store_internal.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "util/strings.h"

namespace tmkit {
namespace store {
namespace {

constexpr uint64_t kInitialMapBytes = 1ull << 30;

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

Status MakeDirs(const std::string& dir) {
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty() || IsDirectory(partial)) continue;
    if (mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::IOError("cannot create TM directory " + dir + ": " + std::strerror(errno));
    }
  }
  return Status::OK();
}

}  // namespace

// ---- shared with the writer ----------------------------------------------------------------

Status MetaGet(MDB_txn* txn, MDB_dbi dbi, std::string_view key, uint64_t* value, bool* found) {
  MDB_val k = Val(key), v;
  int rc = mdb_get(txn, dbi, &k, &v);
  *found = rc == 0;
  *value = 0;
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return Status::Corruption(std::string("reading TM metadata: ") + mdb_strerror(rc));
  for (char c : View(v)) {
    if (c < '0' || c > '9') return Status::Corruption("TM metadata '" + std::string(key) + "' is not a number");
    *value = *value * 10 + (c - '0');
  }
  return Status::OK();
}

Status ReadTmxHeader(MDB_txn* txn, MDB_dbi meta, TmxHeader* header) {
  *header = TmxHeader();
  MDB_val k = Val(kTmxHeaderKey), v;
  int rc = mdb_get(txn, meta, &k, &v);
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return Status::Corruption(std::string("reading TM metadata: ") + mdb_strerror(rc));
  if (!codec::DecodeTmxHeader(View(v), header)) return Status::Corruption("TM metadata 'tmx_header' is not a header record");
  return Status::OK();
}

int MetaPut(MDB_txn* txn, MDB_dbi dbi, std::string_view key, uint64_t value) {
  std::string s = std::to_string(value);
  MDB_val k = Val(key), v = Val(s);
  return mdb_put(txn, dbi, &k, &v, 0);
}

int SeekBlockCovering(MDB_cursor* cursor, uint64_t id, MDB_val* k, MDB_val* v) {
  std::string key = BlockKey(id);
  *k = Val(key);
  int rc = mdb_cursor_get(cursor, k, v, MDB_SET_RANGE);
  if (rc == 0 && View(*k) != key) rc = mdb_cursor_get(cursor, k, v, MDB_PREV);
  else if (rc == MDB_NOTFOUND) rc = mdb_cursor_get(cursor, k, v, MDB_LAST);
  return rc;
}

size_t SequenceBlockLimit(MDB_env* env) {
  MDB_stat st;
  return mdb_env_stat(env, &st) == 0 ? st.ms_psize - 16 : 4080;
}

Status CorruptSequencesIn(const std::string& dir) {
  return Status::Corruption("a block of token sequences in " + dir + " cannot be decoded");
}

// ---- keys and small encodings --------------------------------------------------------------

Terms ScoringTerms(std::string_view text, std::string_view lang) {
  Terms terms;
  std::vector<Token> tokens = TokenizeForMatching(text, lang);
  terms.norms.reserve(tokens.size());
  terms.is_number.reserve(tokens.size());
  for (Token& t : tokens) {
    if (t.kind == TokenKind::kPunct) continue;
    terms.is_number.push_back(t.kind == TokenKind::kNumber);
    terms.norms.push_back(std::move(t.norm));
  }
  return terms;
}

void VocabKeyInto(std::string_view primary_lang, std::string_view norm, std::string* key) {
  key->assign(primary_lang);
  key->push_back('\0');
  if (norm.size() > kMaxTokenBytes) {
    size_t cut = kMaxTokenBytes;
    while (cut > 0 && (static_cast<uint8_t>(norm[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    norm = norm.substr(0, cut);
  }
  key->append(norm);
}

std::string VocabKey(std::string_view primary_lang, std::string_view norm) {
  std::string key;
  VocabKeyInto(primary_lang, norm, &key);
  return key;
}

std::string PostingKey(uint32_t token, uint32_t length, uint64_t first_id) {
  std::string key;
  key.reserve(13);
  codec::PutBigEndian32(&key, token);
  key.push_back(static_cast<char>(length));
  codec::PutBigEndian64(&key, first_id);
  return key;
}

std::string UnitKey(uint64_t id) {
  std::string key;
  codec::PutBigEndian64(&key, id);
  return key;
}

std::string ExactKey(std::string_view primary_lang, uint64_t hash, uint64_t id) {
  std::string key(primary_lang);
  key.push_back('\0');
  codec::PutBigEndian64(&key, hash);
  codec::PutBigEndian64(&key, id);
  return key;
}

// Fnv1a64(CollapseWhitespace(FoldForMatching(text, lang))), hashing as it collapses instead of
// building the collapsed copy: an import hashes every variant.
uint64_t ExactHash(std::string_view text, std::string_view lang) {
  std::string folded = FoldForMatching(text, lang);
  uint64_t hash = Fnv1a64({});
  bool space = false, any = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = any;
      continue;
    }
    if (space) hash = Fnv1a64(" ", hash);
    space = false;
    any = true;
    hash = Fnv1a64(std::string_view(&c, 1), hash);
  }
  return hash;
}

void EncodeChunk(const std::vector<uint64_t>& ids, std::string* out) {
  out->clear();
  codec::PutVarint(out, ids.size());
  uint64_t prev = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    codec::PutVarint(out, i == 0 ? ids[0] : ids[i] - prev);
    prev = ids[i];
  }
}

bool DecodeChunk(std::string_view value, std::vector<uint64_t>* ids) {
  const char* p = value.data();
  const char* end = p + value.size();
  uint64_t n, v, prev = 0;
  if (!codec::GetVarint(&p, end, &n) || n > value.size()) return false;
  ids->clear();
  for (uint64_t i = 0; i < n; ++i) {
    if (!codec::GetVarint(&p, end, &v)) return false;
    prev = i == 0 ? v : prev + v;
    ids->push_back(prev);
  }
  return p == end;
}

// ---- snapshots ------------------------------------------------------------------------------

Snapshot::~Snapshot() {
  if (postings_cursor_ != nullptr) mdb_cursor_close(postings_cursor_);
  if (sequences_cursor_ != nullptr) mdb_cursor_close(sequences_cursor_);
  if (txn_ != nullptr) mdb_txn_abort(txn_);
}

Status Snapshot::CursorOn(MDB_dbi dbi, MDB_cursor** cursor, const char* what) const {
  if (*cursor != nullptr) return Status::OK();
  int rc = mdb_cursor_open(txn_, dbi, cursor);
  if (rc != 0) {
    *cursor = nullptr;
    return memory_->Error(rc, what);
  }
  return Status::OK();
}

Status Snapshot::Begin() {
  auto* memory = const_cast<MemoryImpl*>(memory_);
  for (int attempt = 0; attempt < 3; ++attempt) {
    map_lock_ = std::shared_lock<std::shared_mutex>(memory->map_mutex_);
    int rc = memory->env_ == nullptr ? MDB_PANIC : mdb_txn_begin(memory->env_, nullptr, MDB_RDONLY, &txn_);
    if (rc == 0) return Status::OK();
    txn_ = nullptr;
    const uint64_t generation = memory->generation_;
    map_lock_.unlock();
    if (rc == MDB_PANIC) {
      Status s = memory->Restart(generation);
      if (!s.ok()) return s;
      continue;
    }
    if (rc != MDB_MAP_RESIZED) return memory->Error(rc, "starting a read");
    // Another process grew the map: adopt its size (needs no transaction open in this process).
    std::unique_lock<std::shared_mutex> exclusive(memory->map_mutex_);
    mdb_env_set_mapsize(memory->env_, 0);
  }
  return Status::Busy("the TM map keeps being resized by another process; try again");
}

Status Snapshot::GetUnit(uint64_t id, Unit* unit) const {
  std::string key = UnitKey(id);
  MDB_val k = Val(key), v;
  int rc = mdb_get(txn_, memory_->units_, &k, &v);
  if (rc == MDB_NOTFOUND) return Status::NotFound("no unit " + std::to_string(id) + " in the TM");
  if (rc != 0) return memory_->Error(rc, "reading a unit");
  *unit = Unit();
  if (!codec::DecodeUnit(View(v), unit)) {
    return Status::Corruption("unit " + std::to_string(id) + " in " + memory_->dir_ + " cannot be decoded");
  }
  unit->id = id;
  return Status::OK();
}

Status Snapshot::GetToken(std::string_view key, uint32_t* id, uint64_t* df) const {
  MDB_val k = Val(key), v;
  *id = 0;
  *df = 0;
  int rc = mdb_get(txn_, memory_->vocab_, &k, &v);
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return memory_->Error(rc, "reading the vocabulary");
  const char* p = static_cast<const char*>(v.mv_data);
  const char* end = p + v.mv_size;
  uint64_t tid;
  if (!codec::GetVarint(&p, end, &tid) || !codec::GetVarint(&p, end, df)) {
    return Status::Corruption("a vocabulary entry in " + memory_->dir_ + " cannot be decoded");
  }
  *id = static_cast<uint32_t>(tid);
  return Status::OK();
}

Status Snapshot::PostingChunk(uint32_t token, uint32_t lo, uint32_t hi, bool first, uint32_t* length,
                              std::string_view* chunk) const {
  *chunk = {};
  Status opened = CursorOn(memory_->postings_, &postings_cursor_, "reading the word index");
  if (!opened.ok()) return opened;
  MDB_val k, v;
  int rc;
  if (first) {
    std::string start = PostingKey(token, lo, 0);
    k = Val(start);
    rc = mdb_cursor_get(postings_cursor_, &k, &v, MDB_SET_RANGE);
  } else {
    rc = mdb_cursor_get(postings_cursor_, &k, &v, MDB_NEXT);
  }
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return memory_->Error(rc, "reading the word index");
  if (k.mv_size != 13) return Status::Corruption("a word index key in " + memory_->dir_ + " has the wrong size");
  const char* key = static_cast<const char*>(k.mv_data);
  if (codec::GetBigEndian32(key) != token) return Status::OK();
  *length = static_cast<uint8_t>(key[4]);
  if (*length > hi) return Status::OK();
  if (v.mv_size == 0) return CorruptChunk();
  *chunk = View(v);
  return Status::OK();
}

Status Snapshot::CorruptChunk() const {
  return Status::Corruption("a word index chunk in " + memory_->dir_ + " cannot be decoded");
}

Status Snapshot::NextUnitId(uint64_t* next) const {
  bool found;
  Status s = MetaGet(txn_, memory_->meta_, kNextUnitKey, next, &found);
  if (s.ok() && *next == 0) *next = 1;
  return s;
}

Status Snapshot::TokenSeqBlock(uint64_t id, StoredBlock* block) const {
  *block = StoredBlock();
  Status opened = CursorOn(memory_->sequences_, &sequences_cursor_, "reading the token sequences");
  if (!opened.ok()) return opened;
  MDB_val k, v;
  int rc = SeekBlockCovering(sequences_cursor_, id, &k, &v);
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return memory_->Error(rc, "reading the token sequences");
  if (k.mv_size != 8) return CorruptSequences();
  block->value = View(v);
  block->first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
  return Status::OK();
}

Status Snapshot::ForEachTokenSeq(uint64_t id, const std::function<void(std::string_view, std::string_view)>& visit) const {
  StoredBlock block;
  Status s = TokenSeqBlock(id, &block);
  return s.ok() ? VisitTokenSeqs(block, id, visit) : s;
}

Status Snapshot::CorruptSequences() const { return CorruptSequencesIn(memory_->dir_); }

bool Snapshot::has_signatures() const { return memory_->has_signatures_; }

// Signature blocks numbered from this on are not used (a TM of more than 2^30 units); their units
// are judged without signatures.
constexpr uint64_t kWalkedSignatureBlocks = 32768;

const unsigned char* Snapshot::LoadSignatureBlock(uint64_t id) const {
  if (!memory_->has_signatures_) return nullptr;
  const uint64_t block = id / kSignaturesPerBlock;
  if (!signature_blocks_.empty() || block >= kWalkedSignatureBlocks) {  // a block past the walk: none
    if (block >= signature_blocks_.size()) signature_blocks_.resize(block + 1);
    signature_blocks_[block].read = true;
    return nullptr;
  }
  // The first signature a snapshot needs: every block's address, in one walk of the database (a few
  // hundred entries at 10M units, some microseconds), where a get per block met cost ~1 µs each.
  // A block that is missing or malformed tells nothing (verify names it): the lookup then judges
  // its units as a TM without signatures would.
  MDB_cursor* cursor;
  if (mdb_cursor_open(txn_, memory_->signatures_, &cursor) == 0) {
    MDB_val k, v;
    for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 8) continue;
      const uint64_t number = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
      if (number >= kWalkedSignatureBlocks) break;
      if (number >= signature_blocks_.size()) signature_blocks_.resize(number + 1);
      SignatureBlockRef& ref = signature_blocks_[number];
      ref.slots = SignatureSlots(v.mv_data, v.mv_size);
      if (ref.slots != 0) ref.data = static_cast<const unsigned char*>(v.mv_data);
    }
    mdb_cursor_close(cursor);
  }
  for (SignatureBlockRef& ref : signature_blocks_) ref.read = true;
  if (block >= signature_blocks_.size()) signature_blocks_.resize(block + 1);
  signature_blocks_[block].read = true;
  const SignatureBlockRef& ref = signature_blocks_[block];
  return id % kSignaturesPerBlock < ref.slots ? ref.data + SignatureOffset(id) : nullptr;
}

// ---- the environment ------------------------------------------------------------------------

namespace {

bool FilesystemAlmostFull(const std::string& dir) {
  struct statvfs fs;
  return statvfs(dir.c_str(), &fs) == 0 && static_cast<uint64_t>(fs.f_bfree) * fs.f_frsize < (1u << 20);
}

}  // namespace

MemoryImpl::~MemoryImpl() {
  if (env_ != nullptr) mdb_env_close(env_);
  if (lock_fd_ >= 0) close(lock_fd_);
}

Status MemoryImpl::Error(int rc, const char* what) const {
  std::string where = dir_ + ": " + what + ": ";
  switch (rc) {
    case MDB_MAP_FULL:
      return Status::IOError(where + "the TM is full (map size limit " + std::to_string(map_bytes_) +
                             " bytes reached); nothing was written");
    case ENOSPC:
      return Status::IOError(where + "the disk is full; nothing was written");
    case EIO:
      // LMDB reports a short write as EIO, and a short write is what a disk that fills up during
      // the commit gives; the free space tells that apart from a failing device.
      if (FilesystemAlmostFull(dir_)) return Status::IOError(where + "the disk is full; nothing was written");
      return Status::IOError(where + mdb_strerror(rc));
    case EACCES:
    case EROFS:
    case EPERM:
      return Status::IOError(where + "permission denied");
    case MDB_READERS_FULL:
      return Status::Busy(where + "too many readers");
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
      return Status::Corruption(where + mdb_strerror(rc));
    case MDB_VERSION_MISMATCH:
      return Status::NotSupported(where + mdb_strerror(rc));
    default:
      return Status::IOError(where + mdb_strerror(rc));
  }
}

Status MemoryImpl::Grow(uint64_t at_least) {
  std::unique_lock<std::shared_mutex> exclusive(map_mutex_);
  uint64_t limit = options_.max_map_bytes;
  uint64_t wanted = std::max(at_least, map_bytes_ * 2);
  if (limit != 0 && wanted > limit) wanted = limit;
  if (wanted <= map_bytes_) {
    return Status::IOError(dir_ + ": the TM is full (map size limit " + std::to_string(map_bytes_) +
                           " bytes reached); nothing was written");
  }
  int rc = mdb_env_set_mapsize(env_, wanted);
  if (rc != 0) return Error(rc, "growing the map");
  map_bytes_ = wanted;
  return Status::OK();
}

namespace {

// Schema 1 kept one `tokens` entry per (unit id, language tag); schema 2 packs consecutive units'
// sequences into blocks of one page in `sequences` (docs/tm-format.md). Both are in (id, tag)
// order, so the blocks are built in one pass and appended. Returns an LMDB code.
int UpgradeFromSchema1(MDB_txn* txn, MDB_dbi sequences) {
  MDB_dbi tokens;
  int rc = mdb_dbi_open(txn, "tokens", 0, &tokens);
  if (rc != 0) return rc == MDB_NOTFOUND ? MDB_CORRUPTED : rc;
  const size_t limit = SequenceBlockLimit(mdb_txn_env(txn));
  MDB_cursor* cursor;
  rc = mdb_cursor_open(txn, tokens, &cursor);
  if (rc != 0) return rc;
  SequenceBlock block;
  auto put = [&] {
    if (block.slots.empty()) return 0;
    std::string key = BlockKey(block.first), value = block.Encode();
    MDB_val k = Val(key), v = Val(value);
    block.slots.clear();
    return mdb_put(txn, sequences, &k, &v, MDB_APPEND);
  };
  uint64_t unit = 0;
  std::string slot;
  auto place = [&] {  // the finished slot of `unit` joins the block or starts the next one
    if (slot.empty()) return 0;
    int put_rc = 0;
    if (block.slots.empty() || !block.CanAppend(unit, slot.size(), limit)) {
      put_rc = put();
      block.first = unit;
    }
    block.slots.push_back(std::move(slot));
    slot.clear();
    return put_rc;
  };
  MDB_val k, v;
  for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    if (k.mv_size <= 8) {
      rc = MDB_CORRUPTED;
      break;
    }
    uint64_t id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
    if (id != unit && (rc = place()) != 0) break;
    unit = id;
    AppendSequence(&slot, View(k).substr(8), View(v));
  }
  mdb_cursor_close(cursor);
  if (rc != MDB_NOTFOUND) return rc;
  rc = place();
  if (rc == 0) rc = put();
  return rc != 0 ? rc : mdb_drop(txn, tokens, 1);
}

// Schema 4 adds `signatures`: each unit's tokens (those of its word index entries) hashed into 256
// bits. Built from the token sequences, which hold every word's token id; a variant with a number
// also has the entry of its language's "any number" token. Blocks are written in key order with
// appends. Returns an LMDB code.
int BuildSignatures(MDB_txn* txn, MDB_dbi sequences, MDB_dbi vocab, MDB_dbi signatures) {
  int rc = mdb_drop(txn, signatures, 0);  // a TM downgraded by hand may hold stale ones
  MDB_cursor* cursor;
  if (rc == 0) rc = mdb_cursor_open(txn, sequences, &cursor);
  if (rc != 0) return rc;
  std::map<std::string, uint32_t> any_number;  // primary language -> its "any number" token
  auto number_token = [&](std::string_view lang, uint32_t* token) {
    std::string plang = PrimaryLanguage(lang);
    auto it = any_number.find(plang);
    if (it == any_number.end()) {
      std::string key = VocabKey(plang, kNumberToken);
      MDB_val k = Val(key), v;
      uint32_t id = 0;
      int got = mdb_get(txn, vocab, &k, &v);
      if (got == 0) {
        const char* p = static_cast<const char*>(v.mv_data);
        uint64_t tid;
        if (!codec::GetVarint(&p, p + v.mv_size, &tid)) return MDB_CORRUPTED;
        id = static_cast<uint32_t>(tid);
      } else if (got != MDB_NOTFOUND) {
        return got;
      }
      it = any_number.emplace(plang, id).first;
    }
    *token = it->second;
    return it->second == 0 ? MDB_CORRUPTED : 0;  // a number is stored, so its token must be
  };
  std::string block;
  uint64_t block_number = UINT64_MAX;
  auto put = [&] {
    if (block_number == UINT64_MAX) return 0;
    std::string key = SignatureBlockKey(block_number);
    MDB_val k = Val(key), v = Val(block);
    return mdb_put(txn, signatures, &k, &v, MDB_APPEND);
  };
  MDB_val k, v;
  for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    if (k.mv_size != 8) {
      rc = MDB_CORRUPTED;
      break;
    }
    SequenceBlock stored;
    const uint64_t first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
    if (!stored.Decode(StoredBlock{View(v), first})) {
      rc = MDB_CORRUPTED;
      break;
    }
    for (size_t i = 0; i < stored.slots.size() && rc == 0; ++i) {
      if (stored.slots[i].empty()) continue;
      const uint64_t id = first + i;
      Signature sig;
      bool ok = ForEachSequence(stored.slots[i], [&](std::string_view lang, std::string_view seq) {
        const char* p = seq.data();
        const char* end = p + seq.size();
        bool number = false;
        uint64_t word;
        while (p < end) {
          if (!codec::GetVarint(&p, end, &word)) {
            rc = MDB_CORRUPTED;
            return;
          }
          sig.Add(static_cast<uint32_t>(word >> 1));
          number |= (word & 1) != 0;
        }
        uint32_t token;
        if (number && rc == 0 && (rc = number_token(lang, &token)) == 0) sig.Add(token);
      });
      if (!ok) rc = MDB_CORRUPTED;
      if (rc != 0) break;
      if (id / kSignaturesPerBlock != block_number) {
        rc = put();
        block.clear();
        block_number = id / kSignaturesPerBlock;
      }
      if (rc == 0) PutSignature(&block, id, sig);
    }
    if (rc != 0) break;
  }
  mdb_cursor_close(cursor);
  if (rc != MDB_NOTFOUND) return rc;
  return put();
}

}  // namespace

namespace {

// The named databases of a TM and where a MemoryImpl keeps their handles.
std::array<std::pair<const char*, MDB_dbi*>, 6> Databases(MemoryImpl* m) {
  return {{{"meta", &m->meta_}, {"units", &m->units_}, {"vocab", &m->vocab_}, {"sequences", &m->sequences_},
           {"postings", &m->postings_}, {"exact", &m->exact_}}};
}

// LMDB checks a page's kind as it descends and aborts on a wrong one (a damaged page that the
// checks before mapping could not see: they read only what opening reads). An abort is a crash
// dump and no word of why; this is the one-line message and exit code of a damaged TM instead.
void DamagedTmFound(MDB_env* env, const char* what) {
  const char* path = nullptr;
  if (mdb_env_get_path(env, &path) != 0 || path == nullptr) path = "the TM";
  std::fprintf(stderr, "tmkit: %s is damaged (LMDB: %s); 'tmkit verify --tm %s' says where\n", path, what, path);
  std::fflush(stderr);
  _exit(4);  // kExitInternal (docs/cli.md): nothing further can be read safely
}

// Creates m->env_ on m->dir_ with the map size m->map_bytes_ and opens it; an LMDB code.
int StartEnvironment(MemoryImpl* m) {
  int rc = mdb_env_create(&m->env_);
  if (rc != 0) {
    m->env_ = nullptr;
    return rc;
  }
  mdb_env_set_assert(m->env_, DamagedTmFound);
  mdb_env_set_maxdbs(m->env_, 8);
  mdb_env_set_maxreaders(m->env_, 1024);
  mdb_env_set_mapsize(m->env_, m->map_bytes_);
  unsigned flags = MDB_NOTLS;
  if (m->options_.read_only) flags |= MDB_RDONLY | MDB_NORDAHEAD;
  rc = mdb_env_open(m->env_, m->dir_.c_str(), flags, 0644);
  MDB_envinfo info;
  if (rc == 0 && mdb_env_info(m->env_, &info) == 0) m->map_bytes_ = info.me_mapsize;
  return rc;
}

}  // namespace

Status MemoryImpl::Restart(uint64_t generation) {
  std::unique_lock<std::shared_mutex> exclusive(map_mutex_);
  if (generation != generation_) return Status::OK();
  // No transaction of this process is open (each holds map_mutex_), as mdb_env_close requires.
  if (env_ != nullptr) mdb_env_close(env_);
  env_ = nullptr;
  int rc = StartEnvironment(this);
  MDB_txn* txn = nullptr;
  if (rc == 0) rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
  for (const auto& [name, dbi] : Databases(this)) {
    if (rc == 0) rc = mdb_dbi_open(txn, name, 0, dbi);
  }
  if (rc == 0 && has_signatures_) rc = mdb_dbi_open(txn, "signatures", 0, &signatures_);
  if (txn != nullptr) {
    if (rc == 0) rc = mdb_txn_commit(txn);  // a read transaction's commit keeps the handles
    else mdb_txn_abort(txn);
  }
  if (rc != 0) {
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = nullptr;
    return Error(rc, "reopening the TM after a failed write");
  }
  ++generation_;
  return Status::OK();
}

Status MemoryImpl::OpenEnv(const std::string& dir, const OpenOptions& options) {
  dir_ = dir;
  options_ = options;
  std::string data = dir + "/data.mdb";
  if (Exists(dir) && !IsDirectory(dir)) return Status::InvalidInput(dir + " is not a TM (a TM is a directory)");
  bool fresh = !Exists(data);
  if (fresh) {
    if (!options.create_if_missing || options.read_only) {
      if (IsDirectory(dir)) return Status::InvalidInput(dir + " is not a tmkit TM (no data.mdb in it)");
      return Status::NotFound("no TM at " + dir);
    }
    Status s = MakeDirs(dir);
    if (!s.ok()) return s;
    if (access(dir.c_str(), W_OK) != 0) {
      return Status::IOError("cannot create a TM in " + dir + ": " + std::strerror(errno));
    }
  }
  if (!fresh) {
    // LMDB trusts the file it maps: a truncated one raises SIGBUS, a damaged meta page or table of
    // databases sends it through wild pointers. What it reads on opening is checked first.
    Status s = CheckDataFile(data, nullptr);
    if (!s.ok()) return s;
  }
  struct stat st;
  uint64_t file_bytes = stat(data.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  uint64_t initial = options.initial_map_bytes != 0 ? options.initial_map_bytes : kInitialMapBytes;
  map_bytes_ = std::max<uint64_t>(initial, file_bytes + file_bytes / 2);
  if (options.max_map_bytes != 0) map_bytes_ = std::max<uint64_t>(std::min(map_bytes_, options.max_map_bytes), file_bytes);
  int rc = StartEnvironment(this);
  if (rc != 0) {
    if (rc == EACCES || rc == EROFS) return Status::IOError("cannot open the TM at " + dir + ": permission denied");
    if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) return Status::InvalidInput(dir + " is not a tmkit TM (data.mdb is not an LMDB file)");
    return Error(rc, "opening");
  }

  // The schema check reads first and writes only for a fresh TM, so a newer TM is never touched.
  MDB_txn* txn;
  rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) return Error(rc, "opening");
  MDB_dbi main_dbi;
  MDB_stat main_stat;
  rc = mdb_dbi_open(txn, nullptr, 0, &main_dbi);
  if (rc == 0) rc = mdb_stat(txn, main_dbi, &main_stat);
  if (rc != 0) {
    mdb_txn_abort(txn);
    return Error(rc, "opening");
  }
  bool empty = main_stat.ms_entries == 0;
  bool has_meta = mdb_dbi_open(txn, "meta", 0, &meta_) == 0;
  uint64_t version = 0;
  bool found = false;
  if (has_meta) {
    Status s = MetaGet(txn, meta_, kSchemaKey, &version, &found);
    if (!s.ok()) {
      mdb_txn_abort(txn);
      return s;
    }
  }
  mdb_txn_abort(txn);
  if (!empty && (!has_meta || !found)) return Status::InvalidInput(dir + " is an LMDB environment but not a tmkit TM");
  if (found && version > kSchemaVersion) {
    return Status::NotSupported("the TM at " + dir + " has schema version " + std::to_string(version) +
                                ", newer than this tmkit understands (" + std::to_string(kSchemaVersion) +
                                "); use a newer tmkit");
  }
  if (empty && options.read_only) return Status::InvalidInput(dir + " is not a tmkit TM (empty environment)");
  if (found && version < kOldestReadableSchema && options.read_only) {
    return Status::NotSupported("the TM at " + dir + " has schema version " + std::to_string(version) +
                                " (written by an older tmkit); run 'tmkit upgrade --tm " + dir +
                                "' once to bring it to version " + std::to_string(kSchemaVersion));
  }

  unsigned dbi_flags = options.read_only ? 0 : MDB_CREATE;
  for (int attempt = 0;; ++attempt) {
    rc = mdb_txn_begin(env_, nullptr, options.read_only ? MDB_RDONLY : 0, &txn);
    if (rc != 0) return Error(rc, "opening");
    for (const auto& [name, dbi] : Databases(this)) {
      rc = mdb_dbi_open(txn, name, dbi_flags, dbi);
      if (rc != 0) {
        mdb_txn_abort(txn);
        if (rc == MDB_NOTFOUND) return Status::InvalidInput(dir + " is not a tmkit TM (no '" + name + "' database)");
        return Error(rc, "opening");
      }
    }
    if (options.read_only) {
      // A schema 2 or 3 TM is read without signatures (the lookups then read every candidate).
      has_signatures_ = found && version >= 4;
      if (has_signatures_ && (rc = mdb_dbi_open(txn, "signatures", 0, &signatures_)) != 0) {
        mdb_txn_abort(txn);
        if (rc == MDB_NOTFOUND) return Status::InvalidInput(dir + " is not a tmkit TM (no 'signatures' database)");
        return Error(rc, "opening");
      }
    } else {
      // Read again under the write lock: another process may have upgraded the TM meanwhile.
      Status s = MetaGet(txn, meta_, kSchemaKey, &version, &found);
      if (!s.ok()) {
        mdb_txn_abort(txn);
        return s;
      }
      rc = mdb_dbi_open(txn, "signatures", MDB_CREATE, &signatures_);
      // 2 -> 3 adds the optional tmx_header record: only the number changes. 3 -> 4 adds the
      // signatures, built from the token sequences.
      if (rc == 0 && found && version < 2) rc = UpgradeFromSchema1(txn, sequences_);
      if (rc == 0 && found && version < 4) rc = BuildSignatures(txn, sequences_, vocab_, signatures_);
      if (rc == 0 && (!found || version < kSchemaVersion)) rc = MetaPut(txn, meta_, kSchemaKey, kSchemaVersion);
      has_signatures_ = rc == 0;
      if (rc != 0) {
        mdb_txn_abort(txn);
        // The upgrade writes the sequences before the old entries' pages are free: it may need room.
        if (rc != MDB_MAP_FULL || attempt >= 3) return Error(rc, "upgrading the TM to the current schema");
        Status grown = Grow(map_bytes_ * 2);
        if (!grown.ok()) return grown;
        continue;
      }
    }
    rc = mdb_txn_commit(txn);
    if (rc != 0) return Error(rc, "opening");
    break;
  }
  if (!options.read_only) {
    std::string lock = dir + "/writer.lock";
    lock_fd_ = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) return Status::IOError("cannot open " + lock + ": " + std::strerror(errno));
  }
  return Status::OK();
}

Status MemoryImpl::Write(const std::function<Status(Writer*)>& fill, uint64_t expected_growth) {
  if (options_.read_only) return Status::InvalidArgument(dir_ + " was opened read-only");
  std::unique_lock<std::mutex> in_process(write_mutex_);
  // Another process writing: wait (as configured) or say so, instead of blocking silently.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, options_.writer_wait_ms));
  while (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) return Status::IOError(dir_ + ": cannot lock the TM: " + std::strerror(errno));
    if (options_.writer_wait_ms >= 0 && std::chrono::steady_clock::now() >= deadline) {
      return Status::Busy(dir_ + ": another process is writing to this TM; try again when it has finished");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  struct Unlock {
    int fd;
    ~Unlock() { flock(fd, LOCK_UN); }
  } unlock{lock_fd_};

  if (expected_growth > 0) {
    struct stat st;
    uint64_t used = stat((dir_ + "/data.mdb").c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
    uint64_t want = used + expected_growth;
    if (options_.max_map_bytes != 0) want = std::min(want, options_.max_map_bytes);
    if (want > map_bytes_) {
      Status grown = Grow(want);
      if (!grown.ok()) return grown;
    }
  }

  for (int restarts = 0;;) {
    std::shared_lock<std::shared_mutex> map_lock(map_mutex_);
    MDB_txn* txn;
    int rc = env_ == nullptr ? MDB_PANIC : mdb_txn_begin(env_, nullptr, 0, &txn);
    if (rc == MDB_PANIC && restarts++ < 2) {
      const uint64_t generation = generation_;
      map_lock.unlock();
      Status restarted = Restart(generation);
      if (!restarted.ok()) return restarted;
      continue;
    }
    if (rc == MDB_MAP_RESIZED) {
      map_lock.unlock();
      std::unique_lock<std::shared_mutex> exclusive(map_mutex_);
      mdb_env_set_mapsize(env_, 0);
      MDB_envinfo info;
      if (mdb_env_info(env_, &info) == 0) map_bytes_ = info.me_mapsize;
      continue;
    }
    if (rc != 0) return Error(rc, "starting a write");
    bool full = false;
    Status s = RunWriter(this, txn, fill, &full);
    if (s.ok()) {
      rc = mdb_txn_commit(txn);
      if (rc == 0) return Status::OK();
      full = rc == MDB_MAP_FULL;
      if (!full) s = Error(rc, "committing");  // before the trim: it reads the free space
    } else {
      mdb_txn_abort(txn);
    }
    if (!full) {
      TrimUncommittedPages();
      return s;
    }
    map_lock.unlock();
    Status grown = Grow(map_bytes_ * 2);
    if (!grown.ok()) return grown;
  }
}

// LMDB writes a transaction's new pages past the end of the file before its meta page, so a commit
// that fails (a full disk, a spill that fails mid-import) leaves the committed TM intact but the file
// longer, holding the disk space it failed on. No snapshot, ours or another process's, reaches past
// the last committed page, and this process holds the writer lock: cutting there is safe. Best
// effort: if the cut fails, the pages past the committed end are still never read.
void MemoryImpl::TrimUncommittedPages() {
  MDB_envinfo info;
  MDB_stat stat;
  int fd;
  if (mdb_env_info(env_, &info) != 0 || mdb_env_stat(env_, &stat) != 0 || mdb_env_get_fd(env_, &fd) != 0) return;
  off_t committed = static_cast<off_t>(info.me_last_pgno + 1) * stat.ms_psize;
  struct stat file;
  if (fstat(fd, &file) != 0 || file.st_size <= committed) return;
  int cut = ftruncate(fd, committed);
  (void)cut;
}

Status MemoryImpl::Get(uint64_t id, Unit* unit) const {
  Snapshot snap(this);
  Status s = snap.Begin();
  if (!s.ok()) return s;
  return snap.GetUnit(id, unit);
}

Status MemoryImpl::ForEach(const std::function<Status(const Unit&)>& visit) const {
  Snapshot snap(this);
  Status s = snap.Begin();
  if (!s.ok()) return s;
  MDB_cursor* cursor;
  int rc = mdb_cursor_open(snap.txn(), units_, &cursor);
  if (rc != 0) return Error(rc, "reading units");
  MDB_val k, v;
  Unit unit;
  for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    if (k.mv_size != 8 || !codec::DecodeUnit(View(v), &unit)) {
      s = Status::Corruption("a unit record in " + dir_ + " cannot be decoded");
      break;
    }
    unit.id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
    s = visit(unit);
    if (!s.ok()) break;
  }
  mdb_cursor_close(cursor);
  if (s.ok() && rc != MDB_NOTFOUND) s = Error(rc, "reading units");
  return s;
}

Status MemoryImpl::Stats(MemoryStats* stats) const {
  Snapshot snap(this);
  Status s = snap.Begin();
  if (!s.ok()) return s;
  *stats = MemoryStats();
  bool found;
  uint64_t value = 0;
  s = MetaGet(snap.txn(), meta_, kUnitCountKey, &stats->units, &found);
  if (s.ok()) s = MetaGet(snap.txn(), meta_, kPostingCountKey, &stats->postings, &found);
  if (s.ok()) s = MetaGet(snap.txn(), meta_, kSchemaKey, &value, &found);
  stats->schema_version = static_cast<uint32_t>(value);
  if (s.ok()) s = MetaGet(snap.txn(), meta_, kLastChangeKey, &value, &found);
  stats->last_change = static_cast<int64_t>(value);
  if (!s.ok()) return s;
  MDB_stat vocab_stat;
  if (mdb_stat(snap.txn(), vocab_, &vocab_stat) == 0) stats->vocabulary = vocab_stat.ms_entries;
  MDB_cursor* cursor;
  int rc = mdb_cursor_open(snap.txn(), meta_, &cursor);
  if (rc != 0) return Error(rc, "reading TM metadata");
  std::string prefix = kLangCountPrefix;
  MDB_val k = Val(prefix), v;
  for (rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    std::string_view key = View(k);
    if (key.substr(0, prefix.size()) != prefix) break;
    uint64_t count = 0;
    for (char c : View(v)) count = count * 10 + (c - '0');
    stats->variants_by_lang.emplace_back(std::string(key.substr(prefix.size())), count);
  }
  mdb_cursor_close(cursor);
  struct stat st;
  if (stat((dir_ + "/data.mdb").c_str(), &st) == 0) stats->file_bytes = static_cast<uint64_t>(st.st_size);
  MDB_envinfo info;
  if (mdb_env_info(env_, &info) == 0) stats->map_bytes = info.me_mapsize;
  return Status::OK();
}

Status MemoryImpl::GetTmxHeader(TmxHeader* header) const {
  Snapshot snap(this);
  Status s = snap.Begin();
  if (!s.ok()) return s;
  return ReadTmxHeader(snap.txn(), meta_, header);
}

Status MemoryImpl::CheckFile() const { return CheckDataFileLength(dir_ + "/data.mdb"); }

Status MemoryImpl::CopyTo(const std::string& dir) const {
  struct stat st;
  if (lstat(dir.c_str(), &st) == 0) return Status::InvalidArgument(dir + ": exists; copy into a new directory");
  std::string tmp = dir + ".tmp-XXXXXX";
  if (mkdtemp(tmp.data()) == nullptr) return Status::IOError(dir + ": " + std::strerror(errno));
  int rc;
  {
    std::shared_lock<std::shared_mutex> map_lock(map_mutex_);
    rc = env_ == nullptr ? MDB_PANIC : mdb_env_copy2(env_, tmp.c_str(), MDB_CP_COMPACT);
  }
  if (rc == 0 && rename(tmp.c_str(), dir.c_str()) != 0) rc = errno;
  if (rc != 0) {
    std::string data = tmp + "/data.mdb";
    unlink(data.c_str());
    rmdir(tmp.c_str());
    return rc == MDB_PANIC ? Error(rc, "copying the TM") : Status::IOError(dir + ": " + mdb_strerror(rc));
  }
  return Status::OK();
}

}  // namespace store

std::vector<std::string> MemoryStats::HeldLanguages() const {
  std::vector<std::string> held;
  for (const auto& [lang, count] : variants_by_lang) {
    if (count > 0) held.push_back(lang);
  }
  return held;
}

Status Memory::Open(const std::string& dir, const OpenOptions& options, std::unique_ptr<Memory>* memory) {
  auto impl = std::make_unique<store::MemoryImpl>();
  std::string path = dir;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  Status s = impl->OpenEnv(path, options);
  if (!s.ok()) return s;
  *memory = std::move(impl);
  return Status::OK();
}

}  // namespace tmkit
