// Word forms for matching and spelling in one language: Hunspell (ru_RU, ar, en_US) plus
// ending/clitic rules, and names taught their paradigm with a model word. Not thread-safe
// (Hunspell keeps state); use one instance per thread.
#ifndef TMKIT_MORPHOLOGY_H_
#define TMKIT_MORPHOLOGY_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tmkit/normalize.h"
#include "tmkit/status.h"

class Hunspell;

namespace tmkit {

// One word of a text or a term, ready for comparison. Keys are tagged strings; a text word
// matches a term word when their key sets intersect (see docs/glossary.md, "Matching").
struct WordKeys {
  size_t begin = 0;  // byte span of the word in its text
  size_t end = 0;
  std::string folded;  // FoldForMatching of the word
  std::vector<std::string> keys;
};

class Morphology {
 public:
  // Any BCP 47 language: words are ICU-tokenized and case-folded in every one; ru and ar add their
  // ending/clitic rules. Loads the Hunspell dictionary for `lang` from $TMKIT_HUNSPELL_DIR or
  // /usr/share/hunspell (ru_RU, ar, en_US; for other languages LANG_REGION, LANG, or the first
  // LANG_*, whose stems then match inflected text words).
  // A missing dictionary is not an error: matching falls back to the rules and HasDictionary()
  // is false (spelling is then skipped). InvalidArgument for a malformed tag.
  static Status Create(std::string_view lang, std::unique_ptr<Morphology>* out);
  ~Morphology();

  const std::string& lang() const { return lang_; }
  bool HasDictionary() const { return !dictionary_base_.empty(); }
  // What matching gets in this language, in a few words ("exact and case-folded (no Hunspell
  // dictionary for 'pt' installed)"), for help and reports.
  std::string MatchingDescription() const;

  // The words of a text with the keys they can match by (surface, lemmas from Hunspell, ending-
  // stripped stems for Russian, clitic-stripped forms for Arabic, possessive-less English).
  // Hyphens, apostrophes, periods and articles (al, el, the, аль, эль) are not words here.
  std::vector<WordKeys> AnalyzeText(std::string_view text);

  // The words of a glossary term with the keys a text word must hit. `gender` is the term's TBX
  // grammaticalGender: a feminine consonant-final Russian name does not decline (Хиллари Клинтон).
  std::vector<WordKeys> AnalyzeTerm(std::string_view term, std::string_view gender) const;
  // The tokens of a term AnalyzeTerm keeps (folded, with byte spans; no hyphens, articles), without
  // keys: a cheap first look. AnalyzeTerm analyses each token on its own (with the term's gender).
  std::vector<Token> SplitTerm(std::string_view term) const;
  // One piece between the spaces of a term: false when it is not all letters (a term with such a
  // piece is tokenized by ICU). Otherwise a term whose pieces all are letters splits at its spaces
  // into exactly these pieces, SplitTerm dropping those that are articles and folding the others
  // to `folded`. Lets a caller split 100,000 terms remembering each distinct piece once.
  bool TermPiece(std::string_view piece, std::string* folded, bool* article) const;

  // Teaches Hunspell a term's words: a declinable unknown name gets the paradigm of a model word
  // (Асад like Дамаск, Лавров like Путин, Обама like Москва), an indeclinable one its own form.
  void Teach(std::string_view term, std::string_view gender);

  // A glossary form put in the grammatical shape of `found`, a text span that renders the same
  // term (as the term `matched`, when known, or as a misspelling of it), so that it can replace
  // the span: Russian words take the case ending of the words found (Асад for Ассада -> Асада,
  // Башар Асад for Башара Ассада -> Башара Асада) when the dictionary, taught the form (Teach),
  // knows the result as a form of the same word and the word starts as its `matched` word; Arabic words keep the found proclitics (الأسد for
  // للاسد -> للأسد, عنان for وأنان -> وعنان); English words the possessive. `form` unchanged when
  // the word counts differ or no such form is known: never a guess the dictionary does not know.
  std::string InflectLike(std::string_view form, std::string_view gender, std::string_view found,
                          std::string_view matched = {});

  // Hunspell's verdict for one word (cached until the next Teach()); true when there is no
  // dictionary.
  bool Spell(const std::string& word);
  // Up to `max` Hunspell suggestions.
  std::vector<std::string> Suggest(const std::string& word, size_t max);

 private:
  Morphology() = default;
  // Hunspell's verdict on a folded (lower-case) word, cached: term lists repeat first names and
  // name parts, and Hunspell is slow on the unknown words names mostly are.
  bool KnownInLowerCase(const std::string& folded) const;
  // InflectLike for one word of each language; `matched` may be empty.
  std::string RussianWordLike(const std::string& word, std::string_view gender, std::string_view found);
  std::string ArabicWordLike(const std::string& word, std::string_view found, std::string_view matched) const;
  // The words of a term or text span as the matcher pairs them: no punctuation, numbers or articles.
  std::vector<Token> NameWords(std::string_view text) const;
  std::string lang_;      // primary language subtag
  // Loaded on first use: a check from English never asks the English dictionary anything, and
  // loading and freeing one costs more than a 1,000-segment check's own work on it.
  Hunspell* Dictionary() const;
  std::string dictionary_base_;  // "DIR/ru_RU" when its .aff and .dic exist
  mutable std::unique_ptr<Hunspell> hunspell_;
  std::unordered_set<std::string> taught_;
  mutable std::unordered_map<std::string, bool> known_lower_;
  // Hunspell's stems of a text word, folded, cached: a draft repeats its words, and stemming
  // was a third of the check's time. Teach() empties it (a taught name gains stems).
  std::unordered_map<std::string, std::vector<std::string>> stems_;
  std::unordered_map<std::string, bool> spelled_;  // Spell() verdicts, emptied by Teach()
};

}  // namespace tmkit

#endif  // TMKIT_MORPHOLOGY_H_
