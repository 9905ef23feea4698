// Text normalization for matching (never for display): Unicode NFKC, case folding and the
// per-language foldings a translator expects to be ignored. Thread-safe; ICU objects are cached.
#ifndef TMKIT_NORMALIZE_H_
#define TMKIT_NORMALIZE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tmkit {

// Folds valid UTF-8 for comparison. Always: NFKC, full case folding, hyphen/dash and apostrophe
// variants unified, soft hyphen, zero-width and bidi controls removed, Arabic-Indic digits -> ASCII.
// "ru"/"uk"/"be": ё -> е. "ar"/"fa"/"ur": harakat and tatweel removed, آ أ إ ٱ -> ا, ى -> ي,
// ة -> ه, ؤ -> و, ئ -> ي. Other languages get only the common part. See docs/matching.md.
std::string FoldForMatching(std::string_view utf8, std::string_view lang);

enum class TokenKind { kWord, kNumber, kPunct };

// A token of the original text: [begin, end) are byte offsets into it; `norm` is its folded form.
struct Token {
  size_t begin = 0;
  size_t end = 0;
  TokenKind kind = TokenKind::kWord;
  std::string norm;
};

// Splits valid UTF-8 into words, numbers and punctuation (whitespace dropped) with ICU word
// boundaries, and folds each token with FoldForMatching.
std::vector<Token> TokenizeForMatching(std::string_view utf8, std::string_view lang);

}  // namespace tmkit

#endif  // TMKIT_NORMALIZE_H_
