// tmkit segment: split text into sentences (text: one per line, blank line between paragraphs;
// jsonl: byte offsets into the input). Streams by paragraph, so memory does not grow with the input.
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli.h"
#include "tmkit/progress.h"
#include "tmkit/segmenter.h"
#include "tmkit/text_cleaner.h"
#include "tmkit/utf8.h"

namespace {

struct Options {
  std::string lang;
  std::string rules;
  std::string format = "text";
  std::string file;
  bool clean = false;
  bool keep_quotations = false;
};

constexpr size_t kChunk = 1 << 20;

// Reads `path` once to check its UTF-8, so that bad input produces no output at all.
tmkit::Status ValidateFile(std::FILE* in, const std::string& name) {
  std::string chunk(kChunk, '\0'), carry;
  size_t offset = 0;
  for (;;) {
    size_t n = std::fread(&chunk[0], 1, kChunk, in);
    std::string piece = carry + chunk.substr(0, n);
    // Keep an incomplete character at the end for the next round.
    size_t keep = 0;
    if (n == kChunk) {
      size_t i = piece.size();
      while (i > 0 && keep < 3 && (static_cast<unsigned char>(piece[i - 1]) & 0xC0) == 0x80) --i, ++keep;
      if (i > 0 && static_cast<unsigned char>(piece[i - 1]) >= 0xC0) --i, ++keep;
      else keep = 0;
    }
    size_t bad = tmkit::FindInvalidUtf8(std::string_view(piece).substr(0, piece.size() - keep));
    if (bad != std::string_view::npos) {
      return tmkit::Status::InvalidInput(name + ": invalid UTF-8 at byte " + std::to_string(offset + bad));
    }
    offset += piece.size() - keep;
    carry = piece.substr(piece.size() - keep);
    if (n < kChunk) break;
  }
  if (std::ferror(in)) return tmkit::Status::IOError(name + ": read error");
  std::rewind(in);
  return tmkit::Status::OK();
}

}  // namespace

TMKIT_VERB(segment, "segment", "Split text into sentences", [](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--lang", opts->lang, tmkit::cli::_("Language of the text: en, ru, ar (others: ICU + --rules)"))
      ->required();
  app->add_option("--rules", opts->rules, tmkit::cli::_("SRX 2.0 file whose rules apply before the built-in ones"));
  app->add_option("--format", opts->format, tmkit::cli::_("text (one sentence per line) or jsonl (byte offsets)"))
      ->check(tmkit::cli::OneOf({"text", "jsonl"}));
  app->add_flag("--clean", opts->clean,
               tmkit::cli::_("Clean extracted text first (HTML tags, escaped newlines, dot leaders...); "
                             "jsonl offsets then refer to the cleaned text"));
  app->add_flag("--keep-quotations", opts->keep_quotations,
               tmkit::cli::_("Keep a quotation of several sentences in one segment (pragmatic_segmenter's "
                             "convention; by default it is cut at each sentence end)"));
  app->add_option("FILE", opts->file, tmkit::cli::_("Input file (default: standard input)"));
  return [opts]() -> int {
    namespace cli = tmkit::cli;
    tmkit::SegmenterOptions options;
    options.srx_path = opts->rules;
    options.keep_quotations = opts->keep_quotations;
    std::unique_ptr<tmkit::Segmenter> segmenter;
    tmkit::Status s = tmkit::Segmenter::Create(opts->lang, options, &segmenter);
    if (!s.ok()) return cli::Fail(s);

    std::string name = opts->file.empty() || opts->file == "-" ? "<stdin>" : opts->file;
    std::FILE* in = stdin;
    if (!opts->file.empty() && opts->file != "-") {
      in = std::fopen(opts->file.c_str(), "rb");
      if (!in) return cli::Fail(tmkit::Status::NotFound(opts->file + ": cannot open"));
      // A file can be read twice: validate it all before writing anything.
      s = ValidateFile(in, name);
      if (!s.ok()) {
        std::fclose(in);
        return cli::Fail(s);
      }
    }

    const bool jsonl = opts->format == "jsonl";
    std::string out;
    size_t last_paragraph = 0;
    bool any = false;
    tmkit::SentenceStream stream(segmenter.get(), name, [&](const tmkit::StreamSentence& sentence,
                                                            std::string_view text) {
      if (jsonl) {
        nlohmann::ordered_json j;
        j["paragraph"] = sentence.paragraph;
        j["sentence"] = sentence.index;
        j["start"] = sentence.start;
        j["end"] = sentence.end;
        j["text"] = std::string(text);
        out += j.dump();
        out.push_back('\n');
      } else {
        if (any && sentence.paragraph != last_paragraph) out.push_back('\n');
        out += tmkit::SentenceOnOneLine(text);
        out.push_back('\n');
      }
      any = true;
      last_paragraph = sentence.paragraph;
    });
    std::string chunk(kChunk, '\0');
    bool write_failed = false;
    if (opts->clean) {
      // Cleaning rewrites across lines and paragraphs, so it needs the whole text: memory grows
      // with the input here, unlike the streaming path below.
      std::string whole;
      for (size_t n; (n = std::fread(&chunk[0], 1, kChunk, in)) > 0;) whole.append(chunk, 0, n);
      bool read_failed = std::ferror(in);
      if (in != stdin) std::fclose(in);
      if (read_failed) return cli::Fail(tmkit::Status::IOError(name + ": read error"));
      size_t bad = tmkit::FindInvalidUtf8(whole);
      if (bad != std::string::npos) {
        return cli::Fail(tmkit::Status::InvalidInput(name + ": invalid UTF-8 at byte " + std::to_string(bad)));
      }
      size_t bom = tmkit::Utf8BomLength(whole);
      s = stream.Feed(tmkit::CleanTextForSegmentation(std::string_view(whole).substr(bom)));
      if (s.ok()) s = stream.Finish();
      if (!s.ok()) return cli::Fail(s);
      if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
        return cli::Fail(tmkit::Status::IOError("cannot write output"));
      }
      return cli::kExitOk;
    }
    // A file of known size gets a progress line (on a terminal), unless the sentences themselves
    // are going to that terminal.
    std::optional<tmkit::Progress> progress;
    struct stat st;
    if (in != stdin && !isatty(STDOUT_FILENO) && fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode)) {
      progress.emplace(cli::_("segmenting (bytes)"), static_cast<uint64_t>(st.st_size));
    }
    uint64_t read_bytes = 0;
    for (;;) {
      size_t n = std::fread(&chunk[0], 1, kChunk, in);
      read_bytes += n;
      if (progress) progress->Update(read_bytes);
      s = n ? stream.Feed(std::string_view(chunk.data(), n)) : tmkit::Status::OK();
      if (s.ok() && n < kChunk) s = stream.Finish();
      if (!out.empty()) {
        write_failed |= std::fwrite(out.data(), 1, out.size(), stdout) != out.size();
        out.clear();
      }
      if (!s.ok() || n < kChunk) break;
    }
    if (progress) progress->Finish();
    bool read_failed = std::ferror(in);
    if (in != stdin) std::fclose(in);
    if (!s.ok()) return cli::Fail(s);
    if (read_failed) return cli::Fail(tmkit::Status::IOError(name + ": read error"));
    if (std::fflush(stdout) != 0 || write_failed) return cli::Fail(tmkit::Status::IOError("cannot write output"));
    return cli::kExitOk;
  };
});
