// One side of a document as the aligner reads it (per-sentence lengths, weighted matching tokens
// and their keys), and how sentence pairs of two sides match: which tokens find a partner, what
// share of a sentence's weight they carry, the evidence a bead leaves to its neighbour.
// Internal to engine/align. A Side is built once per document and then only read: the functions
// below may run on several threads at once over the same sides.
#ifndef TMKIT_ALIGN_DOCUMENT_SIDE_H_
#define TMKIT_ALIGN_DOCUMENT_SIDE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tmkit/aligner.h"

namespace tmkit::align_internal {

// Per-sentence evidence of one side of a document.
struct Side {
  size_t n = 0;
  std::vector<double> char_prefix;       // n+1 prefix sums of code points
  std::vector<uint8_t> continues;        // n+1: sentence k continues sentence k-1 (ContinuesSentence)
  std::vector<uint32_t> tok_begin;       // n+1 offsets into tok_weight
  std::vector<float> tok_weight;         // IDF weight of each matching token
  std::vector<float> total_weight;       // all tokens of the sentence, matched or not
  std::vector<uint64_t> number_mask;     // its tokens that are numbers of two digits or more
  std::vector<uint32_t> key_begin;       // n+1 offsets into keys
  std::vector<std::pair<uint64_t, uint8_t>> keys;  // sorted per sentence: (key, token index)
  // Target side only: every (key, sentence, token), sorted, to find the sentences near a source
  // sentence that share a key without comparing every pair.
  struct Posting {
    uint64_t key;
    uint32_t sentence;
    uint8_t token;
    bool operator<(const Posting& o) const { return key != o.key ? key < o.key : sentence < o.sentence; }
  };
  std::vector<Posting> postings;
  // Source side only: for each entry of `keys`, the range of the target's postings with that key
  // (LinkPostings), so that a row's matches are found by a short search within it rather than
  // in all postings (which stops fitting in the cache on long documents).
  std::vector<std::pair<uint32_t, uint32_t>> key_postings;
  // What the keys above are built from, kept so that the side can be indexed again with a lexicon
  // learned from this document: the words of each sentence (vocabulary ids), and per vocabulary
  // entry its stem id and own keys; stem_names[stem id] is the stem, df[stem id] its sentence count.
  std::vector<std::vector<uint32_t>> words;
  std::vector<uint32_t> vocab_stem;
  std::vector<std::vector<uint64_t>> vocab_keys;
  std::vector<std::string> stem_names;
  std::vector<uint32_t> df;
};

// Which tokens of source sentence i and target sentence j find a partner in the other.
struct PairMatch {
  uint64_t src_mask = 0, tgt_mask = 0;
  float src_coverage = 0, tgt_coverage = 0;  // Coverage() of each mask, for one-to-one beads
};

// Fills out[y - lo] for target sentences y in [lo, hi] with their matches against source sentence i.
void MatchRow(const Side& src, size_t i, const Side& tgt, uint32_t lo, uint32_t hi, PairMatch* out);

// Fills src->key_postings from the target's postings.
void LinkPostings(Side* src, const Side& tgt);

// The share of a sentence's token weight that the tokens in `mask` carry.
float Coverage(const Side& side, size_t sentence, uint64_t mask);

// The factor that discounts the confidence of the bead [s0, s1) x [t0, t1) for the strong words
// (names, numbers) it leaves to the sentences just beyond its edges (docs/alignment.md).
double LeakDiscount(const Side& src, uint32_t s0, uint32_t s1, const Side& tgt, uint32_t t0, uint32_t t1);

// Keys (names, numbers, dictionary pairs, skeletons) found in exactly one sentence of each side
// whose two sentences the beads put in one bead: what confirms that the sides translate each other.
size_t SharedKeysKept(const Side& src, const Side& tgt, const std::vector<Bead>& beads);

}  // namespace tmkit::align_internal

#endif  // TMKIT_ALIGN_DOCUMENT_SIDE_H_
