#include "tmkit/check_report.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>

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

}  // namespace

std::string FindingsToText(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments) {
  std::string out;
  for (const Finding& f : findings) {
    const SegmentPair& p = SegmentOf(segments, f.segment);
    out += Where(f) + ": " + SeverityName(f.severity) + " [" + f.check + "] " + f.message + " (confidence " +
           ConfidenceText(f.confidence) + ")\n";
    if (!p.source.empty()) out += "  src: " + Marked(p.source, f.source_span, "\u27E6", "\u27E7") + "\n";
    if (!p.target.empty()) out += "  tgt: " + Marked(p.target, f.target_span, "\u27E6", "\u27E7") + "\n";
    if (!f.suggestion.empty()) out += "  suggestion: " + f.suggestion + "\n";
  }
  return out;
}

std::string FindingsToJson(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments) {
  nlohmann::json all = nlohmann::json::array();
  for (const Finding& f : findings) {
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
                   {"confidence", std::round(f.confidence * 100) / 100}});
  }
  return all.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string FindingsToHtml(const std::vector<Finding>& findings, const std::vector<SegmentPair>& segments,
                           const std::string& title) {
  std::map<std::string, size_t> by_check;
  for (const Finding& f : findings) ++by_check[f.check];
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
      "</title>\n<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}mark{background:#ffd54f}"
      ".error{color:#b71c1c}.warning{color:#e65100}.note{color:#1565c0}"
      "td.tgt{unicode-bidi:plaintext}</style></head><body>\n<h1>" +
      HtmlEscape(title) + "</h1>\n<p>" + std::to_string(findings.size()) + " findings";
  for (const auto& [check, n] : by_check) out += " · " + HtmlEscape(check) + ": " + std::to_string(n);
  out += "</p>\n<table><tr><th>#</th><th>severity</th><th>confidence</th><th>check</th><th>source</th><th>translation</th>"
         "<th>message</th><th>suggestion</th></tr>\n";
  for (const Finding& f : findings) {
    const SegmentPair& p = SegmentOf(segments, f.segment);
    const char* sev = SeverityName(f.severity);
    out += "<tr><td>" + (f.unit != 0 ? Where(f) : std::to_string(SegmentNumber(f))) + "</td><td class=\"" + sev + "\">" + sev + "</td><td>" +
           ConfidenceText(f.confidence) + "</td><td>" + HtmlEscape(f.check) + "</td><td>" + HtmlMarked(p.source, f.source_span) + "</td><td class=\"tgt\" dir=\"auto\">" +
           HtmlMarked(p.target, f.target_span) + "</td><td>" + HtmlEscape(f.message) + "</td><td dir=\"auto\">" +
           HtmlEscape(f.suggestion) + "</td></tr>\n";
  }
  out += "</table>\n</body></html>\n";
  return out;
}

}  // namespace tmkit
