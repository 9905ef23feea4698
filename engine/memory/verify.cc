// `verify`: recomputes every index entry from the units and compares it with what is stored.
#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "memory/codec.h"
#include "memory/data_file.h"
#include "memory/store_internal.h"
#include "tmkit/lang.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace store {
namespace {

constexpr size_t kMaxProblems = 100;

class Problems {
 public:
  explicit Problems(std::vector<std::string>* out) : out_(out) {}
  void Add(std::string p) {
    ++count_;
    if (out_->size() < kMaxProblems) out_->push_back(std::move(p));
  }
  // `unlisted`, when not empty, says what was found wrong but not counted problem by problem.
  void Finish(const std::string& unlisted) {
    std::string more;
    if (count_ > out_->size()) more = "... and " + std::to_string(count_ - out_->size()) + " more problems";
    if (!unlisted.empty()) more += (more.empty() ? "... and " : "; and ") + unlisted;
    if (!more.empty()) out_->push_back(more);
  }

 private:
  std::vector<std::string>* out_;
  size_t count_ = 0;
};

uint64_t ParseDecimal(std::string_view v, bool* ok) {
  uint64_t n = 0;
  *ok = !v.empty();
  for (char c : v) {
    if (c < '0' || c > '9') *ok = false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

// The word index is keyed by word, the units by id, so the two cannot be walked side by side.
// Instead each id range keeps a count and a sum of hashes of its entries, added from the units
// and taken away for the stored ones: memory grows with the number of ranges, not of entries. A
// range that does not come out even is looked at again, entry by entry, to say which unit is wrong.
constexpr int kRangeBits = 10;
// How many units' entries a second look holds at once (~30 MB).
constexpr size_t kUnitsPerSecondLook = size_t{1} << 16;

uint64_t Mix(uint64_t x) {  // splitmix64's finalizer
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

struct RangeTally {
  uint64_t expected = 0, stored = 0;
  uint64_t hash = 0;  // expected entries' hashes minus the stored ones', wrapping
  bool Even() const { return expected == stored && hash == 0; }
};

// One word index entry: token << 8 | length bucket, filed for a unit.
uint64_t EntryHash(uint64_t entry, uint64_t id) { return Mix(Mix(id) ^ entry); }

// What the indexes should hold for one unit, rebuilt from its text.
struct ExpectedEntries {
  std::vector<uint64_t> postings;       // sorted, distinct: token << 8 | length bucket
  std::vector<uint32_t> counted;        // each indexed variant's distinct tokens (document frequency)
  std::vector<std::string> exact_keys;  // distinct
  std::vector<std::string> exact_langs; // the variant each exact key came from
  std::string slot;                     // the unit's token sequences, as a block stores them
  bool complete = true;                 // false when a word is missing from the vocabulary
};

using Vocabulary = std::unordered_map<std::string, uint32_t>;  // vocab key -> token id

// `missing` (may be null) hears the language of each variant with a word not in the vocabulary.
void Rebuild(const Unit& unit, uint64_t id, const Vocabulary& vocab, ExpectedEntries* out,
             const std::function<void(const std::string& lang)>& missing) {
  out->postings.clear();
  out->counted.clear();
  out->exact_keys.clear();
  out->exact_langs.clear();
  out->slot.clear();
  out->complete = true;
  std::map<std::string, std::string> sequences;  // tag -> encoded sequence, in tag order
  for (size_t v = 0; v < unit.variants.size(); ++v) {
    if (!IsIndexedVariant(unit, v)) continue;
    const Variant& variant = unit.variants[v];
    std::string plang = PrimaryLanguage(variant.lang);
    Terms terms = ScoringTerms(variant.text, variant.lang);
    std::string seq;
    std::vector<uint32_t> distinct;
    bool any_number = false, found = true;
    for (size_t i = 0; i < terms.size(); ++i) {
      auto it = vocab.find(VocabKey(plang, terms.norms[i]));
      if (it == vocab.end()) {
        found = false;
        break;
      }
      codec::PutVarint(&seq, (static_cast<uint64_t>(it->second) << 1) | terms.is_number[i]);
      distinct.push_back(it->second);
      any_number |= terms.is_number[i] != 0;
    }
    if (any_number && found) {
      auto it = vocab.find(VocabKey(plang, kNumberToken));
      if (it == vocab.end()) found = false; else distinct.push_back(it->second);
    }
    if (!found) {
      out->complete = false;
      if (missing) missing(variant.lang);
      continue;
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    uint32_t length = LengthBucket(terms.size());
    for (uint32_t t : distinct) out->postings.push_back((static_cast<uint64_t>(t) << 8) | length);
    out->counted.insert(out->counted.end(), distinct.begin(), distinct.end());
    sequences[variant.lang] = seq;
    std::string key = ExactKey(plang, ExactHash(variant.text, variant.lang), id);
    if (std::find(out->exact_keys.begin(), out->exact_keys.end(), key) == out->exact_keys.end()) {
      out->exact_keys.push_back(std::move(key));
      out->exact_langs.push_back(variant.lang);
    }
  }
  for (const auto& [tag, seq] : sequences) AppendSequence(&out->slot, tag, seq);
  std::sort(out->postings.begin(), out->postings.end());
  out->postings.erase(std::unique(out->postings.begin(), out->postings.end()), out->postings.end());
}

}  // namespace

Status MemoryImpl::Verify(std::vector<std::string>* problems_out,
                          const std::function<void(uint64_t done, uint64_t total)>& progress) const {
  problems_out->clear();
  // The structure first, read without the map: LMDB follows whatever offsets a damaged page
  // holds. The walk is of this snapshot's pages, which no writer reuses while it is open; when a
  // writer has committed twice since it began, its meta page is gone and it begins again.
  std::optional<Snapshot> snapshot;
  for (int attempt = 0;; ++attempt) {
    snapshot.emplace(this);
    Status s = snapshot->Begin();
    if (!s.ok()) return s;
    s = WalkDataFile(dir_ + "/data.mdb", mdb_txn_id(snapshot->txn()), problems_out);
    if (s.ok()) break;
    if (s.code() != Status::Code::kNotFound || attempt >= 10) return s;
  }
  if (!problems_out->empty()) {
    problems_out->push_back("the data file is damaged, so its contents were not checked further");
    return Status::OK();
  }
  Problems problems(problems_out);
  const Snapshot& snap = *snapshot;
  MDB_txn* txn = snap.txn();
  Status s;

  // Metadata.
  std::map<std::string, uint64_t> meta;
  bool has_tmx_header = false;
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, meta_, &c);
    if (rc != 0) return Error(rc, "reading metadata");
    MDB_val k, v;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (View(k) == kTmxHeaderKey) {  // the one record that is not a number
        has_tmx_header = true;
        TmxHeader header;
        if (!codec::DecodeTmxHeader(View(v), &header)) problems.Add("metadata 'tmx_header' is not a TMX header record");
        continue;
      }
      bool ok;
      uint64_t n = ParseDecimal(View(v), &ok);
      if (!ok) problems.Add("metadata '" + std::string(View(k)) + "' is not a number");
      meta[std::string(View(k))] = n;
    }
    mdb_cursor_close(c);
  }
  if (meta.count("schema_version") == 0) {
    problems.Add("metadata has no schema_version");
  } else if (meta["schema_version"] < kOldestReadableSchema || meta["schema_version"] > kSchemaVersion) {
    problems.Add("schema_version is " + std::to_string(meta["schema_version"]) + ", expected " + std::to_string(kSchemaVersion));
  } else if (meta["schema_version"] < 3 && has_tmx_header) {
    problems.Add("schema_version is " + std::to_string(meta["schema_version"]) + ", but the TM holds a tmx_header record (schema 3 on)");
  }

  // The work is two passes over every word index entry: rebuilding them from the units, then
  // reading the stored ones. The rest (vocabulary, sequences, exact index) is small beside them.
  const uint64_t work = 2 * meta["postings"];
  uint64_t done = 0;
  auto report = [&](uint64_t more) {
    done += more;
    if (progress && (done & 0xffff) < more) progress(std::min(done, work), work);
  };

  // The vocabulary.
  Vocabulary vocab;
  std::unordered_map<uint32_t, uint64_t> vocab_df;
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, vocab_, &c);
    if (rc != 0) return Error(rc, "reading the vocabulary");
    MDB_val k, v;
    std::set<uint32_t> ids;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      const char* p = static_cast<const char*>(v.mv_data);
      const char* end = p + v.mv_size;
      uint64_t id, df;
      if (!codec::GetVarint(&p, end, &id) || !codec::GetVarint(&p, end, &df) || p != end || id == 0 || id >= (1ull << 31)) {
        problems.Add("vocabulary entry '" + std::string(View(k)) + "' cannot be decoded");
        continue;
      }
      if (!ids.insert(static_cast<uint32_t>(id)).second) problems.Add("token id " + std::to_string(id) + " is used twice");
      if (meta.count("next_token_id") && id >= meta["next_token_id"]) problems.Add("token id " + std::to_string(id) + " is not below next_token_id");
      vocab[std::string(View(k))] = static_cast<uint32_t>(id);
      vocab_df[static_cast<uint32_t>(id)] = df;
    }
    mdb_cursor_close(c);
  }

  // The units, and what the indexes should hold for them: counts, and per id range a tally of the
  // word index entries; each unit's token sequences by hash, in id order.
  std::unordered_map<uint32_t, uint64_t> expected_df;
  std::unordered_map<uint64_t, RangeTally> ranges;
  std::vector<uint64_t> unit_ids;                           // ascending: the cursor walks keys in order
  std::vector<std::pair<uint64_t, uint64_t>> slot_hashes;  // (unit id, hash of its slot), ascending
  std::set<uint64_t> unknown_slots;  // units whose sequences cannot be rebuilt (reported already)
  std::map<std::string, uint64_t> lang_counts;
  uint64_t max_id = 0, expected_exact = 0, posting_total = 0;
  // The word signatures (schema 4), compared unit by unit in id order: one block read at a time.
  uint64_t signature_block = UINT64_MAX;
  const unsigned char* signatures = nullptr;
  uint32_t signature_slots = 0;
  auto stored_signature = [&](uint64_t id) -> const unsigned char* {
    if (id / kSignaturesPerBlock != signature_block) {
      signature_block = id / kSignaturesPerBlock;
      signatures = nullptr;
      std::string key = SignatureBlockKey(signature_block);
      MDB_val sk = Val(key), sv;
      signature_slots = 0;
      if (mdb_get(txn, signatures_, &sk, &sv) == 0) {
        if ((signature_slots = SignatureSlots(sv.mv_data, sv.mv_size)) != 0) {
          signatures = static_cast<const unsigned char*>(sv.mv_data);
        } else {
          problems.Add("the word signatures of units from " + std::to_string(signature_block * kSignaturesPerBlock) + " cannot be decoded");
        }
      }
    }
    return signatures == nullptr || id % kSignaturesPerBlock >= signature_slots ? nullptr : signatures + SignatureOffset(id);
  };
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, units_, &c);
    if (rc != 0) return Error(rc, "reading units");
    MDB_val k, v;
    Unit unit;
    ExpectedEntries expected;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 8) {
        problems.Add("a unit key is not 8 bytes");
        continue;
      }
      uint64_t id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
      std::string where = "unit " + std::to_string(id) + ": ";
      unit_ids.push_back(id);
      max_id = std::max(max_id, id);
      if (!codec::DecodeUnit(View(v), &unit)) {
        problems.Add(where + "record cannot be decoded");
        unknown_slots.insert(id);
        continue;
      }
      for (const Variant& variant : unit.variants) {
        std::string canonical;
        if (!CanonicalLanguageTag(variant.lang, &canonical).ok() || canonical != variant.lang) {
          problems.Add(where + "language tag '" + variant.lang + "' is not canonical");
        }
        if (FindInvalidUtf8(variant.text) != std::string_view::npos) problems.Add(where + "text in " + variant.lang + " is not valid UTF-8");
        lang_counts[variant.lang] += 1;
      }
      Rebuild(unit, id, vocab, &expected, [&](const std::string& lang) {
        problems.Add(where + "a word of the " + lang + " text is missing from the vocabulary");
      });
      if (!expected.complete) unknown_slots.insert(id);
      if (has_signatures_ && expected.complete) {
        Signature want;
        for (uint64_t entry : expected.postings) want.Add(static_cast<uint32_t>(entry >> 8));
        const unsigned char* got = stored_signature(id);
        if (got == nullptr) {
          problems.Add(where + "no word signature");
        } else if (!(GetSignature(got) == want)) {
          problems.Add(where + "word signature disagrees with its text");
        }
      }
      for (uint32_t t : expected.counted) expected_df[t] += 1;
      for (size_t i = 0; i < expected.exact_keys.size(); ++i) {
        ++expected_exact;
        MDB_val ekv = Val(expected.exact_keys[i]), ev;
        if (mdb_get(txn, exact_, &ekv, &ev) != 0) problems.Add(where + "missing from the exact index (" + expected.exact_langs[i] + ")");
      }
      slot_hashes.emplace_back(id, std::hash<std::string>()(expected.slot));
      RangeTally& tally = ranges[id >> kRangeBits];
      for (uint64_t entry : expected.postings) tally.hash += EntryHash(entry, id);
      tally.expected += expected.postings.size();
      posting_total += expected.counted.size();
      report(expected.counted.size());
    }
    mdb_cursor_close(c);
  }
  const uint64_t unit_count = unit_ids.size();
  auto unit_exists = [&](uint64_t id) { return std::binary_search(unit_ids.begin(), unit_ids.end(), id); };
  if (meta["units"] != unit_count) {
    problems.Add("metadata counts " + std::to_string(meta["units"]) + " units, the TM holds " + std::to_string(unit_count));
  }
  if (unit_count > 0 && meta["next_unit_id"] <= max_id) problems.Add("next_unit_id is not above the largest unit id");
  if (meta["postings"] != posting_total) {
    problems.Add("metadata counts " + std::to_string(meta["postings"]) + " word index entries, the units need " + std::to_string(posting_total));
  }
  for (const auto& [tag, count] : lang_counts) {
    if (meta["variants:" + tag] != count) {
      problems.Add("metadata counts " + std::to_string(meta["variants:" + tag]) + " " + tag + " variants, the TM holds " + std::to_string(count));
    }
  }
  for (const auto& [key, value] : meta) {
    if (key.rfind("variants:", 0) == 0 && lang_counts.count(key.substr(9)) == 0) problems.Add("metadata counts " + key.substr(9) + " variants that do not exist");
  }
  for (const auto& [id, df] : vocab_df) {
    uint64_t want = expected_df.count(id) ? expected_df[id] : 0;
    if (df != want) problems.Add("token " + std::to_string(id) + " has document frequency " + std::to_string(df) + ", the units give " + std::to_string(want));
  }

  // Stored entries that no unit explains.
  MDB_stat st;
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, sequences_, &c);
    if (rc != 0) return Error(rc, "reading the token sequences");
    MDB_val k, v;
    uint64_t covered_to = 0;  // blocks cover increasing, disjoint id ranges
    SequenceBlock block;
    std::vector<bool> slot_seen(slot_hashes.size());
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 8) {
        problems.Add("a token sequence block key is not 8 bytes");
        continue;
      }
      uint64_t first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
      std::string where = "the token sequences of units from " + std::to_string(first);
      if (!block.Decode(StoredBlock{View(v), first})) {
        problems.Add(where + " cannot be decoded");
        continue;
      }
      if (first < covered_to) problems.Add(where + " overlap the block before");
      if (block.empty()) problems.Add(where + " hold no unit");
      covered_to = first + block.slots.size();
      for (size_t i = 0; i < block.slots.size(); ++i) {
        uint64_t id = first + i;
        auto it = std::lower_bound(slot_hashes.begin(), slot_hashes.end(), std::make_pair(id, uint64_t{0}));
        if (it == slot_hashes.end() || it->first != id || slot_seen[it - slot_hashes.begin()]) {
          if (!block.slots[i].empty() && unknown_slots.count(id) == 0 && !unit_exists(id)) {
            problems.Add("token sequences stored for unit " + std::to_string(id) + ", which does not exist");
          }
          continue;
        }
        if (std::hash<std::string>()(block.slots[i]) != it->second && unknown_slots.count(id) == 0) {
          problems.Add("unit " + std::to_string(id) + ": token sequences disagree with its text");
        }
        slot_seen[it - slot_hashes.begin()] = true;
      }
    }
    mdb_cursor_close(c);
    for (size_t i = 0; i < slot_hashes.size(); ++i) {
      if (!slot_seen[i]) problems.Add("unit " + std::to_string(slot_hashes[i].first) + ": no token sequences");
    }
  }
  if (has_signatures_) {  // signatures of units that do not exist
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, signatures_, &c);
    if (rc != 0) return Error(rc, "reading the word signatures");
    MDB_val k, v;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 8) {
        problems.Add("a word signature block key is not 8 bytes");
        continue;
      }
      const uint64_t first = codec::GetBigEndian64(static_cast<const char*>(k.mv_data)) * kSignaturesPerBlock;
      const uint32_t slots = SignatureSlots(v.mv_data, v.mv_size);
      if (slots == 0) continue;  // named with the units above
      const auto* data = static_cast<const unsigned char*>(v.mv_data);
      for (uint64_t id = first; id < first + slots; ++id) {
        if (!GetSignature(data + SignatureOffset(id)).empty() && !unit_exists(id)) {
          problems.Add("a word signature is stored for unit " + std::to_string(id) + ", which does not exist");
        }
      }
    }
    mdb_cursor_close(c);
  }
  if (mdb_stat(txn, exact_, &st) == 0 && st.ms_entries != expected_exact) {
    problems.Add("the exact index holds " + std::to_string(st.ms_entries) + " entries, the units need " + std::to_string(expected_exact));
  }

  // The word index: each chunk's own order, then every entry taken off its range's tally.
  auto for_each_chunk = [&](const std::function<void(uint32_t token, uint64_t entry, const std::vector<uint64_t>& ids)>& visit,
                            bool check) -> Status {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, postings_, &c);
    if (rc != 0) return Error(rc, "reading the word index");
    MDB_val k, v;
    std::vector<uint64_t> ids;
    uint64_t list = UINT64_MAX, last = 0;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 13 || !DecodeChunk(View(v), &ids) || ids.empty()) {
        if (check) problems.Add("a word index chunk cannot be decoded");
        continue;
      }
      const char* key = static_cast<const char*>(k.mv_data);
      uint32_t token = codec::GetBigEndian32(key);
      uint32_t length = static_cast<uint8_t>(key[4]);
      uint64_t entry = (static_cast<uint64_t>(token) << 8) | length;
      if (check) {
        if (codec::GetBigEndian64(key + 5) != ids[0]) problems.Add("a word index chunk of token " + std::to_string(token) + " is filed under the wrong first id");
        if (entry != list) {
          list = entry;
          last = 0;
        }
        for (uint64_t id : ids) {
          if (id <= last) problems.Add("word index list of token " + std::to_string(token) + " is not strictly increasing at unit " + std::to_string(id));
          last = id;
        }
      }
      visit(token, entry, ids);
    }
    mdb_cursor_close(c);
    return Status::OK();
  };
  s = for_each_chunk([&](uint32_t, uint64_t entry, const std::vector<uint64_t>& ids) {
    for (uint64_t id : ids) {
      RangeTally& tally = ranges[id >> kRangeBits];
      tally.hash -= EntryHash(entry, id);
      tally.stored += 1;
    }
    report(ids.size());
  }, true);
  if (!s.ok()) return s;

  // A second look at the ranges that did not come out even, a batch of ranges at a time, until
  // enough problems are named; the ranges left after that are counted.
  std::vector<uint64_t> uneven;
  for (const auto& [range, tally] : ranges) {
    if (!tally.Even()) uneven.push_back(range);
  }
  std::sort(uneven.begin(), uneven.end());
  size_t next_range = 0;
  while (next_range < uneven.size() && problems_out->size() < kMaxProblems) {
    // Rebuild the entries of the units in the next ranges.
    std::unordered_map<uint64_t, std::vector<uint64_t>> expected_postings;  // unit -> its entries
    std::set<uint64_t> batch;
    size_t units_held = 0;
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, units_, &c);
    if (rc != 0) return Error(rc, "reading units");
    Unit unit;
    ExpectedEntries expected;
    for (; next_range < uneven.size() && units_held < kUnitsPerSecondLook; ++next_range) {
      const uint64_t range = uneven[next_range];
      batch.insert(range);
      std::string from = UnitKey(range << kRangeBits);
      MDB_val k = Val(from), v;
      for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
        if (k.mv_size != 8) continue;
        uint64_t id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
        if (id >> kRangeBits != range) break;
        if (!codec::DecodeUnit(View(v), &unit)) continue;
        Rebuild(unit, id, vocab, &expected, nullptr);
        expected_postings[id] = expected.postings;
        ++units_held;
      }
    }
    mdb_cursor_close(c);
    // Compare them with the stored entries of those ranges.
    std::unordered_map<uint64_t, uint64_t> found;  // unit -> entries seen
    s = for_each_chunk([&](uint32_t token, uint64_t entry, const std::vector<uint64_t>& ids) {
      for (uint64_t id : ids) {
        if (batch.count(id >> kRangeBits) == 0) continue;
        auto it = expected_postings.find(id);
        if (it == expected_postings.end() || !std::binary_search(it->second.begin(), it->second.end(), entry)) {
          problems.Add("word index entry token " + std::to_string(token) + " length " + std::to_string(entry & 0xff) + " unit " + std::to_string(id) + " is not explained by the unit");
          continue;
        }
        found[id] += 1;
      }
    }, false);
    if (!s.ok()) return s;
    std::vector<uint64_t> ids;
    for (const auto& [id, want] : expected_postings) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (uint64_t id : ids) {
      uint64_t got = found.count(id) ? found[id] : 0;
      uint64_t want = expected_postings[id].size();
      if (got != want) problems.Add("unit " + std::to_string(id) + " has " + std::to_string(got) + " word index entries, expected " + std::to_string(want));
    }
  }
  std::string unlisted;
  if (next_range < uneven.size()) {
    unlisted = "the word index disagrees with the units in " + std::to_string(uneven.size() - next_range) +
               " more ranges of " + std::to_string(1u << kRangeBits) + " unit ids, from unit " +
               std::to_string(uneven[next_range] << kRangeBits);
  }

  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, exact_, &c);
    if (rc != 0) return Error(rc, "reading the exact index");
    MDB_val k, v;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size < 17) {
        problems.Add("an exact index key is too short");
        continue;
      }
      uint64_t id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + k.mv_size - 8);
      if (!unit_exists(id)) problems.Add("the exact index names unit " + std::to_string(id) + ", which does not exist");
    }
    mdb_cursor_close(c);
  }
  problems.Finish(unlisted);
  return Status::OK();
}

}  // namespace store
}  // namespace tmkit
