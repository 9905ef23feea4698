#include "tmkit/numbers.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cmath>
#include <cstdio>

#include "tmkit/lang.h"
#include "tmkit/normalize.h"

namespace tmkit {
namespace {

struct Conventions {
  bool comma_groups;   // "2,400" is 2400 (en, ar) rather than 2.4 (ru)
  bool space_groups;   // "2 400" is 2400 (ru)
  bool comma_decimal;  // "1,2" is 1.2 (ru)
};

Conventions ConventionsFor(const std::string& primary) {
  if (primary == "ru" || primary == "uk" || primary == "be" || primary == "de" || primary == "fr") {
    return {false, true, true};
  }
  return {true, false, false};
}

int DigitValue(UChar32 c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660;
  if (c >= 0x06F0 && c <= 0x06F9) return c - 0x06F0;
  return -1;
}

bool IsSpace(UChar32 c) { return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009; }

struct Cursor {
  std::string_view text;
  size_t pos;
  UChar32 Peek(size_t at, size_t* next) const {
    if (at >= text.size()) { *next = at; return -1; }
    UChar32 c;
    size_t i = at;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
    *next = i;
    return c;
  }
};

// Counts the digits starting at `at`; stores the position after them.
int CountDigits(const Cursor& cur, size_t at, size_t* after) {
  int n = 0;
  size_t next;
  while (DigitValue(cur.Peek(at, &next)) >= 0) { ++n; at = next; }
  *after = at;
  return n;
}

struct Word { const char* folded; double scale; bool abbreviation = false; };

// Scale words as FoldForMatching spells them, with their inflected forms; an abbreviation may
// carry its period ("млрд.").
const Word kScaleWords[] = {
    {"thousand", 1e3}, {"thousands", 1e3}, {"million", 1e6}, {"millions", 1e6}, {"mln", 1e6, true},
    {"billion", 1e9}, {"billions", 1e9}, {"bn", 1e9, true}, {"trillion", 1e12},
    {"тыс", 1e3, true}, {"тысяча", 1e3}, {"тысячи", 1e3}, {"тысяч", 1e3}, {"тысячу", 1e3},
    {"тысячами", 1e3}, {"тысячам", 1e3}, {"тысячах", 1e3}, {"тысячей", 1e3},
    {"млн", 1e6, true}, {"миллион", 1e6}, {"миллиона", 1e6}, {"миллионов", 1e6}, {"миллионами", 1e6},
    {"миллионам", 1e6}, {"миллионах", 1e6}, {"миллионом", 1e6}, {"миллиону", 1e6}, {"миллионе", 1e6},
    {"млрд", 1e9, true}, {"миллиард", 1e9}, {"миллиарда", 1e9}, {"миллиардов", 1e9}, {"миллиардами", 1e9},
    {"миллиардам", 1e9}, {"миллиардах", 1e9}, {"миллиардом", 1e9}, {"миллиарду", 1e9}, {"миллиарде", 1e9},
    {"трлн", 1e12, true}, {"триллион", 1e12}, {"триллиона", 1e12}, {"триллионов", 1e12},
    {"الف", 1e3}, {"الفا", 1e3}, {"الاف", 1e3}, {"مليون", 1e6}, {"مليونا", 1e6}, {"ملايين", 1e6}, {"مليار", 1e9}, {"مليارا", 1e9},
    {"مليارات", 1e9}, {"بليون", 1e9}, {"تريليون", 1e12},
};

const char* const kPercentWords[] = {"percent", "процент", "процента", "процентов", "بالميه", "بالمايه"};

// Reads the letters of the word at `at` (skipping spaces); returns its folded form.
std::string NextWord(const Cursor& cur, size_t at, std::string_view lang, size_t* word_end) {
  size_t next;
  UChar32 c = cur.Peek(at, &next);
  while (IsSpace(c)) { at = next; c = cur.Peek(at, &next); }
  size_t start = at;
  while (c >= 0 && (u_isalpha(c) || u_getCombiningClass(c) > 0 || c == 0x0640)) {
    at = next;
    c = cur.Peek(at, &next);
  }
  *word_end = at;
  return start == at ? std::string() : FoldForMatching(cur.text.substr(start, at - start), lang);
}

}  // namespace

std::vector<NumberMention> FindNumbers(std::string_view text, std::string_view lang) {
  std::vector<NumberMention> out;
  const std::string primary = PrimaryLanguage(lang);
  const Conventions conv = ConventionsFor(primary);
  Cursor cur{text, 0};
  size_t i = 0;
  UChar32 prev = -1, before_prev = -1;
  while (i < text.size()) {
    size_t next;
    UChar32 c = cur.Peek(i, &next);
    // Arabic writes a one-letter conjunction or preposition joined to a number (و5, ب20).
    // No Arabic word holds a digit, so digits after any Arabic letter are a number whose space
    // was lost (حوالي200).
    bool clitic = ((prev == 0x0648 || prev == 0x0641 || prev == 0x0628 || prev == 0x0644 || prev == 0x0643) &&
                   (before_prev < 0 || !u_isalpha(before_prev))) ||
                  (prev >= 0x0620 && prev <= 0x064A);
    if (DigitValue(c) < 0 || (prev >= 0 && ((u_isalpha(prev) && !clitic) || DigitValue(prev) >= 0))) {
      before_prev = prev;
      prev = c;
      i = next;
      continue;
    }
    // Integer part with group separators.
    NumberMention m;
    m.begin = i;
    std::string digits;
    size_t at = i;
    while (true) {
      size_t n2;
      UChar32 d = cur.Peek(at, &n2);
      int v = DigitValue(d);
      if (v >= 0) { digits += static_cast<char>('0' + v); at = n2; continue; }
      // A group separator counts only when exactly three digits follow it.
      bool group = (d == 0x066C) || (d == ',' && conv.comma_groups) || (IsSpace(d) && conv.space_groups);
      size_t after;
      if (group && CountDigits(cur, n2, &after) == 3) {
        at = n2;
        continue;
      }
      break;
    }
    // Fraction.
    std::string fraction;
    {
      size_t n2;
      UChar32 d = cur.Peek(at, &n2);
      bool decimal_mark = d == 0x066B || d == '.' || (d == ',' && conv.comma_decimal);
      size_t after;
      if (decimal_mark && CountDigits(cur, n2, &after) > 0) {
        size_t p = n2;
        while (p < after) {
          size_t n3;
          fraction += static_cast<char>('0' + DigitValue(cur.Peek(p, &n3)));
          p = n3;
        }
        at = after;
      }
    }
    m.end = at;
    m.value = std::strtod((digits + (fraction.empty() ? "" : "." + fraction)).c_str(), nullptr);
    // Percent sign, scale word, percent word.
    size_t p = at, n2;
    UChar32 d = cur.Peek(p, &n2);
    while (IsSpace(d)) { p = n2; d = cur.Peek(p, &n2); }
    if (d == '%' || d == 0x066A) {
      m.percent = true;
      m.end = n2;
    } else {
      size_t word_end;
      std::string word = NextWord(cur, at, lang, &word_end);
      bool matched_scale = false;
      for (const Word& w : kScaleWords) {
        if (word == w.folded) {
          m.value *= w.scale;
          m.end = word_end;
          if (w.abbreviation && word_end < text.size() && text[word_end] == '.') m.end = word_end + 1;  // "млрд."
          matched_scale = true;
          break;
        }
      }
      size_t pct_from = matched_scale ? m.end : at;
      std::string next_word = matched_scale ? NextWord(cur, pct_from, lang, &word_end) : word;
      if (next_word == "per") {  // "per cent"
        size_t e2;
        if (NextWord(cur, word_end, lang, &e2) == "cent") { m.percent = true; m.end = e2; }
      } else if (next_word == "في") {  // "في المئة"
        size_t e2;
        std::string w2 = NextWord(cur, word_end, lang, &e2);
        if (w2 == "الميه" || w2 == "المايه") { m.percent = true; m.end = e2; }
      } else {
        for (const char* w : kPercentWords) {
          if (next_word == w) { m.percent = true; m.end = word_end; break; }
        }
      }
    }
    out.push_back(m);
    i = at;
    before_prev = -1;
    prev = '0';
  }
  return out;
}

bool SameNumber(const NumberMention& a, const NumberMention& b) {
  if (a.percent != b.percent) return false;
  double scale = std::max(std::fabs(a.value), std::fabs(b.value));
  return std::fabs(a.value - b.value) <= 1e-9 * (scale > 1 ? scale : 1);
}

std::string NumberKey(const NumberMention& n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g%s", n.value, n.percent ? "%" : "");
  return buf;
}

}  // namespace tmkit
