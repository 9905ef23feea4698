// The TM units an aligned document yields: what `align --into` stores and `align --stream --tmx`
// writes, so that both hold the same units for the same beads. Pure functions on values.
#ifndef TMKIT_TOOLS_ALIGN_UNITS_H_
#define TMKIT_TOOLS_ALIGN_UNITS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tmkit/aligner.h"
#include "tmkit/multi_alignment.h"
#include "tmkit/unit.h"

namespace tmkit::cli {

// Where the units come from: the document's name (the units' document id), its source side and
// languages, and the time stamped on them.
struct AlignedSource {
  std::string document;
  std::string src_lang;
  const SentenceList* src = nullptr;
  int64_t created = 0;
};

// The unit of a bead with both sides, src_lang + tgt_lang, with its confidence and shape as props
// and the neighbouring source sentences as context. False (no unit) for a deletion or insertion
// or a bead less confident than `min_confidence`.
bool UnitOfBead(const AlignedSource& from, const std::string& tgt_lang, const SentenceList& tgt, const Bead& bead,
                double min_confidence, Unit* unit);

// The unit of an N-way bead: the source and every language whose side is at least
// `min_confidence`, each with its own confidence prop; a null `tgts[k]` (an untrusted pair)
// contributes nothing. False when no language is left.
bool UnitOfMultiBead(const AlignedSource& from, const std::vector<std::string>& tgt_langs,
                     const std::vector<const SentenceList*>& tgts, const MultiBead& bead, double min_confidence,
                     Unit* unit);

}  // namespace tmkit::cli

#endif  // TMKIT_TOOLS_ALIGN_UNITS_H_
