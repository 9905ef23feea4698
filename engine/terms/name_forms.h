// Name words as the transliteration model sees them (engine-internal): English folded to a-z,
// Russian and Arabic letters normalized, case forms and clitics undone, particles marked.
// Pure functions; thread-safe.
#ifndef TMKIT_TERMS_NAME_FORMS_H_
#define TMKIT_TERMS_NAME_FORMS_H_

#include <string>
#include <string_view>
#include <vector>

namespace tmkit::names_internal {

enum class Script { kLatin, kCyrillic, kArabic };

// One word of a name: its normalized letters and whether it is a particle (al, bin, van, де, بن).
struct NameWord {
  std::u32string letters;
  bool particle = false;
};

// Splits a name at spaces, hyphens, dots and slashes into normalized words; a word with no
// letter left is dropped. Latin: lower case, accents folded (š -> sh, ø -> o), apostrophes out.
// Cyrillic: lower case, ё -> е. Arabic: hamza seats and alef forms -> ا, ى -> ي, ة -> ه,
// diacritics and tatweel out (the article and clitics stay: see TargetVariants).
std::vector<NameWord> SplitName(std::string_view name, Script script);

// One normalized word (no splitting): what the training data's words become.
std::u32string NormalizeWord(std::u32string_view word, Script script);

// The forms a target word may stand for, the word itself first: Russian nominatives of an
// inflected form (асада -> асад, обамы -> обама, сергея -> сергей); Arabic without proclitics
// (و ف ب ك ل) and the article (والأسد -> اسد, للاسد -> اسد).
// Russian words shorter than `min_length` letters are taken as they are (the model's scoring keeps
// 4; the miner's lemmas go down to 3: Юты -> Юта, Кима -> Ким).
std::vector<std::u32string> TargetVariants(const std::u32string& word, Script script, size_t min_length = 4);

// The letters without a leading Arabic article when what is left has at least 2 letters.
std::u32string WithoutArabicArticle(const std::u32string& word);

// UTF-8 <-> UTF-32 for valid input (invalid bytes become U+FFFD).
std::u32string DecodeUtf8(std::string_view s);
std::string EncodeUtf8(std::u32string_view s);

}  // namespace tmkit::names_internal

#endif  // TMKIT_TERMS_NAME_FORMS_H_
