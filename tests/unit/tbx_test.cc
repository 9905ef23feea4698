#include <gtest/gtest.h>

#include <string>

#include "tmkit/glossary.h"
#include "tmkit/tbx.h"
#include "tmkit/tsv_glossary.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

std::string Shared(const std::string& rel) { return std::string(TMKIT_SHARED_DIR) + "/" + rel; }

const Term* FindTerm(const Glossary& g, const std::string& text) {
  for (const auto& c : g.concepts())
    for (const auto& t : c.terms)
      if (t.text == text) return &t;
  return nullptr;
}

TEST(Tbx, ReadsTbxBasicV3WithStatuses) {
  Glossary g;
  ASSERT_TRUE(ReadGlossaryFile(Shared("data/tbx/astronomy_tbx-basic_dca_excerpt.tbx"), "", "", &g).ok());
  ASSERT_EQ(g.concepts().size(), 2u);
  EXPECT_EQ(g.concepts()[0].id, "c1");
  const Term* open = FindTerm(g, "open cluster");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->status, TermStatus::kPreferred);
  EXPECT_EQ(open->part_of_speech, "noun");
  const Term* galactic = FindTerm(g, "galactic cluster");
  ASSERT_NE(galactic, nullptr);
  EXPECT_EQ(galactic->status, TermStatus::kSuperseded);
  bool saw_deprecated = false, saw_es = false;
  for (const auto& c : g.concepts())
    for (const auto& t : c.terms) {
      saw_deprecated |= t.status == TermStatus::kDeprecated;
      saw_es |= t.lang == "es";
    }
  EXPECT_TRUE(saw_deprecated);
  EXPECT_TRUE(saw_es);
}

TEST(Tbx, ReadsTbxV2Martif) {
  Glossary g;
  ASSERT_TRUE(ReadGlossaryFile(Shared("data/tbx/weblate_fr-extended-metadata.tbx"), "", "", &g).ok());
  ASSERT_EQ(g.concepts().size(), 2u);
  EXPECT_EQ(g.concepts()[0].id, "e001");
  const Term* bus = FindTerm(g, "bus de données");
  ASSERT_NE(bus, nullptr);
  EXPECT_EQ(bus->lang, "fr");
  EXPECT_EQ(bus->status, TermStatus::kSuperseded);  // TBX-Min "obsolete"
  EXPECT_EQ(FindTerm(g, "SYS_ERR_406")->note, "Do not translate error codes.");
}

TEST(Tbx, RoundTripsBothVersions) {
  Glossary g;
  ASSERT_TRUE(ReadGlossaryFile(std::string(TMKIT_SOURCE_DIR) + "/glossaries/names.tbx", "", "", &g).ok());
  ASSERT_GT(g.concepts().size(), 40u);
  for (TbxVersion v : {TbxVersion::kV3, TbxVersion::kV2}) {
    Glossary back;
    ASSERT_TRUE(ParseTbx(WriteTbx(g, v, "en"), "written.tbx", &back).ok());
    ASSERT_EQ(back.concepts().size(), g.concepts().size());
    for (size_t i = 0; i < g.concepts().size(); ++i) {
      const Concept& a = g.concepts()[i];
      const Concept& b = back.concepts()[i];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.note, b.note);
      ASSERT_EQ(a.terms.size(), b.terms.size()) << a.id;
      for (size_t k = 0; k < a.terms.size(); ++k) {
        EXPECT_EQ(a.terms[k].text, b.terms[k].text);
        EXPECT_EQ(a.terms[k].lang, b.terms[k].lang);
        EXPECT_EQ(a.terms[k].status, b.terms[k].status);
        EXPECT_EQ(a.terms[k].type, b.terms[k].type);
        EXPECT_EQ(a.terms[k].gender, b.terms[k].gender);
      }
    }
  }
  const Term* assad = FindTerm(g, "Ассад");
  ASSERT_NE(assad, nullptr);
  EXPECT_EQ(assad->status, TermStatus::kDeprecated);
  EXPECT_EQ(FindTerm(g, "أنان")->status, TermStatus::kDeprecated);
  EXPECT_EQ(FindTerm(g, "Гадаффи")->status, TermStatus::kDeprecated);
  EXPECT_EQ(FindTerm(g, "Бан Ки Мун")->status, TermStatus::kDeprecated);
}

TEST(Tbx, EscapesOnWrite) {
  Glossary g;
  Concept c;
  c.id = "a&b";
  c.terms.push_back({"AT&T <x> \"q\"", "en", TermStatus::kPreferred, "", "", "", "", 0});
  g.concepts().push_back(c);
  Glossary back;
  ASSERT_TRUE(ParseTbx(WriteTbx(g, TbxVersion::kV3, "en"), "x", &back).ok());
  EXPECT_EQ(back.concepts()[0].id, "a&b");
  EXPECT_EQ(back.concepts()[0].terms[0].text, "AT&T <x> \"q\"");
}

TEST(Tbx, RejectsBadInputWithLine) {
  Glossary g;
  Status s = ParseTbx("<html><body/></html>", "page.tbx", &g);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("page.tbx:1: not a TBX file"), std::string::npos) << s.message();

  s = ParseTbx("<tbx>\n<text><body>\n<conceptEntry id=\"x\">\n<langSec>\n<termSec><term>a</term></termSec></langSec>"
               "</conceptEntry></body></text></tbx>", "nolang.tbx", &g);
  EXPECT_NE(s.message().find("nolang.tbx:4: <langSec> without xml:lang"), std::string::npos) << s.message();

  s = ParseTbx("<tbx>\n<text><body><conceptEntry><langSec xml:lang=\"not a tag\">", "badlang.tbx", &g);
  EXPECT_NE(s.message().find("badlang.tbx:2: unknown language"), std::string::npos) << s.message();

  s = ParseTbx("<tbx>\n<text>\n<body>\n<conceptEntry>", "cut.tbx", &g);
  EXPECT_NE(s.message().find("cut.tbx:4: malformed XML"), std::string::npos) << s.message();

  s = ParseTbx("<!DOCTYPE tbx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tbx>&x;</tbx>", "xxe.tbx", &g);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("entity declarations are not allowed"), std::string::npos) << s.message();

  // Still refused: TBX's header element as the root.
  s = ParseTbx("<martifHeader><fileDesc/></martifHeader>", "header.tbx", &g);
  EXPECT_NE(s.message().find("header.tbx:1: not a TBX file: the root element is <martifHeader>"), std::string::npos)
      << s.message();
}

std::string Wild(const std::string& name) { return std::string(TMKIT_SOURCE_DIR) + "/tests/data/wild/" + name; }

size_t TermCount(const Glossary& g) {
  size_t n = 0;
  for (const Concept& c : g.concepts()) n += c.terms.size();
  return n;
}

// An SDLX export (tests/data/wild/README.md): 2 of its 4 concepts have an empty German <term/>.
TEST(TbxWild, SkipsEmptyTermsWithOneWarning) {
  Glossary g;
  Status s = ReadGlossaryFile(Wild("okapi_sdl_tbx_excerpt.tbx"), "", "", &g);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(g.concepts().size(), 4u);
  EXPECT_EQ(TermCount(g), 7u);  // 9 <term> elements, 2 of them empty
  ASSERT_EQ(g.warnings().size(), 1u);
  EXPECT_NE(g.warnings()[0].find("okapi_sdl_tbx_excerpt.tbx:"), std::string::npos) << g.warnings()[0];
  EXPECT_NE(g.warnings()[0].find("an empty or missing <term> skipped (2 times; the first here)"), std::string::npos)
      << g.warnings()[0];
  for (const Concept& c : g.concepts()) {
    for (const Term& t : c.terms) EXPECT_FALSE(t.text.empty());
  }
  // A concept whose only term is empty is dropped, and said so.
  Glossary h;
  ASSERT_TRUE(ParseTbx("<martif><text><body>\n<termEntry id=\"a\"><langSet xml:lang=\"en\"><ntig><termGrp><term/>"
                       "</termGrp></ntig></langSet></termEntry>\n<termEntry id=\"b\"><langSet xml:lang=\"en\"><tig>"
                       "<term>b</term></tig></langSet></termEntry></body></text></martif>", "one.tbx", &h).ok());
  ASSERT_EQ(h.concepts().size(), 1u);
  EXPECT_EQ(h.concepts()[0].id, "b");
  ASSERT_EQ(h.warnings().size(), 2u);
  EXPECT_EQ(h.warnings()[0], "one.tbx:2: an empty or missing <term> skipped");
  EXPECT_EQ(h.warnings()[1], "one.tbx:2: a concept entry without any term skipped");
}

// Oracle's TBX: standardizedTerm-admn-sts (TBX v2's picklist) among others.
TEST(TbxWild, MapsEveryAdministrativeStatus) {
  Glossary g;
  Status s = ReadGlossaryFile(Wild("okapi_oracle_TBX.tbx"), "", "", &g);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(g.concepts().size(), 2u);
  EXPECT_EQ(TermCount(g), 6u);
  EXPECT_TRUE(g.warnings().empty());
  const Term* standardized = FindTerm(g, "Entidade de Supervisão de Província");
  ASSERT_NE(standardized, nullptr);
  EXPECT_EQ(standardized->status, TermStatus::kPreferred);

  struct Case { const char* value; TermStatus status; };
  for (const Case& c : {Case{"standardizedTerm-admn-sts", TermStatus::kPreferred}, Case{"preferredTerm-admn-sts", TermStatus::kPreferred},
                        Case{"admittedTerm-admn-sts", TermStatus::kAdmitted}, Case{"legalTerm-admn-sts", TermStatus::kAdmitted},
                        Case{"regulatedTerm-admn-sts", TermStatus::kAdmitted}, Case{"deprecatedTerm-admn-sts", TermStatus::kDeprecated},
                        Case{"supersededTerm-admn-sts", TermStatus::kSuperseded}, Case{"standardized", TermStatus::kPreferred},
                        Case{"Preferred", TermStatus::kPreferred}, Case{"proposed", TermStatus::kAdmitted},
                        Case{"notRecommended", TermStatus::kDeprecated}, Case{"obsolete", TermStatus::kSuperseded},
                        Case{"forbidden", TermStatus::kDeprecated}, Case{"preferredTerm", TermStatus::kPreferred}}) {
    TermStatus got = TermStatus::kSuperseded;
    EXPECT_TRUE(ParseTermStatus(c.value, &got)) << c.value;
    EXPECT_EQ(got, c.status) << c.value;
  }
  TermStatus unused;
  EXPECT_FALSE(ParseTermStatus("sometimes", &unused));
  EXPECT_FALSE(ParseTermStatus("Term-admn-sts", &unused));

  // An unknown value is a warning and the neutral status, not a refusal.
  Glossary u;
  s = ParseTbx("<tbx><text><body><conceptEntry><langSec xml:lang=\"en\"><termSec><term>a</term>\n"
               "<termNote type=\"administrativeStatus\">maybe</termNote></termSec></langSec></conceptEntry></body></text></tbx>",
               "status.tbx", &u);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(TermCount(u), 1u);
  EXPECT_EQ(u.concepts()[0].terms[0].status, TermStatus::kAdmitted);
  ASSERT_EQ(u.warnings().size(), 1u);
  EXPECT_EQ(u.warnings()[0], "status.tbx:2: unknown administrativeStatus \"maybe\" read as admitted");
}

// Okapi's Turkish test file declares windows-1254: é, á, İ and ı are single bytes there.
TEST(TbxWild, DecodesADeclaredSingleByteCharset) {
  Glossary g;
  Status s = ReadGlossaryFile(Wild("okapi_test02_win1254.tbx"), "", "", &g);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(g.concepts().size(), 1u);
  ASSERT_EQ(TermCount(g), 2u);
  EXPECT_EQ(g.concepts()[0].terms[1].lang, "tr");
  EXPECT_EQ(g.concepts()[0].terms[1].text, "tr term with: éá and İı");
  // A byte the declared charset leaves undefined is malformed XML, with its line.
  Glossary bad;
  s = ParseTbx("<?xml version=\"1.0\" encoding=\"windows-1253\"?>\n<martif><text><body><termEntry><langSet xml:lang=\"el\">"
               "<tig><term>\xFF</term></tig></langSet></termEntry></body></text></martif>", "greek.tbx", &bad);
  EXPECT_NE(s.message().find("greek.tbx:2: malformed XML"), std::string::npos) << s.message();
}

// A UTF-16 TBX is checked for lone surrogates as a TMX is (the same code): expat would pair a
// lone high surrogate with the next character. A character reference to one expat refuses.
TEST(TbxWild, RefusesALoneUtf16Surrogate) {
  auto utf16le = [](const std::u16string& text) {
    std::string bytes = "\xFF\xFE";
    for (char16_t c : text) {
      bytes.push_back(static_cast<char>(c & 0xFF));
      bytes.push_back(static_cast<char>(c >> 8));
    }
    return bytes;
  };
  const std::u16string head = u"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tbx><text><body><conceptEntry>\n"
                              u"<langSec xml:lang=\"en\"><termSec><term>";
  const std::u16string tail = u"</term></termSec></langSec></conceptEntry></body></text></tbx>";
  Glossary good;
  Status s = ParseTbx(utf16le(head + u"\xD83D\xDE00 ok" + tail), "pair.tbx", &good);  // a paired surrogate: U+1F600
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_NE(FindTerm(good, "\xF0\x9F\x98\x80 ok"), nullptr);
  for (const std::u16string& lone : {std::u16string(u"\xD800" u"A"), std::u16string(u"A\xDC00")}) {
    Glossary g;
    s = ParseTbx(utf16le(head + lone + tail), "lone.tbx", &g);
    EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
    EXPECT_NE(s.message().find("lone.tbx:3:"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("a lone UTF-16 surrogate"), std::string::npos) << s.message();
  }
  Glossary g;
  s = ParseTbx("<tbx><text><body><conceptEntry>\n<langSec xml:lang=\"en\"><termSec><term>&#xD800;A</term>"
               "</termSec></langSec></conceptEntry></body></text></tbx>", "ref.tbx", &g);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("ref.tbx:2: malformed XML"), std::string::npos) << s.message();
}

// OmegaT's own test glossaries: its comma-separated one (GlossaryReaderCSVTest's expectations)
// and a 3-column TSV with comments in UTF-16LE with a byte-order mark.
TEST(TsvGlossaryWild, ReadsOmegaTCsvAndUtf16Tsv) {
  Glossary g;
  Status s = ReadGlossaryFile(Wild("omegat_test.csv"), "en", "fr", &g);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(g.concepts().size(), 7u);
  const char* expected[7][2] = {{"kde", "csv kde"}, {"question", "csv q"}, {"kde; question", "comma"},
                                {"kde, qu", "comma dot"}, {"\"kde\",\"q\"", "cdk"}, {"\"\"k", "k"}, {"zz\"zz", "zz"}};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(g.concepts()[i].terms[0].text, expected[i][0]);
    EXPECT_EQ(g.concepts()[i].terms[1].text, expected[i][1]);
  }
  Glossary u;
  s = ReadGlossaryFile(Wild("omegat_testUTF16LE.txt"), "en", "fr", &u);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(u.concepts().size(), 2u);
  EXPECT_EQ(u.concepts()[0].terms[0].text, "UTF");
  EXPECT_EQ(u.concepts()[0].terms[1].text, "Unicode Transformation Format");
  EXPECT_EQ(u.concepts()[0].note, "Comment #1");
  EXPECT_EQ(u.concepts()[1].note, "Comment #2");
  Glossary t;
  ASSERT_TRUE(ReadGlossaryFile(Wild("omegat_test.tab"), "ja", "fr", &t).ok());
  EXPECT_EQ(t.concepts().size(), 4u);
  // The same CSV named otherwise reads by --glossary-format; as TSV it says what it may be.
  Glossary f;
  s = ReadGlossaryFile(Wild("omegat_test.csv"), "en", "fr", &f, "", "tsv");
  EXPECT_NE(s.message().find("give --glossary-format csv"), std::string::npos) << s.message();
  EXPECT_EQ(ReadGlossaryFile(Wild("omegat_test.csv"), "en", "fr", &f, "", "xls").code(), Status::Code::kInvalidArgument);
}

// Found by tests/fuzz/tbx_fuzz: a nested term section left the outer term empty, so the glossary
// read fine but its own TBX output did not read back.
TEST(Tbx, RejectsNestedSections) {
  Glossary g;
  Status s = ParseTbx("<tbx><text><conceptEntry><langSec xml:lang=\"en\"><termSec>\n<termSec><term>a</term>"
                      "</termSec></termSec></langSec></conceptEntry></text></tbx>", "nested.tbx", &g);
  EXPECT_NE(s.message().find("nested.tbx:2: <termSec> inside another term section"), std::string::npos) << s.message();
  s = ParseTbx("<tbx><text><conceptEntry><conceptEntry>", "c.tbx", &g);
  EXPECT_NE(s.message().find("inside another concept entry"), std::string::npos) << s.message();
  s = ParseTbx("<tbx><text><conceptEntry><langSec xml:lang=\"en\"><langSec xml:lang=\"ru\">", "l.tbx", &g);
  EXPECT_NE(s.message().find("inside another language section"), std::string::npos) << s.message();
  std::string deep = "<tbx><text><body><conceptEntry><langSec xml:lang=\"en\"><termSec><term>";
  for (int i = 0; i < 200; ++i) deep += "<hi>";
  s = ParseTbx(deep, "deep.tbx", &g);
  EXPECT_NE(s.message().find("deep.tbx:1: elements nested more than 100 deep"), std::string::npos) << s.message();
}

// Found by tests/fuzz/tsv_fuzz: "\n<BOM>\t\xFF" read as a concept whose TSV did not read back.
TEST(TsvGlossary, RejectsInvalidUtf8AndBomOnlyTerms) {
  Glossary g;
  Status s = ParseTsvGlossary("a\tb\nc\t\xFF\n", "bad.tsv", "en", "ru", &g);
  EXPECT_NE(s.message().find("bad.tsv: invalid UTF-8 at byte 6"), std::string::npos) << s.message();
  s = ParseTsvGlossary("\n\xEF\xBB\xBF\tb\n", "bom.tsv", "en", "ru", &g);
  EXPECT_NE(s.message().find("bom.tsv:2: empty source or target term"), std::string::npos) << s.message();
  Glossary ok;
  ASSERT_TRUE(ParseTsvGlossary("\xEF\xBB\xBF" "a\t\xEF\xBB\xBF" "b\n", "ok.tsv", "en", "ru", &ok).ok());
  EXPECT_EQ(ok.concepts()[0].terms[1].text, "b");
}

TEST(TsvGlossary, ReadsOmegaTAndReportsColumns) {
  Glossary g;
  ASSERT_TRUE(ParseTsvGlossary("\xEF\xBB\xBF" "Assad\tАсад\tpress form\n# comment\n\nKofi Annan\tКофи Аннан\n", "g.tsv", "en", "ru", &g).ok());
  ASSERT_EQ(g.concepts().size(), 2u);
  EXPECT_EQ(g.concepts()[0].note, "press form");
  EXPECT_EQ(g.concepts()[0].terms[1].lang, "ru");
  EXPECT_EQ(WriteTsvGlossary(g, "en", "ru"), "Assad\tАсад\tpress form\nKofi Annan\tКофи Аннан\n");

  Status s = ParseTsvGlossary("a\tb\nonly one column\n", "g.tsv", "en", "ru", &g);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(s.message(), "g.tsv:2: expected 2 or 3 tab-separated columns (source, target, comment), found 1");
  s = ParseTsvGlossary("a\tb\tc\td\n", "g.tsv", "en", "ru", &g);
  EXPECT_NE(s.message().find("found 4"), std::string::npos);
  EXPECT_EQ(ParseTsvGlossary("a\tb\n", "g.tsv", "en", "x!", &g).code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace tmkit
