// name-inconsistent: a name outside the glossary rendered several ways across the draft and the
// reference.
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

namespace tmkit {
using namespace check_internal;

void Checker::Impl::CheckNames(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref,
                std::vector<Finding>* out) {
  Morphology& morph = tgt_terms->morphology();
  Script want = ScriptOfLanguage(tgt_primary);
  std::vector<NameOccurrence> occ;
  auto collect = [&](const std::string& text, size_t seg, const Analysis& a) {
    const std::vector<WordKeys>& words = a.words;
    const std::vector<TermMatch>& matches = a.matches;
    for (const WordKeys& w : words) {
      if (w.keys.empty()) continue;
      std::string surface = text.substr(w.begin, w.end - w.begin);
      if (CodePointCount(w.folded) < 4 || HasDigit(surface) || WordScript(surface) != want || IsUpperWord(surface)) continue;
      bool in_term = false;
      for (const TermMatch& m : matches) in_term |= w.begin >= m.begin && w.end <= m.end;
      if (in_term) continue;
      if (want == Script::kArabic) {
        if (!morph.HasDictionary() || morph.Spell(surface)) continue;  // known words are not names
      } else {
        // Capitalized inside a sentence: a name, even one the dictionary knows (Франция).
        // At a sentence start only a word the dictionary does not know counts.
        if (!StartsUpper(surface)) continue;
        if (IsSentenceInitial(text, w.begin) && morph.HasDictionary() && morph.Spell(surface)) continue;
      }
      NameOccurrence o{seg, {w.begin, w.end}, surface, {}};
      for (const std::string& k : w.keys) {
        if (k[0] == 'R' || (k[0] == 'L' && tgt_primary != "ru")) o.keys.push_back(k);
      }
      occ.push_back(std::move(o));
    }
  };
  for (size_t i = 0; i < segs.size(); ++i) collect(segs[i].target, i, analyses[i]);
  for (size_t i = 0; i < ref.size(); ++i) collect(ref[i].target, SIZE_MAX, reference_analyses[i]);
  // Renderings: occurrences sharing an inflection key are one rendering (Лавров, Лаврова).
  std::vector<size_t> parent(occ.size());
  for (size_t i = 0; i < occ.size(); ++i) parent[i] = i;
  std::function<size_t(size_t)> find = [&](size_t x) { return parent[x] == x ? x : parent[x] = find(parent[x]); };
  std::unordered_map<std::string, size_t> first_with_key;
  for (size_t i = 0; i < occ.size(); ++i) {
    for (const std::string& k : occ[i].keys) {
      auto [it, fresh] = first_with_key.emplace(k, i);
      if (!fresh) parent[find(i)] = find(it->second);
    }
  }
  std::map<size_t, std::vector<size_t>> renderings;
  for (size_t i = 0; i < occ.size(); ++i) renderings[find(i)].push_back(i);
  std::vector<std::vector<size_t>> list;
  for (auto& [root, members] : renderings) list.push_back(members);
  // Two renderings are one name spelled two ways when some of their forms transliterate alike.
  auto forms_of = [&](const std::vector<size_t>& r) {
    std::vector<std::string> f;
    for (size_t i : r)
      for (const std::string& k : occ[i].keys) f.push_back(Latin(k.substr(1)));
    return f;
  };
  std::vector<size_t> group(list.size());
  for (size_t i = 0; i < list.size(); ++i) group[i] = i;
  std::vector<std::vector<std::string>> latin(list.size());
  for (size_t i = 0; i < list.size(); ++i) latin[i] = forms_of(list[i]);
  // Blocking: only renderings that share their first two or their last two Latin letters are
  // compared (a pair at ratio >= 0.8 differing at both ends is possible but rare in names;
  // without blocking the comparison is quadratic in the number of distinct names).
  std::unordered_map<std::string, std::vector<size_t>> buckets;
  for (size_t i = 0; i < list.size(); ++i) {
    std::unordered_set<std::string> keys;
    for (const auto& a : latin[i]) {
      if (a.size() < 4) continue;
      keys.insert("^" + a.substr(0, 2));
      keys.insert("$" + a.substr(a.size() - 2));
    }
    for (const auto& k : keys) buckets[k].push_back(i);
  }
  std::function<size_t(size_t)> root = [&](size_t x) { return group[x] == x ? x : group[x] = root(group[x]); };
  for (const auto& [key, members] : buckets) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        size_t i = members[x], j = members[y];
        if (root(i) == root(j)) continue;
        bool similar = false;
        for (const auto& a : latin[i]) {
          for (const auto& b : latin[j]) {
            if (!similar && a.size() >= 4 && b.size() >= 4 && SpellingSimilarity(a, b) >= 0.8) similar = true;
          }
        }
        if (similar) group[root(j)] = root(i);
      }
    }
  }
  for (size_t i = 0; i < list.size(); ++i) group[i] = root(i);
  std::map<size_t, std::vector<size_t>> by_group;
  for (size_t i = 0; i < list.size(); ++i) by_group[group[i]].push_back(i);
  for (auto& [g, members] : by_group) {
    if (members.size() < 2) continue;
    std::sort(members.begin(), members.end(), [&](size_t a, size_t b) { return list[a].size() > list[b].size(); });
    std::string counts;
    for (size_t r : members) {
      counts += (counts.empty() ? "" : ", ") + Quote(occ[list[r].front()].surface) + " \u00D7" +
                std::to_string(list[r].size());
    }
    const std::string& major = occ[list[members.front()].front()].surface;
    // Reported at each draft occurrence of a minority rendering.
    for (size_t m = 1; m < members.size(); ++m) {
      for (size_t i : list[members[m]]) {
        if (occ[i].segment == SIZE_MAX) continue;
        Add(out, "name-inconsistent", occ[i].segment, {}, occ[i].span,
            "a name outside the glossary is rendered several ways: " + counts, major);
      }
    }
  }
}

}  // namespace tmkit
