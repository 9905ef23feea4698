// A document's text as the aligner's sentence list: raw text through the segmenter, or one
// sentence per line (--presegmented). Shared by `align` on files and `align --stream` on lines.
#ifndef TMKIT_TOOLS_ALIGN_TEXT_H_
#define TMKIT_TOOLS_ALIGN_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tmkit/aligner.h"
#include "tmkit/segmenter.h"
#include "tmkit/status.h"

namespace tmkit::cli {

// Appends the sentences of `text` (named `name` in errors) to `out`; paragraphs end at blank
// lines. Invalid UTF-8 is InvalidInput naming `name` and the byte. `segmenter` (for the text's
// language) is used unless `presegmented`; CRLF and a BOM are accepted.
Status SentencesOfText(std::string_view text, std::string_view name, bool presegmented, Segmenter* segmenter,
                       SentenceList* out);

// Sentences [begin, end) of `list` joined with single spaces: the text of one side of a bead.
std::string JoinSentences(const SentenceList& list, uint32_t begin, uint32_t end);

}  // namespace tmkit::cli

#endif  // TMKIT_TOOLS_ALIGN_TEXT_H_
