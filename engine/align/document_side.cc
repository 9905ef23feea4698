#include "align/document_side.h"

#include <algorithm>
#include <unordered_map>

#include "tmkit/utf8.h"

namespace tmkit::align_internal {

void MatchRow(const Side& src, size_t i, const Side& tgt, uint32_t lo, uint32_t hi, PairMatch* out) {
  for (uint32_t k = src.key_begin[i]; k < src.key_begin[i + 1]; ++k) {
    auto [key, token] = src.keys[k];
    auto [begin, end] = src.key_postings[k];
    if (begin == end) continue;
    Side::Posting probe{key, lo, 0};
    auto last = tgt.postings.begin() + end;
    for (auto it = std::lower_bound(tgt.postings.begin() + begin, last, probe); it != last && it->sentence <= hi;
         ++it) {
      PairMatch& m = out[it->sentence - lo];
      m.src_mask |= uint64_t{1} << token;
      m.tgt_mask |= uint64_t{1} << it->token;
    }
  }
}

void LinkPostings(Side* src, const Side& tgt) {
  std::unordered_map<uint64_t, std::pair<uint32_t, uint32_t>> range;
  for (uint32_t k = 0; k < tgt.postings.size();) {
    uint32_t e = k;
    while (e < tgt.postings.size() && tgt.postings[e].key == tgt.postings[k].key) ++e;
    range.emplace(tgt.postings[k].key, std::make_pair(k, e));
    k = e;
  }
  src->key_postings.resize(src->keys.size());
  for (size_t k = 0; k < src->keys.size(); ++k) {
    auto it = range.find(src->keys[k].first);
    src->key_postings[k] = it == range.end() ? std::make_pair(0u, 0u) : it->second;
  }
}

float Coverage(const Side& side, size_t sentence, uint64_t mask) {
  if (side.total_weight[sentence] <= 0) return 0;
  float w = 0;
  const float* weights = side.tok_weight.data() + side.tok_begin[sentence];
  while (mask) {
    int bit = __builtin_ctzll(mask);
    w += weights[bit];
    mask &= mask - 1;
  }
  return w / side.total_weight[sentence];
}

// What a wrong bead cannot fake: names and numbers written the same on both sides. A word found in
// no other sentence of its side (a name, mostly) or a number of two digits or more is `strong`;
// when the same form (its stem) is in the sentence just beyond the bead's edge on the other side and
// not inside the bead, the bead has left it to its neighbour, as where the translator moved a
// clause across a boundary. The posterior does not see this where the bead that would keep it
// together is one the bead set lacks (a 3-2, a crossing), and stays high. The factor
// (1 + kept) / (1 + kept + left), over the bead's strong words on both sides, discounts it.
double LeakDiscount(const Side& src, uint32_t s0, uint32_t s1, const Side& tgt, uint32_t t0, uint32_t t1) {
  auto strong_stems = [](const Side& side, uint32_t i, std::vector<const std::string*>* out) {
    for (uint32_t entry : side.words[i]) {
      uint32_t stem = side.vocab_stem[entry];
      const std::string& name = side.stem_names[stem];
      bool number = name[0] == '#' && name.size() >= 3;
      if (number || (name[0] != '#' && side.df[stem] == 1 && CountCodePoints(name) >= 4)) out->push_back(&name);
    }
  };
  // Whether sentence i of `side` has a word of stem `name` (the sides' stem ids differ, so by form).
  // Few words of a bead are strong, so scanning the sentences for each is cheaper than building
  // sets of every stem around every bead.
  auto has_stem = [](const Side& side, uint32_t i, const std::string& name) {
    if (i >= side.n) return false;
    for (uint32_t entry : side.words[i]) {
      if (side.stem_names[side.vocab_stem[entry]] == name) return true;
    }
    return false;
  };
  int kept = 0, left = 0;
  std::vector<const std::string*> strong;
  auto count = [&](const Side& a, uint32_t a0, uint32_t a1, const Side& b, uint32_t b0, uint32_t b1) {
    strong.clear();
    for (uint32_t x = a0; x < a1; ++x) strong_stems(a, x, &strong);
    for (const std::string* stem : strong) {
      bool inside = false;
      for (uint32_t y = b0; y < b1 && !inside; ++y) inside = has_stem(b, y, *stem);
      if (inside) {
        ++kept;
      } else if ((b0 > 0 && has_stem(b, b0 - 1, *stem)) || has_stem(b, b1, *stem)) {
        ++left;
      }
    }
  };
  count(src, s0, s1, tgt, t0, t1);
  count(tgt, t0, t1, src, s0, s1);
  return (1.0 + kept) / (1.0 + kept + left);
}

size_t SharedKeysKept(const Side& src, const Side& tgt, const std::vector<Bead>& beads) {
  // key -> its one sentence on a side, or -1 once seen in two.
  auto once = [](const Side& side) {
    std::unordered_map<uint64_t, int64_t> where;
    for (size_t i = 0; i < side.n; ++i) {
      for (uint32_t k = side.key_begin[i]; k < side.key_begin[i + 1]; ++k) {
        auto [it, inserted] = where.emplace(side.keys[k].first, static_cast<int64_t>(i));
        if (!inserted && it->second != static_cast<int64_t>(i)) it->second = -1;
      }
    }
    return where;
  };
  std::unordered_map<uint64_t, int64_t> in_src = once(src), in_tgt = once(tgt);
  std::vector<int64_t> bead_of_src(src.n, -1), bead_of_tgt(tgt.n, -1);
  for (size_t b = 0; b < beads.size(); ++b) {
    for (uint32_t i = beads[b].src_begin; i < beads[b].src_end && i < src.n; ++i) bead_of_src[i] = static_cast<int64_t>(b);
    for (uint32_t j = beads[b].tgt_begin; j < beads[b].tgt_end && j < tgt.n; ++j) bead_of_tgt[j] = static_cast<int64_t>(b);
  }
  size_t kept = 0;
  for (const auto& [key, i] : in_src) {
    if (i < 0) continue;
    auto it = in_tgt.find(key);
    if (it == in_tgt.end() || it->second < 0) continue;
    kept += bead_of_src[i] >= 0 && bead_of_src[i] == bead_of_tgt[it->second];
  }
  return kept;
}

}  // namespace tmkit::align_internal
