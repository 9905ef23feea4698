// libFuzzer harness: the lookup query path, over the seed article's TM (seed_tm.h). Each input is
// a query: the first byte picks the languages, threshold and limit, the rest is "TEXT\0PREV\0NEXT".
// Lookup and Concordance must return a Status for any text, and matches must respect the query's
// limit and threshold.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "seed_tm.h"
#include "tmkit/fuzzy.h"
#include "tmkit/memory.h"
#include "tmkit/utf8.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "lookup invariant broken: %s\n", what);
    std::abort();
  }
}

tmkit::Memory* SmallTm() {
  static std::unique_ptr<tmkit::Memory> memory = [] {
    tmkit::OpenOptions options;
    options.read_only = true;
    std::unique_ptr<tmkit::Memory> m;
    Check(tmkit::Memory::Open(fuzz::SeedTmDir(), options, &m).ok(), "seed TM opened");
    return m;
  }();
  return memory.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 8192) return 0;
  tmkit::Memory* memory = SmallTm();
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (tmkit::FindInvalidUtf8(rest) != std::string_view::npos) return -1;  // the CLI validates first
  std::vector<std::string> parts;
  size_t pos = 0;
  while (parts.size() < 3) {
    size_t nul = rest.find('\0', pos);
    parts.emplace_back(rest.substr(pos, nul == std::string_view::npos ? std::string_view::npos : nul - pos));
    if (nul == std::string_view::npos) break;
    pos = nul + 1;
  }
  parts.resize(3);

  static const char* const kPairs[][2] = {{"en", "ru"}, {"ru", "en"}, {"en", "ar"}, {"ar", "en-US"}};
  tmkit::LookupQuery query;
  query.text = parts[0];
  query.prev_source = parts[1];
  query.next_source = parts[2];
  query.src_lang = kPairs[mode & 3][0];
  query.tgt_lang = kPairs[mode & 3][1];
  query.min_score = 1 + ((mode >> 2) & 7) * 14;  // 1..99
  query.limit = 1 + (mode >> 5);
  std::vector<tmkit::LookupMatch> matches;
  tmkit::Status s = memory->Lookup(query, &matches);
  if (s.ok()) {
    Check(matches.size() <= static_cast<size_t>(query.limit), "no more matches than the limit");
    for (const tmkit::LookupMatch& m : matches) {
      Check(m.score.total >= query.min_score && m.score.total <= 101, "score within [min, 101]");
      Check(m.source_variant >= 0 && m.source_variant < static_cast<int>(m.unit.variants.size()), "source variant");
      const tmkit::Unit& holder = m.pivot_lang.empty() ? m.unit : m.target_unit;
      Check(m.target_variant >= 0 && m.target_variant < static_cast<int>(holder.variants.size()), "target variant");
      Check(m.pivot_lang.empty() || m.score.total <= 99, "a pivot match scores below 100");
      const std::string& stored = m.unit.variants[m.source_variant].text;
      for (const tmkit::DiffSpan& d : m.diff) Check(d.begin <= d.end && d.end <= stored.size(), "diff inside the source");
    }
  } else {
    Check(!s.message().empty(), "an error says why");
  }

  tmkit::ConcordanceQuery concordance;
  concordance.phrase = parts[0];
  concordance.lang = query.src_lang;
  concordance.limit = query.limit;
  std::vector<tmkit::ConcordanceHit> hits;
  bool more = false;
  s = memory->Concordance(concordance, &hits, &more);
  if (s.ok()) {
    Check(hits.size() <= static_cast<size_t>(concordance.limit), "no more hits than the limit");
    for (const tmkit::ConcordanceHit& h : hits) {
      Check(h.variant >= 0 && h.variant < static_cast<int>(h.unit.variants.size()), "hit variant");
      const std::string& text = h.unit.variants[h.variant].text;
      for (const auto& span : h.spans) Check(span.first <= span.second && span.second <= text.size(), "span inside the text");
    }
  }
  // The scorer directly, stored text = PREV (the scorer is what fuzzy lookup ranks by).
  tmkit::FuzzyComparison c = tmkit::CompareForFuzzy(parts[0], parts[1], mode & 1, query.src_lang);
  Check(c.score.total >= 0 && c.score.total <= 100, "fuzzy score within [0, 100]");
  for (const tmkit::DiffSpan& d : c.diff) Check(d.begin <= d.end && d.end <= parts[1].size(), "diff inside the stored text");
  return 0;
}
