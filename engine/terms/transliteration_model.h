// The character model behind name scores (engine-internal): a joint stochastic edit model in the
// manner of Ristad & Yianilos (1998), with one-to-two and two-to-one operations, learned by EM from
// name pairs. Immutable after Parse/Train; every const member is thread-safe.
#ifndef TMKIT_TERMS_TRANSLITERATION_MODEL_H_
#define TMKIT_TERMS_TRANSLITERATION_MODEL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.h"

namespace tmkit::names_internal {

// Source letters are a-z (0..25) between a start mark ^ (26) and an end mark $ (27): a two-to-one
// operation over a mark learns what only happens at a word's edge (initial e -> э, final y -> и).
// Target letters index the model's alphabet.
constexpr int kSourceLetters = 28;
constexpr uint8_t kSourceStart = 26, kSourceEnd = 27;
// The source symbol of a letter a-z, ^ or $; -1 for anything else.
inline int SourceSymbol(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : c == '^' ? 26 : c == '$' ? 27 : -1; }
inline char SourceLetter(int symbol) { return symbol < 26 ? static_cast<char>('a' + symbol) : symbol == 26 ? '^' : '$'; }
// Longer words are cut: no name word is longer, and the DP stays on the stack.
constexpr int kMaxWordLetters = 40;

struct TrainingPair {
  std::vector<uint8_t> source, target;
};

class TransliterationModel {
 public:
  // Reads the text form written by Serialize (docs/names.md). InvalidInput naming `name` and line.
  static Status Parse(std::string_view text, std::string_view name, TransliterationModel* out);
  std::string Serialize() const;

  // EM over edit operations, `iterations` rounds from a flat start; `alphabet` lists the target
  // letters (code points) the pairs index. `round` is called after each round with the mean
  // log-likelihood per pair.
  static TransliterationModel Train(const std::vector<TrainingPair>& pairs, std::u32string alphabet,
                                    int iterations, const std::function<void(int, double)>& round);

  const std::u32string& alphabet() const { return alphabet_; }
  // Index of a normalized target letter, -1 when the model never saw it.
  int TargetIndex(char32_t c) const;

  // log P(source, target) - log P(source) - log P(target): the pointwise mutual information of
  // the two spellings under the model, with the marginals the model itself implies.
  double Pmi(const uint8_t* source, int n, const uint8_t* target, int m) const;
  // The marginals alone (the mining caches them per word).
  double LogSourceMarginal(const uint8_t* source, int n) const;
  double LogTargetMarginal(const uint8_t* target, int m) const;
  double LogJoint(const uint8_t* source, int n, const uint8_t* target, int m) const;
  // The likeliest a-z spelling of a target word under the model (Viterbi over the operations that
  // consume target letters; English letters the target drops are not guessed): асад -> asad.
  std::string Romanize(const uint8_t* target, int m) const;

  // Calibration: P(same name) = 1 / (1 + exp(-(w0 + w1 * pmi + w2 * 10 * pmi / (n + m)))), fitted
  // by logistic regression on held-out pairs (name_training.cc). n counts the ^ and $ marks.
  void SetCalibration(const double w[3]) { for (int i = 0; i < 3; ++i) calibration_[i] = w[i]; }
  double Probability(double pmi, int n, int m) const;
  double Probability(const uint8_t* source, int n, const uint8_t* target, int m) const {
    return Probability(Pmi(source, n, target, m), n, m);
  }

 private:
  int T() const { return static_cast<int>(alphabet_.size()); }
  void Finish();  // derived tables (scaled probabilities, marginal sums) from the probabilities
  // Forward (and for training backward) passes over the (n+1) x (m+1) lattice, scaled by kScale
  // per letter consumed so long words stay in range.
  double Forward(const uint8_t* s, int n, const uint8_t* t, int m, double* f) const;

  std::u32string alphabet_;
  std::vector<int16_t> index_;  // code point - index_base_ -> target index or -1
  char32_t index_base_ = 0;
  // Probabilities of the operations (they and stop_ sum to 1).
  std::vector<double> del_, ins_, sub_, s21_, s12_;  // [s], [t], [s*T+t], [(s1*26+s2)*T+t], [(s*T+t1)*T+t2]
  double stop_ = 0;
  // The same, times kScale per letter consumed.
  std::vector<double> sdel_, sins_, ssub_, ss21_, ss12_;
  // Per-letter sums over the other side, for the marginals.
  std::vector<double> src_one_, src_two_, tgt_one_, tgt_two_;
  double ins_total_ = 0, del_total_ = 0;
  double calibration_[3] = {0, 1, 0};
  // Per target letter, the best one- and two-letter source spelling and its log probability
  // (Romanize; "" with the insertion's probability when dropping the letter is likelier).
  std::vector<std::string> roman_one_;
  std::vector<double> roman_one_log_;
};

}  // namespace tmkit::names_internal

#endif  // TMKIT_TERMS_TRANSLITERATION_MODEL_H_
