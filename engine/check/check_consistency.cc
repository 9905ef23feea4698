// inconsistent-target, inconsistent-source: within a draft and its reference, and over a whole TM.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "check/check_internal.h"
#include "terms/name_similarity.h"
#include "util/strings.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/memory.h"

namespace tmkit {
using namespace check_internal;

void Checker::Impl::CheckConsistency(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref,
                      std::vector<Finding>* out) {
  struct Unit {
    std::string s, t;  // comparison keys: final punctuation does not make another sentence
    size_t draft;      // segment index or SIZE_MAX
    const SegmentPair* text;
  };
  std::vector<Unit> units;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (!segs[i].target.empty()) units.push_back({ComparisonKey(segs[i].source, src), ComparisonKey(segs[i].target, tgt), i, &segs[i]});
  }
  for (const SegmentPair& r : ref) units.push_back({ComparisonKey(r.source, src), ComparisonKey(r.target, tgt), SIZE_MAX, &r});
  // A variant is shown and suggested as first written, not by its (folded) key: a suggestion
  // must be pasteable.
  struct Variant {
    size_t count = 0;
    const std::string* text = nullptr;
  };
  for (int direction = 0; direction < 2; ++direction) {
    const char* id = direction == 0 ? "inconsistent-target" : "inconsistent-source";
    std::unordered_map<std::string, std::map<std::string, Variant>> groups;  // key -> other side -> variant
    for (const Unit& u : units) {
      Variant& v = groups[direction == 0 ? u.s : u.t][direction == 0 ? u.t : u.s];
      if (v.count++ == 0) v.text = direction == 0 ? &u.text->target : &u.text->source;
    }
    for (const Unit& u : units) {
      if (u.draft == SIZE_MAX) continue;
      const auto& variants = groups[direction == 0 ? u.s : u.t];
      if (variants.size() < 2) continue;
      const std::string& mine = direction == 0 ? u.t : u.s;
      std::string list, best;
      size_t best_n = 0;
      for (const auto& [key, v] : variants) {
        if (key == mine) continue;
        list += (list.empty() ? "" : "; ") + Quote(*v.text) + " \u00D7" + std::to_string(v.count);
        if (v.count > best_n) best = *v.text, best_n = v.count;
      }
      const SegmentPair& p = segs[u.draft];
      Finding* f = Add(out, id, u.draft, {0, p.source.size()}, {0, p.target.size()},
                       direction == 0 ? "the same source is translated elsewhere as " + list
                                      : "the same translation stands elsewhere for " + list,
                       direction == 0 ? best : "");
      if (f != nullptr) f->repeat_key = direction == 0 ? u.s : u.t;  // one group of variants
    }
  }
}

namespace {

struct TmRecord {
  uint64_t s, t;  // hashes of the folded source and target
  uint64_t key;   // what `get` reads the unit back by: an index or a unit id
};

// The groups of `recs` with one source and several targets, then one target and several sources;
// one finding per group, on its first (lowest-key) unit, whose texts go to `first`.
void InconsistentGroups(std::vector<TmRecord>* records, const std::function<bool(uint64_t, SegmentPair*)>& get,
                        std::vector<Finding>* out, std::vector<SegmentPair>* first_texts) {
  std::vector<TmRecord>& recs = *records;
  std::vector<std::pair<Finding, SegmentPair>> found;
  for (int direction = 0; direction < 2; ++direction) {
    auto key = [direction](const TmRecord& r) { return direction == 0 ? r.s : r.t; };
    auto other = [direction](const TmRecord& r) { return direction == 0 ? r.t : r.s; };
    std::sort(recs.begin(), recs.end(), [&](const TmRecord& a, const TmRecord& b) {
      return key(a) != key(b) ? key(a) < key(b) : (other(a) != other(b) ? other(a) < other(b) : a.key < b.key);
    });
    for (size_t i = 0; i < recs.size();) {
      size_t j = i;
      while (j < recs.size() && key(recs[j]) == key(recs[i])) ++j;
      if (other(recs[i]) != other(recs[j - 1])) {
        // Variants with counts; texts are read back for the first unit of each variant.
        std::string list;
        uint64_t first = UINT64_MAX;
        SegmentPair first_pair;
        for (size_t k = i; k < j;) {
          size_t l = k;
          while (l < j && other(recs[l]) == other(recs[k])) ++l;
          SegmentPair v;
          if (get(recs[k].key, &v)) {
            list += (list.empty() ? "" : "; ") + Quote(direction == 0 ? v.target : v.source) + " \u00D7" +
                    std::to_string(l - k) + " (unit " + std::to_string(recs[k].key) + ")";
            if (recs[k].key < first) first = recs[k].key, first_pair = std::move(v);
          }
          k = l;
        }
        if (first == UINT64_MAX) continue;  // the units vanished (a TM changed since the scan)
        Finding f;
        f.check = direction == 0 ? "inconsistent-target" : "inconsistent-source";
        f.severity = Severity::kWarning;
        f.segment = first;
        f.message = (direction == 0 ? "one source, several translations: " : "one translation, several sources: ") + list;
        found.emplace_back(std::move(f), std::move(first_pair));
      }
      i = j;
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first.segment < b.first.segment; });
  for (auto& [f, pair] : found) {
    out->push_back(std::move(f));
    first_texts->push_back(std::move(pair));
  }
}

}  // namespace

std::vector<Finding> FindTmInconsistencies(size_t count, const std::function<bool(size_t, SegmentPair*)>& unit,
                                           std::string_view src_lang, std::string_view tgt_lang) {
  std::vector<TmRecord> recs;
  recs.reserve(count);
  SegmentPair p;
  for (size_t i = 0; i < count; ++i) {
    if (!unit(i, &p)) continue;
    recs.push_back({Fnv1a64(ComparisonKey(p.source, src_lang)), Fnv1a64(ComparisonKey(p.target, tgt_lang)), i});
  }
  std::vector<Finding> out;
  std::vector<SegmentPair> firsts;
  InconsistentGroups(&recs, [&](uint64_t i, SegmentPair* v) { return unit(i, v); }, &out, &firsts);
  return out;
}

Status FindTmInconsistencies(const Memory& tm, std::string_view src_lang, std::string_view tgt_lang,
                             std::vector<Finding>* findings, std::vector<SegmentPair>* units) {
  std::vector<TmRecord> recs;
  SegmentPair p;
  Status s = tm.ForEach([&](const Unit& u) {
    if (PairOf(u, src_lang, tgt_lang, &p)) {
      recs.push_back({Fnv1a64(ComparisonKey(p.source, src_lang)), Fnv1a64(ComparisonKey(p.target, tgt_lang)), u.id});
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  auto get = [&](uint64_t id, SegmentPair* v) {
    Unit u;
    return tm.Get(id, &u).ok() && PairOf(u, src_lang, tgt_lang, v);
  };
  size_t first_new = findings->size();
  InconsistentGroups(&recs, get, findings, units);
  for (size_t i = first_new; i < findings->size(); ++i) {
    Finding& f = (*findings)[i];
    f.unit = f.segment;
    f.segment = units->size() - (findings->size() - i);
  }
  return Status::OK();
}

}  // namespace tmkit
