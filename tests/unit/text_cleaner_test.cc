// CleanTextForSegmentation: each clean-up step on its own, and text it must leave alone.
#include <gtest/gtest.h>

#include "tmkit/text_cleaner.h"

namespace tmkit {
namespace {

TEST(TextCleaner, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(CleanTextForSegmentation("It rained. The U.S. team left at 5 p.m.\n\nNext day."),
            "It rained. The U.S. team left at 5 p.m.\n\nNext day.");
  EXPECT_EQ(CleanTextForSegmentation("See https://example.com/a/b and 3 < 4 > 2."),
            "See https://example.com/a/b and 3 < 4 > 2.");
}

TEST(TextCleaner, EscapedAndBareCarriageReturns) {
  EXPECT_EQ(CleanTextForSegmentation("One. \\r\\n Two. \\ nThree."), "One.\n\nTwo.\nThree.");
  EXPECT_EQ(CleanTextForSegmentation("one\rtwo\r\nthree"), "one\ntwo\nthree");
}

TEST(TextCleaner, Markup) {
  EXPECT_EQ(CleanTextForSegmentation("Fine. <em>Yes.</em> <a href=\"x>y\">No</a>!"), "Fine. Yes. No!");
  EXPECT_EQ(CleanTextForSegmentation("<h1>Title</h1><p>Body.</p>"), "Title\nBody.");
  EXPECT_EQ(CleanTextForSegmentation("&lt;b&gt;Bold&lt;/b&gt; x{b^>2<b^}y"), "Bold xy");
}

TEST(TextCleaner, QuotesLeadersRulesAndDebris) {
  EXPECT_EQ(CleanTextForSegmentation("``Go,'' he said. `Now'"), "\"Go,\" he said. 'Now'");
  EXPECT_EQ(CleanTextForSegmentation("Intro ........ 3\nMethods ...... 10-12"), "Intro\n\nMethods");
  EXPECT_EQ(CleanTextForSegmentation("Wait..........now."), "Wait now.");
  EXPECT_EQ(CleanTextForSegmentation("//////Header\n12\nText   with  gaps ."), "Header\nText with gaps .");
  EXPECT_EQ(CleanTextForSegmentation("for pricing\n.\nNext"), "for pricing.\nNext");
  EXPECT_EQ(CleanTextForSegmentation("S\nT\nOP\nnow"), "STOP\nnow");
  EXPECT_EQ(CleanTextForSegmentation("I\nam"), "I\nam");  // two short lines are not vertical text
}

}  // namespace
}  // namespace tmkit
