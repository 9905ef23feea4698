// What the TMX and TBX readers check of a file's encoding before expat decodes it: the charset an
// XML declaration names (UTF-8, checked as such, or a charset expat decodes with
// XmlSingleByteEncoding, formats/xml_tree.h), and UTF-16 surrogates, which expat pairs without
// looking. Stateless functions are thread-safe; a Utf16SurrogateCheck belongs to one reader.
#ifndef TMKIT_FORMATS_XML_CHARSET_H_
#define TMKIT_FORMATS_XML_CHARSET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tmkit {

// The encoding named by the XML declaration at the start of `xml` ("" when there is none).
std::string_view DeclaredXmlEncoding(std::string_view xml);

// Expat decodes UTF-16 without checking that a high surrogate is followed by a low one: a lone
// D800 before "A" became U+10041, a character the file never held. Each chunk of a UTF-16 file
// (found by its BOM or its "<?" in UTF-16) passes through here first; a surrogate without its
// partner is refused with its line, column and byte offset. (A character reference to a
// surrogate, &#xD800;, expat refuses itself.)
class Utf16SurrogateCheck {
 public:
  // Looks at the file's first bytes; a file that is not UTF-16 is passed over.
  void Start(const char* data, size_t n);
  // Checks the next chunk; false with an error message ("LINE:COLUMN: a lone UTF-16 surrogate
  // (D800) at byte N; ...") when a surrogate is lone. `last` says the file ends with it (a high
  // surrogate may not end the file).
  bool Feed(const char* data, size_t n, bool last, std::string* error);

 private:
  bool Lone(unsigned unit, uint64_t offset, std::string* error);

  bool active_ = false;
  bool little_endian_ = true;
  bool have_odd_byte_ = false;
  unsigned odd_byte_ = 0;
  unsigned pending_high_ = 0;
  uint64_t offset_ = 0;
  uint64_t line_ = 1, column_ = 1;
};

}  // namespace tmkit

#endif  // TMKIT_FORMATS_XML_CHARSET_H_
