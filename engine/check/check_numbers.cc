// number-changed, number-missing, number-added: the numbers of a segment compared by value.
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
#include "tmkit/numbers.h"

namespace tmkit {
using namespace check_internal;

void Checker::Impl::CheckNumbers(size_t seg, const SegmentPair& p, std::vector<Finding>* out) {
  std::vector<NumberMention> s = FindNumbers(p.source, src);
  std::vector<NumberMention> t = FindNumbers(p.target, tgt);
  std::vector<bool> s_used(s.size(), false), t_used(t.size(), false);
  for (size_t i = 0; i < s.size(); ++i) {
    for (size_t j = 0; j < t.size(); ++j) {
      if (!t_used[j] && SameNumber(s[i], t[j])) {
        s_used[i] = t_used[j] = true;
        break;
      }
    }
  }
  std::vector<size_t> s_left, t_left;
  for (size_t i = 0; i < s.size(); ++i) if (!s_used[i]) s_left.push_back(i);
  for (size_t j = 0; j < t.size(); ++j) if (!t_used[j]) t_left.push_back(j);
  size_t paired = std::min(s_left.size(), t_left.size());
  for (size_t k = 0; k < paired; ++k) {
    const NumberMention& a = s[s_left[k]];
    const NumberMention& b = t[t_left[k]];
    Add(out, "number-changed", seg, {a.begin, a.end}, {b.begin, b.end},
        "source " + Quote(p.source.substr(a.begin, a.end - a.begin)) + " (" + NumberKey(a) + ") but translation " +
            Quote(p.target.substr(b.begin, b.end - b.begin)) + " (" + NumberKey(b) + ")",
        NumberKey(a));
  }
  for (size_t k = paired; k < s_left.size(); ++k) {
    const NumberMention& a = s[s_left[k]];
    Add(out, "number-missing", seg, {a.begin, a.end}, {},
        Quote(p.source.substr(a.begin, a.end - a.begin)) + " is not in the translation", NumberKey(a));
  }
  for (size_t k = paired; k < t_left.size(); ++k) {
    const NumberMention& b = t[t_left[k]];
    Add(out, "number-added", seg, {}, {b.begin, b.end},
        Quote(p.target.substr(b.begin, b.end - b.begin)) + " is not in the source");
  }
}

}  // namespace tmkit
