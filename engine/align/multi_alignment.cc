// N-way alignment: the beads of several pairwise alignments joined on their common source side.
#include "tmkit/multi_alignment.h"

#include <algorithm>

namespace tmkit {

std::vector<MultiBead> JoinOnSource(const std::vector<const Alignment*>& alignments, uint32_t src_sentences) {
  // joined[i]: source sentence i belongs with sentence i - 1 (some bead covers both).
  std::vector<bool> joined(src_sentences + 1, false);
  for (const Alignment* a : alignments) {
    for (const Bead& b : a->beads) {
      for (uint32_t i = b.src_begin + 1; i < b.src_end && i < src_sentences; ++i) joined[i] = true;
    }
  }
  std::vector<MultiBead> out;
  std::vector<uint32_t> group_of(src_sentences, 0);
  for (uint32_t i = 0; i < src_sentences; ++i) {
    if (i == 0 || !joined[i]) {
      MultiBead m;
      m.src_begin = i;
      m.sides.resize(alignments.size());
      out.push_back(std::move(m));
    }
    out.back().src_end = i + 1;
    group_of[i] = static_cast<uint32_t>(out.size() - 1);
  }
  for (size_t k = 0; k < alignments.size(); ++k) {
    const std::vector<Bead>& beads = alignments[k]->beads;
    for (size_t n = 0; n < beads.size(); ++n) {
      const Bead& b = beads[n];
      if (b.src_begin >= b.src_end || b.src_begin >= src_sentences) continue;
      MultiBead& m = out[group_of[b.src_begin]];
      MultiBead::Side& side = m.sides[k];
      side.confidence = side.beads == 0 ? b.confidence : std::min(side.confidence, b.confidence);
      ++side.beads;
      if (b.tgt_begin == b.tgt_end) continue;  // a 1-0 bead: its source has no translation here
      if (side.empty()) {
        side.tgt_begin = b.tgt_begin;
        side.tgt_end = b.tgt_end;
      } else {
        side.tgt_begin = std::min(side.tgt_begin, b.tgt_begin);
        side.tgt_end = std::max(side.tgt_end, b.tgt_end);
      }
    }
    // A side made only of deletions translates nothing.
    for (MultiBead& m : out) {
      if (m.sides[k].empty()) m.sides[k].confidence = 0;
    }
  }
  return out;
}

}  // namespace tmkit
