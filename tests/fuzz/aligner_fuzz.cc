// libFuzzer harness: the sentence aligner on random sentence lists. The input is two documents
// separated by a NUL byte, one sentence per line, a blank line starting a paragraph; the first
// byte picks the language pair and options. Whatever the lists, Align() must cover every
// sentence of both sides exactly once, in order, with confidences in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "tmkit/aligner.h"
#include "tmkit/utf8.h"

namespace {

tmkit::SentenceList ToSentences(std::string_view doc) {
  tmkit::SentenceList list;
  bool new_paragraph = true;
  size_t pos = 0;
  while (pos <= doc.size()) {
    size_t end = doc.find('\n', pos);
    if (end == std::string_view::npos) end = doc.size();
    std::string_view line = doc.substr(pos, end - pos);
    if (line.empty()) {
      new_paragraph = true;
    } else {
      if (new_paragraph) list.paragraph_starts.push_back(list.sentences.size());
      new_paragraph = false;
      list.sentences.emplace_back(line);
    }
    pos = end + 1;
  }
  return list;
}

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "aligner invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 64 * 1024) return 0;
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (tmkit::FindInvalidUtf8(rest) != std::string_view::npos) return -1;  // Align() wants UTF-8
  size_t nul = rest.find('\0');
  if (nul == std::string_view::npos) return -1;
  tmkit::SentenceList src = ToSentences(rest.substr(0, nul));
  tmkit::SentenceList tgt = ToSentences(rest.substr(nul + 1));

  static const char* const kTargets[] = {"ru", "ar", "fr", "de"};
  tmkit::AlignerOptions options;
  options.src_lang = (mode & 0x10) ? "de" : "en";
  options.tgt_lang = kTargets[mode & 3];
  options.allow_1_4 = mode & 4;
  options.length_only = mode & 8;
  options.params.reestimate_ratio = !(mode & 0x20);
  if (mode & 0x40) options.params.band = 1 + (mode >> 7);
  tmkit::Aligner aligner(options, nullptr);
  if (mode & 0x80) aligner.AddWordPair("talks", options.tgt_lang == "ru" ? "переговоры" : "محادثات");
  tmkit::Alignment a = aligner.Align(src, tgt);

  uint32_t s = 0, t = 0;
  for (const tmkit::Bead& b : a.beads) {
    Check(b.src_begin == s && b.tgt_begin == t, "beads are contiguous");
    Check(b.src_end >= b.src_begin && b.tgt_end >= b.tgt_begin, "bead ends after it begins");
    Check(b.src_end > b.src_begin || b.tgt_end > b.tgt_begin, "bead is not empty");
    Check(b.confidence >= 0 && b.confidence <= 1, "confidence in [0, 1]");
    s = b.src_end;
    t = b.tgt_end;
  }
  Check(s == src.sentences.size() && t == tgt.sentences.size(), "beads cover both sides");
  return 0;
}
