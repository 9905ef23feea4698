#include <gtest/gtest.h>

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
