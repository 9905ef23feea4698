// Keys for matching words across inflection and clitics. A text word carries every key it could
// be known by; a term word carries the keys that identify it. Tags keep key kinds apart:
//   "=" surface form (indeclinable words must appear exactly so)
//   "A" an acronym written in capitals (UN matches U.N. and UN, never "un")
//   "L" a lemma: the folded word itself, a Hunspell stem, an Arabic form without clitics
//   "R" a Russian stem with one inflection ending removed, or an English singular
#include "tmkit/morphology.h"
#include "terms/inflected_forms.h"

#include <hunspell/hunspell.hxx>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "util/strings.h"

namespace tmkit {
namespace {

// Inflection endings of Russian nouns, adjectives and surnames, folded (ё -> е).
constexpr std::string_view kRussianEndings[] = {
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ым", "им",
    "ая",  "яя",  "ое",  "ее",  "ые",  "ие",  "ых",  "их",  "ую", "юю", "ов", "ев", "ам", "ям", "ый", "ий",
    "ах",  "ях",  "ою",  "ею",  "а",   "я",   "у",   "ю",   "е",  "ы",  "и",  "о",  "ь",  "й"};

constexpr size_t kMinStemCodePoints = 3;

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

UChar32 LastCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return c;
}

UChar32 FirstCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

// Letters all upper case, at least two of them: an acronym (UN, U.N., ООН, FSA).
bool IsAcronym(std::string_view word) {
  int letters = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(word.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(word.data()), i, static_cast<int32_t>(word.size()), c);
    if (c == '.') continue;
    if (!u_isalpha(c) || !u_isupper(c)) return false;
    ++letters;
  }
  return letters >= 2;
}

bool IsCapitalized(std::string_view word) { return u_isupper(FirstCodePoint(word)); }

std::string WithoutDots(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
  return s;
}

bool IsRussianVowel(UChar32 c) {
  switch (c) {
    case u'а': case u'е': case u'ё': case u'и': case u'о': case u'у': case u'ы': case u'э':
    case u'ю': case u'я':
      return true;
  }
  return false;
}

// A Russian word of a glossary term that keeps one form in every case: vowel-final foreign
// names other than -а/-я (Кофи, Хиллари, Каддафи, Алеппо) and, in a feminine term, consonant-
// final surnames (Хиллари Клинтон).
bool RussianIndeclinable(std::string_view surface, std::string_view folded, std::string_view gender) {
  if (!IsCapitalized(surface)) return false;
  UChar32 last = LastCodePoint(folded);
  if (last == u'а' || last == u'я' || last == u'й' || last == u'ь') return false;
  if (IsRussianVowel(last)) {
    // Capitalized adjectives of organization names (Местные, Свободное) do decline.
    for (std::string_view adj : {"ые", "ие", "ое", "ее"}) {
      if (EndsWith(folded, adj)) return false;
    }
    return true;
  }
  return gender == "feminine";
}

std::vector<std::string> RussianStems(const std::string& folded) {
  std::vector<std::string> stems{folded};
  for (std::string_view e : kRussianEndings) {
    if (EndsWith(folded, e) && CodePoints(folded) - CodePoints(e) >= kMinStemCodePoints) {
      stems.push_back(folded.substr(0, folded.size() - e.size()));
    }
  }
  return stems;
}

// An Arabic word without up to two proclitics (و ف ب ك ل), with ل + ال written لل restored.
std::vector<std::string> ArabicCliticVariants(const std::string& folded) {
  static const std::string_view kProclitics[] = {"و", "ف", "ب", "ك", "ل"};
  std::vector<std::string> forms{folded};
  for (size_t depth = 0, from = 0; depth < 2; ++depth) {
    size_t to = forms.size();
    for (size_t i = from; i < to; ++i) {
      for (std::string_view p : kProclitics) {
        if (StartsWith(forms[i], p) && CodePoints(forms[i]) >= 3) forms.push_back(forms[i].substr(p.size()));
      }
    }
    from = to;
  }
  const std::string kLil = "لل", kAl = "ال";
  size_t n = forms.size();
  for (size_t i = 0; i < n; ++i) {
    if (StartsWith(forms[i], kLil) && CodePoints(forms[i]) >= 4) forms.push_back(kAl + forms[i].substr(kLil.size()));
  }
  return forms;
}

std::string EnglishSingular(const std::string& folded) {
  if (folded.size() > 3 && EndsWith(folded, "s") && !EndsWith(folded, "ss")) return folded.substr(0, folded.size() - 1);
  return folded;
}

bool IsDroppedPunct(std::string_view norm) { return norm == "-" || norm == "'" || norm == "."; }

bool IsArticle(std::string_view lang, std::string_view folded) {
  if (lang == "en") return folded == "al" || folded == "el" || folded == "the";
  if (lang == "ru") return folded == "аль" || folded == "эль";
  return false;
}

void AddKey(std::vector<std::string>* keys, std::string key) {
  for (const auto& k : *keys) {
    if (k == key) return;
  }
  keys->push_back(std::move(key));
}

std::string DictionaryDir() {
  const char* env = std::getenv("TMKIT_HUNSPELL_DIR");
  return env != nullptr && *env != '\0' ? env : "/usr/share/hunspell";
}

bool DictionaryFilesExist(const std::string& base) {
  return std::ifstream(base + ".aff").good() && std::ifstream(base + ".dic").good();
}

// The Hunspell dictionary for a language other than en/ru/ar, as Debian's hunspell-* packages
// name them: the tag's own region first (pt_BR for pt-BR), then the bare language (de), then the
// first regional one in name order (pt_BR, then pt_PT for pt). Empty when there is none.
std::string FindDictionary(const std::string& dir, const std::string& canonical, const std::string& primary) {
  size_t dash = canonical.find('-');
  if (dash != std::string::npos) {
    std::string region = canonical.substr(canonical.rfind('-') + 1);
    if (region.size() == 2 && DictionaryFilesExist(dir + "/" + primary + "_" + region)) return dir + "/" + primary + "_" + region;
  }
  if (DictionaryFilesExist(dir + "/" + primary)) return dir + "/" + primary;
  std::vector<std::string> regional;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > primary.size() + 5 && name.compare(0, primary.size() + 1, primary + "_") == 0 &&
          EndsWith(name, ".aff")) {
        regional.push_back(name.substr(0, name.size() - 4));
      }
    }
    ::closedir(d);
  }
  std::sort(regional.begin(), regional.end());
  for (const std::string& r : regional) {
    if (DictionaryFilesExist(dir + "/" + r)) return dir + "/" + r;
  }
  return std::string();
}

// The bytes of the last `n` code points of `s` (all of `s` when it is shorter).
size_t TailBytes(std::string_view s, size_t n) {
  int32_t i = static_cast<int32_t>(s.size());
  for (; n > 0 && i > 0; --n) {
    UChar32 c;
    U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  }
  return s.size() - static_cast<size_t>(i);
}

// The bytes of the first `n` code points of `s`.
size_t HeadBytes(std::string_view s, size_t n) {
  int32_t i = 0;
  for (; n > 0 && i < static_cast<int32_t>(s.size()); --n) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  }
  return static_cast<size_t>(i);
}

std::string UpperCase(std::string_view s) {
  std::string out;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    char buf[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buf), n, u_toupper(c));
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

bool IsArabicProclitic(UChar32 c) { return c == 0x0648 || c == 0x0641 || c == 0x0628 || c == 0x0643 || c == 0x0644; }

}  // namespace

std::vector<std::string> InflectedForms(std::string_view lang, const std::string& folded) {
  const std::string primary = PrimaryLanguage(lang);
  std::vector<std::string> forms{folded};
  if (primary == "ru") {
    for (const std::string& stem : RussianStems(folded)) {
      AddKey(&forms, stem);
      // Only stems that keep kMinStemCodePoints: RussianStems cuts no shorter, so a form built
      // here reduces to `stem` when matched.
      if (CodePoints(stem) < kMinStemCodePoints) continue;
      for (std::string_view e : kRussianEndings) AddKey(&forms, stem + std::string(e));
    }
  } else if (primary == "ar") {
    // A conjunction (و ف), then a preposition (ب ك ل), as ArabicCliticVariants strips them;
    // ل before the article is written لل.
    const std::string kAl = "ال", kLil = "لل";
    std::vector<std::string> preposed{folded};
    for (const char* p : {"ب", "ك", "ل"}) preposed.push_back(p + folded);
    if (StartsWith(folded, kAl) && CodePoints(folded) >= 4) preposed.push_back(kLil + folded.substr(kAl.size()));
    for (const std::string& form : preposed) {
      AddKey(&forms, form);
      for (const char* c : {"و", "ف"}) AddKey(&forms, c + form);
    }
  } else if (primary == "en") {
    if (!EndsWith(folded, "'s") && !EndsWith(folded, "'")) {
      AddKey(&forms, folded + "'s");
      AddKey(&forms, folded + "'");
    }
  }
  return forms;
}

bool IsNameParticle(std::string_view lang, std::string_view folded) {
  const std::string primary = PrimaryLanguage(lang);
  if (primary == "en") return folded == "al" || folded == "el";
  return IsArticle(primary, folded);
}

Status Morphology::Create(std::string_view lang, std::unique_ptr<Morphology>* out) {
  std::string canonical;
  Status s = CanonicalLanguageTag(lang, &canonical);
  if (!s.ok()) return s;
  std::unique_ptr<Morphology> m(new Morphology);
  m->lang_ = PrimaryLanguage(canonical);
  const char* dict = m->lang_ == "ru" ? "ru_RU" : m->lang_ == "ar" ? "ar" : m->lang_ == "en" ? "en_US" : nullptr;
  if (dict != nullptr) {
    std::string base = DictionaryDir() + "/" + dict;
    if (DictionaryFilesExist(base)) m->dictionary_base_ = base;
  } else {
    m->dictionary_base_ = FindDictionary(DictionaryDir(), canonical, m->lang_);
  }
  *out = std::move(m);
  return Status::OK();
}

Morphology::~Morphology() = default;

std::string Morphology::MatchingDescription() const {
  std::string dictionary = dictionary_base_.substr(dictionary_base_.rfind('/') + 1);
  if (lang_ == "ru") {
    return "exact, case-folded, inflection-aware (endings" + (HasDictionary() ? " and Hunspell " + dictionary : std::string()) + ")";
  }
  if (lang_ == "ar") {
    return "exact, case-folded, clitic-aware (al-, wa-, bi-, li-…" +
           (HasDictionary() ? "; Hunspell " + dictionary : std::string()) + ")";
  }
  if (lang_ == "en") return "exact, case-folded, possessives and plurals";
  if (HasDictionary()) return "exact, case-folded, Hunspell stems (" + dictionary + ")";
  return "exact and case-folded (no Hunspell dictionary for '" + lang_ + "' installed)";
}

Hunspell* Morphology::Dictionary() const {
  if (hunspell_ == nullptr && !dictionary_base_.empty()) {
    hunspell_ = std::make_unique<Hunspell>((dictionary_base_ + ".aff").c_str(), (dictionary_base_ + ".dic").c_str());
  }
  return hunspell_.get();
}

std::vector<WordKeys> Morphology::AnalyzeText(std::string_view text) {
  std::vector<WordKeys> words;
  // An article joined to the next word by a hyphen ("al-Assad", "аль-Асад") is not matched, but
  // belongs to the word's span: a match shows the name as written.
  size_t article_begin = std::string_view::npos, joined_to = std::string_view::npos;
  for (Token& t : TokenizeForMatching(text, lang_)) {
    WordKeys w;
    w.begin = t.begin;
    w.end = t.end;
    const bool attached = t.begin == joined_to;
    joined_to = std::string_view::npos;
    if (t.kind == TokenKind::kPunct) {
      if (attached && t.norm == "-" && article_begin != std::string_view::npos) joined_to = t.end;
      if (IsDroppedPunct(t.norm)) continue;
      words.push_back(std::move(w));  // no keys: a comma or bracket breaks a multi-word match
      continue;
    }
    if (attached && article_begin != std::string_view::npos) w.begin = article_begin;
    article_begin = std::string_view::npos;
    std::string_view surface = text.substr(t.begin, t.end - t.begin);
    std::string f = std::move(t.norm);
    if (lang_ == "en") {
      if (EndsWith(f, "'s")) f.resize(f.size() - 2);
      else if (EndsWith(f, "'")) f.resize(f.size() - 1);
      f = WithoutDots(std::move(f));
    }
    if (IsArticle(lang_, f)) {
      article_begin = t.begin;
      joined_to = t.end;
      continue;
    }
    w.folded = f;
    AddKey(&w.keys, "=" + f);
    AddKey(&w.keys, "L" + f);
    if (IsAcronym(surface)) AddKey(&w.keys, "A" + WithoutDots(f));
    if (lang_ == "ru") {
      if (HasDictionary()) {
        auto [it, fresh] = stems_.try_emplace(std::string(surface));
        if (fresh) {
          for (const std::string& stem : Dictionary()->stem(it->first)) it->second.push_back(FoldForMatching(stem, lang_));
        }
        for (const std::string& stem : it->second) AddKey(&w.keys, "L" + stem);
      }
      for (std::string& s : RussianStems(f)) AddKey(&w.keys, "R" + s);
    } else if (lang_ == "ar") {
      for (std::string& v : ArabicCliticVariants(f)) AddKey(&w.keys, "L" + v);
      // A clitic joined by tatweel to a Latin name or acronym (لـCNN) leaves the Latin word.
      size_t tatweel = surface.find("\u0640");
      if (tatweel != std::string_view::npos && tatweel + 2 < surface.size()) {
        std::string_view rest = surface.substr(tatweel + 2);
        AddKey(&w.keys, "L" + FoldForMatching(rest, "en"));
        if (IsAcronym(rest)) AddKey(&w.keys, "A" + WithoutDots(FoldForMatching(rest, "en")));
      }
    } else if (lang_ == "en") {
      AddKey(&w.keys, "R" + EnglishSingular(f));
    } else if (HasDictionary()) {
      // Any other language with a Hunspell dictionary: a text word also matches by its stems
      // (pt "acordos" finds the term "acordo").
      auto [it, fresh] = stems_.try_emplace(std::string(surface));
      if (fresh) {
        for (const std::string& stem : Dictionary()->stem(it->first)) it->second.push_back(FoldForMatching(stem, lang_));
      }
      for (const std::string& stem : it->second) AddKey(&w.keys, "L" + stem);
    }
    words.push_back(std::move(w));
  }
  return words;
}

// A non-empty run of letters without combining marks: ICU puts no word boundary inside it.
static bool LettersOnly(std::string_view s) {
  if (s.empty()) return false;
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    if (c < 0 || !u_isalpha(c) || u_getCombiningClass(c) != 0 || (c >= 0x0600 && c <= 0x06FF && !u_isalpha(c))) return false;
  }
  return true;
}

// Letters and single spaces only: ICU's word boundaries are exactly the spaces, so the term
// can be split without a break iterator (most glossary terms; it matters for 100,000 of them).
static bool LettersAndSpaces(std::string_view s) {
  if (s.empty()) return false;
  for (size_t start = 0;;) {
    size_t end = std::min(s.find(' ', start), s.size());
    if (!LettersOnly(s.substr(start, end - start))) return false;
    if (end == s.size()) return true;
    start = end + 1;
  }
}

static std::vector<Token> TermTokens(std::string_view term, std::string_view lang) {
  if (!LettersAndSpaces(term)) return TokenizeForMatching(term, lang);
  std::vector<Token> tokens;
  size_t start = 0;
  while (start <= term.size()) {
    size_t end = term.find(' ', start);
    if (end == std::string_view::npos) end = term.size();
    Token t;
    t.begin = start;
    t.end = end;
    t.norm = FoldForMatching(term.substr(start, end - start), lang);
    tokens.push_back(std::move(t));
    start = end + 1;
  }
  return tokens;
}

std::vector<WordKeys> Morphology::AnalyzeTerm(std::string_view term, std::string_view gender) const {
  std::vector<WordKeys> words;
  for (Token& t : TermTokens(term, lang_)) {
    if (t.kind == TokenKind::kPunct && IsDroppedPunct(t.norm)) continue;
    WordKeys w;
    w.begin = t.begin;
    w.end = t.end;
    std::string_view surface = term.substr(t.begin, t.end - t.begin);
    std::string f = std::move(t.norm);
    if (lang_ == "en") f = WithoutDots(std::move(f));
    if (t.kind != TokenKind::kPunct && IsArticle(lang_, f)) continue;
    w.folded = f;
    if (t.kind == TokenKind::kPunct) {
      w.keys.push_back("=" + f);  // punctuation inside a term must be there in the text
    } else if (IsAcronym(surface)) {
      w.keys.push_back("A" + WithoutDots(f));
    } else if (lang_ == "ru") {
      // A capitalized word the dictionary knows in lower case is a common word (Министерство
      // юстиции), not a foreign name, and declines whatever its ending.
      if (RussianIndeclinable(surface, f, gender) && !KnownInLowerCase(f)) {
        w.keys.push_back("=" + f);
      } else {
        w.keys.push_back("L" + f);
        for (std::string& s : RussianStems(f)) AddKey(&w.keys, "R" + s);
      }
    } else if (lang_ == "en") {
      w.keys.push_back("L" + f);
      AddKey(&w.keys, "R" + EnglishSingular(f));
    } else {
      w.keys.push_back("L" + f);
    }
    words.push_back(std::move(w));
  }
  return words;
}

bool Morphology::TermPiece(std::string_view piece, std::string* folded, bool* article) const {
  if (!LettersOnly(piece)) return false;
  *folded = FoldForMatching(piece, lang_);
  *article = IsArticle(lang_, lang_ == "en" ? WithoutDots(*folded) : *folded);
  return true;
}

std::vector<Token> Morphology::SplitTerm(std::string_view term) const {
  std::vector<Token> tokens;
  for (Token& t : TermTokens(term, lang_)) {
    if (t.kind == TokenKind::kPunct && IsDroppedPunct(t.norm)) continue;
    if (t.kind != TokenKind::kPunct && IsArticle(lang_, lang_ == "en" ? WithoutDots(t.norm) : t.norm)) continue;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

void Morphology::Teach(std::string_view term, std::string_view gender) {
  if (!HasDictionary()) return;
  for (const Token& t : TokenizeForMatching(term, lang_)) {
    if (t.kind != TokenKind::kWord) continue;
    std::string word(term.substr(t.begin, t.end - t.begin));
    if (!taught_.insert(word).second || IsAcronym(word)) continue;
    stems_.clear();
    spelled_.clear();
    // Known as a lemma of its own (Дамаск) it needs nothing; known only as a form of another
    // word (Лавров, genitive plural of лавр) it still needs its own paradigm.
    std::vector<std::string> stems = Dictionary()->stem(word);
    if (std::find(stems.begin(), stems.end(), word) != stems.end()) continue;
    const std::string& f = t.norm;
    if (lang_ == "ru") {
      if (RussianIndeclinable(word, f, gender)) {
        Dictionary()->add(word);
      } else if (EndsWith(f, "ов") || EndsWith(f, "ев") || EndsWith(f, "ин") || EndsWith(f, "ын")) {
        Dictionary()->add_with_affix(word, "Путин");
      } else if (EndsWith(f, "ия")) {
        Dictionary()->add_with_affix(word, "Сирия");
      } else if (EndsWith(f, "а")) {
        Dictionary()->add_with_affix(word, "Москва");
      } else if (EndsWith(f, "й")) {
        Dictionary()->add_with_affix(word, "Сергей");
      } else if (!IsRussianVowel(LastCodePoint(f)) && LastCodePoint(f) != u'ь') {
        Dictionary()->add_with_affix(word, "Дамаск");
      } else {
        Dictionary()->add(word);
      }
    } else if (lang_ == "ar") {
      // Ayaspell knows the article and clitics of common nouns; a name borrows them.
      const std::string kAl = "ال";
      if (StartsWith(word, kAl) && CodePoints(word) > 3) {
        Dictionary()->add_with_affix(word.substr(kAl.size()), "رئيس");
      } else {
        Dictionary()->add_with_affix(word, "دمشق");
      }
    } else {
      Dictionary()->add(word);
    }
  }
}

bool Morphology::KnownInLowerCase(const std::string& folded) const {
  if (!HasDictionary()) return false;
  auto it = known_lower_.find(folded);
  if (it == known_lower_.end()) it = known_lower_.emplace(folded, Dictionary()->spell(folded)).first;
  return it->second;
}

bool Morphology::Spell(const std::string& word) {
  if (!HasDictionary()) return true;
  auto [it, fresh] = spelled_.try_emplace(word, false);
  if (fresh) it->second = Dictionary()->spell(word);
  return it->second;
}

std::vector<Token> Morphology::NameWords(std::string_view text) const {
  std::vector<Token> words;
  for (Token& t : TokenizeForMatching(text, lang_)) {
    if (t.kind == TokenKind::kWord && !IsArticle(lang_, lang_ == "en" ? WithoutDots(t.norm) : t.norm)) words.push_back(std::move(t));
  }
  return words;
}

std::string Morphology::InflectLike(std::string_view form, std::string_view gender, std::string_view found,
                                    std::string_view matched) {
  std::string out(form);
  std::vector<Token> form_words = NameWords(form), found_words = NameWords(found), matched_words = NameWords(matched);
  if (form_words.empty() || form_words.size() != found_words.size()) return out;
  if (matched_words.size() != form_words.size()) matched_words.clear();
  // From the last word back, so the spans of the earlier ones stay valid.
  for (size_t k = form_words.size(); k-- > 0;) {
    const Token& w = form_words[k];
    std::string word(form.substr(w.begin, w.end - w.begin));
    std::string_view seen = found.substr(found_words[k].begin, found_words[k].end - found_words[k].begin);
    std::string_view as;
    if (!matched_words.empty()) as = matched.substr(matched_words[k].begin, matched_words[k].end - matched_words[k].begin);
    std::string like = word;
    if (lang_ == "ru") {
      // Word by word only where the words correspond (Асад for Ассад; not скопление for the
      // галактическое of "галактическое скопление"): the same first letter.
      bool same_start = as.empty() || FirstCodePoint(FoldForMatching(as, lang_)) == FirstCodePoint(w.norm);
      if (same_start) like = RussianWordLike(word, gender, seen);
    } else if (lang_ == "ar") {
      like = ArabicWordLike(word, seen, as);
    } else if (lang_ == "en") {
      for (std::string_view possessive : {"'s", "\u2019s", "'", "\u2019"}) {
        if (EndsWith(seen, possessive) && !EndsWith(word, possessive)) {
          like = word + std::string(possessive);
          break;
        }
      }
    }
    out.replace(w.begin, w.end - w.begin, like);
  }
  return out;
}

std::string Morphology::RussianWordLike(const std::string& word, std::string_view gender, std::string_view found) {
  const std::string folded = FoldForMatching(word, lang_), seen = FoldForMatching(found, lang_);
  if (folded == seen || !HasDictionary()) return word;
  if (RussianIndeclinable(word, folded, gender) && !KnownInLowerCase(folded)) return word;
  // The word's lemmas: a candidate must be a form of one of them (Свободная -> свободный).
  std::vector<std::string> lemmas{folded};
  for (const std::string& stem : Dictionary()->stem(word)) AddKey(&lemmas, FoldForMatching(stem, lang_));
  const bool upper = u_isupper(LastCodePoint(word)) && CodePoints(word) > 1;
  // The found word's ending, longest first (kRussianEndings lists them so), put on the glossary
  // word without its own ending (Обама, обамой -> Обамой) or with it whole (Асад, ассада -> Асада).
  for (std::string_view ending : kRussianEndings) {
    if (!EndsWith(seen, ending) || CodePoints(seen) - CodePoints(ending) < 2) continue;
    std::vector<std::string_view> own{""};
    for (std::string_view e : kRussianEndings) {
      if (EndsWith(folded, e) && CodePoints(folded) - CodePoints(e) >= 2) own.push_back(e);
    }
    for (std::string_view e : own) {
      std::string candidate = word.substr(0, word.size() - TailBytes(word, CodePoints(e)));
      candidate += upper ? UpperCase(ending) : std::string(ending);
      if (FoldForMatching(candidate, lang_) == folded) return word;
      if (!Dictionary()->spell(candidate)) continue;
      for (const std::string& stem : Dictionary()->stem(candidate)) {
        if (std::find(lemmas.begin(), lemmas.end(), FoldForMatching(stem, lang_)) != lemmas.end()) return candidate;
      }
    }
  }
  return word;
}

std::string Morphology::ArabicWordLike(const std::string& word, std::string_view found, std::string_view matched) const {
  const std::string kAl = "\u0627\u0644", kLam = "\u0644";
  const std::string folded = FoldForMatching(word, lang_), seen = FoldForMatching(found, lang_);
  if (folded == seen) return word;
  const bool article = StartsWith(folded, kAl);
  // How many proclitics (و ف ب ك ل) stand before the word in `found`, and whether ل joined the
  // article as لل: judged by the matched term's word, then the glossary word, then (a misspelled
  // word) by where the found word starts with the glossary word's first letter.
  auto clitics = [&](const std::string& term, bool first_letter, size_t* k, bool* lil) {
    for (*k = 0; *k <= 2; ++*k) {
      if (*k > 0 && !IsArabicProclitic(FirstCodePoint(std::string_view(seen).substr(HeadBytes(seen, *k - 1))))) return false;
      std::string_view rest = std::string_view(seen).substr(HeadBytes(seen, *k));
      if (CodePoints(rest) < 2) return false;
      *lil = article && StartsWith(rest, kLam) && !StartsWith(rest, kAl);
      std::string_view body = *lil ? rest.substr(kLam.size()) : rest;
      std::string_view want = std::string_view(term).substr(*lil && StartsWith(term, kAl) ? kAl.size() : 0);
      if (first_letter ? FirstCodePoint(body) == FirstCodePoint(want) : body == want) return true;
    }
    return false;
  };
  size_t k = 0;
  bool lil = false;
  bool found_clitics = (!matched.empty() && clitics(FoldForMatching(matched, lang_), false, &k, &lil)) ||
                       clitics(folded, false, &k, &lil) || clitics(folded, true, &k, &lil);
  if (!found_clitics || (k == 0 && !lil)) return word;
  std::string prefix(found.substr(0, HeadBytes(found, k)));
  if (lil) return prefix + kLam + word.substr(kAl.size());
  return prefix + word;
}

std::vector<std::string> Morphology::Suggest(const std::string& word, size_t max) {
  std::vector<std::string> out;
  if (!HasDictionary()) return out;
  out = Dictionary()->suggest(word);
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace tmkit
