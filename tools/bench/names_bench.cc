// names score against the similarity it replaces (ICU Any-Latin + skeleton + Levenshtein), on
// pairs from the development split of ../shared/data/names: every English name with its own
// rendering and with the next name's (half true, half not).
#include <benchmark/benchmark.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "terms/name_similarity.h"
#include "tmkit/names.h"

namespace {

std::vector<std::pair<std::string, std::string>> Pairs(const char* file) {
  std::ifstream in(std::string(TMKIT_SHARED_DIR) + "/data/names/" + file);
  std::vector<std::pair<std::string, std::string>> rows, pairs;
  std::string line;
  while (std::getline(in, line) && rows.size() < 20000) {
    size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos) continue;
    std::string t = line.substr(a + 1, b - a - 1), joined;
    for (char c : t)
      if (c != ' ') joined += c;
    rows.push_back({line.substr(0, a), joined});
  }
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    pairs.push_back(rows[i]);
    pairs.push_back({rows[i].first, rows[i + 1].second});
  }
  return pairs;
}

void BM_NameModel(benchmark::State& state, const char* file, const char* lang) {
  auto pairs = Pairs(file);
  const tmkit::NameModel* model = nullptr;
  if (!tmkit::NameModel::Builtin("en", lang, &model).ok() || pairs.empty()) {
    state.SkipWithError("no model or no data");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    const auto& p = pairs[i++ % pairs.size()];
    benchmark::DoNotOptimize(model->Score(p.first, p.second).probability);
  }
  state.SetItemsProcessed(state.iterations());
}

// The romanization check used before the models (Latinize today romanizes by the model).
std::string IcuLatin(const std::string& text) {
  thread_local std::unique_ptr<icu::Transliterator> tr;
  if (!tr) {
    UErrorCode status = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Any-Lower", UTRANS_FORWARD, status));
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  if (tr) tr->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// What check did per pair before: both sides through ICU (or, `model_latin`, the model's
// romanization check uses now), edit ratio and consonant skeletons.
void BM_LegacySimilarity(benchmark::State& state, const char* file, bool model_latin) {
  auto pairs = Pairs(file);
  if (pairs.empty()) {
    state.SkipWithError("no data");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    const auto& p = pairs[i++ % pairs.size()];
    std::string a = model_latin ? tmkit::Latinize(p.first) : IcuLatin(p.first);
    std::string b = model_latin ? tmkit::Latinize(p.second) : IcuLatin(p.second);
    double s = tmkit::SpellingSimilarity(a, b);
    bool same = tmkit::Skeleton(a) == tmkit::Skeleton(b);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(same);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_NameModel, en_ru, "wd_russian_16", "ru");
BENCHMARK_CAPTURE(BM_LegacySimilarity, en_ru, "wd_russian_16", false);
BENCHMARK_CAPTURE(BM_LegacySimilarity, en_ru_model_latin, "wd_russian_16", true);
BENCHMARK_CAPTURE(BM_NameModel, en_ar, "wd_arabic_16", "ar");
BENCHMARK_CAPTURE(BM_LegacySimilarity, en_ar, "wd_arabic_16", false);
BENCHMARK_CAPTURE(BM_LegacySimilarity, en_ar_model_latin, "wd_arabic_16", true);

}  // namespace

BENCHMARK_MAIN();
