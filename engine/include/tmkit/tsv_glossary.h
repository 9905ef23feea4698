// OmegaT's delimited glossaries: one entry per line, "source<TAB>target[<TAB>comment]" (TSV) or
// the same separated by commas with "quoted" fields (GlossaryReaderCSV's format).
// Stateless functions; thread-safe.
#ifndef TMKIT_TSV_GLOSSARY_H_
#define TMKIT_TSV_GLOSSARY_H_

#include <string>
#include <string_view>

#include "tmkit/glossary.h"
#include "tmkit/status.h"

namespace tmkit {

// Parses TSV text: each non-empty line that does not start with '#' becomes a concept with an
// admitted term in each language (the comment becomes the concept note). A UTF-8 BOM is skipped.
// InvalidInput "NAME:LINE: expected 2 or 3 tab-separated columns, found N" on other shapes.
Status ParseTsvGlossary(std::string_view text, std::string_view name, std::string_view src_lang,
                        std::string_view tgt_lang, Glossary* glossary);

// Parses OmegaT's comma-separated glossary the same way: a field starting with '"' runs to the next
// lone '"' ("" is one quote, commas inside are text); fields are trimmed; fields after the third
// are joined to the comment with ", " (an unquoted comment with commas).
Status ParseCsvGlossary(std::string_view text, std::string_view name, std::string_view src_lang,
                        std::string_view tgt_lang, Glossary* glossary);

// Writes the concepts that have a term in both languages (their preferred ones), one line each;
// tabs and newlines inside terms become spaces.
std::string WriteTsvGlossary(const Glossary& glossary, std::string_view src_lang, std::string_view tgt_lang);

}  // namespace tmkit

#endif  // TMKIT_TSV_GLOSSARY_H_
