#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "house_glossary.h"
#include "tmkit/glossary.h"
#include "tmkit/lang.h"
#include "tmkit/morphology.h"
#include "tmkit/term_matcher.h"

namespace tmkit {
namespace {

// "text of match=concept id" for every match, joined by " | ".
std::string Matches(TermMatcher* m, const std::string& text) {
  std::string out;
  for (const TermMatch& x : m->Find(text)) {
    if (!out.empty()) out += " | ";
    out += text.substr(x.begin, x.end - x.begin) + "=" + m->glossary().concepts()[x.concept_index].id;
  }
  return out;
}

std::unique_ptr<TermMatcher> Matcher(const char* lang) {
  std::unique_ptr<TermMatcher> m;
  EXPECT_TRUE(TermMatcher::Create(Names(), lang, &m).ok());
  return m;
}

TEST(TermMatcher, EnglishPossessivesArticlesAbbreviations) {
  auto m = Matcher("en");
  // Articles are not words for matching, so a match starts after them; one joined to the name by
  // a hyphen is shown with it.
  EXPECT_EQ(Matches(m.get(), "al-Assad's regime"), "al-Assad's=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "Al Assad and ASSAD"), "Assad=person-bashar-al-assad | ASSAD=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "the al - Assad, al-"), "Assad=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "the U.N. Security Council and the UN Security Council"),
            "U.N. Security Council=org-un-security-council | UN Security Council=org-un-security-council");
  EXPECT_EQ(Matches(m.get(), "U.N. envoy, UN envoy"), "U.N=org-united-nations | UN=org-united-nations");
  EXPECT_EQ(Matches(m.get(), "the un-named official told us"), "");  // acronyms keep their capitals
  EXPECT_EQ(Matches(m.get(), "Ban Ki-moon said"), "Ban Ki-moon=person-ban-ki-moon");
}

TEST(TermMatcher, RussianInflectionThroughRulesAndHunspell) {
  auto m = Matcher("ru");
  for (size_t i = 0; i < Names().concepts().size(); ++i) m->Teach(i);
  EXPECT_EQ(Matches(m.get(), "режима Башара Асада"), "Башара Асада=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "с Асадом"), "Асадом=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "встреча с Лавровым"), "Лавровым=person-sergey-lavrov");
  EXPECT_EQ(Matches(m.get(), "с Пан Ги Муном"), "Пан Ги Муном=person-ban-ki-moon");
  EXPECT_EQ(Matches(m.get(), "Свободной сирийской армии"), "Свободной сирийской армии=org-free-syrian-army");
  EXPECT_EQ(Matches(m.get(), "в Дейр-эз-Зоре"), "Дейр-эз-Зоре=place-deir-ez-zor");
  EXPECT_EQ(Matches(m.get(), "режим аль-Асада"), "аль-Асада=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "Министерства юстиции"), "Министерства юстиции=org-syrian-justice-ministry");
  // Indeclinable: a woman's consonant-final surname and vowel-final foreign names stay fixed.
  EXPECT_EQ(Matches(m.get(), "с Хиллари Клинтон"), "Хиллари Клинтон=person-hillary-clinton");
  EXPECT_EQ(Matches(m.get(), "Клинтона"), "");
  EXPECT_EQ(Matches(m.get(), "Каддафи"), "Каддафи=person-muammar-gaddafi");
  EXPECT_EQ(Matches(m.get(), "Каддафия"), "");
  // Deprecated forms are found in their inflected forms too.
  EXPECT_EQ(Matches(m.get(), "режима Ассада"), "Ассада=person-bashar-al-assad");
  // Hunspell learnt the paradigm from the model word.
  EXPECT_TRUE(m->morphology().Spell("Асадом"));
  EXPECT_TRUE(m->morphology().Spell("Лаврову"));
  EXPECT_FALSE(m->morphology().Spell("Асадд"));
}

TEST(TermMatcher, ArabicClitics) {
  auto m = Matcher("ar");
  EXPECT_EQ(Matches(m.get(), "والأسد"), "والأسد=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "للأسد"), "للأسد=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "بالأسد"), "بالأسد=person-bashar-al-assad");
  EXPECT_EQ(Matches(m.get(), "الاسد"), "الاسد=person-bashar-al-assad");  // hamza folded
  EXPECT_EQ(Matches(m.get(), "ولافروف"), "ولافروف=person-sergey-lavrov");
  EXPECT_EQ(Matches(m.get(), "بدمشق"), "بدمشق=place-damascus");
  EXPECT_EQ(Matches(m.get(), "للقذافى"), "للقذافى=person-muammar-gaddafi");
  EXPECT_EQ(Matches(m.get(), "كوفي أنان"), "كوفي أنان=person-kofi-annan");
}

}  // namespace
}  // namespace tmkit

namespace tmkit {
namespace {

TEST(Languages, AnyIso639LanguageIsKnown) {
  std::string c;
  for (const char* tag : {"pt-BR", "de", "zh-Hans-CN", "sr-Latn", "yue", "fil", "qaa"}) {
    EXPECT_TRUE(CanonicalKnownLanguage(tag, &c).ok()) << tag;
  }
  EXPECT_TRUE(CanonicalKnownLanguage("PT_br", &c).ok());
  EXPECT_EQ(c, "pt-BR");
  EXPECT_EQ(CanonicalKnownLanguage("xx", &c).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CanonicalKnownLanguage("english", &c).code(), Status::Code::kInvalidArgument);
}

// A language tmkit has no rules for: exact and case-folded matching always, and the stems of a
// Hunspell dictionary when one is installed (here a two-word one, as $TMKIT_HUNSPELL_DIR).
TEST(TermMatcher, AnyLanguageCaseFoldedAndHunspellStems) {
  Glossary g;
  Concept c;
  c.id = "peace";
  Term t;
  t.text = "acordo de paz";
  t.lang = "pt-BR";
  c.terms.push_back(t);
  g.concepts().push_back(c);
  std::string empty_dir = ::testing::TempDir() + "/hunspell-none";
  ASSERT_EQ(system(("mkdir -p " + empty_dir).c_str()), 0);
  setenv("TMKIT_HUNSPELL_DIR", empty_dir.c_str(), 1);  // whatever this machine has installed
  std::unique_ptr<TermMatcher> m;
  ASSERT_TRUE(TermMatcher::Create(g, "pt-BR", &m).ok());
  EXPECT_EQ(Matches(m.get(), "O Acordo de Paz foi assinado."), "Acordo de Paz=peace");
  EXPECT_EQ(Matches(m.get(), "Os acordos de paz"), "");  // no dictionary: no stems

  std::string dir = ::testing::TempDir() + "/hunspell-pt";
  ASSERT_EQ(system(("mkdir -p " + dir).c_str()), 0);
  std::FILE* aff = std::fopen((dir + "/pt_BR.aff").c_str(), "w");
  std::fputs("SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n", aff);
  std::fclose(aff);
  std::FILE* dic = std::fopen((dir + "/pt_BR.dic").c_str(), "w");
  std::fputs("2\nacordo/S\npaz\n", dic);
  std::fclose(dic);
  setenv("TMKIT_HUNSPELL_DIR", dir.c_str(), 1);
  ASSERT_TRUE(TermMatcher::Create(g, "pt", &m).ok());
  EXPECT_EQ(Matches(m.get(), "Os acordos de paz"), "acordos de paz=peace");
  EXPECT_NE(m->morphology().MatchingDescription().find("Hunspell stems (pt_BR)"), std::string::npos)
      << m->morphology().MatchingDescription();
  setenv("TMKIT_HUNSPELL_DIR", empty_dir.c_str(), 1);
  std::unique_ptr<Morphology> none;
  ASSERT_TRUE(Morphology::Create("pt-BR", &none).ok());
  EXPECT_EQ(none->MatchingDescription(), "exact and case-folded (no Hunspell dictionary for 'pt' installed)");
  unsetenv("TMKIT_HUNSPELL_DIR");
}

// A glossary form put in the shape the text found (issue 25: a check suggestion that can be
// pasted over its span): the Russian case, the Arabic proclitics, the English possessive.
TEST(Morphology, InflectLikeRussianCase) {
  std::unique_ptr<Morphology> ru;
  ASSERT_TRUE(Morphology::Create("ru", &ru).ok());
  if (!ru->HasDictionary()) GTEST_SKIP() << "no ru_RU Hunspell dictionary";
  for (const char* term : {"Башар Асад", "Башар Ассад", "Башар аль-Асад", "Сергей Лавров", "Кофи Аннан", "Барак Обама"}) {
    ru->Teach(term, "masculine");
  }
  EXPECT_EQ(ru->InflectLike("Асад", "masculine", "Ассада", "Ассад"), "Асада");
  EXPECT_EQ(ru->InflectLike("Асад", "masculine", "Ассадом"), "Асадом");
  EXPECT_EQ(ru->InflectLike("Асад", "masculine", "Ассад"), "Асад");
  EXPECT_EQ(ru->InflectLike("Башар Асад", "masculine", "Башара Ассада", "Башар Ассад"), "Башара Асада");
  EXPECT_EQ(ru->InflectLike("Башар аль-Асад", "masculine", "Башару Ассаду"), "Башару аль-Асаду");
  EXPECT_EQ(ru->InflectLike("Лавров", "masculine", "Лаврофу"), "Лаврову");
  EXPECT_EQ(ru->InflectLike("Сергей Лавров", "masculine", "Сергея Лаврова"), "Сергея Лаврова");
  EXPECT_EQ(ru->InflectLike("Обама", "masculine", "Обамой"), "Обамой");
  EXPECT_EQ(ru->InflectLike("Кофи Аннан", "masculine", "Кофи Анана"), "Кофи Аннана");  // Кофи does not decline
  // Nothing to go by: the form as the glossary has it.
  EXPECT_EQ(ru->InflectLike("Башар Асад", "masculine", "Ассада"), "Башар Асад");
  EXPECT_EQ(ru->InflectLike("Асад", "masculine", "Ассадзщ"), "Асад");
}

TEST(Morphology, InflectLikeArabicCliticsAndEnglishPossessive) {
  std::unique_ptr<Morphology> ar, en;
  ASSERT_TRUE(Morphology::Create("ar", &ar).ok());
  ASSERT_TRUE(Morphology::Create("en", &en).ok());
  EXPECT_EQ(ar->InflectLike("الأسد", "", "للاسد", "الأسد"), "للأسد");
  EXPECT_EQ(ar->InflectLike("الأسد", "", "والاسد", "الأسد"), "والأسد");
  EXPECT_EQ(ar->InflectLike("الأسد", "", "الاسد", "الأسد"), "الأسد");
  EXPECT_EQ(ar->InflectLike("عنان", "", "وأنان", "أنان"), "وعنان");
  EXPECT_EQ(ar->InflectLike("كوفي عنان", "", "كوفي أنان", "كوفي أنان"), "كوفي عنان");
  EXPECT_EQ(ar->InflectLike("لافروف", "", "بلافرف", "لافروف"), "بلافروف");  // a misspelling keeps its ب
  EXPECT_EQ(ar->InflectLike("بشار الأسد", "", "بشار الاسد"), "بشار الأسد");
  EXPECT_EQ(en->InflectLike("al-Assad", "", "Assad's"), "al-Assad's");
  EXPECT_EQ(en->InflectLike("Annan", "", "Anan"), "Annan");
}

}  // namespace
}  // namespace tmkit
