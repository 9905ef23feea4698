// The nominative of a Russian phrase that translates a name (terms/phrase_nominative.h).
#include "terms/phrase_nominative.h"

#include <algorithm>
#include <vector>

#include "terms/name_forms.h"

namespace tmkit::names_internal {
namespace {

bool EndsWith(const std::u32string& w, std::u32string_view end) {
  return w.size() >= end.size() && std::u32string_view(w).substr(w.size() - end.size()) == end;
}

// Endings of a Russian adjective in any case, gender and number (the nominatives included).
constexpr std::u32string_view kAdjectiveEndings[] = {
    U"ыми", U"ими", U"ого", U"его", U"ому", U"ему", U"ый", U"ий", U"ой", U"ая", U"яя", U"ое", U"ее", U"ые",
    U"ие", U"ым", U"им", U"ом", U"ем", U"ую", U"юю", U"ых", U"их", U"ей"};
// The plural ones: a plural group keeps its written form (its nominative plural is not derivable
// from the singular lemma the dictionary gives).
constexpr std::u32string_view kPluralEndings[] = {U"ыми", U"ими", U"ые", U"ие", U"ых", U"их"};
// Feminine oblique and nominative endings: an adjective that shows the noun is feminine.
constexpr std::u32string_view kFeminineEndings[] = {U"ой", U"ей", U"ую", U"юю", U"ая", U"яя"};

bool EndsWithAny(const std::u32string& w, const std::u32string_view* list, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (EndsWith(w, list[i])) return true;
  return false;
}

bool IsUpperCyrillic(char32_t c) { return (c >= 0x410 && c <= 0x42F) || c == 0x401; }
char32_t Upper(char32_t c) {
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c == 0x451) return 0x401;
  return c;
}

// `lemma` (lower case) written in the letter case of `surface`: Востоке -> Восток, ООН stays so.
std::u32string InCaseOf(std::u32string lemma, const std::u32string& surface) {
  if (surface.empty() || lemma.empty()) return lemma;
  bool all = surface.size() > 1 && std::all_of(surface.begin(), surface.end(), IsUpperCyrillic);
  if (all) {
    for (char32_t& c : lemma) c = Upper(c);
  } else if (IsUpperCyrillic(surface[0])) {
    lemma[0] = Upper(lemma[0]);
  }
  return lemma;
}

std::u32string Lower(std::u32string w) {
  for (char32_t& c : w) {
    if (c >= 0x410 && c <= 0x42F) c += 0x20;
    else if (c == 0x401) c = 0x451;
  }
  return w;
}

enum class Gender { kMasculine, kFeminine, kNeuter };

// The nominative singular of an adjective whose masculine lemma is `lemma` (-ый, -ий, -ой).
std::u32string AdjectiveNominative(const std::u32string& lemma, Gender g) {
  if (g == Gender::kMasculine || lemma.size() < 3) return lemma;
  std::u32string stem = lemma.substr(0, lemma.size() - 2);
  char32_t last = stem.back();
  bool soft = EndsWith(lemma, U"ий") && std::u32string_view(U"кгхжшчщ").find(last) == std::u32string_view::npos;
  bool hushing = std::u32string_view(U"жшчщ").find(last) != std::u32string_view::npos;
  if (g == Gender::kFeminine) return stem + (soft ? U"яя" : U"ая");
  return stem + (soft || (hushing && EndsWith(lemma, U"ий")) ? U"ее" : U"ое");
}

}  // namespace

RussianPhraseNominative::RussianPhraseNominative() {
  if (!Morphology::Create("ru", &morphology_).ok() || !morphology_->HasDictionary()) morphology_.reset();
}
RussianPhraseNominative::~RussianPhraseNominative() = default;

const RussianPhraseNominative::Analysis& RussianPhraseNominative::Analyze(const std::u32string& word) {
  auto [it, fresh] = cache_.try_emplace(word);
  if (!fresh || !morphology_) return it->second;
  Analysis& a = it->second;
  std::string utf8 = EncodeUtf8(word);
  a.known = morphology_->Spell(utf8);
  if (!a.known && !word.empty()) {  // a proper noun is in the dictionary capitalised (Турция)
    std::u32string capital = word;
    capital[0] = Upper(capital[0]);
    a.known = morphology_->Spell(EncodeUtf8(capital));
    if (a.known) utf8 = EncodeUtf8(capital);
  }
  if (!a.known) return a;
  std::vector<std::u32string> stems;
  for (const WordKeys& w : morphology_->AnalyzeText(utf8)) {
    for (const std::string& k : w.keys) {
      if (k[0] != 'L') continue;
      std::u32string stem = DecodeUtf8(std::string_view(k).substr(1));
      if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(std::move(stem));
    }
  }
  std::u32string folded = NormalizeWord(word, Script::kCyrillic);
  for (const std::u32string& s : stems) {
    // An adjective lemma: the word is the lemma's stem plus an adjective ending (ближнем = ближн + ем),
    // not a noun in -ий/-ой declined as a noun (героем).
    if (a.adjective_lemma.empty() && s.size() >= 4 && (EndsWith(s, U"ый") || EndsWith(s, U"ий") || EndsWith(s, U"ой"))) {
      std::u32string stem = s.substr(0, s.size() - 2);
      std::u32string_view rest = std::u32string_view(folded).substr(std::min(stem.size(), folded.size()));
      if (folded.compare(0, stem.size(), stem) == 0 &&
          std::find(std::begin(kAdjectiveEndings), std::end(kAdjectiveEndings), rest) != std::end(kAdjectiveEndings)) {
        a.adjective_lemma = s;
      }
    }
  }
  // A noun lemma the word's ending leads to (штата -> штат, Федерации -> федерация); the word
  // itself when the dictionary gives no other (суд); none when its lemma is out of the endings'
  // reach (штатов -> штат: a plural).
  stems.erase(std::remove(stems.begin(), stems.end(), folded), stems.end());  // AnalyzeText adds it
  std::vector<std::u32string> endings = TargetVariants(folded, Script::kCyrillic);
  // A noun in -ея in the dative or prepositional (Ассамблее -> ассамблея), which names never need.
  if (folded.size() >= 4 && EndsWith(folded, U"ее")) endings.push_back(folded.substr(0, folded.size() - 1) + U"я");
  for (const std::u32string& e : endings) {
    if (e != folded && std::find(stems.begin(), stems.end(), e) != stems.end()) a.lemmas.push_back(e);
  }
  // Of two, one not in -й first (Германии: германия before германий, the element).
  std::stable_sort(a.lemmas.begin(), a.lemmas.end(),
                   [](const std::u32string& x, const std::u32string& y) { return !EndsWith(x, U"й") && EndsWith(y, U"й"); });
  // A dictionary that knows only the -ий noun (германий, калифорний: elements) for an -ии form of
  // a place in -ия: the place (names in -ия outnumber those in -ий, as the miner's lemmas assume).
  if (!a.lemmas.empty() && EndsWith(a.lemmas[0], U"ий") && EndsWith(folded, U"ии")) {
    a.lemmas.insert(a.lemmas.begin(), folded.substr(0, folded.size() - 1) + U"я");
  }
  if (a.lemmas.empty() && stems.empty()) a.lemmas.push_back(folded);
  if (!a.lemmas.empty()) a.lemma = a.lemmas[0];
  // An adjective: the nominative its ending leads to (генеральной -> генеральная), for WordLemma.
  for (size_t i = 0; i < endings.size() && a.lemma.empty() && !a.adjective_lemma.empty(); ++i) {
    for (Gender g : {Gender::kMasculine, Gender::kFeminine, Gender::kNeuter}) {
      if (endings[i] == AdjectiveNominative(a.adjective_lemma, g)) a.lemma = endings[i];
    }
  }
  return a;
}

std::u32string RussianPhraseNominative::WordLemma(const std::u32string& word) {
  if (!morphology_) return {};
  return Analyze(Lower(word)).lemma;
}

size_t RussianPhraseNominative::HeadNoun(const std::string& phrase, std::vector<std::u32string>* words,
                                         std::vector<std::u32string>* pieces) {
  std::u32string text = DecodeUtf8(phrase);
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != U' ') continue;
    if (i > start) {
      words->push_back(text.substr(start, i - start));
      size_t h = words->back().rfind(U'-');
      pieces->push_back(Lower(h == std::u32string::npos ? words->back() : words->back().substr(h + 1)));
    }
    start = i + 1;
  }
  size_t noun = 0;
  while (noun < pieces->size() && !Analyze((*pieces)[noun]).adjective_lemma.empty()) ++noun;
  return noun;
}

bool RussianPhraseNominative::IsNominative(const std::string& phrase) {
  if (!morphology_) return false;
  std::vector<std::u32string> words, pieces;
  size_t noun = HeadNoun(phrase, &words, &pieces);
  static constexpr std::u32string_view kNominative[] = {U"ый", U"ий", U"ая", U"яя", U"ое", U"ее"};
  static constexpr std::u32string_view kNominativePlural[] = {U"ые", U"ие"};
  for (size_t k = 0; k < noun; ++k) {
    const std::u32string& p = pieces[k];
    if (EndsWithAny(p, kNominativePlural, std::size(kNominativePlural))) return true;
    bool nominative = EndsWithAny(p, kNominative, std::size(kNominative)) ||
                      (EndsWith(p, U"ой") && EndsWith(Analyze(p).adjective_lemma, U"ой"));
    if (!nominative) return false;
  }
  if (noun == words.size()) return noun > 0;
  const Analysis& head = Analyze(pieces[noun]);
  if (head.known) return head.lemma == NormalizeWord(pieces[noun], Script::kCyrillic);
  return noun > 0;
}

std::string RussianPhraseNominative::Nominative(const std::string& phrase) {
  if (!morphology_) return phrase;
  // Of a hyphenated word only the last piece declines (Премьер-лиги).
  std::vector<std::u32string> words, pieces;
  size_t noun = HeadNoun(phrase, &words, &pieces);
  bool feminine_hint = false;
  for (size_t k = 0; k < noun; ++k) {
    if (EndsWithAny(pieces[k], kPluralEndings, std::size(kPluralEndings))) return phrase;
    feminine_hint |= EndsWithAny(pieces[k], kFeminineEndings, std::size(kFeminineEndings));
  }
  if (noun == words.size()) return phrase;
  const Analysis& head = Analyze(pieces[noun]);
  if (!head.known || head.lemma.empty()) return phrase;
  // The lemma that agrees with the adjectives' gender (Нижней Калифорнии: калифорния, not калифорний).
  // None agreeing: the phrase as written (the dictionary knows калифорний, the element, only).
  std::u32string lemma = head.lemma;
  if (noun > 0) {
    lemma.clear();
    for (const std::u32string& l : head.lemmas) {
      bool feminine = EndsWith(l, U"а") || EndsWith(l, U"я");
      if (feminine == feminine_hint || (feminine_hint && EndsWith(l, U"ь"))) {
        lemma = l;
        break;
      }
    }
    if (lemma.empty()) return phrase;
  }
  Gender gender = Gender::kMasculine;
  if (EndsWith(lemma, U"а") || EndsWith(lemma, U"я")) gender = Gender::kFeminine;
  else if (EndsWith(lemma, U"о") || EndsWith(lemma, U"е")) gender = Gender::kNeuter;
  else if (EndsWith(lemma, U"ь") && feminine_hint) gender = Gender::kFeminine;
  auto replace_last_piece = [&](size_t k, const std::u32string& form) {
    std::u32string& w = words[k];
    size_t h = w.rfind(U'-');
    size_t at = h == std::u32string::npos ? 0 : h + 1;
    w = w.substr(0, at) + InCaseOf(form, w.substr(at));
  };
  for (size_t k = 0; k < noun; ++k) replace_last_piece(k, AdjectiveNominative(Analyze(pieces[k]).adjective_lemma, gender));
  replace_last_piece(noun, lemma);
  std::u32string out;
  for (size_t k = 0; k < words.size(); ++k) {
    if (k > 0) out += U' ';
    out += words[k];
  }
  return EncodeUtf8(out);
}

}  // namespace tmkit::names_internal
