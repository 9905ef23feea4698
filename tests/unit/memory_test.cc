#include <gtest/gtest.h>
#include <lmdb.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "memory/codec.h"
#include "memory/lookup_work.h"
#include "memory/posting_writer.h"
#include "memory/sequences.h"
#include "memory/signatures.h"
#include "memory/store_internal.h"
#include "memory/word_distance.h"
#include "tmkit/import.h"
#include "tmkit/memory.h"
#include "tmkit/normalize.h"
#include "util/strings.h"

namespace tmkit {
namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tmkit_memory_test_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A word of letters only, distinct for each x ("w123" would be a number to the tokenizer).
std::string LetterWord(uint32_t x) {
  std::string w = "w";
  for (; x > 0; x /= 26) w += static_cast<char>('a' + x % 26);
  return w;
}

// A lookup without document context (no neighbouring segments).
LookupQuery Query(const std::string& text, const std::string& src, const std::string& tgt, int min = 70, int limit = 5) {
  LookupQuery q;
  q.text = text;
  q.src_lang = src;
  q.tgt_lang = tgt;
  q.min_score = min;
  q.limit = limit;
  return q;
}

Unit Pair(const std::string& en, const std::string& ru) {
  Unit u;
  u.source_lang = "en";
  u.variants.resize(2);
  u.variants[0].lang = "en";
  u.variants[0].text = en;
  u.variants[1].lang = "ru";
  u.variants[1].text = ru;
  return u;
}

std::unique_ptr<Memory> OpenNew(const std::string& dir, OpenOptions options = OpenOptions()) {
  options.create_if_missing = true;
  std::unique_ptr<Memory> m;
  Status s = Memory::Open(dir, options, &m);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return m;
}

Status AddAll(Memory* m, const std::vector<Unit>& units, std::vector<AddOutcome>* outcomes = nullptr) {
  return m->Write([&](Writer* w) {
    if (outcomes) outcomes->clear();
    for (const Unit& u : units) {
      AddOutcome o;
      Status s = w->Add(u, &o, nullptr);
      if (!s.ok()) return s;
      if (outcomes) outcomes->push_back(o);
    }
    return Status::OK();
  });
}

void ExpectClean(const Memory& m) {
  std::vector<std::string> problems;
  ASSERT_TRUE(m.Verify(&problems, nullptr).ok());
  for (const std::string& p : problems) ADD_FAILURE() << p;
}

// Runs `body` in one raw LMDB transaction on a TM's environment, committed when `write`, so a
// test can read or damage what the Memory API hides. Nothing is committed after a fatal failure.
void WithRawTxn(const std::string& tm, bool write, const std::function<void(MDB_txn*)>& body) {
  MDB_env* env;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 8);
  if (write) mdb_env_set_mapsize(env, 1 << 28);  // room for a test's rewrites
  ASSERT_EQ(mdb_env_open(env, tm.c_str(), write ? 0 : MDB_RDONLY, 0644), 0);
  MDB_txn* txn;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, write ? 0 : MDB_RDONLY, &txn), 0);
  body(txn);
  if (write && !::testing::Test::HasFatalFailure()) {
    EXPECT_EQ(mdb_txn_commit(txn), 0);
  } else {
    mdb_txn_abort(txn);
  }
  mdb_env_close(env);
}

MDB_dbi OpenDbi(MDB_txn* txn, const char* name, unsigned flags = 0) {
  MDB_dbi dbi = 0;
  EXPECT_EQ(mdb_dbi_open(txn, name, flags, &dbi), 0) << name;
  return dbi;
}

// Every (key, value) of one LMDB database of a TM, in key order.
std::vector<std::pair<std::string, std::string>> DumpDatabase(const std::string& tm, const char* name) {
  std::vector<std::pair<std::string, std::string>> out;
  WithRawTxn(tm, false, [&](MDB_txn* txn) {
    MDB_cursor* cursor;
    ASSERT_EQ(mdb_cursor_open(txn, OpenDbi(txn, name), &cursor), 0);
    MDB_val k, v;
    for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      out.emplace_back(std::string(static_cast<char*>(k.mv_data), k.mv_size), std::string(static_cast<char*>(v.mv_data), v.mv_size));
    }
    mdb_cursor_close(cursor);
  });
  return out;
}

// The `sequences` database decoded: each block with the size of its stored value.
struct StoredSequenceBlock {
  store::SequenceBlock block;
  size_t value_bytes;
};
std::vector<StoredSequenceBlock> StoredSequenceBlocks(const std::string& tm) {
  std::vector<StoredSequenceBlock> blocks;
  for (const auto& [key, value] : DumpDatabase(tm, "sequences")) {
    StoredSequenceBlock stored{store::SequenceBlock(), value.size()};
    EXPECT_TRUE(stored.block.Decode(store::StoredBlock{value, codec::GetBigEndian64(key.data())}));
    blocks.push_back(std::move(stored));
  }
  return blocks;
}

TEST(Memory, StoresLooksUpAndMerges) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  std::vector<AddOutcome> outcomes;
  ASSERT_TRUE(AddAll(m.get(), {Pair("The talks resumed in Geneva on Monday.", "Переговоры возобновились в Женеве в понедельник."),
                               Pair("The talks resumed in Geneva on Monday.", "Переговоры возобновились в Женеве в понедельник."),
                               Pair("The talks resumed in Geneva on Monday.", "В понедельник в Женеве возобновились переговоры.")},
                     &outcomes).ok());
  EXPECT_EQ(outcomes, (std::vector<AddOutcome>{AddOutcome::kAdded, AddOutcome::kMerged, AddOutcome::kAdded}));
  LookupQuery q;
  q.text = "The talks resumed in Geneva on Tuesday.";
  q.src_lang = "en";
  q.tgt_lang = "ru";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].score.total, 85);  // 6 of 7 words
  EXPECT_EQ(matches[0].unit.id, 2u);      // the newer of two equal scores first
  q.tgt_lang = "ar";
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  EXPECT_TRUE(matches.empty());  // no Arabic side
  MemoryStats st;
  ASSERT_TRUE(m->Stats(&st).ok());
  EXPECT_EQ(st.units, 2u);
  ExpectClean(*m);
}

TEST(Memory, RegionlessLanguageMatchesRegions) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  Unit u = Pair("Aid convoys reached the city.", "Колонны с помощью достигли города.");
  u.variants[0].lang = "en-US";
  u.variants[1].lang = "ru-RU";
  ASSERT_TRUE(AddAll(m.get(), {u}).ok());
  LookupQuery q = Query("Aid convoys reached the city.", "en", "ru");
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score.total, 100);
  q.src_lang = "en-GB";
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  EXPECT_TRUE(matches.empty());
}

TEST(Memory, InContextExactScores101) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  Unit u = Pair("He said so.", "Он так сказал.");
  u.prev_source = "The minister spoke on Monday.";
  ASSERT_TRUE(AddAll(m.get(), {u}).ok());
  LookupQuery q = Query("He said so.", "en", "ru");
  q.prev_source = "The minister spoke on Monday.";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score.total, 101);
  q.prev_source = "Something else happened.";
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  EXPECT_EQ(matches[0].score.total, 100);
}

TEST(Memory, OffersNumberCarryOver) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  ASSERT_TRUE(AddAll(m.get(), {Pair("At least 52 people were killed.", "Погибли по меньшей мере 52 человека.")}).ok());
  LookupQuery q = Query("At least 45 people were killed.", "en", "ru");
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score.total, 99);
  EXPECT_EQ(matches[0].carried_target, "Погибли по меньшей мере 45 человека.");
}

TEST(Memory, ConcordanceFindsFoldedPhrases) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  Unit ar;
  ar.source_lang = "en";
  ar.variants = {{"en", "Assad's forces advanced.", "", {}, {}, {}}, {"ar", "تقدمت قوات الأسد.", "", {}, {}, {}}};
  ASSERT_TRUE(AddAll(m.get(), {Pair("Talks on Syria's future resumed.", "Возобновились переговоры о будущем Сирии."),
                               Pair("He will meet Ban Ki-moon.", "Он встретится с Пан Ги Муном, а ещё с другими."), ar})
                  .ok());
  std::vector<ConcordanceHit> hits;
  bool more;
  ASSERT_TRUE(m->Concordance({"SYRIA'S FUTURE", "en", 20}, &hits, &more).ok());
  ASSERT_EQ(hits.size(), 1u);
  ASSERT_EQ(hits[0].spans.size(), 1u);
  const std::string& text = hits[0].unit.variants[hits[0].variant].text;
  EXPECT_EQ(text.substr(hits[0].spans[0].first, hits[0].spans[0].second - hits[0].spans[0].first), "Syria's future");
  ASSERT_TRUE(m->Concordance({"еще", "ru", 20}, &hits, &more).ok());  // ё = е
  EXPECT_EQ(hits.size(), 1u);
  ASSERT_TRUE(m->Concordance({"الاسد", "ar", 20}, &hits, &more).ok());  // hamza forms folded
  EXPECT_EQ(hits.size(), 1u);
  ASSERT_TRUE(m->Concordance({"future Syria's", "en", 20}, &hits, &more).ok());  // order matters
  EXPECT_TRUE(hits.empty());
}

TEST(Memory, ReplaceAndRemoveKeepIndexesConsistent) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  ASSERT_TRUE(AddAll(m.get(), {Pair("One two three four.", "Раз два три четыре."), Pair("Five six seven.", "Пять шесть семь.")}).ok());
  ASSERT_TRUE(m->Write([](Writer* w) {
                 Unit u = Pair("One two three five.", "Раз два три пять.");
                 u.id = 1;
                 Status s = w->Replace(u);
                 if (s.ok()) s = w->Remove(2);
                 return s;
               }).ok());
  ExpectClean(*m);
  LookupQuery q = Query("One two three five.", "en", "ru");
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score.total, 100);
  Unit gone;
  EXPECT_EQ(m->Get(2, &gone).code(), Status::Code::kNotFound);
}

// A unit may hold two variants in one language (TMX allows it); only the first is indexed, so
// replacing or removing the unit must take only that one out of the indexes. Found by api_fuzz:
// the second variant's words were looked up in the vocabulary and the replace failed.
TEST(Memory, ReplaceAndRemoveAUnitWithTwoVariantsInOneLanguage) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  Unit twice = Pair("The talks resumed.", "Переговоры возобновились.");
  twice.variants.push_back({"ru", "Переговоры продолжились снова.", "", {}, {}, {}});
  ASSERT_TRUE(AddAll(m.get(), {twice, Pair("Five six seven.", "Пять шесть семь.")}).ok());
  ExpectClean(*m);
  Status s = m->Write([](Writer* w) {
    Unit u = Pair("The talks stopped.", "Переговоры прекратились.");
    u.id = 1;
    return w->Replace(u);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectClean(*m);
  ASSERT_TRUE(AddAll(m.get(), {twice}).ok());
  s = m->Write([](Writer* w) { return w->Remove(3); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectClean(*m);
  MemoryStats stats;
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.units, 2u);
}

TEST(Memory, AFailedWriteLeavesNothing) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  ASSERT_TRUE(AddAll(m.get(), {Pair("Kept.", "Сохранено.")}).ok());
  Status s = m->Write([](Writer* w) {
    AddOutcome o;
    w->Add(Pair("Lost.", "Потеряно."), &o, nullptr);
    return Status::InvalidInput("stop");
  });
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  MemoryStats st;
  ASSERT_TRUE(m->Stats(&st).ok());
  EXPECT_EQ(st.units, 1u);
  ExpectClean(*m);
}

TEST(Memory, ReadersSeeTheLastCommitWhileAWriteRuns) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  ASSERT_TRUE(AddAll(m.get(), {Pair("Old unit here.", "Старая запись.")}).ok());
  Status s = m->Write([&](Writer* w) {
    AddOutcome o;
    Status st = w->Add(Pair("New unit here.", "Новая запись."), &o, nullptr);
    // A reader on another thread is not blocked and sees the committed state only.
    MemoryStats stats;
    std::thread reader([&] { EXPECT_TRUE(m->Stats(&stats).ok()); });
    reader.join();
    EXPECT_EQ(stats.units, 1u);
    return st;
  });
  ASSERT_TRUE(s.ok());
  MemoryStats stats;
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.units, 2u);
}

TEST(Memory, GrowsTheMapAndRefusesBeyondTheLimit) {
  TempDir dir;
  std::vector<Unit> units;
  for (int i = 0; i < 3000; ++i) {
    units.push_back(Pair("Sentence number " + std::to_string(i) + " about word" + std::to_string(i % 97) + " and more text to fill pages.",
                         "Предложение номер " + std::to_string(i) + " с текстом."));
  }
  {
    OpenOptions small;
    small.initial_map_bytes = 256 * 1024;
    auto m = OpenNew(dir.path() + "/grow", small);
    ASSERT_TRUE(AddAll(m.get(), units).ok());
    MemoryStats st;
    ASSERT_TRUE(m->Stats(&st).ok());
    EXPECT_EQ(st.units, 3000u);
    EXPECT_GT(st.map_bytes, 256u * 1024);
    ExpectClean(*m);
  }
  {
    OpenOptions capped;
    capped.initial_map_bytes = 256 * 1024;
    capped.max_map_bytes = 512 * 1024;
    auto m = OpenNew(dir.path() + "/capped", capped);
    ASSERT_TRUE(AddAll(m.get(), {Pair("Before.", "До.")}).ok());
    Status s = AddAll(m.get(), units);
    EXPECT_EQ(s.code(), Status::Code::kIOError);
    EXPECT_NE(s.message().find("full"), std::string::npos) << s.message();
    MemoryStats st;
    ASSERT_TRUE(m->Stats(&st).ok());
    EXPECT_EQ(st.units, 1u);
  }
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A disk that fills during the commit: LMDB has written part of the new pages past the end of
// data.mdb when the write fails. The file-size limit makes the same short write without a full disk.
TEST(Memory, ACommitThatCannotGrowTheFileGivesTheSpaceBack) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  ASSERT_TRUE(AddAll(m.get(), {Pair("Before.", "До.")}).ok());
  const std::string data = dir.path() + "/data.mdb";
  const std::string before = FileBytes(data);
  std::vector<Unit> units;
  for (int i = 0; i < 3000; ++i) {
    units.push_back(Pair("Sentence number " + std::to_string(i) + " about " + LetterWord(i) + " and more text to fill pages.",
                         "Предложение номер " + std::to_string(i) + " с текстом."));
  }
  struct rlimit saved;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  struct rlimit capped = saved;
  capped.rlim_cur = before.size() + 64 * 1024;
  auto old_handler = signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails instead of killing us
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &capped), 0);
  Status s = AddAll(m.get(), units);
  setrlimit(RLIMIT_FSIZE, &saved);
  signal(SIGXFSZ, old_handler);
  EXPECT_EQ(s.code(), Status::Code::kIOError) << s.ToString();
  const std::string after = FileBytes(data);
  EXPECT_EQ(after.size(), before.size()) << "the failed write kept the pages it wrote";
  EXPECT_TRUE(after == before) << "the TM file is not as it was before the failed write";
  MemoryStats st;
  ASSERT_TRUE(m->Stats(&st).ok());
  EXPECT_EQ(st.units, 1u);
  ExpectClean(*m);
  ASSERT_TRUE(AddAll(m.get(), {Pair("After.", "После.")}).ok());
  ASSERT_TRUE(m->Stats(&st).ok());
  EXPECT_EQ(st.units, 2u);
}

TEST(Memory, RefusesNewerSchemaAndNonTms) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  { auto m = OpenNew(tm); }
  // Pretend a future tmkit wrote this TM.
  WithRawTxn(tm, true, [](MDB_txn* txn) {
    MDB_val k{14, const_cast<char*>("schema_version")}, v{2, const_cast<char*>("99")};
    ASSERT_EQ(mdb_put(txn, OpenDbi(txn, "meta"), &k, &v, 0), 0);
  });
  std::unique_ptr<Memory> m;
  Status s = Memory::Open(tm, OpenOptions(), &m);
  EXPECT_EQ(s.code(), Status::Code::kNotSupported);
  EXPECT_NE(s.message().find("newer"), std::string::npos);

  mkdir((dir.path() + "/plain").c_str(), 0755);
  std::ofstream(dir.path() + "/plain/notes.txt") << "hello";
  s = Memory::Open(dir.path() + "/plain", OpenOptions(), &m);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  s = Memory::Open(dir.path() + "/plain/notes.txt", OpenOptions(), &m);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  s = Memory::Open(dir.path() + "/missing", OpenOptions(), &m);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
}

// Rewrites a current TM the way schema 1 stored it: one `tokens` entry per (unit id, tag)
// instead of blocks of `sequences`, and schema_version 1.
void DowngradeToSchema1(const std::string& tm) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const StoredSequenceBlock& stored : StoredSequenceBlocks(tm)) {
    for (uint64_t i = 0; i < stored.block.slots.size(); ++i) {
      store::ForEachSequence(stored.block.slots[i], [&](std::string_view lang, std::string_view seq) {
        std::string key;
        codec::PutBigEndian64(&key, stored.block.first + i);
        entries.emplace_back(key + std::string(lang), std::string(seq));
      });
    }
  }
  WithRawTxn(tm, true, [&](MDB_txn* txn) {
    MDB_dbi tokens = OpenDbi(txn, "tokens", MDB_CREATE);
    for (auto& [key, seq] : entries) {
      MDB_val kk{key.size(), key.data()}, vv{seq.size(), seq.data()};
      ASSERT_EQ(mdb_put(txn, tokens, &kk, &vv, 0), 0);
    }
    ASSERT_EQ(mdb_drop(txn, OpenDbi(txn, "sequences"), 1), 0);
    MDB_val sk{14, const_cast<char*>("schema_version")}, sv{1, const_cast<char*>("1")};
    ASSERT_EQ(mdb_put(txn, OpenDbi(txn, "meta"), &sk, &sv, 0), 0);
  });
}

std::vector<Unit> NumberedPairs(int n) {
  std::vector<Unit> units;
  for (int i = 0; i < n; ++i) {
    units.push_back(Pair("Talks on the convoy number " + std::to_string(i) + " resumed in Geneva on Monday.",
                         "Переговоры о колонне номер " + std::to_string(i) + " возобновились в Женеве."));
  }
  return units;
}

// A TM written by the previous schema is refused by readers with the way out, and upgraded, in
// one transaction, when opened for writing: indexes verify and lookups answer as before.
TEST(Memory, UpgradesASchema1Tm) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  LookupQuery q = Query("Talks on the convoy number 7 resumed in Geneva on Tuesday.", "en", "ru");
  std::vector<LookupMatch> before, after;
  {
    auto m = OpenNew(tm);
    ASSERT_TRUE(AddAll(m.get(), NumberedPairs(150)).ok());  // several blocks
    ASSERT_TRUE(m->Lookup(q, &before).ok());
    ASSERT_EQ(before.size(), 5u);
  }
  DowngradeToSchema1(tm);
  std::unique_ptr<Memory> m;
  OpenOptions read_only;
  read_only.read_only = true;
  Status s = Memory::Open(tm, read_only, &m);
  EXPECT_EQ(s.code(), Status::Code::kNotSupported);
  EXPECT_NE(s.message().find("tmkit upgrade"), std::string::npos) << s.message();

  ASSERT_TRUE(Memory::Open(tm, OpenOptions(), &m).ok());
  MemoryStats stats;
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.schema_version, Memory::kSchemaVersion);
  ExpectClean(*m);
  ASSERT_TRUE(m->Lookup(q, &after).ok());
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].unit.id, before[i].unit.id);
    EXPECT_EQ(after[i].score.total, before[i].score.total);
  }
  ExpectClean(*m);
  m.reset();
  ASSERT_TRUE(Memory::Open(tm, read_only, &m).ok());
}

// The headers of the TMX files imported into a TM are kept as one record (docs/tm-format.md,
// "tmx_header"): the first whole, a later one's new attributes, props and notes added, an
// attribute it gives another value kept as a prop. verify checks the record.
TEST(Memory, KeepsTheImportedTmxHeaders) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  auto m = OpenNew(tm);
  TmxHeader empty;
  ASSERT_TRUE(m->GetTmxHeader(&empty).ok());
  EXPECT_TRUE(empty.empty());
  TmxHeader first;
  first.root_attrs = {{"xmlns:sdl", "http://sdl.com/FileTypes/SdlXliff/1.0"}};
  first.attrs = {{"creationtool", "SDL Trados Studio"}, {"o-tmf", "SDL TM"}, {"srclang", "en-US"},
                 {"sdl:origin", "tm"}};
  first.props = {{"x-Recognizers", "RecognizeAll", {}}};
  first.notes = {{"Newsroom TM", {{"xml:lang", "en"}}}};
  ASSERT_TRUE(m->Write([&](Writer* w) { return w->AddTmxHeader(first); }).ok());
  TmxHeader stored;
  ASSERT_TRUE(m->GetTmxHeader(&stored).ok());
  EXPECT_TRUE(stored == first);
  ExpectClean(*m);

  TmxHeader second = first;
  second.root_attrs.push_back({"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"});
  second.attrs = {{"creationtool", "OmegaT"}, {"o-tmf", "SDL TM"}, {"srclang", "en"}, {"adminlang", "en"}};
  second.props.push_back({"x-Source", "desk 2", {}});
  ASSERT_TRUE(m->Write([&](Writer* w) { return w->AddTmxHeader(second); }).ok());
  ASSERT_TRUE(m->GetTmxHeader(&stored).ok());
  EXPECT_EQ(stored.root_attrs, (Attributes{first.root_attrs[0], second.root_attrs[1]}));
  Attributes want = first.attrs;
  want.push_back({"adminlang", "en"});
  EXPECT_EQ(stored.attrs, want);  // the first creationtool and srclang stay
  ASSERT_EQ(stored.props.size(), 3u);
  EXPECT_EQ(stored.props[1].type, "x-Source");
  EXPECT_EQ(stored.props[2].type, "x-tmkit-header-creationtool");  // a conflict, kept; srclang's is not
  EXPECT_EQ(stored.props[2].value, "OmegaT");
  EXPECT_EQ(stored.notes.size(), 1u);  // the same note once
  ExpectClean(*m);
  m.reset();

  // A damaged record: verify names it, reading it is Corruption.
  WithRawTxn(tm, true, [](MDB_txn* txn) {
    MDB_val k{10, const_cast<char*>("tmx_header")}, v{3, const_cast<char*>("\x01\x05z")};
    ASSERT_EQ(mdb_put(txn, OpenDbi(txn, "meta"), &k, &v, 0), 0);
  });
  ASSERT_TRUE(Memory::Open(tm, OpenOptions(), &m).ok());
  EXPECT_EQ(m->GetTmxHeader(&stored).code(), Status::Code::kCorruption);
  std::vector<std::string> problems;
  ASSERT_TRUE(m->Verify(&problems, nullptr).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "metadata 'tmx_header' is not a TMX header record");
}

// A TM the previous tmkit wrote (schema 2: no tmx_header record) is read as it is, without an
// upgrade, verifies clean and has no header; the first write makes it schema 3.
TEST(Memory, ReadsASchema2TmAsItIs) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  LookupQuery q = Query("Talks on the convoy number 7 resumed in Geneva on Tuesday.", "en", "ru");
  std::vector<LookupMatch> before, after;
  {
    auto m = OpenNew(tm);
    ASSERT_TRUE(AddAll(m.get(), NumberedPairs(20)).ok());
    ASSERT_TRUE(m->Lookup(q, &before).ok());
  }
  WithRawTxn(tm, true, [](MDB_txn* txn) {
    MDB_val k{14, const_cast<char*>("schema_version")}, v{1, const_cast<char*>("2")};
    ASSERT_EQ(mdb_put(txn, OpenDbi(txn, "meta"), &k, &v, 0), 0);
    MDB_val h{10, const_cast<char*>("tmx_header")};
    ASSERT_EQ(mdb_del(txn, OpenDbi(txn, "meta"), &h, nullptr), MDB_NOTFOUND);  // never written
  });
  std::unique_ptr<Memory> m;
  OpenOptions read_only;
  read_only.read_only = true;
  ASSERT_TRUE(Memory::Open(tm, read_only, &m).ok());
  MemoryStats stats;
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.schema_version, 2u);
  TmxHeader header;
  ASSERT_TRUE(m->GetTmxHeader(&header).ok());
  EXPECT_TRUE(header.empty());
  ExpectClean(*m);
  ASSERT_TRUE(m->Lookup(q, &after).ok());
  EXPECT_EQ(after.size(), before.size());
  m.reset();
  ASSERT_TRUE(Memory::Open(tm, OpenOptions(), &m).ok());
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.schema_version, Memory::kSchemaVersion);
  ExpectClean(*m);
}

// A unit's signature holds every token of its word index entries: a token it does not hold is
// a word the unit lacks, so the bound built on it never drops a unit that shares the word.
TEST(Memory, SignatureHoldsEveryTokenOfItsUnit) {
  std::mt19937 rng(11);
  std::string block;
  size_t absent_held = 0, absent = 0;
  for (uint64_t id = 0; id < 3000; ++id) {
    std::vector<uint32_t> tokens;
    for (size_t k = 0; k < 1 + rng() % 60; ++k) tokens.push_back(1 + rng() % 200000);
    store::Signature sig;
    for (uint32_t t : tokens) sig.Add(t);
    store::PutSignature(&block, id, sig);
    uint32_t slots = 64;  // the smallest power of two from 64 that holds the slot
    while (slots <= id) slots *= 2;
    ASSERT_EQ(store::SignatureSlots(block.data(), block.size()), slots) << id;
    const auto* at = reinterpret_cast<const unsigned char*>(block.data()) + store::SignatureOffset(id);
    EXPECT_TRUE(store::GetSignature(at) == sig);
    for (uint32_t t : tokens) ASSERT_TRUE(store::Signature::Holds(at, store::Signature::OfToken(t)));
    for (int k = 0; k < 20; ++k) {
      uint32_t t = 200001 + rng() % 100000;  // in no unit
      ++absent;
      absent_held += store::Signature::Holds(at, store::Signature::OfToken(t));
    }
  }
  // And it is selective: a unit of 1-60 words seems to hold few words it lacks.
  EXPECT_LT(absent_held * 10, absent);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block.data() + store::SignatureOffset(5)) % 32,
            reinterpret_cast<uintptr_t>(block.data() + store::kSignatureHeaderBytes) % 32);
}

// A schema-3 TM (no signatures) is read as it is, with the same answers; the first write (here
// `tmkit upgrade`'s open) builds the signatures the writer would have written, byte for byte.
TEST(Memory, UpgradesASchema3TmWithSignatures) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  std::vector<Unit> units = NumberedPairs(2100);
  units.push_back(Pair("Talks on the convoy resumed in Geneva on Monday.", "Переговоры о колонне возобновились."));
  {
    auto m = OpenNew(tm);
    ASSERT_TRUE(AddAll(m.get(), units).ok());
    ASSERT_TRUE(m->Write([&](Writer* w) { return w->Remove(17); }).ok());  // a hole: an all-zero signature
  }
  // Ids across the end of the first block (kSignaturesPerBlock units) without storing 32k units.
  WithRawTxn(tm, true, [](MDB_txn* txn) {
    MDB_val k{12, const_cast<char*>("next_unit_id")}, v{5, const_cast<char*>("32760")};
    ASSERT_EQ(mdb_put(txn, OpenDbi(txn, "meta"), &k, &v, 0), 0);
  });
  {
    std::unique_ptr<Memory> m;
    ASSERT_TRUE(Memory::Open(tm, OpenOptions(), &m).ok());
    std::vector<Unit> more = NumberedPairs(2120);
    ASSERT_TRUE(AddAll(m.get(), std::vector<Unit>(more.begin() + 2100, more.end())).ok());
  }
  const auto written = DumpDatabase(tm, "signatures");
  ASSERT_EQ(written.size(), 2u);
  auto answers = [&](const Memory& m) {
    std::string out;
    for (const char* q : {"Talks on the convoy number 7 resumed in Geneva on Tuesday.", "Talks on the convoy resumed in Geneva.",
                          "convoy number 2099 resumed"}) {
      std::vector<LookupMatch> found;
      EXPECT_TRUE(m.Lookup(Query(q, "en", "ru", 50, 10), &found).ok());
      for (const LookupMatch& f : found) out += std::to_string(f.unit.id) + ":" + std::to_string(f.score.total) + " ";
      out += "|";
    }
    for (const char* phrase : {"convoy number", "resumed in Geneva", "number 2099"}) {
      std::vector<ConcordanceHit> hits;
      bool more = false;
      EXPECT_TRUE(m.Concordance(ConcordanceQuery{phrase, "en", 5, false}, &hits, &more).ok());
      for (const ConcordanceHit& h : hits) out += std::to_string(h.unit.id) + " ";
      out += more ? "+|" : "|";
    }
    return out;
  };
  OpenOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<Memory> m;
  ASSERT_TRUE(Memory::Open(tm, read_only, &m).ok());
  const std::string with_signatures = answers(*m);
  m.reset();
  WithRawTxn(tm, true, [](MDB_txn* txn) {
    ASSERT_EQ(mdb_drop(txn, OpenDbi(txn, "signatures"), 1), 0);
    MDB_val k{14, const_cast<char*>("schema_version")}, v{1, const_cast<char*>("3")};
    ASSERT_EQ(mdb_put(txn, OpenDbi(txn, "meta"), &k, &v, 0), 0);
  });
  ASSERT_TRUE(Memory::Open(tm, read_only, &m).ok());
  MemoryStats stats;
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.schema_version, 3u);
  ExpectClean(*m);
  EXPECT_EQ(answers(*m), with_signatures);
  m.reset();
  ASSERT_TRUE(Memory::Open(tm, OpenOptions(), &m).ok());
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.schema_version, 4u);
  ExpectClean(*m);
  EXPECT_EQ(answers(*m), with_signatures);
  m.reset();
  EXPECT_TRUE(DumpDatabase(tm, "signatures") == written);

  // verify names a signature that disagrees with its unit's words.
  WithRawTxn(tm, true, [](MDB_txn* txn) {
    MDB_dbi dbi = OpenDbi(txn, "signatures");
    std::string key = store::SignatureBlockKey(0);
    MDB_val k{key.size(), key.data()}, v;
    ASSERT_EQ(mdb_get(txn, dbi, &k, &v), 0);
    std::string block(static_cast<const char*>(v.mv_data), v.mv_size);
    store::PutSignature(&block, 5, store::Signature());
    MDB_val nv{block.size(), block.data()};
    ASSERT_EQ(mdb_put(txn, dbi, &k, &nv, 0), 0);
  });
  ASSERT_TRUE(Memory::Open(tm, read_only, &m).ok());
  std::vector<std::string> problems;
  ASSERT_TRUE(m->Verify(&problems, nullptr).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "unit 5: word signature disagrees with its text");
}

// Reads the `sequences` database directly: (first unit id, units covered) of each block.
std::vector<std::pair<uint64_t, size_t>> SequenceBlocks(const std::string& tm) {
  std::vector<std::pair<uint64_t, size_t>> blocks;
  for (const StoredSequenceBlock& stored : StoredSequenceBlocks(tm)) {
    EXPECT_LE(stored.value_bytes, 4080u);  // one page (this test's units are short)
    blocks.emplace_back(stored.block.first, stored.block.slots.size());
  }
  return blocks;
}

// New units fill the last block up to a page and then start the next one, across writes; blocks
// cover consecutive ids. Removing and replacing units rewrites their blocks, and a block whose
// units are all gone is deleted (verify reports a block that holds no unit).
TEST(Memory, TokenSequenceBlocksFillPagesAndFollowRemovals) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  auto m = OpenNew(tm);
  std::vector<Unit> units = NumberedPairs(400);
  ASSERT_TRUE(AddAll(m.get(), std::vector<Unit>(units.begin(), units.begin() + 130)).ok());
  ASSERT_TRUE(AddAll(m.get(), std::vector<Unit>(units.begin() + 130, units.end())).ok());
  ExpectClean(*m);
  auto blocks = SequenceBlocks(tm);
  ASSERT_GE(blocks.size(), 4u);
  uint64_t next = 1;
  for (const auto& [first, n] : blocks) {
    EXPECT_EQ(first, next);
    EXPECT_GE(n, 20u);  // filled, not one block per write
    next = first + n;
  }
  EXPECT_EQ(next, 401u);
  const uint64_t second_block = blocks[1].first, third_block = blocks[2].first;
  ASSERT_TRUE(m->Write([&](Writer* w) {
                 for (uint64_t id = second_block; id < third_block; ++id) {  // all of the second block
                   Status s = w->Remove(id);
                   if (!s.ok()) return s;
                 }
                 Unit u = Pair("The convoy reached Aleppo at dawn.", "Колонна достигла Алеппо на рассвете.");
                 u.id = 3;
                 Status s = w->Replace(u);
                 return s.ok() ? w->Remove(third_block + 1) : s;
               }).ok());
  ExpectClean(*m);
  blocks = SequenceBlocks(tm);
  for (const auto& [first, n] : blocks) EXPECT_NE(first, second_block);
  std::vector<LookupMatch> matches;
  LookupQuery q = Query("The convoy reached Aleppo at dawn.", "en", "ru");
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].unit.id, 3u);
  EXPECT_EQ(matches[0].score.total, 100);
  q.text = "Talks on the convoy number " + std::to_string(second_block + 2) + " resumed in Geneva on Monday.";
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_FALSE(matches.empty());
  for (const LookupMatch& match : matches) {
    EXPECT_TRUE(match.unit.id < second_block || match.unit.id >= third_block) << match.unit.id;
    EXPECT_NE(match.unit.id, third_block + 1);
  }
  ConcordanceQuery cq;
  cq.phrase = "Aleppo at dawn";
  cq.lang = "en";
  std::vector<ConcordanceHit> hits;
  bool more;
  ASSERT_TRUE(m->Concordance(cq, &hits, &more).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].unit.id, 3u);
  // New units after the removals continue the last block.
  ASSERT_TRUE(AddAll(m.get(), {Pair("A new unit.", "Новая единица.")}).ok());
  ExpectClean(*m);
  EXPECT_EQ(SequenceBlocks(tm).back().first + SequenceBlocks(tm).back().second, 402u);
}

// Random adds, replacements (some longer than a page) and removals over many writes keep every
// index exact (verify compares each unit's slot) and every unit findable by its own text.
TEST(Memory, RandomWritesKeepTokenSequenceBlocksExact) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  std::mt19937 rng(5);
  std::vector<std::string> words = {"convoy", "talks", "Geneva", "aid", "ceasefire", "Aleppo", "envoy", "city"};
  auto sentence = [&](size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += words[rng() % words.size()] + std::to_string(rng() % 50) + " ";
    return out + "end.";
  };
  std::map<uint64_t, std::string> live;  // unit id -> English text
  for (int write = 0; write < 12; ++write) {
    ASSERT_TRUE(m->Write([&](Writer* w) {
                   for (int op = 0; op < 40; ++op) {
                     int kind = static_cast<int>(rng() % 4);
                     if (kind <= 1 || live.empty()) {
                       std::string en = sentence(3 + rng() % 12);
                       uint64_t id;
                       AddOutcome o;
                       Status s = w->Add(Pair(en, "ru " + en), &o, &id);
                       if (!s.ok()) return s;
                       live[id] = en;
                     } else {
                       auto it = std::next(live.begin(), static_cast<long>(rng() % live.size()));
                       if (kind == 2) {
                         Status s = w->Remove(it->first);
                         if (!s.ok()) return s;
                         live.erase(it);
                       } else {
                         std::string en = sentence(rng() % 5 == 0 ? 700 : 2 + rng() % 20);  // 700 words: over a page
                         Unit u = Pair(en, "ru " + en);
                         u.id = it->first;
                         Status s = w->Replace(u);
                         if (!s.ok()) return s;
                         it->second = en;
                       }
                     }
                   }
                   return Status::OK();
                 }).ok());
    ExpectClean(*m);
  }
  ASSERT_GT(live.size(), 100u);
  for (const auto& [id, en] : live) {
    std::vector<LookupMatch> matches;
    LookupQuery q = Query(en, "en", "ru");
    q.limit = 50;
    ASSERT_TRUE(m->Lookup(q, &matches).ok());
    bool found = false;
    for (const LookupMatch& match : matches) found |= match.unit.id == id && match.score.total == 100;
    EXPECT_TRUE(found) << "unit " << id << " not found by its own text";
  }
}

// What verify reports for the TM in `dir`, one problem per line; "" when clean.
std::string VerifyProblems(const std::string& dir) {
  std::unique_ptr<Memory> m;
  OpenOptions options;
  options.read_only = true;
  EXPECT_TRUE(Memory::Open(dir, options, &m).ok());
  std::vector<std::string> found;
  EXPECT_TRUE(m->Verify(&found, nullptr).ok());
  std::string all;
  for (const std::string& p : found) all += p + "\n";
  return all;
}

// Verify compares every unit's sequences with its text: a changed byte, a missing block, a
// stray block and overlapping blocks are each reported.
TEST(Memory, VerifyFindsDamagedTokenSequences) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  { ASSERT_TRUE(AddAll(OpenNew(tm).get(), NumberedPairs(150)).ok()); }
  auto blocks = SequenceBlocks(tm);
  ASSERT_GE(blocks.size(), 2u);
  auto tamper = [&](const std::function<void(MDB_txn*, MDB_dbi)>& change) {
    WithRawTxn(tm, true, [&](MDB_txn* txn) { change(txn, OpenDbi(txn, "sequences")); });
  };
  auto problems = [&] { return VerifyProblems(tm); };
  ASSERT_EQ(problems(), "");
  const uint64_t last_of_first = blocks[0].first + blocks[0].second - 1;
  std::string block0 = store::BlockKey(blocks[0].first), block1 = store::BlockKey(blocks[1].first);
  std::string stray = store::BlockKey(1000), overlapping = store::BlockKey(blocks[0].first + 1);
  std::string saved;
  tamper([&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val k{block0.size(), block0.data()}, v;
    ASSERT_EQ(mdb_get(txn, dbi, &k, &v), 0);
    saved.assign(static_cast<char*>(v.mv_data), v.mv_size);
    std::string changed = saved;
    changed.back() ^= 0x02;  // the last unit's sequence, still decodable
    MDB_val nv{changed.size(), changed.data()};
    ASSERT_EQ(mdb_put(txn, dbi, &k, &nv, 0), 0);
  });
  EXPECT_NE(problems().find("unit " + std::to_string(last_of_first) + ": token sequences disagree with its text"),
            std::string::npos) << problems();
  tamper([&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val k{block0.size(), block0.data()}, v{saved.size(), saved.data()};
    ASSERT_EQ(mdb_put(txn, dbi, &k, &v, 0), 0);
    MDB_val k1{block1.size(), block1.data()};
    ASSERT_EQ(mdb_del(txn, dbi, &k1, nullptr), 0);
    store::SequenceBlock one;
    ASSERT_TRUE(one.Decode(store::StoredBlock{saved, blocks[0].first}));
    one.slots.resize(1);
    std::string one_value = one.Encode();
    MDB_val ks{stray.size(), stray.data()}, vs{one_value.size(), one_value.data()};
    ASSERT_EQ(mdb_put(txn, dbi, &ks, &vs, 0), 0);
  });
  std::string reported = problems();
  EXPECT_NE(reported.find("unit " + std::to_string(blocks[1].first) + ": no token sequences"), std::string::npos) << reported;
  EXPECT_NE(reported.find("token sequences stored for unit 1000, which does not exist"), std::string::npos) << reported;
  // A block that repeats the second unit of the first block, correctly, but overlaps it.
  store::SequenceBlock first_block, repeat;
  ASSERT_TRUE(first_block.Decode(store::StoredBlock{saved, blocks[0].first}));
  repeat.first = blocks[0].first + 1;
  repeat.slots = {first_block.slots[1]};
  std::string repeat_value = repeat.Encode();
  tamper([&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val ko{overlapping.size(), overlapping.data()}, v{repeat_value.size(), repeat_value.data()};
    ASSERT_EQ(mdb_put(txn, dbi, &ko, &v, 0), 0);
  });
  reported = problems();
  EXPECT_NE(reported.find("the token sequences of units from " + std::to_string(blocks[0].first + 1) + " overlap the block before"),
            std::string::npos) << reported;
}

// Verify compares the word index with what the units need: an entry taken out, an entry naming a
// unit that does not exist, and an entry moved to the wrong word are each reported by unit.
TEST(Memory, VerifyFindsDamagedWordIndex) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  { ASSERT_TRUE(AddAll(OpenNew(tm).get(), NumberedPairs(150)).ok()); }
  auto problems = [&] { return VerifyProblems(tm); };
  ASSERT_EQ(problems(), "");
  struct Chunk {
    std::string key;
    std::vector<uint64_t> ids;
  };
  std::vector<Chunk> chunks;
  WithRawTxn(tm, false, [&](MDB_txn* txn) {
    MDB_cursor* c;
    ASSERT_EQ(mdb_cursor_open(txn, OpenDbi(txn, "postings"), &c), 0);
    MDB_val k, v;
    for (int rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      Chunk chunk{std::string(static_cast<char*>(k.mv_data), k.mv_size), {}};
      ASSERT_TRUE(store::DecodeChunk(std::string_view(static_cast<char*>(v.mv_data), v.mv_size), &chunk.ids));
      chunks.push_back(chunk);
    }
    mdb_cursor_close(c);
  });
  // The first chunk of three or more ids loses its last id and gains one of no unit; one of its
  // other units is filed under a later word that does not name it.
  auto first = std::find_if(chunks.begin(), chunks.end(), [](const Chunk& chunk) { return chunk.ids.size() >= 3; });
  ASSERT_TRUE(first != chunks.end());
  const uint64_t dropped = first->ids.back();
  first->ids.back() = 5000;
  uint64_t moved = 0;
  for (auto later = first + 1; later != chunks.end() && moved == 0; ++later) {
    if (later->key.compare(0, 5, first->key, 0, 5) == 0) continue;
    for (size_t i = 0; i + 1 < first->ids.size(); ++i) {
      const uint64_t id = first->ids[i];
      if (id > later->ids.front() && !std::binary_search(later->ids.begin(), later->ids.end(), id)) {
        later->ids.insert(std::lower_bound(later->ids.begin(), later->ids.end(), id), id);
        moved = id;
        break;
      }
    }
  }
  ASSERT_NE(moved, 0u);
  WithRawTxn(tm, true, [&](MDB_txn* txn) {
    MDB_dbi dbi = OpenDbi(txn, "postings");
    ASSERT_EQ(mdb_drop(txn, dbi, 0), 0);
    for (const Chunk& chunk : chunks) {
      std::string value;
      store::EncodeChunk(chunk.ids, &value);
      MDB_val k{chunk.key.size(), const_cast<char*>(chunk.key.data())}, v{value.size(), value.data()};
      ASSERT_EQ(mdb_put(txn, dbi, &k, &v, 0), 0);
    }
  });
  std::string reported = problems();
  EXPECT_NE(reported.find("unit " + std::to_string(dropped) + " has "), std::string::npos) << reported;
  EXPECT_NE(reported.find(" unit 5000 is not explained by the unit"), std::string::npos) << reported;
  EXPECT_NE(reported.find(" unit " + std::to_string(moved) + " is not explained by the unit"), std::string::npos) << reported;
}

// Compaction rewrites the indexes densely and changes nothing a reader can see: verify stays
// clean, lookups and concordance answer the same, and the word index takes fewer pages.
TEST(Memory, CompactKeepsAnswersAndShrinksTheWordIndex) {
  TempDir dir;
  std::string tm = dir.path() + "/tm";
  auto m = OpenNew(tm);
  std::vector<Unit> units = NumberedPairs(3000);
  for (size_t from = 0; from < units.size(); from += 300) {  // ten imports: lists grow in the middle
    ASSERT_TRUE(AddAll(m.get(), std::vector<Unit>(units.begin() + from, units.begin() + from + 300)).ok());
  }
  auto postings_pages = [&] {
    MDB_stat st{};
    WithRawTxn(tm, false, [&](MDB_txn* txn) { EXPECT_EQ(mdb_stat(txn, OpenDbi(txn, "postings"), &st), 0); });
    return st.ms_leaf_pages + st.ms_branch_pages;
  };
  auto answers = [&] {
    std::string out;
    for (const char* text : {"Talks on the convoy number 1234 resumed in Geneva on Tuesday.",
                             "Talks on the convoy resumed in Geneva.", "Переговоры о колонне номер 77 возобновились."}) {
      std::vector<LookupMatch> matches;
      LookupQuery q = Query(text, text[0] == 'T' ? "en" : "ru", text[0] == 'T' ? "ru" : "en");
      EXPECT_TRUE(m->Lookup(q, &matches).ok());
      for (const LookupMatch& match : matches) out += std::to_string(match.unit.id) + ":" + std::to_string(match.score.total) + " ";
      out += "| ";
    }
    ConcordanceQuery cq;
    cq.phrase = "number 2999";
    cq.lang = "en";
    std::vector<ConcordanceHit> hits;
    bool more;
    EXPECT_TRUE(m->Concordance(cq, &hits, &more).ok());
    for (const ConcordanceHit& hit : hits) out += std::to_string(hit.unit.id) + " ";
    return out;
  };
  std::string before = answers();
  uint64_t pages_before = postings_pages();
  // Not together with other changes: the rewrite copies the state the write started from.
  Status s = m->Write([&](Writer* w) {
    AddOutcome o;
    Status added = w->Add(Pair("One more.", "Ещё одна."), &o, nullptr);
    return added.ok() ? w->Compact() : added;
  });
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  ASSERT_TRUE(m->Write([](Writer* w) { return w->Compact(); }).ok());
  ExpectClean(*m);
  EXPECT_EQ(answers(), before);
  EXPECT_NE(before.find("3000"), std::string::npos) << before;  // the concordance found the unit
  EXPECT_LT(postings_pages(), pages_before);
}

// The candidate filter is lossless: Lookup returns exactly what scoring every unit returns.
// The bit-parallel distance the lookup verifies with must equal the plain dynamic program:
// random encoded sequences over a small vocabulary (so that words repeat) with numbers of
// different values (odd codes, all equal to each other), lengths across the 64-word boundary
// where the query side falls back to the dynamic program, and every kind of bound.
// The exact index's key is the hash of the folded, whitespace-collapsed text; ExactHash computes
// it without the collapsed copy and must give the same value, or stored TMs stop matching.
TEST(Memory, ExactHashIsTheHashOfTheCollapsedFold) {
  const std::pair<const char*, const char*> texts[] = {
      {"", "en"},          {"   ", "en"},
      {" The  cat\tsat.\n", "en"},  {"«Ёлка»  —\u00A0№ 5…  ", "ru"},
      {"Café\r\n au lait", "fr"},  {"قال الرئيس  إن ٢٤٠٠", "ar"},
      {"a\u00A0\u00A0b", "en"},  {"\u00ADx ", "ru"}};
  for (const auto& [text, lang] : texts) {
    EXPECT_EQ(store::ExactHash(text, lang), Fnv1a64(CollapseWhitespace(FoldForMatching(text, lang)))) << text;
  }
  EXPECT_EQ(store::ExactHash("  Ёлка  ", "ru"), store::ExactHash("елка", "ru"));
}

// A flush appends to each list's last chunk in place; the chunks must be those of writing the
// whole list at once, however the units were split between transactions (each commit flushes),
// including lists long enough to fill several chunks.
TEST(Memory, PostingChunksDoNotDependOnHowWritesWereSplit) {
  TempDir dir;
  std::vector<Unit> units;
  for (int i = 0; i < 3000; ++i) {
    std::string en = "common word" + std::string(i % 7 == 0 ? " seventh" : "") + " w" + std::to_string(i % 50);
    units.push_back(Pair(en, "общее слово " + std::to_string(i)));
  }
  std::string whole = dir.path() + "/whole", split = dir.path() + "/split";
  { ASSERT_TRUE(AddAll(OpenNew(whole).get(), units).ok()); }
  {
    auto m = OpenNew(split);
    size_t at = 0;
    for (size_t part : {1, 1, 998, 1, 1200, 799}) {
      std::vector<Unit> slice(units.begin() + at, units.begin() + at + part);
      ASSERT_TRUE(AddAll(m.get(), slice).ok());
      at += part;
    }
    ASSERT_EQ(at, units.size());
    ExpectClean(*m);
  }
  auto postings = DumpDatabase(whole, "postings");
  size_t common_chunks = 0;
  for (const auto& entry : postings) common_chunks += entry.second.size() > 900;
  EXPECT_GE(common_chunks, 4u);  // "common", "word", "общее", "слово" each fill more than one chunk
  EXPECT_EQ(DumpDatabase(split, "postings"), postings);
}

// The postings a write holds before a flush come back list by list in key order, ids increasing
// and distinct, whatever order and gaps they were added with and however they fell into runs:
// repeats dropped, ids below a list's last one merged in, gaps of up to 40 bits.
TEST(Memory, PendingPostingsDrainEachListSortedAndDistinct) {
  std::mt19937_64 rng(3);
  store::PendingPostings pending(1000);  // 60 runs of 1000 pairs
  for (int round = 0; round < 2; ++round) {  // the second round reuses the emptied table
    std::map<uint64_t, std::set<uint64_t>> expected;
    std::map<uint64_t, uint64_t> next;
    for (int i = 0; i < 60000; ++i) {
      uint64_t key = (rng() % 3000) << 8 | (rng() % 4);
      uint64_t& id = next[key];
      int kind = static_cast<int>(rng() % 20);
      uint64_t add = kind == 0 && id > 10 ? id - 1 - rng() % 10     // an earlier id
                     : kind == 1 && id > 0 ? id                      // the last one again
                     : id + 1 + (kind == 2 ? rng() % (uint64_t{1} << 40) : rng() % 300);
      id = std::max(id, add);
      pending.Add(key, add);
      expected[key].insert(add);
    }
    EXPECT_GT(pending.bytes(), 60000u);
    EXPECT_LT(pending.bytes(), 60000u * 16);  // less than the pairs took
    std::map<uint64_t, std::set<uint64_t>> got;
    uint64_t previous_key = 0;
    bool first = true;
    ASSERT_TRUE(pending.Drain([&](uint64_t key, const std::vector<uint64_t>& ids) {
                         EXPECT_TRUE(first || key > previous_key);
                         first = false;
                         previous_key = key;
                         EXPECT_TRUE(std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<uint64_t>()) == ids.end());
                         got[key].insert(ids.begin(), ids.end());
                         return Status::OK();
                       }).ok());
    EXPECT_TRUE(pending.empty());
    EXPECT_EQ(got, expected);
  }
}

// A write holds its exact-index entries in memory until it ends: a unit must still merge into
// one added earlier in the same write, into a stored one, and into one replaced in the same
// write under its old id; and the index written must be the one a fresh import writes.
TEST(Memory, MergesAgainstHeldAndStoredExactEntries) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  Unit twin = Pair("Same text.", "Тот же текст.");
  twin.variants.push_back(twin.variants[0]);
  twin.variants[0].lang = "en-GB";  // two variants of one language: one exact entry
  twin.variants[2].lang = "en-US";
  twin.source_lang = "en-GB";
  std::vector<AddOutcome> outcomes;
  ASSERT_TRUE(AddAll(m.get(), {Pair("Alpha.", "Альфа."), twin, Pair("Beta.", "Бета."), Pair("Alpha.", "Альфа."), twin},
                     &outcomes).ok());
  EXPECT_EQ(outcomes, (std::vector<AddOutcome>{AddOutcome::kAdded, AddOutcome::kAdded, AddOutcome::kAdded,
                                               AddOutcome::kMerged, AddOutcome::kMerged}));
  uint64_t merged_into = 0;
  ASSERT_TRUE(m->Write([&](Writer* w) {
                 Unit u = Pair("Gamma.", "Гамма.");
                 u.id = 1;  // "Alpha." becomes "Gamma."
                 Status s = w->Replace(u);
                 AddOutcome o;
                 if (s.ok()) s = w->Add(Pair("Gamma.", "Гамма."), &o, &merged_into);
                 if (s.ok() && o != AddOutcome::kMerged) s = Status::InvalidInput("Gamma was not merged");
                 if (s.ok()) s = w->Add(Pair("Beta.", "Бета."), &o, nullptr);
                 if (s.ok() && o != AddOutcome::kMerged) s = Status::InvalidInput("Beta was not merged");
                 if (s.ok()) s = w->Add(Pair("Alpha.", "Альфа."), &o, nullptr);
                 if (s.ok() && o != AddOutcome::kAdded) s = Status::InvalidInput("Alpha is gone, yet merged");
                 return s;
               }).ok());
  EXPECT_EQ(merged_into, 1u);
  ExpectClean(*m);
  TempDir fresh_dir;
  std::string fresh = fresh_dir.path() + "/tm";
  {
    auto f = OpenNew(fresh);
    Unit gamma = Pair("Gamma.", "Гамма.");
    ASSERT_TRUE(AddAll(f.get(), {gamma, twin, Pair("Beta.", "Бета."), Pair("Alpha.", "Альфа.")}).ok());
  }
  EXPECT_EQ(DumpDatabase(fresh, "exact"), DumpDatabase(dir.path() + "/tm", "exact"));
}

TEST(Memory, BitParallelWordDistanceEqualsTheDynamicProgram) {
  std::mt19937 rng(11);
  auto sequence = [&](size_t n, int vocabulary) {
    std::vector<uint64_t> out;
    for (size_t i = 0; i < n; ++i) {
      uint64_t token = 1 + rng() % static_cast<uint32_t>(vocabulary);
      out.push_back(rng() % 9 == 0 ? (token << 1) | 1 : token << 1);
    }
    return out;
  };
  auto exact = [](const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
    return store::BoundedWordDistanceDP(a, b, a.size() + b.size());
  };
  for (int trial = 0; trial < 4000; ++trial) {
    int vocabulary = 2 + static_cast<int>(rng() % 30);
    size_t n = trial % 10 == 0 ? 60 + rng() % 10 : rng() % 40;
    std::vector<uint64_t> query = sequence(n, vocabulary);
    std::vector<uint64_t> stored = rng() % 2 ? sequence(rng() % 70, vocabulary) : query;
    for (int edits = static_cast<int>(rng() % 6); edits > 0 && !stored.empty(); --edits) {
      size_t at = rng() % stored.size();
      switch (rng() % 3) {
        case 0: stored.erase(stored.begin() + static_cast<long>(at)); break;
        case 1: stored.insert(stored.begin() + static_cast<long>(at), sequence(1, vocabulary)[0]); break;
        default: stored[at] = sequence(1, vocabulary)[0];
      }
    }
    store::WordDistance distance;
    distance.Prepare(query);
    size_t d = exact(query, stored);
    ASSERT_EQ(d, exact(stored, query));
    for (size_t max_distance : {size_t{0}, size_t{1}, size_t{3}, d > 0 ? d - 1 : 0, d, d + 2, size_t{200}}) {
      ASSERT_EQ(distance.Bounded(stored, max_distance), std::min(d, max_distance + 1))
          << "trial " << trial << " n " << query.size() << " m " << stored.size() << " bound " << max_distance;
      ASSERT_EQ(store::BoundedWordDistanceDP(query, stored, max_distance), std::min(d, max_distance + 1));
    }
  }
}

// Segments of 255 words or more share the last length bucket, and so does the band of a query
// that long: a 400-word query must still find its 400-word near-copy (bucket 255).
TEST(Memory, FindsSegmentsPastTheLastLengthBucket) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  std::mt19937 rng(3);
  auto sentence = [&](size_t words) {
    std::string s;
    for (size_t i = 0; i < words; ++i) {
      if (!s.empty()) s += ' ';
      s += LetterWord(rng() % 5000 + 1);
    }
    return s + ".";
  };
  const std::string long_one = sentence(400);
  ASSERT_TRUE(AddAll(m.get(), {Pair(long_one, "длинный"), Pair(sentence(300), "другой"), Pair(sentence(20), "короткий")}).ok());
  std::string query = long_one;
  query.replace(0, query.find(' '), "changed");  // one word of 400 differs: base 99
  std::vector<LookupMatch> got;
  ASSERT_TRUE(m->Lookup(Query(query, "en", "ru"), &got).ok());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].unit.variants[got[0].target_variant].text, "длинный");
  EXPECT_EQ(got[0].score.base, 99);
}

TEST(Memory, LookupEqualsAFullScan) {
  TempDir dir;
  auto m = OpenNew(dir.path());
  std::mt19937 rng(7);
  std::vector<std::string> words;
  for (int i = 0; i < 80; ++i) words.push_back(LetterWord(i * 7919 % 1000));
  auto word = [&] {
    // Skewed: low indexes are frequent, like function words.
    std::uniform_real_distribution<double> u(0, 1);
    return words[static_cast<size_t>(words.size() * u(rng) * u(rng))];
  };
  auto sentence = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (!s.empty()) s += ' ';
      s += (rng() % 13 == 0) ? std::to_string(rng() % 100) : word();
    }
    return s + ".";
  };
  std::vector<std::string> sources;
  std::vector<Unit> units;
  for (int i = 0; i < 1500; ++i) {
    std::string src = (i > 0 && rng() % 3 == 0) ? sources[rng() % sources.size()] : sentence(2 + rng() % 18);
    // near-duplicates: mutate one or two words of an earlier sentence
    if (i > 0 && rng() % 2 == 0) {
      std::string base = sources[rng() % sources.size()];
      size_t space = base.find(' ', rng() % base.size());
      if (space != std::string::npos) src = base.substr(0, space) + " " + word() + base.substr(space);
    }
    // longer versions of an earlier sentence, up to half as long again: a longer unit needs more
    // shared words and has a shorter prefix of lists (docs/matching.md, Lemma 4)
    if (i > 0 && rng() % 4 == 0) {
      src = sources[rng() % sources.size()];
      size_t extra = 1 + rng() % (1 + std::count(src.begin(), src.end(), ' ') / 2);
      for (size_t k = 0; k < extra; ++k) src.insert(src.rfind(' ', rng() % src.size()) + 1, word() + " ");
    }
    sources.push_back(src);
    units.push_back(Pair(src, "t" + std::to_string(i)));
  }
  ASSERT_TRUE(AddAll(m.get(), units).ok());
  ExpectClean(*m);
  size_t rejected_by_signature = 0, two_rounds = 0;
  for (int trial = 0; trial < 100; ++trial) {
    std::string query = trial % 2 ? sources[rng() % sources.size()] : sentence(1 + rng() % 20);
    if (trial % 3 == 0) {
      size_t space = query.find(' ');
      if (space != std::string::npos) query = word() + query.substr(space);
    }
    std::vector<int> all;  // every unit's score, by brute force
    ASSERT_TRUE(m->ForEach([&](const Unit& u) {
                   all.push_back(CompareForFuzzy(query, u.variants[0].text, false, "en").score.total);
                   return Status::OK();
                 }).ok());
    std::sort(all.rbegin(), all.rend());
    for (int min : {50, 70, 90}) {
      for (int limit : {3, 10000}) {
        LookupQuery q = Query(query, "en", "ru", min, limit);
        std::vector<LookupMatch> got;
        ASSERT_TRUE(m->Lookup(q, &got).ok());
        ASSERT_FALSE(store::LastLookupWork().capped);  // the guarantee holds below the caps
        rejected_by_signature += store::LastLookupWork().signature_rejected;
        two_rounds += store::LastLookupWork().two_rounds;
        std::vector<int> expected;
        for (int score : all) {
          if (score >= min && static_cast<int>(expected.size()) < limit) expected.push_back(score);
        }
        std::vector<int> scores;
        for (const LookupMatch& mt : got) scores.push_back(mt.score.total);
        ASSERT_EQ(scores, expected) << "query '" << query << "' min " << min << " limit " << limit;
      }
    }
  }
  // The signature bound and the prefix read in two rounds were put to work here, and lost no match.
  EXPECT_GT(rejected_by_signature, 0u);
  EXPECT_GT(two_rounds, 0u);
}

// Issue 27 item 7: a long query of common words at a low threshold made every unit a candidate
// (1 s of CPU per lookup on 100k units). The work is capped, most promising candidates first, so
// the unit that shares the most words with the query is still the first match.
TEST(Memory, LookupWorkIsBoundedForAQueryOfCommonWords) {
  const std::string common = "the of and to a in is that for on with as was at by it from be this have";
  const std::vector<std::string> words = {"the", "of",   "and", "to", "a",  "in", "is",   "that", "for", "on",
                                          "with", "as", "was", "at", "by", "it", "from", "be",   "this", "have"};
  std::vector<Unit> units;
  for (uint32_t i = 0; i < store::kMaxVerifiedCandidates + 1000; ++i) {
    // Each unit holds a few of the common words and a word of its own.
    std::string text = LetterWord(i + 1);
    for (uint32_t k = 0; k < 4; ++k) text += " " + words[(i + k * 7) % 20];
    units.push_back(Pair(text, "текст " + LetterWord(i + 1)));
  }
  units.push_back(Pair(common, "общие слова"));  // shares every word with the query
  TempDir dir;
  auto m = OpenNew(dir.path());
  ASSERT_TRUE(AddAll(m.get(), units).ok());
  std::vector<LookupMatch> got;
  ASSERT_TRUE(m->Lookup(Query(common + " " + common, "en", "ru", 1, 5), &got).ok());
  const store::LookupWork& work = store::LastLookupWork();
  EXPECT_TRUE(work.capped);
  EXPECT_LE(work.verified, store::kMaxVerifiedCandidates);
  EXPECT_LE(work.postings, store::kMaxGatheredPostings);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].unit.variants[0].text, common);
}

// AddBatch analyses on two threads while it stores; the result must be what one Add per unit
// gives: the same ids, outcomes (including merges with units earlier in the same batch) and text.
TEST(Memory, AddBatchStoresLikeAdd) {
  std::mt19937 rng(11);
  std::vector<Unit> units;
  for (int i = 0; i < 5000; ++i) {
    int k = static_cast<int>(rng() % 1500);  // repeats: merges within and across batches
    units.push_back(Pair("sentence " + std::to_string(k) + " of " + std::to_string(k % 37) + " words",
                         "предложение " + std::to_string(k)));
  }
  TempDir one_dir, batch_dir;
  auto one = OpenNew(one_dir.path());
  auto batch = OpenNew(batch_dir.path());
  std::vector<AddOutcome> one_outcomes, batch_outcomes;
  ASSERT_TRUE(AddAll(one.get(), units, &one_outcomes).ok());
  ASSERT_TRUE(batch->Write([&](Writer* w) {
                     batch_outcomes.clear();
                     for (size_t from = 0; from < units.size(); from += 700) {
                       std::vector<Unit> part(units.begin() + static_cast<long>(from),
                                              units.begin() + static_cast<long>(std::min(units.size(), from + 700)));
                       std::vector<AddOutcome> outcomes;
                       Status s = w->AddBatch(part, &outcomes);
                       if (!s.ok()) return s;
                       batch_outcomes.insert(batch_outcomes.end(), outcomes.begin(), outcomes.end());
                     }
                     return Status::OK();
                   }).ok());
  EXPECT_EQ(one_outcomes, batch_outcomes);
  std::vector<std::string> one_units, batch_units;
  auto collect = [](std::vector<std::string>* out) {
    return [out](const Unit& u) {
      out->push_back(std::to_string(u.id) + " " + u.variants[0].text + " " + u.variants[1].text);
      return Status::OK();
    };
  };
  ASSERT_TRUE(one->ForEach(collect(&one_units)).ok());
  ASSERT_TRUE(batch->ForEach(collect(&batch_units)).ok());
  EXPECT_EQ(one_units, batch_units);
  ExpectClean(*batch);
}

TEST(Memory, ImportsTsvWithNeighboursAndReasons) {
  TempDir dir;
  std::string tsv = dir.path() + "/pairs.tsv";
  std::ofstream(tsv) << "First sentence.\tПервое предложение.\n"
                     << "Second sentence.\t\n"
                     << "Third sentence.\tТретье предложение.\n";
  auto m = OpenNew(dir.path() + "/tm");
  ImportOptions options;
  options.src_lang = "en";
  options.tgt_lang = "ru";
  ImportReport report;
  ASSERT_TRUE(ImportFile(m.get(), tsv, options, &report).ok());
  EXPECT_EQ(report.added, 2u);
  EXPECT_EQ(report.skipped, 1u);
  EXPECT_EQ(report.first_skip.begin()->second, tsv + ":2");
  Unit u;
  ASSERT_TRUE(m->Get(2, &u).ok());
  EXPECT_EQ(u.prev_source, "Second sentence.");
  EXPECT_EQ(u.position, 2);
  EXPECT_EQ(u.document, "pairs.tsv");
  std::ofstream(tsv) << "a\tb\tc\n";
  Status s = ImportFile(m.get(), tsv, options, &report);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find(":1: expected 2 tab-separated columns"), std::string::npos) << s.message();
}

// Parsing runs on its own thread ahead of the writer: an import spanning several batches must
// store every unit, and a failure on either side (bad input late in the file, a full TM) must
// end the import without a hang and leave the TM as it was.
TEST(Memory, ImportSpanningManyBatchesLandsWholeOrNotAtAll) {
  TempDir dir;
  const int kLines = 10000;
  auto write_tsv = [&](const std::string& path, int bad_line) {
    std::ofstream out(path);
    for (int i = 1; i <= kLines; ++i) {
      if (i == bad_line) {
        out << "only one column\n";
      } else {
        out << "Sentence " << i << " about word" << i % 89 << ".\tПредложение " << i << " о слове" << i % 89 << ".\n";
      }
    }
  };
  std::string good = dir.path() + "/good.tsv", bad = dir.path() + "/bad.tsv";
  write_tsv(good, 0);
  write_tsv(bad, kLines - 100);
  ImportOptions options;
  options.src_lang = "en";
  options.tgt_lang = "ru";
  auto m = OpenNew(dir.path() + "/tm");
  ASSERT_TRUE(AddAll(m.get(), {Pair("Before.", "До.")}).ok());
  ImportReport report;
  Status s = ImportFile(m.get(), bad, options, &report);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(s.message().find(":" + std::to_string(kLines - 100) + ": expected 2"), std::string::npos) << s.message();
  MemoryStats st;
  ASSERT_TRUE(m->Stats(&st).ok());
  EXPECT_EQ(st.units, 1u);
  ASSERT_TRUE(ImportFile(m.get(), good, options, &report).ok());
  EXPECT_EQ(report.read, static_cast<uint64_t>(kLines));
  EXPECT_EQ(report.added, static_cast<uint64_t>(kLines));
  ASSERT_TRUE(m->Stats(&st).ok());
  EXPECT_EQ(st.units, kLines + 1u);
  Unit last;
  ASSERT_TRUE(m->Get(kLines + 1, &last).ok());
  EXPECT_EQ(last.variants[0].text, "Sentence " + std::to_string(kLines) + " about word" + std::to_string(kLines % 89) + ".");
  ExpectClean(*m);

  OpenOptions capped;
  capped.initial_map_bytes = 256 * 1024;
  capped.max_map_bytes = 512 * 1024;
  auto small = OpenNew(dir.path() + "/capped", capped);
  ASSERT_TRUE(AddAll(small.get(), {Pair("Before.", "До.")}).ok());
  s = ImportFile(small.get(), good, options, &report);
  EXPECT_EQ(s.code(), Status::Code::kIOError) << s.ToString();
  EXPECT_NE(s.message().find("full"), std::string::npos) << s.message();
  ASSERT_TRUE(small->Stats(&st).ok());
  EXPECT_EQ(st.units, 1u);
}

}  // namespace
}  // namespace tmkit
