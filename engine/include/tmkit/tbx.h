// TBX (ISO 30042) glossaries: reads v3 (<tbx>, TBX-Basic/Core, DCA style) and v2 (<martif>),
// writes either. Stateless functions; thread-safe. XML is parsed with expat, no external entities.
#ifndef TMKIT_TBX_H_
#define TMKIT_TBX_H_

#include <string>
#include <vector>
#include <string_view>

#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit {

enum class TbxVersion { kV2, kV3 };

// Parses TBX text. `name` is used in messages ("names.tbx:12: term outside any language").
// Keeps concept ids, termType, administrativeStatus, grammaticalGender, partOfSpeech and notes;
// other data categories are skipped. InvalidInput when the XML is malformed, the root is not
// <tbx>/<martif>, a language section has no xml:lang, or a term sits outside a language section.
// With `languages`, only the terms of those languages (LanguageMatches) are kept; the others
// are still checked.
Status ParseTbx(std::string_view xml, std::string_view name, Glossary* glossary,
                const std::vector<std::string>& languages = {});

// Serializes a glossary as TBX-Basic (v3, DCA style) or TBX v2 (martif). Every concept gets an id
// ("c1", "c2"… when it had none). `source_lang` fills the root xml:lang.
std::string WriteTbx(const Glossary& glossary, TbxVersion version, std::string_view source_lang);

}  // namespace tmkit

#endif  // TMKIT_TBX_H_
