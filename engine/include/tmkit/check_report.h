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

// Segment-by-segment text ("segment N", or "unit ID" for a finding about a TM unit): the
// finding, the source and target with the span marked ⟦…⟧, the suggestion.
std::string FindingsToText(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments);

// A JSON array, one object per finding: check, severity, segment (null for a TM unit), unit (TM unit id or null),
// source_span, target_span ({begin, end, text} in bytes, or null), message, suggestion, concept.
std::string FindingsToJson(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments);

// An HTML report: a summary by check and a table of findings with the spans highlighted.
std::string FindingsToHtml(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments,
                           const std::string& title);

}  // namespace tmkit

#endif  // TMKIT_CHECK_REPORT_H_
