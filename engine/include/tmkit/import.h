// Importing a TMX or TSV file into a TM in one transaction: the file lands whole or not at all.
// Not thread-safe per call (one import at a time per Memory is enforced by Memory::Write).
#ifndef TMKIT_IMPORT_H_
#define TMKIT_IMPORT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "tmkit/memory.h"
#include "tmkit/status.h"
#include "tmkit/tmx.h"

namespace tmkit {

struct ImportOptions {
  std::string format;    // "tmx", "tsv", "xliff", or empty to decide by the file name
                         // (.tsv/.txt = tsv, .xlf/.xliff = xliff, else tmx)
  std::string src_lang;  // TSV: the languages of the two columns (required)
  std::string tgt_lang;
  std::string document;  // TSV: origin document id stored with each unit (default: the file name)
  // Add a unit's languages to the one stored unit with the same source (tmkit/unit_join.h)
  // instead of storing it apart; false keeps every pair its own unit.
  bool join = true;
  std::function<void(uint64_t units_read)> progress;  // called now and then, may be empty
};

struct ImportReport {
  uint64_t read = 0;     // units (TMX <tu> or TSV lines) read
  uint64_t added = 0;
  uint64_t merged = 0;   // identical to a unit already stored (or earlier in the file)
  uint64_t joined = 0;   // its languages added to the one unit with the same source
  uint64_t skipped = 0;
  // reason -> count, and the first place each reason was seen ("file.tmx:12").
  std::map<std::string, uint64_t> skip_reasons;
  std::map<std::string, std::string> first_skip;
  // Problems that did not stop the import (a language tag that is not BCP 47, an element TMX
  // does not define): message -> count, and the first place each was met.
  std::map<std::string, uint64_t> warnings;
  std::map<std::string, std::string> first_warning;
  TmxHeader header;      // TMX only
};

Status ImportFile(Memory* memory, const std::string& path, const ImportOptions& options, ImportReport* report);

}  // namespace tmkit

#endif  // TMKIT_IMPORT_H_
