#include "terms/name_training.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <random>

#include "terms/transliteration_model.h"
#include "tmkit/utf8.h"

namespace tmkit::names_internal {
namespace {

struct Row {
  std::u32string english, target;
};

std::vector<uint8_t> SourceSymbols(const std::u32string& english) {
  std::vector<uint8_t> s{kSourceStart};
  for (char32_t c : english) s.push_back(static_cast<uint8_t>(c - 'a'));
  s.push_back(kSourceEnd);
  return s;
}

std::vector<uint8_t> TargetSymbols(const std::u32string& alphabet, const std::u32string& target) {
  std::vector<uint8_t> t;
  for (char32_t c : target) {
    size_t i = alphabet.find(c);
    if (i != std::u32string::npos) t.push_back(static_cast<uint8_t>(i));
  }
  return t;
}

// Logistic regression by Newton's method on three features (bias, pmi, length-normalized pmi).
void FitLogistic(const std::vector<std::array<double, 3>>& x, const std::vector<int>& y, double w[3]) {
  w[0] = 0;
  w[1] = 0.5;
  w[2] = 0;
  for (int round = 0; round < 30; ++round) {
    double g[3] = {0, 0, 0}, h[3][4] = {{0}};
    for (size_t i = 0; i < x.size(); ++i) {
      double z = w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2];
      double p = 1.0 / (1.0 + std::exp(-z));
      for (int a = 0; a < 3; ++a) {
        g[a] += (y[i] - p) * x[i][a];
        for (int b = 0; b < 3; ++b) h[a][b] += p * (1 - p) * x[i][a] * x[i][b];
      }
    }
    for (int a = 0; a < 3; ++a) {
      h[a][a] += 1e-6;
      h[a][3] = g[a];
    }
    for (int c = 0; c < 3; ++c) {  // Gauss-Jordan on the 3x3 system
      int pivot = c;
      for (int r = c + 1; r < 3; ++r)
        if (std::fabs(h[r][c]) > std::fabs(h[pivot][c])) pivot = r;
      for (int k = 0; k < 4; ++k) std::swap(h[c][k], h[pivot][k]);
      for (int r = 0; r < 3; ++r) {
        if (r == c) continue;
        double f = h[r][c] / h[c][c];
        for (int k = c; k < 4; ++k) h[r][k] -= f * h[c][k];
      }
    }
    double step = 0;
    for (int a = 0; a < 3; ++a) {
      double d = h[a][3] / h[a][a];
      w[a] += d;
      step += std::fabs(d);
    }
    if (step < 1e-9) break;
  }
}

}  // namespace

Status TrainNameModel(std::string_view text, std::string_view name, Script script, const NameTrainingOptions& options,
                      const std::function<void(const std::string&)>& progress, NameTrainingResult* out) {
  Status s = ValidateUtf8(text, name);
  if (!s.ok()) return s;
  std::vector<Row> rows;
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return Status::InvalidInput(std::string(name) + ":" + std::to_string(line_no) + ": english<TAB>target expected");
    }
    size_t tab2 = line.find('\t', tab + 1);
    std::string_view english = line.substr(0, tab);
    std::u32string raw = DecodeUtf8(line.substr(tab + 1, tab2 == std::string_view::npos ? std::string_view::npos : tab2 - tab - 1));
    raw.erase(std::remove(raw.begin(), raw.end(), U' '), raw.end());
    // Wikidata's Arabic labels often carry the article the English label lacks (kisa'i ->
    // الكسائي): the model learns the name, the article is handled by TargetVariants.
    bool english_article = english.substr(0, 2) == "al" || english.substr(0, 2) == "el";
    if (script == Script::kArabic && !english_article && raw.size() >= 4 && raw[0] == U'ا' && raw[1] == U'ل') {
      raw = raw.substr(2);
    }
    Row r{NormalizeWord(DecodeUtf8(english), Script::kLatin), NormalizeWord(raw, script)};
    if (r.english.empty() || r.target.empty() || r.english.size() > kMaxWordLetters - 2 ||
        r.target.size() > kMaxWordLetters) {
      continue;
    }
    rows.push_back(std::move(r));
  }
  if (rows.size() < 100) return Status::InvalidInput(std::string(name) + ": fewer than 100 name pairs");

  std::u32string alphabet;
  for (const Row& r : rows)
    for (char32_t c : r.target)
      if (alphabet.find(c) == std::u32string::npos) alphabet += c;
  std::sort(alphabet.begin(), alphabet.end());
  if (alphabet.size() > 64) return Status::InvalidInput(std::string(name) + ": more than 64 target letters");

  std::vector<TrainingPair> pairs;
  std::vector<size_t> held;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (options.held_out_every > 0 && i % options.held_out_every == 0) {
      held.push_back(i);
      continue;
    }
    pairs.push_back({SourceSymbols(rows[i].english), TargetSymbols(alphabet, rows[i].target)});
  }
  std::string report;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%zu name pairs: %zu for EM, %zu held out to calibrate\n", rows.size(), pairs.size(),
                held.size());
  report += buf;
  TransliterationModel model =
      TransliterationModel::Train(pairs, alphabet, options.iterations, [&](int round, double loglik) {
        std::snprintf(buf, sizeof buf, "EM round %d: mean log-likelihood %.4f\n", round, loglik);
        report += buf;
        if (progress) progress(buf);
      });

  // Calibration pairs from the held-out names: the true rendering, renderings of random other
  // names and near misses, as name mining meets them.
  std::mt19937 rng(options.seed);
  std::vector<std::array<double, 3>> x;
  std::vector<int> y;
  auto add = [&](const Row& e, const std::u32string& t, int label) {
    std::vector<uint8_t> src = SourceSymbols(e.english), tgt = TargetSymbols(alphabet, t);
    int n = static_cast<int>(src.size()), m = static_cast<int>(tgt.size());
    double pmi = model.Pmi(src.data(), n, tgt.data(), m);
    x.push_back({1.0, pmi, 10.0 * pmi / std::max(1, n + m)});
    y.push_back(label);
  };
  for (size_t h : held) {
    const Row& e = rows[h];
    add(e, e.target, 1);
    for (int k = 0; k < options.random_negatives; ++k) {
      const Row& o = rows[rng() % rows.size()];
      if (o.target != e.target && o.english != e.english) add(e, o.target, 0);
    }
    int got = 0;
    for (int tries = 0; tries < 400 && got < options.near_negatives; ++tries) {
      const Row& o = rows[rng() % rows.size()];
      if (o.target == e.target || o.english == e.english || o.target[0] != e.target[0] ||
          std::abs(static_cast<int>(o.target.size()) - static_cast<int>(e.target.size())) > 1) {
        continue;
      }
      add(e, o.target, 0);
      ++got;
    }
  }
  double w[3];
  FitLogistic(x, y, w);
  model.SetCalibration(w);
  std::snprintf(buf, sizeof buf, "calibration on %zu held-out pairs: w = %.4f %.4f %.4f\n", x.size(), w[0], w[1], w[2]);
  report += buf;

  // Reliability on the calibration pairs (the development split measures it out of sample).
  constexpr int kBins = 10;
  double sum_p[kBins] = {0}, sum_y[kBins] = {0};
  int count[kBins] = {0};
  for (size_t i = 0; i < x.size(); ++i) {
    double p = 1.0 / (1.0 + std::exp(-(w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2])));
    int b = std::min(kBins - 1, static_cast<int>(p * kBins));
    sum_p[b] += p;
    sum_y[b] += y[i];
    ++count[b];
  }
  double ece = 0;
  report += "bin\tpairs\tmean score\tshare same\n";
  for (int b = 0; b < kBins; ++b) {
    if (count[b] == 0) continue;
    ece += std::fabs(sum_p[b] - sum_y[b]) / x.size();
    std::snprintf(buf, sizeof buf, "%.1f-%.1f\t%d\t%.3f\t%.3f\n", b / 10.0, (b + 1) / 10.0, count[b], sum_p[b] / count[b],
                  sum_y[b] / count[b]);
    report += buf;
  }
  std::snprintf(buf, sizeof buf, "ECE %.4f\n", ece);
  report += buf;

  out->model_text = "# Learned by `tmkit names train` (scripts/train_names.sh) from ../shared/data/names/" + std::string(name) + "\n" +
                    model.Serialize();
  out->report = std::move(report);
  return Status::OK();
}

}  // namespace tmkit::names_internal
