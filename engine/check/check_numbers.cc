// number-changed, number-missing, number-added: the numbers of a segment compared by value, and
// a finding only when no reading of the two sides makes them agree: clock times (3 p.m. = 15:00),
// unit conversions (200 miles = 320 km, 90 °F = 32 °C), numbers written as words (ten, тысяча,
// ثلاثة), digits of phone numbers and ids grouped differently (116 123 = 116123), two-digit years
// and decades (1950-53, the 1980s = 80-х), "." as a thousands mark (20.000).
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "check/check_internal.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/numbers.h"

namespace tmkit {
using namespace check_internal;

namespace {

struct NumberWord {
  const char* prefix;  // a folded word starting with it (Russian and Arabic inflect) has the value
  double value;
};

// Number words by the start of their folded form, longest prefixes first within a value's family.
const NumberWord kEnglishWords[] = {
    {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
    {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
    {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
    {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80}, {"ninety", 90},
    {"hundred", 100}, {"thousand", 1000}, {"million", 1e6}, {"billion", 1e9}, {"dozen", 12},
    {"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"sixth", 6}, {"seventh", 7},
    {"eighth", 8}, {"ninth", 9}, {"tenth", 10}, {"twice", 2}, {"half", 0.5}, {"once", 1}, {"decade", 10}};
const NumberWord kRussianWords[] = {
    {"одиннадцат", 11}, {"двенадцат", 12}, {"тринадцат", 13}, {"четырнадцат", 14}, {"пятнадцат", 15},
    {"шестнадцат", 16}, {"семнадцат", 17}, {"восемнадцат", 18}, {"девятнадцат", 19}, {"двадцат", 20},
    {"тридцат", 30}, {"сорок", 40}, {"пятьдесят", 50}, {"шестьдесят", 60}, {"семьдесят", 70},
    {"восемьдесят", 80}, {"девяност", 90}, {"сто", 100}, {"тысяч", 1000}, {"миллион", 1e6}, {"миллиард", 1e9},
    {"один", 1}, {"одна", 1}, {"одно", 1}, {"одного", 1}, {"одной", 1}, {"одном", 1}, {"перв", 1},
    {"два", 2}, {"две", 2}, {"двух", 2}, {"двум", 2}, {"втор", 2}, {"дважды", 2}, {"оба", 2}, {"обе", 2},
    {"три", 3}, {"трех", 3}, {"трем", 3}, {"трет", 3}, {"трое", 3}, {"троих", 3}, {"четыр", 4}, {"четвер", 4},
    {"пят", 5}, {"шест", 6}, {"сем", 7}, {"седьм", 7}, {"восем", 8}, {"восьм", 8}, {"девят", 9},
    {"десят", 10}, {"десяток", 10}, {"дюжин", 12}, {"половин", 0.5}, {"полтор", 1.5}, {"сутк", 24}, {"суток", 24}};
const NumberWord kArabicWords[] = {
    {"واحد", 1}, {"الاول", 1}, {"اول", 1}, {"اثن", 2}, {"اثنت", 2}, {"الثاني", 2}, {"ثاني", 2}, {"مرتين", 2},
    {"ثلاث", 3}, {"الثالث", 3}, {"اربع", 4}, {"الرابع", 4}, {"خمس", 5}, {"الخامس", 5}, {"ست", 6}, {"سته", 6},
    {"السادس", 6}, {"سبع", 7}, {"السابع", 7}, {"ثماني", 8}, {"ثمان", 8}, {"الثامن", 8}, {"تسع", 9},
    {"التاسع", 9}, {"عشر", 10}, {"العاشر", 10}, {"عشرين", 20}, {"عشرون", 20}, {"ثلاثين", 30}, {"اربعين", 40},
    {"خمسين", 50}, {"ستين", 60}, {"سبعين", 70}, {"ثمانين", 80}, {"تسعين", 90}, {"ميه", 100}, {"مايه", 100},
    {"مئه", 100}, {"الف", 1000}, {"مليون", 1e6}, {"مليار", 1e9}, {"نصف", 0.5}, {"ثمانينيات", 80},
    {"تسعينيات", 90}, {"سبعينيات", 70}, {"ستينيات", 60}, {"خمسينيات", 50}, {"ثلاثون", 30}, {"اربعون", 40},
    {"خمسون", 50}, {"ستون", 60}, {"سبعون", 70}, {"ثمانون", 80}, {"تسعون", 90}, {"حادي", 1}, {"مليوني", 2e6},
    {"مليونين", 2e6}, {"مليارين", 2e9}, {"الفين", 2000}, {"الفي", 2000}, {"مئتين", 200}, {"مئتي", 200},
    {"مايتين", 200}, {"مائتين", 200}};

// The values the words of `text` spell (a word counts for every value whose prefix it starts with,
// Arabic after و ف ب ل ك and ال).
std::vector<double> WordValues(std::string_view text, const std::string& lang, const std::string& primary) {
  const NumberWord* words = kEnglishWords;
  size_t n = sizeof kEnglishWords / sizeof *kEnglishWords;
  if (primary == "ru") words = kRussianWords, n = sizeof kRussianWords / sizeof *kRussianWords;
  if (primary == "ar") words = kArabicWords, n = sizeof kArabicWords / sizeof *kArabicWords;
  std::vector<double> values;
  std::vector<double> previous;  // the values of the word before, empty after a word of none
  // English compounds are hyphenated (thirty-two): read as two words.
  std::string unhyphenated;
  if (primary == "en" || primary.empty()) {
    unhyphenated.assign(text);
    std::replace(unhyphenated.begin(), unhyphenated.end(), '-', ' ');
    text = unhyphenated;
  }
  for (const Token& t : TokenizeForMatching(text, lang)) {
    if (t.kind != TokenKind::kWord) {
      previous.clear();
      continue;
    }
    std::vector<std::string> forms{t.norm};
    if (primary == "ar") {
      std::string w = t.norm;
      for (const char* c : {"و", "ف", "ب", "ل", "ك"}) {
        if (StartsWith(w, c) && w.size() > 4) forms.push_back(w.substr(std::string(c).size()));
      }
      for (size_t i = 0, m = forms.size(); i < m; ++i) {
        if (StartsWith(forms[i], "ال")) forms.push_back(forms[i].substr(std::string("ال").size()));
      }
    }
    size_t before = values.size();
    for (const std::string& f : forms) {
      for (size_t i = 0; i < n; ++i) {
        std::string_view prefix(words[i].prefix);
        // English: whole words (or a plural/hyphenated start); others: the prefix of an inflection.
        bool hit = primary == "en" || primary.empty() ? (f == prefix || (StartsWith(f, prefix) && f.size() <= prefix.size() + 2))
                                                      : StartsWith(f, prefix) && CodePointCount(f) <= CodePointCount(prefix) + 4;
        if (hit) values.push_back(words[i].value);
      }
    }
    // Compounds of consecutive words: сорока восьми = 48, ثمانية عشر = 18, and Arabic's units
    // before tens: الخامس والعشرين = 25. Each of the previous word's values is tried.
    std::vector<double> here(values.begin() + static_cast<std::ptrdiff_t>(before), values.end());
    for (double v : here) {
      for (double last : previous) {
        if (v < 10 && last >= 20 && last < 100) values.push_back(last + v);
        if (v == 10 && last < 10) values.push_back(last + 10);
        if (v >= 20 && v < 100 && last >= 1 && last < 10 && last == std::floor(last)) values.push_back(last + v);
      }
    }
    previous = std::move(here);
  }
  return values;
}

bool Near(double a, double b, double relative) { return std::fabs(a - b) <= relative * std::max(std::fabs(a), std::fabs(b)); }

// A unit a number may be converted from, by the word that follows the number in the source.
struct Conversion {
  const char* unit;
  double factor;
};
const Conversion kConversions[] = {
    {"mile", 1.609}, {"mph", 1.609}, {"feet", 0.3048}, {"foot", 0.3048}, {"ft", 0.3048}, {"inch", 2.54},
    {"yard", 0.9144}, {"pound", 0.4536}, {"lb", 0.4536}, {"ounce", 28.35}, {"oz", 28.35}, {"gallon", 3.785},
    {"acre", 0.4047}, {"square mile", 2.59}, {"ton", 0.907}, {"stone", 6.35}};

// True when `t` is the value of source number `s` converted from the unit that follows it.
bool Converted(std::string_view source, const NumberMention& s, double t) {
  std::string after = FoldForMatching(source.substr(s.end, std::min<size_t>(24, source.size() - s.end)), "en");
  size_t from = after.find_first_not_of(" -");
  after = from == std::string::npos ? "" : after.substr(from);
  // The unit may follow a range's second number: "1 to 4 inches", "2-3 miles".
  bool range = StartsWith(after, "to ") || StartsWith(after, "and ") || StartsWith(after, "or ") ||
               (!after.empty() && std::isdigit(static_cast<unsigned char>(after[0])));
  for (const Conversion& c : kConversions) {
    bool unit = StartsWith(after, c.unit) || (range && after.find(c.unit) != std::string::npos);
    if (unit && (Near(s.value * c.factor, t, 0.12) || Near(s.value / c.factor, t, 0.12))) return true;
  }
  bool fahrenheit = StartsWith(after, "°f") || StartsWith(after, "f ") || after == "f" || StartsWith(after, "degrees f") ||
                    StartsWith(after, "fahrenheit") || StartsWith(after, "degrees");
  return fahrenheit && std::fabs((s.value - 32) * 5 / 9 - t) <= 2;
}

// Clock times: "3 p.m.", "11 a.m.", "4.40 am" in English; "15:00", "4:40" anywhere. Minutes of
// the day, both readings of an hour without a.m./p.m.
struct Time {
  size_t begin, end;
  std::vector<int> minutes;
};

std::vector<Time> FindTimes(std::string_view text) {
  std::vector<Time> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])))) continue;
    size_t j = i;
    int h = 0, m = 0;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])) && j - i < 3) h = h * 10 + (text[j++] - '0');
    if (j - i > 2 || h > 24) continue;
    bool minutes = false;
    if (j + 2 < text.size() && (text[j] == ':' || text[j] == '.') && std::isdigit(static_cast<unsigned char>(text[j + 1])) &&
        std::isdigit(static_cast<unsigned char>(text[j + 2])) && (j + 3 == text.size() || !std::isdigit(static_cast<unsigned char>(text[j + 3])))) {
      m = (text[j + 1] - '0') * 10 + (text[j + 2] - '0');
      minutes = m < 60;
      if (minutes) j += 3;
    }
    size_t k = j;
    while (k < text.size() && text[k] == ' ') ++k;
    std::string rest(text.substr(k, 6));
    for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool pm = StartsWith(rest, "p.m") || StartsWith(rest, "pm");
    bool am = StartsWith(rest, "a.m") || StartsWith(rest, "am");
    if (!pm && !am && !(minutes && text[i + (j - i) - 3] == ':')) continue;
    Time t{i, j, {}};
    if (pm || am) {
      int hour = h % 12 + (pm ? 12 : 0);
      t.minutes.push_back(hour * 60 + m);
      t.end = k + (StartsWith(rest, "p.m.") || StartsWith(rest, "a.m.") ? 4 : StartsWith(rest, "p.m") || StartsWith(rest, "a.m") ? 3 : 2);
    } else {
      t.minutes.push_back(h * 60 + m);
      if (h < 12) t.minutes.push_back((h + 12) * 60 + m);
    }
    out.push_back(std::move(t));
    i = j;
  }
  return out;
}

std::string Digits(std::string_view text, const NumberMention& n) {
  std::string d;
  for (int32_t i = static_cast<int32_t>(n.begin); i < static_cast<int32_t>(n.end);) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(n.end), c);
    int v = u_charDigitValue(c);
    if (v >= 0 && v <= 9) d += static_cast<char>('0' + v);
  }
  return d;
}

std::string AllDigits(std::string_view text, const std::vector<NumberMention>& ns) {
  std::string d;
  for (const NumberMention& n : ns) d += Digits(text, n);
  return d;
}

// A number as written, with its value when that reads differently: «664», «2,4 млн» (2400000).
std::string Written(std::string_view text, const NumberMention& n) {
  std::string written(text.substr(n.begin, n.end - n.begin)), key = NumberKey(n);
  return written == key ? Quote(written) : Quote(written) + " (" + key + ")";
}

// `feet` and `inches` are a height in feet and inches: "6-foot-6", "6 feet 6 inches", "5ft 11in".
bool FeetAndInches(std::string_view source, const NumberMention& feet, const NumberMention& inches) {
  if (inches.begin < feet.end || inches.begin - feet.end > 8) return false;
  std::string between = FoldForMatching(source.substr(feet.end, inches.begin - feet.end), "en");
  for (const char* joint : {"-foot-", "-foot ", " foot ", "-feet-", " feet ", "-feet ", "ft ", " ft ", "ft", "'", "\u2032"}) {
    if (between == joint) return true;
  }
  return false;
}

}  // namespace

// A height in feet and inches is one quantity, 6-foot-6 = 198 cm: it matches a metric height of
// the translation (198 см, 1,98 м, 1 м 98 см; within 5 cm: translators round) or a number word near it in metres
// (двухметровый). Otherwise it is one finding: changed when the translation gives another
// height, missing when none. Its inches are never a finding of their own.
void Checker::Impl::Heights(size_t seg, const SegmentPair& p, const std::vector<NumberMention>& s, const std::vector<NumberMention>& t,
                            std::vector<bool>* s_used, std::vector<bool>* t_used, std::vector<Finding>* out) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (!FeetAndInches(p.source, s[i], s[i + 1]) || ((*s_used)[i] && (*s_used)[i + 1])) continue;
    double cm = s[i].value * 30.48 + s[i + 1].value * 2.54;
    (*s_used)[i + 1] = true;
    // The translation's heights: a number of centimetres or metres, or metres and centimetres.
    struct Reading {
      size_t first, last;
      double cm;
    };
    std::vector<Reading> readings;
    for (size_t j = 0; j < t.size(); ++j) {
      if ((*t_used)[j]) continue;
      double v = t[j].value;
      if (v >= 100 && v <= 260) readings.push_back({j, j, v});
      if (v > 1 && v < 2.6) readings.push_back({j, j, v * 100});
      if ((v == 1 || v == 2) && j + 1 < t.size() && t[j + 1].begin - t[j].end <= 8 && t[j + 1].value < 100) {
        readings.push_back({j, j + 1, v * 100 + t[j + 1].value});
      }
    }
    const Reading* same = nullptr;
    for (const Reading& r : readings) {
      if (std::fabs(r.cm - cm) <= 5) same = &r;
    }
    if (same == nullptr) {
      // Metres in words: «два метра», or a compound adjective «двухметровый» (its number word
      // before метр).
      std::vector<double> metres = WordValues(p.target, tgt, tgt_primary);
      for (const Token& tok : TokenizeForMatching(p.target, tgt)) {
        size_t m = tok.norm.find(tgt_primary == "ar" ? "\u0645\u062A\u0631" : "\u043C\u0435\u0442\u0440");
        if (tok.kind != TokenKind::kWord || m == std::string::npos || m == 0) continue;
        for (double v : WordValues(tok.norm.substr(0, m), tgt, tgt_primary)) metres.push_back(v);
      }
      for (double v : metres) {
        if (Near(v * 100, cm, 0.12)) (*s_used)[i] = true;
      }
      if ((*s_used)[i]) continue;
    } else {
      (*s_used)[i] = true;
      for (size_t j = same->first; j <= same->last; ++j) (*t_used)[j] = true;
      continue;
    }
    Span source{s[i].begin, s[i + 1].end};
    std::string height = Quote(p.source.substr(source.begin, source.end - source.begin)) + " (" +
                         std::to_string(static_cast<int>(std::lround(cm))) + " cm)";
    (*s_used)[i] = true;
    Finding* f = nullptr;
    if (!readings.empty()) {
      const Reading& r = readings.front();
      Span target{t[r.first].begin, t[r.last].end};
      f = Add(out, "number-changed", seg, source, target,
              "source " + height + " but translation " + Quote(p.target.substr(target.begin, target.end - target.begin)) +
                  " (" + std::to_string(static_cast<int>(std::lround(r.cm))) + " cm)",
              std::to_string(static_cast<int>(std::lround(cm))));
      for (size_t j = r.first; j <= r.last; ++j) (*t_used)[j] = true;
      if (f != nullptr) f->confidence = 0.85;
      if (f != nullptr) f->repeat_key = height;
    } else {
      f = Add(out, "number-missing", seg, source, {}, height + " is not in the translation");
      if (f != nullptr) f->confidence = 0.6;
      if (f != nullptr) f->repeat_key = height;
    }
  }
}

void Checker::Impl::CheckNumbers(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
  std::vector<NumberMention> s = FindNumbers(p.source, src);
  std::vector<NumberMention> t = FindNumbers(p.target, tgt);
  if (s.empty() && t.empty()) return;
  std::vector<bool> s_used(s.size(), false), t_used(t.size(), false);
  for (size_t i = 0; i < s.size(); ++i) {
    for (size_t j = 0; j < t.size(); ++j) {
      if (!t_used[j] && SameNumber(s[i], t[j])) {
        s_used[i] = t_used[j] = true;
        break;
      }
    }
  }
  // Clock times that agree take their numbers out of the comparison (3 p.m. = 15:00).
  std::vector<Time> st = FindTimes(p.source), tt = FindTimes(p.target);
  for (const Time& a : st) {
    for (const Time& b : tt) {
      bool same = false;
      for (int x : a.minutes)
        for (int y : b.minutes) same |= x == y;
      if (!same) continue;
      for (size_t i = 0; i < s.size(); ++i) s_used[i] = s_used[i] || (s[i].begin >= a.begin && s[i].begin < a.end);
      for (size_t j = 0; j < t.size(); ++j) t_used[j] = t_used[j] || (t[j].begin >= b.begin && t[j].begin < b.end);
    }
  }
  // A time's hour alone on the other side ("at about 04:00" = «около 4 часов») and its :00.
  for (const Time& a : st) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s_used[i] || s[i].begin < a.begin || s[i].begin >= a.end) continue;
      if (s[i].value == 0) s_used[i] = true;
      for (size_t j = 0; j < t.size() && !s_used[i]; ++j) {
        if (t_used[j]) continue;
        for (int m : a.minutes) {
          if (m % 60 == 0 && (t[j].value == m / 60 || t[j].value == (m / 60) % 12)) s_used[i] = t_used[j] = true;
        }
      }
    }
  }
  for (const Time& b : tt) {
    for (size_t j = 0; j < t.size(); ++j) t_used[j] = t_used[j] || (t[j].value == 0 && t[j].begin >= b.begin && t[j].begin < b.end);
  }
  Heights(seg, p, s, t, &s_used, &t_used, out);
  // The other readings, tried on what is left.
  std::string s_digits = AllDigits(p.source, s), t_digits = AllDigits(p.target, t);
  std::vector<double> t_words, s_words;
  bool words_read = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s_used[i]) continue;
    for (size_t j = 0; j < t.size() && !s_used[i]; ++j) {
      if (t_used[j]) continue;
      double a = s[i].value, b = t[j].value;
      // The same value, one side's percent word not read (34 процентами, 14-процентном).
      if (s[i].percent != t[j].percent) {
        if (std::fabs(a - b) < 1e-9) s_used[i] = t_used[j] = true;
        continue;
      }
      bool year = (a < 100 && b >= 1900 && b < 2100 && std::fmod(b, 100) == a) || (b < 100 && a >= 1900 && a < 2100 && std::fmod(a, 100) == b);
      bool thousands = std::fabs(b * 1000 - a) < 1e-6 || std::fabs(a * 1000 - b) < 1e-6;  // 20.000 read as 20
      if (year || thousands || Converted(p.source, s[i], b)) s_used[i] = t_used[j] = true;
    }
  }
  // The source gives both units ("45 miles (72 kilometers)") and the translation keeps one.
  for (size_t i = 0; i < s.size(); ++i) {
    for (size_t k = 0; k < s.size() && !s_used[i]; ++k) {
      if (k != i && s_used[k] && Converted(p.source, s[i], s[k].value)) s_used[i] = true;
    }
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (s_used[i]) continue;
    std::string d = Digits(p.source, s[i]);
    // A phone number or an id grouped another way: its digits run on in the other side's digits.
    if (d.size() >= 3 && t_digits.find(d) != std::string::npos) {
      s_used[i] = true;
      continue;
    }
    if (!words_read) {
      t_words = WordValues(p.target, tgt, tgt_primary);
      s_words = WordValues(p.source, src, src_primary);
      words_read = true;
    }
    // A percent as a fraction word: 50 percent = النصف, половина.
    for (double v : t_words) {
      s_used[i] = s_used[i] || (!s[i].percent && std::fabs(v - s[i].value) < 1e-9) || (s[i].percent && v < 1 && std::fabs(v * 100 - s[i].value) < 1e-9);
    }
    // "a year" / "the 1980s" / "decade" readings are too many to list; a year's decade word:
    if (!s_used[i] && s[i].value >= 1900 && s[i].value < 2100) {
      for (double v : t_words) s_used[i] = s_used[i] || std::fabs(v - std::fmod(s[i].value, 100)) < 1e-9;
    }
  }
  for (size_t j = 0; j < t.size(); ++j) {
    if (t_used[j]) continue;
    std::string d = Digits(p.target, t[j]);
    if (d.size() >= 3 && s_digits.find(d) != std::string::npos) {
      t_used[j] = true;
      continue;
    }
    if (!words_read) {
      t_words = WordValues(p.target, tgt, tgt_primary);
      s_words = WordValues(p.source, src, src_primary);
      words_read = true;
    }
    for (double v : s_words) t_used[j] = t_used[j] || (!t[j].percent && std::fabs(v - t[j].value) < 1e-9) || (t[j].percent && std::fabs(v - t[j].value) < 1e-9);
  }
  std::vector<size_t> s_left, t_left;
  for (size_t i = 0; i < s.size(); ++i) if (!s_used[i]) s_left.push_back(i);
  for (size_t j = 0; j < t.size(); ++j) if (!t_used[j]) t_left.push_back(j);
  size_t paired = std::min(s_left.size(), t_left.size());
  for (size_t k = 0; k < paired; ++k) {
    const NumberMention& a = s[s_left[k]];
    const NumberMention& b = t[t_left[k]];
    Finding* f = Add(out, "number-changed", seg, {a.begin, a.end}, {b.begin, b.end},
                     "source " + Written(p.source, a) + " but translation " + Written(p.target, b), NumberKey(a));
    // Several unmatched numbers are paired by order, a guess; one against one is a clear change.
    if (f != nullptr) f->confidence = s_left.size() == 1 && t_left.size() == 1 ? 0.9 : 0.7;
    if (f != nullptr) f->repeat_key = NumberKey(a) + '\t' + NumberKey(b);
  }
  for (size_t k = paired; k < s_left.size(); ++k) {
    const NumberMention& a = s[s_left[k]];
    // A score or a range left out (a headline's 1-0) is one thing missing, not two.
    Span span{a.begin, a.end};
    if (k + 1 < s_left.size() && s_left[k + 1] == s_left[k] + 1) {
      const NumberMention& b = s[s_left[k + 1]];
      std::string_view joint = std::string_view(p.source).substr(a.end, b.begin - a.end);
      if (joint == "-" || joint == "\u2013" || joint == "\u2014") {
        span.end = b.end;
        ++k;
      }
    }
    Finding* f = Add(out, "number-missing", seg, span, {},
                     Quote(p.source.substr(span.begin, span.end - span.begin)) + " is not in the translation", NumberKey(a));
    // A small number is often rendered by a word no list holds, or left implicit.
    if (f != nullptr) f->confidence = a.value > 10 || a.percent ? 0.85 : 0.6;
    if (f != nullptr) f->repeat_key = p.source.substr(span.begin, span.end - span.begin);
  }
  for (size_t k = paired; k < t_left.size(); ++k) {
    const NumberMention& b = t[t_left[k]];
    Finding* f = Add(out, "number-added", seg, {}, {b.begin, b.end},
                     Quote(p.target.substr(b.begin, b.end - b.begin)) + " is not in the source");
    if (f != nullptr) f->confidence = 0.6;
    if (f != nullptr) f->repeat_key = NumberKey(b);
  }
}

}  // namespace tmkit
