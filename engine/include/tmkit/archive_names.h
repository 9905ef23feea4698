// The archive's own name consistency for `tmkit check --tm`: the names name mining finds rendered
// two ways (each rendering >= 10% of the mentions) across a whole TM, as check findings.
// Stateless; errors are the TM's read errors.
#ifndef TMKIT_ARCHIVE_NAMES_H_
#define TMKIT_ARCHIVE_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "tmkit/checker.h"
#include "tmkit/memory.h"
#include "tmkit/name_mining.h"
#include "tmkit/status.h"

namespace tmkit {

// The units of `tm` that hold both `src_lang` and `tgt_lang`, as MineNames reads them (the source
// side the `src_lang` variant). `bilingual` (may be null) is set to how many there are by each pass.
// `tm` must outlive the source.
MiningSource TmMiningSource(const Memory& tm, std::string src_lang, std::string tgt_lang, uint64_t* bilingual);

// Appends one `name-inconsistent` warning per English name the TM renders several ways, on the unit
// where its second rendering was first seen (`unit` its id, `segment` an index into `units`, which
// receives that unit's texts); the message lists the renderings with counts and unit ids. Nothing
// for a language pair without a transliteration model (en -> ru and en -> ar have one) or when
// `skip` holds "name-inconsistent".
Status AddArchiveNameFindings(const Memory& tm, std::string_view src_lang, std::string_view tgt_lang,
                              const std::vector<std::string>& skip, std::vector<Finding>* findings,
                              std::vector<SegmentPair>* units);

}  // namespace tmkit

#endif  // TMKIT_ARCHIVE_NAMES_H_
