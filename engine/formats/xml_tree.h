// A whole XML document as a tree over expat, with every element's byte offsets in the original
// bytes, so a writer can splice into the file instead of re-serialising it (docs/xliff.md).
// The same safety as the TMX reader: no DTD or external entity is ever read, entity declarations
// are refused, depth is bounded. Internal to engine/formats; a tree is a plain value.
#ifndef TMKIT_FORMATS_XML_TREE_H_
#define TMKIT_FORMATS_XML_TREE_H_

#include <expat.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/status.h"

namespace tmkit {

struct XmlAttribute {
  std::string ns;      // namespace URI; empty for an unprefixed attribute
  std::string name;    // local name
  std::string prefix;  // as written ("xml", "fs"), empty when none
  std::string value;
};

struct XmlElement;

// Element content in document order: text (children == -1) or the index of a child element.
struct XmlContent {
  int element = -1;
  std::string text;
};

struct XmlElement {
  std::string ns;      // namespace URI
  std::string name;    // local name
  std::string prefix;  // as written, empty for the default namespace
  std::vector<XmlAttribute> attrs;
  std::vector<XmlContent> content;
  int parent = -1;
  uint64_t line = 0, column = 0;
  // [start_begin, start_end) is the start tag, [end_begin, end_end) the end tag; for an empty
  // element written <x/> the end tag is empty at start_end.
  size_t start_begin = 0, start_end = 0, end_begin = 0, end_end = 0;

  // The attribute with that namespace and local name, or nullptr.
  const XmlAttribute* Find(std::string_view ns, std::string_view name) const;
  // The value of an unprefixed attribute, or nullptr.
  const std::string* Attr(std::string_view name) const;
  std::vector<int> Children() const;
};

struct XmlTree {
  std::string bytes;                 // the file as read
  std::vector<XmlElement> elements;  // elements[0] is the root
  bool utf8 = true;                  // the file's encoding is UTF-8 (offsets are then UTF-8 too)
};

struct XmlLimits {
  size_t max_file_bytes = size_t{1} << 30;
  int max_depth = 100;
};

// Reads `path` whole. InvalidInput "PATH:LINE:COL: message" for malformed XML, entity
// declarations, undefined entities, excessive depth; NotFound / IOError from the OS.
Status ReadXmlTree(const std::string& path, const XmlLimits& limits, XmlTree* tree);
// The same over bytes already in memory (`name` is used in messages).
Status ParseXmlTree(std::string bytes, const std::string& name, const XmlLimits& limits, XmlTree* tree);

// expat's unknown-encoding handler for single-byte charsets expat does not know (windows-1252,
// koi8-r, ...): a 256-entry table built with an ICU converter; bytes the charset leaves undefined
// are errors, multi-byte charsets are refused. Shared by the TMX and XLIFF readers.
int XmlSingleByteEncoding(void* data, const XML_Char* name, XML_Encoding* info);

// Appends `s` escaped for element content (& < >) or for a double-quoted attribute value.
void AppendXmlText(std::string_view s, std::string* out);
void AppendXmlAttr(std::string_view s, std::string* out);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_XML_TREE_H_
