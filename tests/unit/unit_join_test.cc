#include "tmkit/unit_join.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <map>
#include <set>

#include "tmkit/memory.h"

namespace tmkit {
namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tmkit_join_test_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Unit Make(const std::vector<std::pair<std::string, std::string>>& variants, const std::string& doc = "", int64_t pos = -1) {
  Unit u;
  u.source_lang = variants[0].first;
  u.document = doc;
  u.position = pos;
  for (const auto& [lang, text] : variants) {
    Variant v;
    v.lang = lang;
    v.text = text;
    u.variants.push_back(v);
  }
  return u;
}

std::unique_ptr<Memory> OpenNew(const std::string& dir) {
  OpenOptions options;
  options.create_if_missing = true;
  std::unique_ptr<Memory> m;
  Status s = Memory::Open(dir, options, &m);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return m;
}

std::vector<AddOutcome> AddAll(Memory* m, const std::vector<Unit>& units, bool join) {
  std::vector<AddOutcome> outcomes;
  Status s = m->Write([&](Writer* w) {
    outcomes.clear();
    w->JoinOnAdd(join);
    for (const Unit& u : units) {
      AddOutcome o;
      Status st = w->Add(u, &o, nullptr);
      if (!st.ok()) return st;
      outcomes.push_back(o);
    }
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return outcomes;
}

// Each unit as the set of its (language, text), the TM as the multiset of those.
std::multiset<std::set<std::pair<std::string, std::string>>> Contents(const Memory& m) {
  std::multiset<std::set<std::pair<std::string, std::string>>> out;
  EXPECT_TRUE(m.ForEach([&](const Unit& u) {
    std::set<std::pair<std::string, std::string>> segs;
    for (const Variant& v : u.variants) segs.insert({v.lang, v.text});
    out.insert(segs);
    return Status::OK();
  }).ok());
  return out;
}

void ExpectClean(const Memory& m) {
  std::vector<std::string> problems;
  ASSERT_TRUE(m.Verify(&problems, nullptr).ok());
  for (const std::string& p : problems) ADD_FAILURE() << p;
}

TEST(UnitJoin, SameSourceAfterNormalizationOnly) {
  Unit ru = Make({{"en", "The talks  resumed."}, {"ru", "Переговоры возобновились."}});
  Unit ar = Make({{"en", " The talks resumed. "}, {"ar", "استؤنفت المحادثات."}});
  EXPECT_TRUE(CanJoin(ru, ar));
  // NFC: a composed and a decomposed é are the same source.
  EXPECT_TRUE(CanJoin(Make({{"en", "caf\xC3\xA9"}, {"ru", "кафе"}}), Make({{"en", "cafe\xCC\x81"}, {"ar", "مقهى"}})));
  // Case and punctuation count.
  EXPECT_FALSE(CanJoin(ru, Make({{"en", "The talks resumed!"}, {"ar", "استؤنفت المحادثات!"}})));
  EXPECT_FALSE(CanJoin(ru, Make({{"en", "the talks resumed."}, {"ar", "استؤنفت المحادثات."}})));
  // Another Russian translation is not joined; the same one with a new language is.
  EXPECT_FALSE(CanJoin(ru, Make({{"en", "The talks resumed."}, {"ru", "Переговоры продолжились."}})));
  EXPECT_TRUE(CanJoin(ru, Make({{"en", "The talks resumed."}, {"ru", "Переговоры возобновились."}, {"ar", "x"}})));
  // Nothing to add.
  EXPECT_FALSE(CanJoin(ru, Make({{"en", "The talks resumed."}, {"ru", "Переговоры возобновились."}})));
  // Different documents or positions, where both are known.
  EXPECT_FALSE(CanJoin(Make({{"en", "A."}, {"ru", "Б."}}, "doc1", 3), Make({{"en", "A."}, {"ar", "ب."}}, "doc2", 3)));
  EXPECT_FALSE(CanJoin(Make({{"en", "A."}, {"ru", "Б."}}, "doc1", 3), Make({{"en", "A."}, {"ar", "ب."}}, "doc1", 4)));
  EXPECT_TRUE(CanJoin(Make({{"en", "A."}, {"ru", "Б."}}, "doc1", 3), Make({{"en", "A."}, {"ar", "ب."}}, "", -1)));
  Unit prev = Make({{"en", "A."}, {"ru", "Б."}});
  prev.prev_source = "Before.";
  Unit other_prev = Make({{"en", "A."}, {"ar", "ب."}});
  other_prev.prev_source = "Something else.";
  EXPECT_FALSE(CanJoin(prev, other_prev));
}

TEST(UnitJoin, JoinedUnitTakesWhatItLacks) {
  Unit ru = Make({{"en", "A."}, {"ru", "Б."}}, "", -1);
  ru.created = 200;
  ru.created_by = "anna";
  ru.props.push_back({"x-tmkit-align-confidence", "0.950", {{"xml:lang", "ru"}}});
  Unit ar = Make({{"en", "A."}, {"ar", "ب."}}, "doc", 7);
  ar.created = 100;
  ar.created_by = "omar";
  ar.tuid = "t7";
  ar.props.push_back({"x-tmkit-align-confidence", "0.910", {{"xml:lang", "ar"}}});
  Unit j = JoinUnits(ru, ar);
  ASSERT_EQ(j.variants.size(), 3u);
  EXPECT_EQ(j.variants[2].lang, "ar");
  EXPECT_EQ(j.document, "doc");
  EXPECT_EQ(j.position, 7);
  EXPECT_EQ(j.tuid, "t7");
  EXPECT_EQ(j.created, 100);
  EXPECT_EQ(j.created_by, "omar");
  EXPECT_EQ(j.props.size(), 2u);
}

TEST(UnitJoin, ImportJoinsIntoTheOneUnitWithThatSource) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  AddAll(m.get(), {Make({{"en", "One."}, {"ru", "Один."}}), Make({{"en", "Two."}, {"ru", "Два."}}),
                   Make({{"en", "Two."}, {"ru", "Пара."}})},
         true);
  std::vector<AddOutcome> o = AddAll(m.get(), {Make({{"en", "One."}, {"ar", "واحد."}}),
                                               Make({{"en", "Two."}, {"ar", "اثنان."}}),   // two candidates
                                               Make({{"en", "Three."}, {"ar", "ثلاثة."}}),
                                               Make({{"en", "One."}, {"ru", "Один."}})},  // now inside the joined unit
                                     true);
  EXPECT_EQ(o, (std::vector<AddOutcome>{AddOutcome::kJoined, AddOutcome::kAdded, AddOutcome::kAdded, AddOutcome::kMerged}));
  MemoryStats stats;
  ASSERT_TRUE(m->Stats(&stats).ok());
  EXPECT_EQ(stats.units, 5u);
  ExpectClean(*m);
  // The joined unit answers ru -> ar.
  LookupQuery q;
  q.text = "Один.";
  q.src_lang = "ru";
  q.tgt_lang = "ar";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].unit.variants[matches[0].target_variant].text, "واحد.");
  EXPECT_EQ(matches[0].score.total, 100);
}

TEST(UnitJoin, EitherOrderAndJoinVerbGiveTheTrilingualTm) {
  std::vector<Unit> tri, ru, ar;
  for (int i = 0; i < 40; ++i) {
    std::string en = "Sentence number " + std::to_string(i) + " of the story.";
    std::string r = "Предложение " + std::to_string(i) + ".", a = "الجملة " + std::to_string(i) + ".";
    // Every fifth English sentence is repeated in another document: the document keeps them apart.
    std::string doc = i % 5 == 0 ? "story-b" : "story-a";
    if (i % 5 == 0) en = "Repeated lead.";
    tri.push_back(Make({{"en", en}, {"ru", r}, {"ar", a}}, doc, i));
    ru.push_back(Make({{"en", en}, {"ru", r}}, doc, i));
    ar.push_back(Make({{"en", en}, {"ar", a}}, doc, i));
  }
  TempDir dir;
  auto t = OpenNew(dir.path() + "/tri");
  AddAll(t.get(), tri, true);
  auto want = Contents(*t);
  ASSERT_EQ(want.size(), 40u);

  auto a1 = OpenNew(dir.path() + "/ru-first");
  AddAll(a1.get(), ru, true);
  AddAll(a1.get(), ar, true);
  EXPECT_EQ(Contents(*a1), want);
  ExpectClean(*a1);

  auto a2 = OpenNew(dir.path() + "/ar-first");
  AddAll(a2.get(), ar, true);
  AddAll(a2.get(), ru, true);
  EXPECT_EQ(Contents(*a2), want);

  auto apart = OpenNew(dir.path() + "/apart");
  AddAll(apart.get(), ru, false);
  AddAll(apart.get(), ar, false);
  EXPECT_EQ(Contents(*apart).size(), 80u);
  JoinReport report;
  ASSERT_TRUE(JoinTm(apart.get(), &report, nullptr).ok());
  EXPECT_EQ(report.units, 80u);
  EXPECT_EQ(report.joined, 40u);
  EXPECT_EQ(Contents(*apart), want);
  ExpectClean(*apart);
  // A second join finds nothing to do.
  ASSERT_TRUE(JoinTm(apart.get(), &report, nullptr).ok());
  EXPECT_EQ(report.joined, 0u);
}

TEST(PivotLookup, ThroughTheSharedEnglishScoredBelow100) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  AddAll(m.get(), {Make({{"en", "The minister resigned on Monday."}, {"ru", "Министр ушёл в отставку в понедельник."}}),
                   Make({{"en", "The minister resigned on Monday."}, {"ar", "استقال الوزير يوم الاثنين."}}),
                   Make({{"en", "Prices rose."}, {"ru", "Цены выросли."}}),
                   Make({{"en", "Prices fell."}, {"ar", "انخفضت الأسعار."}})},
         false);
  LookupQuery q;
  q.text = "Министр ушёл в отставку в понедельник.";
  q.src_lang = "ru";
  q.tgt_lang = "ar";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  const LookupMatch& via = matches[0];
  EXPECT_EQ(via.pivot_lang, "en");
  EXPECT_EQ(via.score.total, 99);
  EXPECT_EQ(via.score.base, 100);
  EXPECT_EQ(via.Target().text, "استقال الوزير يوم الاثنين.");
  EXPECT_EQ(via.unit.variants[via.pivot_variant].text, "The minister resigned on Monday.");
  EXPECT_NE(via.target_unit.id, via.unit.id);
  // No identical English: no pivot match. Without pivots: nothing.
  q.text = "Цены выросли.";
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  EXPECT_TRUE(matches.empty());
  q.text = "Министр ушёл в отставку в понедельник.";
  q.pivot = false;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  EXPECT_TRUE(matches.empty());
  // Once joined, the same query is a direct 100.
  JoinReport report;
  ASSERT_TRUE(JoinTm(m.get(), &report, nullptr).ok());
  EXPECT_EQ(report.joined, 1u);
  q.pivot = true;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_TRUE(matches[0].pivot_lang.empty());
  EXPECT_EQ(matches[0].score.total, 100);
  EXPECT_EQ(matches[0].Target().text, "استقال الوزير يوم الاثنين.");
}

// A newsroom TM holds the same wire sentence many times with a new figure: every copy ties with
// the original on the base score (a number counts as any number), and the copies are newer. Only
// the original has an Arabic partner; it must still be the one followed.
TEST(PivotLookup, CopiesDifferingInANumberDoNotHideThePartner) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  std::vector<Unit> units = {
      Make({{"en", "The minister met 12 envoys in the capital on Monday."}, {"ru", "Министр встретился с 12 послами в столице в понедельник."}}),
      Make({{"en", "The minister met 12 envoys in the capital on Monday."}, {"ar", "التقى الوزير 12 مبعوثا في العاصمة يوم الاثنين."}})};
  for (int n = 13; n < 13 + 48; ++n) {  // more copies than a lookup follows
    std::string k = std::to_string(n);
    units.push_back(Make({{"en", "The minister met " + k + " envoys in the capital on Monday."},
                          {"ru", "Министр встретился с " + k + " послами в столице в понедельник."}}));
  }
  AddAll(m.get(), units, false);
  LookupQuery q;
  q.text = "Министр встретился с 12 послами в столице в пятницу.";  // one word changed
  q.src_lang = "ru";
  q.tgt_lang = "ar";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].pivot_lang, "en");
  EXPECT_EQ(matches[0].Target().text, "التقى الوزير 12 مبعوثا في العاصمة يوم الاثنين.");
  EXPECT_EQ(matches[0].unit.variants[matches[0].source_variant].text, "Министр встретился с 12 послами в столице в понедельник.");
}

// With an exact direct match there is nothing a pivot match (at most 99) could add above it.
TEST(PivotLookup, NoneBelowAnExactDirectMatch) {
  TempDir dir;
  auto m = OpenNew(dir.path() + "/tm");
  AddAll(m.get(), {Make({{"en", "Prices rose."}, {"ru", "Цены выросли."}, {"ar", "ارتفعت الأسعار."}}),
                   Make({{"en", "Prices went up."}, {"ru", "Цены выросли."}}),
                   Make({{"en", "Prices went up."}, {"ar", "صعدت الأسعار."}})},
         false);
  LookupQuery q;
  q.text = "Цены выросли.";
  q.src_lang = "ru";
  q.tgt_lang = "ar";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_TRUE(matches[0].pivot_lang.empty());
  EXPECT_EQ(matches[0].Target().text, "ارتفعت الأسعار.");
  // Below a fuzzy direct match the pivot match is still offered.
  q.text = "Цены резко выросли.";
  q.min_score = 50;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_TRUE(matches[0].pivot_lang.empty());
  EXPECT_EQ(matches[1].pivot_lang, "en");
  EXPECT_EQ(matches[1].Target().text, "صعدت الأسعار.");
}

}  // namespace
}  // namespace tmkit
