// Sentence segmentation throughput on English news, whole pipeline (UTF-8 in, one sentence per line
// out), side by side with ICU's bare sentence BreakIterator over the same UTF-8 bytes.
// Input: NTREX newstest2019 English + the bundled article, repeated to ~64 MB, one paragraph per
// line (blank lines between). Run: build/bin/segment_bench (Release build); docs/benchmarks.md.
#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tmkit/segmenter.h"

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& NewsInput() {
  static const std::string input = [] {
    const char* shared_env = std::getenv("TMKIT_SHARED_DIR");
    std::string shared = shared_env ? shared_env : TMKIT_SHARED_DIR;
    std::string ntrex = ReadAll(shared + "/data/alignment/ntrex/newstest2019-src.eng.txt");
    std::string article = ReadAll(std::string(TMKIT_SOURCE_DIR) + "/corpora/syria-geneva-talks/en.txt");
    std::string unit;
    for (size_t pos = 0; pos < ntrex.size();) {  // news lines as paragraphs
      size_t nl = ntrex.find('\n', pos);
      if (nl == std::string::npos) nl = ntrex.size();
      unit.append(ntrex, pos, nl - pos).append("\n\n");
      pos = nl + 1;
    }
    unit += article + "\n";
    std::string out;
    const size_t target = 64u << 20;
    out.reserve(target + unit.size());
    while (out.size() < target) out += unit;
    return out;
  }();
  return input;
}

void BM_TmkitSegmentPipeline(benchmark::State& state) {
  const std::string& input = NewsInput();
  std::unique_ptr<tmkit::Segmenter> seg;
  if (!tmkit::Segmenter::Create("en", {}, &seg).ok()) {
    state.SkipWithError("segmenter");
    return;
  }
  size_t sentences = 0;
  for (auto _ : state) {
    std::string out;
    tmkit::SentenceStream stream(seg.get(), "bench", [&](const tmkit::StreamSentence&, std::string_view text) {
      out += tmkit::SentenceOnOneLine(text);
      out.push_back('\n');
      if (out.size() > (1u << 20)) out.clear();  // stands in for the write to stdout
      ++sentences;
    });
    const size_t chunk = 1u << 20;
    for (size_t i = 0; i < input.size(); i += chunk) {
      benchmark::DoNotOptimize(stream.Feed(std::string_view(input).substr(i, chunk)));
    }
    benchmark::DoNotOptimize(stream.Finish());
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(input.size()));
  state.counters["sentences"] = static_cast<double>(sentences) / static_cast<double>(state.iterations());
}

void BM_IcuBareSentenceIterator(benchmark::State& state) {
  const std::string& input = NewsInput();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createSentenceInstance(icu::Locale("en"), status));
  size_t boundaries = 0;
  for (auto _ : state) {
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, input.data(), static_cast<int64_t>(input.size()), &status);
    bi->setText(&ut, status);
    size_t n = 0;
    for (int32_t p = bi->first(); p != icu::BreakIterator::DONE; p = bi->next()) ++n;
    utext_close(&ut);
    boundaries = n;
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(input.size()));
  state.counters["sentences"] = static_cast<double>(boundaries);
}

BENCHMARK(BM_IcuBareSentenceIterator)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_TmkitSegmentPipeline)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
