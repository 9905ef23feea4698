#include "tmkit/normalize.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/rbbi.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>

#include "tmkit/lang.h"

namespace tmkit {
namespace {

enum class Folding { kCommon, kCyrillic, kArabic };

Folding FoldingFor(std::string_view lang) {
  std::string primary = PrimaryLanguage(lang);
  if (primary == "ru" || primary == "uk" || primary == "be") return Folding::kCyrillic;
  if (primary == "ar" || primary == "fa" || primary == "ur") return Folding::kArabic;
  return Folding::kCommon;
}

// Returns the replacement for one code point after NFKC_Casefold, or -1 to drop it.
UChar32 FoldCodePoint(UChar32 c, Folding folding) {
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);  // Arabic-Indic digits
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);  // Extended Arabic-Indic digits
  if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D) return '-';
  if (c == 0x2018 || c == 0x2019 || c == 0x201B || c == 0x02BC || c == 0x2032 || c == 0x0060 ||
      c == 0x00B4) {
    return '\'';
  }
  if (c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF) return -1;
  switch (folding) {
    case Folding::kCommon:
      break;
    case Folding::kCyrillic:
      if (c == 0x0451) return 0x0435;  // ё -> е (after case folding Ё is ё)
      break;
    case Folding::kArabic:
      if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x06D6 && c <= 0x06ED)) {
        return -1;  // harakat, superscript alef, tatweel, Quranic marks
      }
      if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671) return 0x0627;  // alef forms
      if (c == 0x0649) return 0x064A;  // alef maqsura -> ya
      if (c == 0x0629) return 0x0647;  // ta marbuta -> ha
      if (c == 0x0624) return 0x0648;  // waw with hamza -> waw
      if (c == 0x0626) return 0x064A;  // ya with hamza -> ya
      break;
  }
  return c;
}

const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* norm = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return norm;
}

void AppendFolded(std::string_view utf8, Folding folding, std::string* out) {
  const icu::Normalizer2* norm = NfkcCasefold();
  icu::UnicodeString folded;
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  if (norm != nullptr) {
    folded = norm->normalize(src, status);
  }
  if (norm == nullptr || U_FAILURE(status)) folded = src.foldCase();
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    UChar32 mapped = FoldCodePoint(c, folding);
    if (mapped < 0) continue;
    char buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, mapped, error);
    if (!error) out->append(buf, len);
  }
}

bool IsAsciiSimple(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c == '`') return false;
  }
  return true;
}

// ASCII (as above) and the basic Cyrillic block U+0400..U+045F: precomposed letters that NFKC
// leaves alone and case folding maps one to one, so a table does what ICU would.
bool IsCyrillicSimple(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '`') return false;
      continue;
    }
    if ((c != 0xD0 && c != 0xD1) || i + 1 >= s.size()) return false;
    unsigned char d = s[++i];
    if (d < 0x80 || d > 0xBF || (c == 0xD1 && d > 0x9F)) return false;
  }
  return true;
}

void FoldCyrillicSimple(std::string_view s, bool yo_to_ye, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c < 0x80) {
      *out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      continue;
    }
    UChar32 cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F);
    if (cp >= 0x0410 && cp <= 0x042F) cp += 0x20;
    else if (cp >= 0x0400 && cp <= 0x040F) cp += 0x50;
    if (yo_to_ye && cp == 0x0451) cp = 0x0435;
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string FoldForMatching(std::string_view utf8, std::string_view lang) {
  std::string out;
  out.reserve(utf8.size());
  if (IsAsciiSimple(utf8)) {  // fast path: ASCII case folding is all NFKC_Casefold would do
    for (char c : utf8) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return out;
  }
  if (IsCyrillicSimple(utf8)) {
    FoldCyrillicSimple(utf8, FoldingFor(lang) == Folding::kCyrillic, &out);
    return out;
  }
  AppendFolded(utf8, FoldingFor(lang), &out);
  return out;
}

std::vector<Token> TokenizeForMatching(std::string_view utf8, std::string_view lang) {
  std::vector<Token> tokens;
  thread_local std::unique_ptr<icu::BreakIterator> words;
  UErrorCode status = U_ZERO_ERROR;
  if (!words) {
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) return tokens;
  }
  UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return tokens;
  words->setText(text, status);
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
    int32_t rule = words->getRuleStatus();
    std::string_view piece = utf8.substr(start, end - start);
    if (rule >= UBRK_WORD_NONE && rule < UBRK_WORD_NONE_LIMIT) {
      // Whitespace is dropped; every other character is a punctuation token of its own.
      size_t i = 0;
      while (i < piece.size()) {
        UChar32 c;
        size_t at = i;
        U8_NEXT(reinterpret_cast<const uint8_t*>(piece.data()), i, piece.size(), c);
        if (c < 0 || u_isUWhiteSpace(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
        Token t;
        t.begin = start + at;
        t.end = start + i;
        t.kind = TokenKind::kPunct;
        t.norm = FoldForMatching(piece.substr(at, i - at), lang);
        tokens.push_back(std::move(t));
      }
      continue;
    }
    Token t;
    t.begin = start;
    t.end = end;
    t.kind = (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT) ? TokenKind::kNumber : TokenKind::kWord;
    t.norm = FoldForMatching(piece, lang);
    if (t.norm.empty()) continue;  // only ignorable characters
    tokens.push_back(std::move(t));
  }
  utext_close(text);
  return tokens;
}

}  // namespace tmkit
