// Document-level trust of an aligned document pair: how much of the source the alignment covers
// with confident beads, whether the beads keep the shared anchors (names, numbers, dictionary
// pairs found once on each side) together, whether the sides' lengths and scripts fit a
// translation. A pair scored below kUntrustedBelow should not be stored (tmkit align --into).
// Pure function of its inputs; thread-safe. docs/alignment.md "Document trust".
#ifndef TMKIT_DOCUMENT_TRUST_H_
#define TMKIT_DOCUMENT_TRUST_H_

#include <string>
#include <string_view>

namespace tmkit {

struct Alignment;
struct SentenceList;

struct DocumentTrust {
  double score = 0;             // coverage * anchor_agreement * length_fit * language_fit, in [0, 1]
  double coverage = 0;          // share of source characters in two-sided beads at >= the confidence asked
  double anchor_agreement = 1;  // (anchors the beads keep together + 1) / (anchors + 1); 0 when the beads keep no key found once a side together (4+ sentences a side)
  double length_fit = 0;        // 1 while the character ratio is within [0.4, 2.5], falling as its square beyond
  double language_fit = 0;      // share of each side's letters in its language's script (the lower); 0 for a copy
  std::string reason;           // why the pair is untrusted ("" when score >= kUntrustedBelow)
};

// Below this document score nothing of a pair is stored. On NTREX hard, NTREX merged and Text+Berg
// dev (docs/benchmarks.md) 21 of 493 real pairs fall below it (mostly merged documents whose beads
// are right but under 0.8), every bad input of the tests under 0.1.
constexpr double kUntrustedBelow = 0.5;

// The trust of `alignment` (from Aligner::Align, which also fills Alignment::trust with the
// aligner's own threshold) counting beads at or above `min_confidence` as confident.
DocumentTrust AssessDocument(const SentenceList& src, const SentenceList& tgt, const Alignment& alignment,
                             std::string_view src_lang, std::string_view tgt_lang, double min_confidence);

}  // namespace tmkit

#endif  // TMKIT_DOCUMENT_TRUST_H_
