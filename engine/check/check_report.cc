#include "tmkit/check_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

namespace tmkit {
namespace {

std::string Marked(const std::string& text, Span span, const char* open, const char* close) {
  if (span.empty() && span.begin == 0) return text;
  size_t b = std::min(span.begin, text.size()), e = std::min(span.end, text.size());
  return text.substr(0, b) + open + text.substr(b, e - b) + close + text.substr(e);
}

bool HasSpan(const Span& s) { return !s.empty() || s.begin != 0; }

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Escapes the three parts around a span separately so the <mark> survives.
std::string HtmlMarked(const std::string& text, Span span) {
  if (!HasSpan(span)) return HtmlEscape(text);
  size_t b = std::min(span.begin, text.size()), e = std::min(span.end, text.size());
  return HtmlEscape(text.substr(0, b)) + "<mark>" + (b == e ? "&#x2038;" : HtmlEscape(text.substr(b, e - b))) +
         "</mark>" + HtmlEscape(text.substr(e));
}

const SegmentPair& SegmentOf(const std::vector<SegmentPair>& segments, size_t i) {
  static const SegmentPair kNone;
  return i < segments.size() ? segments[i] : kNone;
}

// Segments are numbered from 1 in every report (text, HTML, JSON): segment 3 is the third line of
// a TSV or presegmented input. "unit 17" for a finding about a stored unit.
size_t SegmentNumber(const Finding& f) { return f.segment + 1; }

std::string Where(const Finding& f) {
  return f.unit != 0 ? "unit " + std::to_string(f.unit) : "segment " + std::to_string(SegmentNumber(f));
}

std::string ConfidenceText(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

// The findings of each group, in report order.
std::vector<std::vector<size_t>> Members(const std::vector<Finding>& findings) {
  size_t n = 0;
  std::vector<size_t> group = GroupRepeats(findings, &n);
  std::vector<std::vector<size_t>> members(n);
  for (size_t i = 0; i < findings.size(); ++i) members[group[i]].push_back(i);
  return members;
}

std::string Counted(size_t n, const char* one, const char* many) {
  return std::to_string(n) + ' ' + (n == 1 ? one : many);
}

}  // namespace

std::vector<size_t> GroupRepeats(const std::vector<Finding>& findings, size_t* groups) {
  std::unordered_map<std::string, size_t> index;  // check, key -> group
  std::vector<size_t> group(findings.size());
  size_t n = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (f.unit != 0) {
      group[i] = n++;
      continue;
    }
    auto [it, fresh] = index.emplace(f.check + '\n' + f.repeat_key, n);
    if (fresh) ++n;
    group[i] = it->second;
  }
  *groups = n;
  return group;
}

std::string CountsLine(const std::vector<Finding>& findings) {
  size_t by_severity[3] = {0, 0, 0};
  std::vector<std::vector<size_t>> members = Members(findings);
  for (const auto& m : members) {
    Severity worst = Severity::kNote;
    for (size_t i : m) worst = std::max(worst, findings[i].severity);
    ++by_severity[static_cast<int>(worst)];
  }
  return Counted(members.size(), "finding", "findings") + " in " + Counted(findings.size(), "place", "places") +
         ": " + Counted(by_severity[2], "error", "errors") + ", " + Counted(by_severity[1], "warning", "warnings") +
         ", " + Counted(by_severity[0], "note", "notes");
}

std::string FindingsToText(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments) {
  std::string out;
  for (const std::vector<size_t>& m : Members(findings)) {
    const Finding& f = findings[m.front()];
    const SegmentPair& p = SegmentOf(segments, f.segment);
    out += Where(f) + ": " + SeverityName(f.severity) + " [" + f.check + "] " + f.message + " (confidence " +
           ConfidenceText(f.confidence) + ")" + (m.size() > 1 ? ", " + std::to_string(m.size()) + " places" : "") + "\n";
    if (!p.source.empty()) out += "  src: " + Marked(p.source, f.source_span, "\u27E6", "\u27E7") + "\n";
    if (!p.target.empty()) out += "  tgt: " + Marked(p.target, f.target_span, "\u27E6", "\u27E7") + "\n";
    if (!f.suggestion.empty()) out += "  suggestion: " + f.suggestion + "\n";
    for (size_t k = 1; k < m.size(); ++k) {
      const Finding& g = findings[m[k]];
      const SegmentPair& q = SegmentOf(segments, g.segment);
      out += "  also " + Where(g) + (g.severity != f.severity ? std::string(" (") + SeverityName(g.severity) + ")" : "") +
             (g.message != f.message ? ": " + g.message : "") + "\n";
      if (!q.target.empty()) out += "    tgt: " + Marked(q.target, g.target_span, "\u27E6", "\u27E7") + "\n";
      else if (!q.source.empty()) out += "    src: " + Marked(q.source, g.source_span, "\u27E6", "\u27E7") + "\n";
      if (!g.suggestion.empty() && g.suggestion != f.suggestion) out += "    suggestion: " + g.suggestion + "\n";
    }
  }
  return out;
}

std::string FindingsToJson(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments) {
  nlohmann::json all = nlohmann::json::array();
  size_t groups = 0;
  std::vector<size_t> group = GroupRepeats(findings, &groups);
  std::vector<size_t> occurrences(groups, 0);
  for (size_t g : group) ++occurrences[g];
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    const SegmentPair& p = SegmentOf(segments, f.segment);
    auto span = [](const std::string& text, const Span& s) -> nlohmann::json {
      if (!HasSpan(s)) return nullptr;
      size_t b = std::min(s.begin, text.size()), e = std::min(s.end, text.size());
      return {{"begin", b}, {"end", e}, {"text", text.substr(b, e - b)}};
    };
    all.push_back({{"check", f.check},
                   {"severity", SeverityName(f.severity)},
                   {"segment", f.unit != 0 ? nlohmann::json(nullptr) : nlohmann::json(SegmentNumber(f))},
                   {"unit", f.unit != 0 ? nlohmann::json(f.unit) : nlohmann::json(nullptr)},
                   {"source_span", span(p.source, f.source_span)},
                   {"target_span", span(p.target, f.target_span)},
                   {"message", f.message},
                   {"suggestion", f.suggestion},
                   {"concept", f.concept_id},
                   {"confidence", std::round(f.confidence * 100) / 100},
                   {"finding", group[i] + 1},
                   {"occurrences", occurrences[group[i]]}});
  }
  return all.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string FindingsToHtml(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments,
                           const std::string& title) {
  size_t groups = 0;
  std::vector<size_t> group = GroupRepeats(findings, &groups);
  std::map<std::string, std::pair<std::set<size_t>, size_t>> by_check;  // its findings, its places
  for (size_t i = 0; i < findings.size(); ++i) {
    by_check[findings[i].check].first.insert(group[i]);
    ++by_check[findings[i].check].second;
  }
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
      "</title>\n<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}mark{background:#ffd54f}"
      ".error{color:#b71c1c}.warning{color:#e65100}.note{color:#1565c0}"
      "td.tgt{unicode-bidi:plaintext}</style></head><body>\n<h1>" +
      HtmlEscape(title) + "</h1>\n<p>" + HtmlEscape(CountsLine(findings));
  for (const auto& [check, n] : by_check) {
    out += " · " + HtmlEscape(check) + ": " + std::to_string(n.first.size()) +
           (n.second > n.first.size() ? " (" + std::to_string(n.second) + " places)" : "");
  }
  out += "</p>\n<table><tr><th>finding</th><th>#</th><th>severity</th><th>confidence</th><th>check</th><th>source</th><th>translation</th>"
         "<th>message</th><th>suggestion</th></tr>\n";
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    const SegmentPair& p = SegmentOf(segments, f.segment);
    const char* sev = SeverityName(f.severity);
    out += "<tr><td>" + std::to_string(group[i] + 1) + "</td><td>" + (f.unit != 0 ? Where(f) : std::to_string(SegmentNumber(f))) + "</td><td class=\"" + sev + "\">" + sev + "</td><td>" +
           ConfidenceText(f.confidence) + "</td><td>" + HtmlEscape(f.check) + "</td><td>" + HtmlMarked(p.source, f.source_span) + "</td><td class=\"tgt\" dir=\"auto\">" +
           HtmlMarked(p.target, f.target_span) + "</td><td>" + HtmlEscape(f.message) + "</td><td dir=\"auto\">" +
           HtmlEscape(f.suggestion) + "</td></tr>\n";
  }
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace tmkit
