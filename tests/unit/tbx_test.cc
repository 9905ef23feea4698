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

  s = ParseTbx("<tbx><text><body><conceptEntry><langSec xml:lang=\"en\"><termSec><term>a</term>"
               "<termNote type=\"administrativeStatus\">maybe</termNote></termSec></langSec></conceptEntry></body></text></tbx>",
               "status.tbx", &g);
  EXPECT_NE(s.message().find("unknown administrativeStatus \"maybe\""), std::string::npos) << s.message();
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
