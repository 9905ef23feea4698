// Pre-publish QA of translations: glossary terms and names, consistency across a draft and a TM,
// numbers, untranslated text, spelling and typography. Each check has a stable id and a default
// severity (docs/checks.md). A Checker is not thread-safe (it owns Hunspell instances).
#ifndef TMKIT_CHECKER_H_
#define TMKIT_CHECKER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit {

class Memory;

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
  uint64_t unit = 0;       // the TM unit's id for a finding about a stored unit; 0 otherwise
  // How sure the check is that this is a real problem, 0..1 (docs/checks.md, "Confidence"): an
  // editor sorts by it. An error-severity check reports below 0.8 as a warning.
  double confidence = 1.0;
  // What makes two findings of one check the same problem for an editor: the misspelt word, the
  // concept and form, the numbers. Empty: the check itself, one slip repeated (lost spaces, double
  // spaces, open quotations). Reports count and list findings grouped by it (check_report.h).
  std::string repeat_key;
};

// The confidence an error-severity finding needs to be reported as an error (`--fail-on error`
// means "a real error, with high confidence").
constexpr double kErrorConfidence = 0.8;

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

  // Check() with the units of a TM as the reference. Only the units that concern the draft are
  // read into memory: those with the same source or translation as a draft segment (folded, as the
  // consistency checks compare them), and those whose source names a name of the draft's sources
  // (a capitalized word that is not a sentence-initial dictionary word). Units without both a
  // src_lang and a tgt_lang variant are skipped. Errors are the TM's read errors.
  Status Check(const std::vector<SegmentPair>& segments, const Memory& tm, std::vector<Finding>* findings);

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

// FindTmInconsistencies over a stored TM, its units (those with a src_lang and a tgt_lang
// variant) scanned in one snapshot. Each finding's `unit` is the id of its group's first unit,
// `segment` an index into `units`, which receives that unit's texts for the reports; variants are
// listed with their unit ids. Errors are the TM's read errors.
Status FindTmInconsistencies(const Memory& tm, std::string_view src_lang, std::string_view tgt_lang,
                             std::vector<Finding>* findings, std::vector<SegmentPair>* units);

}  // namespace tmkit

#endif  // TMKIT_CHECKER_H_
