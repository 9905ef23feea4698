// Segmentation: the Golden Rules and extra suites from ../shared/data/segmentation, the CLI-facing
// stream contract (offsets, paragraphs, BOM, CRLF, invalid UTF-8) and the SRX reader.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "segment/rules.h"
#include "segment/srx.h"
#include "tmkit/segmenter.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

std::string SharedDir() {
  const char* env = std::getenv("TMKIT_SHARED_DIR");
  return env ? env : TMKIT_SHARED_DIR;
}

std::unique_ptr<Segmenter> Make(const std::string& lang, const std::string& srx = "") {
  SegmenterOptions options;
  options.srx_path = srx;
  std::unique_ptr<Segmenter> seg;
  Status s = Segmenter::Create(lang, options, &seg);
  EXPECT_TRUE(s.ok()) << s.message();
  return seg;
}

std::vector<std::string> Split(Segmenter* seg, const std::string& text) {
  std::vector<SentenceSpan> spans;
  Status s = seg->SegmentText(text, "test", &spans);
  EXPECT_TRUE(s.ok()) << s.message();
  std::vector<std::string> out;
  for (const SentenceSpan& span : spans) out.push_back(SentenceOnOneLine(text.substr(span.start, span.end - span.start)));
  return out;
}

struct Case {
  std::string id;
  std::string text;
  std::vector<std::string> expected;
  std::vector<std::string> flags;
};

std::vector<Case> LoadSuite(const std::string& name) {
  std::ifstream in(SharedDir() + "/data/segmentation/" + name + ".json");
  EXPECT_TRUE(in.good()) << "missing suite " << name;
  std::vector<Case> cases;
  if (!in.good()) return cases;
  nlohmann::json j = nlohmann::json::parse(in);
  for (const auto& c : j["cases"]) {
    Case k;
    k.id = c["id"];
    k.text = c["text"];
    for (const auto& e : c["expected"]) k.expected.push_back(e);
    if (c.contains("flags")) for (const auto& f : c["flags"]) k.flags.push_back(f);
    cases.push_back(std::move(k));
  }
  return cases;
}

// Runs a suite; returns the number passed and prints the failures (they are the worklist).
size_t Score(const std::string& lang, const std::vector<Case>& cases, const std::string& srx = "",
             bool verbose = true) {
  auto seg = Make(lang, srx);
  size_t passed = 0;
  for (const Case& c : cases) {
    std::vector<std::string> got = Split(seg.get(), c.text);
    if (got == c.expected) {
      ++passed;
    } else if (verbose) {
      std::string g;
      for (const auto& s : got) g += "  | " + s + "\n";
      std::printf("[%s] %s\n%s", lang.c_str(), c.id.c_str(), g.c_str());
    }
  }
  std::printf("[score] %s: %zu/%zu\n", lang.c_str(), passed, cases.size());
  return passed;
}

TEST(SegmentSuites, EnglishGoldenRules) {
  auto cases = LoadSuite("en_golden");
  ASSERT_EQ(cases.size(), 52u);
  EXPECT_EQ(Score("en", cases), 52u);
}

TEST(SegmentSuites, EnglishExtra) {
  auto cases = LoadSuite("en_extra");
  ASSERT_EQ(cases.size(), 151u);
  EXPECT_GE(Score("en", cases), 144u);  // >= 95 %
}

TEST(SegmentSuites, RussianGoldenAndExtra) {
  auto golden = LoadSuite("ru_golden");
  auto extra = LoadSuite("ru_extra");
  ASSERT_EQ(golden.size(), 3u);
  ASSERT_EQ(extra.size(), 39u);
  EXPECT_EQ(Score("ru", golden), 3u);
  EXPECT_EQ(Score("ru", extra), 39u);
}

}  // namespace
}  // namespace tmkit
