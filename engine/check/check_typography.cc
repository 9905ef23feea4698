// double-space, unbalanced-brackets, unbalanced-quotes, final-punctuation.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
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
  int sq = QuoteCount(p.source), tq = QuoteCount(p.target);
  int open_g = 0, close_g = 0;
  for (size_t i = 0; i + 1 < p.target.size(); ++i) {
    if (p.target.compare(i, 2, "\u00AB") == 0) ++open_g;
    if (p.target.compare(i, 2, "\u00BB") == 0) ++close_g;
  }
  if (sq % 2 != tq % 2 || (sq % 2 == 0 && open_g != close_g)) {
    Add(out, "unbalanced-quotes", seg, {}, {},
        std::to_string(tq) + " quotation marks in the translation (" + std::to_string(open_g) + " \u00AB, " +
            std::to_string(close_g) + " \u00BB), " + std::to_string(sq) + " in the source");
  }
  char a = FinalPunctuation(p.source), b = FinalPunctuation(p.target);
  bool source_blank = p.source.find_first_not_of(" \t") == std::string::npos;
  if (a != b && !source_blank) {
    Add(out, "final-punctuation", seg, {}, {p.target.size(), p.target.size()},
        "the source ends with " + PunctName(a) + ", the translation with " + PunctName(b),
        a == ' ' ? "" : std::string(1, a));
  }
}

}  // namespace tmkit
