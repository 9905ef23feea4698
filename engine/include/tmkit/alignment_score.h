// Alignment evaluation: bead files (vecalign format "[0, 1]:[2]:SCORE") and strict/lax
// precision, recall and F1 exactly as data/alignment/score_alignment.py (vecalign's score.py)
// computes them. Pure functions; thread-safe.
#ifndef TMKIT_ALIGNMENT_SCORE_H_
#define TMKIT_ALIGNMENT_SCORE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/aligner.h"
#include "tmkit/status.h"

namespace tmkit {

struct IndexBead {
  std::vector<int> src, tgt;
  double confidence = -1;  // the optional third field; -1 when absent (not part of comparisons)
  bool operator==(const IndexBead& o) const { return src == o.src && tgt == o.tgt; }
  bool operator<(const IndexBead& o) const { return src != o.src ? src < o.src : tgt < o.tgt; }
};

// Parses bead lines; blank lines are skipped, a third ":SCORE" field is ignored. `name` is used
// in errors ("gold.txt:3: expected [i, ...]:[j, ...]").
Status ParseBeads(std::string_view text, std::string_view name, std::vector<IndexBead>* beads);

// The beads of an alignment as index lists.
std::vector<IndexBead> ToIndexBeads(const std::vector<Bead>& beads);

// "[0, 1]:[2]:0.873" — the format of vecalign and of the gold files.
std::string FormatBead(const Bead& bead);

struct AlignmentScores {
  double precision_strict = 0, recall_strict = 0, f1_strict = 0;
  double precision_lax = 0, recall_lax = 0, f1_lax = 0;
};

// Scores (gold, test) pairs pooled: precision over test beads including insertions and deletions,
// recall over gold beads excluding them; strict = exact bead, lax = overlapping bead.
AlignmentScores ScoreAlignments(const std::vector<std::pair<std::vector<IndexBead>, std::vector<IndexBead>>>& gold_test);

// "P_strict=0.947 R_strict=... F1_lax=0.985", as score_alignment.py prints it.
std::string FormatScores(const AlignmentScores& s);

// Calibration of bead confidences: test beads binned by confidence ([0, 0.1), ..., [0.9, 1]),
// with the share that are exactly right (strict) in each bin. Beads without a confidence are
// left out.
struct ReliabilityBin {
  double low = 0, high = 0;
  long beads = 0;
  double mean_confidence = 0;
  double accuracy = 0;
};
struct Reliability {
  std::vector<ReliabilityBin> bins;
  long beads = 0;
  double expected_calibration_error = 0;  // bead-weighted mean |accuracy - confidence|
  double brier = 0;                        // mean (confidence - correct)^2
};
Reliability MeasureReliability(const std::vector<std::pair<std::vector<IndexBead>, std::vector<IndexBead>>>& gold_test,
                               int bins = 10);

}  // namespace tmkit

#endif  // TMKIT_ALIGNMENT_SCORE_H_
