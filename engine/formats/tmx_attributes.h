// What tmx14.dtd declares, shared by the TMX reader and writer: the attributes each element may
// carry, and the props an export writes for the attributes it may not (docs/tmx.md, "Attributes
// the DTD does not declare"). Stateless; thread-safe.
#ifndef TMKIT_FORMATS_TMX_ATTRIBUTES_H_
#define TMKIT_FORMATS_TMX_ATTRIBUTES_H_

#include <string_view>

namespace tmkit {

// Whether tmx14.dtd declares attribute `name` on `element` ("header", "tu" or "tuv"; the reader's
// TMX 1.1 `lang` counts as declared on tuv).
bool TmxDeclaresAttribute(std::string_view element, std::string_view name);

// An attribute of <header>, <tu> or <tuv> that the DTD does not declare there (sdl:origin, an
// xmlns:sdl declaration) goes out as <prop type="x-tmkit-attribute:NAME">VALUE</prop> in that
// element; one of <tmx> (but version) as a header prop "x-tmkit-tmx-attribute:NAME". Reading
// such a prop gives the attribute back.
constexpr std::string_view kAttributeProp = "x-tmkit-attribute:";
constexpr std::string_view kRootAttributeProp = "x-tmkit-tmx-attribute:";
// A header attribute the export sets itself (creationtool) or a later import's header gave
// another value: <prop type="x-tmkit-header-NAME">VALUE</prop> in the header.
constexpr std::string_view kHeaderAttributeProp = "x-tmkit-header-";

}  // namespace tmkit

#endif  // TMKIT_FORMATS_TMX_ATTRIBUTES_H_
