#include "align/corridor.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace tmkit::align_internal {

std::vector<Anchor> CandidateAnchors(const Side& src, size_t s0, size_t s1, const Side& tgt, size_t t0, size_t t1) {
  // key -> block-local sentence index, or -1 once seen in two sentences.
  auto hapaxes = [](const Side& side, size_t begin, size_t end) {
    std::unordered_map<uint64_t, int64_t> where;
    for (size_t i = 0; i < end - begin; ++i) {
      uint64_t last = 0;
      bool have_last = false;
      for (uint32_t k = side.key_begin[begin + i]; k < side.key_begin[begin + i + 1]; ++k) {
        uint64_t key = side.keys[k].first;
        if (have_last && key == last) continue;
        last = key;
        have_last = true;
        auto [it, inserted] = where.emplace(key, static_cast<int64_t>(i));
        if (!inserted) it->second = -1;
      }
    }
    return where;
  };
  std::unordered_map<uint64_t, int64_t> in_src = hapaxes(src, s0, s1), in_tgt = hapaxes(tgt, t0, t1);
  std::unordered_map<uint64_t, int> votes;  // (i << 32 | j) -> keys in common
  for (const auto& [key, j] : in_tgt) {
    if (j < 0) continue;
    auto it = in_src.find(key);
    if (it == in_src.end() || it->second < 0) continue;
    ++votes[(static_cast<uint64_t>(it->second) << 32) | static_cast<uint64_t>(j)];
  }
  std::vector<Anchor> anchors;
  for (const auto& [ij, w] : votes) {
    if (w >= 2) anchors.push_back({static_cast<int>(ij >> 32), static_cast<int>(ij & 0xffffffff), w});
  }
  std::sort(anchors.begin(), anchors.end(), [](const Anchor& a, const Anchor& b) {
    return a.i != b.i ? a.i < b.i : a.j > b.j;  // j descending so one row cannot chain with itself
  });
  return anchors;
}

std::vector<double> CentreLine(const Side& src, size_t s0, size_t s1, const Side& tgt, size_t t0, size_t t1) {
  size_t n = s1 - s0, m = t1 - t0;
  std::vector<Anchor> anchors = CandidateAnchors(src, s0, s1, tgt, t0, t1);
  // Heaviest chain increasing in both i and j: a Fenwick tree of (best weight, anchor) over j.
  std::vector<std::pair<long, int>> tree(m + 2, {0, -1});
  std::vector<long> best(anchors.size());
  std::vector<int> prev(anchors.size(), -1);
  for (size_t k = 0; k < anchors.size(); ++k) {
    std::pair<long, int> q{0, -1};
    for (int x = anchors[k].j; x > 0; x -= x & -x) q = std::max(q, tree[x]);  // j' < j
    best[k] = q.first + anchors[k].w;
    prev[k] = q.second;
    for (int x = anchors[k].j + 1; x <= static_cast<int>(m) + 1; x += x & -x) {
      tree[x] = std::max(tree[x], std::make_pair(best[k], static_cast<int>(k)));
    }
  }
  std::vector<std::pair<double, double>> points{{0.0, 0.0}};
  if (!anchors.empty()) {
    int k = static_cast<int>(std::max_element(best.begin(), best.end()) - best.begin());
    std::vector<std::pair<double, double>> chain;
    for (; k >= 0; k = prev[k]) chain.push_back({anchors[k].i + 0.5, anchors[k].j + 0.5});
    points.insert(points.end(), chain.rbegin(), chain.rend());
  }
  points.push_back({static_cast<double>(n), static_cast<double>(m)});
  // Between anchors, follow the cumulative length: source boundary i maps to the target position
  // that has covered the same share of the segment's characters. Sentence counts may drift apart
  // (splits, merges) without moving the centre off the path.
  auto chars_at = [](const Side& side, size_t base, double x) {  // characters before position x
    size_t k = static_cast<size_t>(x);
    double frac = x - k;
    double c = side.char_prefix[base + k];
    if (frac > 0 && base + k + 1 < side.char_prefix.size()) c += frac * (side.char_prefix[base + k + 1] - c);
    return c;
  };
  std::vector<double> centre(n + 1);
  size_t seg = 0;
  for (size_t i = 0; i <= n; ++i) {
    while (seg + 2 < points.size() && points[seg + 1].first <= i) ++seg;
    auto [x0, y0] = points[seg];
    auto [x1, y1] = points[seg + 1];
    double sc0 = chars_at(src, s0, x0), sc1 = chars_at(src, s0, x1);
    double tc0 = chars_at(tgt, t0, y0), tc1 = chars_at(tgt, t0, y1);
    double share = sc1 > sc0 ? (chars_at(src, s0, i) - sc0) / (sc1 - sc0) : 1.0;
    share = std::clamp(share, 0.0, 1.0);
    double want = tc0 + share * (tc1 - tc0);
    // First target boundary at or past `want` characters, within [y0, y1].
    auto first = tgt.char_prefix.begin() + t0 + static_cast<size_t>(std::ceil(y0));
    auto last = tgt.char_prefix.begin() + t0 + static_cast<size_t>(std::floor(y1)) + 1;
    auto it = std::lower_bound(first, last, want);
    double y = static_cast<double>(it - (tgt.char_prefix.begin() + t0));
    centre[i] = std::clamp(y, y0, y1);
  }
  return centre;
}

Band MakeBand(const std::vector<double>& centre, int m, int half_width) {
  int n = static_cast<int>(centre.size()) - 1;
  Band band;
  band.lo.resize(n + 1);
  band.hi.resize(n + 1);
  for (int i = 0; i <= n; ++i) {
    band.lo[i] = std::clamp(static_cast<int>(std::floor(centre[i] - half_width)), 0, m);
    band.hi[i] = std::clamp(static_cast<int>(std::ceil(centre[i] + half_width)), 0, m);
  }
  band.lo[0] = 0;
  band.hi[n] = m;
  for (int i = n - 1; i >= 0; --i) band.lo[i] = std::min(band.lo[i], band.lo[i + 1]);
  for (int i = 1; i <= n; ++i) band.hi[i] = std::max(band.hi[i], band.hi[i - 1]);
  // Rows must overlap so that a path can always continue (0-1 beads move along a row).
  for (int i = 0; i < n; ++i) band.hi[i] = std::max(band.hi[i], band.lo[i + 1]);
  band.offset.resize(n + 1);
  for (int i = 0; i <= n; ++i) {
    band.offset[i] = band.cells;
    band.cells += band.hi[i] - band.lo[i] + 1;
  }
  return band;
}

}  // namespace tmkit::align_internal
