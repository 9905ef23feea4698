// tmkit align-score: strict and lax precision/recall/F1 of alignments against gold beads, computed
// as data/alignment/score_alignment.py does (pooled over all the pairs given).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "tmkit/alignment_score.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

Status ReadBeadFile(const std::string& path, std::vector<IndexBead>* beads) {
  std::string text;
  Status s = ReadFile(path, &text);
  if (!s.ok()) return s;
  s = ValidateUtf8(text, path);
  if (!s.ok()) return s;
  return ParseBeads(text, path, beads);
}

std::function<int()> SetupAlignScore(CLI::App* app) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  auto reliability = std::make_shared<bool>(false);
  app->add_flag("--reliability", *reliability, _("Also print how well the beads' confidences are calibrated"));
  app->add_option("--format", *format, _("Output: text or json"))->check(OneOf({"text", "json"}));
  app->add_option("GOLD_TEST", *files, _("GOLD1 TEST1 [GOLD2 TEST2 ...]"))->required();
  return [files, format, reliability]() -> int {
    if (files->size() % 2 != 0) return Fail(Status::InvalidArgument(_("give GOLD TEST file pairs")));
    std::vector<std::pair<std::vector<IndexBead>, std::vector<IndexBead>>> pairs(files->size() / 2);
    for (size_t k = 0; k < files->size(); k += 2) {
      Status s = ReadBeadFile((*files)[k], &pairs[k / 2].first);
      if (s.ok()) s = ReadBeadFile((*files)[k + 1], &pairs[k / 2].second);
      if (!s.ok()) return Fail(s);
    }
    AlignmentScores r = ScoreAlignments(pairs);
    Reliability rel;
    if (*reliability) rel = MeasureReliability(pairs);
    if (*format == "json") {
      nlohmann::json j = {{"P_strict", r.precision_strict}, {"R_strict", r.recall_strict}, {"F1_strict", r.f1_strict},
                          {"P_lax", r.precision_lax},       {"R_lax", r.recall_lax},       {"F1_lax", r.f1_lax}};
      if (*reliability) {
        nlohmann::json bins = nlohmann::json::array();
        for (const ReliabilityBin& b : rel.bins) {
          bins.push_back({{"low", b.low}, {"high", b.high}, {"beads", b.beads}, {"mean_confidence", b.mean_confidence},
                          {"accuracy", b.accuracy}});
        }
        j["reliability"] = {{"bins", bins}, {"beads", rel.beads}, {"ece", rel.expected_calibration_error}, {"brier", rel.brier}};
      }
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%s\n", FormatScores(r).c_str());
      if (*reliability) {
        std::printf("| confidence | beads | mean confidence | right (strict) |\n|---|---|---|---|\n");
        for (const ReliabilityBin& b : rel.bins) {
          if (b.beads == 0) continue;
          std::printf("| %.1f-%.1f | %ld | %.3f | %.3f |\n", b.low, b.high, b.beads, b.mean_confidence, b.accuracy);
        }
        std::printf("beads=%ld ECE=%.3f Brier=%.3f\n", rel.beads, rel.expected_calibration_error, rel.brier);
      }
    }
    return kExitOk;
  };
}

TMKIT_VERB(align_score, "align-score", "Score alignments against gold beads (strict and lax P/R/F1)", SetupAlignScore);

}  // namespace
}  // namespace tmkit::cli
