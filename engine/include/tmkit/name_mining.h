// Name mining: the English names of a bilingual archive, how its translators rendered each one
// (transliterated, found by the transliteration model, or translated, found by co-occurrence), the
// renderings reduced to glossary form and clustered per name (docs/names.md, "Mining").
// A NameMiner is fed by one thread; MinedNames are plain values. Errors are Status values.
#ifndef TMKIT_NAME_MINING_H_
#define TMKIT_NAME_MINING_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit {

// One rendering of a name in glossary form (Russian nominative, Arabic without proclitics).
struct NameVariant {
  std::string form;
  uint64_t count = 0;                 // units in which the name was rendered so
  int64_t first_seen = 0, last_seen = 0;  // unit creation times (seconds since 1970); 0 = unknown
  std::vector<uint64_t> unit_ids;     // up to 3 examples
  std::string sample_source, sample_target;  // one unit's two sides
};

struct MinedName {
  std::string english;
  std::string target;        // the preferred rendering: the glossary's when it agrees, else the most frequent
  uint64_t mentions = 0;     // units naming it in English
  uint64_t rendered = 0;     // of those, units where a rendering was found
  double score = 0;          // mean model probability (transliterated) or association (translated)
  bool translated = false;   // found by co-occurrence, not by the model
  std::string status;        // new, agrees, conflicts, inconsistent
  std::string glossary_form; // the glossary's preferred rendering when the name is in it
  std::vector<NameVariant> variants;  // most frequent first
};

struct NameMiningOptions {
  std::string tgt_lang;         // ru or ar (the source is English)
  uint64_t min_count = 2;       // names mentioned in fewer units are not reported
  const Glossary* glossary = nullptr;  // for status; may be null
};

// One bilingual unit as the miner reads it.
struct MiningUnit {
  uint64_t id = 0;
  int64_t created = 0;
  std::string_view source, target;
};

// Mining reads the archive in passes (capitalisation statistics, then the names and their
// renderings, then co-occurrence for the names the model does not explain): `pass(visit)` must
// call `visit` once for every unit, each time it is called, and return its Status.
// `progress(pass, units_done)` is called every 10,000 units.
using MiningSource = std::function<Status(const std::function<Status(const MiningUnit&)>& visit)>;
Status MineNames(const MiningSource& pass, const NameMiningOptions& options,
                 const std::function<void(int, uint64_t)>& progress, std::vector<MinedName>* out);

// The English names of one sentence as the miner finds them (for tests and the API): runs of
// capitalised words with particles (al-, bin, van, de) and initials; `is_ordinary(word)` says
// whether a capitalised word at a sentence start is an ordinary word to leave out.
std::vector<std::string> FindEnglishNames(std::string_view text,
                                          const std::function<bool(std::string_view)>& is_ordinary);

// Writers (docs/names.md gives each format). TBX is v3: the mined concepts as proposals, variants
// with >= 10% of the mentions admitted, the rarer ones deprecated.
std::string MinedNamesTsv(const std::vector<MinedName>& names);
std::string MinedNamesJson(const std::vector<MinedName>& names);
std::string MinedNamesTbx(const std::vector<MinedName>& names, std::string_view tgt_lang);
std::string MinedNamesHtml(const std::vector<MinedName>& names, std::string_view tgt_lang);

}  // namespace tmkit

#endif  // TMKIT_NAME_MINING_H_
