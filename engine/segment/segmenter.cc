// The segmenter: ICU's sentence BreakIterator proposes candidate boundaries over the UTF-8 bytes
// (through a UText, no conversion); the language's rule data (segment/rules/*.rules) and optional SRX
// rules decide at each candidate; a few layout rules (bullets, numbered lists, missing spaces,
// attached "…") add boundaries ICU cannot see. docs/segmentation.md describes the decisions.
#include "tmkit/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

#include "segment/rules.h"
#include "segment/srx.h"
#include "tmkit/lang.h"
#include "tmkit/utf8.h"

namespace tmkit {

using segment::AbbreviationClass;
using segment::LanguageRules;
using segment::SrxRules;

namespace {

// ---------------------------------------------------------------------------------------------
// Characters. Text is valid UTF-8 by the time it gets here.

UChar32 CharAt(std::string_view s, size_t i, size_t* next = nullptr) {
  UChar32 c;
  int32_t j = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), j, static_cast<int32_t>(s.size()), c);
  if (next) *next = static_cast<size_t>(j);
  return c;
}

UChar32 CharBefore(std::string_view s, size_t i, size_t* prev = nullptr) {
  UChar32 c;
  int32_t j = static_cast<int32_t>(i);
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, j, c);
  if (prev) *prev = static_cast<size_t>(j);
  return c;
}

bool IsSpace(UChar32 c) {
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  return u_isUWhiteSpace(c);
}

// Bidi controls are invisible: they may sit between a word and its period (Arabic "د‪.‬").
bool IsBidiControl(UChar32 c) {
  return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool IsQuote(UChar32 c) { return c == '"' || c == '\'' || u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK); }

bool IsCloser(UChar32 c) {
  if (c == ')' || c == ']' || c == '}' || IsQuote(c)) return true;
  int8_t t = u_charType(c);
  return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

bool IsOpener(UChar32 c) {
  if (c == '(' || c == '[' || c == '{' || c == 0xBF || c == 0xA1 || IsQuote(c)) return true;
  int8_t t = u_charType(c);
  return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

// A closing mark set off by a space from the sentence it closes ('them? "', "left. )") ends
// where the next sentence would start: the end of that run of marks when only white space or the
// end of the block follows it, else `at` itself. Opening-type marks (« “ ‘) are not taken.
size_t DanglingCloserEnd(std::string_view s, size_t at) {
  size_t end = at;
  while (end < s.size()) {
    size_t next;
    UChar32 c = CharAt(s, end, &next);
    int8_t type = u_charType(c);
    bool closing = c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || type == U_END_PUNCTUATION ||
                   type == U_FINAL_PUNCTUATION;
    if (!closing) break;
    end = next;
  }
  if (end == at || (end < s.size() && !IsSpace(CharAt(s, end)))) return at;
  return end;
}

bool IsBullet(UChar32 c) {
  switch (c) {
    case 0x2022: case 0x2023: case 0x2043: case 0x25E6: case 0x25AA: case 0x25CF: case 0x25A0:
    case 0x25B6: case 0x25BA: case 0x27A2: case 0x2219:
      return true;
    default:
      return false;
  }
}

bool IsUpper(UChar32 c) { return u_isupper(c) || u_istitle(c); }

// A letter of a script without case (Arabic, Hebrew, CJK): its "case" says nothing.
bool IsUncasedLetter(UChar32 c) { return u_isalpha(c) && !u_isupper(c) && !u_islower(c) && !u_istitle(c); }

void AppendUtf8(UChar32 c, std::string* out) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
  (void)error;  // c comes from valid text
  out->append(buf, n);
}

// `s` without bidi controls.
std::string Visible(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t next;
    UChar32 c = CharAt(s, i, &next);
    if (!IsBidiControl(c)) out.append(s.data() + i, next - i);
    i = next;
  }
  return out;
}

// `word` with its first letter lower-cased: "Кв." -> "кв.", "No." -> "no.".
std::string LowerFirst(const std::string& word) {
  size_t next;
  UChar32 c = CharAt(word, 0, &next);
  std::string out;
  AppendUtf8(u_tolower(c), &out);
  out.append(word, next, std::string::npos);
  return out;
}

size_t SkipSpaceForward(std::string_view s, size_t i, size_t end) {
  while (i < end) {
    size_t next;
    if (!IsSpace(CharAt(s, i, &next))) break;
    i = next;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// List markers: "1.", "1)", "1.)", "(1)", "a.", "b)", "(iv)", "ii)", each followed by white space.

enum class MarkerKind { kNumber, kLetter, kRoman };

struct ListMarker {
  size_t begin = 0, end = 0;  // bytes of the marker itself
  long value = 0;             // 1, 2, ...; 'a', 'b', ...; or the value of the Roman numeral
  MarkerKind kind = MarkerKind::kNumber;
  bool open_paren = false;
  std::string style;          // ".", ")", ".)"
};

long RomanValue(std::string_view r) {
  long total = 0, prev = 0;
  for (size_t i = r.size(); i-- > 0;) {
    long v = r[i] == 'i' ? 1 : r[i] == 'v' ? 5 : r[i] == 'x' ? 10 : r[i] == 'l' ? 50 : 100;
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

std::string Roman(long value) {
  static const std::pair<long, const char*> kDigits[] = {{100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"},
                                                         {10, "x"},  {9, "ix"},  {5, "v"},  {4, "iv"}, {1, "i"}};
  std::string out;
  for (const auto& [v, d] : kDigits) {
    while (value >= v) {
      out += d;
      value -= v;
    }
  }
  return out;
}

// The label of `m`'s kind and style with another value: 3 -> "3.", 'c' -> "(c)", 4 -> "iv)".
std::string MarkerLabel(const ListMarker& m, long value) {
  std::string label = m.open_paren ? "(" : "";
  if (m.kind == MarkerKind::kNumber) label += std::to_string(value);
  if (m.kind == MarkerKind::kLetter) label += static_cast<char>(value);
  if (m.kind == MarkerKind::kRoman) label += Roman(value);
  return label + m.style;
}

// Reads a list marker at `i`; false when there is none. `capitals` also accepts "A." / "B)",
// which only count where a segment consists of nothing else ("Q. What is ...? A. His name").
bool ReadListMarker(std::string_view s, size_t i, size_t end, ListMarker* m, bool capitals = false) {
  size_t j = i;
  bool open_paren = j < end && s[j] == '(';
  if (open_paren) ++j;
  size_t label_begin = j;
  long value = 0;
  MarkerKind kind = MarkerKind::kNumber;
  while (j < end && j - label_begin < 3 && s[j] >= '0' && s[j] <= '9') value = value * 10 + (s[j++] - '0');
  if (j == label_begin) {
    while (j < end && j - label_begin < 6 && std::string_view("ivxlc").find(s[j]) != std::string_view::npos) ++j;
    if (j - label_begin >= 2 || (j - label_begin == 1 && s[label_begin] == 'i')) {
      kind = MarkerKind::kRoman;
      value = RomanValue(s.substr(label_begin, j - label_begin));
    } else if (label_begin < end && ((s[label_begin] >= 'a' && s[label_begin] <= 'z') ||
                                     (capitals && s[label_begin] >= 'A' && s[label_begin] <= 'Z'))) {
      j = label_begin + 1;
      kind = MarkerKind::kLetter;
      value = s[label_begin];
    } else {
      return false;
    }
  }
  size_t style_begin = j;
  if (!open_paren && j < end && s[j] == '.') ++j;
  if (j < end && s[j] == ')') ++j;
  if (j == style_begin || (open_paren && s[j - 1] != ')')) return false;
  if (j < end && !IsSpace(CharAt(s, j))) return false;
  m->begin = i;
  m->end = j;
  m->value = value;
  m->kind = kind;
  m->open_paren = open_paren;
  m->style.assign(s.data() + style_begin, j - style_begin);
  return true;
}

// Bytes that can end a list marker or start a layout boundary: ". ? ! )" and the lead bytes of
// bullets and "…" (E2) and of the full-width full stop (EF).
struct LayoutByteTable {
  bool bytes[256] = {};
  constexpr LayoutByteTable() {
    const unsigned char kBytes[] = {'.', '?', '!', ')', '"', '\'', 0xC2, 0xE2, 0xEF};
    for (unsigned char c : kBytes) bytes[c] = true;
  }
  bool operator[](unsigned char c) const { return bytes[c]; }
};
constexpr LayoutByteTable kLayoutBytes;

bool IsMarkerByte(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '(' || c == '.'; }

// Skips white space and one bullet (with the white space after it) from `i`.
size_t SkipBullet(std::string_view s, size_t i, size_t end) {
  i = SkipSpaceForward(s, i, end);
  if (i < end) {
    size_t next;
    if (IsBullet(CharAt(s, i, &next))) i = SkipSpaceForward(s, next, end);
  }
  return i;
}

// True when [begin, end) is nothing but a bullet and/or a list marker: no sentence ends there.
bool IsBareListMarker(std::string_view s, size_t begin, size_t end) {
  size_t i = SkipBullet(s, begin, end);
  if (i >= end) return true;
  ListMarker m;
  return ReadListMarker(s, i, s.size(), &m, /*capitals=*/true) && m.end == end;
}

// A line that starts a list item: a bullet, "-", "*", "+", or a list marker.
bool StartsListItem(std::string_view line) {
  size_t i = SkipSpaceForward(line, 0, line.size());
  if (i >= line.size()) return false;
  size_t next;
  UChar32 c = CharAt(line, i, &next);
  if (IsBullet(c)) return true;
  if ((c == '-' || c == '*' || c == '+' || c == 0x2013 || c == 0x2014) && next < line.size() &&
      IsSpace(CharAt(line, next))) {
    return true;
  }
  ListMarker m;
  return ReadListMarker(line, i, line.size(), &m);
}

// ---------------------------------------------------------------------------------------------

class RuleSegmenter : public Segmenter {
 public:
  RuleSegmenter(LanguageRules rules, std::unique_ptr<icu::BreakIterator> iterator,
                std::unique_ptr<SrxRules> srx, bool keep_quotations)
      : rules_(std::move(rules)),
        iterator_(std::move(iterator)),
        srx_(std::move(srx)),
        keep_quotations_(keep_quotations) {}

  ~RuleSegmenter() override { utext_close(&utext_); }

  Status SegmentParagraph(std::string_view paragraph, std::vector<SentenceSpan>* sentences) override;

 private:
  struct Line {
    size_t begin, end;  // without the line break
  };
  enum class Verdict { kBreak, kNoBreak, kMove };

  bool HardBreakAfter(std::string_view para, const std::vector<Line>& lines, size_t i,
                      bool any_terminal) const;
  void SegmentBlock(std::string_view block, size_t offset, std::vector<SentenceSpan>* sentences);
  void AddLayoutBoundaries(std::string_view block);
  void AddNoteCallBoundary(std::string_view block, size_t i);
  void AddDashAfterQuestionBoundary(std::string_view block, size_t i);
  void AddInterruptedQuotationBoundary(std::string_view block, size_t i);
  size_t AddListBoundaries(std::string_view block, size_t start, size_t sentence_start);
  Verdict Decide(std::string_view block, size_t candidate, size_t segment_start, size_t* moved_to) const;
  Verdict DecideAbbreviation(std::string_view block, size_t segment_start, size_t token_begin,
                             const std::string& core, size_t candidate, size_t next_word) const;
  bool InitialismContinues(std::string_view block, size_t next_word) const;
  bool IsAttribution(std::string_view block, size_t word) const;
  bool IsVerbFirstAttribution(std::string_view block, size_t word) const;
  bool IsFrontedAdverbial(std::string_view block, size_t segment_start, size_t token_begin) const;
  const AbbreviationClass* FindAbbreviation(const std::string& word) const;
  void FindProtectedSpans(std::string_view block);
  void FindQuotations(std::string_view block);
  bool InsideProtectedSpan(size_t at);
  static void Emit(std::string_view block, size_t offset, size_t begin, size_t end,
                   std::vector<SentenceSpan>* sentences);

  LanguageRules rules_;
  std::unique_ptr<icu::BreakIterator> iterator_;
  std::unique_ptr<SrxRules> srx_;
  UText utext_ = UTEXT_INITIALIZER;
  std::string icu_text_;           // the block with line breaks turned into spaces, for ICU
  std::vector<size_t> candidates_;
  std::vector<size_t> forced_;
  const bool keep_quotations_;
  // Byte offsets of "[" and "]" (and of quotation marks with keep_quotations_), merged.
  std::vector<std::pair<size_t, size_t>> protected_;
  size_t protected_cursor_ = 0;
};

std::string_view WordAt(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size()) {
    size_t next;
    UChar32 c = CharAt(s, j, &next);
    if (!(u_isalpha(c) || (j > i && (c == '-' || c == '\'' || c == 0x2019)))) break;
    j = next;
  }
  return s.substr(i, j - i);
}

// Start of the white-space-delimited token that ends at `end`, not before `floor`.
size_t TokenBegin(std::string_view s, size_t floor, size_t end) {
  size_t i = end;
  while (i > floor) {
    size_t prev;
    if (IsSpace(CharBefore(s, i, &prev))) break;
    i = prev;
  }
  return i;
}

// A word of two or more letters, all capitals: "KG", "США".
bool IsAcronym(std::string_view word) {
  size_t letters = 0;
  for (size_t i = 0; i < word.size();) {
    size_t next;
    UChar32 c = CharAt(word, i, &next);
    if (!IsUpper(c)) return false;
    ++letters;
    i = next;
  }
  return letters >= 2;
}

const AbbreviationClass* RuleSegmenter::FindAbbreviation(const std::string& word) const {
  auto it = rules_.abbreviations.find(word);
  if (it != rules_.abbreviations.end()) return &it->second;
  // A capital at the start of a sentence ("Кв. 234"); not for one letter, which is an initial.
  size_t after_first;
  if (!rules_.cased || !IsUpper(CharAt(word, 0, &after_first)) || after_first + 1 >= word.size()) return nullptr;
  std::string lower = LowerFirst(word);
  it = rules_.abbreviations.find(lower);
  if (it != rules_.abbreviations.end()) return &it->second;
  // Headlines and legal text in capitals: "SEC. 1262" is "Sec.".
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
  if (u != icu::UnicodeString(u).toUpper()) return nullptr;
  std::string title, lowered;
  icu::UnicodeString(u).toTitle(nullptr).toUTF8String(title);
  u.toLower().toUTF8String(lowered);
  for (const std::string& form : {title, lowered}) {
    it = rules_.abbreviations.find(form);
    if (it != rules_.abbreviations.end()) return &it->second;
  }
  return nullptr;
}

// "Hammel added." / "CNN reported," / "Gov. Jerry Brown said.": one to three capitalised words,
// then a listed speech verb, then "." or "," — the attribution of the quotation before it.
bool RuleSegmenter::IsAttribution(std::string_view block, size_t word) const {
  const size_t n = block.size();
  for (int words = 0; words < 4 && word < n; ++words) {
    std::string_view w = WordAt(block, word);
    if (w.empty()) return false;
    size_t end = word + w.size();
    if (words > 0 && rules_.speech_verbs.count(std::string(w))) return end < n && (block[end] == '.' || block[end] == ',');
    if (!IsUpper(CharAt(block, word))) return false;
    if (end < n && block[end] == '.') ++end;  // "Gov." "Sen."
    size_t next = SkipSpaceForward(block, end, n);
    if (next == end) return false;
    word = next;
  }
  return false;
}

// Arabic puts the verb first: "تساءلت." / "كما أضاف هاميل." / "حسبما أفاد السيد ألبنس.": an
// optional [attribution_openers] word, a listed speech verb, at most three more words, then "." or
// a comma. A longer clause ("وأضاف أن الوضع صعب.") is a sentence of its own.
bool RuleSegmenter::IsVerbFirstAttribution(std::string_view block, size_t word) const {
  const size_t n = block.size();
  std::string_view w = WordAt(block, word);
  if (!w.empty() && rules_.attribution_openers.count(std::string(w))) {
    word = SkipSpaceForward(block, word + w.size(), n);
    w = WordAt(block, word);
  }
  if (w.empty() || !rules_.speech_verbs.count(std::string(w))) return false;
  for (int words = 0; words < 4; ++words) {
    size_t end = word + w.size();
    if (end < n) {
      UChar32 c = CharAt(block, end);
      if (c == '.' || c == ',' || c == 0x060C) return true;
    }
    size_t next = SkipSpaceForward(block, end, n);
    if (next == end || next >= n) return false;
    word = next;
    w = WordAt(block, word);
    if (w.empty()) return false;
  }
  return false;
}

// "in the U.S. How about you?" breaks, "the U.S. Government" does not.
bool RuleSegmenter::InitialismContinues(std::string_view block, size_t next_word) const {
  if (next_word >= block.size()) return true;
  UChar32 c = CharAt(block, next_word);
  if (!IsUpper(c)) return true;
  return !rules_.sentence_starters.count(std::string(WordAt(block, next_word)));
}

// "At 5 a.m." is an adverbial put first, not a sentence: a listed preposition and at most 4 words.
bool RuleSegmenter::IsFrontedAdverbial(std::string_view block, size_t segment_start,
                                       size_t token_begin) const {
  size_t first = SkipSpaceForward(block, segment_start, token_begin);
  if (first >= token_begin) return false;
  std::string_view first_word = WordAt(block, first);
  if (!rules_.fronted_prepositions.count(std::string(first_word))) return false;
  int words = 0;
  bool in_word = false;
  for (size_t i = first; i < token_begin && words <= 3; ++i) {
    bool space = block[i] == ' ' || block[i] == '\t' || block[i] == '\n' || block[i] == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words <= 3;
}

RuleSegmenter::Verdict RuleSegmenter::DecideAbbreviation(std::string_view block, size_t segment_start,
                                                         size_t token_begin, const std::string& core,
                                                         size_t candidate, size_t next_word) const {
  UChar32 next = next_word < block.size() ? CharAt(block, next_word) : 0;
  bool next_digit = u_isdigit(next);

  // "т. е.", "н. э.": an abbreviation written with a space inside is looked up joined.
  const AbbreviationClass* cls = nullptr;
  if (token_begin > segment_start) {
    size_t prev_end = token_begin;
    while (prev_end > segment_start && (block[prev_end - 1] == ' ')) --prev_end;
    size_t prev_begin = TokenBegin(block, segment_start, prev_end);
    if (prev_end > prev_begin && prev_end - prev_begin <= 6 && block[prev_end - 1] == '.' &&
        core.size() <= 6) {
      cls = FindAbbreviation(Visible(block.substr(prev_begin, prev_end - prev_begin)) + core);
    }
  }
  if (!cls) cls = FindAbbreviation(core);
  if (cls) {
    switch (*cls) {
      case AbbreviationClass::kNoBreak:
        return Verdict::kNoBreak;
      case AbbreviationClass::kBeforeNumber:
        return next_digit ? Verdict::kNoBreak : Verdict::kBreak;
      case AbbreviationClass::kPostpositive:
        // "Company A Inc. (“Company A”)": a parenthesis right after it qualifies the name;
        // "GmbH & Co. KG", "37 млрд. долл. США": an acronym after it continues the name or unit.
        if (block[candidate] == '(') return Verdict::kNoBreak;
        return IsAcronym(WordAt(block, next_word)) ? Verdict::kNoBreak : Verdict::kBreak;
      case AbbreviationClass::kInitialism:
        return next_digit || InitialismContinues(block, next_word) ? Verdict::kNoBreak : Verdict::kBreak;
      case AbbreviationClass::kTime: {
        if (next_digit || !IsUpper(next)) return Verdict::kNoBreak;
        std::string word(WordAt(block, next_word));
        if (rules_.time_continuers.count(word)) return Verdict::kNoBreak;
        size_t after = SkipSpaceForward(block, next_word + word.size(), block.size());
        if (after < block.size() && rules_.time_nouns.count(std::string(WordAt(block, after)))) {
          return Verdict::kNoBreak;
        }
        return IsFrontedAdverbial(block, segment_start, token_begin) ? Verdict::kNoBreak : Verdict::kBreak;
      }
    }
  }

  // Shape: "X.Y.Z." capitals; a single letter.
  std::string_view word(core.data(), core.size() - 1);
  size_t letters = 0, capitals = 0;
  bool dotted = true;
  for (size_t i = 0; i < word.size();) {
    size_t next_i;
    UChar32 c = CharAt(word, i, &next_i);
    if (letters == capitals && IsUpper(c)) {
      ++letters;
      ++capitals;
      if (next_i < word.size() && word[next_i] != '.') dotted = false;
      if (next_i < word.size()) ++next_i;  // the period after each letter
    } else {
      dotted = false;
      ++letters;
    }
    i = next_i;
  }
  if (rules_.dotted_capitals_are_initialisms && dotted && capitals >= 2) {
    return next_digit || InitialismContinues(block, next_word) ? Verdict::kNoBreak : Verdict::kBreak;
  }
  size_t after_first;
  UChar32 first = word.empty() ? 0 : CharAt(word, 0, &after_first);
  if (!word.empty() && after_first == word.size() && u_isalpha(first)) {
    if (rules_.cased && rules_.initials && IsUpper(first)) {
      std::string letter(word);
      if (!rules_.ambiguous_initials.count(letter)) return Verdict::kNoBreak;
      // "Albert I. Jones" (after a capitalised word) vs "you and I. Did you".
      size_t prev_end = token_begin;
      while (prev_end > segment_start && IsSpace(CharBefore(block, prev_end))) --prev_end;
      if (prev_end == segment_start) return Verdict::kBreak;
      size_t prev_begin = TokenBegin(block, segment_start, prev_end);
      return IsUpper(CharAt(block, prev_begin)) ? Verdict::kNoBreak : Verdict::kBreak;
    }
    if (rules_.single_letter_abbreviations && IsUncasedLetter(first)) return Verdict::kNoBreak;
  }
  return Verdict::kBreak;
}

RuleSegmenter::Verdict RuleSegmenter::Decide(std::string_view block, size_t candidate,
                                             size_t segment_start, size_t* moved_to) const {
  // q: end of the sentence text before the candidate (white space and bidi controls skipped).
  size_t q = candidate;
  while (q > segment_start) {
    size_t prev;
    UChar32 c = CharBefore(block, q, &prev);
    if (!IsSpace(c) && !IsBidiControl(c)) break;
    q = prev;
  }
  if (q <= segment_start) return Verdict::kNoBreak;
  // ICU breaks after "!" or "?" even without a space ("Y!J.", "speaks !Xu", "martyr.[1]"); in cased
  // scripts a sentence needs a space after it. The real missing-space cases are added as layout
  // boundaries (AddLayoutBoundaries).
  if (q == candidate && rules_.cased) return Verdict::kNoBreak;
  // A sentence does not end on an opening bracket or quote.
  if (IsOpener(CharBefore(block, q)) && !IsCloser(CharBefore(block, q))) return Verdict::kNoBreak;
  if (IsBareListMarker(block, segment_start, q)) return Verdict::kNoBreak;

  // t: end of the terminator run (closing quotes and brackets skipped, bidi controls too).
  size_t t = q;
  UChar32 first_closer = 0;
  while (t > segment_start) {
    size_t prev;
    UChar32 c = CharBefore(block, t, &prev);
    if (IsBidiControl(c)) {
      t = prev;
      continue;
    }
    if (!IsCloser(c)) break;
    first_closer = c;
    t = prev;
  }
  if (t <= segment_start) return Verdict::kBreak;
  size_t last_begin;
  UChar32 last = CharBefore(block, t, &last_begin);
  size_t next_word = candidate;
  while (next_word < block.size()) {
    size_t next;
    UChar32 c = CharAt(block, next_word, &next);
    if (!IsOpener(c) && !IsBidiControl(c)) break;
    next_word = next;
  }
  UChar32 next = next_word < block.size() ? CharAt(block, next_word) : 0;

  // '…in the water!'" Hammel added.', 'Are you ready?" CNN reported.': a quotation followed by a
  // capitalised speaker and a speech verb that closes the clause is one sentence with it.
  if ((last == '!' || last == '?' || last == '.' || u_hasBinaryProperty(last, UCHAR_S_TERM)) && IsQuote(first_closer) &&
      !rules_.speech_verbs.empty() &&
      (rules_.verb_first_attribution ? IsVerbFirstAttribution(block, next_word)
                                     : IsUpper(next) && IsAttribution(block, next_word))) {
    return Verdict::kNoBreak;
  }
  if (last == '!' || last == '?') {
    // Names written with "!" ("Yahoo! Research") are listed like abbreviations.
    size_t word_begin = TokenBegin(block, segment_start, t);
    while (word_begin < t && IsOpener(CharAt(block, word_begin))) CharAt(block, word_begin, &word_begin);
    const AbbreviationClass* cls = FindAbbreviation(Visible(block.substr(word_begin, t - word_begin)));
    if (cls && *cls == AbbreviationClass::kNoBreak) return Verdict::kNoBreak;
  }
  if (last != '.') {
    // "Yahoo! in the accounting department", '"Why?" she asked.'
    if (rules_.cased && rules_.question_lowercase_continues && u_islower(next) &&
        (last == '?' || last == '!' || u_hasBinaryProperty(last, UCHAR_S_TERM))) {
      return Verdict::kNoBreak;
    }
    return Verdict::kBreak;
  }

  // Runs of periods: "...", ". . .", "word. . . .".
  size_t dots_begin = t;
  int dots = 0;
  bool spaced = false;
  while (dots_begin > segment_start) {
    char c = block[dots_begin - 1];
    if (c == '.') {
      ++dots;
      --dots_begin;
    } else if (c == ' ' && dots > 0 && dots_begin - 1 > segment_start && block[dots_begin - 2] == '.') {
      spaced = true;
      --dots_begin;
    } else {
      break;
    }
  }
  if (dots >= 2) {
    // "[...]" marks omitted words, never the end of a sentence.
    if (first_closer == ']' && dots_begin > segment_start && block[dots_begin - 1] == '[') {
      return Verdict::kNoBreak;
    }
    if (spaced) {
      bool attached = dots_begin > segment_start && !IsSpace(CharBefore(block, dots_begin));
      // "the thing is . . . I didn't": a spaced ellipsis alone marks an omission inside a sentence.
      if (!attached && dots == 3) return Verdict::kNoBreak;
      // "compounds. . . . The practice": the period ends the sentence; the ellipsis opens the next.
      if (attached && dots >= 4) {
        *moved_to = dots_begin + 1;
        return Verdict::kMove;
      }
    }
    return Verdict::kBreak;
  }

  size_t token_begin = TokenBegin(block, segment_start, t);
  // Opening brackets and quotes are not part of the abbreviation: "(Mr." -> "Mr.".
  size_t word_begin = token_begin;
  while (word_begin < t) {
    size_t next_i;
    UChar32 c = CharAt(block, word_begin, &next_i);
    if (!IsOpener(c) && !IsBidiControl(c)) break;
    word_begin = next_i;
  }
  if (word_begin >= last_begin) return Verdict::kBreak;
  std::string core = Visible(block.substr(word_begin, t - word_begin));
  return DecideAbbreviation(block, segment_start, token_begin, core, candidate, next_word);
}

// Boundaries ICU does not propose: before a bullet, before the next item of an inline numbered
// list, at a full stop with no space after it, after an attached "…" before a capital.
// A note call after a sentence: "martyr.[1] The", "at large.[7][8] This", "consultation.11 12
// Take". `i` is the sentence-final mark; the boundary goes before the capital after the call.
void RuleSegmenter::AddNoteCallBoundary(std::string_view block, size_t i) {
  const size_t n = block.size();
  if (i == 0 || i + 1 >= n) return;
  char after = block[i + 1];
  if (after != '[' && !(after >= '0' && after <= '9')) return;
  size_t prev;
  UChar32 before = CharBefore(block, i, &prev);
  if (!(before == ')' || IsQuote(before) || (u_isalpha(before) && prev > 0 && u_isalpha(CharBefore(block, prev))))) {
    return;
  }
  size_t j = i + 1;
  auto digits = [&](size_t k) {
    size_t d = k;
    while (d < n && d - k < 3 && block[d] >= '0' && block[d] <= '9') ++d;
    return d > k && (d >= n || block[d] < '0' || block[d] > '9') ? d : k;
  };
  if (after == '[') {
    while (j < n && block[j] == '[') {
      size_t d = digits(j + 1);
      if (d == j + 1 || d >= n || block[d] != ']') break;
      j = d + 1;
    }
  } else {
    for (size_t d = digits(j); d > j;) {
      j = d;
      size_t k = j;
      while (k < n && block[k] == ' ') ++k;
      d = k > j ? digits(k) : j;
      if (d == k) break;
    }
  }
  if (j == i + 1) return;
  size_t k = SkipSpaceForward(block, j, n);
  if (k > j && k < n && IsUpper(CharAt(block, k))) forced_.push_back(k);
}

// "What do you see? - Posted like sentinels", "Ready? -- Yes.": a question or exclamation, a spaced
// dash, then a capitalised word. The dash opens the next sentence (a reply, a new speaker, a new
// item); ICU keeps the dash with the question. A lower-case word after the dash ("? - asked the
// man") is the same sentence, and a name listed with its "!" ("Yahoo! - The") does not end one.
void RuleSegmenter::AddDashAfterQuestionBoundary(std::string_view block, size_t i) {
  const size_t n = block.size();
  size_t j = i + 1;
  while (j < n && (block[j] == '?' || block[j] == '!')) ++j;
  while (j < n && IsCloser(CharAt(block, j))) CharAt(block, j, &j);
  size_t dash = SkipSpaceForward(block, j, n);
  if (dash == j || dash >= n) return;
  size_t after_dash;
  UChar32 c = CharAt(block, dash, &after_dash);
  if (c == '-') {
    if (after_dash < n && block[after_dash] == '-') ++after_dash;
  } else if (c != 0x2013 && c != 0x2014) {
    return;
  }
  size_t word = SkipSpaceForward(block, after_dash, n);
  if (word == after_dash || word >= n || !IsUpper(CharAt(block, word))) return;
  size_t word_begin = i;
  while (word_begin > 0 && u_isalpha(CharBefore(block, word_begin))) CharBefore(block, word_begin, &word_begin);
  if (block[i] == '!' && word_begin < i && FindAbbreviation(std::string(block.substr(word_begin, i + 1 - word_begin)))) {
    return;
  }
  forced_.push_back(dash);
}

// "If you please, sir--" The Rabbit started: speech broken off by a dash, its closing quote, then a
// capitalised word that does not attribute it ("sir--" the Rabbit began, "--" Lavrov said. stay
// one sentence). ICU sees no terminal punctuation there.
void RuleSegmenter::AddInterruptedQuotationBoundary(std::string_view block, size_t i) {
  const size_t n = block.size();
  if (i == 0) return;
  size_t after_quote;
  UChar32 quote = CharAt(block, i, &after_quote);
  if (quote != '"' && quote != '\'' && quote != 0x201D && quote != 0x2019 && quote != 0x00BB) return;
  size_t dash_at;
  UChar32 before = CharBefore(block, i, &dash_at);
  bool dash = before == 0x2014 || before == 0x2013 || (before == '-' && dash_at > 0 && block[dash_at - 1] == '-');
  if (!dash) return;
  size_t word = SkipSpaceForward(block, after_quote, n);
  if (word == after_quote || word >= n || !IsUpper(CharAt(block, word)) || IsAttribution(block, word)) return;
  forced_.push_back(word);
}

// Inline lists: a marker at the start of the block, after a sentence end ("this. 1. The first item
// 2. The second item") or a first marker ("1.", "a)", "(i)") followed by a capital, then the next
// markers in sequence later in the block. Each item starts a sentence. Returns where the chain ends.
size_t RuleSegmenter::AddListBoundaries(std::string_view block, size_t start, size_t sentence_start) {
  const size_t n = block.size();
  auto item_start = [&](size_t at) {  // the bullet before a marker, if any, opens the item
    size_t b = at;
    while (b > 0 && IsSpace(CharBefore(block, b))) CharBefore(block, b, &b);
    size_t bullet_at;
    return b > 0 && IsBullet(CharBefore(block, b, &bullet_at)) ? bullet_at : at;
  };
  ListMarker m;
  if (!ReadListMarker(block, start, n, &m)) return start;
  bool first_of_kind = m.value == 1 || m.value == 'a';
  size_t b = start;
  while (b > 0 && IsSpace(static_cast<unsigned char>(block[b - 1]))) --b;
  bool after_sentence = b > 0 && (block[b - 1] == '.' || block[b - 1] == '?' || block[b - 1] == '!');
  // Mid-sentence, only a first marker followed by a capital opens a list ("for 1. above" does not).
  size_t item = SkipSpaceForward(block, m.end, n);
  bool capital_item = item < n && IsUpper(CharAt(block, item));
  if (start != sentence_start && !after_sentence && !(first_of_kind && capital_item)) return start;
  size_t from = m.end;
  size_t chain_end = start;
  for (long value = m.value + 1;; ++value) {
    if (m.kind == MarkerKind::kLetter && value > 'z') break;
    std::string label = MarkerLabel(m, value);
    size_t found = std::string_view::npos;
    // The next item is looked for within kMaxListItemBytes, which keeps a block full of "1." linear.
    constexpr size_t kMaxListItemBytes = 2000;
    std::string_view window = block.substr(0, std::min(n, from + kMaxListItemBytes));
    for (size_t at = window.find(label, from); at != std::string_view::npos; at = window.find(label, at + 1)) {
      UChar32 before = at > 0 ? CharBefore(block, at) : ' ';
      size_t end = at + label.size();
      if ((IsSpace(before) || IsBullet(before)) && end < n && IsSpace(CharAt(block, end))) {
        found = at;
        break;
      }
    }
    if (found == std::string_view::npos) break;
    if (value == m.value + 1 && start > 0) forced_.push_back(item_start(start));
    forced_.push_back(item_start(found));
    from = found + label.size();
    chain_end = from;
  }
  // Like a list item on a line of its own, the last item of an inline list ends at the end of its
  // line unless the next line continues it in lower case ("c. one more\n They went to the store.").
  if (chain_end > start) {
    size_t line_end = block.find_first_of("\r\n", chain_end);
    if (line_end != std::string_view::npos) {
      size_t k = SkipSpaceForward(block, line_end, n);
      if (k < n && IsUpper(CharAt(block, k))) forced_.push_back(k);
    }
  }
  return chain_end;
}

void RuleSegmenter::AddLayoutBoundaries(std::string_view block) {
  forced_.clear();
  const size_t n = block.size();
  size_t chain_end = 0;
  const size_t sentence_start = SkipBullet(block, 0, n);
  for (size_t i = 0; i < n;) {
    // Fast path: only ". ? ! )" and characters starting with E2 (bullets, "…") or EF ("．") matter.
    unsigned char byte = static_cast<unsigned char>(block[i]);
    if (!kLayoutBytes[byte]) {
      ++i;
      continue;
    }
    if ((byte == '.' || byte == ')') && i >= chain_end) {
      // The end of a possible list marker: find where it starts.
      size_t start = i;
      while (start > 0 && i - start < 7 && IsMarkerByte(block[start - 1])) --start;
      size_t before_at;
      bool open = start == sentence_start ||
                  (start > 0 && (IsSpace(CharBefore(block, start, &before_at)) || IsBullet(CharBefore(block, start))));
      if (open && start >= chain_end) chain_end = std::max(chain_end, AddListBoundaries(block, start, sentence_start));
    }
    if (byte == '.' || byte == '?' || byte == '!') AddNoteCallBoundary(block, i);
    if ((byte == '?' || byte == '!') && rules_.dash_after_question_breaks && rules_.cased) {
      AddDashAfterQuestionBoundary(block, i);
    }
    if ((byte == '"' || byte == '\'' || byte >= 0xC2) && rules_.interrupted_quotation_breaks && rules_.cased) {
      AddInterruptedQuotationBoundary(block, i);
    }
    size_t next;
    UChar32 c = CharAt(block, i, &next);
    if (c >= 0x80 && IsBullet(c) && i > 0 && IsSpace(CharBefore(block, i))) {
      forced_.push_back(i);
    } else if (c == 0x2026 && rules_.ellipsis_char_ends_sentence && rules_.cased && i > 0) {
      UChar32 before = CharBefore(block, i);
      if (!IsSpace(before) && !IsOpener(before)) {
        size_t j = next;
        while (j < n && IsCloser(CharAt(block, j))) CharAt(block, j, &j);
        size_t k = SkipSpaceForward(block, j, n);
        if (k > j && k < n && IsUpper(CharAt(block, k))) forced_.push_back(k);
      }
    } else if ((c == '.' || c == '?' || c == '!' || c == 0xFF0E) && rules_.missing_space_break && rules_.cased &&
               i > 0 && next + 1 < n) {
      // "world.Today", "1,000.That": a word of two letters or more (or a number), a full stop,
      // then a capitalised word; not inside an address, a path or an abbreviation.
      size_t after;
      UChar32 up = CharAt(block, next, &after);
      UChar32 low = after < n ? CharAt(block, after) : 0;
      size_t prev;
      UChar32 before = CharBefore(block, i, &prev);
      if (IsUpper(up) && u_islower(low) && (u_islower(before) || u_isdigit(before))) {
        // Words are short: looking further than kMaxWordBytes either way would make a long run
        // without spaces quadratic.
        constexpr size_t kMaxWordBytes = 64;
        size_t floor = i > kMaxWordBytes ? i - kMaxWordBytes : 0;
        while (floor > 0 && (static_cast<unsigned char>(block[floor]) & 0xC0) == 0x80) --floor;
        size_t token_begin = TokenBegin(block, floor, i);
        size_t token_end = i;
        while (token_end < n && token_end - i < kMaxWordBytes && !IsSpace(CharAt(block, token_end))) {
          CharAt(block, token_end, &token_end);
        }
        std::string_view token = block.substr(token_begin, token_end - token_begin);
        size_t word_begin = i;
        while (word_begin > token_begin && (u_isalpha(CharBefore(block, word_begin)) ||
                                            u_isdigit(CharBefore(block, word_begin)) ||
                                            block[word_begin - 1] == ',')) {
          CharBefore(block, word_begin, &word_begin);
        }
        std::string word(block.substr(word_begin, i - word_begin));
        bool letters = u_isalpha(before);
        bool address = token.find('@') != std::string_view::npos || token.find('/') != std::string_view::npos ||
                       token.find("www") != std::string_view::npos;
        bool short_word = letters && CountCodePoints(word) < 2;
        bool after_period = word_begin > token_begin && block[word_begin - 1] == '.';
        if (!address && !short_word && !after_period && !(c == '.' && FindAbbreviation(word + "."))) {
          forced_.push_back(next);
        }
      }
    }
    i = next;
  }

  std::sort(forced_.begin(), forced_.end());
  forced_.erase(std::unique(forced_.begin(), forced_.end()), forced_.end());
}

// Square brackets that open and close within the block: a candidate inside is not a sentence
// boundary ("[16:  firma? 13:28]", "[?][footnoteRef:6]"); they hold editorial insertions and
// references. Quotations are not protected by default: a quotation of several sentences is cut
// at each sentence end, as the gold segmentation of corpora/ does, so that it aligns sentence by
// sentence; SegmenterOptions::keep_quotations protects them too. Brackets spanning more than
// kMaxBracketBytes are ignored (a stray "[" is harmless).
void RuleSegmenter::FindProtectedSpans(std::string_view block) {
  constexpr size_t kMaxBracketBytes = 200;
  protected_.clear();
  std::vector<size_t> open;
  for (size_t i = 0; i < block.size(); ++i) {
    if (block[i] == '[') {
      open.push_back(i);
    } else if (block[i] == ']' && !open.empty()) {
      if (i - open.back() <= kMaxBracketBytes) protected_.push_back({open.back(), i});
      open.pop_back();
    }
  }
  if (keep_quotations_) FindQuotations(block);
  std::sort(protected_.begin(), protected_.end());
  // Merge nested and overlapping spans so that InsideProtectedSpan can walk them with a cursor.
  size_t merged = 0;
  for (const auto& span : protected_) {
    if (merged > 0 && span.first <= protected_[merged - 1].second) {
      protected_[merged - 1].second = std::max(protected_[merged - 1].second, span.second);
    } else {
      protected_[merged++] = span;
    }
  }
  protected_.resize(merged);
  protected_cursor_ = 0;
}

// Quotations as pragmatic_segmenter and pySBD keep them: from an opening mark to the mark that
// closes it ("…", “…”, „…“, «…», ‘…’, '…', `…'). A straight or right single quote between
// letters is an apostrophe (they'll, dragon’s); a straight quote opens only after a space, an
// opening bracket or the start. A quotation longer than kMaxQuotationBytes is not protected: an
// unmatched mark must not swallow a paragraph.
void RuleSegmenter::FindQuotations(std::string_view block) {
  constexpr size_t kMaxQuotationBytes = 1000;
  struct Open {
    UChar32 closer;  // the mark that closes it
    size_t at;
  };
  std::vector<Open> open;
  const size_t n = block.size();
  UChar32 before = ' ';
  for (size_t i = 0; i < n;) {
    size_t next;
    UChar32 c = CharAt(block, i, &next);
    bool opening_context =
        IsSpace(before) || before == '-' || before == 0x2013 || before == 0x2014 || IsOpener(before);
    auto close = [&](UChar32 mark) {
      for (size_t k = open.size(); k-- > 0;) {
        if (open[k].closer != mark) continue;
        if (i - open[k].at <= kMaxQuotationBytes) protected_.push_back({open[k].at, i});
        open.resize(k);
        return true;
      }
      return false;
    };
    switch (c) {
      case '"':
        if (!close('"') && opening_context) open.push_back({'"', i});
        break;
      case 0x201C:  // “ closes „ (ru, de), else opens “…”
        if (!close(0x201C)) open.push_back({0x201D, i});
        break;
      case 0x201E:  // „
        open.push_back({0x201C, i});
        break;
      case 0x201D:  // ”
        close(0x201D);
        break;
      case 0x00AB:  // «
        open.push_back({0x00BB, i});
        break;
      case 0x00BB:
        close(0x00BB);
        break;
      case 0x2018:  // ‘
        open.push_back({0x2019, i});
        break;
      case '`':
        open.push_back({'\'', i});
        break;
      case 0x2019:
      case '\'': {
        UChar32 after = next < n ? CharAt(block, next) : ' ';
        if (u_isalpha(before) && u_isalpha(after)) break;  // an apostrophe
        if (!IsSpace(before) && close(c)) break;
        if (c == '\'' && opening_context && !IsSpace(after)) open.push_back({'\'', i});
        break;
      }
      default:
        break;
    }
    before = c;
    i = next;
  }
}

// Candidates come in increasing order, so the cursor only moves forward.
bool RuleSegmenter::InsideProtectedSpan(size_t at) {
  while (protected_cursor_ < protected_.size() && protected_[protected_cursor_].second < at) ++protected_cursor_;
  return protected_cursor_ < protected_.size() && protected_[protected_cursor_].first < at;
}

void RuleSegmenter::Emit(std::string_view block, size_t offset, size_t begin, size_t end,
                         std::vector<SentenceSpan>* sentences) {
  begin = SkipSpaceForward(block, begin, end);
  while (end > begin) {
    size_t prev;
    if (!IsSpace(CharBefore(block, end, &prev))) break;
    end = prev;
  }
  if (end > begin) sentences->push_back({offset + begin, offset + end});
}

void RuleSegmenter::SegmentBlock(std::string_view block, size_t offset,
                                 std::vector<SentenceSpan>* sentences) {
  const size_t n = block.size();
  // ICU makes every line break a boundary (UAX #29 SB4); inside a block they are soft, so ICU sees
  // spaces instead. The replacement keeps every byte offset.
  icu_text_.assign(block.data(), n);
  for (char& ch : icu_text_) {
    if (ch == '\n' || ch == '\r') ch = ' ';
  }
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext_, icu_text_.data(), static_cast<int64_t>(n), &status);
  iterator_->setText(&utext_, status);
  candidates_.clear();
  for (int32_t p = iterator_->next(); p != icu::BreakIterator::DONE && static_cast<size_t>(p) < n;
       p = iterator_->next()) {
    candidates_.push_back(static_cast<size_t>(p));
  }
  AddLayoutBoundaries(block);
  protected_.clear();
  if (!candidates_.empty() && (keep_quotations_ || std::memchr(block.data(), '[', block.size()))) {
    FindProtectedSpans(block);
  }

  if (srx_) srx_->SetText(block);
  // SRX break rules may add boundaries after any punctuation mark.
  if (srx_ && srx_->has_break_rules()) {
    for (size_t i = 0; i < n;) {
      size_t next;
      UChar32 c = CharAt(block, i, &next);
      i = next;
      if (!u_ispunct(c) || i >= n) continue;
      size_t start = SkipSpaceForward(block, i, n);
      if (start >= n || std::binary_search(candidates_.begin(), candidates_.end(), start)) continue;
      if (srx_->Decide(i, /*only_if_break=*/true) == SrxRules::Decision::kBreak) forced_.push_back(start);
    }
    std::sort(forced_.begin(), forced_.end());
    forced_.erase(std::unique(forced_.begin(), forced_.end()), forced_.end());
  }

  size_t segment_start = 0;
  size_t ci = 0, fi = 0;
  while (ci < candidates_.size() || fi < forced_.size()) {
    bool forced = fi < forced_.size() && (ci >= candidates_.size() || forced_[fi] <= candidates_[ci]);
    size_t at = forced ? forced_[fi] : candidates_[ci];
    if (forced) {
      ++fi;
      if (ci < candidates_.size() && candidates_[ci] == at) ++ci;
    } else {
      ++ci;
    }
    if (at <= segment_start) continue;
    Verdict verdict = Verdict::kBreak;
    size_t moved_to = 0;
    if (!forced) {
      SrxRules::Decision srx = SrxRules::Decision::kNoMatch;
      if (srx_) {
        size_t srx_at = at;
        while (srx_at > segment_start && IsSpace(CharBefore(block, srx_at))) CharBefore(block, srx_at, &srx_at);
        srx = srx_->Decide(srx_at);
      }
      if (srx == SrxRules::Decision::kBreak) {
        verdict = Verdict::kBreak;
      } else if (srx == SrxRules::Decision::kNoBreak) {
        verdict = Verdict::kNoBreak;
      } else if (InsideProtectedSpan(at)) {
        verdict = Verdict::kNoBreak;
      } else {
        verdict = Decide(block, at, segment_start, &moved_to);
      }
    }
    if (verdict == Verdict::kNoBreak) continue;
    if (verdict == Verdict::kBreak && !forced) {
      size_t closed_at = DanglingCloserEnd(block, at);
      if (closed_at != at) {
        verdict = Verdict::kMove;
        moved_to = closed_at;
      }
    }
    if (verdict == Verdict::kMove) {
      Emit(block, offset, segment_start, moved_to, sentences);
      segment_start = moved_to;
      continue;
    }
    Emit(block, offset, segment_start, at, sentences);
    segment_start = at;
  }
  Emit(block, offset, segment_start, n, sentences);
}

// ---------------------------------------------------------------------------------------------
// Lines inside a paragraph.

bool EndsWithTerminal(std::string_view line) {
  size_t i = line.size();
  while (i > 0) {
    size_t prev;
    UChar32 c = CharBefore(line, i, &prev);
    if (!IsSpace(c) && !IsCloser(c) && !IsBidiControl(c)) {
      return u_hasBinaryProperty(c, UCHAR_S_TERM) || c == 0x2026;
    }
    i = prev;
  }
  return false;
}

// A line at least this long that runs on into lower case was wrapped, not ended.
constexpr size_t kWrappedLineBytes = 40;

bool RuleSegmenter::HardBreakAfter(std::string_view para, const std::vector<Line>& lines, size_t i,
                                   bool any_terminal) const {
  std::string_view line = para.substr(lines[i].begin, lines[i].end - lines[i].begin);
  std::string_view next = para.substr(lines[i + 1].begin, lines[i + 1].end - lines[i + 1].begin);
  if (StartsListItem(next)) return true;
  size_t first = SkipSpaceForward(next, 0, next.size());
  // A line that starts with punctuation finishes the line before it ("pricing\n. Pricing").
  if (first < next.size() && std::strchr(".,;:?!", next[first])) return false;
  while (first < next.size() && IsOpener(CharAt(next, first))) CharAt(next, first, &first);
  UChar32 c = first < next.size() ? CharAt(next, first) : 0;
  bool next_starts_lower = u_islower(c);
  // A list item ends at the end of its line unless the next line plainly continues it.
  if (StartsListItem(line)) return !next_starts_lower;
  // Lines none of which ends a sentence are a list of items (GR #42), unless a long line runs on
  // into lower case: that is prose wrapped without a final full stop.
  if (!any_terminal) return !(next_starts_lower && line.size() >= kWrappedLineBytes);
  if (EndsWithTerminal(line)) return false;  // ICU decides, as if the break were a space
  // A headline: no final punctuation, the next line starts a sentence and is clearly longer.
  size_t last = line.find_last_not_of(" \t");
  if (last == std::string_view::npos) return false;
  char end_char = line[last];
  if (end_char == ',' || end_char == ';' || end_char == ':' || end_char == '-') return false;
  bool next_starts_sentence = IsUpper(c) || u_isdigit(c) || (!rules_.cased && u_isalpha(c));
  return next_starts_sentence && line.size() * 4 < next.size() * 3;
}

Status RuleSegmenter::SegmentParagraph(std::string_view paragraph, std::vector<SentenceSpan>* sentences) {
  std::vector<Line> lines;
  bool any_terminal = false;
  // A line ends at LF, CRLF or a lone CR (old Mac files, and what some exporters write).
  for (size_t pos = 0; pos < paragraph.size();) {
    size_t nl = paragraph.find('\n', pos);
    size_t line_end = nl == std::string_view::npos ? paragraph.size() : nl;
    if (const void* cr = std::memchr(paragraph.data() + pos, '\r', line_end - pos)) {
      size_t at = static_cast<const char*>(cr) - paragraph.data();
      if (at + 1 != nl) nl = at;  // a lone CR; "\r\n" is one line end, found as the LF
    }
    size_t end = nl == std::string_view::npos ? paragraph.size() : nl;
    size_t content_end = end;
    if (content_end > pos && paragraph[content_end - 1] == '\r') --content_end;
    if (SkipSpaceForward(paragraph, pos, content_end) < content_end) {
      lines.push_back({pos, content_end});
      any_terminal |= EndsWithTerminal(paragraph.substr(pos, content_end - pos));
    }
    pos = nl == std::string_view::npos ? paragraph.size() : nl + 1;
  }
  size_t block_begin = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool last = i + 1 == lines.size();
    if (last || HardBreakAfter(paragraph, lines, i, any_terminal)) {
      size_t block_end = last ? paragraph.size() : lines[i + 1].begin;
      SegmentBlock(paragraph.substr(block_begin, block_end - block_begin), block_begin, sentences);
      if (srx_ && !srx_->error().ok()) return srx_->error();
      block_begin = block_end;
    }
  }
  return Status::OK();
}

bool IcuHasLanguage(const std::string& language) {
  int32_t count = 0;
  const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
  for (int32_t i = 0; i < count; ++i) {
    if (language == locales[i].getLanguage()) return true;
  }
  return false;
}

}  // namespace

Segmenter::~Segmenter() = default;

Status Segmenter::Create(std::string_view language, const SegmenterOptions& options,
                         std::unique_ptr<Segmenter>* segmenter) {
  std::string canonical;
  const std::string unsupported = "unsupported language '" + std::string(language) + "'; built-in rules: " +
                                  kBuiltInLanguages +
                                  "; other languages known to ICU (de, fr, ...) use ICU's boundaries and "
                                  "--rules FILE.srx";
  if (!CanonicalLanguageTag(language, &canonical).ok()) return Status::InvalidArgument(unsupported);
  std::string primary = PrimaryLanguage(canonical);
  LanguageRules rules;
  rules.cased = false;  // without rule data, case is not used
  if (const char* text = segment::FindEmbeddedRules(primary)) {
    rules = LanguageRules();
    Status s = segment::ParseRules(text, "segment/rules/" + primary + ".rules", &rules);
    if (!s.ok()) return s;
  } else if (!IcuHasLanguage(primary)) {
    return Status::InvalidArgument(unsupported);
  }
  std::unique_ptr<SrxRules> srx;
  if (!options.srx_path.empty()) {
    Status s = SrxRules::Load(options.srx_path, canonical, &srx);
    if (!s.ok()) return s;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(icu::Locale(primary.c_str()), status));
  if (U_FAILURE(status) || !iterator) {
    return Status::NotSupported(std::string("ICU sentence iterator unavailable: ") + u_errorName(status));
  }
  *segmenter = std::make_unique<RuleSegmenter>(std::move(rules), std::move(iterator), std::move(srx),
                                               options.keep_quotations);
  return Status::OK();
}

std::string SentenceOnOneLine(std::string_view s) {
  if (!std::memchr(s.data(), '\n', s.size()) && !std::memchr(s.data(), '\r', s.size())) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\n' && c != '\r') {
      out.push_back(c);
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    while (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n' || s[i + 1] == '\r')) ++i;
    out.push_back(' ');
  }
  return out;
}

Status Segmenter::SegmentText(std::string_view text, std::string_view name,
                              std::vector<SentenceSpan>* sentences, std::vector<size_t>* paragraph_of) {
  Status s = ValidateUtf8(text, name);
  if (!s.ok()) return s;
  SentenceStream stream(this, std::string(name), [&](const StreamSentence& sentence, std::string_view) {
    sentences->push_back({sentence.start, sentence.end});
    if (paragraph_of) paragraph_of->push_back(sentence.paragraph);
  });
  s = stream.Feed(text);
  return s.ok() ? stream.Finish() : s;
}

// ---------------------------------------------------------------------------------------------
// Streaming by paragraph.

SentenceStream::SentenceStream(Segmenter* segmenter, std::string name, Sink sink)
    : segmenter_(segmenter), name_(std::move(name)), sink_(std::move(sink)) {}

Status SentenceStream::Feed(std::string_view chunk) {
  buffer_.append(chunk.data(), chunk.size());
  return Drain(false);
}

Status SentenceStream::Finish() { return Drain(true); }

Status SentenceStream::EmitParagraph(size_t begin, size_t end) {
  std::string_view paragraph(buffer_.data() + begin, end - begin);
  size_t bad = FindInvalidUtf8(paragraph);
  if (bad != std::string_view::npos) {
    return Status::InvalidInput(name_ + ": invalid UTF-8 at byte " + std::to_string(base_ + begin + bad));
  }
  spans_.clear();
  Status s = segmenter_->SegmentParagraph(paragraph, &spans_);
  if (!s.ok()) return s;
  if (spans_.empty()) return Status::OK();
  for (size_t i = 0; i < spans_.size(); ++i) {
    StreamSentence sentence{paragraphs_, i, base_ + begin + spans_[i].start, base_ + begin + spans_[i].end};
    sink_(sentence, paragraph.substr(spans_[i].start, spans_[i].end - spans_[i].start));
  }
  ++paragraphs_;
  return Status::OK();
}

Status SentenceStream::Drain(bool at_end) {
  if (!bom_checked_) {
    if (buffer_.size() < 3 && !at_end) return Status::OK();
    bom_checked_ = true;
    scan_ = Utf8BomLength(buffer_);
  }
  Status s;
  while (scan_ < buffer_.size()) {
    size_t nl = buffer_.find('\n', scan_);
    if (nl == std::string::npos) {
      if (!at_end) {
        // A line longer than the limit is cut at its last space (or a character boundary).
        if (buffer_.size() - scan_ <= kMaxParagraphBytes) break;
        if (paragraph_begin_ != std::string::npos) {
          s = EmitParagraph(paragraph_begin_, scan_);
          if (!s.ok()) return s;
          paragraph_begin_ = std::string::npos;
        }
        size_t cut = buffer_.find_last_of(" \t", scan_ + kMaxParagraphBytes);
        if (cut == std::string::npos || cut <= scan_) {
          cut = scan_ + kMaxParagraphBytes;
          while (cut > scan_ && (static_cast<unsigned char>(buffer_[cut]) & 0xC0) == 0x80) --cut;
        }
        s = EmitParagraph(scan_, cut);
        if (!s.ok()) return s;
        scan_ = cut;
        continue;
      }
      nl = buffer_.size();
    }
    bool blank = buffer_.find_first_not_of(" \t\r\f\v", scan_) >= nl;
    if (blank) {
      if (paragraph_begin_ != std::string::npos) {
        s = EmitParagraph(paragraph_begin_, scan_);
        if (!s.ok()) return s;
        paragraph_begin_ = std::string::npos;
      }
    } else if (paragraph_begin_ == std::string::npos) {
      paragraph_begin_ = scan_;
    } else if (nl - paragraph_begin_ > kMaxParagraphBytes) {
      // An endless paragraph is cut at a line break to keep memory bounded.
      s = EmitParagraph(paragraph_begin_, scan_);
      if (!s.ok()) return s;
      paragraph_begin_ = scan_;
    }
    scan_ = std::min(nl + 1, buffer_.size());
  }
  if (at_end && paragraph_begin_ != std::string::npos) {
    s = EmitParagraph(paragraph_begin_, buffer_.size());
    if (!s.ok()) return s;
    paragraph_begin_ = std::string::npos;
  }
  // Forget what has been delivered.
  size_t keep_from = paragraph_begin_ == std::string::npos ? scan_ : paragraph_begin_;
  if (keep_from > 0) {
    buffer_.erase(0, keep_from);
    base_ += keep_from;
    scan_ -= keep_from;
    if (paragraph_begin_ != std::string::npos) paragraph_begin_ -= keep_from;
  }
  return Status::OK();
}

}  // namespace tmkit
