// Control characters in stored text: found (to refuse them where text enters) and escaped (to print
// text on a terminal, which would obey them: ESC starts a sequence that can move the cursor or
// rewrite the screen). Pure functions on valid UTF-8; thread-safe.
#ifndef TMKIT_CONTROL_CHARACTERS_H_
#define TMKIT_CONTROL_CHARACTERS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace tmkit {

// Offset of the first control character other than tab and line feed: C0 (U+0000-U+001F,
// carriage return included), DEL (U+007F) and C1 (U+0080-U+009F). npos when there is none.
size_t FindControlCharacter(std::string_view text);

// The code point of the control character at `text[offset]` (as FindControlCharacter found it).
unsigned ControlCharacterAt(std::string_view text, size_t offset);

// `text` with each control character FindControlCharacter finds, and line feeds, written visibly:
// \r, \n, \e, \xHH for the other C0 and DEL, \u{HHHH} for C1. Tabs stay.
std::string EscapeControlCharacters(std::string_view text);

}  // namespace tmkit

#endif  // TMKIT_CONTROL_CHARACTERS_H_
