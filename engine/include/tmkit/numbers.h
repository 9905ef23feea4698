// Numbers in running text, read the way each language writes them, so that 2,400 = 2400 = ٢٤٠٠
// and 1.2 billion = 1,2 млрд = 1.2 مليار compare equal. Pure functions; thread-safe.
#ifndef TMKIT_NUMBERS_H_
#define TMKIT_NUMBERS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tmkit {

struct NumberMention {
  size_t begin = 0;  // byte offsets into the text, covering digits, scale word and percent sign
  size_t end = 0;
  double value = 0;  // with the scale applied: "1.2 billion" -> 1.2e9
  bool percent = false;
};

// Finds the numbers in valid UTF-8 `text` written in `lang` (decides "," vs "." as decimal mark,
// the scale words and percent words). Digits may be ASCII, Arabic-Indic or Extended Arabic-Indic.
std::vector<NumberMention> FindNumbers(std::string_view text, std::string_view lang);

// True when two mentions denote the same quantity (relative tolerance 1e-9, same percent flag).
bool SameNumber(const NumberMention& a, const NumberMention& b);

// A short canonical spelling of the value for messages and keys: "2400", "1.2e+09", "40%".
std::string NumberKey(const NumberMention& n);

}  // namespace tmkit

#endif  // TMKIT_NUMBERS_H_
