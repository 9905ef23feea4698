#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/numbers.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

TEST(Utf8, FindsFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("plain"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("Асад الأسد"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(std::string_view("ab\xC0\xAF", 4)), 2u);   // overlong '/'
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\xED\xA0\x80", 4)), 1u);  // surrogate
  EXPECT_EQ(FindInvalidUtf8(std::string_view("ok\xE2\x82", 4)), 2u);     // truncated
  EXPECT_EQ(FindInvalidUtf8(std::string_view("\xF4\x90\x80\x80", 4)), 0u);  // > U+10FFFF
  Status s = ValidateUtf8(std::string_view("ab\xFF", 3), "in.txt");
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(s.message(), "in.txt: invalid UTF-8 at byte 2");
  // UTF-16LE without a BOM is "valid" UTF-8 but for its NULs (tests/bad-inputs/text-utf16-no-bom.txt).
  EXPECT_EQ(FindInvalidUtf8(std::string_view("H\0i\0", 4)), 1u);
  s = ValidateUtf8(std::string_view("H\0i\0", 4), "u16.txt");
  EXPECT_EQ(s.message(), "u16.txt: NUL byte at byte 1 (UTF-16 without a byte-order mark?)");
}

TEST(Lang, CanonicalizesAndMatches) {
  std::string c;
  ASSERT_TRUE(CanonicalLanguageTag("EN_us", &c).ok());
  EXPECT_EQ(c, "en-US");
  ASSERT_TRUE(CanonicalLanguageTag("sr-latn-rs", &c).ok());
  EXPECT_EQ(c, "sr-Latn-RS");
  EXPECT_FALSE(CanonicalLanguageTag("e", &c).ok());
  EXPECT_FALSE(CanonicalLanguageTag("english", &c).ok());  // a name, not a code
  EXPECT_TRUE(CanonicalLanguageTag("fil", &c).ok());
  EXPECT_FALSE(CanonicalLanguageTag("en--US", &c).ok());
  EXPECT_TRUE(LanguageMatches("en", "en-US"));
  EXPECT_TRUE(LanguageMatches("EN-us", "en-US"));
  EXPECT_FALSE(LanguageMatches("en-GB", "en-US"));
  EXPECT_FALSE(LanguageMatches("ru", "en"));
  EXPECT_TRUE(LanguageMatches("en", "EN_us"));   // '_' and case as in canonical tags
  EXPECT_TRUE(LanguageMatches("en_us", "en-US"));
  EXPECT_FALSE(LanguageMatches("e", "en-US"));   // a primary subtag, not a prefix
  // A stored tag without a region answers any region (issue 25: ar-SA is accepted as ar).
  EXPECT_TRUE(LanguageMatches("en-US", "en"));
  EXPECT_TRUE(LanguageMatches("ar-SA", "ar"));
  EXPECT_FALSE(LanguageMatches("ar-SA", "ru"));
  EXPECT_FALSE(LanguageMatches("ar-SA", "ar-EG"));
  Status s = CheckSupportedLanguage("xx", "en,ru,ar");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("en,ru,ar"), std::string::npos);
  EXPECT_TRUE(CheckSupportedLanguage("ru-RU", "en,ru,ar").ok());
}

TEST(Normalize, FoldsPerLanguage) {
  EXPECT_EQ(FoldForMatching("Ёлка", "ru"), "елка");
  EXPECT_EQ(FoldForMatching("Ёлка", "en"), "ёлка");
  EXPECT_EQ(FoldForMatching("الأسد", "ar"), "الاسد");
  EXPECT_EQ(FoldForMatching("القذافى", "ar"), "القذافي");
  EXPECT_EQ(FoldForMatching("بَشّار", "ar"), "بشار");
  EXPECT_EQ(FoldForMatching("مدرسة", "ar"), "مدرسه");
  EXPECT_EQ(FoldForMatching("٢٤٠٠", "ar"), "2400");
  EXPECT_EQ(FoldForMatching("al\u2011Assad\u2019s", "en"), "al-assad's");
  EXPECT_EQ(FoldForMatching("Stra\u00DFe", "de"), "strasse");
  EXPECT_EQ(FoldForMatching("in\u00ADcredible", "en"), "incredible");
}

TEST(Normalize, TokenizesWithOriginalOffsets) {
  std::string text = "Al-Assad's 2,400 men.";
  auto tokens = TokenizeForMatching(text, "en");
  ASSERT_GE(tokens.size(), 5u);
  std::vector<std::string> norms;
  for (const auto& t : tokens) norms.push_back(t.norm);
  EXPECT_EQ(norms, (std::vector<std::string>{"al", "-", "assad's", "2,400", "men", "."}));
  EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "2,400");
  EXPECT_EQ(tokens[3].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[5].kind, TokenKind::kPunct);
}

double OnlyValue(std::string_view text, std::string_view lang) {
  auto found = FindNumbers(text, lang);
  EXPECT_EQ(found.size(), 1u) << text;
  return found.empty() ? -1 : found[0].value;
}

TEST(Numbers, ReadsEachLanguagesConventions) {
  EXPECT_DOUBLE_EQ(OnlyValue("reached 2,400 people", "en"), 2400);
  EXPECT_DOUBLE_EQ(OnlyValue("достигло 2400 человек", "ru"), 2400);
  EXPECT_DOUBLE_EQ(OnlyValue("достигло 2 400 человек", "ru"), 2400);
  EXPECT_DOUBLE_EQ(OnlyValue("بلغ ٢٤٠٠ شخص", "ar"), 2400);
  EXPECT_DOUBLE_EQ(OnlyValue("a 1.2 billion deal", "en"), 1.2e9);
  EXPECT_DOUBLE_EQ(OnlyValue("сделка на 1,2 млрд долларов", "ru"), 1.2e9);
  EXPECT_DOUBLE_EQ(OnlyValue("صفقة بقيمة 1.2 مليار دولار", "ar"), 1.2e9);
  EXPECT_DOUBLE_EQ(OnlyValue("تجاوز 14 ألفا، معظمهم", "ar"), 14e3);  // accusative with tanween alef
  EXPECT_DOUBLE_EQ(OnlyValue("Ещё 15 тыс. человек", "ru"), 15000);
  auto pct = FindNumbers("rose 40% and", "en");
  ASSERT_EQ(pct.size(), 1u);
  EXPECT_TRUE(pct[0].percent);
  auto pct_ru = FindNumbers("вырос на 40 %", "ru");
  ASSERT_EQ(pct_ru.size(), 1u);
  EXPECT_TRUE(SameNumber(pct[0], pct_ru[0]));
  auto pct_ar = FindNumbers("ارتفع 40 في المئة", "ar");
  ASSERT_EQ(pct_ar.size(), 1u);
  EXPECT_TRUE(pct_ar[0].percent);
  EXPECT_EQ(FindNumbers("killed 70 people, 10 of them children", "en").size(), 2u);
  EXPECT_TRUE(FindNumbers("A4 and B52", "en").empty());  // digits glued to letters are names
}

TEST(Numbers, KeepsByteSpans) {
  std::string text = "It cost $1.5 million.";
  auto found = FindNumbers(text, "en");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "1.5 million");
  EXPECT_EQ(NumberKey(found[0]), "1500000");
}

// The fast path of FoldForMatching (ASCII, U+0400..U+045F, news punctuation) must agree with
// the ICU path for every code point it takes (the ICU path is reached by adding a character
// outside the fast path's range), in every folding.
TEST(Normalize, FastPathAgreesWithIcu) {
  std::vector<int> code_points;
  for (int cp = 0x20; cp < 0x7F; ++cp) code_points.push_back(cp);
  for (int cp = 0x0400; cp <= 0x045F; ++cp) code_points.push_back(cp);
  for (int cp : {0x00A0, 0x00AB, 0x00AD, 0x00B0, 0x00BB, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015,
                 0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x2026, 0x20AC, 0x2116}) {
    code_points.push_back(cp);
  }
  for (int cp : code_points) {
    std::string ch;
    int32_t length = 0;
    char buf[4];
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buf), length, cp);
    ch.assign(buf, length);
    for (const char* lang : {"ru", "en", "ar-EG"}) {
      std::string fast = FoldForMatching("A" + ch + "b", lang);
      std::string slow = FoldForMatching("A" + ch + "b\u00E9", lang);  // é forces the ICU path
      EXPECT_EQ(fast + "\u00E9", slow) << "U+" << std::hex << cp << " " << lang;
    }
  }
  EXPECT_EQ(FoldForMatching("ЁЖИКОВ Асад", "ru"), "ежиков асад");
  EXPECT_EQ(FoldForMatching("«Ёлка» — №\u00A05…", "ru-RU"), "«елка» - no 5...");
  EXPECT_EQ(FoldForMatching("«Ёлка»", "en"), "«ёлка»");
}

}  // namespace
}  // namespace tmkit
