#include <gtest/gtest.h>

#include "tmkit/multi_alignment.h"

namespace tmkit {
namespace {

Alignment Of(std::vector<Bead> beads) {
  Alignment a;
  a.beads = std::move(beads);
  return a;
}

TEST(JoinOnSource, OneToOneBeadsOfEveryLanguageMakeOneBeadPerSentence) {
  Alignment ru = Of({{0, 1, 0, 1, 0.9}, {1, 2, 1, 2, 0.8}});
  Alignment ar = Of({{0, 1, 0, 1, 0.7}, {1, 2, 1, 2, 0.95}});
  std::vector<MultiBead> m = JoinOnSource({&ru, &ar}, 2);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].src_begin, 1u);
  EXPECT_EQ(m[1].src_end, 2u);
  EXPECT_EQ(m[1].sides[0].tgt_begin, 1u);
  EXPECT_DOUBLE_EQ(m[0].sides[1].confidence, 0.7);
  EXPECT_DOUBLE_EQ(m[1].sides[1].confidence, 0.95);
}

TEST(JoinOnSource, DisagreeingSourceSpansAreJoinedOnTheirUnion) {
  // en [3,4] <-> ru [3]; en [3] <-> ar [3], en [4] <-> ar [4, 5].
  Alignment ru = Of({{0, 3, 0, 3, 0.9}, {3, 5, 3, 4, 0.6}});
  Alignment ar = Of({{0, 3, 0, 3, 0.9}, {3, 4, 3, 4, 0.8}, {4, 5, 4, 6, 0.7}});
  std::vector<MultiBead> m = JoinOnSource({&ru, &ar}, 5);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].src_begin, 3u);
  EXPECT_EQ(m[1].src_end, 5u);
  EXPECT_EQ(m[1].sides[0].tgt_begin, 3u);
  EXPECT_EQ(m[1].sides[0].tgt_end, 4u);
  EXPECT_EQ(m[1].sides[1].tgt_begin, 3u);
  EXPECT_EQ(m[1].sides[1].tgt_end, 6u);
  EXPECT_EQ(m[1].sides[1].beads, 2u);
  EXPECT_DOUBLE_EQ(m[1].sides[1].confidence, 0.7);  // the weakest bead joined
}

TEST(JoinOnSource, ASentenceOneTranslationLacksKeepsTheOthers) {
  Alignment ru = Of({{0, 1, 0, 1, 0.9}, {1, 2, 1, 1, 0.8}, {2, 2, 1, 2, 0.5}});  // en 1 dropped, ru 1 added
  Alignment ar = Of({{0, 1, 0, 1, 0.9}, {1, 2, 1, 2, 0.9}});
  std::vector<MultiBead> m = JoinOnSource({&ru, &ar}, 2);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_TRUE(m[1].sides[0].empty());
  EXPECT_DOUBLE_EQ(m[1].sides[0].confidence, 0);
  EXPECT_FALSE(m[1].sides[1].empty());
}

TEST(JoinOnSource, AnInsertionInsideAJoinedSpanBelongsToIt) {
  // ru: en 0 <-> ru 0, ru 1 added, en 1 <-> ru 2; ar puts en 0 and 1 together.
  Alignment ru = Of({{0, 1, 0, 1, 0.9}, {1, 1, 1, 2, 0.4}, {1, 2, 2, 3, 0.9}});
  Alignment ar = Of({{0, 2, 0, 1, 0.9}});
  std::vector<MultiBead> m = JoinOnSource({&ru, &ar}, 2);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].sides[0].tgt_begin, 0u);
  EXPECT_EQ(m[0].sides[0].tgt_end, 3u);
}

}  // namespace
}  // namespace tmkit
