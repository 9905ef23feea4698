// XLIFF reading: the OASIS conformance suites, the model, inline codes (docs/xliff.md).
#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tmkit/analysis.h"
#include "tmkit/memory.h"
#include "formats/xliff_internal.h"
#include "tmkit/pretranslate.h"
#include "tmkit/xliff.h"

namespace tmkit {
namespace {

const std::string kXliffData = std::string(TMKIT_SHARED_DIR) + "/data/xliff/";

std::vector<std::string> XlfFiles(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 4 && n.substr(n.size() - 4) == ".xlf") out.push_back(dir + "/" + n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

// extra-prefixes.properties: "namespace=prefix" lines registering fragment prefixes.
XliffReadOptions SuiteOptions(const std::string& valid_dir) {
  XliffReadOptions o;
  std::ifstream in(valid_dir + "/extra-prefixes.properties");
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.rfind('=');
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (eq != std::string::npos) o.extra_fragment_prefixes.push_back(line.substr(eq + 1));
  }
  return o;
}

class XliffSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(XliffSuite, EveryValidFileReadsAndEveryInvalidOneIsRefused) {
  std::string base = kXliffData + GetParam() + "/test-suite/core/";
  // Prefixes are registered per directory, as the suite ships them (only valid/ registers any).
  std::vector<std::string> valid = XlfFiles(base + "valid");
  std::vector<std::string> invalid = XlfFiles(base + "invalid");
  ASSERT_GT(valid.size(), 20u);
  ASSERT_GT(invalid.size(), 100u);
  int valid_read = 0, invalid_refused = 0;
  for (const std::string& f : valid) {
    XliffDocument doc;
    Status s = ReadXliff(f, &doc, SuiteOptions(base + "valid"));
    EXPECT_TRUE(s.ok()) << s.message();
    if (s.ok()) ++valid_read;
  }
  for (const std::string& f : invalid) {
    XliffDocument doc;
    Status s = ReadXliff(f, &doc, SuiteOptions(base + "invalid"));
    EXPECT_FALSE(s.ok()) << f << " was read";
    if (!s.ok()) {
      ++invalid_refused;
      // The message names the file and a line.
      EXPECT_EQ(s.message().rfind(f + ":", 0), 0u) << s.message();
    }
  }
  std::printf("XLIFF %s core: %d/%zu valid read, %d/%zu invalid refused\n", GetParam().c_str(), valid_read,
              valid.size(), invalid_refused, invalid.size());
}

INSTANTIATE_TEST_SUITE_P(Oasis, XliffSuite, ::testing::Values("2.1", "2.2"));

TEST(Xliff, InOutPairsRead) {
  for (const std::string& f : XlfFiles(kXliffData + "2.1/test-suite/core/in-out")) {
    XliffDocument doc;
    Status s = ReadXliff(f, &doc);
    EXPECT_TRUE(s.ok()) << s.message();
  }
}

TEST(Xliff, Model2xSegmentsCodesStates) {
  const char* x = R"(<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en-us" trgLang="ru">
 <file id="f1" original="news/a.html">
  <group id="g1" translate="no">
   <unit id="u1" translate="yes">
    <notes><note category="x">Check the name</note></notes>
    <originalData><data id="d1">&lt;br/&gt;</data></originalData>
    <segment id="s1" state="translated" subState="my:ok">
     <source>Press <pc id="1" type="fmt">Start</pc> now<ph id="2" dataRef="d1"/>.</source>
     <target>Нажмите <pc id="1" type="fmt">Пуск</pc><ph id="2" dataRef="d1"/>.</target>
    </segment>
    <ignorable><source> </source></ignorable>
    <segment id="s2"><source>Second <sc id="3" isolated="yes"/>one.</source></segment>
   </unit>
   <unit id="u2"><segment><source>Not for translation.</source></segment></unit>
  </group>
 </file>
</xliff>)";
  XliffDocument doc;
  Status s = ParseXliff(x, "t.xlf", &doc);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(doc.version, "2.1");
  EXPECT_EQ(doc.source_lang, "en-US");
  ASSERT_EQ(doc.files.size(), 1u);
  EXPECT_EQ(doc.files[0].original, "news/a.html");
  ASSERT_EQ(doc.files[0].units.size(), 2u);
  const XliffUnit& u = doc.files[0].units[0];
  EXPECT_TRUE(u.translate);
  EXPECT_FALSE(doc.files[0].units[1].translate);
  EXPECT_EQ(u.groups, std::vector<std::string>{"g1"});
  ASSERT_EQ(u.notes.size(), 1u);
  EXPECT_EQ(u.notes[0].text, "Check the name");
  ASSERT_EQ(u.segments.size(), 3u);
  const XliffSegment& s1 = u.segments[0];
  EXPECT_EQ(s1.source.text, "Press Start now.");
  EXPECT_EQ(s1.source.markup, "Press <bpt i=\"1\" x=\"1\" type=\"fmt\"/>Start<ept i=\"1\"/> now<ph x=\"2\"/>.");
  EXPECT_EQ(s1.target.markup, "Нажмите <bpt i=\"1\" x=\"1\" type=\"fmt\"/>Пуск<ept i=\"1\"/><ph x=\"2\"/>.");
  ASSERT_EQ(s1.source.codes.size(), 3u);
  EXPECT_EQ(s1.source.codes[0].tag, "<pc id=\"1\" type=\"fmt\">");
  EXPECT_EQ(s1.source.codes[1].tag, "</pc>");
  EXPECT_EQ(s1.source.codes[2].tag, "<ph id=\"2\" dataRef=\"d1\"/>");
  EXPECT_EQ(s1.state, "translated");
  EXPECT_EQ(s1.sub_state, "my:ok");
  EXPECT_TRUE(u.segments[1].ignorable);
  EXPECT_EQ(u.segments[2].source.markup, "Second <it pos=\"begin\" x=\"1\"></it>one.");
}

TEST(Xliff, Model12SegSourceAndCodes) {
  const char* x = R"(<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a.html" source-language="en" target-language="ar" datatype="html">
  <body>
   <trans-unit id="1" resname="title">
    <source>One. <g id="1" ctype="bold">Two</g>.</source>
    <seg-source><mrk mtype="seg" mid="0">One.</mrk> <mrk mtype="seg" mid="1"><g id="1" ctype="bold">Two</g><x id="2"/>.</mrk></seg-source>
    <target state="translated" state-qualifier="exact-match"><mrk mtype="seg" mid="1"><g id="1" ctype="bold">اثنان</g>.</mrk></target>
    <note from="editor">n</note>
   </trans-unit>
   <trans-unit id="2" translate="no"><source>Keep <bpt id="5">&lt;b&gt;</bpt>this<ept id="5">&lt;/b&gt;</ept></source></trans-unit>
  </body>
 </file>
</xliff>)";
  XliffDocument doc;
  Status s = ParseXliff(x, "t.xlf", &doc);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(doc.version, "1.2");
  EXPECT_EQ(doc.target_lang, "ar");
  const XliffUnit& u = doc.files[0].units[0];
  EXPECT_EQ(u.name, "title");
  ASSERT_EQ(u.segments.size(), 2u);
  EXPECT_EQ(u.segments[0].id, "0");
  EXPECT_FALSE(u.segments[0].has_target);
  EXPECT_EQ(u.segments[1].source.text, "Two.");
  EXPECT_EQ(u.segments[1].source.markup, "<bpt i=\"1\" x=\"1\" type=\"bold\"/>Two<ept i=\"1\"/><ph x=\"2\"/>.");
  EXPECT_TRUE(u.segments[1].has_target);
  EXPECT_EQ(u.segments[1].target.text, "اثنان.");
  EXPECT_EQ(u.segments[1].state, "translated");
  EXPECT_EQ(u.segments[1].sub_state, "exact-match");
  const XliffSegment& kept = doc.files[0].units[1].segments[0];
  EXPECT_FALSE(kept.translate);
  EXPECT_EQ(kept.source.text, "Keep this");
  EXPECT_EQ(kept.source.markup, "Keep <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>this<ept i=\"1\">&lt;/b&gt;</ept>");
}

TEST(Xliff, BadInputIsRefusedWithItsLine) {
  struct Case {
    const char* xml;
    const char* says;
  } cases[] = {
      {"<html/>", "not XLIFF"},
      {"<xliff version=\"3.0\"/>", "unknown XLIFF version"},
      {"<xliff version=\"1.2\"><file original=\"a\" source-language=\"en\" datatype=\"x\"><body>\n<trans-unit id=\"1\"/></body></file></xliff>",
       "t.xlf:2:1: <trans-unit> without <source>"},
      {"<xliff version=\"1.2\"><file original=\"a\" source-language=\"en\" datatype=\"x\"><body><trans-unit id=\"1\"><source>a<ept id=\"1\">x</ept></source></trans-unit></body></file></xliff>",
       "mismatched inline codes"},
      {"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><xliff version=\"1.2\"/>", "entity declarations are not allowed"},
      {"<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><xliff version=\"1.2\">&x;</xliff>", "undefined entity"},
      {"<xliff version=\"1.2\"><file", "t.xlf:1:"},
  };
  for (const Case& c : cases) {
    XliffDocument doc;
    Status s = ParseXliff(c.xml, "t.xlf", &doc);
    ASSERT_FALSE(s.ok()) << c.xml;
    EXPECT_NE(s.message().find(c.says), std::string::npos) << s.message();
    EXPECT_EQ(s.message().rfind("t.xlf:", 0), 0u) << s.message();
  }
}

class CorpusTempDir {
 public:
  CorpusTempDir() {
    char tmpl[] = "/tmp/tmkit-xliff-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~CorpusTempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Real files from OmegaT, Okapi and Translate Toolkit (tests/data/xliff-corpus/README.md): each
// reads; pre-translated from a TM holding every other segment, it reads back with the same files,
// units, segments, sources, codes and notes, the targets it had unchanged and the new ones from
// the TM.
TEST(XliffCorpus, ReadsPretranslatesAndRereadsWithoutLoss) {
  std::string dir = std::string(TMKIT_SOURCE_DIR) + "/tests/data/xliff-corpus";
  std::vector<std::string> files = XlfFiles(dir);
  ASSERT_GE(files.size(), 7u);
  int pretranslated = 0;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    XliffDocument doc;
    Status s = ReadXliff(path, &doc);
    ASSERT_TRUE(s.ok()) << s.message();
    std::string tgt = doc.target_lang.empty() ? "fr" : doc.target_lang;
    AnalysisDocument analysis = DocumentFromXliff(doc);
    ASSERT_FALSE(analysis.segments.empty());
    CorpusTempDir tmp;
    std::unique_ptr<Memory> memory;
    OpenOptions open;
    open.create_if_missing = true;
    ASSERT_TRUE(Memory::Open(tmp.path() + "/tm", open, &memory).ok());
    std::set<std::string> in_tm;
    s = memory->Write([&](Writer* w) {
      for (size_t i = 0; i < analysis.segments.size(); i += 2) {
        const AnalysisSegment& a = analysis.segments[i];
        Unit u;
        u.source_lang = doc.source_lang;
        u.variants.resize(2);
        u.variants[0].lang = doc.source_lang;
        u.variants[0].text = a.text;
        u.variants[0].markup = a.markup;
        u.variants[1].lang = tgt;
        u.variants[1].text = "TM " + a.text;
        u.variants[1].markup = a.markup.empty() ? "" : "TM " + a.markup;
        in_tm.insert(a.text);
        AddOutcome outcome;
        uint64_t id;
        Status st = w->Add(u, &outcome, &id);
        if (!st.ok()) return st;
      }
      return Status::OK();
    });
    ASSERT_TRUE(s.ok()) << s.message();
    AnalysisOptions options;
    options.memory = memory.get();
    options.src_lang = doc.source_lang;
    options.tgt_lang = tgt;
    std::vector<SegmentMatch> matches;
    ASSERT_TRUE(MatchSegments(options, analysis, &matches).ok());
    PretranslateOptions po;
    po.tgt_lang = tgt;
    std::string out;
    PretranslateStats stats;
    s = PretranslateXliff(doc, analysis, matches, po, &out, &stats);
    if (!doc.tree->xml.utf8) {  // declared windows-1252: read, but not written into
      EXPECT_FALSE(s.ok());
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_GT(stats.exact + stats.context + stats.kept, 0u);
    XliffDocument back;
    s = ParseXliff(out, path + " (pre-translated)", &back);
    ASSERT_TRUE(s.ok()) << s.message() << "\n" << out;
    ++pretranslated;
    ASSERT_EQ(back.files.size(), doc.files.size());
    EXPECT_EQ(back.target_lang, tgt);
    for (size_t f = 0; f < doc.files.size(); ++f) {
      const XliffFile& a = doc.files[f];
      const XliffFile& b = back.files[f];
      EXPECT_EQ(a.original, b.original);
      ASSERT_EQ(a.notes.size(), b.notes.size());
      ASSERT_EQ(a.units.size(), b.units.size());
      for (size_t u = 0; u < a.units.size(); ++u) {
        const XliffUnit& ua = a.units[u];
        const XliffUnit& ub = b.units[u];
        EXPECT_EQ(ua.id, ub.id);
        EXPECT_EQ(ua.translate, ub.translate);
        EXPECT_EQ(ua.notes.size(), ub.notes.size());
        ASSERT_EQ(ua.segments.size(), ub.segments.size());
        for (size_t k = 0; k < ua.segments.size(); ++k) {
          const XliffSegment& sa = ua.segments[k];
          const XliffSegment& sb = ub.segments[k];
          EXPECT_EQ(sa.source.text, sb.source.text);
          EXPECT_EQ(sa.source.markup, sb.source.markup);
          bool had = sa.has_target && (!sa.target.text.empty() || !sa.target.codes.empty());
          if (had) {
            EXPECT_EQ(sa.target.text, sb.target.text) << "a translation was changed";
          } else if (sa.translate && !sa.ignorable && in_tm.count(sa.source.text)) {
            EXPECT_EQ(sb.target.text, "TM " + sa.source.text) << "unit " << ua.id;
          }
        }
      }
    }
  }
  EXPECT_GE(pretranslated, 6);
}


// MatchSegments gives each segment the best match a single Memory::Lookup at the minimum gives it
// (tmkit lookup's %), though it looks up in stages and once per text: a repeated exact segment is
// 101 only where its own neighbours agree, a repeated fuzzy one has the first one's match; one
// thread or two, the same answers.
TEST(XliffAnalysis, MatchSegmentsEqualsSingleLookups) {
  CorpusTempDir tmp;
  std::unique_ptr<Memory> memory;
  OpenOptions open;
  open.create_if_missing = true;
  ASSERT_TRUE(Memory::Open(tmp.path() + "/tm", open, &memory).ok());
  const std::string talks = "The talks resumed in Geneva on Monday.";
  const std::string convoys = "Aid convoys reached the besieged city.";
  auto pair = [](const std::string& en, const std::string& ru) {
    Unit u;
    u.source_lang = "en";
    u.variants.resize(2);
    u.variants[0].lang = "en";
    u.variants[0].text = en;
    u.variants[1].lang = "ru";
    u.variants[1].text = ru;
    return u;
  };
  Status s = memory->Write([&](Writer* w) {
    Unit a = pair(talks, "Переговоры возобновились в Женеве в понедельник.");
    Unit b = pair(convoys, "Колонны с помощью достигли осажденного города.");
    b.prev_source = talks;
    AddOutcome outcome;
    uint64_t id;
    Status st = w->Add(a, &outcome, &id);
    return st.ok() ? w->Add(b, &outcome, &id) : st;
  });
  ASSERT_TRUE(s.ok()) << s.message();
  AnalysisDocument doc;
  for (const std::string& text : {talks, convoys, std::string("Nothing of the sort was ever stored anywhere."), convoys,
                                  std::string("Aid convoys reached the city."), std::string("Aid convoys reached the city.")}) {
    AnalysisSegment seg;
    seg.text = text;
    if (!doc.segments.empty()) seg.prev = doc.segments.back().text;
    doc.segments.push_back(seg);
  }
  for (size_t i = 0; i + 1 < doc.segments.size(); ++i) doc.segments[i].next = doc.segments[i + 1].text;
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    AnalysisOptions options;
    options.memory = memory.get();
    options.src_lang = "en";
    options.tgt_lang = "ru";
    options.threads = threads;
    std::vector<SegmentMatch> matches;
    ASSERT_TRUE(MatchSegments(options, doc, &matches).ok());
    ASSERT_EQ(matches.size(), doc.segments.size());
    EXPECT_EQ(matches[1].score, 101);  // after the talks, as stored
    EXPECT_EQ(matches[3].score, 100);  // the same text elsewhere
    EXPECT_EQ(matches[2].score, 0);
    EXPECT_GE(matches[4].score, 75);
    EXPECT_LT(matches[4].score, 100);
    for (size_t i = 0; i < doc.segments.size(); ++i) {
      LookupQuery q;
      q.text = doc.segments[i].text;
      q.src_lang = "en";
      q.tgt_lang = "ru";
      q.min_score = 50;
      q.limit = 1;
      q.prev_source = doc.segments[i].prev;
      q.next_source = doc.segments[i].next;
      std::vector<LookupMatch> found;
      ASSERT_TRUE(memory->Lookup(q, &found).ok());
      EXPECT_EQ(matches[i].score, found.empty() ? 0 : found[0].score.total) << doc.segments[i].text;
      if (!found.empty()) {
        EXPECT_EQ(matches[i].match.unit.id, found[0].unit.id);
      }
    }
  }
}

}  // namespace
}  // namespace tmkit
