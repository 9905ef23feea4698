#include "formats/xml_charset.h"

#include <cstdio>

namespace tmkit {

std::string_view DeclaredXmlEncoding(std::string_view xml) {
  if (xml.substr(0, 3) == "\xEF\xBB\xBF") xml.remove_prefix(3);
  if (xml.substr(0, 5) != "<?xml") return {};
  std::string_view decl = xml.substr(0, xml.find("?>"));
  size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at = decl.find_first_of("\"'", at);
  if (at == std::string_view::npos) return {};
  size_t end = decl.find(decl[at], at + 1);
  if (end == std::string_view::npos) return {};
  return decl.substr(at + 1, end - at - 1);
}

void Utf16SurrogateCheck::Start(const char* data, size_t n) {
  auto at = [&](size_t i) { return i < n ? static_cast<unsigned char>(data[i]) : 0x100u; };
  if ((at(0) == 0xFF && at(1) == 0xFE) || (at(0) == '<' && at(1) == 0 && at(2) == '?' && at(3) == 0)) {
    active_ = true;
    little_endian_ = true;
  } else if ((at(0) == 0xFE && at(1) == 0xFF) || (at(0) == 0 && at(1) == '<' && at(2) == 0 && at(3) == '?')) {
    active_ = true;
    little_endian_ = false;
  }
}

bool Utf16SurrogateCheck::Feed(const char* data, size_t n, bool last, std::string* error) {
  if (!active_) return true;
  for (size_t i = 0; i < n; ++i) {
    if (!have_odd_byte_) {
      odd_byte_ = static_cast<unsigned char>(data[i]);
      have_odd_byte_ = true;
      continue;
    }
    have_odd_byte_ = false;
    const unsigned b = static_cast<unsigned char>(data[i]);
    const unsigned unit = little_endian_ ? (b << 8 | odd_byte_) : (odd_byte_ << 8 | b);
    const uint64_t unit_offset = offset_;
    offset_ += 2;
    if (pending_high_ != 0) {
      if (unit < 0xDC00 || unit > 0xDFFF) return Lone(pending_high_, offset_ - 4, error);
      pending_high_ = 0;
      ++column_;
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      pending_high_ = unit;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return Lone(unit, unit_offset, error);
    } else if (unit == '\n') {
      ++line_;
      column_ = 1;
    } else if (unit != 0xFEFF || unit_offset != 0) {
      ++column_;
    }
  }
  if (last && pending_high_ != 0) return Lone(pending_high_, offset_ - 2, error);
  return true;
}

bool Utf16SurrogateCheck::Lone(unsigned unit, uint64_t offset, std::string* error) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "%04X", unit);
  *error = std::to_string(line_) + ":" + std::to_string(column_) + ": a lone UTF-16 surrogate (" + hex +
           ") at byte " + std::to_string(offset) + "; the file's UTF-16 is damaged";
  return false;
}

}  // namespace tmkit
