// English names in running text as name mining finds them (engine-internal): words with their
// capitalisation and the gaps between them, runs of capitalised words with particles and initials,
// titles and sentence-initial ordinary words cut off; and the letter classes the miner reads the
// Russian and Arabic side with. Pure functions; thread-safe.
#ifndef TMKIT_TERMS_NAME_SPANS_H_
#define TMKIT_TERMS_NAME_SPANS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tmkit::names_internal {

bool IsCyrillic(char32_t c);
bool IsArabicLetter(char32_t c);
bool IsArabicMark(char32_t c);
bool IsUpper(char32_t c);  // Latin and Cyrillic capitals
std::u32string LowerAll(std::u32string_view s);

// A word of a text: letters, with inner hyphens and apostrophes (al-Assad, O'Brien, аль-Асад).
struct Word {
  std::u32string text;
  std::u32string before;  // what separates it from the previous word
  bool upper = false;     // starts with a capital
};

// The words of a text (Latin, Cyrillic, Arabic letters); a possessive 's is not part of a word.
std::vector<Word> Words(std::u32string_view s);

// Nationality and religion words (lower case): capitalised in English, ordinary words in the
// target. `loose` also takes any word in -i/-is (Iraqi, Israelis), which a name may be (Gandhi).
bool LooksLikeDemonym(const std::u32string& lower, bool loose = true);

// The letters an abbreviation and the name it abbreviates share (U.S., US -> "us"; European
// Union -> "eu"); empty for anything else.
std::string AbbreviationLetters(const std::string& name);

// Whether word i of `words` starts a sentence (not after an initial's period: J. Smith).
bool SentenceStart(const std::vector<Word>& words, size_t i);

struct NameSpan {
  size_t begin = 0, end = 0;  // word indexes [begin, end)
};

// Whether words have the shape of a title-case headline: at least 4 words of 4 or more letters,
// three quarters of them capitalised.
bool TitleShaped(const std::vector<Word>& words);

// Runs of capitalised words, initials and inner particles; titles and sentence-initial ordinary
// words (`is_ordinary`) cut off the front; a title inside a run splits it. With
// `capitalised_elsewhere` (whether the archive capitalises a word in running text), a title-case
// headline keeps only the words it says yes to.
std::vector<NameSpan> FindNameSpans(const std::vector<Word>& words,
                                    const std::function<bool(std::string_view)>& is_ordinary,
                                    const std::function<bool(std::string_view)>& capitalised_elsewhere = nullptr);

// The text of words [b, e): spaces between words, ". " after an initial.
std::string SpanText(const std::vector<Word>& words, size_t b, size_t e);

}  // namespace tmkit::names_internal

#endif  // TMKIT_TERMS_NAME_SPANS_H_
