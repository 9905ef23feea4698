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

// PrimaryLanguage() without allocating: it is asked once per folded token.
Folding FoldingFor(std::string_view lang) {
  std::string_view primary = lang.substr(0, lang.find_first_of("-_"));
  if (primary.size() != 2) return Folding::kCommon;
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  char a = lower(primary[0]), b = lower(primary[1]);
  if ((a == 'r' && b == 'u') || (a == 'u' && b == 'k') || (a == 'b' && b == 'e')) return Folding::kCyrillic;
  if ((a == 'a' && b == 'r') || (a == 'f' && b == 'a') || (a == 'u' && b == 'r')) return Folding::kArabic;
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

// Appends the fold of `c` when NFKC_Casefold and FoldCodePoint map it on its own, whatever its
// neighbours (no combining marks, nothing that composes); false for anything else, which the
// ICU path then decides. Covers ASCII, the basic Cyrillic block U+0400..U+045F and the
// punctuation of news text, so that most English and Russian sentences never reach ICU.
bool AppendSimpleFold(UChar32 c, Folding folding, std::string* out) {
  auto put = [out](UChar32 cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    return true;
  };
  if (c < 0x80) {
    if (c == '`') return put('\'');
    return put((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  if (c >= 0x0400 && c <= 0x045F) {
    if (c <= 0x040F) c += 0x50;       // Ѐ..Џ -> ѐ..џ
    else if (c <= 0x042F) c += 0x20;  // А..Я -> а..я
    if (c == 0x0451 && folding == Folding::kCyrillic) c = 0x0435;  // ё -> е
    return put(c);
  }
  switch (c) {
    case 0x00A0: return put(' ');  // NFKC: no-break space -> space
    case 0x00AD: return true;      // soft hyphen: dropped
    case 0x00AB: case 0x00BB: case 0x00B0: case 0x201C: case 0x201D: case 0x201E: case 0x20AC:
      return put(c);               // « » ° “ ” „ €: left alone
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
      return put('-');
    case 0x2018: case 0x2019: return put('\'');
    case 0x2026: out->append("..."); return true;  // NFKC: … -> ...
    case 0x2116: out->append("no"); return true;   // NFKC and case folding: № -> no
    default: return false;
  }
}

// The fold of `s` code point by code point, when every one of them is simple (above).
bool FoldSimple(std::string_view s, Folding folding, std::string* out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  int32_t length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !AppendSimpleFold(c, folding, out)) return false;
  }
  return true;
}

}  // namespace

std::string FoldForMatching(std::string_view utf8, std::string_view lang) {
  std::string out;
  out.reserve(utf8.size());
  if (IsAsciiSimple(utf8)) {  // fast path: ASCII case folding is all NFKC_Casefold would do
    for (char c : utf8) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return out;
  }
  Folding folding = FoldingFor(lang);
  if (FoldSimple(utf8, folding, &out)) return out;
  out.clear();
  AppendFolded(utf8, folding, &out);
  return out;
}

std::vector<Token> TokenizeForMatching(std::string_view utf8, std::string_view lang) {
  std::vector<Token> tokens;
  tokens.reserve(utf8.size() / 5 + 4);  // about a token per five bytes: no regrowth, no string moves
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
