// Fuzzy-match scoring (docs/matching.md): word edit distance, penalties, diffs, number carry-over.
#include "tmkit/fuzzy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/numbers.h"

namespace tmkit {
namespace {

constexpr size_t kMaxTokens = 2000;  // longer segments are compared on their first 2000 words

struct Side {
  std::string_view text;
  std::vector<Token> words;   // words and numbers: what the distance counts
  std::vector<std::string> punct;
  std::vector<NumberMention> numbers;
};

Side Analyse(std::string_view text, std::string_view lang) {
  Side side;
  side.text = text;
  for (Token& t : TokenizeForMatching(text, lang)) {
    if (t.kind == TokenKind::kPunct) {
      side.punct.push_back(std::move(t.norm));
    } else if (side.words.size() < kMaxTokens) {
      side.words.push_back(std::move(t));
    }
  }
  side.numbers = FindNumbers(text, lang);
  return side;
}

// Compare reads both sides through this: the query's analysis is kept by FuzzyQuery.
struct SideRef {
  std::string_view text;
  const std::vector<Token>& words;
  const std::vector<std::string>& punct;
  const std::vector<NumberMention>& numbers;
};

bool SameClass(const Token& a, const Token& b) {
  if (a.kind == TokenKind::kNumber && b.kind == TokenKind::kNumber) return true;
  return a.kind == b.kind && a.norm == b.norm;
}

const NumberMention* MentionAt(const SideRef& side, const Token& t) {
  for (const NumberMention& n : side.numbers) {
    if (t.begin >= n.begin && t.begin < n.end) return &n;
  }
  return nullptr;
}

bool SameNumberToken(const SideRef& a, const Token& ta, const SideRef& b, const Token& tb) {
  const NumberMention* na = MentionAt(a, ta);
  const NumberMention* nb = MentionAt(b, tb);
  if (na != nullptr && nb != nullptr) return SameNumber(*na, *nb);
  return ta.norm == tb.norm;
}

}  // namespace

std::string CodeSignature(std::string_view markup) {
  std::string out;
  for (size_t at = markup.find('<'); at != std::string_view::npos; at = markup.find('<', at + 1)) {
    if (at + 1 < markup.size() && markup[at + 1] == '/') continue;
    size_t end = markup.find_first_of(" />", at + 1);
    if (end == std::string_view::npos) break;
    std::string_view name = markup.substr(at + 1, end - at - 1);
    if (name == "bpt" || name == "ept" || name == "ph" || name == "ut") {
      out.append(name).push_back(' ');
    } else if (name == "it") {
      size_t close = markup.find('>', at);
      std::string_view tag = markup.substr(at, close == std::string_view::npos ? std::string_view::npos : close - at);
      out.append(tag.find("pos=\"begin\"") != std::string_view::npos ? "it-begin " : "it-end ");
    }
  }
  return out;
}

FuzzyComparison CompareForFuzzy(std::string_view query, std::string_view stored, bool stored_has_codes,
                                std::string_view lang) {
  return FuzzyQuery(query, lang).Compare(stored, stored_has_codes);
}

FuzzyQuery::FuzzyQuery(std::string_view query, std::string_view lang) : text_(query), lang_(lang) {
  Side side = Analyse(text_, lang_);
  words_ = std::move(side.words);
  punct_ = std::move(side.punct);
  numbers_ = std::move(side.numbers);
}

FuzzyComparison FuzzyQuery::Compare(std::string_view stored, bool stored_has_codes) const {
  FuzzyComparison out;
  const std::string_view query = text_;
  const std::string_view lang = lang_;
  const SideRef q{query, words_, punct_, numbers_};
  const Side stored_side = Analyse(stored, lang);
  const SideRef s{stored, stored_side.words, stored_side.punct, stored_side.numbers};
  const size_t n = q.words.size(), m = s.words.size();
  // Full DP with backtrace: segments are short, and the diff needs the alignment.
  std::vector<uint32_t> dp((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> uint32_t& { return dp[i * (m + 1) + j]; };
  for (size_t i = 0; i <= n; ++i) at(i, 0) = static_cast<uint32_t>(i);
  for (size_t j = 0; j <= m; ++j) at(0, j) = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      uint32_t sub = at(i - 1, j - 1) + (SameClass(q.words[i - 1], s.words[j - 1]) ? 0 : 1);
      at(i, j) = std::min({sub, at(i - 1, j) + 1, at(i, j - 1) + 1});
    }
  }
  const size_t distance = at(n, m);
  const size_t longer = std::max(n, m);
  if (longer == 0) {
    out.score.base = FoldForMatching(query, lang) == FoldForMatching(stored, lang) ? 100 : 0;
  } else {
    out.score.base = static_cast<int>(100 * (longer - distance) / longer);
  }
  // Walk back the alignment: matched pairs, substitutions, insertions and deletions.
  std::vector<bool> stored_differs(m, false);
  std::vector<bool> query_missing(n, false);
  bool case_differs = false, number_differs = false;
  for (size_t i = n, j = m; i > 0 || j > 0;) {
    if (i > 0 && j > 0 && SameClass(q.words[i - 1], s.words[j - 1]) && at(i, j) == at(i - 1, j - 1)) {
      const Token& a = q.words[i - 1];
      const Token& b = s.words[j - 1];
      if (a.kind == TokenKind::kNumber) {
        if (!SameNumberToken(q, a, s, b)) {
          number_differs = true;
          stored_differs[j - 1] = true;
        }
      } else if (query.substr(a.begin, a.end - a.begin) != stored.substr(b.begin, b.end - b.begin)) {
        case_differs = true;
        stored_differs[j - 1] = true;
      }
      --i;
      --j;
    } else if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + 1) {
      stored_differs[j - 1] = true;
      query_missing[i - 1] = true;
      --i;
      --j;
    } else if (j > 0 && at(i, j) == at(i, j - 1) + 1) {
      stored_differs[j - 1] = true;
      --j;
    } else {
      query_missing[i - 1] = true;
      --i;
    }
  }
  out.score.case_penalty = case_differs ? 1 : 0;
  out.score.number_penalty = number_differs ? 1 : 0;
  out.score.punctuation_penalty = q.punct != s.punct ? 1 : 0;
  out.score.code_penalty = stored_has_codes ? 1 : 0;
  int penalties = out.score.case_penalty + out.score.number_penalty + out.score.punctuation_penalty +
                  out.score.code_penalty;
  out.score.total = std::max(0, out.score.base - penalties);
  out.numbers_only = out.score.base == 100 && number_differs && !case_differs &&
                     out.score.punctuation_penalty == 0;
  for (size_t j = 0; j < m; ++j) {
    if (!stored_differs[j]) continue;
    const Token& t = s.words[j];
    // Adjacent differing words make one span, so "[two new words]" reads as one change.
    if (!out.diff.empty() && j > 0 && stored_differs[j - 1]) {
      out.diff.back().end = t.end;
    } else {
      out.diff.push_back({t.begin, t.end});
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (query_missing[i]) out.missing.emplace_back(query.substr(q.words[i].begin, q.words[i].end - q.words[i].begin));
  }
  return out;
}

namespace {

bool IsDigitAt(std::string_view s, size_t i, size_t* len, int* value) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= '0' && c <= '9') {
    *len = 1;
    *value = c - '0';
    return true;
  }
  // Arabic-Indic U+0660..0669 (D9 A0..A9) and extended U+06F0..06F9 (DB B0..B9)
  if (i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xD9 && d >= 0xA0 && d <= 0xA9) {
      *len = 2;
      *value = d - 0xA0;
      return true;
    }
    if (c == 0xDB && d >= 0xB0 && d <= 0xB9) {
      *len = 2;
      *value = d - 0xB0;
      return true;
    }
  }
  return false;
}

// The digits of a number as written: integer digits, fraction digits, the separators seen.
struct DigitRun {
  size_t begin = 0, end = 0;  // byte range in the text
  std::string integer, fraction;
  std::string group_sep, decimal_sep;
  bool arabic_digits = false;
};

// Splits the first run of digits and separators in [begin, end) of `text` into integer and
// fraction digits. The last "," or "." is a decimal mark unless exactly three digits follow it
// and the language groups with it ("2,400" in English, but "2,4" and Russian "1,200" decimal).
bool ReadDigitRun(std::string_view text, size_t begin, size_t end, std::string_view lang, DigitRun* run) {
  size_t i = begin;
  size_t len;
  int value;
  while (i < end && !IsDigitAt(text, i, &len, &value)) ++i;
  if (i >= end) return false;
  run->begin = i;
  std::vector<std::string> parts(1), seps;
  size_t last_digit_end = i;
  while (i < end) {
    if (IsDigitAt(text, i, &len, &value)) {
      if (len == 2) run->arabic_digits = true;
      parts.back().push_back(static_cast<char>('0' + value));
      i += len;
      last_digit_end = i;
      continue;
    }
    if (parts.back().empty()) break;  // two separators in a row
    std::string_view rest = text.substr(i, end - i);
    std::string sep;
    for (std::string_view cand : {",", ".", " ", "\xC2\xA0", "\xE2\x80\xAF", "\xD9\xAB", "\xD9\xAC"}) {
      if (rest.substr(0, cand.size()) == cand) {
        sep = std::string(cand);
        break;
      }
    }
    if (sep.empty()) break;
    seps.push_back(sep);
    parts.emplace_back();
    i += sep.size();
  }
  if (parts.back().empty()) {  // a trailing separator is not part of the number
    parts.pop_back();
    seps.pop_back();
  }
  run->end = last_digit_end;
  std::string primary = PrimaryLanguage(lang);
  bool comma_decimal = primary == "ru" || primary == "uk" || primary == "be" || primary == "de" || primary == "fr";
  bool has_decimal = false;
  if (!seps.empty()) {
    const std::string& last = seps.back();
    bool decimal_char = last == "." || last == "," || last == "\xD9\xAB";
    bool groups_with_it = comma_decimal ? last == "." : last == ",";
    has_decimal = decimal_char && !(parts.back().size() == 3 && groups_with_it);
  }
  size_t integer_parts = has_decimal ? parts.size() - 1 : parts.size();
  for (size_t k = 0; k < integer_parts; ++k) run->integer += parts[k];
  if (has_decimal) {
    run->fraction = parts.back();
    run->decimal_sep = seps.back();
  }
  if (integer_parts > 1) run->group_sep = seps[0];
  return true;
}

std::string ToArabicDigits(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xD9";
      out.push_back(static_cast<char>(0xA0 + (c - '0')));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Writes the query's digits in the style of the target's original number.
std::string Render(const DigitRun& query, const DigitRun& style, std::string_view tgt_lang) {
  std::string primary = PrimaryLanguage(tgt_lang);
  std::string decimal = style.decimal_sep;
  if (decimal.empty()) decimal = (primary == "ru" || primary == "uk" || primary == "be") ? "," : ".";
  std::string group = style.group_sep;
  std::string integer = query.integer;
  while (integer.size() > 1 && integer[0] == '0') integer.erase(0, 1);
  std::string grouped;
  if (!group.empty() && integer.size() > 3) {
    size_t head = integer.size() % 3;
    if (head == 0) head = 3;
    grouped = integer.substr(0, head);
    for (size_t k = head; k < integer.size(); k += 3) grouped += group + integer.substr(k, 3);
  } else {
    grouped = integer;
  }
  std::string out = grouped;
  if (!query.fraction.empty()) out += decimal + query.fraction;
  if (style.arabic_digits) out = ToArabicDigits(out);
  return out;
}

}  // namespace

std::string CarryOverNumbers(std::string_view query, std::string_view stored_source, std::string_view src_lang,
                             std::string_view target, std::string_view tgt_lang) {
  std::vector<NumberMention> qn = FindNumbers(query, src_lang);
  std::vector<NumberMention> sn = FindNumbers(stored_source, src_lang);
  std::vector<NumberMention> tn = FindNumbers(target, tgt_lang);
  if (qn.size() != sn.size() || qn.empty()) return "";
  struct Edit {
    size_t begin, end;
    std::string text;
  };
  std::vector<Edit> edits;
  std::vector<bool> used(tn.size(), false);
  for (size_t i = 0; i < qn.size(); ++i) {
    if (SameNumber(qn[i], sn[i])) continue;
    if (qn[i].percent != sn[i].percent) return "";
    size_t found = tn.size();
    for (size_t j = 0; j < tn.size(); ++j) {
      if (used[j] || !SameNumber(tn[j], sn[i])) continue;
      if (found != tn.size()) return "";  // two candidates: ambiguous
      found = j;
    }
    if (found == tn.size()) return "";
    used[found] = true;
    DigitRun qrun, srun, trun;
    if (!ReadDigitRun(query, qn[i].begin, qn[i].end, src_lang, &qrun) ||
        !ReadDigitRun(stored_source, sn[i].begin, sn[i].end, src_lang, &srun) ||
        !ReadDigitRun(target, tn[found].begin, tn[found].end, tgt_lang, &trun)) {
      return "";
    }
    // The scale word ("million", "млн") stays; only the digits change, so the digits the source
    // showed must be the digits the target showed.
    if (srun.integer + "." + srun.fraction != trun.integer + "." + trun.fraction) return "";
    edits.push_back({trun.begin, trun.end, Render(qrun, trun, tgt_lang)});
  }
  if (edits.empty()) return "";
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  std::string out(target);
  for (const Edit& e : edits) out.replace(e.begin, e.end - e.begin, e.text);
  return out;
}

}  // namespace tmkit
