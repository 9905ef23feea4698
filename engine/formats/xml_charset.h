// The charset an XML declaration names, so the TBX reader knows before parsing whether a file is
// UTF-8 (checked as such) or a charset expat decodes with XmlSingleByteEncoding (formats/xml_tree.h),
// the TMX and XLIFF readers' handler. Stateless; thread-safe.
#ifndef TMKIT_FORMATS_XML_CHARSET_H_
#define TMKIT_FORMATS_XML_CHARSET_H_

#include <string_view>

namespace tmkit {

// The encoding named by the XML declaration at the start of `xml` ("" when there is none).
std::string_view DeclaredXmlEncoding(std::string_view xml);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_XML_CHARSET_H_
