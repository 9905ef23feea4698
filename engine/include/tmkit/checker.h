// Pre-publish QA of translations: glossary terms and names, consistency across a draft and a TM,
// numbers, untranslated text, spelling and typography. Each check has a stable id and a default
// severity (docs/checks.md). A Checker is not thread-safe (it owns Hunspell instances).
#ifndef TMKIT_CHECKER_H_
#define TMKIT_CHECKER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit {

enum class Severity { kNote = 0, kWarning = 1, kError = 2 };
const char* SeverityName(Severity s);                      // "note", "warning", "error"
bool ParseSeverity(std::string_view name, Severity* out);  // the same names

struct CheckInfo {
  const char* id;
  Severity severity;
  const char* summary;
};
// Every check, in report order.
const std::vector<CheckInfo>& AllChecks();

// One source segment and its translation.
struct SegmentPair {
  std::string source;
  std::string target;
};

struct Span {
  size_t begin = 0;  // byte offsets; begin == end means "no span"
  size_t end = 0;
  bool empty() const { return begin == end; }
};

struct Finding {
  std::string check;
  Severity severity = Severity::kWarning;
  size_t segment = 0;  // index into the checked segments
  Span source_span;
  Span target_span;
  std::string message;
  std::string suggestion;
  std::string concept_id;  // for glossary checks
};

struct CheckOptions {
  std::string src_lang = "en";
  std::string tgt_lang;
  std::vector<std::string> skip;  // check ids not to run
};

class Checker {
 public:
  // `glossary` may be empty; it must outlive the checker. InvalidArgument for a bad language.
  static Status Create(const Glossary& glossary, const CheckOptions& options, std::unique_ptr<Checker>* out);
  ~Checker();

  // Checks `segments`. `reference` (e.g. the TM) takes part in the consistency checks only:
  // a draft segment is reported when it disagrees with the reference or with another segment.
  // Findings are ordered by segment, then by check order.
  std::vector<Finding> Check(const std::vector<SegmentPair>& segments,
                             const std::vector<SegmentPair>& reference = {});

 private:
  struct Impl;
  explicit Checker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Inconsistent translations in a whole TM of `count` units, which `unit(i, &pair)` reads (false on
// a read failure). A first pass keeps 24 bytes per unit (hashes of the folded texts); a second
// reads back only the units of inconsistent groups. Each group of units with one source and
// several targets (inconsistent-target) or one target and several sources (inconsistent-source)
// becomes one finding on its first unit, its message listing the variants with counts.
std::vector<Finding> FindTmInconsistencies(size_t count, const std::function<bool(size_t, SegmentPair*)>& unit,
                                           std::string_view src_lang, std::string_view tgt_lang);

}  // namespace tmkit

#endif  // TMKIT_CHECKER_H_
