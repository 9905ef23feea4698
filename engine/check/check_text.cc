// Text helpers of the checks: scripts, capitals, sentence starts, punctuation and quotes.
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "check/check_internal.h"
#include "tmkit/normalize.h"
#include "util/strings.h"

namespace tmkit {
namespace check_internal {

std::string Quote(std::string_view s) { return "\u00AB" + std::string(s) + "\u00BB"; }

// Folded text with runs of spaces collapsed: the key of the consistency checks.
std::string ConsistencyKey(std::string_view text, std::string_view lang) {
  return CollapseWhitespace(FoldForMatching(text, lang));
}

std::string ComparisonKey(std::string_view text, std::string_view lang) {
  std::string key = ConsistencyKey(text, lang);
  int32_t end = static_cast<int32_t>(key.size());
  while (end > 0) {
    int32_t at = end;
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(key.data()), 0, at, c);
    if (!u_ispunct(c) && !u_isUWhiteSpace(c)) break;
    end = at;
  }
  key.resize(static_cast<size_t>(end));
  return key;
}

Script ScriptOf(UChar32 c) {
  UErrorCode e = U_ZERO_ERROR;
  switch (uscript_getScript(c, &e)) {
    case USCRIPT_LATIN: return Script::kLatin;
    case USCRIPT_CYRILLIC: return Script::kCyrillic;
    case USCRIPT_ARABIC: return Script::kArabic;
    default: return Script::kOther;
  }
}

Script ScriptOfLanguage(std::string_view primary) {
  if (primary == "ru") return Script::kCyrillic;
  if (primary == "ar") return Script::kArabic;
  return Script::kLatin;
}

// The script of a word's letters when they all share one, else kOther.
Script WordScript(std::string_view w) {
  Script s = Script::kOther;
  for (int32_t i = 0; i < static_cast<int32_t>(w.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
    if (!u_isalpha(c)) continue;
    Script cs = ScriptOf(c);
    if (s == Script::kOther) s = cs;
    else if (cs != s) return Script::kOther;
  }
  return s;
}

bool HasDigit(std::string_view w) {
  for (char c : w) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

bool IsUpperWord(std::string_view w) {
  int letters = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(w.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
    if (!u_isalpha(c)) continue;
    if (!u_isupper(c)) return false;
    ++letters;
  }
  return letters >= 2;
}

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), c);
  return u_isupper(c);
}

bool StartsLower(std::string_view text) {
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    if (u_isalpha(c)) return u_islower(c);
    if (u_isdigit(c)) return false;
  }
  return false;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// True when only sentence openers (punctuation, quotes, dashes, spaces) separate `begin` from the
// previous sentence end or the start of the text.
bool IsSentenceInitial(std::string_view text, size_t begin) {
  int32_t i = static_cast<int32_t>(begin);
  while (i > 0) {
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
    if (u_isUWhiteSpace(c)) continue;
    if (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x061F || c == ':') return true;
    if (c == '"' || c == 0x00AB || c == 0x201C || c == 0x201E || c == '(' || c == 0x2014 || c == 0x2013 ||
        c == '-' || c == 0x2022) {
      continue;
    }
    return false;
  }
  return true;
}

// The last character that is not a space, quote or closing bracket, classified.
char FinalPunctuation(std::string_view text) {
  int32_t i = static_cast<int32_t>(text.size());
  while (i > 0) {
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, i, c);
    if (u_isUWhiteSpace(c)) continue;
    if (c == '"' || c == '\'' || c == 0x00BB || c == 0x00AB || c == 0x201D || c == 0x201C || c == 0x2019 ||
        c == ')' || c == ']') {
      continue;
    }
    // Russian closes a quoted question with the period after the mark: ?». ends with "?".
    if (c == '.' && i >= 2) {
      int32_t j = i;
      UChar32 q, before;
      U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, j, q);
      if ((q == 0x00BB || q == '"' || q == 0x201C || q == 0x201D) && j > 0) {
        U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, j, before);
        if (before == '?' || before == '!' || before == 0x061F) return before == '!' ? '!' : '?';
      }
    }
    switch (c) {
      case '.': case 0x06D4: return '.';
      case '?': case 0x061F: return '?';
      case '!': return '!';
      case ':': return ':';
      case ';': case 0x061B: return ';';
      case 0x2026: return '.';  // an ellipsis ends a sentence like a period
      case ',': case 0x060C: return ',';
      default: return ' ';
    }
  }
  return ' ';
}

std::string PunctName(char c) {
  switch (c) {
    case ' ': return "no punctuation";
    default: return std::string("\"") + c + "\"";
  }
}

int BracketBalance(std::string_view text, char open, char close) {
  int b = 0;
  for (char c : text) {
    if (c == open) ++b;
    if (c == close) --b;
  }
  return b;
}

// Quotation marks counted by kind: guillemets must pair within a segment like the source's
// quotes; straight and curly double quotes are counted for parity.
int QuoteCount(std::string_view text) {
  int n = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    if (c == '"' || c == 0x00AB || c == 0x00BB || c == 0x201C || c == 0x201D || c == 0x201E) ++n;
  }
  return n;
}

int SingleQuoteCount(std::string_view text) {
  int n = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t size = static_cast<int32_t>(text.size());
  UChar32 prev = ' ';
  for (int32_t i = 0; i < size;) {
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    UChar32 next = ' ';
    if (i < size) {
      int32_t j = i;
      U8_NEXT(bytes, j, size, next);
    }
    if (c == 0x2018 || c == 0x201A || c == 0x2039 || c == 0x203A) ++n;
    // ' and ’ quote at a word's edge; between letters they are apostrophes (don't, O'Brien).
    if ((c == '\'' || c == 0x2019) && !(u_isalpha(prev) && u_isalpha(next)) && !(c == 0x2019 && u_isalpha(prev) && next == 's')) {
      if (!u_isalnum(prev) || !u_isalnum(next)) ++n;
    }
    prev = c;
  }
  return n;
}

// Arabic display-level normalization: only harakat and tatweel removed, so hamza and alef
// spelling differences remain visible.
std::string ArabicLight(std::string_view s) {
  std::string out;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
    out.append(s.substr(at, i - at));
  }
  return out;
}

// The runs of letters of `text` that start with a capital and have at least three letters.
std::vector<std::pair<size_t, size_t>> CapitalizedWords(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> words;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    int32_t begin = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (!u_isalpha(c)) continue;
    bool capital = u_isupper(c);
    int letters = 1;
    int32_t end = i;
    while (i < size) {
      U8_NEXT(bytes, i, size, c);
      if (!u_isalpha(c)) break;
      ++letters;
      end = i;
    }
    if (capital && letters >= 3) words.emplace_back(begin, end);
  }
  return words;
}

// The source and target texts of a stored unit; false when it lacks either language.
bool PairOf(const Unit& u, std::string_view src_lang, std::string_view tgt_lang, SegmentPair* p) {
  const Variant* s = u.Find(src_lang);
  const Variant* t = u.Find(tgt_lang);
  if (s == nullptr || t == nullptr) return false;
  p->source = s->text;
  p->target = t->text;
  return true;
}

}  // namespace check_internal
}  // namespace tmkit
