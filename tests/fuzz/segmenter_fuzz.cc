// libFuzzer harness: the sentence segmenter on arbitrary text. The first byte picks the language,
// whether quotations are kept whole (its top bit) and how the stream is chunked; the rest is the text. SegmentText must return a Status for any
// bytes; on valid UTF-8 its sentences must be ordered, non-overlapping, non-empty, inside the text
// and trimmed, and SentenceStream fed in chunks must find the same sentences.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/segmenter.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "segmenter invariant broken: %s\n", what);
    std::abort();
  }
}

tmkit::Segmenter* SegmenterFor(int which) {
  static const char* const kLanguages[] = {"en", "ru", "ar", "en-GB"};
  static std::unique_ptr<tmkit::Segmenter> segmenters[8];
  if (!segmenters[which]) {
    tmkit::SegmenterOptions options;
    options.keep_quotations = which >= 4;
    tmkit::Status s = tmkit::Segmenter::Create(kLanguages[which & 3], options, &segmenters[which]);
    Check(s.ok(), "built-in segmenter is created");
  }
  return segmenters[which].get();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  tmkit::Segmenter* segmenter = SegmenterFor((mode & 3) | ((mode >> 5) & 4));

  std::vector<tmkit::SentenceSpan> spans;
  std::vector<size_t> paragraph_of;
  tmkit::Status s = segmenter->SegmentText(text, "fuzz.txt", &spans, &paragraph_of);
  if (!s.ok()) {
    Check(!s.message().empty() && spans.empty(), "an error says why and appends nothing");
    return 0;
  }
  Check(paragraph_of.size() == spans.size(), "a paragraph index per sentence");
  size_t previous_end = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    const tmkit::SentenceSpan& span = spans[i];
    Check(span.start < span.end && span.end <= text.size(), "sentence inside the text, not empty");
    Check(span.start >= previous_end, "sentences ordered and disjoint");
    Check(!IsSpace(text[span.start]) && !IsSpace(text[span.end - 1]), "sentence trimmed");
    Check(i == 0 || paragraph_of[i] >= paragraph_of[i - 1], "paragraph indexes grow");
    previous_end = span.end;
  }

  // The same text streamed in chunks of 1..64 bytes.
  std::vector<tmkit::SentenceSpan> streamed;
  tmkit::SentenceStream stream(segmenter, "fuzz.txt", [&](const tmkit::StreamSentence& sentence, std::string_view) {
    streamed.push_back({sentence.start, sentence.end});
  });
  const size_t chunk = 1 + ((mode >> 2) & 31);
  for (size_t pos = 0; pos < text.size(); pos += chunk) {
    Check(stream.Feed(text.substr(pos, chunk)).ok(), "valid text streams");
  }
  Check(stream.Finish().ok(), "valid text streams to the end");
  Check(streamed.size() == spans.size(), "stream finds as many sentences as SegmentText");
  for (size_t i = 0; i < spans.size(); ++i) {
    Check(streamed[i].start == spans[i].start && streamed[i].end == spans[i].end,
          "stream finds the same sentences as SegmentText");
  }
  return 0;
}
