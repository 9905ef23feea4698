// Pre-translation of an XLIFF file from TM matches (docs/xliff.md, "pretranslate"): exact and
// in-context matches fill <target>, fuzzy ones go in as candidates (1.2 <alt-trans>, 2.x the
// Translation Candidates module). The output is the input's bytes with insertions spliced in, so
// everything else of the file stays as it was. Pure function over values; thread-safe.
#ifndef TMKIT_PRETRANSLATE_H_
#define TMKIT_PRETRANSLATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tmkit/analysis.h"
#include "tmkit/status.h"
#include "tmkit/xliff.h"

namespace tmkit {

struct PretranslateOptions {
  int min_score = 75;               // fuzzy matches below this are left out
  bool fuzzy_into_target = false;   // --mark all: the best fuzzy match also fills an empty target
  std::string tgt_lang;             // written as trgLang / target-language when the file has none
};

struct PretranslateStats {
  uint64_t segments = 0;       // translatable segments looked at
  uint64_t exact = 0;          // targets filled from 100% matches
  uint64_t context = 0;        // targets filled from 101% matches
  uint64_t fuzzy_targets = 0;  // targets filled from fuzzy matches (--mark all)
  uint64_t candidates = 0;     // fuzzy candidates written
  uint64_t kept = 0;           // segments that already had a translation: left alone
  uint64_t unplaced = 0;       // exact matches whose codes could not be placed: candidates instead
};

// `analysis` is DocumentFromXliff(doc) and `matches` its MatchSegments result. Writes the whole
// new file to `out`. InvalidInput when the file is not UTF-8 (offsets would not hold).
Status PretranslateXliff(const XliffDocument& doc, const AnalysisDocument& analysis,
                         const std::vector<SegmentMatch>& matches, const PretranslateOptions& options,
                         std::string* out, PretranslateStats* stats);

}  // namespace tmkit

#endif  // TMKIT_PRETRANSLATE_H_
