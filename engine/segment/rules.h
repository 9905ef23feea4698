// Per-language segmentation rule data (engine/segment/rules/LANG.rules, embedded at build time) and
// its parser. Internal to the segment layer. Parsed rules are immutable and safe to share.
#ifndef TMKIT_SEGMENT_RULES_H_
#define TMKIT_SEGMENT_RULES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "tmkit/status.h"

namespace tmkit::segment {

// How an abbreviation (written with its final period) behaves at a candidate boundary after it.
enum class AbbreviationClass : uint8_t {
  kNoBreak,       // never ends a sentence before a word: titles, "e.g.", "г."
  kBeforeNumber,  // no break before a number: "No. 5", "p. 55"; otherwise like an ordinary word
  kPostpositive,  // may end a sentence: breaks before a capital, never before lower case
  kInitialism,    // "U.S.": breaks before a capital only if that word usually opens a sentence
  kTime,          // "a.m.": breaks before a capital unless it continues the time
};

struct LanguageRules {
  bool cased = true;
  bool initials = false;
  bool question_lowercase_continues = false;
  bool ellipsis_char_ends_sentence = false;
  bool missing_space_break = false;
  bool dash_after_question_breaks = false;
  bool interrupted_quotation_breaks = false;
  bool dotted_capitals_are_initialisms = false;
  bool single_letter_abbreviations = false;
  bool verb_first_attribution = false;
  std::unordered_map<std::string, AbbreviationClass> abbreviations;
  std::unordered_set<std::string> time_continuers;
  std::unordered_set<std::string> time_nouns;
  std::unordered_set<std::string> sentence_starters;
  std::unordered_set<std::string> fronted_prepositions;
  std::unordered_set<std::string> ambiguous_initials;
  std::unordered_set<std::string> speech_verbs;
  std::unordered_set<std::string> attribution_openers;
};

// Parses the text of a rules file; errors are InvalidInput "SOURCE:LINE: what".
Status ParseRules(std::string_view text, std::string_view source, LanguageRules* rules);

struct EmbeddedRuleFile {
  const char* language;  // primary language subtag, the file's base name
  const char* text;
};
extern const EmbeddedRuleFile kEmbeddedRuleFiles[];
extern const size_t kEmbeddedRuleFileCount;

// The built-in rules text for a primary language subtag, or nullptr.
const char* FindEmbeddedRules(std::string_view language);

}  // namespace tmkit::segment

#endif  // TMKIT_SEGMENT_RULES_H_
