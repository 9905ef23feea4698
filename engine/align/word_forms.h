// Word forms the aligner compares across languages: stems (Russian and English prefixes, Arabic
// with clitics stripped) and Latin consonant skeletons of transliterations ("Assad" ~ "Асада" ~
// "الأسد"). Internal to engine/align. WordForms is not thread-safe (it caches ICU objects): one
// per thread.
#ifndef TMKIT_ALIGN_WORD_FORMS_H_
#define TMKIT_ALIGN_WORD_FORMS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace tmkit {
class NameModel;
}

namespace tmkit::align_internal {

enum class Script { kLatin, kCyrillic, kArabic, kOther };

Script ScriptOfLanguage(std::string_view lang);

// A stem for matching, of a word already folded with FoldForMatching: Arabic proclitics (و ف ب ك
// ل ال) and common suffixes stripped, then a prefix (4 code points for Arabic, 5 otherwise).
std::string MatchingStem(std::string_view folded, Script script);

// Arabic word without its proclitics (و ف ب ك ل ال وال بال لل ...), keeping at least 2 letters.
std::string StripArabicProclitics(std::string_view folded);

// Consonant skeleton of a lower-case ASCII transliteration: vowels, h, w, y dropped, similar
// consonants merged (c k q; s z; b p; f v; g j; d t), doubles collapsed; at most 4 letters.
std::string ConsonantSkeleton(std::string_view ascii);

// Whether a sentence reads as the continuation of the one before it: its first letter is lower
// case (cased scripts only; "mais c'est en vain."). Splitters that break at semicolons and colons
// leave such pieces, and a translator's own split rarely falls there. Clause marks at the end of
// the previous sentence were tried as well and hurt (docs/benchmarks.md).
bool ContinuesSentence(std::string_view next);

// The abbreviations after which tmkit's segmenter never ends a sentence in `lang` (titles such as
// "Dr." and "Det.", "e.g."), from its built-in rules; empty for a language without rules.
std::unordered_set<std::string> NoBreakAbbreviations(std::string_view lang);

// Whether a sentence ends with one of `abbreviations` (after an opening quote or bracket, as in
// '"Dr.'): a splitter that did not know the title cut the sentence there, and the next piece
// continues it.
bool EndsWithAbbreviation(std::string_view sentence, const std::unordered_set<std::string>& abbreviations);

// 64-bit FNV-1a of a tag byte followed by the text: the aligner's key space.
uint64_t KeyHash(char tag, std::string_view text);

class Transliterator {
 public:
  explicit Transliterator(Script script);
  ~Transliterator();
  // Lower-case ASCII Latin letters for a folded word (cached). Arabic words lose their proclitics
  // first unless `keep_proclitics`: a name may begin with the same letters (بوتين Putin, بالين Palin).
  const std::string& ToAscii(const std::string& folded, bool keep_proclitics = false);

 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;
  const NameModel* model_ = nullptr;  // Cyrillic: en-ru, Arabic: en-ar; lives as long as the process
  Script script_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace tmkit::align_internal

#endif  // TMKIT_ALIGN_WORD_FORMS_H_
