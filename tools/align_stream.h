// tmkit align --stream: one document pair per input line, one answer per line, in input order
// (docs/alignment.md "Streaming"). The stream owns its threads; the aligners must outlive the run.
#ifndef TMKIT_TOOLS_ALIGN_STREAM_H_
#define TMKIT_TOOLS_ALIGN_STREAM_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tmkit/aligner.h"
#include "tmkit/status.h"

namespace tmkit::cli {

struct StreamOptions {
  std::string src_lang;
  std::vector<std::string> tgt_langs;  // one language, or several for N-way units
  std::string input_format = "jsonl";  // jsonl or bitextor
  bool presegmented = false;           // documents hold one sentence per line
  unsigned threads = 0;                // 0: one per core, at most 2
  std::string tmx_path;                // when set, the confident beads' units go to this TMX
  double min_confidence = 0.8;         // ... those at least this confident (as align --into)
  int64_t created = 0;                 // the units' creation time
};

// Builds the aligner of src_lang -> `tgt_lang` with the verb's options (dictionary, glossaries).
using AlignerFactory = std::function<Status(const std::string& tgt_lang, std::unique_ptr<Aligner>*)>;

// Reads `in` to its end; writes each answer to `out` and flushes it as soon as every earlier
// line's answer is out. Bad lines are reported on stderr as "<stdin>:LINE: ..." and answered
// with an error record; they never end the stream. Returns kExitOk, or kExitFindings when some
// line was bad, or the exit code of a failure to build an aligner or to write.
int RunAlignStream(const StreamOptions& options, const AlignerFactory& make_aligner, std::istream& in,
                   std::ostream& out);

}  // namespace tmkit::cli

#endif  // TMKIT_TOOLS_ALIGN_STREAM_H_
