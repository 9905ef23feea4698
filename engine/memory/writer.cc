// The write path of the LMDB translation memory: adding, merging, replacing and removing units
// and keeping the word index, token sequences, exact index and vocabulary in step. Layout:
// docs/tm-format.md; the transaction around it is MemoryImpl::Write (store.cc); the posting
// lists and the token-sequence blocks are written by posting_writer.cc and sequence_writer.cc.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <thread>

#include "memory/codec.h"
#include "memory/posting_writer.h"
#include "memory/sequence_writer.h"
#include "memory/signature_writer.h"
#include "memory/store_internal.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/unit_join.h"
#include "util/strings.h"

namespace tmkit {
namespace store {
namespace {

// Posting lists a flush under way writes per unit stored: it ends long before the next flush is
// due (a flush holds fewer lists than units), and analysis overlaps it.
constexpr size_t kPostingListsPerUnit = 4;
constexpr size_t kPendingExactEntries = size_t{1} << 22;  // exact-index entries held (about 40 bytes each, 170 MB)

// The pure, per-unit part of indexing (tokenizing and folding), done before the write lock
// work so that a batch can be analysed on several threads.
uint64_t VocabHash(std::string_view key) { return std::hash<std::string_view>()(key); }

// The vocabulary keys of a variant's terms and their hashes, built with the analysis so that
// the writer only probes.
class TermKeys {
 public:
  TermKeys() = default;
  TermKeys(std::string_view plang, const Terms& terms) {
    std::string key;
    ends_.reserve(terms.size());
    hashes_.reserve(terms.size());
    for (const std::string& norm : terms.norms) {
      VocabKeyInto(plang, norm, &key);
      keys_.append(key);
      ends_.push_back(static_cast<uint32_t>(keys_.size()));
      hashes_.push_back(VocabHash(key));
    }
  }
  std::string_view key(size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(keys_).substr(begin, ends_[i] - begin);
  }
  uint64_t hash(size_t i) const { return hashes_[i]; }

 private:
  std::string keys_;  // back to back
  std::vector<uint32_t> ends_;
  std::vector<uint64_t> hashes_;
};

struct PreparedVariant {
  Terms terms;
  TermKeys keys;
  uint64_t exact_hash = 0;
};

std::vector<PreparedVariant> Prepare(const Unit& unit) {
  std::vector<PreparedVariant> out(unit.variants.size());
  for (size_t i = 0; i < unit.variants.size(); ++i) {
    out[i].terms = ScoringTerms(unit.variants[i].text, unit.variants[i].lang);
    out[i].keys = TermKeys(PrimaryLanguage(unit.variants[i].lang), out[i].terms);
    out[i].exact_hash = ExactHash(unit.variants[i].text, unit.variants[i].lang);
  }
  return out;
}

// The vocabulary entries a write transaction has touched. An import probes it once per word,
// so it is open-addressed with the keys in one arena: a probe costs one or two cache lines where
// a node-based map chased a pointer per step (15% of an import's time).
class VocabTable {
 public:
  struct Entry {
    uint32_t key_offset, key_size;
    uint32_t id;
    bool dirty;
    uint64_t df;
  };

  VocabTable() { slots_.resize(1 << 16); }

  // The entry of `key`, or nullptr.
  Entry* Find(std::string_view key, uint64_t hash) {
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      uint64_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if ((slot >> 32) == (hash >> 32)) {
        Entry& e = entries_[static_cast<uint32_t>(slot) - 1];
        if (Key(e) == key) return &e;
      }
    }
  }

  // Adds `key` (not present) and returns its entry.
  Entry* Insert(std::string_view key, uint64_t hash, const Entry& value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Rehash();
    Entry e = value;
    e.key_offset = static_cast<uint32_t>(arena_.size());
    e.key_size = static_cast<uint32_t>(key.size());
    arena_.append(key);
    entries_.push_back(e);
    Place(hash, static_cast<uint32_t>(entries_.size()));
    if (by_id_.size() <= e.id) by_id_.resize(std::max<size_t>(e.id + 1, by_id_.size() * 2), 0);
    by_id_[e.id] = static_cast<uint32_t>(entries_.size());
    return &entries_.back();
  }

  // Starts loading what Find(key, hash) reads first: its slot, and, when the slot is taken by a
  // key with the same hash tag, that entry and its key. A writer prefetches a variant's words
  // slot by slot, then entry by entry, then probes, so that the cache misses of ~20 probes
  // overlap instead of following one another (the table outgrows the cache on a large import).
  void PrefetchSlot(uint64_t hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }
  void PrefetchEntry(uint64_t hash) const {
    uint64_t slot = slots_[hash & (slots_.size() - 1)];
    if (slot != 0 && (slot >> 32) == (hash >> 32)) {
      const Entry& e = entries_[static_cast<uint32_t>(slot) - 1];
      __builtin_prefetch(&e);
      __builtin_prefetch(arena_.data() + e.key_offset);
    }
  }

  Entry& ById(uint32_t id) { return entries_[by_id_[id] - 1]; }
  std::string_view Key(const Entry& e) const { return std::string_view(arena_).substr(e.key_offset, e.key_size); }
  std::vector<Entry>& entries() { return entries_; }
  static uint64_t Hash(std::string_view key) { return VocabHash(key); }

 private:
  void Place(uint64_t hash, uint32_t index_plus_one) {
    size_t i = hash & (slots_.size() - 1);
    while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = (hash >> 32 << 32) | index_plus_one;
  }

  void Rehash() {
    slots_.assign(slots_.size() * 2, 0);
    for (size_t i = 0; i < entries_.size(); ++i) Place(Hash(Key(entries_[i])), static_cast<uint32_t>(i + 1));
  }

  std::vector<uint64_t> slots_;    // hash's high half << 32 | entry index + 1; 0 = empty
  std::vector<Entry> entries_;
  std::string arena_;              // the keys, back to back
  std::vector<uint32_t> by_id_;    // token id -> entry index + 1
};

// The exact-index entries a write transaction has added and not yet written. An import's keys
// are hashes, so putting each as it came would descend to a random leaf of a growing tree once
// per variant; held here, they are written in key order by one pass (appended when they all
// follow the stored keys). Lookups see these and the stored entries alike.
class PendingExact {
 public:
  PendingExact() { heads_.resize(1 << 12); }

  void Add(std::string_view plang, uint64_t hash, uint64_t id) {
    if ((entries_.size() + 1) * 2 > heads_.size()) Rehash(heads_.size() * 2);
    uint32_t lang = LangIndex(plang);
    uint32_t& head = heads_[Slot(lang, hash)];
    entries_.push_back(Entry{hash, id, lang, head});
    head = static_cast<uint32_t>(entries_.size());
  }

  // Appends the ids held for (plang, hash) to *ids.
  void Find(std::string_view plang, uint64_t hash, std::vector<uint64_t>* ids) const {
    uint32_t lang = FindLang(plang);
    if (entries_.empty() || lang == langs_.size()) return;
    for (uint32_t i = heads_[Slot(lang, hash)]; i != 0; i = entries_[i - 1].next) {
      ids->push_back(entries_[i - 1].id);
    }
  }

  size_t size() const { return entries_.size(); }

  // Visits every key (ExactKey) in increasing order, each once, and empties the table.
  template <typename Visit>
  Status Drain(Visit&& visit) {
    std::vector<uint32_t> lang_rank(langs_.size());
    for (uint32_t i = 0; i < langs_.size(); ++i) {
      for (uint32_t j = 0; j < langs_.size(); ++j) lang_rank[i] += langs_[j] < langs_[i];
    }
    std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
      if (a.lang != b.lang) return lang_rank[a.lang] < lang_rank[b.lang];
      return a.hash != b.hash ? a.hash < b.hash : a.id < b.id;
    });
    Status s;
    for (size_t i = 0; i < entries_.size() && s.ok(); ++i) {
      const Entry& e = entries_[i];
      if (i > 0 && e.lang == entries_[i - 1].lang && e.hash == entries_[i - 1].hash && e.id == entries_[i - 1].id) continue;
      s = visit(ExactKey(langs_[e.lang], e.hash, e.id));
    }
    entries_.clear();
    std::fill(heads_.begin(), heads_.end(), 0);
    return s;
  }

 private:
  struct Entry {
    uint64_t hash, id;
    uint32_t lang;
    uint32_t next;  // the entry of the same (lang, hash) added before, + 1; 0 = none
  };

  // The index of `plang` in langs_, langs_.size() when it has none.
  uint32_t FindLang(std::string_view plang) const {
    uint32_t i = 0;
    while (i < langs_.size() && langs_[i] != plang) ++i;
    return i;
  }

  uint32_t LangIndex(std::string_view plang) {
    uint32_t i = FindLang(plang);
    if (i == langs_.size()) langs_.emplace_back(plang);
    return i;
  }

  // The slot of (lang, hash)'s chain, or the empty slot where it would go: linear probing.
  size_t Slot(uint32_t lang, uint64_t hash) const {
    size_t mask = heads_.size() - 1;
    for (size_t i = (hash ^ (static_cast<uint64_t>(lang) * 0x9E3779B97F4A7C15ull)) & mask;; i = (i + 1) & mask) {
      uint32_t head = heads_[i];
      if (head == 0) return i;
      const Entry& e = entries_[head - 1];
      if (e.hash == hash && e.lang == lang) return i;
    }
  }

  void Rehash(size_t slots) {
    heads_.assign(slots, 0);
    // Chains are rebuilt oldest first so that each keeps its newest entry at the head.
    for (size_t i = 0; i < entries_.size(); ++i) {
      uint32_t& head = heads_[Slot(entries_[i].lang, entries_[i].hash)];
      entries_[i].next = head;
      head = static_cast<uint32_t>(i + 1);
    }
  }

  std::vector<std::string> langs_;  // primary languages seen, by index
  std::vector<Entry> entries_;
  std::vector<uint32_t> heads_;     // newest entry of a (lang, hash) + 1; 0 = empty slot
};

class WriterImpl : public Writer {
 public:
  WriterImpl(MemoryImpl* memory, MDB_txn* txn) : t_{memory, txn}, m_(memory), txn_(txn) {}

  Status Load() {
    bool found;
    Status s = MetaGet(txn_, m_->meta_, kNextUnitKey, &next_unit_, &found);
    if (s.ok()) s = MetaGet(txn_, m_->meta_, kNextTokenKey, &next_token_, &found);
    if (s.ok()) s = MetaGet(txn_, m_->meta_, kUnitCountKey, &unit_count_, &found);
    if (s.ok()) s = MetaGet(txn_, m_->meta_, kPostingCountKey, &posting_count_, &found);
    uint64_t last_change = 0;
    if (s.ok()) s = MetaGet(txn_, m_->meta_, kLastChangeKey, &last_change, &found);
    last_change_ = static_cast<int64_t>(last_change);
    if (next_unit_ == 0) next_unit_ = 1;
    if (next_token_ == 0) next_token_ = 1;
    return s;
  }

  bool map_full() const { return t_.map_full; }

  Status Add(const Unit& unit, AddOutcome* outcome, uint64_t* id) override {
    return AddPrepared(unit, Prepare(unit), outcome, id);
  }

  Status AddBatch(const std::vector<Unit>& units, std::vector<AddOutcome>* outcomes) override {
    // Analysis is pure, storing is serial. A helper thread analyses units in order while this
    // thread stores each one as soon as it is analysed, and analyses the next unclaimed unit
    // itself whenever the one it must store next is not ready: storing overlaps analysis and
    // neither thread idles until the batch runs out.
    size_t n = units.size();
    std::vector<std::vector<PreparedVariant>> prepared(n);
    std::unique_ptr<std::atomic<bool>[]> ready(new std::atomic<bool>[n]);
    for (size_t i = 0; i < n; ++i) ready[i].store(false, std::memory_order_relaxed);
    std::atomic<size_t> next_claim{0};
    auto prepare_one = [&]() {
      size_t j = next_claim.fetch_add(1, std::memory_order_relaxed);
      if (j >= n) return false;
      prepared[j] = Prepare(units[j]);
      ready[j].store(true, std::memory_order_release);
      return true;
    };
    std::thread helper([&] {
      while (prepare_one()) {
      }
    });
    outcomes->resize(n);
    Status s;
    for (size_t i = 0; i < n && s.ok(); ++i) {
      while (!ready[i].load(std::memory_order_acquire)) {
        if (!prepare_one()) std::this_thread::yield();  // unit i is being analysed by the helper
      }
      s = AddPrepared(units[i], prepared[i], &(*outcomes)[i], nullptr);
    }
    if (!s.ok()) next_claim.store(n, std::memory_order_relaxed);  // stop the helper early
    helper.join();
    return s;
  }

  Status AddPrepared(const Unit& unit, const std::vector<PreparedVariant>& prepared, AddOutcome* outcome, uint64_t* id) {
    touched_ = true;
    if (unit.variants.empty()) return Status::InvalidArgument("a unit needs at least one language variant");
    const Variant& source = SourceOf(unit);
    // Merge when a stored unit already holds every variant of this one.
    std::string plang = PrimaryLanguage(source.lang);
    uint64_t hash = prepared[&source - unit.variants.data()].exact_hash;
    std::string prefix = ExactKey(plang, hash, 0).substr(0, plang.size() + 9);
    MDB_cursor* cursor;
    int rc = mdb_cursor_open(txn_, m_->exact_, &cursor);
    if (rc != 0) return Fail(rc, "reading the exact index");
    MDB_val k = Val(prefix), v;
    std::vector<uint64_t> same;
    for (rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE); rc == 0 && View(k).substr(0, prefix.size()) == prefix;
         rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      same.push_back(codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + prefix.size()));
    }
    mdb_cursor_close(cursor);
    if (rc != 0 && rc != MDB_NOTFOUND) return Fail(rc, "reading the exact index");
    size_t stored_count = same.size();
    pending_exact_.Find(plang, hash, &same);
    if (same.size() > stored_count) {  // in id order, as the index alone would give them
      std::sort(same.begin(), same.end());
      same.erase(std::unique(same.begin(), same.end()), same.end());
    }
    std::vector<Unit> joinable;
    for (uint64_t candidate : same) {
      Unit stored;
      Status s = GetUnit(candidate, &stored);
      if (!s.ok()) return s;
      if (Contains(stored, unit)) {
        // The duplicate's own tuid, props, notes and attributes join the stored unit's
        // (docs/tmx.md, "Import decisions"); its variants are already there, so no index changes.
        if (MergeMetadata(unit, &stored)) {
          std::string record = codec::EncodeUnit(stored);
          std::string uk = UnitKey(candidate);
          MDB_val uk_val = Val(uk), record_val = Val(record);
          int put = mdb_put(txn_, m_->units_, &uk_val, &record_val, 0);
          if (put != 0) return Fail(put, "storing a unit");
        }
        *outcome = AddOutcome::kMerged;
        if (id) *id = candidate;
        return Status::OK();
      }
      if (join_on_add_ && CanJoin(stored, unit)) joinable.push_back(std::move(stored));
    }
    if (joinable.size() == 1) {
      Status s = Replace(JoinUnits(joinable[0], unit));
      if (!s.ok()) return s;
      *outcome = AddOutcome::kJoined;
      if (id) *id = joinable[0].id;
      return Status::OK();
    }
    uint64_t new_id = next_unit_++;
    Status s = Insert(unit, prepared, new_id, true);
    if (!s.ok()) return s;
    *outcome = AddOutcome::kAdded;
    if (id) *id = new_id;
    return Status::OK();
  }

  void JoinOnAdd(bool on) override { join_on_add_ = on; }

  Status Get(uint64_t id, Unit* unit) override { return GetUnit(id, unit); }

  Status ForEach(const std::function<Status(const Unit&)>& visit) override {
    MDB_cursor* cursor;
    int rc = mdb_cursor_open(txn_, m_->units_, &cursor);
    if (rc != 0) return Fail(rc, "reading units");
    MDB_val k, v;
    Unit unit;
    Status s;
    for (rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 8 || !codec::DecodeUnit(View(v), &unit)) {
        s = Status::Corruption("a unit record cannot be decoded");
        break;
      }
      unit.id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
      s = visit(unit);
      if (!s.ok()) break;
    }
    mdb_cursor_close(cursor);
    if (s.ok() && rc != MDB_NOTFOUND) s = Fail(rc, "reading units");
    return s;
  }

  Status Replace(const Unit& unit) override {
    Status s = Remove(unit.id);
    if (!s.ok()) return s;
    return Insert(unit, Prepare(unit), unit.id, false);
  }

  Status Remove(uint64_t id) override {
    touched_ = true;
    Status s = postings_.Flush();
    if (s.ok()) s = FlushExact();  // the entries to delete must be in the index
    if (!s.ok()) return s;
    Unit stored;
    s = GetUnit(id, &stored);
    if (!s.ok()) return s;
    for (size_t i = 0; i < stored.variants.size(); ++i) {
      const Variant& v = stored.variants[i];
      lang_counts_[v.lang] -= 1;
      if (!IsIndexedVariant(stored, i)) continue;
      std::string plang = PrimaryLanguage(v.lang);
      Terms terms = ScoringTerms(v.text, v.lang);
      std::vector<uint32_t> distinct;
      s = TermIds(plang, terms, TermKeys(plang, terms), -1, nullptr, &distinct);
      if (!s.ok()) return s;
      uint32_t length = LengthBucket(terms.size());
      for (uint32_t token : distinct) {
        s = postings_.Remove(token, length, id);
        if (!s.ok()) return s;
      }
      posting_count_ -= distinct.size();
      std::string ek = ExactKey(plang, ExactHash(v.text, v.lang), id);
      MDB_val k = Val(ek);
      int rc = mdb_del(txn_, m_->exact_, &k, nullptr);
      if (rc != 0 && rc != MDB_NOTFOUND) return Fail(rc, "updating the exact index");
    }
    s = sequences_.Set(id, std::string(), false);
    if (s.ok()) s = signatures_.Set(id, Signature());
    if (!s.ok()) return s;
    std::string uk = UnitKey(id);
    MDB_val k = Val(uk);
    int rc = mdb_del(txn_, m_->units_, &k, nullptr);
    if (rc != 0) return Fail(rc, "removing a unit");
    --unit_count_;
    return Status::OK();
  }

  Status AddTmxHeader(const TmxHeader& header) override {
    touched_ = true;
    TmxHeader stored;
    Status s = ReadTmxHeader(txn_, m_->meta_, &stored);
    if (!s.ok() || !tmkit::MergeTmxHeader(header, &stored)) return s;
    std::string record = codec::EncodeTmxHeader(stored);
    MDB_val k = Val(kTmxHeaderKey), v = Val(record);
    int rc = mdb_put(txn_, m_->meta_, &k, &v, 0);
    return rc == 0 ? Status::OK() : Fail(rc, "writing the TMX header");
  }

  Status Compact() override {
    if (touched_) return Status::InvalidArgument("Compact must be the only change of its write");
    // A snapshot of the state this transaction started from: the pages it reads are not reused
    // while it is open, so each database can be emptied and refilled from it with appends.
    MDB_txn* before;
    int rc = mdb_txn_begin(m_->env_, nullptr, MDB_RDONLY, &before);
    if (rc != 0) return Fail(rc, "starting a read");
    for (MDB_dbi dbi : {m_->postings_, m_->sequences_, m_->exact_, m_->vocab_, m_->signatures_}) {
      MDB_cursor* from;
      rc = mdb_drop(txn_, dbi, 0);
      if (rc == 0) rc = mdb_cursor_open(before, dbi, &from);
      if (rc != 0) break;
      MDB_val k, v;
      for (rc = mdb_cursor_get(from, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(from, &k, &v, MDB_NEXT)) {
        rc = mdb_put(txn_, dbi, &k, &v, MDB_APPEND);
        if (rc != 0) break;
      }
      mdb_cursor_close(from);
      if (rc != MDB_NOTFOUND) break;
      rc = 0;
    }
    mdb_txn_abort(before);
    return rc == 0 ? Status::OK() : Fail(rc, "compacting the indexes");
  }

  // Writes everything still held in memory; called before commit.
  Status Finish() {
    Status s = postings_.Flush();
    if (s.ok()) s = sequences_.Flush();
    if (s.ok()) s = signatures_.Flush();
    if (s.ok()) s = FlushExact();
    if (!s.ok()) return s;
    // In key order: neighbouring puts then land on the same B-tree pages.
    std::vector<VocabTable::Entry*> dirty;
    for (VocabTable::Entry& entry : vocab_.entries()) {
      if (entry.dirty) dirty.push_back(&entry);
    }
    std::sort(dirty.begin(), dirty.end(), [&](const VocabTable::Entry* a, const VocabTable::Entry* b) {
      return vocab_.Key(*a) < vocab_.Key(*b);
    });
    std::string value;
    for (VocabTable::Entry* entry : dirty) {
      value.clear();
      codec::PutVarint(&value, entry->id);
      codec::PutVarint(&value, entry->df);
      MDB_val k = Val(vocab_.Key(*entry)), v = Val(value);
      int rc = entry->df == 0 ? mdb_del(txn_, m_->vocab_, &k, nullptr) : mdb_put(txn_, m_->vocab_, &k, &v, 0);
      if (rc != 0 && rc != MDB_NOTFOUND) return Fail(rc, "writing the vocabulary");
      entry->dirty = false;
    }
    for (auto& [lang, delta] : lang_counts_) {
      if (delta == 0) continue;
      std::string key = kLangCountPrefix + lang;
      uint64_t count;
      bool found;
      s = MetaGet(txn_, m_->meta_, key, &count, &found);
      if (!s.ok()) return s;
      count = static_cast<uint64_t>(static_cast<int64_t>(count) + delta);
      int rc;
      if (count == 0) {
        MDB_val k = Val(key);
        rc = mdb_del(txn_, m_->meta_, &k, nullptr);
        if (rc == MDB_NOTFOUND) rc = 0;
      } else {
        rc = MetaPut(txn_, m_->meta_, key, count);
      }
      if (rc != 0) return Fail(rc, "writing TM metadata");
      delta = 0;
    }
    int rc = MetaPut(txn_, m_->meta_, kNextUnitKey, next_unit_);
    if (rc == 0) rc = MetaPut(txn_, m_->meta_, kNextTokenKey, next_token_);
    if (rc == 0) rc = MetaPut(txn_, m_->meta_, kUnitCountKey, unit_count_);
    if (rc == 0) rc = MetaPut(txn_, m_->meta_, kPostingCountKey, posting_count_);
    if (rc == 0) rc = MetaPut(txn_, m_->meta_, kLastChangeKey, static_cast<uint64_t>(std::max<int64_t>(0, last_change_)));
    if (rc != 0) return Fail(rc, "writing TM metadata");
    return Status::OK();
  }

 private:
  Status Fail(int rc, const char* what) { return t_.Fail(rc, what); }

  static const Variant& SourceOf(const Unit& unit) {
    if (!unit.source_lang.empty()) {
      for (const Variant& v : unit.variants) {
        if (LanguageMatches(unit.source_lang, v.lang)) return v;
      }
    }
    return unit.variants[0];
  }

  // Adds to `stored` what a duplicate of it carries and it lacks: the tuid (a second, different
  // one as a prop "x-tmkit-merged-tuid"), props, notes and attributes of the unit and of each
  // variant, each once. True when anything was added.
  static bool MergeMetadata(const Unit& incoming, Unit* stored) {
    bool changed = false;
    auto add_missing = [&changed](auto* to, const auto& from) {
      for (const auto& item : from) {
        if (std::find(to->begin(), to->end(), item) == to->end()) {
          to->push_back(item);
          changed = true;
        }
      }
    };
    auto add_attributes = [&changed](Attributes* to, const Attributes& from) {
      for (const auto& attr : from) {
        bool present = false;
        for (const auto& have : *to) present = present || have.first == attr.first;
        if (!present) {
          to->push_back(attr);
          changed = true;
        }
      }
    };
    if (stored->tuid.empty() && !incoming.tuid.empty()) {
      stored->tuid = incoming.tuid;
      changed = true;
    } else if (!incoming.tuid.empty() && incoming.tuid != stored->tuid) {
      add_missing(&stored->props, std::vector<Prop>{{"x-tmkit-merged-tuid", incoming.tuid, {}}});
    }
    add_missing(&stored->props, incoming.props);
    add_missing(&stored->notes, incoming.notes);
    add_attributes(&stored->attrs, incoming.attrs);
    for (const Variant& v : incoming.variants) {
      for (Variant& s : stored->variants) {
        if (s.lang == v.lang && s.text == v.text && s.markup == v.markup) {
          add_missing(&s.props, v.props);
          add_missing(&s.notes, v.notes);
          add_attributes(&s.attrs, v.attrs);
          break;
        }
      }
    }
    return changed;
  }

  // True when every variant of `incoming` is in `stored` with the same text and codes.
  static bool Contains(const Unit& stored, const Unit& incoming) {
    for (const Variant& v : incoming.variants) {
      bool found = false;
      for (const Variant& s : stored.variants) {
        if (s.lang == v.lang && s.text == v.text && s.markup == v.markup) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  Status GetUnit(uint64_t id, Unit* unit) {
    std::string key = UnitKey(id);
    MDB_val k = Val(key), v;
    int rc = mdb_get(txn_, m_->units_, &k, &v);
    if (rc == MDB_NOTFOUND) return Status::NotFound("no unit " + std::to_string(id) + " in the TM");
    if (rc != 0) return Fail(rc, "reading a unit");
    if (!codec::DecodeUnit(View(v), unit)) return Status::Corruption("unit " + std::to_string(id) + " cannot be decoded");
    unit->id = id;
    return Status::OK();
  }

  // Maps terms to token ids (creating them when `df_delta` > 0), adjusting document frequencies
  // by df_delta per distinct token. `sequence` gets the encoded token sequence when not null.
  Status TermIds(const std::string& plang, const Terms& terms, const TermKeys& keys, int df_delta,
                 std::string* sequence, std::vector<uint32_t>* distinct) {
    distinct->clear();
    bool any_number = false;
    for (size_t i = 0; i < terms.size(); ++i) vocab_.PrefetchSlot(keys.hash(i));
    for (size_t i = 0; i < terms.size(); ++i) vocab_.PrefetchEntry(keys.hash(i));
    for (size_t i = 0; i < terms.size(); ++i) {
      uint32_t id;
      bool fresh;
      Status s = TokenId(keys.key(i), keys.hash(i), df_delta > 0, &id, &fresh);
      if (!s.ok()) return s;
      if (sequence) codec::PutVarint(sequence, (static_cast<uint64_t>(id) << 1) | terms.is_number[i]);
      distinct->push_back(id);
      any_number |= terms.is_number[i] != 0;
    }
    if (any_number) {
      uint32_t id;
      bool fresh;
      std::string key = VocabKey(plang, kNumberToken);
      Status s = TokenId(key, VocabTable::Hash(key), df_delta > 0, &id, &fresh);
      if (!s.ok()) return s;
      distinct->push_back(id);
    }
    std::sort(distinct->begin(), distinct->end());
    distinct->erase(std::unique(distinct->begin(), distinct->end()), distinct->end());
    for (uint32_t id : *distinct) {
      VocabTable::Entry& entry = vocab_.ById(id);
      entry.df = static_cast<uint64_t>(static_cast<int64_t>(entry.df) + df_delta);
      entry.dirty = true;
    }
    return Status::OK();
  }

  Status TokenId(std::string_view key, uint64_t hash, bool create, uint32_t* id, bool* fresh) {
    VocabTable::Entry* found = vocab_.Find(key, hash);
    *fresh = false;
    if (found == nullptr) {
      MDB_val k = Val(key), v;
      int rc = mdb_get(txn_, m_->vocab_, &k, &v);
      VocabTable::Entry entry{0, 0, 0, false, 0};
      if (rc == 0) {
        const char* p = static_cast<const char*>(v.mv_data);
        const char* end = p + v.mv_size;
        uint64_t tid;
        if (!codec::GetVarint(&p, end, &tid) || !codec::GetVarint(&p, end, &entry.df)) {
          return Status::Corruption("a vocabulary entry in " + m_->dir_ + " cannot be decoded");
        }
        entry.id = static_cast<uint32_t>(tid);
      } else if (rc == MDB_NOTFOUND) {
        if (!create) return Status::Corruption("word missing from the vocabulary of " + m_->dir_);
        if (next_token_ >= (1ull << 31)) return Status::NotSupported("the TM vocabulary is full (2^31 words)");
        entry.id = static_cast<uint32_t>(next_token_++);
        entry.dirty = true;
        *fresh = true;
      } else {
        return Fail(rc, "reading the vocabulary");
      }
      found = vocab_.Insert(key, hash, entry);
    }
    *id = found->id;
    return Status::OK();
  }

  Status Insert(const Unit& unit, const std::vector<PreparedVariant>& prepared, uint64_t id, bool append) {
    std::string record = codec::EncodeUnit(unit);
    std::string uk = UnitKey(id);
    MDB_val k = Val(uk), v = Val(record);
    int rc = mdb_put(txn_, m_->units_, &k, &v, append ? MDB_APPEND : 0);
    if (rc != 0) return Fail(rc, "storing a unit");
    std::vector<size_t> order;
    for (size_t i = 0; i < unit.variants.size(); ++i) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return unit.variants[a].lang < unit.variants[b].lang; });
    std::string sequence, slot;
    std::vector<uint32_t> distinct;
    Signature signature;
    for (size_t index : order) {
      if (!IsIndexedVariant(unit, index)) continue;
      const Variant* variant = &unit.variants[index];
      std::string plang = PrimaryLanguage(variant->lang);
      const Terms& terms = prepared[index].terms;
      sequence.clear();
      Status s = TermIds(plang, terms, prepared[index].keys, +1, &sequence, &distinct);
      if (!s.ok()) return s;
      uint32_t length = LengthBucket(terms.size());
      for (uint32_t token : distinct) {
        postings_.Add(token, length, id);
        signature.Add(token);
      }
      posting_count_ += distinct.size();
      AppendSequence(&slot, variant->lang, sequence);
      pending_exact_.Add(plang, prepared[index].exact_hash, id);
    }
    for (const Variant& variant : unit.variants) lang_counts_[variant.lang] += 1;
    Status s = sequences_.Set(id, std::move(slot), append);
    if (s.ok()) s = signatures_.Set(id, signature);
    if (!s.ok()) return s;
    ++unit_count_;
    last_change_ = std::max({last_change_, unit.created, unit.changed});
    if (pending_exact_.size() >= kPendingExactEntries) {
      Status flushed = FlushExact();
      if (!flushed.ok()) return flushed;
    }
    return postings_.full() ? postings_.StartFlush() : postings_.Step(kPostingListsPerUnit);
  }

  // Writes the exact-index entries held in pending_exact_, in key order.
  Status FlushExact() {
    if (pending_exact_.size() == 0) return Status::OK();
    MDB_cursor* cursor;
    int rc = mdb_cursor_open(txn_, m_->exact_, &cursor);
    if (rc != 0) return Fail(rc, "writing the exact index");
    MDB_val last, unused;
    rc = mdb_cursor_get(cursor, &last, &unused, MDB_LAST);
    bool first = true, append = rc == MDB_NOTFOUND;
    std::string last_key = rc == 0 ? std::string(View(last)) : std::string();
    Status s = rc == 0 || rc == MDB_NOTFOUND ? Status::OK() : Fail(rc, "reading the exact index");
    if (s.ok()) {
      s = pending_exact_.Drain([&](const std::string& key) {
        if (first) append = append || key > last_key;  // every key then follows the stored ones
        first = false;
        MDB_val k = Val(key), empty{0, nullptr};
        int put = mdb_cursor_put(cursor, &k, &empty, append ? MDB_APPEND : 0);
        return put == 0 ? Status::OK() : Fail(put, "writing the exact index");
      });
    }
    mdb_cursor_close(cursor);
    return s;
  }

  WriteTxn t_;
  MemoryImpl* m_;
  MDB_txn* txn_;
  bool touched_ = false;  // a unit was added, replaced or removed in this write
  bool join_on_add_ = false;
  uint64_t next_unit_ = 1, next_token_ = 1, unit_count_ = 0, posting_count_ = 0;
  int64_t last_change_ = 0;
  VocabTable vocab_;
  PostingWriter postings_{&t_};
  SequenceWriter sequences_{&t_};
  SignatureWriter signatures_{&t_};
  PendingExact pending_exact_;
  std::map<std::string, int64_t> lang_counts_;
};

}  // namespace

Status RunWriter(MemoryImpl* memory, MDB_txn* txn, const std::function<Status(Writer*)>& fill, bool* map_full) {
  WriterImpl writer(memory, txn);
  Status s = writer.Load();
  if (s.ok()) s = fill(&writer);
  if (s.ok()) s = writer.Finish();
  *map_full = writer.map_full();
  return s;
}

}  // namespace store
}  // namespace tmkit
