#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tmkit/check_report.h"
#include "tmkit/checker.h"
#include "house_glossary.h"
#include "tmkit/glossary.h"
#include "tmkit/tbx.h"

namespace tmkit {
namespace {

std::vector<Finding> RunChecks(const Glossary& g, const char* tgt, const std::vector<SegmentPair>& segs,
                               const std::vector<SegmentPair>& ref = {}, std::vector<std::string> skip = {}) {
  CheckOptions o;
  o.tgt_lang = tgt;
  o.skip = std::move(skip);
  std::unique_ptr<Checker> c;
  Status s = Checker::Create(g, o, &c);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c->Check(segs, ref);
}

// For tests that repeat a source on purpose: the consistency checks would (rightly) fire.
const std::vector<std::string> kOneSourceTwice = {"inconsistent-target", "inconsistent-source"};

// "check@segment:target span text" for each finding.
std::string Summary(const std::vector<Finding>& fs, const std::vector<SegmentPair>& segs) {
  std::string out;
  for (const Finding& f : fs) {
    if (!out.empty()) out += " ";
    out += f.check + "@" + std::to_string(f.segment);
    if (!f.target_span.empty()) out += ":" + segs[f.segment].target.substr(f.target_span.begin, f.target_span.end - f.target_span.begin);
  }
  return out;
}

TEST(Check, GlossaryNamesInRussian) {
  std::vector<SegmentPair> segs = {
      {"Bashar al-Assad's regime.", "Режим Башара Ассада."},                  // deprecated
      {"Assad spoke.", "Асадд выступил."},                                     // variant
      {"Lavrov met Clinton.", "Лавров встретился с Хиллари Клинтон."},         // correct, indeclinable
      {"They met Lavrov.", "Они встретились с Лавровым."},                     // correct inflection
      {"Talks in Damascus.", "Переговоры в столице."},                         // missing
      {"Gadhafi's forces.", "Силы Гадаффи."},                                  // deprecated
  };
  auto fs = RunChecks(Names(), "ru", segs);
  EXPECT_EQ(Summary(fs, segs),
            "term-deprecated@0:Башара Ассада term-variant@1:Асадд term-missing@4 term-deprecated@5:Гадаффи");
  EXPECT_EQ(fs[0].suggestion, "Башара Асада");  // in the case found, to paste over «Башара Ассада»
  EXPECT_EQ(fs[0].severity, Severity::kError);
  EXPECT_EQ(fs[1].suggestion, "Асад");
  EXPECT_EQ(fs[2].concept_id, "place-damascus");
  EXPECT_EQ(segs[4].source.substr(fs[2].source_span.begin, fs[2].source_span.end - fs[2].source_span.begin), "Damascus");
}

TEST(Check, GlossaryNamesInArabic) {
  std::vector<SegmentPair> segs = {
      {"Annan said.", "وقال أنان."},             // deprecated
      {"Assad's regime.", "نظام الاسد."},        // orthography (no hamza)
      {"To Assad.", "للأسد."},                    // clitic form: fine
      {"Kofi Annan spoke.", "تحدث كوفي عنان."},  // fine
  };
  auto fs = RunChecks(Names(), "ar", segs);
  EXPECT_EQ(Summary(fs, segs), "term-deprecated@0:أنان term-orthography@1:الاسد");
}

TEST(Check, SupersededIsAWarning) {
  Glossary g;
  ASSERT_TRUE(ParseTbx("<tbx><text><body><conceptEntry id=\"c\"><langSec xml:lang=\"en\"><termSec><term>galactic cluster</term></termSec></langSec>"
                       "<langSec xml:lang=\"ru\"><termSec><term>рассеянное скопление</term></termSec>"
                       "<termSec><term>галактическое скопление</term><termNote type=\"administrativeStatus\">supersededTerm-admn-sts</termNote></termSec>"
                       "</langSec></conceptEntry></body></text></tbx>", "g.tbx", &g).ok());
  std::vector<SegmentPair> segs = {{"A galactic cluster.", "Галактическое скопление."}};
  auto fs = RunChecks(g, "ru", segs);
  ASSERT_EQ(Summary(fs, segs), "term-superseded@0:Галактическое скопление");
  EXPECT_EQ(fs[0].severity, Severity::kWarning);
  EXPECT_EQ(fs[0].suggestion, "рассеянное скопление");
}

TEST(Check, NumbersLocaleAware) {
  std::vector<SegmentPair> segs = {
      {"It reached 15,000.", "Достигло 15 тыс."},   // same
      {"It reached 15,000.", "Достигло 15 000."},   // same
      {"664 protests.", "646 акций."},               // changed
      {"70 people, 10 children.", "70 человек."},    // missing
      {"Ten people.", "10 человек."},                // a number word: the same
      {"Nine people.", "10 человек."},               // added
      {"At 3 p.m. on Monday.", "В понедельник в 15:00."},               // 12-hour clock read as 24
      {"Waves up to 20 feet high, 200 miles away.", "Волны до 6 метров в 320 км."},  // conversions
      {"Call 116 123 now.", "Звоните по номеру 116123."},              // a phone number regrouped
      {"About a thousand people.", "Около 1000 человек."},             // a scale word alone
  };
  Glossary none;
  auto fs = RunChecks(none, "ru", segs, {}, kOneSourceTwice);
  EXPECT_EQ(Summary(fs, segs), "number-changed@2:646 number-missing@3 number-added@5:10");
  std::vector<SegmentPair> ar = {{"It reached 15,000 in 2011.", "بلغ ١٥ ألفا في ٢٠١١."},
                                 {"Aged 33, 34 and 39.", "تبلغ أعمارهم 33 و34 و39 عامًا."}};  // و joined to digits
  EXPECT_EQ(Summary(RunChecks(none, "ar", ar), ar), "");
}

TEST(Check, UntranslatedEmptyIdentical) {
  std::vector<SegmentPair> segs = {
      {"We may get there tomorrow.", "We may get there tomorrow."},
      {"We may get there tomorrow.", "Она сказала: we may get there tomorrow."},
      {"Something.", "   "},
      {"CNN", "CNN"},  // a name alone is not untranslated text
  };
  Glossary none;
  auto fs = RunChecks(none, "ru", segs, {}, kOneSourceTwice);
  EXPECT_EQ(Summary(fs, segs), "target-identical@0:We may get there tomorrow. untranslated@1:Она сказала: we may get there tomorrow. target-empty@2");
}

TEST(Check, SpellingSkipsNamesAndTerms) {
  std::vector<SegmentPair> segs = {
      {"Assad met Ann Harrison and Eileen Chamberlain Donahoe.",
       "Асадом встретились Энн Харрисон и Эйлин Чемберлен Донахью."},
      {"Saad Abedine wrote it.", "Абедин написал это."},     // name not at sentence start, from the source
      {"They are concerned.", "Они обеспакоены."},           // misspelling
      {"A relentless war.", "Неутихающая война."},           // не- + known word
  };
  auto fs = RunChecks(Names(), "ru", segs);
  std::string s = Summary(fs, segs);
  EXPECT_NE(s.find("spelling@2:обеспакоены"), std::string::npos) << s;
  EXPECT_EQ(s.find("spelling@0"), std::string::npos) << s;
  EXPECT_EQ(s.find("spelling@1"), std::string::npos) << s;
  EXPECT_EQ(s.find("spelling@3"), std::string::npos) << s;
}

TEST(Check, Typography) {
  std::vector<SegmentPair> segs = {
      {"He said \"no\".", "Он сказал  «нет»."},
      {"He said \"no\".", "Он сказал «нет."},
      {"A group (SNC) said.", "Группа (СНС заявила."},
      {"It ended.", "Закончилось"},
      {"\"It ended,\" he said.", "«Закончилось», — сказал он."},
  };
  Glossary none;
  auto fs = RunChecks(none, "ru", segs, {}, kOneSourceTwice);
  EXPECT_EQ(Summary(fs, segs), "double-space@0:   unbalanced-quotes@1 unbalanced-brackets@2:( final-punctuation@3");
}

TEST(Check, InconsistentAcrossDraftAndReference) {
  std::vector<SegmentPair> draft = {{"The talks failed.", "Переговоры провалились."},
                                    {"He left.", "Он ушел."}};
  std::vector<SegmentPair> tm = {{"The talks failed.", "Переговоры сорвались."},
                                 {"The talks failed.", "Переговоры сорвались."},
                                 {"She left.", "Он ушел."}};
  Glossary none;
  auto fs = RunChecks(none, "ru", draft, tm);
  ASSERT_EQ(Summary(fs, draft), "inconsistent-target@0:Переговоры провалились. inconsistent-source@1:Он ушел.");
  // As written, not folded: the suggestion is pasted over the translation.
  EXPECT_NE(fs[0].message.find("«Переговоры сорвались.» \u00D72"), std::string::npos) << fs[0].message;
  EXPECT_EQ(fs[0].suggestion, "Переговоры сорвались.");
}

TEST(Check, NamesOutsideTheGlossaryRenderedTwoWays) {
  std::vector<SegmentPair> draft = {{"Lavrov said.", "Сказал Лавроф."}};
  std::vector<SegmentPair> tm = {{"Lavrov spoke.", "Выступил Лавров."},
                                 {"With Lavrov.", "Вместе с Лавровым."},
                                 {"Lavrov's view.", "Мнение Лаврова."}};
  Glossary none;
  auto fs = RunChecks(none, "ru", draft, tm);
  std::vector<Finding> names;
  for (const Finding& f : fs) if (f.check == "name-inconsistent") names.push_back(f);
  ASSERT_EQ(names.size(), 1u) << Summary(fs, draft);
  EXPECT_EQ(Summary(names, draft), "name-inconsistent@0:Лавроф");
  EXPECT_NE(names[0].message.find("\u00D73"), std::string::npos) << names[0].message;  // Лавров in 3 forms
  EXPECT_NE(names[0].message.find("«Лавроф» \u00D71"), std::string::npos) << names[0].message;
}

TEST(Check, TmInconsistenciesStreamed) {
  std::vector<SegmentPair> tm = {{"A.", "Х."}, {"B.", "Y."}, {"A.", "Z."}, {"a.", "х."}, {"C.", "Y."}};
  auto fs = FindTmInconsistencies(tm.size(), [&](size_t i, SegmentPair* p) { *p = tm[i]; return true; }, "en", "ru");
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_EQ(fs[0].check, "inconsistent-target");
  EXPECT_EQ(fs[0].segment, 0u);
  EXPECT_NE(fs[0].message.find("«Х.» \u00D72"), std::string::npos) << fs[0].message;
  EXPECT_EQ(fs[1].check, "inconsistent-source");
  EXPECT_EQ(fs[1].segment, 1u);
}

TEST(Check, ReportsCarrySpans) {
  std::vector<SegmentPair> segs = {{"Assad <spoke>.", "Ассад <выступил>."}};
  auto fs = RunChecks(Names(), "ru", segs);
  ASSERT_FALSE(fs.empty());
  std::string json = FindingsToJson(fs, segs);
  EXPECT_NE(json.find("\"check\": \"term-deprecated\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"text\": \"Ассад\""), std::string::npos) << json;
  std::string html = FindingsToHtml(fs, segs, "t");
  EXPECT_NE(html.find("<mark>Ассад</mark> &lt;выступил&gt;"), std::string::npos) << html;
  EXPECT_NE(FindingsToText(fs, segs).find("\u27E6Ассад\u27E7"), std::string::npos);
}

TEST(Check, RejectsUnknownCheckId) {
  CheckOptions o;
  o.tgt_lang = "ru";
  o.skip = {"no-such-check"};
  std::unique_ptr<Checker> c;
  EXPECT_EQ(Checker::Create(Names(), o, &c).code(), Status::Code::kInvalidArgument);
}


TEST(Check, BidiControlsInTheTarget) {
  // U+202E (right-to-left override) hides a reordered number; U+2067 (an isolate) in Arabic too.
  std::vector<SegmentPair> segs = {{"He paid 120 dollars.", "Он заплатил \u202E021\u202C долларов."},
                                   {"She paid 120 dollars.", "Она заплатила 120 долларов."}};
  Glossary none;
  auto fs = RunChecks(none, "ru", segs, {}, {"number-changed", "number-missing", "number-added"});
  EXPECT_EQ(Summary(fs, segs), "bidi-control@0:\u202E bidi-control@0:\u202C");
  ASSERT_FALSE(fs.empty());
  EXPECT_EQ(fs[0].severity, Severity::kError);
  std::vector<SegmentPair> ar = {{"He said no.", "قال \u2067لا\u2069."}, {"She said no.", "قالت \u200Fلا."}};
  EXPECT_EQ(Summary(RunChecks(none, "ar", ar), ar), "bidi-control@0:\u2067 bidi-control@0:\u2069");  // a mark is Arabic's own
}

TEST(Check, QuotesAcrossSegments) {
  Glossary none;
  // The source closes its quotation in the first segment; the translation in the second.
  std::vector<SegmentPair> across = {{"\"We will win,\" he said.", "«Мы победим, — сказал он."},
                                     {"\"It is certain.\"", "Это точно»."}};
  EXPECT_EQ(Summary(RunChecks(none, "ru", across), across), "");
  // Nested single quotes rendered as double ones.
  std::vector<SegmentPair> nested = {{"\"Say 'yes' now,\" she said.", "«Скажи \"да\" сейчас», — сказала она."}};
  EXPECT_EQ(Summary(RunChecks(none, "ru", nested), nested), "");
  // A closing mark dropped, with nothing in the neighbours to make up for it.
  std::vector<SegmentPair> dropped = {{"It rained.", "Шёл дождь."},
                                      {"\"We will win,\" he said.", "«Мы победим, — сказал он."},
                                      {"It rained.", "Шёл дождь."}};
  EXPECT_EQ(Summary(RunChecks(none, "ru", dropped), dropped), "unbalanced-quotes@1");
}

TEST(Check, MoreNumberReadings) {
  Glossary none;
  std::vector<SegmentPair> segs = {
      {"Found at about 04:00 on Saturday.", "Найден около 4 часов утра в субботу."},        // a time's hour alone
      {"More than one and less than 48.", "Больше одной и меньше сорока восьми."},           // compound number words
      {"Turnout stood at 34 percent.", "Явка составила 34 процентами."},                     // a percent word not read
      {"Up to 4 inches, 1 to 2 inches elsewhere.", "До 10 см, в других местах 2,5–5 см."},   // a range converted
      {"He asked: \"Why now?\"", "Он спросил: «Почему сейчас?»."},                   // ?». is a question
  };
  EXPECT_EQ(Summary(RunChecks(none, "ru", segs), segs), "");
}

// What professional translations do on purpose is not a finding (issue 26): a quotation the
// translation bounds otherwise or renders as reported speech, an exclamation for a period.
TEST(Check, TranslatorsChoicesAreNotFindings) {
  Glossary none;
  std::vector<SegmentPair> segs = {
      {"It was hard.", "Было трудно."},
      {"The team did a great job,\" said Hamilton.", "Гамильтон сказал: «Команда отлично поработала»."},  // quoted whole
      {"This is big, he said.", "Он сказал, что это важно."},
      {"I'm not running,\" he said.", "Он сказал, что не баллотируется."},                             // reported speech
      {"It is a complete farce.", "Это полный фарс!"},                                                 // tone
      {"Why would I?", "Зачем мне это."},                                                              // a question lost
      {"He said: \"We will win.\"", "Он сказал: «Мы победим."},                                      // left open
      {"Pigs are playful.", "Свиньи игривы,"},                                                          // runs on
      {"They bite.", "они кусачие."},
  };
  EXPECT_EQ(Summary(RunChecks(none, "ru", segs), segs), "final-punctuation@5 unbalanced-quotes@6");
}

TEST(Check, ArabicNumbersGluedAndOrdinal) {
  Glossary none;
  std::vector<SegmentPair> segs = {
      {"It was around 200 times the power.", "بلغت قوته حوالي200 مرة."},                       // space lost
      {"Removing him via the 25th amendment.", "عزله عن طريق التعديل الخامس والعشرين."},      // units before tens
      {"He represents the 12th district.", "يمثل المقاطعة الثانية عشرة."},
      {"It sits 45 miles (72 kilometers) away.", "يقع على بعد 72 كيلومترا."},                  // the source gives both
  };
  EXPECT_EQ(Summary(RunChecks(none, "ar", segs, {}, {"spelling"}), segs), "");
  std::vector<SegmentPair> ru = {{"Over 24 hours it erupted 183 times.", "За сутки было 183 выброса."}};
  EXPECT_EQ(Summary(RunChecks(none, "ru", ru), ru), "");
}

// Arabic words run together are one finding per segment, listing them; a real word the dictionary
// lacks is let through when its form is regular (an imperfect prefix, a feminine plural).
TEST(Check, ArabicRunOnWordsGrouped) {
  Glossary none;
  std::vector<SegmentPair> segs = {
      {"The Foreign Minister told the Security Council.", "وأبلغ وزيرالخارجية مجلسالأمن بذلك."},
      {"We share the view.", "نحن نتشاطر وجهة النظر."},
      {"He lost seven holes.", "خسر سبع حفرات."},
  };
  auto fs = RunChecks(none, "ar", segs);
  ASSERT_EQ(Summary(fs, segs), "spelling@0:وزيرالخارجية");
  EXPECT_NE(fs[0].message.find("2 places"), std::string::npos) << fs[0].message;
  EXPECT_NE(fs[0].message.find("مجلس الأمن"), std::string::npos) << fs[0].message;
  EXPECT_EQ(fs[0].suggestion, "وزير الخارجية");
}

// An adjective or plural of a glossary name is the name in another form, not a variant spelling.
TEST(Check, DerivedFormsOfGlossaryNames) {
  std::vector<SegmentPair> segs = {
      {"The Paris agreement holds.", "Парижские соглашения в силе."},
      {"Assad spoke.", "Асадд выступил."},  // a letter of the stem differs: still a variant
  };
  EXPECT_EQ(Summary(RunChecks(Names(), "ru", segs), segs), "term-variant@1:Асадд");
}

// In a name's position the repair must itself be a name: Йельском is not a typo of сельском.
TEST(Check, NamePositionTyposNeedANameRepair) {
  Glossary none;
  std::vector<SegmentPair> segs = {
      {"He studied at Yale.", "Он учился в Йельском университете."},
      {"Rural schools.", "В сельском районе школы."},
      {"He called himself Brother Love.", "Он назвал себя Браза Лав."},
      {"The base.", "База закрыта."},
  };
  std::string s = Summary(RunChecks(none, "ru", segs, {}, kOneSourceTwice), segs);
  EXPECT_EQ(s.find("spelling"), std::string::npos) << s;
}

}  // namespace
}  // namespace tmkit
