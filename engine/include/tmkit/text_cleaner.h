// Optional clean-up of extracted text (HTML, PDF, e-mail dumps) before segmentation: returns a NEW
// string, so sentence offsets found in it refer to the cleaned text, not the input. Pure, thread-safe.
#ifndef TMKIT_TEXT_CLEANER_H_
#define TMKIT_TEXT_CLEANER_H_

#include <string>
#include <string_view>

namespace tmkit {

// Rewrites `text` (valid UTF-8) the way pragmatic_segmenter's `clean: true` does, with tmkit's own
// line conventions (docs/segmentation.md, "Cleaning"): escaped "\n" / "\r" become line breaks, a
// lone CR becomes LF, HTML tags and escaped tags (&lt;b&gt;) are removed (block-level ones leave a
// line break), `` '' ` become " " ', a table-of-contents dot leader with its page number ends the
// entry, other runs of 5+ periods and of 3+ slashes go, a line that is only "." joins the line
// before, vertical text (3+ lines of 1–2 letters) is joined into a word, lines that are only a
// page number or one punctuation mark are dropped, and runs of spaces/tabs become one space.
std::string CleanTextForSegmentation(std::string_view text);

}  // namespace tmkit

#endif  // TMKIT_TEXT_CLEANER_H_
