// Lookups that never scan: fuzzy candidates from the word index under a lossless count filter
// (docs/matching.md proves it), concordance from the same index.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <queue>

#include "memory/codec.h"
#include "memory/store_internal.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"

namespace tmkit {
namespace store {
namespace {

// Scanning a posting costs a few nanoseconds, verifying a candidate about a microsecond: after
// the lists that admit candidates, further lists are read to tighten the count bound as long as
// they are at most this many times longer than the candidate set.
constexpr uint64_t kExtendFactor = 16;

bool Equal(uint64_t a, uint64_t b) { return a == b || ((a & 1) && (b & 1)); }

// Word edit distance between encoded token sequences, or max_distance + 1 once it is exceeded.
size_t BoundedDistance(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b, size_t max_distance) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max_distance) return max_distance + 1;
  thread_local std::vector<uint32_t> prev, cur;
  prev.resize(m + 1);
  cur.resize(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<uint32_t>(i);
    uint32_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      uint32_t v = prev[j - 1] + (Equal(a[i - 1], b[j - 1]) ? 0 : 1);
      v = std::min(v, prev[j] + 1);
      v = std::min(v, cur[j - 1] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev, cur);
  }
  return prev[m];
}

bool DecodeSequence(std::string_view seq, std::vector<uint64_t>* out) {
  out->clear();
  const char* p = seq.data();
  const char* end = p + seq.size();
  uint64_t v;
  while (p < end) {
    if (!codec::GetVarint(&p, end, &v)) return false;
    out->push_back(v);
  }
  return true;
}

int CeilDiv(int64_t a, int64_t b) { return static_cast<int>((a + b - 1) / b); }

struct Survivor {
  uint64_t id;
  int base;
  std::string lang;  // the tag of the variant that matched
};

// Scratch space indexed by unit id, reused across lookups on one thread.
struct Counters {
  std::vector<uint16_t> hits;
  std::vector<uint8_t> min_length;
  std::vector<uint64_t> touched;
  void Prepare(uint64_t ids) {
    if (hits.size() < ids) {
      hits.resize(ids, 0);
      min_length.resize(ids, 0);
    }
    touched.clear();
  }
  void Reset() {
    for (uint64_t id : touched) hits[id] = 0;
    touched.clear();
  }
};

}  // namespace

Status MemoryImpl::Lookup(const LookupQuery& query, std::vector<LookupMatch>* matches) const {
  matches->clear();
  if (query.min_score < 1 || query.min_score > 100) return Status::InvalidArgument("--min must be between 1 and 100");
  if (query.limit < 1) return Status::InvalidArgument("--limit must be at least 1");
  std::string src_lang, tgt_lang;
  Status s = CanonicalLanguageTag(query.src_lang, &src_lang);
  if (s.ok()) s = CanonicalLanguageTag(query.tgt_lang, &tgt_lang);
  if (!s.ok()) return s;
  const std::string plang = PrimaryLanguage(src_lang);

  Snapshot snap(this);
  s = snap.Begin();
  if (!s.ok()) return s;

  Terms terms = ScoringTerms(query.text, src_lang);
  const int n = static_cast<int>(terms.size());
  int threshold = query.min_score;
  std::vector<Survivor> survivors;
  // Top `limit` base scores seen, to raise the threshold as good matches turn up (a final score
  // is at most kMaxFuzzyPenalty below its base).
  std::priority_queue<int, std::vector<int>, std::greater<int>> best;
  auto admit = [&](uint64_t id, int base, std::string lang) {
    survivors.push_back({id, base, std::move(lang)});
    best.push(base);
    if (static_cast<int>(best.size()) > query.limit) best.pop();
    if (static_cast<int>(best.size()) == query.limit) {
      threshold = std::max(threshold, std::min(100, best.top() - kMaxFuzzyPenalty));
    }
  };

  // The languages of a unit: which variants answer the source and whether a target exists.
  std::vector<uint64_t> qseq, cseq;
  auto verify = [&](uint64_t id, Status* status) {
    bool has_target = false;
    int best_base = -1;
    std::string best_lang;
    *status = snap.ForEachTokenSeq(id, [&](std::string_view lang, std::string_view seq) {
      if (LanguageMatches(tgt_lang, lang)) has_target = true;
      if (!LanguageMatches(src_lang, lang)) return;
      if (!DecodeSequence(seq, &cseq)) return;
      size_t longer = std::max(qseq.size(), cseq.size());
      if (longer == 0) return;
      size_t max_distance = static_cast<size_t>(longer * (100 - threshold) / 100);
      size_t d = BoundedDistance(qseq, cseq, max_distance);
      if (d > max_distance) return;
      int base = static_cast<int>(100 * (longer - d) / longer);
      if (base > best_base) {
        best_base = base;
        best_lang = std::string(lang);
      }
    });
    if (status->ok() && has_target && best_base >= threshold) admit(id, best_base, best_lang);
  };

  if (n == 0) {
    // Nothing but punctuation or symbols: only an exact match can reach any threshold.
    std::string prefix = ExactKey(plang, ExactHash(query.text, src_lang), 0).substr(0, plang.size() + 9);
    MDB_cursor* cursor;
    int rc = mdb_cursor_open(snap.txn(), exact_, &cursor);
    if (rc != 0) return Error(rc, "reading the exact index");
    MDB_val k = Val(prefix), v;
    std::vector<uint64_t> ids;
    for (rc = mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE); rc == 0 && View(k).substr(0, prefix.size()) == prefix;
         rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      ids.push_back(codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + prefix.size()));
    }
    mdb_cursor_close(cursor);
    for (uint64_t id : ids) {
      bool has_target = false;
      std::string lang;
      s = snap.ForEachTokenSeq(id, [&](std::string_view l, std::string_view seq) {
        if (LanguageMatches(tgt_lang, l)) has_target = true;
        if (LanguageMatches(src_lang, l) && seq.empty() && lang.empty()) lang = std::string(l);
      });
      if (!s.ok()) return s;
      if (has_target && !lang.empty()) survivors.push_back({id, 100, lang});
    }
  } else {
    // Query words: token id, document frequency, multiplicity. Numbers all count as one word.
    struct QueryWord {
      uint32_t id;
      uint64_t df;
      int mult;
    };
    std::map<std::string, QueryWord> words;
    qseq.clear();
    for (int i = 0; i < n; ++i) {
      bool number = terms.is_number[i] != 0;
      uint32_t id;
      uint64_t df;
      s = snap.GetToken(VocabKey(plang, terms.norms[i]), &id, &df);
      if (!s.ok()) return s;
      qseq.push_back((static_cast<uint64_t>(id) << 1) | (number ? 1 : 0));
      std::string key = VocabKey(plang, number ? std::string(kNumberToken) : terms.norms[i]);
      auto it = words.find(key);
      if (it == words.end()) {
        if (number) {
          s = snap.GetToken(key, &id, &df);
          if (!s.ok()) return s;
        }
        it = words.emplace(key, QueryWord{id, df, 0}).first;
      }
      it->second.mult += 1;
    }
    std::vector<QueryWord> order;
    for (const auto& entry : words) order.push_back(entry.second);
    std::sort(order.begin(), order.end(), [](const QueryWord& a, const QueryWord& b) { return a.df < b.df; });

    // Lossless filters for base >= t: length band and shared-word count (docs/matching.md §3).
    const int t = threshold;
    const uint32_t lo = static_cast<uint32_t>(CeilDiv(static_cast<int64_t>(n) * t, 100));
    const uint32_t hi = std::min<uint32_t>(kMaxLengthBucket, static_cast<uint32_t>(n * 100 / t));
    const int k_min = CeilDiv(static_cast<int64_t>(n) * t, 100);
    uint64_t next_id;
    s = snap.NextUnitId(&next_id);
    if (!s.ok()) return s;
    thread_local Counters counters;
    counters.Prepare(next_id);
    struct ResetOnExit {
      Counters* c;
      ~ResetOnExit() { c->Reset(); }
    } reset{&counters};
    int remaining = n;
    size_t next = 0;
    // Prefix: every unit that can still reach k_min shares a word with these lists.
    while (next < order.size() && remaining >= k_min) {
      const QueryWord& w = order[next++];
      if (w.id != 0) {
        s = snap.ScanPostings(w.id, lo, hi, [&](uint64_t id, uint32_t length) {
          if (id >= next_id) return;
          uint16_t& h = counters.hits[id];
          if (h == 0) {
            counters.touched.push_back(id);
            counters.min_length[id] = static_cast<uint8_t>(length);
          } else if (length < counters.min_length[id]) {
            counters.min_length[id] = static_cast<uint8_t>(length);
          }
          h = static_cast<uint16_t>(std::min(65534, h + w.mult));
        });
        if (!s.ok()) return s;
      }
      remaining -= w.mult;
    }
    // Verify the most promising candidates first: good matches raise the threshold, which
    // shrinks both the length band and the set of candidates that can still qualify.
    auto need = [&](uint64_t id) {
      return CeilDiv(static_cast<int64_t>(std::max<int>(n, counters.min_length[id])) * threshold, 100);
    };
    std::vector<uint8_t> verified_flag;
    std::vector<uint64_t> order_by_hits(counters.touched);
    auto by_hits = [&](uint64_t a, uint64_t b) {
      return counters.hits[a] != counters.hits[b] ? counters.hits[a] > counters.hits[b] : a > b;
    };
    size_t early = std::min<size_t>(order_by_hits.size(), static_cast<size_t>(query.limit) * 4);
    std::partial_sort(order_by_hits.begin(), order_by_hits.begin() + static_cast<long>(early), order_by_hits.end(), by_hits);
    std::vector<uint64_t> done;
    for (size_t i = 0; i < early; ++i) {
      uint64_t id = order_by_hits[i];
      if (counters.hits[id] + remaining < need(id)) continue;
      verify(id, &s);
      if (!s.ok()) return s;
      done.push_back(id);
    }
    for (uint64_t id : done) counters.hits[id] = 65535;  // marks "already verified"
    // Extension: tighten the bound of the remaining candidates while a list is short compared
    // with the candidates still alive (scanning a posting costs nanoseconds, a verification about
    // a microsecond). Only lowers bounds: no candidate is added.
    std::vector<uint64_t> alive;
    auto collect_alive = [&] {
      alive.clear();
      for (uint64_t id : counters.touched) {
        uint16_t h = counters.hits[id];
        if (h != 65535 && h + remaining >= need(id)) alive.push_back(id);
      }
    };
    collect_alive();
    while (next < order.size() && !alive.empty() && order[next].df <= kExtendFactor * alive.size()) {
      const QueryWord& w = order[next++];
      if (w.id != 0) {
        uint32_t band_lo = static_cast<uint32_t>(CeilDiv(static_cast<int64_t>(n) * threshold, 100));
        uint32_t band_hi = std::min<uint32_t>(kMaxLengthBucket, static_cast<uint32_t>(n * 100 / threshold));
        s = snap.ScanPostings(w.id, band_lo, band_hi, [&](uint64_t id, uint32_t) {
          if (id >= next_id) return;
          uint16_t& h = counters.hits[id];
          if (h != 0 && h != 65535) h = static_cast<uint16_t>(std::min(65534, h + w.mult));
        });
        if (!s.ok()) return s;
      }
      remaining -= w.mult;
      collect_alive();
    }
    std::sort(alive.begin(), alive.end(), by_hits);
    for (uint64_t id : alive) {
      if (counters.hits[id] + remaining < need(id)) continue;
      verify(id, &s);
      if (!s.ok()) return s;
    }
  }

  // Final scores on the real text, best base first, until no later candidate can enter the top.
  std::sort(survivors.begin(), survivors.end(), [](const Survivor& a, const Survivor& b) {
    return a.base != b.base ? a.base > b.base : a.id > b.id;
  });
  auto better = [](const LookupMatch& a, const LookupMatch& b) {
    if (a.score.total != b.score.total) return a.score.total > b.score.total;
    int64_t da = std::max(a.unit.changed, a.unit.created), db = std::max(b.unit.changed, b.unit.created);
    if (da != db) return da > db;
    return a.unit.id > b.unit.id;
  };
  const uint64_t prev_hash = query.prev_source.empty() ? 0 : ExactHash(query.prev_source, src_lang);
  const uint64_t next_hash = query.next_source.empty() ? 0 : ExactHash(query.next_source, src_lang);
  for (const Survivor& sv : survivors) {
    if (static_cast<int>(matches->size()) >= query.limit && matches->back().score.total >= sv.base) break;
    LookupMatch match;
    s = snap.GetUnit(sv.id, &match.unit);
    if (!s.ok()) return s;
    for (size_t i = 0; i < match.unit.variants.size(); ++i) {
      const Variant& v = match.unit.variants[i];
      if (match.source_variant < 0 && v.lang == sv.lang) match.source_variant = static_cast<int>(i);
      if (match.target_variant < 0 && LanguageMatches(tgt_lang, v.lang) && v.lang != sv.lang) {
        match.target_variant = static_cast<int>(i);
      }
    }
    if (match.source_variant < 0 || match.target_variant < 0) continue;
    const Variant& src = match.unit.variants[match.source_variant];
    const Variant& tgt = match.unit.variants[match.target_variant];
    FuzzyComparison cmp = CompareForFuzzy(query.text, src.text, !src.markup.empty(), src.lang);
    if (cmp.score.total < query.min_score) continue;
    match.score = cmp.score;
    match.diff = std::move(cmp.diff);
    match.missing = std::move(cmp.missing);
    if (match.score.total == 100) {
      bool compared = false, agree = true;
      const Unit& u = match.unit;
      if (prev_hash != 0 && !u.prev_source.empty()) {
        compared = true;
        agree &= ExactHash(u.prev_source, src.lang) == prev_hash;
      }
      if (next_hash != 0 && !u.next_source.empty()) {
        compared = true;
        agree &= ExactHash(u.next_source, src.lang) == next_hash;
      }
      if (compared && agree) match.score.total = 101;
    }
    if (cmp.numbers_only) match.carried_target = CarryOverNumbers(query.text, src.text, src.lang, tgt.text, tgt.lang);
    auto pos = std::upper_bound(matches->begin(), matches->end(), match, better);
    matches->insert(pos, std::move(match));
    if (static_cast<int>(matches->size()) > query.limit) matches->pop_back();
  }
  return Status::OK();
}

Status MemoryImpl::Concordance(const ConcordanceQuery& query, std::vector<ConcordanceHit>* hits, bool* more) const {
  hits->clear();
  *more = false;
  if (query.limit < 1) return Status::InvalidArgument("--limit must be at least 1");
  std::string lang;
  Status s = CanonicalLanguageTag(query.lang, &lang);
  if (!s.ok()) return s;
  const std::string plang = PrimaryLanguage(lang);
  Terms terms = ScoringTerms(query.phrase, lang);
  if (terms.size() == 0) return Status::InvalidArgument("the concordance phrase has no words");
  Snapshot snap(this);
  s = snap.Begin();
  if (!s.ok()) return s;
  std::vector<uint64_t> phrase;  // token ids, number flag dropped: concordance matches literally
  uint32_t rarest = 0;
  uint64_t rarest_df = UINT64_MAX;
  for (const std::string& norm : terms.norms) {
    uint32_t id;
    uint64_t df;
    s = snap.GetToken(VocabKey(plang, norm), &id, &df);
    if (!s.ok()) return s;
    if (id == 0) return Status::OK();  // a word the TM has never seen: no hit
    phrase.push_back(id);
    if (df < rarest_df) {
      rarest_df = df;
      rarest = id;
    }
  }
  // Walk the rarest word's postings, shortest segments first, and check the whole phrase on the
  // unit's token sequence.
  std::vector<std::pair<uint64_t, std::string>> found;  // (unit id, variant tag)
  std::vector<uint64_t> seq;
  const size_t want = static_cast<size_t>(query.limit) + 1;  // one more tells whether there are more
  for (uint32_t length = static_cast<uint32_t>(phrase.size()); length <= kMaxLengthBucket && found.size() < want; ++length) {
    std::vector<uint64_t> ids;
    s = snap.ScanPostings(rarest, length, length, [&](uint64_t id, uint32_t) { ids.push_back(id); });
    if (!s.ok()) return s;
    for (auto it = ids.rbegin(); it != ids.rend() && found.size() < want; ++it) {  // newest first
      uint64_t id = *it;
      std::string hit_lang;
      s = snap.ForEachTokenSeq(id, [&](std::string_view l, std::string_view encoded) {
        if (!hit_lang.empty() || !LanguageMatches(lang, l) || !DecodeSequence(encoded, &seq)) return;
        for (size_t i = 0; i + phrase.size() <= seq.size(); ++i) {
          size_t j = 0;
          while (j < phrase.size() && (seq[i + j] >> 1) == phrase[j]) ++j;
          if (j == phrase.size()) {
            hit_lang = std::string(l);
            return;
          }
        }
      });
      if (!s.ok()) return s;
      if (!hit_lang.empty()) found.emplace_back(id, hit_lang);
    }
  }
  if (found.size() > static_cast<size_t>(query.limit)) {
    *more = true;
    found.pop_back();
  }
  for (const auto& [id, tag] : found) {
    ConcordanceHit hit;
    s = snap.GetUnit(id, &hit.unit);
    if (!s.ok()) return s;
    for (size_t i = 0; i < hit.unit.variants.size(); ++i) {
      if (hit.unit.variants[i].lang == tag) {
        hit.variant = static_cast<int>(i);
        break;
      }
    }
    if (hit.variant < 0) continue;
    const Variant& v = hit.unit.variants[hit.variant];
    std::vector<Token> words;
    for (Token& t : TokenizeForMatching(v.text, v.lang)) {
      if (t.kind != TokenKind::kPunct) words.push_back(std::move(t));
    }
    for (size_t i = 0; i + terms.size() <= words.size(); ++i) {
      size_t j = 0;
      while (j < terms.size() && VocabKey(plang, words[i + j].norm) == VocabKey(plang, terms.norms[j])) ++j;
      if (j == terms.size()) hit.spans.emplace_back(words[i].begin, words[i + j - 1].end);
    }
    hits->push_back(std::move(hit));
  }
  return Status::OK();
}

}  // namespace store
}  // namespace tmkit
