// Sentence segmentation: ICU proposes boundaries, per-language rule data (and optional SRX 2.0 rules)
// decide. A Segmenter is NOT thread-safe (it owns ICU iterators): use one per thread. Errors are Status.
#ifndef TMKIT_SEGMENTER_H_
#define TMKIT_SEGMENTER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.h"

namespace tmkit {

// A sentence as byte offsets [start, end) into the text that was segmented, trimmed of white space.
struct SentenceSpan {
  size_t start = 0;
  size_t end = 0;
};

struct SegmenterOptions {
  // Path of an SRX 2.0 file; empty = built-in rules only. SRX rules are tried first at every
  // candidate boundary; where none matches, the built-in rules decide.
  std::string srx_path;
  // Keep a quotation of several sentences in one segment, as pragmatic_segmenter and pySBD do.
  // Off by default: the project's gold cuts a quotation at each sentence end, so that it aligns
  // sentence by sentence with a translation that may split or merge it differently.
  bool keep_quotations = false;
};

class Segmenter {
 public:
  // Languages with built-in rules; any other language ICU has locale data for gets ICU's boundaries
  // plus the SRX rules, if any. An unknown language is InvalidArgument listing these.
  static constexpr const char* kBuiltInLanguages = "en, ru, ar";

  // Builds a segmenter for `language` (a BCP 47 tag: "en", "ru-RU", "ar"). Fails with
  // InvalidArgument (unknown language) or InvalidInput/NotFound (a bad or missing SRX file).
  static Status Create(std::string_view language, const SegmenterOptions& options,
                       std::unique_ptr<Segmenter>* segmenter);

  virtual ~Segmenter();

  // Sentences of one paragraph (text without blank lines, valid UTF-8). Single line breaks inside
  // are soft unless the line is a list item, a bullet or a headline-like line. Spans are relative
  // to `paragraph` and appended to `sentences`. InvalidInput naming the rule when an SRX rule ran
  // past its time limit (some sentences may have been appended; the segmenter is then spent).
  virtual Status SegmentParagraph(std::string_view paragraph, std::vector<SentenceSpan>* sentences) = 0;

  // Whole text: skips a UTF-8 BOM, splits paragraphs at blank lines, validates UTF-8 first
  // (InvalidInput "NAME: invalid UTF-8 at byte N", nothing appended). Spans are relative to `text`;
  // `paragraph_of`, if not null, receives each sentence's paragraph index (0-based).
  Status SegmentText(std::string_view text, std::string_view name, std::vector<SentenceSpan>* sentences,
                     std::vector<size_t>* paragraph_of = nullptr);
};

// A sentence as one line of text: each line break inside it, with the spaces and tabs around it,
// becomes a single space ("a cold \nnight" -> "a cold night"). Used by text output.
std::string SentenceOnOneLine(std::string_view sentence);

// A sentence delivered by SentenceStream: offsets into the whole stream, paragraph and sentence
// indexes (0-based; the sentence index restarts in each paragraph).
struct StreamSentence {
  size_t paragraph = 0;
  size_t index = 0;
  size_t start = 0;
  size_t end = 0;
};

// Streaming segmentation in bounded memory: feed the input in chunks of any size; each paragraph is
// validated and segmented as soon as the blank line after it (or the end) arrives, and its sentences
// go to `sink` with the paragraph's bytes. Memory is bounded by the longest paragraph, which is cut
// at a line break (or, failing that, at white space) past kMaxParagraphBytes. A BOM at the start is
// skipped. Invalid UTF-8 stops the stream with InvalidInput naming the absolute byte offset; the
// paragraphs before it have been delivered. Not thread-safe.
class SentenceStream {
 public:
  using Sink = std::function<void(const StreamSentence& sentence, std::string_view text)>;
  static constexpr size_t kMaxParagraphBytes = 4u << 20;

  SentenceStream(Segmenter* segmenter, std::string name, Sink sink);
  Status Feed(std::string_view chunk);
  Status Finish();

 private:
  Status Drain(bool at_end);
  Status EmitParagraph(size_t begin, size_t end);

  Segmenter* segmenter_;
  std::string name_;
  Sink sink_;
  std::string buffer_;         // bytes not yet delivered, starting at absolute offset base_
  size_t base_ = 0;
  size_t scan_ = 0;            // buffer_ offset up to which lines have been examined
  size_t paragraph_begin_ = std::string::npos;  // buffer_ offset of the open paragraph's first line
  size_t paragraphs_ = 0;
  bool bom_checked_ = false;
  std::vector<SentenceSpan> spans_;
};

}  // namespace tmkit

#endif  // TMKIT_SEGMENTER_H_
