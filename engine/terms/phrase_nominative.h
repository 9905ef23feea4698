// The glossary form of a Russian phrase that translates a name (engine-internal): its head group,
// the adjectives and the first noun, put in the nominative; the rest (a genitive complement:
// штата Луизиана, Объединенных Наций, немецкой промышленности) left as written.
// Not thread-safe (a Morphology keeps Hunspell state): one instance per thread.
#ifndef TMKIT_TERMS_PHRASE_NOMINATIVE_H_
#define TMKIT_TERMS_PHRASE_NOMINATIVE_H_

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tmkit/morphology.h"

namespace tmkit::names_internal {

class RussianPhraseNominative {
 public:
  RussianPhraseNominative();
  ~RussianPhraseNominative();

  // Ближнем Востоке -> Ближний Восток, Нижней Калифорнии -> Нижняя Калифорния, Федерации немецкой
  // промышленности -> Федерация немецкой промышленности, Премьер-лиги -> Премьер-лига, Сенате ->
  // Сенат. The phrase comes back unchanged when the dictionary (Hunspell ru_RU) does not know its
  // head noun, when the group is plural (Соединенных Штатов: the nominative plural is not
  // derivable from a lemma), or without a dictionary. Letter case follows the written words.
  std::string Nominative(const std::string& phrase);

  // Whether a phrase reads as a nominative: its adjectives in a nominative ending (Северная Корея,
  // not Северной Кореи; a plural group too: Соединенные Штаты) and its head noun, when the
  // dictionary knows it, its own lemma. False without adjectives and with an unknown noun.
  bool IsNominative(const std::string& phrase);

  // The dictionary lemma one word's ending leads to (лиги -> лига, Сенате -> сенат), lower case;
  // empty when the dictionary does not know the word.
  std::u32string WordLemma(const std::u32string& word);

 private:
  struct Analysis {
    bool known = false;            // Hunspell accepts the word
    // The lemma the word's ending leads to (штата -> штат; an adjective's nominative in the gender
    // its ending shows: генеральной -> генеральная), if the dictionary has one.
    std::u32string lemma;
    std::vector<std::u32string> lemmas;  // every such lemma, `lemma` first
    std::u32string adjective_lemma;  // a lemma in -ый/-ий/-ой, if any
  };
  const Analysis& Analyze(const std::u32string& lower_word);
  // The words of a phrase, the last hyphen piece of each in lower case (what declines), and the
  // index of the head noun: the first word that is not an adjective (words.size() if none).
  size_t HeadNoun(const std::string& phrase, std::vector<std::u32string>* words, std::vector<std::u32string>* pieces);

  std::unique_ptr<Morphology> morphology_;
  std::unordered_map<std::u32string, Analysis> cache_;
};

}  // namespace tmkit::names_internal

#endif  // TMKIT_TERMS_PHRASE_NOMINATIVE_H_
