// What the XLIFF reader, checker and writer share inside engine/formats (docs/xliff.md).
#ifndef TMKIT_FORMATS_XLIFF_INTERNAL_H_
#define TMKIT_FORMATS_XLIFF_INTERNAL_H_

#include <set>
#include <string>
#include <string_view>

#include "formats/xml_tree.h"
#include "tmkit/status.h"
#include "tmkit/xliff.h"

namespace tmkit {

constexpr std::string_view kXliff12Ns = "urn:oasis:names:tc:xliff:document:1.2";
constexpr std::string_view kXliff20Ns = "urn:oasis:names:tc:xliff:document:2.0";
constexpr std::string_view kXliff22Ns = "urn:oasis:names:tc:xliff:document:2.2";
constexpr std::string_view kMatchesNs = "urn:oasis:names:tc:xliff:matches:2.0";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

struct XliffTree {
  XmlTree xml;
};

// Checks the XLIFF 2 processing requirements no schema states (unique ids, resolving references,
// code pairing, canReorder, xml:lang and xml:space agreement, fragment identifiers) and the core
// structure. `core_ns` is the core namespace of the document. InvalidInput "NAME:LINE:COL: ...".
Status CheckXliff2(const XmlTree& tree, std::string_view core_ns, const std::string& name,
                   const std::set<std::string>& extra_fragment_prefixes);

// "NAME:LINE:COL: " for an element.
std::string XmlWhere(const std::string& name, const XmlElement& e);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_XLIFF_INTERNAL_H_
