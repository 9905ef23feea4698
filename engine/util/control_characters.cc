#include "tmkit/control_characters.h"

namespace tmkit {
namespace {

// The length of the control character at text[i] (1 or 2 bytes), or 0 when there is none.
size_t ControlLength(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return 2;
  return 0;
}

}  // namespace

size_t FindControlCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\t' && text[i] != '\n' && ControlLength(text, i) != 0) return i;
  }
  return std::string_view::npos;
}

unsigned ControlCharacterAt(std::string_view text, size_t offset) {
  const auto c = static_cast<unsigned char>(text[offset]);
  return ControlLength(text, offset) == 2 ? static_cast<unsigned char>(text[offset + 1]) : c;
}

std::string EscapeControlCharacters(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t len = text[i] == '\t' ? 0 : ControlLength(text, i);
    if (len == 0) {
      out += text[i];
      continue;
    }
    const unsigned c = ControlCharacterAt(text, i);
    i += len - 1;
    if (len == 2) {
      out += "\\u{00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      out += '}';
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == 0x1B) {
      out += "\\e";
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace tmkit
