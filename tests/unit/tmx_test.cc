#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <iterator>

#include "tmkit/import.h"
#include "tmkit/memory.h"
#include "tmkit/tmx.h"

namespace tmkit {
namespace {

const std::string kSamples = std::string(TMKIT_SHARED_DIR) + "/data/tmx/samples/";

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tmkit_tmx_test_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<Unit> ReadAll(const std::string& path, TmxHeader* header = nullptr, Status* status = nullptr) {
  std::vector<Unit> units;
  Status s = ReadTmx(path, TmxReadLimits(), header, [&](Unit&& u, uint64_t) {
    units.push_back(std::move(u));
    return Status::OK();
  });
  if (status) *status = s; else EXPECT_TRUE(s.ok()) << s.ToString();
  return units;
}

std::string Write(const std::string& dir, const std::string& name, const std::string& content) {
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(TmxReader, Utf16WithBomAndLevel2Codes) {
  auto units = ReadAll(kSamples + "omegat_ImportTest2A_utf16_level2.tmx");
  ASSERT_EQ(units.size(), 7u);
  const Unit& first = units[0];
  EXPECT_EQ(first.tuid, "1");
  EXPECT_EQ(first.source_lang, "en-US");
  ASSERT_EQ(first.variants.size(), 2u);
  EXPECT_EQ(first.variants[0].lang, "en-US");
  EXPECT_EQ(first.variants[1].lang, "fr-CA");
  EXPECT_EQ(first.variants[0].text, "The big black cat sleeps.");  // native code is not text
  EXPECT_EQ(first.variants[0].markup,
            "The big <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>black<ept i=\"1\">&lt;/b&gt;</ept> "
            "<bpt i=\"2\" x=\"2\" type=\"ulined\">&lt;u&gt;</bpt>cat<ept i=\"2\">&lt;/u&gt;</ept> sleeps.");
  EXPECT_EQ(units[5].variants[0].lang, "en-US");  // "En-uS"
  // Inverted order in the file: the source (header srclang en-us) comes first after reading.
  EXPECT_EQ(units[6].variants[0].lang, "en-US");
  EXPECT_EQ(units[6].variants[0].text, "Some text with a part highlighted.");  // <hi> text is text
}

TEST(TmxReader, HeaderPropsNotesAndEveryInline) {
  TmxHeader header;
  auto units = ReadAll(kSamples + "okapi_header_with_prop_and_note_all_inline.tmx", &header);
  ASSERT_EQ(units.size(), 1u);
  ASSERT_EQ(header.props.size(), 1u);
  EXPECT_EQ(header.props[0].type, "x");
  EXPECT_EQ(header.props[0].value, "prop");
  ASSERT_EQ(header.notes.size(), 1u);
  EXPECT_EQ(header.notes[0].value, "note");
  EXPECT_EQ(units[0].variants[0].text, "Click  to start.");  // <sub> inside <ph> is not segment text
  EXPECT_NE(units[0].variants[0].markup.find("<sub>Start Here!</sub>"), std::string::npos);
  EXPECT_EQ(units[0].variants[1].lang, "fr");
}

TEST(TmxReader, UsAsciiCharacterReferences) {
  auto units = ReadAll(kSamples + "okapi_ImportTest1H_usascii_ncr.tmx");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].variants[0].text, "à=agrave, é=eacute, æ=aelig");
  EXPECT_EQ(units[1].variants[1].lang, "en-GB");
  EXPECT_EQ(units[1].variants[1].text, "ÿ=U+00FF, ™=U+2122, ’=U+2019");
}

TEST(TmxReader, DeclaredWindows1252AndProps) {
  TmxHeader header;
  auto units = ReadAll(kSamples + "okapi_olifant_windows1252_props.tmx", &header);
  ASSERT_EQ(units.size(), 9u);
  EXPECT_EQ(header.source_lang, "en-US");
  EXPECT_EQ(units[0].variants[1].text, "Test charactères: &=amp, <=lt, '=apos, \"=quot");
  ASSERT_EQ(units[1].props.size(), 2u);
  EXPECT_EQ(units[1].props[1].type, "Txt::GroupName");
  EXPECT_EQ(units[1].props[1].value, "group1");
}

TEST(TmxReader, Tmx11LangAttributeAndDates) {
  TmxHeader header;
  auto units = ReadAll(kSamples + "omegat_project_save_tmx11_lang_attr.tmx", &header);
  ASSERT_EQ(units.size(), 5u);
  EXPECT_EQ(header.version, "1.1");
  for (const Unit& u : units) {
    ASSERT_GE(u.variants.size(), 2u);
    EXPECT_FALSE(u.variants[0].lang.empty());
  }
  // OmegaT dates the target tuv; the attributes stay there verbatim and the unit inherits them.
  EXPECT_EQ(units[0].variants[1].attrs[1], (std::pair<std::string, std::string>("changedate", "20241127T035017Z")));
  EXPECT_EQ(FormatTmxDate(units[0].changed), "20241127T035017Z");
  EXPECT_EQ(units[0].changed_by, "Hiroshi Miura");
}

TEST(TmxReader, MultilingualUnitsChooseByLanguage) {
  TempDir dir;
  std::unique_ptr<Memory> m;
  OpenOptions open;
  open.create_if_missing = true;
  ASSERT_TRUE(Memory::Open(dir.path() + "/tm", open, &m).ok());
  ImportReport report;
  ASSERT_TRUE(ImportFile(m.get(), kSamples + "neokapi_kapimart_memory_seed_6lang_ar.tmx", ImportOptions(), &report).ok());
  EXPECT_EQ(report.added, 200u);
  LookupQuery q;
  q.text = "Install the SDK using your preferred package manager.";
  q.src_lang = "en";
  q.tgt_lang = "ar";
  std::vector<LookupMatch> matches;
  ASSERT_TRUE(m->Lookup(q, &matches).ok());
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].unit.variants[matches[0].target_variant].lang, "ar");
  EXPECT_EQ(matches[0].unit.variants[matches[0].target_variant].text, "قم بتثبيت SDK باستخدام مدير الحزم المفضل لديك.");
}

TEST(TmxReader, KeepsTheFirstOfSeveralSourceVariantsFirst) {
  // Found by tmx_fuzz: with two en variants, the reader moved the second one to the front, so a
  // written unit read back in a different order than it was read the first time.
  TempDir dir;
  std::string path = Write(dir.path(), "two.tmx",
                           "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\"/><body>"
                           "<tu><tuv xml:lang=\"fr\"><seg>Un</seg></tuv><tuv xml:lang=\"en\"><seg>One</seg></tuv>"
                           "<tuv xml:lang=\"en\"><seg>Uno</seg></tuv></tu>"
                           "<tu><tuv xml:lang=\"en\"><seg>A</seg></tuv><tuv xml:lang=\"fr\"><seg>Un</seg></tuv>"
                           "<tuv xml:lang=\"en\"><seg>B</seg></tuv></tu></body></tmx>");
  std::vector<Unit> units = ReadAll(path);
  ASSERT_EQ(units.size(), 2u);
  ASSERT_EQ(units[0].variants.size(), 3u);
  EXPECT_EQ(units[0].variants[0].text, "One");  // the first en variant moves to the front
  EXPECT_EQ(units[0].variants[1].text, "Un");
  EXPECT_EQ(units[0].variants[2].text, "Uno");
  ASSERT_EQ(units[1].variants.size(), 3u);
  EXPECT_EQ(units[1].variants[0].text, "A");  // already first: nothing moves
  EXPECT_EQ(units[1].variants[1].text, "Un");
  EXPECT_EQ(units[1].variants[2].text, "B");
}

TEST(TmxReader, ErrorsNameTheFileLineAndColumn) {
  TempDir dir;
  Status s;
  std::string bad = Write(dir.path(), "bad.tmx",
                          "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/>\n<body><tu>\n"
                          "<tuv xml:lang=\"en\"><seg>a</seg></tuv>\n<tuv xml:lang=\"ru\"><seg>b</sag></tuv></tu></body></tmx>\n");
  ReadAll(bad, nullptr, &s);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(s.message().rfind(bad + ":5:", 0), 0u) << s.message();
  std::string nolang = Write(dir.path(), "nolang.tmx",
                             "<tmx version=\"1.4\"><header/><body><tu>\n<tuv><seg>a</seg></tuv></tu></body></tmx>");
  ReadAll(nolang, nullptr, &s);
  EXPECT_NE(s.message().find(nolang + ":2:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("without xml:lang"), std::string::npos);
  std::string badlang = Write(dir.path(), "badlang.tmx",
                              "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"e!\"><seg>a</seg></tuv></tu></body></tmx>");
  ReadAll(badlang, nullptr, &s);
  EXPECT_NE(s.message().find("not a language code"), std::string::npos) << s.message();
}

// tests/bad-inputs/tmx-mixed-1.1-1.4.tmx: a 1.4 file with a TMX 1.1 lang= was imported.
TEST(TmxReader, RefusesTmx11LangInA14File) {
  TempDir dir;
  Status s;
  std::string mixed = Write(dir.path(), "mixed.tmx",
                            "<tmx version=\"1.4\"><header/><body><tu>\n<tuv lang=\"EN\"><seg>a</seg></tuv></tu></body></tmx>");
  ReadAll(mixed, nullptr, &s);
  EXPECT_NE(s.message().find(mixed + ":2:1: <tuv lang=...> is TMX 1.1, but the file says version 1.4"), std::string::npos)
      << s.message();
  std::string nested = Write(dir.path(), "nested.tmx", "<tmx version=\"1.4\"><header/><body><tu><tu></tu></tu></body></tmx>");
  ReadAll(nested, nullptr, &s);
  EXPECT_NE(s.message().find("<tu> inside another <tu>"), std::string::npos) << s.message();
  std::string deep_seg = "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>";
  for (int i = 0; i < 200; ++i) deep_seg += "<hi>";
  std::string deep = Write(dir.path(), "deep.tmx", deep_seg);
  ReadAll(deep, nullptr, &s);
  EXPECT_NE(s.message().find("elements nested more than 100 deep"), std::string::npos) << s.message();
}

TEST(TmxReader, NeverExpandsDeclaredOrExternalEntities) {
  TempDir dir;
  Status s;
  std::string bomb = Write(dir.path(), "bomb.tmx",
                           "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>\n"
                           "<tmx version=\"1.4\"><header/><body/></tmx>");
  ReadAll(bomb, nullptr, &s);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("entity declarations are not allowed"), std::string::npos) << s.message();
  std::string external = Write(dir.path(), "external.tmx",
                               "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"http://127.0.0.1:9/tmx14.dtd\">\n"
                               "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&ext;</seg></tuv></tu></body></tmx>");
  ReadAll(external, nullptr, &s);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("undefined entity &ext;"), std::string::npos) << s.message();
}

TEST(TmxReader, Accepts14bVersionAndSrclangAll) {
  TempDir dir;
  std::string path = Write(dir.path(), "v14b.tmx",
                           "<tmx version=\"1.4b\"><header srclang=\"*all*\"/><body><tu>"
                           "<tuv xml:lang=\"ru\"><seg>б</seg></tuv><tuv xml:lang=\"EN\"><seg>a</seg></tuv></tu></body></tmx>");
  TmxHeader header;
  auto units = ReadAll(path, &header);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(header.version, "1.4b");
  EXPECT_EQ(units[0].source_lang, "");
  EXPECT_EQ(units[0].variants[1].lang, "en");
}

// Import -> export -> import gives the same units, field by field.
TEST(TmxRoundTrip, IsLossless) {
  TempDir dir;
  for (const char* sample : {"omegat_ImportTest2A_utf16_level2.tmx", "okapi_header_with_prop_and_note_all_inline.tmx",
                             "okapi_olifant_windows1252_props.tmx", "okapi_ImportTest1H_usascii_ncr.tmx",
                             "omegat_project_save_tmx11_lang_attr.tmx", "neokapi_kapimart_memory_seed_6lang_ar.tmx"}) {
    SCOPED_TRACE(sample);
    std::vector<Unit> first = ReadAll(kSamples + sample);
    first[0].document = "doc-1";  // tmkit's own fields travel too
    first[0].position = 7;
    first[0].prev_source = "Before & after <here>.";
    first[0].next_source = "Next.";
    std::string out = dir.path() + "/out.tmx";
    std::unique_ptr<TmxWriter> writer;
    ASSERT_TRUE(TmxWriter::Create(out, TmxWriteOptions(), &writer).ok());
    for (const Unit& u : first) {
      bool written;
      ASSERT_TRUE(writer->Write(u, &written).ok());
    }
    ASSERT_TRUE(writer->Finish().ok());
    std::vector<Unit> second = ReadAll(out);
    ASSERT_EQ(first.size(), second.size());
    for (size_t i = 0; i < first.size(); ++i) {
      const Unit& a = first[i];
      const Unit& b = second[i];
      EXPECT_EQ(a.tuid, b.tuid);
      EXPECT_EQ(a.source_lang, b.source_lang);
      EXPECT_EQ(a.created, b.created);
      EXPECT_EQ(a.created_by, b.created_by);
      EXPECT_EQ(a.changed, b.changed);
      EXPECT_EQ(a.changed_by, b.changed_by);
      EXPECT_EQ(a.document, b.document);
      EXPECT_EQ(a.position, b.position);
      EXPECT_EQ(a.prev_source, b.prev_source);
      EXPECT_EQ(a.next_source, b.next_source);
      EXPECT_EQ(a.attrs, b.attrs);
      EXPECT_EQ(a.props, b.props);
      EXPECT_EQ(a.notes, b.notes);
      ASSERT_EQ(a.variants.size(), b.variants.size());
      for (size_t v = 0; v < a.variants.size(); ++v) {
        EXPECT_EQ(a.variants[v].lang, b.variants[v].lang);
        EXPECT_EQ(a.variants[v].text, b.variants[v].text);
        EXPECT_EQ(a.variants[v].markup, b.variants[v].markup);
        EXPECT_EQ(a.variants[v].attrs, b.variants[v].attrs);
        EXPECT_EQ(a.variants[v].props, b.variants[v].props);
        EXPECT_EQ(a.variants[v].notes, b.variants[v].notes);
      }
      EXPECT_TRUE(a == b);
    }
  }
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The header's notes and props and the attributes tmx14.dtd does not declare (xmlns:sdl on <tmx>,
// sdl:* on header, tu and tuv) are written back, as x-tmkit-* props so the export stays
// DTD-valid, and read back into what they were; a second export is the same file.
TEST(TmxRoundTrip, KeepsTheHeaderAndForeignAttributes) {
  TempDir dir;
  TmxHeader header;
  std::vector<Unit> first = ReadAll(std::string(TMKIT_SOURCE_DIR) + "/tests/data/wild/foreign_namespace_header.tmx", &header);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(header.root_attrs, (Attributes{{"xmlns:sdl", "http://sdl.com/FileTypes/SdlXliff/1.0"},
                                           {"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"}}));
  ASSERT_EQ(first[0].attrs.size(), 4u);
  EXPECT_EQ(first[0].attrs[2], (std::pair<std::string, std::string>("sdl:origin", "tm")));
  EXPECT_EQ(first[0].variants[1].attrs, (Attributes{{"sdl:wordcount", "4"}}));
  std::string out[2] = {dir.path() + "/a.tmx", dir.path() + "/b.tmx"};
  std::vector<Unit> units = first;
  TmxHeader written = header;
  for (int round = 0; round < 2; ++round) {
    TmxWriteOptions options;
    options.header = written;
    std::unique_ptr<TmxWriter> writer;
    ASSERT_TRUE(TmxWriter::Create(out[round], options, &writer).ok());
    for (const Unit& u : units) {
      bool ok;
      ASSERT_TRUE(writer->Write(u, &ok).ok());
    }
    ASSERT_TRUE(writer->Finish().ok());
    EXPECT_EQ(std::system(("xmllint --noout --nonet --dtdvalid " + std::string(TMKIT_SHARED_DIR) +
                           "/data/tmx/tmx14.dtd " + out[round] + " 2>/dev/null").c_str()),
              0);
    written = TmxHeader();
    units = ReadAll(out[round], &written);
    ASSERT_EQ(units.size(), first.size());
    for (size_t i = 0; i < units.size(); ++i) EXPECT_TRUE(units[i] == first[i]) << "unit " << i;
    EXPECT_EQ(written.root_attrs, header.root_attrs);
    EXPECT_EQ(written.notes, header.notes);
  }
  EXPECT_EQ(Slurp(out[0]), Slurp(out[1]));
  std::string text = Slurp(out[0]);
  for (const char* kept :
       {"o-tmf=\"SDL TM8 Format\"", "datatype=\"xml\"", "adminlang=\"en-US\"", "creationid=\"DESK\\editor\"",
        "<note>Newsroom wire TM, January</note>", "<prop type=\"x-TMName\">wire-en-ru</prop>",
        "<prop type=\"x-tmkit-header-creationtool\">SDL Language Platform</prop>",
        "<prop type=\"x-tmkit-attribute:sdl:tmguid\">5f0a9c1e-3b7d-4c2a-9e61-0d2f4b8a7c13</prop>",
        "<prop type=\"x-tmkit-tmx-attribute:xmlns:sdl\">http://sdl.com/FileTypes/SdlXliff/1.0</prop>",
        "<prop type=\"x-tmkit-attribute:sdl:confirmationlevel\">ApprovedTranslation</prop>",
        "<prop type=\"x-tmkit-attribute:sdl:wordcount\">5</prop>", "usagecount=\"2\""}) {
    EXPECT_NE(text.find(kept), std::string::npos) << kept;
  }
}

TEST(TmxWriter, LeavesNothingWhenUnfinished) {
  TempDir dir;
  std::string out = dir.path() + "/never.tmx";
  {
    std::unique_ptr<TmxWriter> writer;
    ASSERT_TRUE(TmxWriter::Create(out, TmxWriteOptions(), &writer).ok());
  }
  std::ifstream in(out);
  EXPECT_FALSE(in.good());
  std::ifstream tmp(out + ".tmp");
  EXPECT_FALSE(tmp.good());
}

// Markup other tools write (Heartsome's <ph id>, XLIFF-style rid, an it without a valid pos, a
// <sub> in the segment, a <hi> in native code) is exported in TMX 1.4b's own terms, and the export
// read back exports the same.
TEST(TmxWriter, WritesInlineMarkupTheDtdDeclares) {
  TempDir dir;
  Unit u;
  u.variants.resize(2);
  u.variants[0].lang = "en";
  u.variants[0].text = "a s b x c d e";
  u.variants[0].markup =
      "<ph id=\"1\" ctype=\"x-b\">a</ph><sub>s</sub><bpt rid=\"2\">b</bpt>x<ept rid=\"2\">c</ept>"
      "<it pos=\"middle\">d</it><ph><hi type=\"b\">e</hi></ph><hi id=\"k\" type=\"i\">f<ph id=\"4\"/></hi>";
  u.variants[1].lang = "ru";
  u.variants[1].text = "x";
  std::string out = dir.path() + "/out.tmx";
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<TmxWriter> writer;
    ASSERT_TRUE(TmxWriter::Create(out, TmxWriteOptions(), &writer).ok());
    bool written;
    ASSERT_TRUE(writer->Write(u, &written).ok());
    ASSERT_TRUE(writer->Finish().ok());
    std::vector<Unit> back = ReadAll(out);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].variants[0].markup,
              "<ph x=\"1\">a</ph>s<bpt i=\"2\">b</bpt>x<ept i=\"2\">c</ept><ph>d</ph><ph>e</ph>"
              "<hi type=\"i\">f<ph x=\"4\"/></hi>");
    u = back[0];  // the second round writes what the first wrote, unchanged
  }
  EXPECT_EQ(std::system(("xmllint --noout --nonet --dtdvalid " + std::string(TMKIT_SHARED_DIR) +
                         "/data/tmx/tmx14.dtd " + out + " 2>/dev/null").c_str()),
            0);
}

}  // namespace
}  // namespace tmkit
