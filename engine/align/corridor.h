// The corridor the aligner searches in: anchors (sentence pairs sharing keys found once on each
// side), the centre line through their heaviest monotone chain, and the band of cells around it.
// Internal to engine/align; pure functions of their inputs, thread-safe.
#ifndef TMKIT_ALIGN_CORRIDOR_H_
#define TMKIT_ALIGN_CORRIDOR_H_

#include <cstddef>
#include <vector>

#include "align/document_side.h"

namespace tmkit::align_internal {

// The corridor of the search: for each source boundary i (0..n), target boundaries [lo, hi].
struct Band {
  std::vector<int> lo, hi;
  std::vector<size_t> offset;  // of row i in the cell arrays
  size_t cells = 0;
  bool Contains(int i, int j) const { return j >= lo[i] && j <= hi[i]; }
  size_t Cell(int i, int j) const { return offset[i] + (j - lo[i]); }
};

struct Anchor {
  int i, j, w;
};

// Candidate anchors: sentence pairs (block-local) that share two or more keys found in exactly
// one source and one target sentence of the block.
std::vector<Anchor> CandidateAnchors(const Side& src, size_t s0, size_t s1, const Side& tgt, size_t t0, size_t t1);

// The centre line (target position for each source boundary) through the heaviest monotone chain
// of the candidate anchors, or the length diagonal when there are none.
std::vector<double> CentreLine(const Side& src, size_t s0, size_t s1, const Side& tgt, size_t t0, size_t t1);

// The cells within half_width target sentences of the centre line, rows kept monotone and
// overlapping so that a path always exists.
Band MakeBand(const std::vector<double>& centre, int m, int half_width);

}  // namespace tmkit::align_internal

#endif  // TMKIT_ALIGN_CORRIDOR_H_
