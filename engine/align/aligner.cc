#include "tmkit/aligner.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "align/corridor.h"
#include "align/document_side.h"
#include "align/word_forms.h"
#include "tmkit/bilingual_dictionary.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/numbers.h"
#include "tmkit/utf8.h"

namespace tmkit {

using align_internal::Band;
using align_internal::CandidateAnchors;
using align_internal::CentreLine;
using align_internal::ConsonantSkeleton;
using align_internal::Coverage;
using align_internal::LeakDiscount;
using align_internal::LinkPostings;
using align_internal::MakeBand;
using align_internal::MatchRow;
using align_internal::PairMatch;
using align_internal::Side;
using align_internal::Anchor;
using align_internal::ContinuesSentence;
using align_internal::EndsWithAbbreviation;
using align_internal::NoBreakAbbreviations;
using align_internal::KeyHash;
using align_internal::MatchingStem;
using align_internal::Script;
using align_internal::ScriptOfLanguage;
using align_internal::Transliterator;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr size_t kParallelSentences = 4000;  // sentences of a pair whose sides are read in parallel
constexpr int kMaxTokens = 64;  // tokens of a sentence that take part in matching (a bit each)

struct BeadShape {
  int src, tgt;
};

// Source stem -> keys ('s' + target stem) of its translations.
using Lexicon = std::unordered_map<std::string, std::vector<uint64_t>>;

struct Word {
  std::string form;
  std::string stem;
  bool number = false;
  std::string number_key;
};

// Words and numbers of a sentence, folded.
std::vector<Word> WordsOf(const std::string& sentence, const std::string& lang, Script script) {
  std::vector<Word> words;
  for (const Token& t : TokenizeForMatching(sentence, lang)) {
    if (t.kind != TokenKind::kWord) continue;
    Word w;
    w.form = t.norm;
    w.stem = MatchingStem(t.norm, script);
    words.push_back(std::move(w));
  }
  for (const NumberMention& m : FindNumbers(sentence, lang)) {
    Word w;
    w.number = true;
    w.number_key = NumberKey(m);
    w.stem = "#" + w.number_key;
    words.push_back(std::move(w));
  }
  return words;
}

Transliterator& TransliteratorFor(Script script) {
  thread_local std::unordered_map<int, std::unique_ptr<Transliterator>> cache;
  auto& t = cache[static_cast<int>(script)];
  if (!t) t.reset(new Transliterator(script));
  return *t;
}

// -log of the two-sided tail 2(1 - Phi(|d|)) = erfc(|d|/sqrt 2), with the asymptotic form where
// erfc underflows.
double ExactTailCost(double z) {
  if (z < 20) {
    double p = std::erfc(z);
    if (p > 1e-300) return -std::log(p);
  }
  return z * z + std::log(z * std::sqrt(M_PI));
}

// The search evaluates this for every bead it considers, so it is tabulated (linear
// interpolation, error < 1e-6 on the range where the table is used).
double TailCost(double d) {
  constexpr double kStep = 1.0 / 256, kMax = 16;
  static const std::vector<double> table = [] {
    std::vector<double> t(static_cast<size_t>(kMax / kStep) + 2);
    for (size_t k = 0; k < t.size(); ++k) t[k] = ExactTailCost(k * kStep);
    return t;
  }();
  double z = std::fabs(d) / std::sqrt(2.0);
  if (!(z < kMax)) return ExactTailCost(z);
  double x = z / kStep;
  size_t k = static_cast<size_t>(x);
  return table[k] + (x - k) * (table[k + 1] - table[k]);
}

double LogAdd(double a, double b) {
  if (a == -kInf) return b;
  if (b == -kInf) return a;
  return a > b ? a + std::log1p(std::exp(b - a)) : b + std::log1p(std::exp(a - b));
}

// Word pairs that co-occur in sentence pairs believed to be translations much more than chance:
// seen together at least twice with Dice >= 0.3, the best two per source stem. Each pair of the
// input holds the distinct stems of a source sentence and of its target.
template <typename Stem>
std::vector<std::pair<Stem, Stem>> DicePairs(const std::vector<std::pair<std::vector<Stem>, std::vector<Stem>>>& pairs) {
  std::unordered_map<Stem, uint32_t> src_count, tgt_count;
  std::unordered_map<Stem, std::unordered_map<Stem, uint32_t>> joint;
  for (const auto& [a, b] : pairs) {
    for (const Stem& x : a) ++src_count[x];
    for (const Stem& y : b) ++tgt_count[y];
    for (const Stem& x : a) {
      auto& row = joint[x];
      for (const Stem& y : b) ++row[y];
    }
  }
  std::vector<std::pair<Stem, Stem>> out;
  std::vector<std::pair<double, const Stem*>> scored;
  for (const auto& [x, row] : joint) {
    scored.clear();
    for (const auto& [y, c] : row) {
      if (c < 2) continue;
      double dice = 2.0 * c / (src_count[x] + tgt_count[y]);
      if (dice >= 0.3) scored.push_back({dice, &y});
    }
    std::sort(scored.begin(), scored.end(), [](auto& u, auto& v) {
      return u.first != v.first ? u.first > v.first : *u.second < *v.second;  // ties: deterministic
    });
    if (scored.size() > 2) scored.resize(2);
    for (const auto& [dice, y] : scored) out.push_back({x, *y});
  }
  return out;
}

}  // namespace

struct Aligner::Impl {
  AlignerOptions options;
  Script src_script, tgt_script;
  // Dictionary, names and the lexicon learned across documents.
  Lexicon translations;
  std::unordered_set<std::string> src_titles, tgt_titles;  // NoBreakAbbreviations of each language
  std::vector<BeadShape> shapes;       // the bead set
  std::vector<BeadShape> wide_shapes;  // and with 1-4 and 4-1, for documents translated freely
  std::vector<BeadShape> merge_shapes; // up to 1-6/6-1 and 2-3/3-2, for documents one side merges

  void AddStemPair(const std::string& src_stem, const std::string& tgt_stem) {
    if (src_stem.empty() || tgt_stem.empty()) return;
    uint64_t key = KeyHash('s', tgt_stem);
    std::vector<uint64_t>& v = translations[src_stem];
    if (std::find(v.begin(), v.end(), key) == v.end()) v.push_back(key);
  }

  Side Analyze(const std::vector<std::string>& sentences, size_t begin, size_t end, bool is_source) const;
  // (Re)builds the matching tokens, keys and postings of an analysed side; `document_lexicon`
  // (source side only, may be null) adds translations learned from this document.
  void Index(Side* side, bool is_source, const Lexicon* document_lexicon) const;
  void Search(const Side& src, const Side& tgt, size_t s0, size_t s1, size_t t0, size_t t1, double ratio,
              double variance, const std::vector<Bead>* guide, const std::vector<BeadShape>& shapes,
              double temperature, int half_width, std::vector<Bead>* beads) const;
};

Side Aligner::Impl::Analyze(const std::vector<std::string>& sentences, size_t begin, size_t end,
                            bool is_source) const {
  const std::string& lang = is_source ? options.src_lang : options.tgt_lang;
  Script script = is_source ? src_script : tgt_script;
  Transliterator& translit = TransliteratorFor(script);
  Side side;
  side.n = end - begin;
  // Each distinct word form is analysed once: its stem (for IDF) and the keys it matches with.
  std::unordered_map<std::string, uint32_t> vocab_index, stem_index;
  auto stem_id = [&](const std::string& stem) {
    auto [it, inserted] = stem_index.emplace(stem, static_cast<uint32_t>(side.stem_names.size()));
    if (inserted) side.stem_names.push_back(stem);
    return it->second;
  };
  auto entry_for = [&](const Word& w) -> uint32_t {
    const std::string& surface = w.number ? w.stem : w.form;
    auto [it, inserted] = vocab_index.emplace(surface, static_cast<uint32_t>(side.vocab_stem.size()));
    if (!inserted) return it->second;
    std::vector<uint64_t> keys;
    if (w.number) {
      keys.push_back(KeyHash('n', w.number_key));
    } else {
      keys.push_back(KeyHash('w', w.form));
      if (CountCodePoints(w.form) >= 4) {
        std::string skeleton = ConsonantSkeleton(translit.ToAscii(w.form));
        if (skeleton.size() >= 2) keys.push_back(KeyHash('x', skeleton));
        if (script == Script::kArabic) {
          std::string whole = ConsonantSkeleton(translit.ToAscii(w.form, /*keep_proclitics=*/true));
          if (whole.size() >= 2 && whole != skeleton) keys.push_back(KeyHash('x', whole));
        }
      }
      if (is_source) {
        auto t = translations.find(w.stem);
        if (t != translations.end()) keys.insert(keys.end(), t->second.begin(), t->second.end());
      } else {
        keys.push_back(KeyHash('s', w.stem));
      }
    }
    side.vocab_stem.push_back(stem_id(w.stem));
    side.vocab_keys.push_back(std::move(keys));
    return it->second;
  };
  side.words.resize(side.n);
  std::vector<uint32_t> stems;
  side.char_prefix.assign(side.n + 1, 0);
  side.continues.assign(side.n + 1, 0);
  for (size_t i = 0; i < side.n; ++i) {
    const std::string& s = sentences[begin + i];
    if (i > 0) {
      side.continues[i] = ContinuesSentence(s) ||
                          EndsWithAbbreviation(sentences[begin + i - 1], is_source ? src_titles : tgt_titles);
    }
    side.char_prefix[i + 1] = side.char_prefix[i] + CountCodePoints(s);
    stems.clear();
    for (const Word& w : WordsOf(s, lang, script)) {
      uint32_t id = entry_for(w);
      side.words[i].push_back(id);
      stems.push_back(side.vocab_stem[id]);
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    for (uint32_t st : stems) {
      if (st >= side.df.size()) side.df.resize(st + 1, 0);
      ++side.df[st];
    }
  }
  Index(&side, is_source, nullptr);
  return side;
}

void Aligner::Impl::Index(Side* side, bool is_source, const Lexicon* document_lexicon) const {
  side->tok_begin.assign(1, 0);
  side->key_begin.assign(1, 0);
  side->tok_weight.clear();
  side->keys.clear();
  side->postings.clear();
  side->total_weight.assign(side->n, 0);
  side->number_mask.assign(side->n, 0);
  std::vector<std::pair<float, size_t>> order;
  for (size_t i = 0; i < side->n; ++i) {
    const std::vector<uint32_t>& words = side->words[i];
    order.clear();
    for (size_t k = 0; k < words.size(); ++k) {
      float weight = static_cast<float>(std::log((side->n + 1.0) / side->df[side->vocab_stem[words[k]]]));
      weight = std::max(weight, 0.05f);
      side->total_weight[i] += weight;
      order.push_back({weight, k});
    }
    if (order.size() > kMaxTokens) {
      std::stable_sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first > b.first; });
      order.resize(kMaxTokens);
    }
    size_t first_key = side->keys.size();
    for (size_t t = 0; t < order.size(); ++t) {
      side->tok_weight.push_back(order[t].first);
      uint32_t entry = words[order[t].second];
      const std::string& stem_name = side->stem_names[side->vocab_stem[entry]];
      if (stem_name[0] == '#' && stem_name.size() >= 3) side->number_mask[i] |= uint64_t{1} << t;
      for (uint64_t key : side->vocab_keys[entry]) side->keys.push_back({key, static_cast<uint8_t>(t)});
      if (document_lexicon != nullptr) {
        auto learned = document_lexicon->find(side->stem_names[side->vocab_stem[entry]]);
        if (learned != document_lexicon->end()) {
          for (uint64_t key : learned->second) side->keys.push_back({key, static_cast<uint8_t>(t)});
        }
      }
    }
    std::sort(side->keys.begin() + first_key, side->keys.end());
    side->keys.erase(std::unique(side->keys.begin() + first_key, side->keys.end()), side->keys.end());
    side->tok_begin.push_back(static_cast<uint32_t>(side->tok_weight.size()));
    side->key_begin.push_back(static_cast<uint32_t>(side->keys.size()));
  }
  if (!is_source) {
    side->postings.reserve(side->keys.size());
    for (size_t i = 0; i < side->n; ++i) {
      for (uint32_t k = side->key_begin[i]; k < side->key_begin[i + 1]; ++k) {
        side->postings.push_back({side->keys[k].first, static_cast<uint32_t>(i), side->keys[k].second});
      }
    }
    std::sort(side->postings.begin(), side->postings.end());
  }
}


void Aligner::Impl::Search(const Side& src, const Side& tgt, size_t s0, size_t s1, size_t t0, size_t t1,
                           double ratio, double variance, const std::vector<Bead>* guide,
                           const std::vector<BeadShape>& shapes, double temperature, int half_width,
                           std::vector<Bead>* beads) const {
  // Without a guide this is the first, coarse pass: anchors give the corridor and no confidence
  // is needed. The second pass searches a corridor around the first pass's path and computes
  // the bead posteriors.
  const bool want_confidence = guide != nullptr;
  const AlignParams& p = options.params;
  int n = static_cast<int>(s1 - s0), m = static_cast<int>(t1 - t0);
  if (n == 0 || m == 0) {
    for (int i = 0; i < n; ++i) beads->push_back({uint32_t(s0 + i), uint32_t(s0 + i + 1), uint32_t(t0), uint32_t(t0), 1.0});
    for (int j = 0; j < m; ++j) beads->push_back({uint32_t(s0), uint32_t(s0), uint32_t(t0 + j), uint32_t(t0 + j + 1), 1.0});
    return;
  }
  // Block-local views: sentence x of the block is s0 + x in `src`.
  std::vector<double> centre;
  if (guide == nullptr) {
    centre = CentreLine(src, s0, s1, tgt, t0, t1);
  } else {
    centre.assign(n + 1, 0);
    for (const Bead& b : *guide) {
      if (b.src_begin < s0 || b.src_end > s1) continue;
      for (uint32_t i = b.src_begin; i <= b.src_end; ++i) centre[i - s0] = static_cast<double>(b.tgt_begin - t0);
    }
    centre[n] = m;
  }
  const bool lexical = !options.length_only;
  const double lexical_weight = lexical ? p.lexical_weight : 0.0;
  const double length_weight = options.length_only ? 1.0 : p.length_weight;
  auto prior = [&](int a, int b) -> double {
    if (a == 0 || b == 0) return p.deletion_cost + (std::max(a, b) - 1) * p.gap_extend;
    int big = std::max(a, b), small = std::min(a, b);
    if (big == 1) return 0;
    if (big == 2 && small == 1) return p.prior_1_2;
    if (big == 2) return p.prior_2_2;
    if (big == 3) return small == 1 ? p.prior_1_3 : p.prior_2_3;
    return p.prior_1_4 + (big - 4) * p.prior_step;
  };

  // Where the path runs along the corridor's edge the corridor was probably misplaced: the final
  // pass re-centres it on the path found (twice at most), then widens it.
  const int first_half_width = half_width;
  int reach = 4;
  for (const BeadShape& shape : shapes) reach = std::max({reach, shape.src, shape.tgt});
  for (int attempt = 0;; ++attempt) {
    Band band = MakeBand(centre, m, half_width);
    // Pair matches: source sentence x (0..n-1) against target sentences near its rows.
    // A bead of up to `reach` sentences on a side that holds source sentence x ends at a row
    // within x + reach and starts at one after x - reach.
    std::vector<int> plo(n), phi(n);
    std::vector<size_t> poff(n + 1, 0);
    for (int x = 0; x < n; ++x) {
      plo[x] = std::max(0, band.lo[std::max(0, x - reach + 1)] - 4);
      phi[x] = std::min(m - 1, band.hi[std::min(n, x + reach)]);
      poff[x + 1] = poff[x] + std::max(0, phi[x] - plo[x] + 1);
    }
    std::vector<PairMatch> pairs;
    if (lexical) {
      pairs.resize(poff[n]);
      for (int x = 0; x < n; ++x) {
        if (phi[x] < plo[x]) continue;
        PairMatch* row = &pairs[poff[x]];
        MatchRow(src, s0 + x, tgt, t0 + plo[x], t0 + phi[x], row);
        for (int y = plo[x]; y <= phi[x]; ++y) {
          PairMatch& pm = row[y - plo[x]];
          pm.src_coverage = Coverage(src, s0 + x, pm.src_mask);
          pm.tgt_coverage = Coverage(tgt, t0 + y, pm.tgt_mask);
        }
      }
    }
    auto pair_at = [&](int x, int y) -> PairMatch {
      if (y < plo[x] || y > phi[x]) return {};
      return pairs[poff[x] + y - plo[x]];
    };
    auto bead_cost = [&](int i, int j, int a, int b) -> double {
      double cost = prior(a, b);
      // A bead that ends inside a sentence cut by the splitter (the next piece continues it)
      // pays: the translation rarely breaks there. Each side's boundary is paid by the one bead
      // that ends on it. Where both sides were cut at the same place (a semicolon in each), the
      // cut is a parallel one and says nothing against the bead.
      const bool src_cut = a > 0 && i < n && src.continues[s0 + i];
      const bool tgt_cut = b > 0 && j < m && tgt.continues[t0 + j];
      if (src_cut && tgt_cut) {
        cost += 2 * p.continuation_cost * p.parallel_cut;
      } else if (src_cut || tgt_cut) {
        cost += p.continuation_cost;
      }
      if (a == 0 || b == 0) return cost;
      double ls = src.char_prefix[s0 + i] - src.char_prefix[s0 + i - a];
      double lt = tgt.char_prefix[t0 + j] - tgt.char_prefix[t0 + j - b];
      double mean = std::max(1.0, (ratio * ls + lt) / 2);
      cost += length_weight * TailCost((lt - ratio * ls) / std::sqrt(variance * mean));
      if (!lexical) return cost;
      // Each sentence pays for the share of its (IDF-weighted) tokens that find no partner on
      // the other side of the bead, so that a sentence with no support, however short, costs as
      // much inside a bead as it would alone.
      // A number that the bead leaves without a partner, while the sentence just outside the bead
      // on the other side has it, says the translation moved it across the bead's edge: the bead
      // should have been wider. (Counting words found once per side as well lowered Text+Berg
      // from .847 to .843 at cost 1, .801 at 2: their skeleton and dictionary matches are too
      // loose for this.)
      auto displaced_src = [&](int x, uint64_t in_bead) {
        uint64_t numbers = src.number_mask[s0 + x] & ~in_bead;
        if (numbers == 0) return 0;
        return __builtin_popcountll(numbers & (pair_at(x, j).src_mask | pair_at(x, j - b - 1).src_mask));
      };
      auto displaced_tgt = [&](int y, uint64_t in_bead) {
        uint64_t numbers = tgt.number_mask[t0 + y] & ~in_bead;
        if (numbers == 0) return 0;
        uint64_t outside = (i < n ? pair_at(i, y).tgt_mask : 0) | (i - a > 0 ? pair_at(i - a - 1, y).tgt_mask : 0);
        return __builtin_popcountll(numbers & outside);
      };
      if (a == 1 && b == 1) {
        const PairMatch& pm = pair_at(i - 1, j - 1);
        cost += lexical_weight * (2 - pm.src_coverage - pm.tgt_coverage) / 2;
        if (p.crossing_cost > 0) {
          cost += p.crossing_cost * (displaced_src(i - 1, pm.src_mask) + displaced_tgt(j - 1, pm.tgt_mask));
        }
        return cost;
      }
      double uncovered = 0;
      int displaced = 0;
      for (int x = i - a; x < i; ++x) {
        uint64_t mask = 0;
        for (int y = j - b; y < j; ++y) mask |= pair_at(x, y).src_mask;
        uncovered += 1 - Coverage(src, s0 + x, mask);
        if (p.crossing_cost > 0) displaced += displaced_src(x, mask);
      }
      for (int y = j - b; y < j; ++y) {
        uint64_t mask = 0;
        for (int x = i - a; x < i; ++x) mask |= pair_at(x, y).tgt_mask;
        uncovered += 1 - Coverage(tgt, t0 + y, mask);
        if (p.crossing_cost > 0) displaced += displaced_tgt(y, mask);
      }
      return cost + lexical_weight * uncovered / 2 + p.crossing_cost * displaced;
    };

    const double temp = temperature;
    std::vector<double> best(band.cells, kInf), alpha(band.cells, -kInf);
    std::vector<uint8_t> back(band.cells, 0);
    // Bead costs of the forward pass, for the backward pass (only when confidences are wanted).
    std::vector<float> costs(want_confidence ? band.cells * shapes.size() : 0, std::numeric_limits<float>::infinity());
    best[band.Cell(0, 0)] = 0;
    alpha[band.Cell(0, 0)] = 0;
    for (int i = 0; i <= n; ++i) {
      for (int j = band.lo[i]; j <= band.hi[i]; ++j) {
        if (i == 0 && j == 0) continue;
        double v = kInf, f = -kInf;
        uint8_t arg = 0;
        for (size_t k = 0; k < shapes.size(); ++k) {
          int a = shapes[k].src, b = shapes[k].tgt;
          if (a > i || b > j || !band.Contains(i - a, j - b)) continue;
          size_t from = band.Cell(i - a, j - b);
          if (best[from] == kInf) continue;
          double c = bead_cost(i, j, a, b);
          if (want_confidence) costs[band.Cell(i, j) * shapes.size() + k] = static_cast<float>(c);
          if (best[from] + c < v) {
            v = best[from] + c;
            arg = static_cast<uint8_t>(k);
          }
          if (want_confidence) f = LogAdd(f, alpha[from] - c / temp);
        }
        size_t cell = band.Cell(i, j);
        best[cell] = v;
        back[cell] = arg;
        alpha[cell] = f;
      }
    }
    // The path, end to start.
    std::vector<std::pair<int, int>> path{{n, m}};
    bool touches_edge = false;
    for (int i = n, j = m; i > 0 || j > 0;) {
      const BeadShape& s = shapes[back[band.Cell(i, j)]];
      i -= s.src;
      j -= s.tgt;
      path.push_back({i, j});
      if ((j - band.lo[i] < 2 && band.lo[i] > 0) || (band.hi[i] - j < 2 && band.hi[i] < m)) touches_edge = true;
    }
    if (touches_edge && want_confidence && static_cast<double>(half_width) * 2 < std::max(n, m) &&
        half_width < 8 * first_half_width) {
      if (attempt < 2) {
        for (const auto& [pi, pj] : path) centre[pi] = pj;
      } else {
        half_width *= 2;
      }
      continue;
    }
    std::reverse(path.begin(), path.end());

    std::vector<double> beta;
    if (want_confidence) {
      beta.assign(band.cells, -kInf);
      beta[band.Cell(n, m)] = 0;
      for (int i = n; i >= 0; --i) {
        for (int j = band.hi[i]; j >= band.lo[i]; --j) {
          double to = beta[band.Cell(i, j)];
          if (to == -kInf) continue;
          for (size_t k = 0; k < shapes.size(); ++k) {
            int a = shapes[k].src, b = shapes[k].tgt;
            if (a > i || b > j || !band.Contains(i - a, j - b)) continue;
            size_t from = band.Cell(i - a, j - b);
            if (best[from] == kInf) continue;
            beta[from] = LogAdd(beta[from], to - costs[band.Cell(i, j) * shapes.size() + k] / temp);
          }
        }
      }
    }
    double z = want_confidence ? alpha[band.Cell(n, m)] : 0;
    // With blocks of deletions a deleted sentence has many paths (0-4, or 0-2 twice, ...): its
    // confidence is the probability that it is deleted at all, summed over them.
    bool blocks = false;
    for (const BeadShape& shape : shapes) blocks = blocks || ((shape.src == 0) != (shape.tgt == 0) && shape.src + shape.tgt > 1);
    std::vector<double> deleted_src, deleted_tgt;
    if (want_confidence && blocks) {
      deleted_src.assign(n, 0);
      deleted_tgt.assign(m, 0);
      for (int i = 0; i <= n; ++i) {
        for (int j = band.lo[i]; j <= band.hi[i]; ++j) {
          size_t cell = band.Cell(i, j);
          if (beta[cell] == -kInf) continue;
          for (size_t k = 0; k < shapes.size(); ++k) {
            int a = shapes[k].src, b = shapes[k].tgt;
            if ((a != 0 && b != 0) || a > i || b > j || !band.Contains(i - a, j - b)) continue;
            float c = costs[cell * shapes.size() + k];
            if (std::isinf(c)) continue;
            double posterior = std::exp(alpha[band.Cell(i - a, j - b)] - c / temp + beta[cell] - z);
            for (int x = i - a; x < i; ++x) deleted_src[x] += posterior;
            for (int y = j - b; y < j; ++y) deleted_tgt[y] += posterior;
          }
        }
      }
    }
    for (size_t k = 1; k < path.size(); ++k) {
      auto [i0, j0] = path[k - 1];
      auto [i1, j1] = path[k];
      Bead bead{uint32_t(s0 + i0), uint32_t(s0 + i1), uint32_t(t0 + j0), uint32_t(t0 + j1), 0.0};
      if (want_confidence) {
        double c = bead_cost(i1, j1, i1 - i0, j1 - j0);
        double logp = alpha[band.Cell(i0, j0)] - c / temp + beta[band.Cell(i1, j1)] - z;
        bead.confidence = std::clamp(std::exp(logp), 0.0, 1.0);
        if (lexical && p.leak_discount && i1 > i0 && j1 > j0) {
          bead.confidence *= LeakDiscount(src, s0 + i0, s0 + i1, tgt, t0 + j0, t0 + j1);
        }
      }
      if ((i0 == i1 || j0 == j1) && want_confidence && blocks) {
        // A block of deleted (or inserted) sentences is written as one bead per sentence.
        for (int x = i0; x < i1; ++x) {
          beads->push_back({uint32_t(s0 + x), uint32_t(s0 + x + 1), bead.tgt_begin, bead.tgt_begin,
                            std::clamp(deleted_src[x], 0.0, 1.0)});
        }
        for (int y = j0; y < j1; ++y) {
          beads->push_back({bead.src_begin, bead.src_begin, uint32_t(t0 + y), uint32_t(t0 + y + 1),
                            std::clamp(deleted_tgt[y], 0.0, 1.0)});
        }
        continue;
      }
      if ((i0 == i1 || j0 == j1) && i1 - i0 + j1 - j0 > 1) {
        for (uint32_t x = bead.src_begin; x < bead.src_end; ++x) beads->push_back({x, x + 1, bead.tgt_begin, bead.tgt_begin, bead.confidence});
        for (uint32_t y = bead.tgt_begin; y < bead.tgt_end; ++y) beads->push_back({bead.src_begin, bead.src_begin, y, y + 1, bead.confidence});
        continue;
      }
      beads->push_back(bead);
    }
    return;
  }
}

Status CheckAlignLanguages(const std::string& src_lang, const std::string& tgt_lang) {
  static const char* const kKnown = "en de fr es it pt nl hu ro is pl cs tr ru uk be bg sr ar fa ur";
  for (const std::string* lang : {&src_lang, &tgt_lang}) {
    if (ScriptOfLanguage(*lang) == Script::kOther) {
      return Status::InvalidArgument("align: unknown language '" + *lang + "' (known: " + kKnown + ")");
    }
  }
  if (PrimaryLanguage(src_lang) == PrimaryLanguage(tgt_lang)) {
    return Status::InvalidArgument("align: the source and target languages are the same (" + src_lang + ")");
  }
  return Status::OK();
}

Aligner::Aligner(AlignerOptions options, const BilingualDictionary* dictionary) : impl_(new Impl) {
  impl_->options = std::move(options);
  impl_->src_script = ScriptOfLanguage(impl_->options.src_lang);
  impl_->tgt_script = ScriptOfLanguage(impl_->options.tgt_lang);
  impl_->src_titles = NoBreakAbbreviations(impl_->options.src_lang);
  impl_->tgt_titles = NoBreakAbbreviations(impl_->options.tgt_lang);
  std::vector<BeadShape>& s = impl_->shapes;
  s = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}};
  if (!impl_->options.length_only) {
    s.push_back({3, 1});
    s.push_back({1, 3});
    impl_->wide_shapes = s;
    impl_->wide_shapes.push_back({4, 1});
    impl_->wide_shapes.push_back({1, 4});
    if (impl_->options.allow_1_4) s = impl_->wide_shapes;
    impl_->merge_shapes = impl_->wide_shapes;
    for (BeadShape extra : {BeadShape{3, 2}, {2, 3}, {5, 1}, {1, 5}, {6, 1}, {1, 6}}) impl_->merge_shapes.push_back(extra);
    // A free translation also turns one sentence into five (a German list of dated expeditions
    // written as five French lines): 1-5 and 5-1 at the merge set's cost. 1-6 did no better on Text+Berg, and
    // 2-3 / 3-2 worse (docs/benchmarks.md).
    impl_->wide_shapes.push_back({5, 1});
    impl_->wide_shapes.push_back({1, 5});
    if (impl_->options.params.gap_extend > 0) {
      for (int k : {2, 4, 8}) {
        impl_->wide_shapes.push_back({k, 0});
        impl_->wide_shapes.push_back({0, k});
      }
    }
  } else {
    impl_->wide_shapes = s;
    impl_->merge_shapes = s;
  }
  if (dictionary != nullptr) {
    for (const auto& entry : dictionary->entries()) {
      std::string src_stem = MatchingStem(entry.first, impl_->src_script);
      for (const std::string& t : entry.second) impl_->AddStemPair(src_stem, MatchingStem(t, impl_->tgt_script));
    }
  }
}

Aligner::~Aligner() = default;

const AlignerOptions& Aligner::options() const { return impl_->options; }

void Aligner::AddWordPair(const std::string& src_word, const std::string& tgt_word) {
  std::string s = FoldForMatching(src_word, impl_->options.src_lang);
  std::string t = FoldForMatching(tgt_word, impl_->options.tgt_lang);
  impl_->AddStemPair(MatchingStem(s, impl_->src_script), MatchingStem(t, impl_->tgt_script));
}

size_t Aligner::LearnLexicon(const std::vector<std::pair<std::string, std::string>>& sentence_pairs) {
  const AlignerOptions& o = impl_->options;
  auto stems = [](const std::string& text, const std::string& lang, Script script) {
    std::vector<std::string> out;
    for (const Word& w : WordsOf(text, lang, script)) {
      if (!w.number && CountCodePoints(w.form) >= 3) out.push_back(w.stem);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> stemmed;
  stemmed.reserve(sentence_pairs.size());
  for (const auto& [src, tgt] : sentence_pairs) {
    stemmed.push_back({stems(src, o.src_lang, impl_->src_script), stems(tgt, o.tgt_lang, impl_->tgt_script)});
  }
  std::vector<std::pair<std::string, std::string>> learned = DicePairs(stemmed);
  for (const auto& [x, y] : learned) impl_->AddStemPair(x, y);
  return learned.size();
}

Alignment Aligner::Align(const SentenceList& src, const SentenceList& tgt) const {
  Alignment out;
  const AlignParams& p = impl_->options.params;
  // Reading a side (words, stems, transliteration) is a third of the work on a long document and
  // the two sides are independent: a long pair reads its target on a second thread.
  Side s, t;
  if (src.sentences.size() + tgt.sentences.size() >= kParallelSentences) {
    std::thread reader([&] { t = impl_->Analyze(tgt.sentences, 0, tgt.sentences.size(), false); });
    s = impl_->Analyze(src.sentences, 0, src.sentences.size(), true);
    reader.join();
  } else {
    s = impl_->Analyze(src.sentences, 0, src.sentences.size(), true);
    t = impl_->Analyze(tgt.sentences, 0, tgt.sentences.size(), false);
  }
  LinkPostings(&s, t);
  double src_chars = s.char_prefix.back(), tgt_chars = t.char_prefix.back();
  out.length_ratio = (src_chars > 0 && tgt_chars > 0) ? tgt_chars / src_chars : 1.0;
  size_t n = s.n, m = t.n;
  for (const Anchor& a : CandidateAnchors(s, 0, n, t, 0, m)) out.anchors.push_back({uint32_t(a.i), uint32_t(a.j)});
  // The first pass starts from the ratio of the documents' total lengths, whatever the sentence
  // counts: a translation that merges or splits sentences keeps its characters, so the median
  // sentence (1.1-1.4 where the true ratio was 0.6-0.7 on a merged Arabic text) is no guide.
  // The ratio is then re-estimated from the first pass's beads.
  if (n == 0 || m == 0) {
    if (n + m > 0) out.warnings.push_back(n == 0 ? "the source side is empty" : "the target side is empty");
  } else if (n > 3 * m || m > 3 * n) {
    out.warnings.push_back("the sides differ much in size (" + std::to_string(n) + " vs " + std::to_string(m) +
                           " sentences); expect many unaligned sentences");
  }
  // Blocks: paragraph pairs when both sides have the same number of paragraphs.
  std::vector<std::pair<size_t, size_t>> blocks{{0, 0}};
  auto starts = [](const SentenceList& l) {
    std::vector<size_t> v;
    for (size_t x : l.paragraph_starts) {
      if (x > 0 && x < l.sentences.size() && (v.empty() || x > v.back())) v.push_back(x);
    }
    return v;
  };
  std::vector<size_t> ps = starts(src), pt = starts(tgt);
  if (!ps.empty() || !pt.empty()) {
    if (ps.size() == pt.size()) {
      for (size_t k = 0; k < ps.size(); ++k) blocks.push_back({ps[k], pt[k]});
    } else {
      out.warnings.push_back("paragraph counts differ (" + std::to_string(ps.size() + 1) + " vs " +
                             std::to_string(pt.size() + 1) + "); aligning across paragraph boundaries");
    }
  }
  blocks.push_back({n, m});
  bool wide = false;  // 1-4 and 4-1 beads: forced by the options, or detected below
  // One side merges (or splits) sentences throughout: beads up to 1-6/6-1 and 2-3/3-2 in every
  // pass. Only such documents pay for the wider bead set.
  const bool merged = !impl_->options.length_only && p.merge_ratio > 0 && n > 0 && m > 0 &&
                      static_cast<double>(std::max(n, m)) >= p.merge_ratio * static_cast<double>(std::min(n, m));
  auto run = [&](double variance, const std::vector<Bead>* guide) {
    std::vector<Bead> beads;
    const std::vector<BeadShape>& shapes = merged ? impl_->merge_shapes : wide ? impl_->wide_shapes : impl_->shapes;
    // The posteriors' temperature follows the kind of translation (docs/alignment.md
    // "Confidence"): a merged one spreads the mass over neighbouring merge beads that are all
    // nearly right, a free one is less certain than its posteriors say.
    const double temperature = merged ? p.merge_temperature : wide && !impl_->options.allow_1_4 ? p.free_temperature
                                                                                                 : p.temperature;
    for (size_t b = 0; b + 1 < blocks.size(); ++b) {
      impl_->Search(s, t, blocks[b].first, blocks[b + 1].first, blocks[b].second, blocks[b + 1].second,
                    out.length_ratio, variance, guide, shapes, temperature,
                    wide && !impl_->options.allow_1_4 ? static_cast<int>(p.band * p.free_band) : p.band, &beads);
    }
    return beads;
  };
  double variance = p.default_variance * std::sqrt(out.length_ratio);
  std::vector<Bead> first;
  first = run(variance, nullptr);
  if (!impl_->options.length_only && n > 0 && m > 0) {
    // Re-estimate the length variance from the first pass's 1-1 beads, shrunk towards the default.
    // Sentences left out or added by the translator bias the whole-document ratio, so the
    // ratio is re-estimated from the non-empty beads of the first pass as well.
    double ls_sum = 0, lt_sum = 0;
    for (const Bead& b : first) {
      if (b.src_end == b.src_begin || b.tgt_end == b.tgt_begin) continue;
      ls_sum += s.char_prefix[b.src_end] - s.char_prefix[b.src_begin];
      lt_sum += t.char_prefix[b.tgt_end] - t.char_prefix[b.tgt_begin];
    }
    if (ls_sum > 0 && lt_sum > 0 && p.reestimate_ratio) out.length_ratio = lt_sum / ls_sum;
    double sum = 0;
    int count = 0;
    for (const Bead& b : first) {
      if (b.src_end - b.src_begin != 1 || b.tgt_end - b.tgt_begin != 1) continue;
      double ls = s.char_prefix[b.src_end] - s.char_prefix[b.src_begin];
      double lt = t.char_prefix[b.tgt_end] - t.char_prefix[b.tgt_begin];
      double d = lt - out.length_ratio * ls;
      sum += d * d / std::max(1.0, (out.length_ratio * ls + lt) / 2);
      ++count;
    }
    variance = (sum + p.variance_prior_weight * variance) / (count + p.variance_prior_weight);
  }
  out.beads = run(variance, &first);
  bool realign = false;
  if (!impl_->options.length_only && !impl_->options.allow_1_4 && !merged && p.auto_1_4 && n > 0 && m > 0) {
    // A translation that often merges three sentences into one (or splits one into three) is a
    // free one, where four also happens: in literary or essay text, not in news. Such documents
    // are aligned once more with 1-4 and 4-1 beads.
    size_t big = 0;
    for (const Bead& b : out.beads) big += std::max(b.src_end - b.src_begin, b.tgt_end - b.tgt_begin) >= 3;
    wide = realign = big >= 3 && big >= 0.03 * out.beads.size();
  }
  Lexicon learned;
  if (!impl_->options.length_only && p.learn_from_document && n > 0 && m > 0) {
    // A document teaches its own vocabulary: word pairs that co-occur in its confident one-to-one
    // beads (with no dictionary, as for de-fr, this is most of the lexical evidence there is).
    // When it adds anything, the document is aligned once more around the path found.
    auto sentence_stems = [](const Side& side, size_t i) {
      std::vector<uint32_t> v;
      for (uint32_t entry : side.words[i]) {
        uint32_t stem = side.vocab_stem[entry];
        const std::string& name = side.stem_names[stem];
        if (name[0] != '#' && CountCodePoints(name) >= 3) v.push_back(stem);
      }
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    };
    std::vector<std::pair<std::vector<uint32_t>, std::vector<uint32_t>>> confident;
    for (const Bead& b : out.beads) {
      if (b.src_end - b.src_begin == 1 && b.tgt_end - b.tgt_begin == 1 && b.confidence >= p.learn_confidence) {
        confident.push_back({sentence_stems(s, b.src_begin), sentence_stems(t, b.tgt_begin)});
      }
    }
    for (const auto& [x, y] : DicePairs(confident)) learned[s.stem_names[x]].push_back(KeyHash('s', t.stem_names[y]));
    if (!learned.empty()) {
      impl_->Index(&s, true, &learned);
      LinkPostings(&s, t);
      realign = true;
    }
  }
  if (realign) {
    std::vector<Bead> guide = std::move(out.beads);
    out.beads = run(variance, &guide);
  }
  out.shared_keys_kept = align_internal::SharedKeysKept(s, t, out.beads);
  out.trust = AssessDocument(src, tgt, out, impl_->options.src_lang, impl_->options.tgt_lang, p.trust_confidence);
  return out;
}

}  // namespace tmkit
