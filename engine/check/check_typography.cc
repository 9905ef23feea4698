// double-space, unbalanced-brackets, unbalanced-quotes, final-punctuation.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "check/check_internal.h"
#include "terms/name_similarity.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"

namespace tmkit {
using namespace check_internal;

void Checker::Impl::CheckTypography(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
  for (size_t at = p.target.find("  "); at != std::string::npos; at = p.target.find("  ", at)) {
    size_t end = p.target.find_first_not_of(' ', at);
    if (end == std::string::npos) end = p.target.size();
    Add(out, "double-space", seg, {}, {at, end}, std::to_string(end - at) + " spaces in a row", " ");
    at = end;
  }
  for (auto [open, close] : {std::pair<char, char>{'(', ')'}, {'[', ']'}}) {
    int sb = BracketBalance(p.source, open, close), tb = BracketBalance(p.target, open, close);
    if (sb != tb) {
      size_t at = p.target.find(tb > sb ? open : close);
      Span span = at == std::string::npos ? Span{} : Span{at, at + 1};
      Add(out, "unbalanced-brackets", seg, {}, span,
          std::string("\"") + open + close + "\" balance " + std::to_string(tb) + " in the translation, " +
              std::to_string(sb) + " in the source");
    }
  }
  char a = FinalPunctuation(p.source), b = FinalPunctuation(p.target);
  bool source_blank = p.source.find_first_not_of(" \t") == std::string::npos;
  // An exclamation mark for a statement's period (or a headline's none), or the reverse, is the
  // translator's tone (бей тревогу!, بحقك!), not a lost mark.
  bool tone = (a == '!' && (b == '.' || b == ' ')) || (b == '!' && (a == '.' || a == ' '));
  // A period given to a source sentence or headline that has none completes it; nothing is lost
  // (judged false in 9 of 9, docs/check-judged/sample3.*).
  bool completed = a == ' ' && b == '.';
  if (a != b && !source_blank && !tone && !completed) {
    Finding* f = Add(out, "final-punctuation", seg, {}, {p.target.size(), p.target.size()},
                     "the source ends with " + PunctName(a) + ", the translation with " + PunctName(b),
                     a == ' ' ? "" : std::string(1, a));
    if (f != nullptr) f->confidence = b == ' ' ? 0.7 : 0.85;  // a dropped period is often the house style
    if (f != nullptr) f->repeat_key = std::string{a, b};  // one change of mark, wherever the translator made it
  }
  CheckBidiControls(seg, p, out);
}

void Checker::Impl::CheckBidiControls(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
  // Invisible direction controls reorder what the reader sees (a "Trojan Source" trick, or a
  // paste from a word processor): U+202A-202E embeddings and overrides, U+2066-2069 isolates,
  // and the marks U+200E, U+200F, U+061C in a left-to-right target (a right-to-left one may need
  // them; a mark is reported at a warning's confidence).
  const auto* bytes = reinterpret_cast<const uint8_t*>(p.target.data());
  int32_t size = static_cast<int32_t>(p.target.size());
  for (int32_t i = 0; i < size;) {
    int32_t begin = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    bool control = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    bool rtl = tgt_primary == "ar" || tgt_primary == "he" || tgt_primary == "fa" || tgt_primary == "ur";
    bool mark = !rtl && (c == 0x200E || c == 0x200F || c == 0x061C);
    if (!control && !mark) continue;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
    Finding* f = Add(out, "bidi-control", seg, {}, {static_cast<size_t>(begin), static_cast<size_t>(i)},
                     std::string("an invisible bidirectional ") + (control ? "control" : "mark") + " character (" + code +
                         ") in the translation",
                     "");
    if (f != nullptr) f->confidence = control ? 0.95 : 0.6;
  }
}

// Quotation marks, over the whole draft: a segment whose marks do not agree with its source's is
// fine when some reading makes them agree — the source's nested single quotes rendered as
// double ones, or a quotation the translation opens in one segment and closes in the next
// (checked on the segment with either neighbour).
void Checker::Impl::CheckQuotes(const std::vector<SegmentPair>& segs, const std::vector<bool>& checked,
                                std::vector<Finding>* out) {
  struct Marks {
    int source = 0, source_single = 0, target = 0, target_single = 0, open = 0, close = 0;
  };
  std::vector<Marks> m(segs.size());
  for (size_t i = 0; i < segs.size(); ++i) {
    m[i].source = QuoteCount(segs[i].source);
    m[i].source_single = SingleQuoteCount(segs[i].source);
    m[i].target = QuoteCount(segs[i].target);
    m[i].target_single = SingleQuoteCount(segs[i].target);
    for (size_t k = 0; k + 1 < segs[i].target.size(); ++k) {
      if (segs[i].target.compare(k, 2, "\u00AB") == 0) ++m[i].open;
      if (segs[i].target.compare(k, 2, "\u00BB") == 0) ++m[i].close;
    }
  }
  // A translation whose own marks pair up moved the quotation's bounds or rendered it another
  // way (reported speech, dashes, each sentence quoted alone): a choice, not a slip. Only marks
  // the translation leaves open are a finding. (Asked of one segment: two segments each with a
  // mark left open pair up only when their sources' marks do.)
  auto balanced = [](const Marks& x) { return x.target % 2 == 0 && x.open == x.close; };
  auto agree = [](const Marks& x) {
    bool parity = (x.target - x.source) % 2 == 0 || (x.target - x.source - x.source_single) % 2 == 0 ||
                  (x.target + x.target_single - x.source - x.source_single) % 2 == 0;
    bool guillemets = x.open == x.close || ((x.source % 2 == 1 || x.source_single % 2 == 1) && std::abs(x.open - x.close) == 1);
    return parity && guillemets;
  };
  auto sum = [](const Marks& x, const Marks& y) {
    return Marks{x.source + y.source, x.source_single + y.source_single, x.target + y.target,
                 x.target_single + y.target_single, x.open + y.open, x.close + y.close};
  };
  for (size_t i = 0; i < segs.size(); ++i) {
    if (!checked[i] || balanced(m[i]) || agree(m[i])) continue;
    if (i > 0 && agree(sum(m[i - 1], m[i]))) continue;
    if (i + 1 < segs.size() && agree(sum(m[i], m[i + 1]))) continue;
    Finding* f = Add(out, "unbalanced-quotes", i, {}, {},
                     std::to_string(m[i].target) + " quotation marks in the translation (" + std::to_string(m[i].open) +
                         " \u00AB, " + std::to_string(m[i].close) + " \u00BB), " + std::to_string(m[i].source) +
                         " in the source");
    if (f != nullptr) f->confidence = 0.8;
  }
}

}  // namespace tmkit
