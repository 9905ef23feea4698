#include "tmkit/alignment_score.h"

#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <array>
#include <map>
#include <set>

namespace tmkit {
namespace {

// Parses "[1, 2]" (spaces anywhere) starting at *pos.
bool ParseList(std::string_view s, size_t* pos, std::vector<int>* out) {
  auto skip = [&] { while (*pos < s.size() && (s[*pos] == ' ' || s[*pos] == '\t')) ++*pos; };
  skip();
  if (*pos >= s.size() || s[*pos] != '[') return false;
  ++*pos;
  skip();
  if (*pos < s.size() && s[*pos] == ']') { ++*pos; skip(); return true; }
  while (true) {
    skip();
    size_t start = *pos;
    long v = 0;
    while (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9' && v < 1000000000) v = v * 10 + (s[(*pos)++] - '0');
    if (*pos == start) return false;
    out->push_back(static_cast<int>(v));
    skip();
    if (*pos < s.size() && s[*pos] == ',') { ++*pos; continue; }
    if (*pos < s.size() && s[*pos] == ']') { ++*pos; skip(); return true; }
    return false;
  }
}

// Counts [strict tp, strict fp, lax tp, lax fp] of `test` against `gold` (score.py's _prec).
std::array<long, 4> Precision(const std::vector<IndexBead>& gold_in, const std::vector<IndexBead>& test_in) {
  std::set<IndexBead> gold, test;
  for (const IndexBead& b : gold_in) if (!b.src.empty() || !b.tgt.empty()) gold.insert(b);
  for (const IndexBead& b : test_in) if (!b.src.empty() || !b.tgt.empty()) test.insert(b);
  std::map<int, std::set<int>> targets_of;
  for (const IndexBead& g : gold) {
    for (int s : g.src) for (int t : g.tgt) targets_of[s].insert(t);
  }
  std::array<long, 4> c{0, 0, 0, 0};
  for (const IndexBead& t : test) {
    if (gold.count(t)) { ++c[0]; ++c[2]; continue; }
    ++c[1];
    bool overlap = false;
    for (int s : t.src) {
      auto it = targets_of.find(s);
      if (it == targets_of.end()) continue;
      for (int y : t.tgt) overlap = overlap || it->second.count(y);
    }
    ++c[overlap ? 2 : 3];
  }
  return c;
}

std::vector<IndexBead> BothSides(const std::vector<IndexBead>& beads) {
  std::vector<IndexBead> out;
  for (const IndexBead& b : beads) if (!b.src.empty() && !b.tgt.empty()) out.push_back(b);
  return out;
}

}  // namespace

Status ParseBeads(std::string_view text, std::string_view name, std::vector<IndexBead>* beads) {
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    IndexBead bead;
    size_t at = 0;
    bool ok = ParseList(line, &at, &bead.src) && at < line.size() && line[at] == ':';
    if (ok) {
      ++at;
      ok = ParseList(line, &at, &bead.tgt) && (at == line.size() || line[at] == ':');
    }
    if (ok && at < line.size()) {  // ":SCORE"
      std::string score(line.substr(at + 1));
      char* end = nullptr;
      bead.confidence = std::strtod(score.c_str(), &end);
      ok = end != score.c_str();
      if (!ok) ++at;
    }
    if (!ok) {
      return Status::InvalidInput(std::string(name) + ":" + std::to_string(line_no) + ":" + std::to_string(at + 1) +
                                  ": expected a bead like [0, 1]:[2] or [0, 1]:[2]:0.95");
    }
    beads->push_back(std::move(bead));
  }
  return Status::OK();
}

std::vector<IndexBead> ToIndexBeads(const std::vector<Bead>& beads) {
  std::vector<IndexBead> out;
  for (const Bead& b : beads) {
    IndexBead ib;
    for (uint32_t i = b.src_begin; i < b.src_end; ++i) ib.src.push_back(static_cast<int>(i));
    for (uint32_t j = b.tgt_begin; j < b.tgt_end; ++j) ib.tgt.push_back(static_cast<int>(j));
    out.push_back(std::move(ib));
  }
  return out;
}

std::string FormatBead(const Bead& bead) {
  std::string s = "[";
  for (uint32_t i = bead.src_begin; i < bead.src_end; ++i) s += (i > bead.src_begin ? ", " : "") + std::to_string(i);
  s += "]:[";
  for (uint32_t j = bead.tgt_begin; j < bead.tgt_end; ++j) s += (j > bead.tgt_begin ? ", " : "") + std::to_string(j);
  char score[32];
  std::snprintf(score, sizeof score, "]:%.3f", bead.confidence);
  return s + score;
}

AlignmentScores ScoreAlignments(const std::vector<std::pair<std::vector<IndexBead>, std::vector<IndexBead>>>& gold_test) {
  std::array<long, 4> p{0, 0, 0, 0}, r{0, 0, 0, 0};
  for (const auto& [gold, test] : gold_test) {
    auto a = Precision(gold, test);
    auto b = Precision(BothSides(test), BothSides(gold));
    for (int k = 0; k < 4; ++k) { p[k] += a[k]; r[k] += b[k]; }
  }
  auto ratio = [](long a, long b) { return a + b ? static_cast<double>(a) / (a + b) : 0.0; };
  auto f1 = [](double x, double y) { return x + y ? 2 * x * y / (x + y) : 0.0; };
  AlignmentScores s;
  s.precision_strict = ratio(p[0], p[1]);
  s.precision_lax = ratio(p[2], p[3]);
  s.recall_strict = ratio(r[0], r[1]);
  s.recall_lax = ratio(r[2], r[3]);
  s.f1_strict = f1(s.precision_strict, s.recall_strict);
  s.f1_lax = f1(s.precision_lax, s.recall_lax);
  return s;
}

std::string FormatScores(const AlignmentScores& s) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "P_strict=%.3f R_strict=%.3f F1_strict=%.3f P_lax=%.3f R_lax=%.3f F1_lax=%.3f",
                s.precision_strict, s.recall_strict, s.f1_strict, s.precision_lax, s.recall_lax, s.f1_lax);
  return buf;
}

Reliability MeasureReliability(const std::vector<std::pair<std::vector<IndexBead>, std::vector<IndexBead>>>& gold_test,
                               int bins) {
  Reliability r;
  r.bins.resize(bins);
  std::vector<double> correct(bins, 0), confidence(bins, 0);
  for (int k = 0; k < bins; ++k) {
    r.bins[k].low = static_cast<double>(k) / bins;
    r.bins[k].high = static_cast<double>(k + 1) / bins;
  }
  for (const auto& [gold, test] : gold_test) {
    std::set<IndexBead> g(gold.begin(), gold.end());
    for (const IndexBead& b : test) {
      if (b.confidence < 0 || (b.src.empty() && b.tgt.empty())) continue;
      double c = std::min(1.0, b.confidence);
      int k = std::min(bins - 1, static_cast<int>(c * bins));
      bool right = g.count(b) > 0;
      ++r.bins[k].beads;
      confidence[k] += c;
      correct[k] += right;
      r.brier += (c - right) * (c - right);
      ++r.beads;
    }
  }
  for (int k = 0; k < bins; ++k) {
    ReliabilityBin& bin = r.bins[k];
    if (bin.beads == 0) continue;
    bin.mean_confidence = confidence[k] / bin.beads;
    bin.accuracy = correct[k] / bin.beads;
    r.expected_calibration_error += std::fabs(bin.accuracy - bin.mean_confidence) * bin.beads;
  }
  if (r.beads > 0) {
    r.expected_calibration_error /= r.beads;
    r.brier /= r.beads;
  }
  return r;
}

}  // namespace tmkit
