#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "align/word_forms.h"
#include "tmkit/aligner.h"
#include "tmkit/alignment_score.h"
#include "tmkit/bilingual_dictionary.h"

namespace tmkit {
namespace {

std::vector<IndexBead> Beads(const std::string& text) {
  std::vector<IndexBead> beads;
  EXPECT_TRUE(ParseBeads(text, "test", &beads).ok());
  return beads;
}

TEST(AlignmentScore, MatchesScoreAlignmentPy) {
  // Expected values printed by data/alignment/score_alignment.py for the same two files.
  auto gold = Beads("[0]:[0]\n[1]:[1, 2]\n[2, 3]:[3]\n[4]:[]\n[]:[4]\n[5]:[5]\n");
  auto test = Beads("[0]:[0]:0.9\n[1]:[1]:0.5\n[]:[2]:0.1\n\n[2, 3]:[3]\n[4]:[4]\n[5]:[5]\n");
  AlignmentScores s = ScoreAlignments({{gold, test}});
  EXPECT_DOUBLE_EQ(s.precision_strict, 0.5);
  EXPECT_DOUBLE_EQ(s.recall_strict, 0.75);
  EXPECT_DOUBLE_EQ(s.f1_strict, 0.6);
  EXPECT_DOUBLE_EQ(s.precision_lax, 4.0 / 6);
  EXPECT_DOUBLE_EQ(s.recall_lax, 1.0);
  EXPECT_EQ(FormatScores(s), "P_strict=0.500 R_strict=0.750 F1_strict=0.600 P_lax=0.667 R_lax=1.000 F1_lax=0.800");
}

TEST(AlignmentScore, RejectsMalformedBeads) {
  std::vector<IndexBead> beads;
  Status s = ParseBeads("[0]:[0]\n[1, x]:[2]\n", "gold.txt", &beads);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("gold.txt:2:"), std::string::npos) << s.message();
}

TEST(AlignmentScore, FormatsBeadsLikeTheGoldFiles) {
  EXPECT_EQ(FormatBead({0, 2, 3, 4, 0.8734}), "[0, 1]:[3]:0.873");
  EXPECT_EQ(FormatBead({5, 6, 7, 7, 1.0}), "[5]:[]:1.000");
}

TEST(WordForms, StemsSkeletonsAndClitics) {
  using namespace align_internal;
  EXPECT_EQ(StripArabicProclitics("والاسد"), "اسد");
  EXPECT_EQ(MatchingStem("للرئيس", Script::kArabic), MatchingStem("الرئيس", Script::kArabic));
  EXPECT_EQ(MatchingStem("выборах", Script::kCyrillic), MatchingStem("выборы", Script::kCyrillic));
  // Assad ~ Асада ~ الأسد (folded: الاسد) through transliteration skeletons.
  Transliterator ru(Script::kCyrillic), ar(Script::kArabic), en(Script::kLatin);
  std::string assad = ConsonantSkeleton(en.ToAscii("assad"));
  EXPECT_EQ(ConsonantSkeleton(ru.ToAscii("асада")), assad);
  EXPECT_EQ(ConsonantSkeleton(ar.ToAscii("الاسد")), assad);
  EXPECT_EQ(ConsonantSkeleton(ar.ToAscii("ترامب")), ConsonantSkeleton(en.ToAscii("trump")));
  // Names that begin like a proclitic (ب of بوتين, بال of بالين) keep it in the whole-word reading.
  EXPECT_NE(ConsonantSkeleton(ar.ToAscii("بوتين")), ConsonantSkeleton(en.ToAscii("putin")));
  EXPECT_EQ(ConsonantSkeleton(ar.ToAscii("بوتين", /*keep_proclitics=*/true)), ConsonantSkeleton(en.ToAscii("putin")));
  EXPECT_EQ(ConsonantSkeleton(ar.ToAscii("بالين", true)), ConsonantSkeleton(en.ToAscii("palin")));
}

TEST(WordForms, LowerCaseStartContinuesASentence) {
  using namespace align_internal;
  EXPECT_TRUE(ContinuesSentence("mais c' est en vain ."));
  EXPECT_TRUE(ContinuesSentence("« et puis"));
  EXPECT_TRUE(ContinuesSentence("и тогда"));
  EXPECT_FALSE(ContinuesSentence("Mais c' est en vain ."));
  EXPECT_FALSE(ContinuesSentence("1956 , Fritz Müller"));
  EXPECT_FALSE(ContinuesSentence("قال الرئيس"));  // no case: never a continuation by this test
  EXPECT_FALSE(ContinuesSentence(""));
}

TEST(WordForms, TitleAtTheEndMeansTheSentenceGoesOn) {
  using namespace align_internal;
  std::unordered_set<std::string> en = NoBreakAbbreviations("en");
  EXPECT_TRUE(EndsWithAbbreviation("\"Dr.", en));
  EXPECT_TRUE(EndsWithAbbreviation("The case was handled by Det. ", en));
  EXPECT_FALSE(EndsWithAbbreviation("She moved to the U.S.", en));  // an initialism may end one
  EXPECT_FALSE(EndsWithAbbreviation("He called the doctor.", en));
  EXPECT_FALSE(EndsWithAbbreviation("", en));
  EXPECT_TRUE(NoBreakAbbreviations("de").empty());  // no built-in rules: nothing is a title
}

TEST(BilingualDictionary, ReadsInstalledFreeDict) {
  BilingualDictionary dict;
  Status s = dict.LoadInstalled("/usr/share/dictd", "en", "ru");
  if (s.code() == Status::Code::kNotFound) GTEST_SKIP() << s.message();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GT(dict.headwords(), 1000u);
  const auto& t = dict.Lookup("america");
  EXPECT_NE(std::find(t.begin(), t.end(), "америка"), t.end());
}

TEST(BilingualDictionary, MissingPackageNamesIt) {
  BilingualDictionary dict;
  Status s = dict.LoadInstalled("/nonexistent", "en", "ar");
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("dict-freedict-eng-ara"), std::string::npos) << s.message();
  // Debian's names are ISO 639-3 codes for every language: hun-eng, deu-fra, not hu-en.
  s = dict.LoadInstalled("/nonexistent", "hu", "en");
  EXPECT_NE(s.message().find("dict-freedict-hun-eng or dict-freedict-eng-hun"), std::string::npos) << s.message();
  s = dict.LoadInstalled("/nonexistent", "de-CH", "fr");
  EXPECT_NE(s.message().find("dict-freedict-deu-fra"), std::string::npos) << s.message();
}

TEST(BilingualDictionary, HintNamesOnlyPackagesDebianHas) {
  BilingualDictionary dict;
  Status s = dict.LoadInstalled("/nonexistent", "en", "ru");
  EXPECT_NE(s.message().find("dict-freedict-eng-rus"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("dict-freedict-rus-eng"), std::string::npos) << s.message();
  s = dict.LoadInstalled("/nonexistent", "ru", "ar");
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_EQ(s.message().find("dict-freedict-"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("no FreeDict dictionary between rus and ara"), std::string::npos) << s.message();
}

std::string DictdNumber(uint64_t v) {  // dictd's base64 digits
  static const char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v % 64]);
    v /= 64;
  } while (v > 0);
  return out;
}

TEST(BilingualDictionary, WikDictDefinitionsAreNotTranslations) {
  // A WikDict-made FreeDict entry: each numbered sense's translations, then a definition in the
  // headword's language, which must not become a "translation" (große, steile...).
  std::string dir = ::testing::TempDir() + "/wikdict";
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::string, std::string>> entries = {
      {"00-database-info", "00-database-info\nDeutsch-français FreeDict+WikDict dictionary\n"},
      {"Berg", "Berg /bɛʁk/ <n, masc>\n1. montagne, mont\ngroße, steile Erhebung\n2. mine\nfeste Erdkruste\n"},
      {"Gipfel", "Gipfel /ˈɡɪp͡fl̩/ <n, masc>\nsommet\nhöchste Stelle\n"}};
  std::string dict, index;
  for (const auto& [head, body] : entries) {
    index += head + "\t" + DictdNumber(dict.size()) + "\t" + DictdNumber(body.size()) + "\n";
    dict += body;
  }
  std::ofstream(dir + "/freedict-deu-fra.index") << index;
  std::ofstream(dir + "/freedict-deu-fra.dict") << dict;
  BilingualDictionary d;
  ASSERT_TRUE(d.LoadInstalled(dir, "de", "fr").ok());
  auto has = [&](const std::string& head, const std::string& word) {
    const auto& t = d.Lookup(head);
    return std::find(t.begin(), t.end(), word) != t.end();
  };
  EXPECT_TRUE(has("berg", "montagne"));
  EXPECT_TRUE(has("berg", "mont"));
  EXPECT_TRUE(has("berg", "mine"));
  EXPECT_TRUE(has("gipfel", "sommet"));
  EXPECT_FALSE(has("berg", "steile"));
  EXPECT_FALSE(has("berg", "erdkruste"));
  EXPECT_FALSE(has("gipfel", "stelle"));
}

SentenceList Sentences(std::vector<std::string> s, std::vector<size_t> paragraphs = {}) {
  return {std::move(s), std::move(paragraphs)};
}

std::string Render(const Alignment& a) {
  std::string out;
  for (const Bead& b : a.beads) {
    std::string s = FormatBead(b);
    out += s.substr(0, s.rfind(':')) + " ";
  }
  return out;
}

TEST(Aligner, FindsMergeAndDeletionFromNamesAndNumbers) {
  AlignerOptions o;
  o.tgt_lang = "ru";
  Aligner aligner(o, nullptr);
  SentenceList en = Sentences({
      "President Bashar al-Assad met the envoy in Geneva on Monday.",
      "The talks lasted 6 hours.",
      "They will resume in 2019.",
      "Reporters waited outside the building for a long time in the cold.",
      "Moscow welcomed the 12 proposals."});
  SentenceList ru = Sentences({
      "Президент Башар Асад встретился с посланником в Женеве в понедельник.",
      "Переговоры длились 6 часов, они возобновятся в 2019 году.",
      "Москва приветствовала 12 предложений."});
  Alignment a = aligner.Align(en, ru);
  EXPECT_EQ(Render(a), "[0]:[0] [1, 2]:[1] [3]:[] [4]:[2] ");
  for (const Bead& b : a.beads) {
    EXPECT_GE(b.confidence, 0.0);
    EXPECT_LE(b.confidence, 1.0);
  }
}

TEST(Aligner, WidensABeadWhoseNumberTheTranslationMovedAcrossItsEdge) {
  // The translator moved "4,750 permits and 320 licences" from the second sentence into the first:
  // only a 2-2 bead keeps the numbers with their translation. Without the cost of a displaced
  // number, the two 1-1 beads look better (names in the first, lengths that fit).
  SentenceList en = Sentences({
      "The committee met in Brussels on Tuesday under its new chairman, Jean Dumont.",
      "It approved 4,750 new permits and 320 licences and rejected all the other requests, officials said.",
      "The vote was close."});
  SentenceList ru = Sentences({
      "Комитет собрался в Брюсселе во вторник под руководством нового председателя Жана Дюмона и одобрил 4750 новых разрешений и 320 лицензий.",
      "Все остальные заявки были отклонены, сообщили чиновники.",
      "Голосование было напряжённым."});
  AlignerOptions o;
  o.tgt_lang = "ru";
  Alignment a = Aligner(o, nullptr).Align(en, ru);
  EXPECT_EQ(Render(a), "[0, 1]:[0, 1] [2]:[2] ");
  o.params.crossing_cost = 0;
  EXPECT_EQ(Render(Aligner(o, nullptr).Align(en, ru)), "[0]:[0] [1]:[1] [2]:[2] ");
}

TEST(Aligner, DoesNotTrustABeadThatLeavesItsNumbersToTheNeighbour) {
  // The same document as above without the displaced-number cost: the path takes two 1-1 beads,
  // the first of which leaves "4750" and "320" of its Russian to the next English sentence. The
  // posterior alone sees nothing against it (no wider bead is much cheaper); the numbers left
  // beyond the edge discount it below the storing threshold, while a bead that keeps its
  // numbers is not discounted.
  SentenceList en = Sentences({
      "The committee met in Brussels on Tuesday under its new chairman, Jean Dumont.",
      "It approved 4,750 new permits and 320 licences and rejected all the other requests, officials said.",
      "The vote was close on 14 March."});
  SentenceList ru = Sentences({
      "Комитет собрался в Брюсселе во вторник под руководством нового председателя Жана Дюмона и одобрил 4750 новых разрешений и 320 лицензий.",
      "Все остальные заявки были отклонены, сообщили чиновники.",
      "Голосование 14 марта было напряжённым."});
  AlignerOptions o;
  o.tgt_lang = "ru";
  o.params.crossing_cost = 0;
  Alignment discounted = Aligner(o, nullptr).Align(en, ru);
  o.params.leak_discount = false;
  Alignment plain = Aligner(o, nullptr).Align(en, ru);
  ASSERT_EQ(Render(discounted), "[0]:[0] [1]:[1] [2]:[2] ");
  ASSERT_EQ(Render(plain), Render(discounted));
  EXPECT_LT(discounted.beads[0].confidence, 0.5 * plain.beads[0].confidence);
  EXPECT_LT(discounted.beads[0].confidence, 0.8);
  EXPECT_DOUBLE_EQ(discounted.beads[2].confidence, plain.beads[2].confidence);  // keeps its "14"
}

TEST(Aligner, KeepsALowerCasePieceWithTheSentenceItContinues) {
  // "il faut se hâter ." has no word in common with the German and is short: alone it would be
  // an addition, but starting in lower case it continues the sentence before it.
  SentenceList de = Sentences({"Am 12. Juli um 5 Uhr wird es hell , Wolken ziehen auf , man muss sich beeilen .",
                               "Um 16 Uhr standen sie am Fusse des Turms ."});
  SentenceList fr = Sentences({"Le 12 juillet à 5 heures le jour se lève , des nuages arrivent ;",
                               "il faut se hâter .", "A 16 heures , ils sont au pied de la tour ."});
  AlignerOptions o;
  o.src_lang = "de";
  o.tgt_lang = "fr";
  Aligner with(o, nullptr);
  EXPECT_EQ(Render(with.Align(de, fr)), "[0]:[0, 1] [1]:[2] ");
  o.params.continuation_cost = 0;
  Aligner without(o, nullptr);
  EXPECT_EQ(Render(without.Align(de, fr)), "[0]:[0] []:[1] [1]:[2] ");
}

TEST(Aligner, AllowsFourSentenceBeadsWhereThreeSentenceOnesAreFrequent) {
  // Every German sentence carries its own numbers; the French merges them in threes, and once in
  // fours. Such a free translation is detected from its 3-1 beads and realigned with 4-1 beads.
  std::vector<std::string> de, fr;
  const std::vector<int> groups = {3, 1, 3, 1, 4, 1, 3, 1, 3, 1};
  int number = 1201;
  for (int g : groups) {
    std::string merged;
    for (int k = 0; k < g; ++k, number += 7) {
      de.push_back("Die Gruppe erreichte am Morgen das Lager " + std::to_string(number) + " .");
      merged += (k ? " , puis le camp " : "Le groupe atteignit au matin le camp ") + std::to_string(number);
    }
    fr.push_back(merged + " .");
  }
  AlignerOptions o;
  o.src_lang = "de";
  o.tgt_lang = "fr";
  Aligner aligner(o, nullptr);
  std::string four = "[8, 9, 10, 11]:[4] ";
  EXPECT_NE(Render(aligner.Align(Sentences(de), Sentences(fr))).find(four), std::string::npos);
  o.params.auto_1_4 = false;
  o.params.merge_ratio = 0;  // 26 against 10 sentences would call for the merge bead set
  Aligner narrow(o, nullptr);
  EXPECT_EQ(Render(narrow.Align(Sentences(de), Sentences(fr))).find(four), std::string::npos);
}

// A German "document" whose French translation joins runs of sentences, each German sentence
// with its own number: groups[k] German sentences become French sentence k.
std::pair<SentenceList, SentenceList> MergedDocument(const std::vector<int>& groups) {
  std::vector<std::string> de, fr;
  int number = 1201;
  for (int g : groups) {
    std::string merged;
    for (int k = 0; k < g; ++k, number += 7) {
      de.push_back("Die Gruppe erreichte am Morgen das Lager " + std::to_string(number) + " .");
      merged += (k ? " , puis le camp " : "Le groupe atteignit au matin le camp ") + std::to_string(number);
    }
    fr.push_back(merged + " .");
  }
  return {Sentences(de), Sentences(fr)};
}

TEST(Aligner, FindsSixToOneBeadsWhereTheTranslationMergesHeavily) {
  auto [de, fr] = MergedDocument({6, 1, 5, 2, 6, 1, 2, 3, 1, 6});
  AlignerOptions o;
  o.src_lang = "de";
  o.tgt_lang = "fr";
  Aligner aligner(o, nullptr);
  Alignment a = aligner.Align(de, fr);
  EXPECT_EQ(Render(a), "[0, 1, 2, 3, 4, 5]:[0] [6]:[1] [7, 8, 9, 10, 11]:[2] [12, 13]:[3] "
                       "[14, 15, 16, 17, 18, 19]:[4] [20]:[5] [21, 22]:[6] [23, 24, 25]:[7] [26]:[8] "
                       "[27, 28, 29, 30, 31, 32]:[9] ");
  // The length ratio comes from the documents' characters (0.57), not from their median
  // sentences (the French ones are 4x the German).
  EXPECT_GT(a.length_ratio, 0.5);
  EXPECT_LT(a.length_ratio, 0.7);
  EXPECT_GE(a.trust.score, kUntrustedBelow) << a.trust.reason;
  // The wider bead set is only paid for where the sentence counts differ.
  o.params.merge_ratio = 0;
  Aligner narrow(o, nullptr);
  EXPECT_EQ(Render(narrow.Align(de, fr)).find("[0, 1, 2, 3, 4, 5]:[0]"), std::string::npos);
}

TEST(DocumentTrust, ScoresATranslationHighAndBadPairsNearZero) {
  AlignerOptions o;
  o.tgt_lang = "ru";
  Aligner aligner(o, nullptr);
  std::vector<std::string> en, ru, copy;
  for (int k = 0; k < 12; ++k) {
    std::string n = std::to_string(1000 + 37 * k), m = std::to_string(20 + k);
    en.push_back("Officials in Geneva counted " + n + " votes in district " + m + " on Monday.");
    ru.push_back("Чиновники в Женеве насчитали " + n + " голосов в округе " + m + " в понедельник.");
  }
  Alignment good = aligner.Align(Sentences(en), Sentences(ru));
  EXPECT_GE(good.trust.score, 0.8) << good.trust.reason;
  EXPECT_TRUE(good.trust.reason.empty());
  EXPECT_GT(good.anchors.size(), 5u);
  EXPECT_DOUBLE_EQ(good.trust.anchor_agreement, 1.0);

  // Empty side.
  Alignment empty = aligner.Align(Sentences(en), Sentences({}));
  EXPECT_EQ(empty.trust.score, 0);
  EXPECT_NE(empty.trust.reason.find("target side is empty"), std::string::npos) << empty.trust.reason;
  // An English "translation" claimed to be Russian.
  Alignment english = aligner.Align(Sentences(en), Sentences(en));
  EXPECT_LT(english.trust.score, 0.1);
  EXPECT_NE(english.trust.reason.find("script of ru"), std::string::npos) << english.trust.reason;
  // One side 20 times longer than the other.
  std::vector<std::string> long_ru;
  for (int k = 0; k < 20; ++k) long_ru.insert(long_ru.end(), ru.begin(), ru.end());
  Alignment longer = aligner.Align(Sentences({en[0]}), Sentences(long_ru));
  EXPECT_LT(longer.trust.score, 0.1);
  EXPECT_NE(longer.trust.reason.find("the length of the source"), std::string::npos) << longer.trust.reason;

  // A German text "translated" into French by copying it: same script, so the copy test says it.
  std::vector<std::string> de;
  for (int k = 0; k < 12; ++k) de.push_back("Die Beamten zählten am Montag viele Stimmen im Bezirk " + std::to_string(k) + ".");
  o.src_lang = "de";
  o.tgt_lang = "fr";
  Aligner defr(o, nullptr);
  Alignment copied = defr.Align(Sentences(de), Sentences(de));
  EXPECT_EQ(copied.trust.score, 0);
  EXPECT_NE(copied.trust.reason.find("not a translation into fr"), std::string::npos) << copied.trust.reason;
}

TEST(DocumentTrust, AnotherStoryWhoseBeadsKeepNoSharedWordIsUntrusted) {
  // Another text of about the same length, in the right script: no name, number or word pair is
  // shared, so nothing confirms a translation, although the beads alone look confident.
  SentenceList en = Sentences({"The council approved the new budget after a long debate.",
                               "Several members said the plan was too expensive.",
                               "The mayor promised to review the spending next spring.",
                               "A final vote is expected before the summer holidays."});
  SentenceList ru = Sentences({"Ночью шёл снег.", "Утром все дети пошли гулять.",
                               "Они лепили снеговика во дворе.", "К обеду они вернулись домой."});
  AlignerOptions o;
  o.tgt_lang = "ru";
  Alignment other = Aligner(o, nullptr).Align(en, ru);
  EXPECT_EQ(other.shared_keys_kept, 0u);
  EXPECT_EQ(other.trust.score, 0);
  EXPECT_NE(other.trust.reason.find("another text?"), std::string::npos) << other.trust.reason;
  // Three sentences a side are too few to ask for an anchor: the rule does not apply.
  SentenceList en3 = Sentences({en.sentences[0], en.sentences[1], en.sentences[2]});
  SentenceList ru3 = Sentences({ru.sentences[0], ru.sentences[1], ru.sentences[2]});
  EXPECT_GT(Aligner(o, nullptr).Align(en3, ru3).trust.anchor_agreement, 0);
}

TEST(Aligner, KnowsItsLanguagePairs) {
  EXPECT_TRUE(CheckAlignLanguages("en", "ru").ok());
  EXPECT_TRUE(CheckAlignLanguages("de-CH", "fr").ok());
  Status unknown = CheckAlignLanguages("en", "xx");
  EXPECT_EQ(unknown.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(unknown.message().find("'xx'"), std::string::npos) << unknown.message();
  EXPECT_FALSE(CheckAlignLanguages("en", "en-GB").ok());
}

TEST(Aligner, EmptySideGivesDeletionsAndAWarning) {
  AlignerOptions o;
  o.tgt_lang = "ar";
  Aligner aligner(o, nullptr);
  Alignment a = aligner.Align(Sentences({"One.", "Two."}), Sentences({}));
  EXPECT_EQ(Render(a), "[0]:[] [1]:[] ");
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_TRUE(aligner.Align(Sentences({}), Sentences({})).beads.empty());
}

TEST(Aligner, KeepsBeadsInsideParagraphsWhenBothSidesHaveThem) {
  AlignerOptions o;
  o.tgt_lang = "ru";
  Aligner aligner(o, nullptr);
  // Lengths alone would pair the long sentences across the paragraph break.
  SentenceList en = Sentences({"A very long first sentence that goes on and on and on.", "Short.",
                               "Another short one."}, {2});
  SentenceList ru = Sentences({"Очень длинное первое предложение, которое всё тянется и тянется.",
                               "Коротко, и ещё одно короткое."}, {1});
  // Whatever happens to "Short.", no bead may cross the paragraph break.
  Alignment within = aligner.Align(en, ru);
  for (const Bead& b : within.beads) {
    bool first_paragraph = b.src_end <= 2 && b.tgt_end <= 1;
    bool second_paragraph = b.src_begin >= 2 && b.tgt_begin >= 1;
    EXPECT_TRUE(first_paragraph || second_paragraph) << Render(within);
  }
  EXPECT_NE(Render(within).find("[2]:[1]"), std::string::npos) << Render(within);
  en.paragraph_starts = {1, 2};
  Alignment a = aligner.Align(en, ru);
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_NE(a.warnings[0].find("paragraph counts differ"), std::string::npos);
}

TEST(Aligner, LearnedLexiconLinksWordsTheDictionaryLacks) {
  AlignerOptions o;
  o.tgt_lang = "ru";
  Aligner aligner(o, nullptr);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int k = 0; k < 5; ++k) pairs.push_back({"the harvest was good", "урожай был хорош"});
  EXPECT_GT(aligner.LearnLexicon(pairs), 0u);
}

TEST(Aligner, LearnsWordPairsFromTheDocumentItself) {
  // No dictionary. Numbers make the first beads confident; "Gletscher" ~ "glacier" recurs in them
  // (their transliteration skeletons differ) and is the only pair that does. Then one of two German sentences of the same length
  // has no French counterpart, and only the learned pair says which one.
  AlignerOptions o;
  o.src_lang = "de";
  o.tgt_lang = "fr";
  SentenceList de, fr;
  const char* places[][2] = {{"Haus", "maison"}, {"Baum", "arbre"},     {"Fluss", "rivière"}, {"Dorf", "village"},
                             {"Weg", "chemin"},  {"See", "lac"},         {"Wald", "forêt"},    {"Hütte", "cabane"},
                             {"Brücke", "pont"}, {"Kirche", "église"},   {"Stadt", "ville"},   {"Turm", "tour"}};
  for (int k = 0; k < 12; ++k) {
    std::string n = std::to_string(1000 + 37 * k);
    de.sentences.push_back("Gletscher " + n + ": " + places[k][0] + ".");
    fr.sentences.push_back("Glacier " + n + " : " + places[k][1] + ".");
  }
  de.sentences.push_back("Unten am Gletscher war es kalt.");
  de.sentences.push_back("Oben auf dem Passe war es warm.");
  fr.sentences.push_back("Au pied du glacier il faisait froid.");
  Aligner learning(o, nullptr);
  std::string rendered = Render(learning.Align(de, fr));
  EXPECT_NE(rendered.find("[12]:[12] [13]:[]"), std::string::npos) << rendered;
  o.params.learn_from_document = false;
  Aligner fixed(o, nullptr);
  rendered = Render(fixed.Align(de, fr));
  EXPECT_EQ(rendered.find("[12]:[12] [13]:[]"), std::string::npos) << rendered;
}

TEST(Aligner, StaysLinearOnLongDocuments) {
  // 4000 x 4000 sentences with a deletion near the start: the band must follow it.
  AlignerOptions o;
  o.tgt_lang = "ru";
  Aligner aligner(o, nullptr);
  SentenceList en, ru;
  for (int k = 0; k < 4000; ++k) {
    en.sentences.push_back("Item " + std::to_string(k * 7 + 3) + " of the list is here.");
    if (k != 10) ru.sentences.push_back("Пункт " + std::to_string(k * 7 + 3) + " списка здесь.");
  }
  Alignment a = aligner.Align(en, ru);
  ASSERT_EQ(a.beads.size(), 4000u);
  EXPECT_EQ(a.beads[10].tgt_begin, a.beads[10].tgt_end);  // the deletion
  EXPECT_EQ(a.beads[3999].tgt_begin, 3998u);
}

}  // namespace
}  // namespace tmkit
