// Joining the alignments of one source document with each of its translations into multilingual
// beads on the source side (docs/alignment.md "N-way alignment"). Pure functions on values: safe
// from any number of threads.
#ifndef TMKIT_MULTI_ALIGNMENT_H_
#define TMKIT_MULTI_ALIGNMENT_H_

#include <cstdint>
#include <vector>

#include "tmkit/aligner.h"

namespace tmkit {

// Source sentences [src_begin, src_end) and, per translation (in the order the alignments were
// given), the target sentences that translate them. A translation that covers none of them has
// an empty span (tgt_begin == tgt_end) and confidence 0.
struct MultiBead {
  struct Side {
    uint32_t tgt_begin = 0, tgt_end = 0;
    double confidence = 0;  // the lowest confidence of the beads joined on this side
    uint32_t beads = 0;     // how many of that translation's beads were joined
    bool empty() const { return tgt_begin == tgt_end; }
  };
  uint32_t src_begin = 0, src_end = 0;
  std::vector<Side> sides;
};

// Joins `alignments` (each of the same `src_sentences` source sentences with one translation)
// on the source side: source sentences that any translation's bead puts together stay together
// (the union of the beads' source spans), and each side gets every target sentence its beads of
// that span hold. Insertions (0-n beads) inside a joined span are part of its side; those between
// joined spans are dropped, as they translate no source sentence. In source order; every source
// sentence is in exactly one MultiBead.
std::vector<MultiBead> JoinOnSource(const std::vector<const Alignment*>& alignments, uint32_t src_sentences);

}  // namespace tmkit

#endif  // TMKIT_MULTI_ALIGNMENT_H_
