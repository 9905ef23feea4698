// TM lookup benchmark: latency percentiles of Memory::Lookup and Memory::Concordance on one
// thread, side by side with the same scoring done by a full scan (OmegaT's method, with its
// token cache: every unit pre-tokenized in memory), on the same queries. Driven by
// tools/bench/tm_bench.sh; prints one JSON object.
//   tm_bench lookup TM QUERIES [MIN] [LIMIT] [SCAN_QUERIES]
// With TM_BENCH_RESULTS=FILE the lookup also writes every query's matches, one line per query
// ("unit_id:score" separated by spaces), so that two builds can be checked for identical results.
//   tm_bench concordance TM PHRASES [exact]
//   tm_bench pivot TM QUERIES_TSV [LIMIT]   (lines "SRC_LANG TGT_LANG QUERY GOLD_TARGET KIND",
//   tab-separated, from generate_tm.py --pivot-queries): how often the gold target is the top
//   match, by KIND (the gold unit trilingual or split into pairs), and the latency
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "../lean_memory.h"
#include "memory/lookup_work.h"
#include "tmkit/fuzzy.h"
#include "tmkit/memory.h"
#include "tmkit/normalize.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// This thread's CPU time: on a machine shared with other jobs, wall-clock latency includes the
// time spent waiting for a core; CPU time is what a lookup costs.
double ThreadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[i];
}

// VmRSS split into anonymous memory (heap, stacks) and file-backed pages (the LMDB map: page
// cache the process has touched, shared and reclaimable).
nlohmann::json RssNow() {
  nlohmann::json out;
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    for (const char* key : {"RssAnon:", "RssFile:"}) {
      if (line.rfind(key, 0) == 0) out[std::string(key, std::strlen(key) - 1) + "_kb"] = std::atol(line.c_str() + std::strlen(key));
    }
  }
  return out;
}

long MaxRssKb() {
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Per-call latencies: wall clock and this thread's CPU time, each call timed the same way.
struct Latencies {
  std::vector<double> wall_ms, cpu_ms;
  template <typename Call>
  tmkit::Status Time(Call&& call) {
    auto t0 = Clock::now();
    double c0 = ThreadCpuMs();
    tmkit::Status s = call();
    cpu_ms.push_back(ThreadCpuMs() - c0);
    wall_ms.push_back(Ms(Clock::now() - t0));
    return s;
  }
  nlohmann::json Json() const {
    auto mean = [](const std::vector<double>& v) {
      double t = 0;
      for (double x : v) t += x;
      return v.empty() ? 0 : t / v.size();
    };
    return {{"p50_ms", Percentile(wall_ms, 0.5)},    {"p90_ms", Percentile(wall_ms, 0.9)},
            {"p99_ms", Percentile(wall_ms, 0.99)},   {"max_ms", Percentile(wall_ms, 1.0)},
            {"mean_ms", mean(wall_ms)},              {"cpu_p50_ms", Percentile(cpu_ms, 0.5)},
            {"cpu_p99_ms", Percentile(cpu_ms, 0.99)}, {"cpu_mean_ms", mean(cpu_ms)}};
  }
};

std::unique_ptr<tmkit::Memory> OpenReadOnly(const std::string& tm) {
  tmkit::OpenOptions open;
  open.read_only = true;
  std::unique_ptr<tmkit::Memory> memory;
  tmkit::Status s = tmkit::Memory::Open(tm, open, &memory);
  if (!s.ok()) std::fprintf(stderr, "%s\n", s.ToString().c_str());
  return memory;
}

// The word sequence the scan compares: folded words, numbers as one class (docs/matching.md).
std::vector<uint32_t> Words(const std::string& text, std::unordered_map<std::string, uint32_t>* ids) {
  std::vector<uint32_t> out;
  for (const tmkit::Token& t : tmkit::TokenizeForMatching(text, "en")) {
    if (t.kind == tmkit::TokenKind::kPunct) continue;
    if (t.kind == tmkit::TokenKind::kNumber) {
      out.push_back(0);
      continue;
    }
    auto it = ids->emplace(t.norm, static_cast<uint32_t>(ids->size() + 1)).first;
    out.push_back(it->second);
  }
  return out;
}

size_t Distance(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, size_t max_d) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max_d) return max_d + 1;  // OmegaT has no such cut; it only helps the scan
  std::vector<uint32_t> prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u), prev[j] + 1, cur[j - 1] + 1});
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

int Lookup(const std::string& tm, const std::string& queries_path, int min, int limit, int scan_queries) {
  std::unique_ptr<tmkit::Memory> memory = OpenReadOnly(tm);
  if (!memory) return 2;
  std::vector<std::string> queries = Lines(queries_path);
  Latencies latencies;
  std::vector<std::vector<int>> top_scores;
  std::vector<double> postings, verified, rejected, candidates, tightening;  // the work of each lookup (docs/matching.md "Bounded work")
  size_t with_match = 0, matches = 0, capped = 0;
  const char* results_path = std::getenv("TM_BENCH_RESULTS");
  std::ofstream results;
  if (results_path != nullptr) results.open(results_path);
  for (const std::string& q : queries) {
    tmkit::LookupQuery query;
    query.text = q;
    query.src_lang = "en";
    query.tgt_lang = "ru";
    query.min_score = min;
    query.limit = limit;
    std::vector<tmkit::LookupMatch> found;
    tmkit::Status s = latencies.Time([&] { return memory->Lookup(query, &found); });
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 2;
    }
    const tmkit::store::LookupWork& work = tmkit::store::LastLookupWork();
    postings.push_back(static_cast<double>(work.postings));
    verified.push_back(static_cast<double>(work.verified));
    rejected.push_back(static_cast<double>(work.signature_rejected));
    candidates.push_back(static_cast<double>(work.candidates));
    tightening.push_back(static_cast<double>(work.tightening));
    capped += work.capped;
    with_match += !found.empty();
    matches += found.size();
    std::vector<int> scores;
    for (const auto& m : found) scores.push_back(m.score.total);
    top_scores.push_back(scores);
    if (results.is_open()) {
      for (size_t i = 0; i < found.size(); ++i) results << (i ? " " : "") << found[i].unit.id << ':' << found[i].score.total;
      results << '\n';
    }
  }
  nlohmann::json out = latencies.Json();
  out.update({{"queries", queries.size()},
              {"min", min},
              {"limit", limit},
              {"queries_with_match", with_match},
              {"matches", matches},
              {"postings_p50", Percentile(postings, 0.5)},
              {"postings_p99", Percentile(postings, 0.99)},
              {"verified_p50", Percentile(verified, 0.5)},
              {"verified_p99", Percentile(verified, 0.99)},
              {"candidates_p50", Percentile(candidates, 0.5)},
              {"candidates_p99", Percentile(candidates, 0.99)},
              {"tightening_postings_p50", Percentile(tightening, 0.5)},
              {"tightening_postings_p99", Percentile(tightening, 0.99)},
              {"signature_rejected_p50", Percentile(rejected, 0.5)},
              {"signature_rejected_p99", Percentile(rejected, 0.99)},
              {"capped", capped},
              {"max_rss_kb", MaxRssKb()},
              {"rss_now", RssNow()}});
  if (scan_queries > 0) {
    // Full scan: every unit tokenized once (OmegaT keeps a token cache), then every query scores
    // every unit. Same formula, same penalties on the survivors.
    std::unordered_map<std::string, uint32_t> ids;
    std::vector<std::vector<uint32_t>> words;
    std::vector<std::string> sources;
    auto t0 = Clock::now();
    tmkit::Status s = memory->ForEach([&](const tmkit::Unit& u) {
      const tmkit::Variant* src = u.Find("en");
      if (src == nullptr || u.Find("ru") == nullptr) return tmkit::Status::OK();
      words.push_back(Words(src->text, &ids));
      sources.push_back(src->text);
      return tmkit::Status::OK();
    });
    double cache_ms = Ms(Clock::now() - t0);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 2;
    }
    std::vector<double> scan_times;
    size_t agree = 0;
    for (int i = 0; i < scan_queries && i < static_cast<int>(queries.size()); ++i) {
      auto q0 = Clock::now();
      std::vector<uint32_t> qw = Words(queries[i], &ids);
      std::vector<int> scores;
      for (size_t u = 0; u < words.size(); ++u) {
        size_t longer = std::max(qw.size(), words[u].size());
        if (longer == 0) continue;
        size_t max_d = longer * (100 - min) / 100;
        size_t d = Distance(qw, words[u], max_d);
        if (d > max_d) continue;
        scores.push_back(tmkit::CompareForFuzzy(queries[i], sources[u], false, "en").score.total);
      }
      std::sort(scores.rbegin(), scores.rend());
      scores.erase(std::remove_if(scores.begin(), scores.end(), [&](int x) { return x < min; }), scores.end());
      if (static_cast<int>(scores.size()) > limit) scores.resize(limit);
      scan_times.push_back(Ms(Clock::now() - q0));
      agree += scores == top_scores[i];
    }
    out["scan"] = {{"queries", scan_times.size()},
                   {"token_cache_build_ms", cache_ms},
                   {"p50_ms", Percentile(scan_times, 0.5)},
                   {"p99_ms", Percentile(scan_times, 0.99)},
                   {"same_top_scores_as_index", agree},
                   {"max_rss_kb", MaxRssKb()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

// `exact`: the literal folded words only (concordance --exact), the way concordance worked before
// it learned inflected and clitic forms; run both in one process to compare them on equal terms.
int Concordance(const std::string& tm, const std::string& phrases_path, bool exact) {
  std::unique_ptr<tmkit::Memory> memory = OpenReadOnly(tm);
  if (!memory) return 2;
  Latencies latencies;
  size_t hits_total = 0;
  // TM_BENCH_RESULTS=FILE: each phrase's hits ("unit_id" separated by spaces, then "+" when there
  // are more), to check two builds for identical answers.
  const char* results_path = std::getenv("TM_BENCH_RESULTS");
  std::ofstream results;
  if (results_path != nullptr) results.open(results_path);
  std::vector<std::pair<double, std::string>> slowest;  // CPU ms, phrase
  for (const std::string& line : Lines(phrases_path)) {
    size_t tab = line.find('\t');
    tmkit::ConcordanceQuery q{line.substr(tab + 1), line.substr(0, tab), 20, exact};
    std::vector<tmkit::ConcordanceHit> hits;
    bool more = false;
    tmkit::Status s = latencies.Time([&] { return memory->Concordance(q, &hits, &more); });
    if (!s.ok() && s.code() != tmkit::Status::Code::kInvalidArgument) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 2;
    }
    hits_total += hits.size();
    slowest.emplace_back(latencies.cpu_ms.back(), line + "\t" + std::to_string(hits.size()) + (more ? "+" : ""));
    if (results.is_open()) {
      for (size_t i = 0; i < hits.size(); ++i) results << (i ? " " : "") << hits[i].unit.id;
      results << (more ? " +" : "") << '\n';
    }
  }
  std::sort(slowest.rbegin(), slowest.rend());
  if (slowest.size() > 10) slowest.resize(10);
  nlohmann::json slow = nlohmann::json::array();
  for (const auto& [ms, phrase] : slowest) slow.push_back({{"cpu_ms", ms}, {"phrase", phrase}});
  nlohmann::json out = latencies.Json();
  out.update({{"phrases", latencies.wall_ms.size()}, {"hits", hits_total}, {"exact", exact}, {"max_rss_kb", MaxRssKb()},
              {"slowest", slow}});
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Pivot(const std::string& tm, const std::string& queries_path, int limit) {
  std::unique_ptr<tmkit::Memory> memory = OpenReadOnly(tm);
  if (!memory) return 2;
  Latencies latencies;
  std::map<std::string, std::pair<size_t, size_t>> by_kind;  // kind -> (gold on top, queries)
  size_t top_via = 0;
  // TM_BENCH_MISSES=FILE: each query whose gold is not on top, with what was (for the analysis
  // in docs/benchmarks.md "Pivot lookup").
  const char* misses_path = std::getenv("TM_BENCH_MISSES");
  std::ofstream misses;
  if (misses_path != nullptr) misses.open(misses_path);
  for (const std::string& line : Lines(queries_path)) {
    std::vector<std::string> f;
    for (size_t at = 0;;) {
      size_t tab = line.find('\t', at);
      f.push_back(line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    if (f.size() != 5) continue;
    tmkit::LookupQuery query;
    query.text = f[2];
    query.src_lang = f[0];
    query.tgt_lang = f[1];
    query.min_score = 70;
    query.limit = limit;
    query.pivot = std::getenv("TMKIT_NO_PIVOT") == nullptr;  // the direct-only baseline
    std::vector<tmkit::LookupMatch> found;
    tmkit::Status s = latencies.Time([&] { return memory->Lookup(query, &found); });
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 2;
    }
    auto& [top, total] = by_kind[f[4]];
    ++total;
    if (!found.empty() && found[0].Target().text == f[3]) {
      ++top;
      top_via += !found[0].pivot_lang.empty();
    } else if (misses.is_open()) {
      nlohmann::json m = {{"kind", f[4]}, {"query", f[2]}, {"gold", f[3]}, {"found", nlohmann::json::array()}};
      for (const tmkit::LookupMatch& x : found) {
        m["found"].push_back({{"score", x.score.total}, {"base", x.score.base}, {"via", x.pivot_lang},
                              {"source", x.unit.variants[x.source_variant].text}, {"target", x.Target().text}});
      }
      misses << m.dump() << '\n';
    }
  }
  nlohmann::json kinds = nlohmann::json::object();
  size_t top = 0;
  for (const auto& [kind, counts] : by_kind) {
    kinds[kind] = {{"gold_on_top", counts.first}, {"queries", counts.second}};
    top += counts.first;
  }
  nlohmann::json out = latencies.Json();
  out.update({{"queries", latencies.wall_ms.size()}, {"limit", limit}, {"gold_on_top", top},
              {"gold_on_top_via_pivot", top_via}, {"by_kind", kinds}, {"max_rss_kb", MaxRssKb()}});
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  tmkit::ReturnFreedMemoryPromptly();  // a lookup process, as `tmkit lookup` is
  if (argc >= 4 && std::string(argv[1]) == "lookup") {
    return Lookup(argv[2], argv[3], argc > 4 ? std::atoi(argv[4]) : 70, argc > 5 ? std::atoi(argv[5]) : 5,
                  argc > 6 ? std::atoi(argv[6]) : 0);
  }
  if ((argc == 4 || argc == 5) && std::string(argv[1]) == "concordance") {
    return Concordance(argv[2], argv[3], argc == 5 && std::string(argv[4]) == "exact");
  }
  if (argc >= 4 && std::string(argv[1]) == "pivot") return Pivot(argv[2], argv[3], argc > 4 ? std::atoi(argv[4]) : 5);
  std::fprintf(stderr, "usage: tm_bench lookup TM QUERIES [MIN] [LIMIT] [SCAN_QUERIES] | tm_bench concordance TM PHRASES [exact] | tm_bench pivot TM QUERIES_TSV [LIMIT]\n");
  return 2;
}
