// Writers for check findings: text for people, JSON for pipelines, a self-contained HTML page for
// editors. Pure functions of their inputs; thread-safe. Formats are described in docs/checks.md.
#ifndef TMKIT_CHECK_REPORT_H_
#define TMKIT_CHECK_REPORT_H_

#include <string>
#include <vector>

#include "tmkit/checker.h"

namespace tmkit {

// Every report numbers segments from 1 (Finding::segment + 1): "segment 3" in text and HTML is
// "segment": 3 in JSON, the third line of a TSV or presegmented input.

// The problems an editor fixes (docs/checks.md, "Counting"): findings of one check with the same
// repeat_key are one finding with several occurrences; a finding about a TM unit is its own. Per
// finding, the index of its group, groups numbered from 0 in order of first occurrence; `groups`
// receives their number.
std::vector<size_t> GroupRepeats(const std::vector<Finding>& findings, size_t* groups);

// The counts of a report's last line: "N findings in P places: E errors, W warnings, K notes" (a
// finding's severity is its most severe occurrence's).
std::string CountsLine(const std::vector<Finding>& findings);

// Finding by finding, in order of first occurrence ("segment N", or "unit ID" for a finding about
// a TM unit): the finding, the source and target with the span marked ⟦…⟧, the suggestion; then each further
// occurrence ("also segment M") with its target.
std::string FindingsToText(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments);

// A JSON array, one object per occurrence: check, severity, segment (null for a TM unit), unit (TM unit id or null),
// source_span, target_span ({begin, end, text} in bytes, or null), message, suggestion, concept,
// confidence, finding (its group, from 1) and occurrences (how many the group has).
std::string FindingsToJson(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments);

// An HTML report: a summary by check (findings and places) and a table of occurrences with the
// spans highlighted and their finding's number.
std::string FindingsToHtml(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments,
                           const std::string& title);

}  // namespace tmkit

#endif  // TMKIT_CHECK_REPORT_H_
