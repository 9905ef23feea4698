// Whether an English name and a Russian or Arabic one name the same person or place: a
// transliteration model learned from name pairs, scores calibrated to probabilities (docs/names.md).
// A NameModel is immutable once made; every const member is safe from several threads at once.
#ifndef TMKIT_NAMES_H_
#define TMKIT_NAMES_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/status.h"

namespace tmkit {

namespace names_internal {
class TransliterationModel;
}

// The score of one pair of names: the probability and, for multi-word names, which words were
// paired (indexes into the words of each side, particles included).
struct NameScore {
  double probability = 0;
  bool same = false;  // probability >= NameModel::kDefaultThreshold
  std::vector<std::pair<int, int>> word_pairs;
};

class NameModel {
 public:
  // The verdict threshold `tmkit names score` and every caller use unless told otherwise.
  static constexpr double kDefaultThreshold = 0.5;

  // The model built into tmkit for `src_lang` -> `tgt_lang` (en -> ru, en -> ar); it lives as long
  // as the process. NotSupported for any other pair, InvalidArgument for a malformed tag.
  static Status Builtin(std::string_view src_lang, std::string_view tgt_lang, const NameModel** out);
  // A model from its text form (docs/names.md) for English -> `tgt_lang`; InvalidInput naming
  // `name` and the line when it is malformed.
  static Status FromText(std::string_view text, std::string_view name, std::string_view tgt_lang,
                         std::unique_ptr<NameModel>* out);
  ~NameModel();

  // English name (any case, accents, hyphens, particles) against a candidate in the target
  // script, inflected or with clitics. Multi-word names are scored word by word after pairing the
  // words; the probability is the product over the pairs (a name and its surname alone match).
  NameScore Score(std::string_view english, std::string_view candidate) const;
  // One word against one word (no splitting, no particles), target variants still tried.
  double ScoreWord(std::string_view english, std::string_view candidate) const;

  // The glossary form of a target word: the Russian nominative or the Arabic word without its
  // clitics and article that the English word scores best with (the word itself when none helps).
  std::string BaseForm(std::string_view english_word, std::string_view candidate_word) const;

  // The likeliest English (a-z) spelling of one target word under the model: Асадом -> asadom,
  // الأسد -> alasd (unwritten vowels are not guessed). Letters the model does not know are skipped.
  std::string Romanize(std::string_view candidate_word) const;

 private:
  NameModel();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Learns a model for English -> `tgt_lang` from `text`, lines "english<TAB>target letters separated
// by spaces<TAB>count" (the Wikidata lists in ../shared/data/names): EM over edit operations, then
// calibration on every 10th pair held out. `report` gets the EM rounds, the calibration and its
// reliability; `progress` each round. InvalidInput naming `name` and the line for malformed input.
struct NameTraining {
  std::string model_text;
  std::string report;
};
Status TrainNameModel(std::string_view text, std::string_view name, std::string_view tgt_lang, int iterations,
                      const std::function<void(const std::string&)>& progress, NameTraining* out);

}  // namespace tmkit

#endif  // TMKIT_NAMES_H_
