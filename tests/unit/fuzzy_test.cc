#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tmkit/fuzzy.h"

namespace tmkit {
namespace {

TEST(Fuzzy, WordLevelFormula) {
  // research/tm.md §1.1: 7 of 8 words aligned -> floor(100 * 7 / 8) = 87.
  FuzzyComparison c = CompareForFuzzy("Install the SDK using your favourite package manager.",
                                      "Install the SDK using your preferred package manager.", false, "en");
  EXPECT_EQ(c.score.base, 87);
  EXPECT_EQ(c.score.total, 87);
  ASSERT_EQ(c.diff.size(), 1u);
  EXPECT_EQ(std::string("Install the SDK using your preferred package manager.").substr(c.diff[0].begin, c.diff[0].end - c.diff[0].begin),
            "preferred");
  ASSERT_EQ(c.missing.size(), 1u);
  EXPECT_EQ(c.missing[0], "favourite");
}

TEST(Fuzzy, IdenticalIsHundredAndEmptyIsZero) {
  EXPECT_EQ(CompareForFuzzy("The talks resumed.", "The talks resumed.", false, "en").score.total, 100);
  EXPECT_EQ(CompareForFuzzy("", "The talks resumed.", false, "en").score.total, 0);
}

TEST(Fuzzy, PenaltiesAreSmallAndNamed) {
  FuzzyComparison c = CompareForFuzzy("the talks resumed.", "The talks resumed.", false, "en");
  EXPECT_EQ(c.score.base, 100);
  EXPECT_EQ(c.score.case_penalty, 1);
  EXPECT_EQ(c.score.total, 99);
  c = CompareForFuzzy("The talks resumed!", "The talks resumed.", false, "en");
  EXPECT_EQ(c.score.punctuation_penalty, 1);
  EXPECT_EQ(c.score.total, 99);
  c = CompareForFuzzy("The talks resumed.", "The talks resumed.", true, "en");
  EXPECT_EQ(c.score.code_penalty, 1);
  EXPECT_EQ(c.score.total, 99);
  c = CompareForFuzzy("At least 45 people died.", "At least 52 people died.", false, "en");
  EXPECT_EQ(c.score.base, 100);
  EXPECT_EQ(c.score.number_penalty, 1);
  EXPECT_TRUE(c.numbers_only);
  EXPECT_EQ(c.score.total, 99);
}

// A lookup analyses the query once and scores many stored segments with it: the analysis must
// outlive the caller's string and not be changed by a comparison.
TEST(Fuzzy, OnePreparedQueryScoresManySegmentsLikeFreshComparisons) {
  const std::vector<std::string> stored = {
      "At least 52 people died.", "at least 45 people died!", "", "At least 45 people died.",
      "Many people died in 2,400 places.", "At least 45 people", "At least 45 people died in the floods."};
  std::unique_ptr<FuzzyQuery> prepared;
  {
    std::string query = "At least 45 people died.";
    prepared = std::make_unique<FuzzyQuery>(query, "en");
    query.assign(query.size(), 'x');  // the prepared query keeps its own copy
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& s : stored) {
      FuzzyComparison got = prepared->Compare(s, pass == 1);
      FuzzyComparison want = CompareForFuzzy("At least 45 people died.", s, pass == 1, "en");
      EXPECT_EQ(got.score.total, want.score.total) << s;
      EXPECT_EQ(got.score.base, want.score.base) << s;
      EXPECT_EQ(got.score.number_penalty, want.score.number_penalty) << s;
      EXPECT_EQ(got.numbers_only, want.numbers_only) << s;
      EXPECT_EQ(got.missing, want.missing) << s;
      ASSERT_EQ(got.diff.size(), want.diff.size()) << s;
      for (size_t i = 0; i < got.diff.size(); ++i) EXPECT_EQ(got.diff[i].begin, want.diff[i].begin) << s;
    }
  }
  EXPECT_EQ(prepared->Compare("At least 45 people died.", false).score.total, 100);
}

TEST(Fuzzy, FoldingFollowsTheLanguage) {
  EXPECT_EQ(CompareForFuzzy("Ещё один раунд", "Еще один раунд", false, "ru").score.base, 100);
  EXPECT_EQ(CompareForFuzzy("الأسد", "الاسد", false, "ar").score.base, 100);
}

TEST(Fuzzy, SameValueWrittenDifferentlyIsNotANumberChange) {
  FuzzyComparison c = CompareForFuzzy("It cost 2,400 dollars.", "It cost 2400 dollars.", false, "en");
  EXPECT_EQ(c.score.number_penalty, 0);
}

TEST(Fuzzy, CarriesNumbersOverIntoTheTarget) {
  EXPECT_EQ(CarryOverNumbers("At least 45 people died.", "At least 52 people died.", "en",
                             "Погибли по меньшей мере 52 человека.", "ru"),
            "Погибли по меньшей мере 45 человека.");
  EXPECT_EQ(CarryOverNumbers("The fund holds 1.5 billion dollars.", "The fund holds 1.2 billion dollars.", "en",
                             "В фонде 1,2 млрд долларов.", "ru"),
            "В фонде 1,5 млрд долларов.");
  EXPECT_EQ(CarryOverNumbers("It cost 12,500 dollars.", "It cost 2,400 dollars.", "en",
                             "Это стоило 2 400 долларов.", "ru"),
            "Это стоило 12 500 долларов.");
  // The stored number is missing from the target: no guess.
  EXPECT_EQ(CarryOverNumbers("In 2020 it grew.", "In 2019 it grew.", "en", "Он вырос.", "ru"), "");
  // Found twice in the target: ambiguous, no guess.
  EXPECT_EQ(CarryOverNumbers("5 of 5", "7 of 5", "en", "7 из 7", "ru"), "");
}

}  // namespace
}  // namespace tmkit
