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
#include "tmkit/text_cleaner.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

std::string SharedDir() {
  const char* env = std::getenv("TMKIT_SHARED_DIR");
  return env ? env : TMKIT_SHARED_DIR;
}

std::unique_ptr<Segmenter> Make(const std::string& lang, const std::string& srx = "",
                                bool keep_quotations = false) {
  SegmenterOptions options;
  options.srx_path = srx;
  options.keep_quotations = keep_quotations;
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
    // pySBD's char-span cases keep the space after a sentence ("a. The first item. "); tmkit's
    // spans are trimmed by contract, so expectations are compared trimmed.
    for (const auto& e : c["expected"]) {
      std::string sentence = e;
      size_t b = sentence.find_first_not_of(" \t\r\n"), last = sentence.find_last_not_of(" \t\r\n");
      k.expected.push_back(b == std::string::npos ? std::string() : sentence.substr(b, last + 1 - b));
    }
    if (c.contains("flags")) for (const auto& f : c["flags"]) k.flags.push_back(f);
    cases.push_back(std::move(k));
  }
  return cases;
}

// Runs a suite; returns the number passed and prints the failures (they are the worklist).
std::string Squeeze(const std::string& s) {
  std::string out;
  for (char ch : s) if (!std::isspace(static_cast<unsigned char>(ch))) out.push_back(ch);
  return out;
}

// `spacing_free`: compare sentences with white space removed, i.e. judge the boundaries only.
size_t Score(const std::string& lang, const std::vector<Case>& cases, const std::string& srx = "",
             bool verbose = true, bool spacing_free = false, bool keep_quotations = false) {
  auto seg = Make(lang, srx, keep_quotations);
  size_t passed = 0;
  for (const Case& c : cases) {
    std::vector<std::string> got = Split(seg.get(), c.text);
    std::vector<std::string> expected = c.expected;
    if (spacing_free) {
      for (auto& g : got) g = Squeeze(g);
      for (auto& e : expected) e = Squeeze(e);
    }
    if (got == expected) {
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

// Cases whose expected sentences are not the input's text (pragmatic_segmenter's cleaning: HTML
// removed, dot leaders dropped, backquotes rewritten, spaces collapsed...) test text rewriting:
// without cleaning, offsets slice the input. They are decided by the data alone — the expected
// sentences, joined, are not the input's characters, or one of them is not a piece of the input
// written on one line — and are run through CleanTextForSegmentation (`tmkit segment --clean`).
bool ExpectsRewriting(const Case& c) {
  std::string joined;
  for (const auto& e : c.expected) joined += e;
  if (Squeeze(joined) != Squeeze(c.text)) return true;
  std::string one_line = SentenceOnOneLine(c.text);
  for (const auto& e : c.expected) {
    if (one_line.find(e) == std::string::npos) return true;
  }
  return false;
}

TEST(SegmentSuites, EnglishExtra) {
  auto cases = LoadSuite("en_extra");
  ASSERT_EQ(cases.size(), 151u);
  std::vector<Case> boundary_cases, cleaned_cases;
  for (Case c : cases) {
    if (ExpectsRewriting(c)) {
      c.text = CleanTextForSegmentation(c.text);
      cleaned_cases.push_back(std::move(c));
    } else {
      boundary_cases.push_back(std::move(c));
    }
  }
  ASSERT_EQ(cleaned_cases.size(), 17u);
  // Measured: 15/17 rewriting cases with cleaning, 119/134 others: 134/151 (88.7 %); 119/151
  // exact without cleaning. The issue's 95 % is not reached: most of the rest are quotations of several
  // sentences, which the seed gold cuts (docs/segmentation.md, "Scores").
  size_t cleaned = Score("en", cleaned_cases, "", false);
  size_t others = Score("en", boundary_cases, "", false);
  EXPECT_GE(cleaned, 15u);
  EXPECT_GE(others, 119u);
  EXPECT_GE(Score("en", cases, "", false), 119u);
  // pragmatic_segmenter's convention, which the suite follows: a quotation of several sentences
  // stays whole (SegmenterOptions::keep_quotations).
  size_t cleaned_kept = Score("en", cleaned_cases, "", true, false, true);
  size_t others_kept = Score("en", boundary_cases, "", true, false, true);
  std::printf("[score] en_extra with keep_quotations: %zu/151\n", cleaned_kept + others_kept);
  EXPECT_GE(cleaned_kept + others_kept, 140u);
}

TEST(Segmenter, KeepsQuotationsWholeOnlyWhenAsked) {
  const std::string text = "\"We will not go. The talks have failed,\" he said. 'They won't. Never.' It "
                           "was over. \u00ABМы уйдём. Всё.\u00BB Then rain.";
  EXPECT_EQ(Split(Make("en").get(), text),
            (std::vector<std::string>{"\"We will not go.", "The talks have failed,\" he said.", "'They won't.",
                                      "Never.'", "It was over.", "\u00ABМы уйдём.", "Всё.\u00BB", "Then rain."}));
  EXPECT_EQ(Split(Make("en", "", true).get(), text),
            (std::vector<std::string>{"\"We will not go. The talks have failed,\" he said.",
                                      "'They won't. Never.'", "It was over.", "\u00ABМы уйдём. Всё.\u00BB", "Then rain."}));
  // An unmatched opening mark protects nothing.
  EXPECT_EQ(Split(Make("en", "", true).get(), "He said \"no. Then he left. Later it rained."),
            (std::vector<std::string>{"He said \"no.", "Then he left.", "Later it rained."}));
}

TEST(Segmenter, InterruptedQuotationEndsSentenceBeforeCapital) {
  auto seg = Make("en");
  EXPECT_EQ(Split(seg.get(), "Alice began, \"If you please, sir--\" The Rabbit started violently."),
            (std::vector<std::string>{"Alice began, \"If you please, sir--\"", "The Rabbit started violently."}));
  EXPECT_EQ(Split(seg.get(), "\"She boxed the Queen's ears--\" the Rabbit began."),
            (std::vector<std::string>{"\"She boxed the Queen's ears--\" the Rabbit began."}));
  EXPECT_EQ(Split(seg.get(), "\"We cannot accept\u2014\" Lavrov said."),
            (std::vector<std::string>{"\"We cannot accept\u2014\" Lavrov said."}));
}

// Arabic: pragmatic_segmenter splits at ":" and at the Arabic comma; tmkit does not (a colon or a
// comma does not end a sentence, and splitting there makes 1-to-0 beads against en/ru). Those
// expectations are compared with the pieces that end in ":" or "،" joined to the next one.
TEST(SegmentSuites, ArabicGoldenRules) {
  auto cases = LoadSuite("ar_golden");
  ASSERT_EQ(cases.size(), 5u);
  auto seg = Make("ar");
  size_t exact = 0, joined_ok = 0;
  for (const Case& c : cases) {
    std::vector<std::string> got = Split(seg.get(), c.text);
    std::vector<std::string> joined;
    bool carry = false;
    for (const std::string& e : c.expected) {
      if (carry) joined.back() += " " + e; else joined.push_back(e);
      carry = e.size() >= 2 && (e.back() == ':' || e.compare(e.size() - 2, 2, "\xD8\x8C") == 0);
    }
    exact += got == c.expected;
    joined_ok += got == joined;
    EXPECT_EQ(got, joined) << c.id;
  }
  std::printf("[score] ar golden: %zu/5 exact, %zu/5 with colon/comma splits joined\n", exact, joined_ok);
  EXPECT_EQ(exact, 2u);  // ar-gr-002 (د. with bidi controls) and ar-gr-003 (numbers and dates)
}

// Real news: NTREX-128 newstest2019, one translation segment per line, normally one sentence. The
// share of lines left whole guards against over-splitting on text no rule was written for.
double LinesKeptWhole(const std::string& lang, const std::string& file) {
  std::ifstream in(SharedDir() + "/data/alignment/ntrex/" + file);
  EXPECT_TRUE(in.good()) << file;
  auto seg = Make(lang);
  std::string line;
  size_t lines = 0, whole = 0;
  std::vector<SentenceSpan> spans;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    spans.clear();
    EXPECT_TRUE(seg->SegmentParagraph(line, &spans).ok());
    ++lines;
    whole += spans.size() == 1;
  }
  double share = lines ? 100.0 * whole / lines : 0;
  std::printf("[score] NTREX %s: %zu/%zu lines kept whole (%.2f %%)\n", lang.c_str(), whole, lines, share);
  return share;
}

TEST(SegmentSuites, NtrexLinesKeptWhole) {
  EXPECT_GE(LinesKeptWhole("en", "newstest2019-src.eng.txt"), 99.75);
  EXPECT_GE(LinesKeptWhole("ru", "newstest2019-ref.rus.txt"), 97.55);
  EXPECT_GE(LinesKeptWhole("ar", "newstest2019-ref.arb.txt"), 99.1);
}

// The seed article's gold segmentation (corpora/syria-geneva-talks/LANG.sents, made by hand for the
// aligner) is reproduced sentence for sentence; the gold leaves the "• " bullet out of a sentence.
TEST(SegmentSuites, SeedArticleMatchesGoldSentences) {
  for (const std::string lang : {"en", "ru", "ar"}) {
    std::string base = std::string(TMKIT_SOURCE_DIR) + "/corpora/syria-geneva-talks/" + lang;
    std::string text, gold_text;
    ASSERT_TRUE(ReadFile(base + ".txt", &text).ok());
    ASSERT_TRUE(ReadFile(base + ".sents", &gold_text).ok());
    std::vector<std::string> gold;
    for (size_t pos = 0; pos < gold_text.size();) {
      size_t nl = gold_text.find('\n', pos);
      if (nl == std::string::npos) nl = gold_text.size();
      if (nl > pos) gold.push_back(gold_text.substr(pos, nl - pos));
      pos = nl + 1;
    }
    auto seg = Make(lang);
    std::vector<std::string> got = Split(seg.get(), text);
    for (std::string& s : got) {
      if (s.rfind("\xE2\x80\xA2 ", 0) == 0) s.erase(0, 4);
    }
    EXPECT_EQ(got, gold) << lang;
  }
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

namespace tmkit {
namespace {

struct Collected {
  std::vector<StreamSentence> sentences;
  std::vector<std::string> texts;
};

Status StreamAll(Segmenter* seg, const std::string& input, size_t chunk, Collected* out) {
  SentenceStream stream(seg, "input", [out](const StreamSentence& s, std::string_view text) {
    out->sentences.push_back(s);
    out->texts.emplace_back(text);
  });
  for (size_t i = 0; i < input.size(); i += chunk) {
    Status s = stream.Feed(std::string_view(input).substr(i, chunk));
    if (!s.ok()) return s;
  }
  return stream.Finish();
}

TEST(SentenceStream, OffsetsSliceTheInputWhateverTheChunking) {
  auto seg = Make("en");
  const std::string input =
      "\xEF\xBB\xBFHeadline without a stop\r\n\xE2\x80\xA2 First bullet\r\n\r\n"
      "Mr. Smith went to Washington. He met the U.S. President.\r\nThen he left.\n\n\n"
      "A last paragraph with no final newline";
  Collected whole;
  ASSERT_TRUE(StreamAll(seg.get(), input, input.size(), &whole).ok());
  std::vector<std::string> expected = {"Headline without a stop", "\xE2\x80\xA2 First bullet",
                                       "Mr. Smith went to Washington.", "He met the U.S. President.",
                                       "Then he left.", "A last paragraph with no final newline"};
  EXPECT_EQ(whole.texts, expected);
  std::vector<size_t> paragraphs;
  for (size_t i = 0; i < whole.sentences.size(); ++i) {
    const StreamSentence& s = whole.sentences[i];
    EXPECT_EQ(input.substr(s.start, s.end - s.start), whole.texts[i]);
    paragraphs.push_back(s.paragraph);
  }
  EXPECT_EQ(paragraphs, (std::vector<size_t>{0, 0, 1, 1, 1, 2}));
  EXPECT_EQ(whole.sentences[4].index, 2u);
  for (size_t chunk : {1, 2, 3, 7, 64}) {
    Collected pieces;
    ASSERT_TRUE(StreamAll(seg.get(), input, chunk, &pieces).ok()) << chunk;
    EXPECT_EQ(pieces.texts, whole.texts) << chunk;
    ASSERT_EQ(pieces.sentences.size(), whole.sentences.size());
    for (size_t i = 0; i < whole.sentences.size(); ++i) {
      EXPECT_EQ(pieces.sentences[i].start, whole.sentences[i].start) << chunk;
    }
  }
}

TEST(SentenceStream, InvalidUtf8NamesTheAbsoluteByte) {
  auto seg = Make("en");
  std::string input = "Fine paragraph.\n\nBad \xC3\x28 here.\n";
  Collected out;
  Status s = StreamAll(seg.get(), input, 4, &out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(s.message(), "input: invalid UTF-8 at byte 21");
  EXPECT_EQ(out.texts, std::vector<std::string>{"Fine paragraph."});  // the paragraph before it only
  std::vector<SentenceSpan> spans;
  EXPECT_FALSE(seg->SegmentText(input, "x.txt", &spans).ok());
  EXPECT_TRUE(spans.empty());
}

TEST(SentenceStream, EmptyAndBlankInputGiveNothing) {
  auto seg = Make("ru");
  for (const std::string input : {"", "\xEF\xBB\xBF", "\n\n  \r\n\t\n"}) {
    Collected out;
    EXPECT_TRUE(StreamAll(seg.get(), input, 2, &out).ok());
    EXPECT_TRUE(out.texts.empty());
  }
}

TEST(SentenceStream, EndlessLineIsCutSoMemoryStaysBounded) {
  auto seg = Make("en");
  std::string sentence = "This is a sentence that repeats. ";
  std::string input;
  while (input.size() < SentenceStream::kMaxParagraphBytes + 1000) input += sentence;
  Collected out;
  ASSERT_TRUE(StreamAll(seg.get(), input, 1 << 16, &out).ok());
  ASSERT_FALSE(out.sentences.empty());
  EXPECT_GE(out.sentences.back().paragraph, 1u);  // cut into at least two pieces
  for (size_t i = 0; i < out.sentences.size(); ++i) {
    const StreamSentence& s = out.sentences[i];
    ASSERT_EQ(input.substr(s.start, s.end - s.start), out.texts[i]);
  }
}

TEST(Segmenter, ParagraphLinesBreakOnlyAtItemsAndHeadlines) {
  auto seg = Make("en");
  EXPECT_EQ(Split(seg.get(), "It was a cold\nnight in the city. And\nthen it rained."),
            (std::vector<std::string>{"It was a cold night in the city.", "And then it rained."}));
  EXPECT_EQ(Split(seg.get(), "Talks to resume in Geneva\nDiplomats prepared on Friday for a weekend meeting in Switzerland."),
            (std::vector<std::string>{"Talks to resume in Geneva",
                                      "Diplomats prepared on Friday for a weekend meeting in Switzerland."}));
  EXPECT_EQ(Split(seg.get(), "Items:\n- one\n- two"),
            (std::vector<std::string>{"Items:", "- one", "- two"}));
}

TEST(Segmenter, LoneCarriageReturnEndsALineAndInlineListsEndAtTheirLine) {
  auto seg = Make("en");
  EXPECT_EQ(Split(seg.get(), "Items:\r- one\r- two"), (std::vector<std::string>{"Items:", "- one", "- two"}));
  EXPECT_EQ(Split(seg.get(), "Buy a. Milk b. Bread\nThen go home. Or a. Milk b. Bread\nand eggs."),
            (std::vector<std::string>{"Buy", "a. Milk", "b. Bread", "Then go home.", "Or", "a. Milk",
                                      "b. Bread and eggs."}));
}

TEST(Segmenter, DashAfterQuestionBeforeCapitalOpensASentence) {
  auto seg = Make("en");
  EXPECT_EQ(Split(seg.get(), "Where is he? - Nobody knows. Is it true? - asked the man."),
            (std::vector<std::string>{"Where is he?", "- Nobody knows.", "Is it true? - asked the man."}));
  EXPECT_EQ(Split(seg.get(), "Really! \u2014 Yes. Yahoo! - The site."),
            (std::vector<std::string>{"Really!", "\u2014 Yes.", "Yahoo! - The site."}));
}

// A closing mark set off by a space (NTREX ru line 1430: 'детей? "') belongs to the sentence it
// closes; an opening one, or a mark followed by a word, starts the next.
TEST(Segmenter, DanglingClosingMarkStaysWithItsSentence) {
  auto en = Make("en");
  EXPECT_EQ(Split(en.get(), "Why not use them? \""), (std::vector<std::string>{"Why not use them? \""}));
  EXPECT_EQ(Split(en.get(), "He said \"We will win. \" Then he left. (It rained. ) Later."),
            (std::vector<std::string>{"He said \"We will win. \"", "Then he left.", "(It rained. )", "Later."}));
  EXPECT_EQ(Split(en.get(), "It ended. \"Go,\" she said."), (std::vector<std::string>{"It ended.", "\"Go,\" she said."}));
  auto ru = Make("ru");
  EXPECT_EQ(Split(ru.get(), "Почему бы и нет? » Он ушёл. « Да », — сказал он."),
            (std::vector<std::string>{"Почему бы и нет? »", "Он ушёл.", "« Да », — сказал он."}));
}

TEST(Segmenter, QuotationAttributionStaysWithTheQuotation) {
  auto seg = Make("en");
  EXPECT_EQ(Split(seg.get(), "\"Are you ready?\" CNN reported. Then it rained."),
            (std::vector<std::string>{"\"Are you ready?\" CNN reported.", "Then it rained."}));
  EXPECT_EQ(Split(seg.get(), "He shouted \"Stop!\" Police said the man ran."),
            (std::vector<std::string>{"He shouted \"Stop!\"", "Police said the man ran."}));
  // A quotation of several sentences is cut at each sentence end (as the corpus gold is).
  EXPECT_EQ(Split(seg.get(), "\"We need a deal. We want the best deal,\" he said."),
            (std::vector<std::string>{"\"We need a deal.", "We want the best deal,\" he said."}));
}

// Arabic attributions start with the verb (NTREX newstest2019 ar, lines 51, 1454, 1935); a clause
// longer than a verb and three words, or one after a quotation without a final mark, is a sentence.
TEST(Segmenter, ArabicAttributionAfterAQuotationStaysWithIt) {
  auto ar = Make("ar");
  EXPECT_EQ(Split(ar.get(), "\"هل يعتقدون أنني أحصل على خصم؟\" تساءلت. ثم غادرت."),
            (std::vector<std::string>{"\"هل يعتقدون أنني أحصل على خصم؟\" تساءلت.", "ثم غادرت."}));
  EXPECT_EQ(Split(ar.get(), "\"يوجد قرش!\" كما أضاف هاميل. \"لا حل.\" وأضاف أن الوضع صعب جدا هنا."),
            (std::vector<std::string>{"\"يوجد قرش!\" كما أضاف هاميل.", "\"لا حل.\"", "وأضاف أن الوضع صعب جدا هنا."}));
  EXPECT_EQ(Split(ar.get(), "الوضع صعب. قال أحمد."), (std::vector<std::string>{"الوضع صعب.", "قال أحمد."}));
}

TEST(Segmenter, RussianAndArabicAbbreviations) {
  auto ru = Make("ru");
  EXPECT_EQ(Split(ru.get(), "Он живёт на ул. Ленина, т. е. в центре. Завтра уедет в г. Москва."),
            (std::vector<std::string>{"Он живёт на ул. Ленина, т. е. в центре.", "Завтра уедет в г. Москва."}));
  EXPECT_EQ(Split(ru.get(), "Он замолчал… Потом ушёл."), (std::vector<std::string>{"Он замолчал…", "Потом ушёл."}));
  EXPECT_EQ(Split(ru.get(), "Бюджет — 5 млрд. Это много."), (std::vector<std::string>{"Бюджет — 5 млрд.", "Это много."}));
  // NTREX newstest2019 ru, lines 1695 and 62: "Дж." is J., and brand names keep English titles.
  EXPECT_EQ(Split(ru.get(), "Заявил начальник полиции Мерфи Дж. Пол. Дж. Буш молчал."),
            (std::vector<std::string>{"Заявил начальник полиции Мерфи Дж. Пол.", "Дж. Буш молчал."}));
  EXPECT_EQ(Split(ru.get(), "Такие марки, как Essie и Dr. PawPaw. Их нет."),
            (std::vector<std::string>{"Такие марки, как Essie и Dr. PawPaw.", "Их нет."}));
  auto ar = Make("ar");
  EXPECT_EQ(Split(ar.get(), "قال د. أحمد إن الوضع صعب. وأضاف: لا حل؟ ثم غادر."),
            (std::vector<std::string>{"قال د. أحمد إن الوضع صعب.", "وأضاف: لا حل؟", "ثم غادر."}));
}

TEST(Segmenter, UnknownLanguageListsTheSupportedOnes) {
  std::unique_ptr<Segmenter> seg;
  Status s = Segmenter::Create("xx", {}, &seg);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("en, ru, ar"), std::string::npos) << s.message();
  EXPECT_TRUE(Segmenter::Create("de", {}, &seg).ok());  // ICU alone
  EXPECT_EQ(Split(seg.get(), "Das ist gut. Wir gehen."), (std::vector<std::string>{"Das ist gut.", "Wir gehen."}));
}

TEST(SegmentRules, ParserReportsFileAndLine) {
  segment::LanguageRules rules;
  Status s = segment::ParseRules("[no_break]\nMr.\n[options]\ncased = maybe\n", "x.rules", &rules);
  EXPECT_EQ(s.message(), "x.rules:4: option 'cased' must be yes or no");
  s = segment::ParseRules("[no_break]\nMr\n", "x.rules", &rules);
  EXPECT_EQ(s.message(), "x.rules:2: abbreviation 'Mr' must end with a period (or '!')");
  s = segment::ParseRules("[no_break]\nDr.\n[postpositive]\nDr.\n", "x.rules", &rules);
  EXPECT_EQ(s.message(), "x.rules:4: 'Dr.' is already in another section");
  for (const char* lang : {"en", "ru", "ar"}) {
    segment::LanguageRules built_in;
    ASSERT_NE(segment::FindEmbeddedRules(lang), nullptr) << lang;
    EXPECT_TRUE(segment::ParseRules(segment::FindEmbeddedRules(lang), lang, &built_in).ok()) << lang;
  }
}

std::string WriteTemp(const std::string& name, const std::string& contents) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << contents;
  return path;
}

TEST(Srx, OkapiRulesLoadAndApply) {
  std::string okapi = SharedDir() + "/data/segmentation/srx/okapi_defaultSegmentation.srx";
  std::unique_ptr<segment::SrxRules> rules;
  ASSERT_TRUE(segment::SrxRules::Load(okapi, "en", &rules).ok());
  EXPECT_GT(rules->size(), 150u);  // English + Default, cascaded
  ASSERT_TRUE(segment::SrxRules::Load(okapi, "ru-RU", &rules).ok());
  EXPECT_GT(rules->size(), 50u);
  // With the Okapi rules alone (German has no built-in rules), "Dr." and "z.B." do not break.
  auto de = Make("de", okapi);
  EXPECT_EQ(Split(de.get(), "Dr. Müller kam z.B. heute. Er ging."),
            (std::vector<std::string>{"Dr. Müller kam z.B. heute.", "Er ging."}));
  // Okapi's rules decide first, so its list and ellipsis breaks win: 43/52 measured (ICU + Okapi
  // alone: 37/52 in the research notes).
  EXPECT_GE(Score("en", LoadSuite("en_golden"), okapi, false), 43u);
}

TEST(Srx, UserRulesDecideFirst) {
  std::string path = WriteTemp("user.srx", R"(<?xml version="1.0"?>
<srx version="2.0" xmlns="http://www.lisa.org/srx20"><header cascade="yes"/><body>
<languagerules>
 <languagerule languagerulename="Mine">
  <rule break="no"><beforebreak>\bFig\.</beforebreak><afterbreak>\s</afterbreak></rule>
  <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s</afterbreak></rule>
 </languagerule>
</languagerules>
<maprules><languagemap languagepattern="en.*" languagerulename="Mine"/></maprules>
</body></srx>)");
  auto seg = Make("en", path);
  EXPECT_EQ(Split(seg.get(), "See Fig. Two above; it is clear."),
            (std::vector<std::string>{"See Fig. Two above;", "it is clear."}));
}

TEST(Srx, InvalidRegexIsOneLineWithFileAndLine) {
  std::string path = WriteTemp("bad.srx", R"(<?xml version="1.0"?>
<srx version="2.0" xmlns="http://www.lisa.org/srx20"><header cascade="no"/><body>
<languagerules>
 <languagerule languagerulename="Bad">
  <rule break="no">
   <beforebreak>(unclosed</beforebreak>
  </rule>
 </languagerule>
</languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Bad"/></maprules>
</body></srx>)");
  std::unique_ptr<Segmenter> seg;
  SegmenterOptions options;
  options.srx_path = path;
  Status s = Segmenter::Create("en", options, &seg);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find(path + ":6: invalid regular expression in <beforebreak> '(unclosed'"),
            std::string::npos) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
}

// Issue 27 item 9: "(a+)+$" against a run of a's backtracks exponentially (21 s on a 40-byte line
// before the limit). ICU's time limit stops it, and the error names the file, line and rule.
TEST(Srx, CatastrophicBacktrackingStopsNamingTheRule) {
  std::string path = WriteTemp("evil.srx", R"(<?xml version="1.0"?>
<srx version="2.0" xmlns="http://www.lisa.org/srx20"><header cascade="no"/><body>
<languagerules>
 <languagerule languagerulename="Evil">
  <rule break="yes"><beforebreak>[.]</beforebreak><afterbreak>\s(a+)+$</afterbreak></rule>
 </languagerule>
</languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Evil"/></maprules>
</body></srx>)");
  auto seg = Make("en", path);
  std::vector<SentenceSpan> spans;
  Status s = seg->SegmentText("It is. " + std::string(40, 'a') + "!", "text", &spans);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(s.message().find(path + ":5: <afterbreak> '\\s(a+)+$' ran past its time limit"), std::string::npos)
      << s.message();
}

TEST(Srx, ExternalEntitiesAreNeverRead) {
  std::string secret = WriteTemp("secret.txt", "SECRET");
  std::string path = WriteTemp("xxe.srx", "<?xml version=\"1.0\"?>\n<!DOCTYPE srx [<!ENTITY x SYSTEM \"file://" +
                                              secret + "\">]>\n<srx version=\"2.0\"><body><languagerules>"
                                              "<languagerule languagerulename=\"A\"><rule break=\"no\">"
                                              "<beforebreak>&x;</beforebreak></rule></languagerule>"
                                              "</languagerules><maprules><languagemap languagepattern=\".*\" "
                                              "languagerulename=\"A\"/></maprules></body></srx>");
  std::unique_ptr<segment::SrxRules> rules;
  Status s = segment::SrxRules::Load(path, "en", &rules);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
}

}  // namespace
}  // namespace tmkit
