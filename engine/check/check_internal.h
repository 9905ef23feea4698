// What the checks of engine/check/ share: the checker's state (Checker::Impl, one method per
// check, each in the check_<kind>.cc of its checks) and small text helpers. Internal to engine/check.
#ifndef TMKIT_CHECK_CHECK_INTERNAL_H_
#define TMKIT_CHECK_CHECK_INTERNAL_H_

#include <unicode/umachine.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tmkit/checker.h"
#include "tmkit/glossary.h"
#include "tmkit/morphology.h"
#include "tmkit/names.h"
#include "tmkit/numbers.h"
#include "tmkit/term_matcher.h"
#include "tmkit/unit.h"

namespace tmkit {
namespace check_internal {

// The index of a check id in AllChecks(), or AllChecks().size() for an unknown id.
size_t CheckOrder(const std::string& id);

std::string Quote(std::string_view s);  // «s»

// Folded text with runs of spaces collapsed: the key of the consistency checks.
std::string ConsistencyKey(std::string_view text, std::string_view lang);
// ConsistencyKey without the final punctuation, which does not make another sentence ("The news
// spread." = "The news spread"): what the consistency checks compare by.
std::string ComparisonKey(std::string_view text, std::string_view lang);

enum class Script { kOther, kLatin, kCyrillic, kArabic };
Script ScriptOf(UChar32 c);
Script ScriptOfLanguage(std::string_view primary);
// The script of a word's letters when they all share one, else kOther.
Script WordScript(std::string_view w);

bool HasDigit(std::string_view w);
bool IsUpperWord(std::string_view w);  // two letters or more, all capitals
bool StartsUpper(std::string_view w);
// The first letter of `text` (after spaces, quotes, dashes and brackets) is a lower-case one.
bool StartsLower(std::string_view text);
size_t CodePointCount(std::string_view s);

// True when only sentence openers (punctuation, quotes, dashes, spaces) separate `begin` from the
// previous sentence end or the start of the text.
bool IsSentenceInitial(std::string_view text, size_t begin);

// The last character that is not a space, quote or closing bracket, classified as . ? ! : ; , or ' '.
char FinalPunctuation(std::string_view text);
std::string PunctName(char c);

int BracketBalance(std::string_view text, char open, char close);
// Quotation marks: straight, curly and guillemets, counted for parity.
int QuoteCount(std::string_view text);
// Single quotation marks (‘ ’ ‚ ‹ › and ' at a word's edge, not an apostrophe), counted.
int SingleQuoteCount(std::string_view text);

// Arabic display-level normalization: only harakat and tatweel removed, so hamza and alef
// spelling differences remain visible.
std::string ArabicLight(std::string_view s);

// The runs of letters of `text` that start with a capital and have at least three letters.
std::vector<std::pair<size_t, size_t>> CapitalizedWords(std::string_view text);

// The source and target texts of a stored unit; false when it lacks either language.
bool PairOf(const Unit& u, std::string_view src_lang, std::string_view tgt_lang, SegmentPair* p);

struct NameOccurrence {
  size_t segment;  // index into draft segments, or SIZE_MAX for the reference
  Span span;
  std::string surface;
  std::vector<std::string> keys;  // inflection/clitic keys; shared keys = same rendering
};

struct WordCounts {
  int draft = 0;
  int tm = 0;
};

}  // namespace check_internal

// The checker's state and its checks. Findings go through Add(), which drops skipped checks.
struct Checker::Impl {
  const Glossary& glossary;
  CheckOptions options;
  std::string src, tgt, src_primary, tgt_primary;
  std::unique_ptr<TermMatcher> src_terms, tgt_terms;
  std::unordered_map<std::string, std::string> latin_cache;
  const NameModel* name_model = nullptr;  // the built-in transliteration model, when the pair has one

  // The newsroom's vocabulary: folded target words with their counts in the draft and in the TM.
  std::unordered_map<std::string, check_internal::WordCounts> vocabulary;
  std::unordered_map<std::string, int> lexeme_counts;  // the draft's target word keys, with counts
  std::unordered_set<std::string> name_lexemes;        // keys of target words capitalized inside a sentence
  std::vector<std::string> draft_source_names;  // the capitalized words of the draft's sources, once each
  std::vector<std::vector<std::string>> source_names_by_segment;  // the same, per segment, folded
  // Per surface word: the dictionary's verdict and, for an unknown word, its one-edit repairs.
  struct SpellingVerdict {
    bool known = false;
    bool searched = false;
    std::vector<std::string> repairs;
    bool swaps_searched = false;
    std::vector<std::string> swaps;  // splits and transpositions only, for the newsroom's words
  };
  std::unordered_map<std::string, SpellingVerdict> spelling_cache;

  explicit Impl(const Glossary& g) : glossary(g) {}

  bool Enabled(const char* id) const;
  // The finding added (its confidence 1 until the caller lowers it), or null for a skipped check.
  Finding* Add(std::vector<Finding>* out, const char* id, size_t segment, Span s, Span t, std::string message,
               std::string suggestion = "", std::string concept_id = "");
  const std::string& Latin(const std::string& s);  // cached Latinize()

  // Forms a text word may be compared by: its folded form and its inflection/clitic keys.
  static std::vector<std::string> Forms(const WordKeys& w);
  double NameSimilarity(const std::vector<std::string>& forms, const std::string& folded_term_word, bool* same_skeleton);

  // A target text analysed once and shared by the checks.
  struct Analysis {
    std::vector<WordKeys> words;
    std::vector<TermMatch> matches;
  };
  std::vector<Analysis> analyses;            // per draft segment
  std::vector<Analysis> reference_analyses;  // per reference unit; both reused by CheckNames

  // check_terms.cc
  void CheckTerms(size_t seg, const SegmentPair& p, const std::vector<TermMatch>& src_matches, const Analysis& a,
                  std::vector<Finding>* out);
  std::string ConceptLabel(const Concept& c) const;
  bool Mandatory(const Concept& c) const;  // "mandatory" in the concept's or a target term's note
  // check_numbers.cc
  void CheckNumbers(size_t seg, const SegmentPair& p, std::vector<Finding>* out);
  void Heights(size_t seg, const SegmentPair& p, const std::vector<NumberMention>& s, const std::vector<NumberMention>& t,
               std::vector<bool>* s_used, std::vector<bool>* t_used, std::vector<Finding>* out);
  // check_translated.cc. Returns false when the target is empty or untranslated: the other target
  // checks are moot.
  bool CheckTranslated(size_t seg, const SegmentPair& p, std::vector<Finding>* out);
  // check_spelling.cc
  void CheckSpelling(size_t seg, const SegmentPair& p, const Analysis& a, std::vector<Finding>* out);
  bool KnownWithPrefix(const std::string& surface);
  bool KnownArabicSegmented(const std::string& word);
  bool UsedInDraft(const std::string& word);
  bool UsedInDraftAsName(const std::string& word);
  // (Arabic) `w` renders a capitalized source word of the segments around `seg` with the name
  // model's probability ≥ `threshold`.
  bool RendersNearbyName(size_t seg, const WordKeys& w, const std::string& surface, double threshold);
  std::vector<std::string> OneEditWords(const std::string& word, size_t max, bool swaps_only = false);
  bool TransliteratesSourceWord(const WordKeys& w, const std::string& surface, const std::vector<std::string>& source_words,
                                double threshold);
  bool LooksLikeSourceName(const WordKeys& w, const std::vector<std::string>& source_names);
  // check_typography.cc
  void CheckTypography(size_t seg, const SegmentPair& p, std::vector<Finding>* out);
  void CheckBidiControls(size_t seg, const SegmentPair& p, std::vector<Finding>* out);
  // Over the draft; `checked[i]` is false for a segment whose target checks were moot.
  void CheckQuotes(const std::vector<SegmentPair>& segs, const std::vector<bool>& checked, std::vector<Finding>* out);
  // check_consistency.cc
  void CheckConsistency(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref,
                        std::vector<Finding>* out);
  // check_names.cc
  void CheckNames(const std::vector<SegmentPair>& segs, const std::vector<SegmentPair>& ref, std::vector<Finding>* out);
};

}  // namespace tmkit

#endif  // TMKIT_CHECK_CHECK_INTERNAL_H_
