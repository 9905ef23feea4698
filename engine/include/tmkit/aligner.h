// Sentence alignment of a document with its translation: monotone beads (1-1, 1-2, 2-1, 2-2, 1-3,
// 3-1, 0-1, 1-0; 1-4/4-1 on request, up to 1-5/5-1 where the document calls for them, up to 1-6/6-1 and 2-3/3-2
// where one side merges heavily) with a calibrated confidence each, and a document trust score,
// in linear time and memory.
// An Aligner is immutable while aligning: Align() may run on several threads at once; LearnLexicon()
// and AddWordPair() must not overlap with Align(). Errors are Status values.
#ifndef TMKIT_ALIGNER_H_
#define TMKIT_ALIGNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/document_trust.h"
#include "tmkit/status.h"

namespace tmkit {

class BilingualDictionary;
class Glossary;

// Scoring and search parameters. The defaults were chosen on the development split (half of the
// NTREX hard documents + Text+Berg dev); docs/alignment.md explains each one.
struct AlignParams {
  double length_weight = 0.65;    // weight of the Gale-Church length cost
  double lexical_weight = 7.3;   // lambda: cost of a one-to-one bead with no lexical evidence
  double deletion_cost = 6.0;    // cost of a 1-0 or 0-1 bead
  double gap_extend = 5.0;       // each further sentence of a block deleted at once (free translations)
  double prior_1_2 = 3.3;        // extra cost of 1-2 and 2-1 beads
  double prior_2_2 = 5.5;        // extra cost of 2-2 beads
  double prior_1_3 = 5.2;        // extra cost of 1-3 and 3-1 beads
  double prior_1_4 = 7.0;        // extra cost of 1-4 and 4-1 beads (allow_1_4, or auto_1_4 found them likely)
  bool auto_1_4 = true;          // allow 1-4 and 4-1 beads where 3-sentence beads are frequent
  double merge_ratio = 1.3;      // sentence counts this far apart: beads up to 1-6/6-1 and 2-3/3-2
  double prior_step = 1.8;       // extra cost of each sentence past four in a 1-5, 1-6 (5-1, 6-1) bead
  double prior_2_3 = 7.0;        // extra cost of 2-3 and 3-2 beads
  double continuation_cost = 2.0;  // of a bead ending before a sentence starting in lower case
  bool leak_discount = true;     // discount a bead's confidence by the evidence it leaves to a neighbour
  double parallel_cut = 0;       // times continuation_cost, per side, where both sides continue there
  double crossing_cost = 1.0;    // per number the bead leaves to the sentence just beyond its edge
  double default_variance = 6.8; // Gale-Church s^2 before it is re-estimated from the document
  double variance_prior_weight = 15;  // pseudo-beads of the default in the per-document variance
  bool reestimate_ratio = true;  // re-estimate the length ratio from the first pass's beads
  double temperature = 0.95;     // of the bead posteriors that become confidences (calibrated on dev)
  double merge_temperature = 0.6;   // the same in a document one side merges (merge_ratio)
  double free_temperature = 1.4;    // the same in a free translation (auto_1_4 found 3-sentence beads)
  int band = 20;                 // half-width of the search corridor, in target sentences
  double free_band = 2;          // times band in the pass that aligns a free translation again
  bool learn_from_document = true;  // learn word pairs from the document's confident 1-1 beads
  double learn_confidence = 0.9;    // and align it again with them
  double trust_confidence = 0.8;    // beads this confident count as covering the source (Alignment::trust)
};

// Sets one parameter from "NAME=VALUE" (NAME as the field above, e.g. "deletion_cost=5").
Status SetAlignParam(const std::string& name_value, AlignParams* params);

struct AlignerOptions {
  std::string src_lang = "en";
  std::string tgt_lang;
  bool allow_1_4 = false;        // literary text: 1-4 and 4-1 beads
  bool length_only = false;      // the Gale-Church baseline: length model only, fixed variance
  AlignParams params;
};

// One side of a document: its sentences and where its paragraphs start (sentence indices; empty
// or {0} when the text has no paragraph marks).
struct SentenceList {
  std::vector<std::string> sentences;
  std::vector<size_t> paragraph_starts;
};

// A bead: source sentences [src_begin, src_end) aligned with target sentences [tgt_begin, tgt_end).
// One side is empty for a deletion or an insertion. confidence estimates P(bead is right).
struct Bead {
  uint32_t src_begin = 0, src_end = 0, tgt_begin = 0, tgt_end = 0;
  double confidence = 0;
};

struct Alignment {
  std::vector<Bead> beads;            // in order, covering every sentence of both sides once
  std::vector<std::string> warnings;  // e.g. "paragraph counts differ (12 vs 9); ..."
  double length_ratio = 0;            // target/source characters, estimated on this document
  // Sentence pairs that share keys found once on each side (names, numbers, dictionary pairs):
  // the evidence the document trust checks the beads against.
  std::vector<std::pair<uint32_t, uint32_t>> anchors;
  // Keys found once on each side (a name, a number, a dictionary pair) whose two sentences share
  // a bead: none at all in a pair of several sentences leaves it unconfirmed (DocumentTrust).
  size_t shared_keys_kept = 0;
  DocumentTrust trust;                // AssessDocument at params.trust_confidence
};

// InvalidArgument unless the aligner knows both languages (their script, hence how to stem and
// transliterate them) and they differ; the message lists the languages it knows.
Status CheckAlignLanguages(const std::string& src_lang, const std::string& tgt_lang);

class Aligner {
 public:
  // `dictionary` may be null (no bilingual dictionary for the pair); it is copied into the
  // aligner's lexicon, stemmed.
  Aligner(AlignerOptions options, const BilingualDictionary* dictionary);
  ~Aligner();
  Aligner(const Aligner&) = delete;
  Aligner& operator=(const Aligner&) = delete;

  // Aligns valid UTF-8 sentences. Never fails on content: an empty side gives all deletions.
  Alignment Align(const SentenceList& src, const SentenceList& tgt) const;

  // Adds a known word or name pair (e.g. from a glossary or a TM), in any inflected form.
  void AddWordPair(const std::string& src_word, const std::string& tgt_word);

  // Adds the names of a glossary: every word (three letters or more) of a concept's source terms
  // paired with every word of its target terms, in the options' languages (names are a few words
  // long; the aligner stems them, so inflected and clitic forms match too).
  void AddGlossaryNames(const Glossary& glossary);

  // Learns word pairs from sentence pairs believed to be translations (confident 1-1 beads of a
  // batch, or TM units): stems that co-occur much more than chance (Dice). Returns how many pairs
  // were added. Pool many documents: a single short document is too sparse.
  size_t LearnLexicon(const std::vector<std::pair<std::string, std::string>>& sentence_pairs);

  const AlignerOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit

#endif  // TMKIT_ALIGNER_H_
