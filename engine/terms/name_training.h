// Training the transliteration model from Wikidata-style name lists (engine-internal; run by
// `tmkit names train`, scripts/train_names.sh). Pure function of its input; thread-safe.
#ifndef TMKIT_TERMS_NAME_TRAINING_H_
#define TMKIT_TERMS_NAME_TRAINING_H_

#include <functional>
#include <string>
#include <string_view>

#include "terms/name_forms.h"
#include "tmkit/status.h"

namespace tmkit::names_internal {

struct NameTrainingOptions {
  int iterations = 8;       // EM rounds
  int held_out_every = 10;  // every Nth name pair is kept out of EM and calibrates the scores
  int random_negatives = 49;  // per held-out name: renderings of other names (the 2% setting)
  int near_negatives = 9;     // and near misses (same first letter, length within 1)
  unsigned seed = 1;
};

struct NameTrainingResult {
  std::string model_text;  // the .model file (docs/names.md)
  std::string report;      // EM log-likelihood by round, calibration weights, reliability, ECE
};

// `text` holds lines "english<TAB>target letters separated by spaces<TAB>count"; `name` names it
// in errors (InvalidInput with the line for a line without two fields, invalid UTF-8).
Status TrainNameModel(std::string_view text, std::string_view name, Script script, const NameTrainingOptions& options,
                      const std::function<void(const std::string&)>& progress, NameTrainingResult* out);

}  // namespace tmkit::names_internal

#endif  // TMKIT_TERMS_NAME_TRAINING_H_
