// Lookups that never scan: fuzzy candidates from the word index under a lossless count filter
// (docs/matching.md proves it), concordance from the same index.
#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <queue>

#include "memory/codec.h"
#include "memory/lookup_work.h"
#include "memory/signatures.h"
#include "memory/store_internal.h"
#include "memory/word_distance.h"
#include "terms/inflected_forms.h"
#include "tmkit/fuzzy.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/unit_join.h"

namespace tmkit {
namespace store {
namespace {

// Scanning a posting costs a few nanoseconds, verifying a candidate under a microsecond (finding
// its block of sequences and reading a slot that is rarely in the CPU cache): after the lists that
// admit candidates, further lists are read to tighten the count bound as long as they are at most
// this many times longer than the candidate set (tuned on the 1M-unit benchmark: 16 verified twice
// as many candidates; from 512 up, the scanning cost more than the verifications it saved; with
// schema 2's cheaper verification, 48 and 128 are within the noise of interleaved runs).
constexpr uint64_t kExtendFactor = 128;
// With signatures (schema 4) a candidate's bound costs one cache line whatever the words left, so a
// list is worth reading only while much shorter: at 10M units, 4 took the CPU p50 from 4.0 ms
// (128) to 2.9 ms (16: 3.0; 1: 4.0; 0, signatures alone: 4.5), with the same answers.
constexpr uint64_t kExtendFactorWithSignatures = 4;
// The postings the first round of a lookup reads from the rarest lists before verifying their best
// candidates (docs/matching.md, "Raising the threshold"): one per 2,048 units (4,883 at 10M units).
size_t FirstRoundPostings(uint64_t units) { return std::max<size_t>(256, static_cast<size_t>(units >> 11)); }

// A match through a pivot language scores at most this (docs/matching.md "Pivot matches"), and a
// lookup follows at most kMaxPivotTries source matches to a pivot, so that a TM full of pairs
// without the target costs a bounded number of exact-index reads.
constexpr int kMaxPivotScore = 99;
constexpr int kMaxPivotTries = 32;

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

// The length buckets a unit can be in and still score >= t against a query of n words
// (docs/matching.md, Lemma 1). Segments of 255 words or more share the last bucket, so both
// ends stop there.
struct LengthBand {
  uint32_t lo, hi;
};
LengthBand BandFor(int n, int t) {
  return {std::min<uint32_t>(kMaxLengthBucket, static_cast<uint32_t>(CeilDiv(static_cast<int64_t>(n) * t, 100))),
          std::min<uint32_t>(kMaxLengthBucket, static_cast<uint32_t>(n * 100 / t))};
}

struct Survivor {
  uint64_t id;
  int base;
  std::string lang;  // the tag of the variant that matched
  // The final score as far as the token sequences tell: base less the number penalty when the
  // numbers' values differ (the distance counts every number as equal). Orders pivot candidates.
  int estimate = 0;
};

// Numbers (encoded as the index stores them, (token id << 1) | 1) of a token sequence, sorted.
void NumbersOf(const std::vector<uint64_t>& seq, std::vector<uint64_t>* out) {
  out->clear();
  for (uint64_t w : seq) {
    if (w & 1) out->push_back(w);
  }
  std::sort(out->begin(), out->end());
}

// Whether some number the two sides hold must be paired with a different value: fewer values in
// common than the smaller side has numbers. What FuzzyScore::number_penalty will see, as far as
// the token ids tell (an estimate: the real pairing follows the word alignment).
bool NumbersDiffer(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || b.empty()) return false;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return common < std::min(a.size(), b.size());
}

// A posting of the prefix lists and the candidate it counts for.
struct Posting {
  uint64_t id;
  uint32_t mult;    // the word's multiplicity in the query
  uint32_t length;  // the variant's length bucket
};
struct Candidate {
  uint64_t id;
  uint32_t hits;        // query words (with multiplicity) found in its lists so far
  uint32_t min_length;  // its smallest length bucket seen
  uint32_t max_length;  // its largest, which decides the prefix lists not read for it
  uint32_t unread;      // query words of the prefix whose lists were not read in its buckets
  uint32_t need;        // shared words it needs at the threshold of the extension
  bool verified;
  // Its shared words as its signature bounds them (docs/matching.md §3), -1 until computed: hits
  // plus the words not read for it whose bits its signature holds.
  int32_t sig_bound;
};

// Sorts postings by unit id, stably: least-significant-digit radix sort on the bits ids below
// `id_limit` can have, in as few passes of at most 12 bits as they need (two up to 16M units:
// at 10M units, three passes of 11 bits were a quarter of a lookup's CPU).
void SortById(std::vector<Posting>* postings, std::vector<Posting>* buffer, uint64_t id_limit) {
  constexpr int kMaxDigitBits = 12;
  const int bits = id_limit <= 1 ? 1 : 64 - __builtin_clzll(id_limit - 1);
  const int passes = (bits + kMaxDigitBits - 1) / kMaxDigitBits;
  const int digit_bits = (bits + passes - 1) / passes;
  const uint64_t digit_mask = (uint64_t{1} << digit_bits) - 1;
  buffer->resize(postings->size());
  std::vector<Posting>* from = postings;
  std::vector<Posting>* to = buffer;
  for (int shift = 0; shift < bits; shift += digit_bits) {
    size_t offsets[size_t{1} << kMaxDigitBits] = {};
    for (const Posting& p : *from) ++offsets[(p.id >> shift) & digit_mask];
    size_t sum = 0;
    for (size_t& o : offsets) {
      size_t count = o;
      o = sum;
      sum += count;
    }
    for (const Posting& p : *from) (*to)[offsets[(p.id >> shift) & digit_mask]++] = p;
    std::swap(from, to);
  }
  if (from != postings) postings->swap(*buffer);
}

// Scratch space reused across the lookups of a thread.
struct Scratch {
  std::vector<Posting> postings, sort_buffer;
  std::vector<Candidate> candidates;
  std::vector<uint32_t> ranked, alive;  // indexes into candidates
  std::vector<uint32_t> with_hits;      // candidates per number of hits
  std::vector<const unsigned char*> signature_at;  // of the alive candidates, in their order
  // One bit per unit id, set for the candidates still alive: the long lists read to tighten
  // their bounds probe 128 KB (for 1M units) and search the candidates only on a hit.
  // Set only once such a list is read (most lookups read none, and setting then clearing the
  // bits of thousands of candidates is a cache miss each at 10M units). All zero between lookups.
  std::vector<uint64_t> alive_bits;
  bool alive_marked = false;
  void Prepare(uint64_t ids) {
    postings.clear();
    candidates.clear();
    ranked.clear();
    alive.clear();
    if (alive_bits.size() * 64 < ids) alive_bits.resize((ids + 63) / 64, 0);
  }
  void MarkAlive() {
    if (alive_marked) return;
    for (uint32_t i : alive) alive_bits[candidates[i].id >> 6] |= 1ull << (candidates[i].id & 63);
    alive_marked = true;
  }
  void ResetAlive(uint64_t id) {
    if (alive_marked) alive_bits[id >> 6] &= ~(1ull << (id & 63));
  }
  bool Alive(uint64_t id) const { return (alive_bits[id >> 6] >> (id & 63)) & 1; }
  void ClearAlive() {
    if (!alive_marked) return;
    for (uint32_t i : alive) alive_bits[candidates[i].id >> 6] = 0;
    alive_marked = false;
  }
};

thread_local LookupWork last_work;

}  // namespace

const LookupWork& LastLookupWork() { return last_work; }

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

  LookupWork& work = last_work;
  work = LookupWork();
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
  WordDistance distance;  // prepared once qseq is known
  // Units holding the source but not the target, with another language that may lead to the
  // target through a unit sharing it (docs/matching.md "Pivot matches"). They do not raise the
  // threshold: a pivot that finds no target must not push out a direct match.
  std::vector<Survivor> pivots;
  std::vector<uint64_t> qnumbers, cnumbers;  // NumbersOf(qseq), once qseq is known
  auto verify = [&](uint64_t id, const StoredBlock& block, Status* status) {
    bool has_target = false, has_other = false, numbers_differ = false;
    int best_base = -1;
    std::string best_lang;
    *status = snap.VisitTokenSeqs(block, id, [&](std::string_view lang, std::string_view seq) {
      if (LanguageMatches(tgt_lang, lang)) has_target = true;
      if (!LanguageMatches(src_lang, lang)) {
        has_other = true;
        return;
      }
      if (!DecodeSequence(seq, &cseq)) return;
      size_t longer = std::max(qseq.size(), cseq.size());
      if (longer == 0) return;
      size_t max_distance = static_cast<size_t>(longer * (100 - threshold) / 100);
      size_t d = distance.Bounded(cseq, max_distance);
      if (d > max_distance) return;
      int base = static_cast<int>(100 * (longer - d) / longer);
      if (base > best_base) {
        best_base = base;
        best_lang = std::string(lang);
        if (query.pivot && !qnumbers.empty()) {
          NumbersOf(cseq, &cnumbers);
          numbers_differ = NumbersDiffer(qnumbers, cnumbers);
        }
      }
    });
    if (status->ok() && has_target && best_base >= threshold) admit(id, best_base, best_lang);
    if (status->ok() && query.pivot && !has_target && has_other && best_base >= threshold) {
      pivots.push_back({id, best_base, best_lang, best_base - (numbers_differ ? 1 : 0)});
    }
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
      if (query.pivot && !has_target && !lang.empty()) pivots.push_back({id, 100, lang, 100});
    }
  } else {
    // Query words: token id, document frequency, multiplicity. Numbers all count as one word.
    struct QueryWord {
      uint32_t id;
      uint64_t df;
      int mult;
      Signature bits;  // the token's bits in a unit's signature
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
        it = words.emplace(key, QueryWord{id, df, 0, Signature::OfToken(id)}).first;
      }
      it->second.mult += 1;
    }
    distance.Prepare(qseq);
    NumbersOf(qseq, &qnumbers);
    std::vector<QueryWord> order;
    for (const auto& entry : words) order.push_back(entry.second);
    std::sort(order.begin(), order.end(), [](const QueryWord& a, const QueryWord& b) { return a.df < b.df; });

    // Lossless filters for base >= t: length band and shared-word count (docs/matching.md §3).
    const uint32_t lo = BandFor(n, threshold).lo;  // of the lookup's threshold: the widest band
    uint64_t next_id;
    s = snap.NextUnitId(&next_id);
    if (!s.ok()) return s;
    thread_local Scratch scratch;
    scratch.Prepare(next_id);
    struct ClearOnExit {
      Scratch* scratch;
      ~ClearOnExit() { scratch->ClearAlive(); }
    } clear_on_exit{&scratch};
    int remaining = n;
    size_t next = 0;
    // Prefix: every unit that can still reach k_min shares a word with these lists. Their
    // postings are gathered and sorted by unit id, which costs less than counting in a table
    // indexed by unit id (megabytes of random accesses for a few thousand postings).
    // A longer unit needs more shared words, so its prefix is shorter: a list is read only in
    // the buckets whose need the words left after it could still meet (docs/matching.md,
    // Lemma 4). read_in[b - lo] counts the query words whose lists were read in bucket b.
    std::vector<Posting>& gathered = scratch.postings;
    uint32_t read_in[kMaxLengthBucket + 1] = {};
    uint32_t prefix_words = 0;  // the query words (with multiplicity) whose lists the prefix read
    // Per prefix word: the buckets its list was read in.
    std::vector<uint32_t> list_lo_of(order.size()), list_hi_of(order.size());
    // Reads the prefix lists at the current threshold, rarest first, until the prefix is
    // complete or `budget` postings are gathered. A threshold raised meanwhile needs fewer
    // shared words, so the prefix ends sooner and each list covers fewer buckets.
    auto read_prefix = [&](size_t budget) -> Status {
      const int t = threshold;
      const LengthBand band = BandFor(n, t);
      const int k_min = CeilDiv(static_cast<int64_t>(n) * t, 100);
      while (next < order.size() && remaining >= k_min && gathered.size() < budget) {
        // Bounded work: past the cap the lists left unread count as `remaining` in every bound,
        // so the candidates found so far are still judged soundly; units only in those lists are
        // not found (docs/matching.md, "Bounded work").
        if (gathered.size() >= kMaxGatheredPostings) {
          work.capped = true;
          break;
        }
        const QueryWord& w = order[next];
        const uint32_t list_hi = std::min<uint32_t>(band.hi, static_cast<uint32_t>(remaining * 100 / t));
        list_lo_of[next] = band.lo;
        list_hi_of[next] = list_hi;
        ++next;
        prefix_words += static_cast<uint32_t>(w.mult);
        for (uint32_t b = band.lo; b <= list_hi; ++b) read_in[b - lo] += static_cast<uint32_t>(w.mult);
        if (w.id != 0) {
          Status st = snap.ScanPostingChunks(w.id, band.lo, list_hi, [&](const uint64_t* ids, size_t count, uint32_t length) {
            for (size_t i = 0; i < count; ++i) {
              if (ids[i] < next_id) gathered.push_back(Posting{ids[i], static_cast<uint32_t>(w.mult), length});
            }
          });
          if (!st.ok()) return st;
        }
        remaining -= w.mult;
      }
      return Status::OK();
    };
    auto prefix_complete = [&] {
      return work.capped || next >= order.size() || remaining < CeilDiv(static_cast<int64_t>(n) * threshold, 100);
    };
    size_t prefix_end = 0;
    std::vector<Candidate>& candidates = scratch.candidates;
    std::vector<uint64_t> verified_ids;  // verified in the first round, ascending
    auto build_candidates = [&] {
      SortById(&gathered, &scratch.sort_buffer, next_id);
      candidates.clear();
      for (const Posting& p : gathered) {
        if (candidates.empty() || candidates.back().id != p.id) {
          candidates.push_back(Candidate{p.id, p.mult, p.length, p.length, 0, 0, false, -1});
        } else {
          Candidate& c = candidates.back();
          c.hits += p.mult;
          c.min_length = std::min(c.min_length, p.length);
          c.max_length = std::max(c.max_length, p.length);
        }
      }
      auto was_verified = verified_ids.begin();
      for (Candidate& c : candidates) {
        c.unread = prefix_words - read_in[c.max_length - lo];
        was_verified = std::lower_bound(was_verified, verified_ids.end(), c.id);
        c.verified = was_verified != verified_ids.end() && *was_verified == c.id;
      }
    };
    // Verify the most promising candidates first: good matches raise the threshold, which
    // shrinks both the length band and the set of candidates that can still qualify.
    auto need = [&](const Candidate& c) {
      return CeilDiv(static_cast<int64_t>(std::max<int64_t>(n, c.min_length)) * threshold, 100);
    };
    auto bound = [&](const Candidate& c) { return static_cast<int64_t>(c.hits) + c.unread + remaining; };
    // The tighter bound from the candidate's signature (null: none kept): the words not read for
    // it count only where its signature holds their bits. Those are the prefix words whose lists
    // were not read in its largest bucket (as `unread` counts them) and the words from `next` on;
    // a word the TM lacks (id 0) is in no unit.
    auto signature_bound = [&](const Candidate& c, const unsigned char* sig) -> int32_t {
      int32_t b = static_cast<int32_t>(c.hits);
      auto add = [&](size_t j) {
        if (order[j].id != 0 && Signature::Holds(sig, order[j].bits)) b += order[j].mult;
      };
      for (size_t j = 0; j < prefix_end; ++j) {
        if (c.max_length > list_hi_of[j] || c.max_length < list_lo_of[j]) add(j);
      }
      for (size_t j = next; j < order.size(); ++j) add(j);
      return b;
    };
    auto by_hits = [&](uint32_t a, uint32_t b) {
      const Candidate& x = candidates[a];
      const Candidate& y = candidates[b];
      return x.hits != y.hits ? x.hits > y.hits : x.id > y.id;
    };
    // Once signatures have bounded the candidates, the bound is the better guess of who matches.
    auto by_signature_bound = [&](uint32_t a, uint32_t b) {
      const Candidate& x = candidates[a];
      const Candidate& y = candidates[b];
      if (x.sig_bound != y.sig_bound) return x.sig_bound > y.sig_bound;
      return x.hits != y.hits ? x.hits > y.hits : x.id > y.id;
    };
    const bool signatures = snap.has_signatures();
    // The `early` first candidates in that order, picked with a histogram of hits: cheaper than
    // a partial sort through indexes of every candidate (thousands of them). 8 per wanted match:
    // on the 1M-unit benchmark, against 4, 5% more verifications and 9% fewer postings read to
    // tighten bounds; CPU mean 0.519-0.526 ms against 0.523-0.700 ms in four interleaved rounds
    // (16 and 32 trade further without a gain).
    std::vector<uint32_t>& ranked = scratch.ranked;
    size_t early = 0;
    auto rank_early = [&] {
      ranked.clear();
      early = std::min<size_t>(candidates.size(), static_cast<size_t>(query.limit) * 8);
      if (early == 0) return;
      std::vector<uint32_t>& with_hits = scratch.with_hits;
      with_hits.clear();
      for (const Candidate& c : candidates) {
        if (c.hits >= with_hits.size()) with_hits.resize(c.hits + 1, 0);
        ++with_hits[c.hits];
      }
      uint32_t cut = static_cast<uint32_t>(with_hits.size() - 1);
      size_t above = 0;  // candidates with more hits than `cut`; they all come first
      while (above + with_hits[cut] < early) above += with_hits[cut--];
      size_t at_cut = early - above;  // of those with `cut` hits, the highest ids come first
      for (size_t i = candidates.size(); i-- > 0;) {
        const uint32_t hits = candidates[i].hits;
        if (hits > cut) {
          ranked.push_back(static_cast<uint32_t>(i));
        } else if (hits == cut && at_cut > 0) {
          ranked.push_back(static_cast<uint32_t>(i));
          --at_cut;
        }
      }
      std::sort(ranked.begin(), ranked.end(), by_hits);
    };
    // Verifies the candidates that can still qualify, in the given order, finding each one's
    // block of sequences while the previous one is verified (the threshold only rises, so a
    // candidate passed over when found would be passed over when its turn came).
    auto verify_each = [&](const uint32_t* order_of, size_t count) -> Status {
      auto qualifies = [&](size_t k) {
        Candidate& c = candidates[order_of[k]];
        if (c.verified) return false;
        const int64_t needed = need(c);
        if (bound(c) < needed) return false;
        if (signatures && c.sig_bound < 0) {
          const unsigned char* sig = snap.SignatureAt(c.id);
          c.sig_bound = sig != nullptr ? signature_bound(c, sig) : INT32_MAX;
          if (c.sig_bound < needed) ++work.signature_rejected;
        }
        return !signatures || c.sig_bound >= needed;
      };
      auto find = [&](size_t from, size_t* at, StoredBlock* block) -> Status {
        while (from < count && !qualifies(from)) ++from;
        *at = from;
        if (from == count) return Status::OK();
        uint64_t id = candidates[order_of[from]].id;
        Status found = snap.TokenSeqBlock(id, block);
        PrefetchSlot(*block, id);
        return found;
      };
      size_t current;
      StoredBlock block;
      Status st = find(0, &current, &block);
      while (st.ok() && current < count) {
        size_t next;
        StoredBlock next_block;
        st = find(current + 1, &next, &next_block);
        Candidate& c = candidates[order_of[current]];
        if (st.ok() && qualifies(current)) {
          // Bounded work: the most promising candidates (most shared words) come first.
          if (work.verified >= kMaxVerifiedCandidates) {
            work.capped = true;
            return st;
          }
          verify(c.id, block, &st);
          c.verified = true;
          ++work.verified;
        }
        current = next;
        block = next_block;
      }
      return st;
    };
    // First round: the rarest lists only, and their best candidates verified, so that a good
    // match raises the threshold before the longer lists of the prefix are read (at 10M units a
    // query read 46k postings at p50 for its prefix at 70%; a query with five matches at 90%
    // needs the lists of about three words).
    s = read_prefix(FirstRoundPostings(next_id));
    if (!s.ok()) return s;
    if (!prefix_complete()) {
      work.two_rounds = true;
      prefix_end = next;
      build_candidates();
      rank_early();
      s = verify_each(ranked.data(), early);
      if (!s.ok()) return s;
      for (const Candidate& c : candidates) {
        if (c.verified) verified_ids.push_back(c.id);
      }
      s = read_prefix(SIZE_MAX);
      if (!s.ok()) return s;
    }
    prefix_end = next;
    work.postings = gathered.size();
    build_candidates();
    work.candidates = candidates.size();
    rank_early();
    s = verify_each(ranked.data(), early);
    if (!s.ok()) return s;
    // Extension: tighten the bound of the remaining candidates while a list is short compared
    // with the candidates still alive (scanning a posting costs nanoseconds, a verification about
    // a microsecond). Only lowers bounds: no candidate is added.
    // A candidate's bound hits + remaining never grows while lists are read (a list adds at most
    // its multiplicity to hits and takes exactly that from remaining), and the threshold does not
    // move here, so the alive set only shrinks: it is filtered in place rather than rebuilt.
    std::vector<uint32_t>& alive = scratch.alive;
    for (uint32_t i = 0; i < candidates.size(); ++i) {
      const Candidate& c = candidates[i];
      // (A signature bound only falls as lists are read: a candidate it rejected stays rejected.)
      if (!c.verified && bound(c) >= need(c) && !(c.sig_bound >= 0 && c.sig_bound < need(c))) {
        candidates[i].need = static_cast<uint32_t>(need(c));
        alive.push_back(i);
      }
    }
    auto collect_alive = [&] {
      alive.erase(std::remove_if(alive.begin(), alive.end(),
                                 [&](uint32_t i) {
                                   const Candidate& c = candidates[i];
                                   if (bound(c) >= c.need) return false;
                                   scratch.ResetAlive(c.id);
                                   return true;
                                 }),
                  alive.end());
    };
    // (Not past the gathering cap: the lists left are the long ones, and the verifications that
    // tightening would save are capped anyway.)
    const uint64_t extend_factor = signatures ? kExtendFactorWithSignatures : kExtendFactor;
    while (!work.capped && next < order.size() && !alive.empty() && order[next].df <= extend_factor * alive.size()) {
      const QueryWord& w = order[next++];
      if (w.id != 0) {
        scratch.MarkAlive();
        const LengthBand band = BandFor(n, threshold);
        s = snap.ScanPostingChunks(w.id, band.lo, band.hi, [&](const uint64_t* ids, size_t count, uint32_t) {
          // Ids increase within a chunk, and so do the candidates: each search starts where the
          // previous hit of the chunk was found.
          auto from = candidates.begin();
          work.tightening += count;
          for (size_t i = 0; i < count; ++i) {
            uint64_t id = ids[i];
            if (id >= next_id || !scratch.Alive(id)) continue;
            from = std::lower_bound(from, candidates.end(), id,
                                    [](const Candidate& c, uint64_t x) { return c.id < x; });
            from->hits += static_cast<uint32_t>(w.mult);
          }
        });
        if (!s.ok()) return s;
      }
      remaining -= w.mult;
      collect_alive();
    }
    if (signatures) {
      // Each alive candidate's signature, prefetched kSignaturePrefetchAhead candidates before
      // it is read so that the cache misses overlap without evicting each other (thousands of
      // them); those whose signature bound cannot meet their need are dropped unread.
      std::vector<const unsigned char*>& at = scratch.signature_at;
      at.resize(alive.size());
      for (size_t i = 0; i < alive.size(); ++i) at[i] = snap.SignatureAt(candidates[alive[i]].id);
      constexpr size_t kSignaturePrefetchAhead = 16;
      for (size_t i = 0; i < std::min(alive.size(), kSignaturePrefetchAhead); ++i) {
        if (at[i] != nullptr) __builtin_prefetch(at[i]);
      }
      size_t kept = 0;
      for (size_t i = 0; i < alive.size(); ++i) {
        if (i + kSignaturePrefetchAhead < alive.size() && at[i + kSignaturePrefetchAhead] != nullptr) {
          __builtin_prefetch(at[i + kSignaturePrefetchAhead]);
        }
        Candidate& c = candidates[alive[i]];
        c.sig_bound = at[i] != nullptr ? signature_bound(c, at[i]) : INT32_MAX;
        if (c.sig_bound >= static_cast<int64_t>(c.need)) {
          alive[kept++] = alive[i];
        } else {
          scratch.ResetAlive(c.id);
        }
      }
      alive.resize(kept);
      work.signature_rejected += at.size() - kept;
      std::sort(alive.begin(), alive.end(), by_signature_bound);
    } else {
      std::sort(alive.begin(), alive.end(), by_hits);
    }
    s = verify_each(alive.data(), alive.size());
    if (!s.ok()) return s;
  }

  // Final scores on the real text, best base first, until no later candidate can enter the top.
  std::sort(survivors.begin(), survivors.end(), [](const Survivor& a, const Survivor& b) {
    return a.base != b.base ? a.base > b.base : a.id > b.id;
  });
  auto better = [](const LookupMatch& a, const LookupMatch& b) {
    if (a.score.total != b.score.total) return a.score.total > b.score.total;
    if (a.pivot_lang.empty() != b.pivot_lang.empty()) return a.pivot_lang.empty();
    int64_t da = std::max(a.unit.changed, a.unit.created), db = std::max(b.unit.changed, b.unit.created);
    if (da != db) return da > db;
    return a.unit.id > b.unit.id;
  };
  // The query analysed once per source tag met (normally one) for the final scoring.
  std::vector<std::pair<std::string, FuzzyQuery>> analysed;
  auto analysed_for = [&](const std::string& lang) -> const FuzzyQuery& {
    for (const auto& [tag, q] : analysed) {
      if (tag == lang) return q;
    }
    analysed.emplace_back(lang, FuzzyQuery(query.text, lang));
    return analysed.back().second;
  };
  // The code penalty is for codes the query lacks: none when the query carries the same ones.
  const std::string query_codes = CodeSignature(query.markup);
  auto codes_lacking = [&](const Variant& source) {
    return !source.markup.empty() && (query.markup.empty() || CodeSignature(source.markup) != query_codes);
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
    FuzzyComparison cmp = analysed_for(src.lang).Compare(src.text, codes_lacking(src));
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
  if (pivots.empty()) return Status::OK();
  // A direct exact match ends the lookup: a pivot match scores at most kMaxPivotScore and would
  // only stand below it (docs/matching.md "Pivot matches").
  if (!matches->empty() && matches->front().score.total >= 100) return Status::OK();

  // Pivot matches: the best source matches without a target, each followed through its other
  // languages to units that hold the same segment (JoinKey) and the target. Scores are capped
  // at kMaxPivotScore; at most kMaxPivotTries matches are followed per lookup, best estimate
  // first: the base alone ties a segment with its copies that differ only in a number (a wire
  // sentence with a new figure), which have no partner and, newer, came first.
  std::sort(pivots.begin(), pivots.end(), [](const Survivor& a, const Survivor& b) {
    if (a.estimate != b.estimate) return a.estimate > b.estimate;
    return a.base != b.base ? a.base > b.base : a.id > b.id;
  });
  MDB_cursor* exact_cursor = nullptr;  // one for every probe of the lookup
  struct CloseOnExit {
    MDB_cursor** cursor;
    ~CloseOnExit() {
      if (*cursor != nullptr) mdb_cursor_close(*cursor);
    }
  } close_on_exit{&exact_cursor};
  auto exact_ids = [&](const std::string& lang, const std::string& text, std::vector<uint64_t>* ids) -> Status {
    std::string pl = PrimaryLanguage(lang);
    std::string prefix = ExactKey(pl, ExactHash(text, lang), 0).substr(0, pl.size() + 9);
    int rc = exact_cursor != nullptr ? 0 : mdb_cursor_open(snap.txn(), exact_, &exact_cursor);
    if (rc != 0) return Error(rc, "reading the exact index");
    MDB_val k = Val(prefix), v;
    ids->clear();
    for (rc = mdb_cursor_get(exact_cursor, &k, &v, MDB_SET_RANGE); rc == 0 && View(k).substr(0, prefix.size()) == prefix;
         rc = mdb_cursor_get(exact_cursor, &k, &v, MDB_NEXT)) {
      ids->push_back(codec::GetBigEndian64(static_cast<const char*>(k.mv_data) + prefix.size()));
    }
    return rc == 0 || rc == MDB_NOTFOUND ? Status::OK() : Error(rc, "reading the exact index");
  };
  // No candidate from k on scores above best_base_from[k] (the estimate orders, the base bounds).
  std::vector<int> best_base_from(pivots.size() + 1, 0);
  for (size_t k = pivots.size(); k-- > 0;) best_base_from[k] = std::max(best_base_from[k + 1], pivots[k].base);
  int tries = 0;
  std::vector<uint64_t> ids;
  for (size_t k = 0; k < pivots.size(); ++k) {
    const Survivor& sv = pivots[k];
    int cap = std::min(best_base_from[k], kMaxPivotScore);
    if (static_cast<int>(matches->size()) >= query.limit && matches->back().score.total >= cap) break;
    if (tries++ >= kMaxPivotTries) break;
    Unit unit;
    s = snap.GetUnit(sv.id, &unit);
    if (!s.ok()) return s;
    int source_variant = -1;
    for (size_t i = 0; i < unit.variants.size() && source_variant < 0; ++i) {
      if (unit.variants[i].lang == sv.lang) source_variant = static_cast<int>(i);
    }
    if (source_variant < 0) continue;
    const Variant& src = unit.variants[source_variant];
    // Scored on its text only once a partner is found: most candidates of a TM of pairs have none.
    std::optional<FuzzyComparison> scored;
    // The unit's source language first: it is the one its other languages were translated from.
    std::vector<int> order;
    for (size_t i = 0; i < unit.variants.size(); ++i) {
      if (static_cast<int>(i) == source_variant || LanguageMatches(src_lang, unit.variants[i].lang)) continue;
      bool first = !unit.source_lang.empty() && LanguageMatches(unit.source_lang, unit.variants[i].lang);
      order.insert(first ? order.begin() : order.end(), static_cast<int>(i));
    }
    bool found = false;
    for (int pv : order) {
      if (found) break;
      const Variant& pivot = unit.variants[pv];
      s = exact_ids(pivot.lang, pivot.text, &ids);
      if (!s.ok()) return s;
      if (std::all_of(ids.begin(), ids.end(), [&](uint64_t id) { return id == unit.id; })) continue;  // the usual case
      const std::string key = JoinKey(pivot.text);
      for (uint64_t id : ids) {
        if (id == unit.id) continue;
        bool taken = false;
        for (const LookupMatch& m : *matches) taken |= m.pivot_lang.empty() ? m.unit.id == id : m.target_unit.id == id;
        if (taken) continue;
        LookupMatch match;
        s = snap.GetUnit(id, &match.target_unit);
        if (!s.ok()) return s;
        const Unit& other = match.target_unit;
        bool same_pivot = false;
        for (const Variant& v : other.variants) {
          if (v.lang == pivot.lang && JoinKey(v.text) == key) same_pivot = true;
        }
        for (size_t i = 0; i < other.variants.size() && match.target_variant < 0; ++i) {
          if (LanguageMatches(tgt_lang, other.variants[i].lang)) match.target_variant = static_cast<int>(i);
        }
        if (!same_pivot || match.target_variant < 0) continue;
        if (!scored) scored = analysed_for(src.lang).Compare(src.text, codes_lacking(src));
        const FuzzyComparison& cmp = *scored;
        if (cmp.score.total < query.min_score) break;
        match.unit = unit;
        match.source_variant = source_variant;
        match.pivot_variant = pv;
        match.pivot_lang = pivot.lang;
        match.score = cmp.score;
        match.score.total = std::min(match.score.total, kMaxPivotScore);
        match.diff = cmp.diff;
        match.missing = cmp.missing;
        const Variant& tgt = other.variants[match.target_variant];
        if (cmp.numbers_only) match.carried_target = CarryOverNumbers(query.text, src.text, src.lang, tgt.text, tgt.lang);
        auto pos = std::upper_bound(matches->begin(), matches->end(), match, better);
        matches->insert(pos, std::move(match));
        if (static_cast<int>(matches->size()) > query.limit) matches->pop_back();
        found = true;
        break;
      }
    }
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
  // Each word of the phrase is a slot: the vocabulary words that may stand there (its inflected and
  // clitic forms, found by key in the vocabulary: no scan). A name particle of the phrase (the al
  // of "Bashar al-Assad") is no slot, and particles in the text may stand between slots.
  struct Slot {
    std::vector<std::string> forms;  // folded, as in the vocabulary
    std::vector<uint32_t> ids;
    uint64_t df = 0;                 // sum over the forms: how many postings walking it costs
    bool Has(uint32_t id) const { return std::find(ids.begin(), ids.end(), id) != ids.end(); }
    bool HasForm(const std::string& form) const { return std::find(forms.begin(), forms.end(), form) != forms.end(); }
  };
  std::vector<std::string> words(terms.norms.begin(), terms.norms.end());
  if (!query.exact) {
    std::vector<std::string> kept;
    for (const std::string& w : words) {
      if (!IsNameParticle(plang, w)) kept.push_back(w);
    }
    if (!kept.empty()) words = std::move(kept);
  }
  std::vector<Slot> slots(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::vector<std::string> forms = query.exact ? std::vector<std::string>{words[i]} : InflectedForms(plang, words[i]);
    for (const std::string& form : forms) {
      uint32_t id;
      uint64_t df;
      s = snap.GetToken(VocabKey(plang, form), &id, &df);
      if (!s.ok()) return s;
      if (id == 0) continue;
      slots[i].forms.push_back(form);
      slots[i].ids.push_back(id);
      slots[i].df += df;
    }
    if (slots[i].ids.empty()) return Status::OK();  // a word the TM has never seen in any form
  }
  std::vector<uint32_t> particles;  // token ids that may stand between the words of a name
  if (!query.exact) {
    for (const char* particle : {"al", "el", "аль", "эль"}) {
      if (!IsNameParticle(plang, particle)) continue;
      uint32_t id;
      uint64_t df;
      s = snap.GetToken(VocabKey(plang, particle), &id, &df);
      if (!s.ok()) return s;
      if (id != 0) particles.push_back(id);
    }
  }
  auto is_particle = [&](uint32_t id) { return std::find(particles.begin(), particles.end(), id) != particles.end(); };
  size_t rarest = 0;
  for (size_t i = 1; i < slots.size(); ++i) {
    if (slots[i].df < slots[rarest].df) rarest = i;
  }
  // Whether the slots match in order from seq[at], particles allowed between them.
  std::vector<uint64_t> seq;
  auto matches_at = [&](size_t at) {
    size_t j = 0;
    for (size_t k = at; k < seq.size() && j < slots.size(); ++k) {
      const uint32_t id = static_cast<uint32_t>(seq[k] >> 1);
      if (slots[j].Has(id)) {
        ++j;
      } else if (j == 0 || !is_particle(id)) {
        return false;
      }
    }
    return j == slots.size();
  };
  // A unit whose signature lacks every form of some other slot cannot hold the phrase: it is passed
  // over without reading its token sequence (most of the units of a common word, at 10M units).
  const bool signatures = snap.has_signatures() && slots.size() > 1;  // one word: its posting says it all
  std::vector<std::vector<Signature>> form_bits(slots.size());
  for (size_t i = 0; i < slots.size() && signatures; ++i) {
    if (i == rarest) continue;
    for (uint32_t id : slots[i].ids) form_bits[i].push_back(Signature::OfToken(id));
  }
  auto may_hold_phrase = [&](const unsigned char* sig) {
    if (sig == nullptr) return true;
    for (const std::vector<Signature>& forms : form_bits) {
      if (forms.empty()) continue;  // the rarest slot: the posting says it is there
      if (std::none_of(forms.begin(), forms.end(), [&](const Signature& f) { return Signature::Holds(sig, f); })) return false;
    }
    return true;
  };
  // Walk the postings of the rarest slot's forms, shortest segments first (newest first within a
  // length), and check the phrase on the unit's token sequence. The lengths are read in windows
  // that double (1, 2, 4, ... buckets): a common word stops within the first ones, and a rare one
  // costs a few seeks per form rather than one per length bucket.
  std::vector<std::pair<uint64_t, std::string>> found;  // (unit id, variant tag)
  const size_t want = static_cast<size_t>(query.limit) + 1;  // one more tells whether there are more
  std::vector<std::pair<uint32_t, uint64_t>> postings;  // (length bucket, unit id)
  for (uint32_t from = static_cast<uint32_t>(slots.size()), width = 1; from <= kMaxLengthBucket && found.size() < want;
       from += width, width *= 2) {
    const uint32_t to = std::min<uint32_t>(kMaxLengthBucket, from + width - 1);
    postings.clear();
    for (uint32_t token : slots[rarest].ids) {
      s = snap.ScanPostings(token, from, to, [&](uint64_t id, uint32_t length) { postings.emplace_back(length, id); });
      if (!s.ok()) return s;
    }
    std::sort(postings.begin(), postings.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;  // shortest first, newest first
    });
    postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
    constexpr size_t kAhead = 8;  // signatures prefetched ahead of the one tested
    for (size_t k = 0; k < postings.size() && found.size() < want; ++k) {
      const uint64_t id = postings[k].second;
      if (signatures) {
        if (k + kAhead < postings.size()) {
          const unsigned char* ahead = snap.SignatureAt(postings[k + kAhead].second);
          if (ahead != nullptr) __builtin_prefetch(ahead);
        }
        if (!may_hold_phrase(snap.SignatureAt(id))) continue;
      }
      std::string hit_lang;
      s = snap.ForEachTokenSeq(id, [&](std::string_view l, std::string_view encoded) {
        if (!hit_lang.empty() || !LanguageMatches(lang, l) || !DecodeSequence(encoded, &seq)) return;
        for (size_t i = 0; i + slots.size() <= seq.size(); ++i) {
          if (matches_at(i)) {
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
    // The form as it occurs is marked: the words from the first slot's to the last one's, and a
    // particle hyphened to the first (al-Assad's, аль-Асада).
    std::vector<Token> tokens;
    for (Token& t : TokenizeForMatching(v.text, v.lang)) {
      if (t.kind != TokenKind::kPunct) tokens.push_back(std::move(t));
    }
    auto key = [&](const Token& t) { return VocabKey(plang, t.norm).substr(plang.size() + 1); };
    auto particle_word = [&](const Token& t) { return !query.exact && IsNameParticle(plang, t.norm); };
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!slots[0].HasForm(key(tokens[i]))) continue;
      size_t j = 1, k = i + 1;
      while (j < slots.size() && k < tokens.size()) {
        if (slots[j].HasForm(key(tokens[k]))) {
          ++j;
        } else if (!particle_word(tokens[k])) {
          break;
        }
        ++k;
      }
      if (j < slots.size()) continue;
      size_t begin = tokens[i].begin;
      if (i > 0 && particle_word(tokens[i - 1]) && begin >= 1 && v.text[begin - 1] == '-' && tokens[i - 1].end == begin - 1) {
        begin = tokens[i - 1].begin;
      }
      hit.spans.emplace_back(begin, tokens[k - 1].end);
      i = k - 1;
    }
    hits->push_back(std::move(hit));
  }
  return Status::OK();
}

}  // namespace store
}  // namespace tmkit
