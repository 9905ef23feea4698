#include "terms/name_forms.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>

namespace tmkit::names_internal {
namespace {

// Latin-1 Supplement and Latin Extended-A letters, folded the way names cross into Russian and
// Arabic: the Slavic and Turkish hachek/cedilla letters keep their sound (Petrović -> Петрович).
const char* FoldLatinLetter(char32_t c) {
  static const char* const kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  static const char* const kExtendedA[128] = {
      "a",  "a",  "a",  "a",  "a",  "a",  "ch", "ch", "c",  "c",  "c",  "c",  "ch", "ch", "d",  "d",   // 0100
      "dj", "dj", "e",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "e",  "g",  "g",  "g",  "g",   // 0110
      "g",  "g",  "g",  "g",  "h",  "h",  "h",  "h",  "i",  "i",  "i",  "i",  "i",  "i",  "i",  "i",   // 0120
      "i",  "i",  "ij", "ij", "j",  "j",  "k",  "k",  "k",  "l",  "l",  "l",  "l",  "l",  "l",  "l",   // 0130
      "l",  "l",  "l",  "n",  "n",  "n",  "n",  "n",  "n",  "n",  "n",  "n",  "o",  "o",  "o",  "o",   // 0140
      "o",  "o",  "oe", "oe", "r",  "r",  "r",  "r",  "rzh","rzh","s",  "s",  "s",  "s",  "sh", "sh",  // 0150
      "sh", "sh", "t",  "t",  "t",  "t",  "t",  "t",  "u",  "u",  "u",  "u",  "u",  "u",  "u",  "u",   // 0160
      "u",  "u",  "u",  "u",  "w",  "w",  "y",  "y",  "y",  "z",  "z",  "z",  "z",  "zh", "zh", "s"};  // 0170
  if (c >= 0xC0 && c < 0x100) return kLatin1[c - 0xC0];
  if (c >= 0x100 && c < 0x180) return kExtendedA[c - 0x100];
  switch (c) {
    case 0x218: case 0x219: return "sh";  // ș
    case 0x21A: case 0x21B: return "ts";  // ț
    case 0x18F: case 0x259: return "a";   // ə
  }
  return nullptr;
}

bool IsCombiningMark(char32_t c) { return (c >= 0x300 && c < 0x370) || (c >= 0xFE20 && c < 0xFE30); }

void AppendLatin(char32_t c, std::u32string* out) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c >= 'a' && c <= 'z') out->push_back(c);
    return;
  }
  if (const char* folded = FoldLatinLetter(c)) {
    for (const char* p = folded; *p; ++p) out->push_back(static_cast<char32_t>(*p));
    return;
  }
  if (IsCombiningMark(c) || !u_isalpha(static_cast<UChar32>(c))) return;
  // Other Latin letters (Vietnamese, Latin Extended Additional): their base letter.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return;
  icu::UnicodeString decomposed;
  nfd->normalize(icu::UnicodeString(static_cast<UChar32>(c)), decomposed, status);
  if (U_FAILURE(status) || decomposed.isEmpty()) return;
  UChar32 base = decomposed.char32At(0);
  if (base < 0x80) AppendLatin(static_cast<char32_t>(base), out);
}

void AppendCyrillic(char32_t c, std::u32string* out) {
  if (c >= 0x410 && c <= 0x42F) c += 0x20;
  if (c == 0x401 || c == 0x451) c = 0x435;  // ё -> е
  if (c >= 0x430 && c <= 0x44F) out->push_back(c);
}

void AppendArabic(char32_t c, std::u32string* out) {
  switch (c) {
    case 0x622: case 0x623: case 0x625: case 0x671: c = 0x627; break;  // آ أ إ ٱ -> ا
    case 0x649: case 0x6CC: case 0x626: c = 0x64A; break;              // ى ی ئ -> ي
    case 0x624: c = 0x648; break;                                      // ؤ -> و
    case 0x629: c = 0x647; break;                                      // ة -> ه
    case 0x6A9: case 0x6AF: c = 0x643; break;                          // ک گ -> ك
    case 0x6A4: c = 0x641; break;                                      // ڤ -> ف
    case 0x67E: c = 0x628; break;                                      // پ -> ب
    case 0x686: c = 0x62C; break;                                      // چ -> ج
    case 0x6C1: case 0x6BE: c = 0x647; break;                          // ہ ھ -> ه
    default: break;
  }
  if (c >= 0x621 && c <= 0x64A && c != 0x640) out->push_back(c);
}

bool IsSeparator(char32_t c) {
  return c == ' ' || c == '\t' || c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 ||
         c == 0x2014 || c == '.' || c == '/' || c == ',' || c == 0xA0 || c == '_';
}

const std::u32string kParticlesLatin[] = {U"al", U"el", U"ul", U"bin", U"ibn", U"ben", U"bint", U"abu", U"abd",
                                          U"van", U"von", U"der", U"den", U"de", U"du", U"da", U"di", U"del",
                                          U"della", U"la", U"le", U"dos", U"das", U"ter", U"ten", U"y", U"ad", U"ar",
                                          U"as", U"ash", U"at", U"az", U"an", U"ap", U"mac", U"st", U"ou"};
const std::u32string kParticlesCyrillic[] = {U"аль", U"эль", U"ар", U"ас", U"ад", U"аш", U"ат", U"аз", U"ан", U"ибн",
                                             U"бин", U"бен", U"абу", U"ван", U"фон", U"дер", U"ден", U"де", U"дю",
                                             U"да", U"ди", U"дель", U"ла", U"ле", U"дос", U"дас", U"тер"};
const std::u32string kParticlesArabic[] = {U"ال", U"بن", U"ابن", U"بنت", U"ابو", U"فان", U"فون", U"دي", U"دا", U"دو"};

bool IsParticle(const std::u32string& w, Script script) {
  auto in = [&w](const auto& list) { return std::find(std::begin(list), std::end(list), w) != std::end(list); };
  switch (script) {
    case Script::kLatin: return in(kParticlesLatin);
    case Script::kCyrillic: return in(kParticlesCyrillic);
    case Script::kArabic: return in(kParticlesArabic);
  }
  return false;
}

bool EndsWith(const std::u32string& w, std::u32string_view end) {
  return w.size() >= end.size() && std::u32string_view(w).substr(w.size() - end.size()) == end;
}

// Nominative candidates of an inflected Russian name word: {ending, replacement}. Names and
// surnames decline as nouns (Асада, Обамы, Сергея) or adjectives (Достоевского, Толстому).
struct Inflection {
  std::u32string_view ending, nominative;
};
constexpr Inflection kRussianInflections[] = {
    {U"ого", U"ий"}, {U"его", U"ий"}, {U"ого", U"ой"}, {U"ого", U"ый"}, {U"ому", U"ий"}, {U"ему", U"ий"},
    {U"ому", U"ой"}, {U"ому", U"ый"}, {U"ым", U"ий"},  {U"им", U"ий"},  {U"ым", U"ый"},  {U"ом", U"ой"},
    {U"ую", U"ая"},  {U"ой", U"ая"},  {U"ей", U"ая"},  {U"ией", U"ия"}, {U"ием", U"ий"}, {U"ии", U"ий"},
    {U"ии", U"ия"},  {U"ия", U"ий"},  {U"ию", U"ий"},  {U"ию", U"ия"},  {U"ой", U"а"},   {U"ою", U"а"},
    {U"ей", U"я"},   {U"ы", U"а"},    {U"и", U"а"},    {U"е", U"а"},    {U"у", U"а"},    {U"и", U"я"},
    {U"ю", U"я"},    {U"я", U"й"},    {U"ю", U"й"},    {U"ем", U"й"},   {U"е", U"й"},    {U"я", U"ь"},
    {U"ю", U"ь"},    {U"ем", U"ь"},   {U"е", U"ь"},    {U"и", U"ь"},    {U"ью", U"ь"},   {U"ым", U""},
    {U"ом", U""},    {U"ем", U""},    {U"а", U""},     {U"у", U""},     {U"е", U""},     {U"ой", U"а"}};

}  // namespace

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    char32_t c;
    size_t len;
    if (b < 0x80) { c = b; len = 1; }
    else if ((b >> 5) == 6) { c = b & 0x1F; len = 2; }
    else if ((b >> 4) == 14) { c = b & 0x0F; len = 3; }
    else if ((b >> 3) == 30) { c = b & 0x07; len = 4; }
    else { out.push_back(0xFFFD); ++i; continue; }
    if (i + len > s.size()) { out.push_back(0xFFFD); break; }
    bool ok = true;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cb = static_cast<unsigned char>(s[i + k]);
      if ((cb & 0xC0) != 0x80) { ok = false; break; }
      c = (c << 6) | (cb & 0x3F);
    }
    if (!ok) { out.push_back(0xFFFD); ++i; continue; }
    out.push_back(c);
    i += len;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::u32string NormalizeWord(std::u32string_view word, Script script) {
  std::u32string out;
  for (char32_t c : word) {
    switch (script) {
      case Script::kLatin: AppendLatin(c, &out); break;
      case Script::kCyrillic: AppendCyrillic(c, &out); break;
      case Script::kArabic: AppendArabic(c, &out); break;
    }
  }
  return out;
}

std::vector<NameWord> SplitName(std::string_view name, Script script) {
  std::u32string text = DecodeUtf8(name);
  std::vector<NameWord> words;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !IsSeparator(text[i])) continue;
    if (i > start) {
      NameWord w;
      w.letters = NormalizeWord(std::u32string_view(text).substr(start, i - start), script);
      if (!w.letters.empty()) {
        w.particle = IsParticle(w.letters, script);
        words.push_back(std::move(w));
      }
    }
    start = i + 1;
  }
  return words;
}

std::u32string WithoutArabicArticle(const std::u32string& word) {
  if (word.size() >= 4 && word[0] == U'ا' && word[1] == U'ل') return word.substr(2);
  return word;
}

std::vector<std::u32string> TargetVariants(const std::u32string& word, Script script, size_t min_length) {
  std::vector<std::u32string> forms{word};
  auto add = [&forms](std::u32string f) {
    if (f.size() >= 2 && std::find(forms.begin(), forms.end(), f) == forms.end()) forms.push_back(std::move(f));
  };
  if (script == Script::kCyrillic) {
    if (word.size() < min_length) return forms;
    for (const Inflection& inf : kRussianInflections) {
      if (!EndsWith(word, inf.ending) || word.size() - inf.ending.size() < 2) continue;
      std::u32string f = word.substr(0, word.size() - inf.ending.size());
      f += inf.nominative;
      add(std::move(f));
    }
  } else if (script == Script::kArabic) {
    // Up to two proclitics (و ف then ب ك ل), then the article; ل + ال is written لل.
    std::vector<std::u32string> stems{word};
    if (word.size() >= 4 && (word[0] == U'و' || word[0] == U'ف')) stems.push_back(word.substr(1));
    size_t n = stems.size();
    for (size_t i = 0; i < n; ++i) {
      const std::u32string& s = stems[i];
      if (s.size() < 4) continue;
      if (s[0] == U'ل' && s[1] == U'ل') stems.push_back(U"ا" + s.substr(1));  // للاسد -> الاسد
      else if (s[0] == U'ب' || s[0] == U'ك' || s[0] == U'ل') stems.push_back(s.substr(1));
    }
    for (const std::u32string& s : stems) {
      add(s);
      add(WithoutArabicArticle(s));
    }
  }
  return forms;
}

}  // namespace tmkit::names_internal
