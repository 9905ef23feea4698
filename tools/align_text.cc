#include "align_text.h"

#include <string>

#include "tmkit/utf8.h"

namespace tmkit::cli {

Status SentencesOfText(std::string_view text, std::string_view name, bool presegmented, Segmenter* segmenter,
                       SentenceList* out) {
  if (!presegmented) {  // SegmentText validates the UTF-8 itself
    std::vector<SentenceSpan> spans;
    std::vector<size_t> paragraph_of;
    Status s = segmenter->SegmentText(text, name, &spans, &paragraph_of);
    if (!s.ok()) return s;
    for (size_t k = 0; k < spans.size(); ++k) {
      if (k > 0 && paragraph_of[k] != paragraph_of[k - 1]) out->paragraph_starts.push_back(out->sentences.size());
      out->sentences.push_back(SentenceOnOneLine(text.substr(spans[k].start, spans[k].end - spans[k].start)));
    }
    return Status::OK();
  }
  Status s = ValidateUtf8(text, name);
  if (!s.ok()) return s;
  size_t pos = Utf8BomLength(text);
  bool paragraph_break = false;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string line(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      paragraph_break = true;
      continue;
    }
    if (paragraph_break && !out->sentences.empty()) out->paragraph_starts.push_back(out->sentences.size());
    paragraph_break = false;
    out->sentences.push_back(std::move(line));
  }
  return Status::OK();
}

std::string JoinSentences(const SentenceList& list, uint32_t begin, uint32_t end) {
  std::string s;
  for (uint32_t i = begin; i < end; ++i) {
    if (i > begin) s += ' ';
    s += list.sentences[i];
  }
  return s;
}

}  // namespace tmkit::cli
