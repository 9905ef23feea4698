// The transliteration model: case forms, clitics, particles, multi-word pairing, the model file.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <map>
#include <sstream>

#include "terms/name_forms.h"
#include "terms/phrase_nominative.h"
#include "terms/transliteration_model.h"
#include "tmkit/morphology.h"
#include "tmkit/name_mining.h"
#include "tmkit/names.h"

namespace tmkit {
namespace {

const NameModel& Model(const char* lang) {
  const NameModel* m = nullptr;
  Status s = NameModel::Builtin("en", lang, &m);
  EXPECT_TRUE(s.ok()) << s.message();
  return *m;
}

TEST(NameModel, TellsRenderingsFromOtherNames) {
  const NameModel& ru = Model("ru");
  EXPECT_TRUE(ru.Score("Lavrov", "Лавров").same);
  EXPECT_TRUE(ru.Score("Lavrov", "Лавроф").same);
  EXPECT_TRUE(ru.Score("Assad", "Ассад").same);
  EXPECT_FALSE(ru.Score("Assad", "Лавров").same);
  EXPECT_FALSE(ru.Score("Putin", "Путилин").same);
  const NameModel& ar = Model("ar");
  EXPECT_TRUE(ar.Score("Trump", "ترامب").same);
  EXPECT_TRUE(ar.Score("Putin", "بوتين").same);
  EXPECT_FALSE(ar.Score("Putin", "ترامب").same);
  EXPECT_GT(ar.Score("Putin", "بوتين").probability, 0.9);
  EXPECT_LT(ar.Score("Putin", "ترامب").probability, 0.05);
}

TEST(NameModel, RussianCaseFormsScoreAsTheLemma) {
  const NameModel& ru = Model("ru");
  for (const char* form : {"Асада", "Асаду", "Асадом", "Асаде"}) EXPECT_TRUE(ru.Score("Assad", form).same) << form;
  for (const char* form : {"Обамы", "Обаме", "Обамой", "Обаму"}) EXPECT_TRUE(ru.Score("Obama", form).same) << form;
  EXPECT_TRUE(ru.Score("Sergei Lavrov", "Сергея Лаврова").same);
  EXPECT_EQ(ru.BaseForm("assad", "Асадом"), "асад");
  EXPECT_EQ(ru.BaseForm("obama", "Обамы"), "обама");
  EXPECT_EQ(ru.BaseForm("sergei", "Сергея"), "сергей");
  EXPECT_EQ(ru.BaseForm("lavrov", "Лавров"), "лавров");
}

TEST(NameModel, ArabicCliticsAndArticle) {
  const NameModel& ar = Model("ar");
  for (const char* form : {"الأسد", "والأسد", "بالأسد", "للأسد", "الاسد"}) EXPECT_TRUE(ar.Score("Assad", form).same) << form;
  EXPECT_TRUE(ar.Score("al-Assad", "الأسد").same);
  EXPECT_EQ(ar.BaseForm("assad", "والأسد"), "اسد");
}

TEST(NameModel, RomanizesByTheLikeliestSpelling) {
  const NameModel& ru = Model("ru");
  const NameModel& ar = Model("ar");
  EXPECT_EQ(ru.Romanize("Асадом"), "asadom");
  EXPECT_EQ(ru.Romanize("Лавров"), "lavrov");
  EXPECT_EQ(ar.Romanize("ترامب"), "tramb");
  EXPECT_EQ(ar.Romanize("لافروف"), "lavrov");
}

TEST(NameModel, MultiWordNamesPairWordByWord) {
  const NameModel& ru = Model("ru");
  NameScore s = ru.Score("Bashar al-Assad", "Башар Асад");
  EXPECT_TRUE(s.same);
  ASSERT_EQ(s.word_pairs.size(), 2u);
  EXPECT_EQ(s.word_pairs[0], std::make_pair(0, 0));
  EXPECT_EQ(s.word_pairs[1], std::make_pair(2, 1));  // "al" is a particle, left unpaired
  EXPECT_TRUE(ru.Score("Bashar al-Assad", "Асад").same);  // the surname alone names him
  EXPECT_FALSE(ru.Score("Bashar al-Assad", "Башар Джаафари").same);
  EXPECT_TRUE(Model("ar").Score("Bashar al-Assad", "بشار الأسد").same);
  EXPECT_TRUE(ru.Score("Ban Ki-moon", "Бан Ки Мун").same);
  EXPECT_FALSE(ru.Score("", "Асад").same);
}

TEST(NameModel, OnlyEnglishToRussianAndArabic) {
  const NameModel* m = nullptr;
  EXPECT_EQ(NameModel::Builtin("en", "de", &m).code(), Status::Code::kNotSupported);
  EXPECT_EQ(NameModel::Builtin("en", "r!", &m).code(), Status::Code::kInvalidArgument);
}

TEST(NameForms, NormalizesEachScript) {
  using names_internal::NormalizeWord;
  using names_internal::Script;
  EXPECT_EQ(NormalizeWord(U"Petrović", Script::kLatin), U"petrovich");
  EXPECT_EQ(NormalizeWord(U"O'Brien", Script::kLatin), U"obrien");
  EXPECT_EQ(NormalizeWord(U"Ёлкин", Script::kCyrillic), U"елкин");
  EXPECT_EQ(NormalizeWord(U"أَسَد", Script::kArabic), U"اسد");
  auto words = names_internal::SplitName("Abu Bakr al-Baghdadi", Script::kLatin);
  ASSERT_EQ(words.size(), 4u);
  EXPECT_TRUE(words[0].particle);
  EXPECT_FALSE(words[1].particle);
  EXPECT_TRUE(words[2].particle);
}

TEST(TransliterationModel, FileRoundTripsAndErrorsNameTheLine) {
  std::ifstream in(std::string(TMKIT_SOURCE_DIR) + "/engine/terms/names/en-ru.model");
  std::stringstream text;
  text << in.rdbuf();
  names_internal::TransliterationModel a, b;
  ASSERT_TRUE(names_internal::TransliterationModel::Parse(text.str(), "en-ru.model", &a).ok());
  ASSERT_TRUE(names_internal::TransliterationModel::Parse(a.Serialize(), "again", &b).ok());
  std::vector<uint8_t> s{names_internal::kSourceStart, 'a' - 'a', 's' - 'a', 'a' - 'a', 'd' - 'a', names_internal::kSourceEnd};
  std::vector<uint8_t> t;
  for (char32_t c : std::u32string(U"асад")) t.push_back(static_cast<uint8_t>(a.TargetIndex(c)));
  EXPECT_NEAR(a.Pmi(s.data(), 6, t.data(), 4), b.Pmi(s.data(), 6, t.data(), 4), 1e-3);
  Status bad = names_internal::TransliterationModel::Parse("tmkit-transliteration 1\nalphabet аб\nstop 0.1\nop a а 0.1\n",
                                                           "m.model", &b);
  EXPECT_EQ(bad.message(), "m.model:4: op before floor");
  bad = names_internal::TransliterationModel::Parse("hello\n", "m.model", &b);
  EXPECT_EQ(bad.message(), "m.model:1: not a tmkit-transliteration 1 model");
}

// A few thousand Wikidata pairs already teach the model more than chance: it ranks each true
// rendering above the next name's.
TEST(NameTraining, LearnsFromAListOfNames) {
  std::ifstream in(std::string(TMKIT_SHARED_DIR) + "/data/names/wd_russian_64");
  if (!in) GTEST_SKIP() << "no ../shared/data/names";
  std::string line, text;
  for (int i = 0; i < 3000 && std::getline(in, line); ++i) text += line + "\n";
  NameTraining trained;
  ASSERT_TRUE(TrainNameModel(text, "sample", "ru", 5, nullptr, &trained).ok());
  EXPECT_NE(trained.report.find("ECE"), std::string::npos);
  std::unique_ptr<NameModel> m;
  ASSERT_TRUE(NameModel::FromText(trained.model_text, "sample", "ru", &m).ok());
  EXPECT_GT(m->ScoreWord("lavrov", "лавров"), m->ScoreWord("lavrov", "ламберт"));
  EXPECT_GT(m->ScoreWord("nakamura", "накамура"), 0.5);
  EXPECT_LT(m->ScoreWord("nakamura", "петерсон"), 0.5);
  EXPECT_EQ(TrainNameModel("a\tб\n", "tiny", "ru", 1, nullptr, &trained).message(), "tiny: fewer than 100 name pairs");
  EXPECT_EQ(TrainNameModel("no tab here\n", "bad", "ru", 1, nullptr, &trained).message(),
            "bad:1: english<TAB>target expected");
}

// An abbreviation and its name (EU, European Union) share a translated rendering: the units where
// the rendering comes with the abbreviation do not count against the full name, nor does the
// abbreviation's stronger association take the rendering from it.
// A MiningSource over (English, target) pairs, unit ids from 1.
MiningSource PairsSource(const std::vector<std::pair<std::string, std::string>>& texts) {
  return [&texts](const std::function<Status(const MiningUnit&)>& visit) {
    for (size_t i = 0; i < texts.size(); ++i) {
      MiningUnit u;
      u.id = i + 1;
      u.source = texts[i].first;
      u.target = texts[i].second;
      Status s = visit(u);
      if (!s.ok()) return s;
    }
    return Status::OK();
  };
}

std::map<std::string, MinedName> Mine(const std::vector<std::pair<std::string, std::string>>& texts,
                                      const char* lang) {
  NameMiningOptions options;
  options.tgt_lang = lang;
  std::vector<MinedName> names;
  EXPECT_TRUE(MineNames(PairsSource(texts), options, nullptr, &names).ok());
  std::map<std::string, MinedName> out;
  for (MinedName& m : names) out[m.english] = std::move(m);
  return out;
}

bool HasRussianDictionary() {
  std::unique_ptr<Morphology> m;
  return Morphology::Create("ru", &m).ok() && m->HasDictionary();
}

// A translated name's rendering is put in the nominative: the head group (adjectives and the first
// noun) takes the case of a dictionary form, a genitive complement stays, a plural group stays.
TEST(PhraseNominative, HeadGroupInTheNominative) {
  if (!HasRussianDictionary()) GTEST_SKIP() << "no ru_RU Hunspell dictionary";
  names_internal::RussianPhraseNominative n;
  EXPECT_EQ(n.Nominative("Ближнем Востоке"), "Ближний Восток");
  EXPECT_EQ(n.Nominative("Федерации немецкой промышленности"), "Федерация немецкой промышленности");
  EXPECT_EQ(n.Nominative("Верховного суда"), "Верховный суд");
  EXPECT_EQ(n.Nominative("Премьер-лиги"), "Премьер-лига");
  EXPECT_EQ(n.Nominative("Совете Безопасности ООН"), "Совет Безопасности ООН");
  EXPECT_EQ(n.Nominative("Соединенных Штатов"), "Соединенных Штатов");  // plural: left as written
  EXPECT_EQ(n.Nominative("Верховный суд"), "Верховный суд");
  EXPECT_EQ(n.Nominative("Генеральной Ассамблее ООН"), "Генеральная Ассамблея ООН");
  EXPECT_EQ(n.Nominative("Германии"), "Германия");  // not германий, the element
}

// A phrase made of another name's transliteration is that name's rendering, not a translation of
// the name it keeps company with (the Supreme Court and Brett Kavanaugh).
TEST(NameMining, AnotherNamesTransliterationIsNotATranslation) {
  std::vector<std::pair<std::string, std::string>> texts = {
      {"The Supreme Court will hear Brett Kavanaugh on Monday.", "Верховный суд заслушает Бретта Кавано в понедельник."},
      {"Brett Kavanaugh spoke to the Supreme Court again.", "Бретт Кавано снова выступил перед Верховным судом."},
      {"Senators asked the Supreme Court about Brett Kavanaugh.", "Сенаторы спросили Бретта Кавано о Верховном суде."},
      {"The Supreme Court closed the case of Brett Kavanaugh.", "Бретт Кавано ждал, пока дело закроют."},
      {"Brett Kavanaugh and the Supreme Court agreed.", "Бретт Кавано согласился с решением Верховного суда."},
  };
  std::map<std::string, MinedName> names = Mine(texts, "ru");
  ASSERT_TRUE(names.count("Supreme Court"));
  for (const NameVariant& v : names["Supreme Court"].variants) EXPECT_EQ(v.form.find("Кавано"), std::string::npos) << v.form;
  if (HasRussianDictionary()) EXPECT_EQ(names["Supreme Court"].target, "Верховный суд");
  EXPECT_EQ(names["Brett Kavanaugh"].target, "Бретт Кавано");
}

// A name kept in Latin letters in a minority of its mentions and translated in the others is given
// the translation (LSU, Университет штата Луизиана); one written in lower case is found too.
TEST(NameMining, TranslationOutnumbersALatinFormAndMayBeLowerCase) {
  std::vector<std::pair<std::string, std::string>> texts = {
      {"He played for LSU last year.", "Он играл за Университет штата Луизиана в прошлом году."},
      {"The coach of LSU was sad.", "Тренер Университета штата Луизиана грустил."},
      {"Fans of LSU gathered.", "Болельщики Университета штата Луизиана собрались."},
      {"LSU won the game.", "LSU выиграл матч."},
      {"The Labour Party met in Leeds.", "Лейбористская партия собралась в Лидсе."},
      {"Voters left the Labour Party quickly.", "Избиратели быстро покинули лейбористскую партию."},
      {"A Labour Party source spoke.", "Высказался источник в лейбористской партии."},
  };
  std::map<std::string, MinedName> names = Mine(texts, "ru");
  ASSERT_TRUE(names.count("LSU"));
  EXPECT_EQ(names["LSU"].target, "Университет штата Луизиана");
  EXPECT_TRUE(names["LSU"].translated);
  EXPECT_EQ(names["LSU"].status, "inconsistent");
  ASSERT_TRUE(names.count("Labour Party"));
  if (HasRussianDictionary()) EXPECT_EQ(names["Labour Party"].target, "Лейбористская партия");
}

// A title-case headline's capitalised words count as names only when the archive capitalises them
// in running text: "Phoenix" is one more mention of Phoenix, not part of a long run.
TEST(NameMining, TitleCaseHeadlineKeepsOnlyNameWords) {
  std::vector<std::pair<std::string, std::string>> texts = {
      {"Hurricane Rosa Threatening Phoenix With Flash Flooding", "Ураган Роза угрожает Фениксу ливневыми паводками"},
      {"The storm is threatening the region with flash flooding.", "Шторм угрожает региону ливневыми паводками."},
      {"Officials in Phoenix said flooding was likely.", "Чиновники в Фениксе сказали, что паводки вероятны."},
      {"Residents of Phoenix prepared for flash floods.", "Жители Феникса готовились к паводкам."},
  };
  std::map<std::string, MinedName> names = Mine(texts, "ru");
  ASSERT_TRUE(names.count("Phoenix"));
  EXPECT_EQ(names["Phoenix"].mentions, 3u);
  EXPECT_EQ(names["Phoenix"].target, "Феникс");
}

TEST(NameMining, AbbreviationAndFullNameShareARendering) {
  const char* en_verbs[] = {"rejected", "accepted", "discussed", "studied", "approved", "criticised",
                            "supported", "delayed", "amended", "signed", "announced"};
  const char* en_nouns[] = {"plan", "deal", "law", "project", "budget", "decision", "report", "proposal",
                            "treaty", "document", "statement"};
  const char* ar_verbs[] = {"رفض", "قبل", "ناقش", "درس", "أقر", "انتقد", "دعم", "أجل", "عدل", "وقع", "أعلن"};
  const char* ar_nouns[] = {"الخطة", "الاتفاق", "القانون", "المشروع", "الميزانية", "القرار", "التقرير",
                            "الاقتراح", "المعاهدة", "الوثيقة", "البيان"};
  std::vector<std::pair<std::string, std::string>> texts;
  for (int i = 0; i < 11; ++i) {
    std::string name = i < 8 ? "EU" : "European Union";
    texts.push_back({std::string("Yesterday the ") + name + " " + en_verbs[i] + " the " + en_nouns[i] + ".",
                     std::string(ar_verbs[i]) + " الاتحاد الأوروبي " + ar_nouns[i] + "."});
  }
  MiningSource source = PairsSource(texts);
  NameMiningOptions options;
  options.tgt_lang = "ar";
  std::vector<MinedName> names;
  ASSERT_TRUE(MineNames(source, options, nullptr, &names).ok());
  std::map<std::string, std::string> rendered;
  for (const MinedName& m : names) rendered[m.english] = m.target;
  EXPECT_EQ(rendered["EU"], "الاتحاد الأوروبي");
  EXPECT_EQ(rendered["European Union"], "الاتحاد الأوروبي");
}

// An Arabic nisba adjective (البريطانية, "British") is not the rendering of a place name ending in
// a consonant, though the model scores it above the name itself (بريطانيا).
TEST(NameMining, ArabicAdjectiveIsNotThePlace) {
  const char* en_verbs[] = {"rejected", "accepted", "discussed", "studied"};
  const char* en_nouns[] = {"plan", "deal", "law", "project"};
  const char* ar_verbs[] = {"رفضت", "قبلت", "ناقشت", "درست"};
  const char* ar_nouns[] = {"الخطة", "الاتفاق", "القانون", "المشروع"};
  std::vector<std::pair<std::string, std::string>> texts;
  for (int i = 0; i < 4; ++i) {
    texts.push_back({std::string("Yesterday Britain ") + en_verbs[i] + " the " + en_nouns[i] + ".",
                     std::string(ar_verbs[i]) + " بريطانيا " + ar_nouns[i] + (i < 2 ? " مع الحكومة البريطانية." : ".")});
  }
  MiningSource source = PairsSource(texts);
  NameMiningOptions options;
  options.tgt_lang = "ar";
  std::vector<MinedName> names;
  ASSERT_TRUE(MineNames(source, options, nullptr, &names).ok());
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names[0].english, "Britain");
  EXPECT_EQ(names[0].target, "بريطانيا");
}

}  // namespace
}  // namespace tmkit
