// `verify`: recomputes every index entry from the units and compares it with what is stored.
#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "memory/codec.h"
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
  void Finish() {
    if (count_ > out_->size()) out_->push_back("... and " + std::to_string(count_ - out_->size()) + " more problems");
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

}  // namespace

Status MemoryImpl::Verify(std::vector<std::string>* problems_out,
                          const std::function<void(uint64_t done, uint64_t total)>& progress) const {
  problems_out->clear();
  Problems problems(problems_out);
  Snapshot snap(this);
  Status s = snap.Begin();
  if (!s.ok()) return s;
  MDB_txn* txn = snap.txn();

  // Metadata.
  std::map<std::string, uint64_t> meta;
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, meta_, &c);
    if (rc != 0) return Error(rc, "reading metadata");
    MDB_val k, v;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      bool ok;
      uint64_t n = ParseDecimal(View(v), &ok);
      if (!ok) problems.Add("metadata '" + std::string(View(k)) + "' is not a number");
      meta[std::string(View(k))] = n;
    }
    mdb_cursor_close(c);
  }
  if (meta.count("schema_version") == 0) {
    problems.Add("metadata has no schema_version");
  } else if (meta["schema_version"] != kSchemaVersion) {
    problems.Add("schema_version is " + std::to_string(meta["schema_version"]) + ", expected " + std::to_string(kSchemaVersion));
  }

  // The work is two passes over every word index entry: rebuilding them from the units, then
  // reading the stored ones. The rest (vocabulary, sequences, exact index) is small beside them.
  const uint64_t work = 2 * meta["postings"];
  uint64_t done = 0;
  auto report = [&](uint64_t more) {
    done += more;
    if (progress && (done & 0xffff) < more) progress(std::min(done, work), work);
  };

  // Units, and what the indexes should hold for them.
  std::unordered_map<std::string, uint32_t> vocab;  // vocab key -> token id
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

  std::unordered_map<uint32_t, uint64_t> expected_df;
  std::unordered_map<uint64_t, std::vector<uint64_t>> expected_postings;  // unit -> sorted token<<8|len
  std::map<std::string, uint64_t> lang_counts;
  uint64_t unit_count = 0, max_id = 0, expected_exact = 0, posting_total = 0;
  // Token sequences: each unit's expected slot, by hash, compared with the blocks afterwards.
  std::unordered_map<uint64_t, uint64_t> expected_slots;  // unit id -> hash of its slot
  std::set<uint64_t> unknown_slots;  // units whose sequences cannot be rebuilt (reported already)
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, units_, &c);
    if (rc != 0) return Error(rc, "reading units");
    MDB_val k, v;
    Unit unit;
    std::vector<uint64_t> postings;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 8) {
        problems.Add("a unit key is not 8 bytes");
        continue;
      }
      uint64_t id = codec::GetBigEndian64(static_cast<const char*>(k.mv_data));
      std::string where = "unit " + std::to_string(id) + ": ";
      ++unit_count;
      max_id = std::max(max_id, id);
      if (!codec::DecodeUnit(View(v), &unit)) {
        problems.Add(where + "record cannot be decoded");
        unknown_slots.insert(id);
        continue;
      }
      postings.clear();
      std::map<std::string, std::string> sequences;  // tag -> encoded sequence, in tag order
      std::set<std::string> tags;
      std::set<std::string> exact_keys;
      for (const Variant& variant : unit.variants) {
        std::string canonical;
        if (!CanonicalLanguageTag(variant.lang, &canonical).ok() || canonical != variant.lang) {
          problems.Add(where + "language tag '" + variant.lang + "' is not canonical");
        }
        if (FindInvalidUtf8(variant.text) != std::string_view::npos) problems.Add(where + "text in " + variant.lang + " is not valid UTF-8");
        lang_counts[variant.lang] += 1;
        if (!tags.insert(variant.lang).second) continue;  // only the first variant of a tag is indexed
        std::string plang = PrimaryLanguage(variant.lang);
        Terms terms = ScoringTerms(variant.text, variant.lang);
        std::string seq;
        std::vector<uint32_t> distinct;
        bool any_number = false, missing = false;
        for (size_t i = 0; i < terms.size(); ++i) {
          auto it = vocab.find(VocabKey(plang, terms.norms[i]));
          if (it == vocab.end()) {
            missing = true;
            break;
          }
          codec::PutVarint(&seq, (static_cast<uint64_t>(it->second) << 1) | terms.is_number[i]);
          distinct.push_back(it->second);
          any_number |= terms.is_number[i] != 0;
        }
        if (any_number && !missing) {
          auto it = vocab.find(VocabKey(plang, kNumberToken));
          if (it == vocab.end()) missing = true; else distinct.push_back(it->second);
        }
        if (missing) {
          problems.Add(where + "a word of the " + variant.lang + " text is missing from the vocabulary");
          unknown_slots.insert(id);
          continue;
        }
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        uint32_t length = LengthBucket(terms.size());
        for (uint32_t t : distinct) {
          expected_df[t] += 1;
          postings.push_back((static_cast<uint64_t>(t) << 8) | length);
        }
        sequences[variant.lang] = seq;
        std::string ek = ExactKey(plang, ExactHash(variant.text, variant.lang), id);
        if (exact_keys.insert(ek).second) {
          ++expected_exact;
          MDB_val ekv = Val(ek), ev;
          if (mdb_get(txn, exact_, &ekv, &ev) != 0) problems.Add(where + "missing from the exact index (" + variant.lang + ")");
        }
      }
      std::string slot;
      for (const auto& [tag, seq] : sequences) AppendSequence(&slot, tag, seq);
      expected_slots[id] = std::hash<std::string>()(slot);
      std::sort(postings.begin(), postings.end());
      posting_total += postings.size();
      report(postings.size());
      postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
      expected_postings[id] = postings;
    }
    mdb_cursor_close(c);
  }
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
        auto it = expected_slots.find(id);
        if (it == expected_slots.end()) {
          if (!block.slots[i].empty() && unknown_slots.count(id) == 0) {
            problems.Add("token sequences stored for unit " + std::to_string(id) + ", which does not exist");
          }
          continue;
        }
        if (std::hash<std::string>()(block.slots[i]) != it->second && unknown_slots.count(id) == 0) {
          problems.Add("unit " + std::to_string(id) + ": token sequences disagree with its text");
        }
        expected_slots.erase(it);
      }
    }
    mdb_cursor_close(c);
    std::vector<uint64_t> missing;
    for (const auto& [id, hash] : expected_slots) missing.push_back(id);
    std::sort(missing.begin(), missing.end());
    for (uint64_t id : missing) problems.Add("unit " + std::to_string(id) + ": no token sequences");
  }
  if (mdb_stat(txn, exact_, &st) == 0 && st.ms_entries != expected_exact) {
    problems.Add("the exact index holds " + std::to_string(st.ms_entries) + " entries, the units need " + std::to_string(expected_exact));
  }
  {
    MDB_cursor* c;
    int rc = mdb_cursor_open(txn, postings_, &c);
    if (rc != 0) return Error(rc, "reading the word index");
    MDB_val k, v;
    std::unordered_map<uint64_t, uint64_t> found;  // unit -> postings seen
    std::vector<uint64_t> ids;
    uint64_t list = UINT64_MAX, last = 0;
    for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      if (k.mv_size != 13 || !DecodeChunk(View(v), &ids) || ids.empty()) {
        problems.Add("a word index chunk cannot be decoded");
        continue;
      }
      const char* key = static_cast<const char*>(k.mv_data);
      uint32_t token = codec::GetBigEndian32(key);
      uint32_t length = static_cast<uint8_t>(key[4]);
      uint64_t packed = (static_cast<uint64_t>(token) << 8) | length;
      if (codec::GetBigEndian64(key + 5) != ids[0]) problems.Add("a word index chunk of token " + std::to_string(token) + " is filed under the wrong first id");
      if (packed != list) {
        list = packed;
        last = 0;
      }
      for (uint64_t id : ids) {
        if (id <= last) problems.Add("word index list of token " + std::to_string(token) + " is not strictly increasing at unit " + std::to_string(id));
        last = id;
        auto it = expected_postings.find(id);
        if (it == expected_postings.end() || !std::binary_search(it->second.begin(), it->second.end(), packed)) {
          problems.Add("word index entry token " + std::to_string(token) + " length " + std::to_string(length) + " unit " + std::to_string(id) + " is not explained by the unit");
          continue;
        }
        found[id] += 1;
      }
      report(ids.size());
    }
    mdb_cursor_close(c);
    for (const auto& [id, want] : expected_postings) {
      uint64_t got = found.count(id) ? found[id] : 0;
      if (got != want.size()) problems.Add("unit " + std::to_string(id) + " has " + std::to_string(got) + " word index entries, expected " + std::to_string(want.size()));
    }
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
      if (expected_postings.count(id) == 0) problems.Add("the exact index names unit " + std::to_string(id) + ", which does not exist");
    }
    mdb_cursor_close(c);
  }
  problems.Finish();
  return Status::OK();
}

}  // namespace store
}  // namespace tmkit
