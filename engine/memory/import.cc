// Import: read TMX or TSV, drop what cannot be a translation unit (with the reason), and store
// the rest in one write transaction.
#include "tmkit/import.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "tmkit/lang.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

bool Blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

class Importer {
 public:
  Importer(const std::string& path, const ImportOptions& options, ImportReport* report)
      : path_(path), options_(options), report_(report) {}

  void Skip(const std::string& reason, uint64_t line) {
    ++report_->skipped;
    if (report_->skip_reasons[reason]++ == 0) report_->first_skip[reason] = path_ + ":" + std::to_string(line);
  }

  Status Store(Writer* writer, Unit&& unit, uint64_t line) {
    ++report_->read;
    if (options_.progress && report_->read % 4096 == 0) options_.progress(report_->read);
    std::vector<Variant> kept;
    bool had_empty = false;
    for (Variant& v : unit.variants) {
      if (Blank(v.text) && v.markup.empty()) {
        had_empty = true;
      } else {
        kept.push_back(std::move(v));
      }
    }
    unit.variants = std::move(kept);
    if (unit.variants.size() < 2) {
      Skip(had_empty ? "empty segment (fewer than two languages left)" : "only one language", line);
      return Status::OK();
    }
    batch_.push_back(std::move(unit));
    return batch_.size() >= kBatch ? Flush(writer) : Status::OK();
  }

  // Stores the units held back for batched analysis.
  Status Flush(Writer* writer) {
    if (batch_.empty()) return Status::OK();
    std::vector<AddOutcome> outcomes;
    Status s = writer->AddBatch(batch_, &outcomes);
    batch_.clear();
    if (!s.ok()) return s;
    for (AddOutcome o : outcomes) {
      if (o == AddOutcome::kAdded) ++report_->added; else ++report_->merged;
    }
    return Status::OK();
  }

  Status Tmx(Writer* writer) {
    Status s = ReadTmx(path_, TmxReadLimits(), &report_->header,
                       [&](Unit&& unit, uint64_t line) { return Store(writer, std::move(unit), line); });
    return s.ok() ? Flush(writer) : s;
  }

  Status Tsv(Writer* writer, const std::string& src, const std::string& tgt) {
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (f == nullptr) {
      if (errno == ENOENT) return Status::NotFound(path_ + ": no such file");
      return Status::IOError(path_ + ": " + std::strerror(errno));
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, std::fclose);
    char* buf = nullptr;
    size_t cap = 0;
    ssize_t len;
    uint64_t line = 0;
    std::string previous_source;
    Status status;
    Unit pending;  // held back one line so that its next source segment is known
    uint64_t pending_line = 0;
    bool have_pending = false;
    std::string document = options_.document.empty() ? BaseName(path_) : options_.document;
    while ((len = getline(&buf, &cap, f)) >= 0) {
      ++line;
      std::string_view text(buf, static_cast<size_t>(len));
      if (line == 1) text.remove_prefix(Utf8BomLength(text));
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
      size_t bad = FindInvalidUtf8(text);
      if (bad != std::string_view::npos) {
        status = Status::InvalidInput(path_ + ":" + std::to_string(line) + ": invalid UTF-8 at byte " + std::to_string(bad + 1) + " of the line");
        break;
      }
      for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t') {
          status = Status::InvalidInput(path_ + ":" + std::to_string(line) + ":" + std::to_string(i + 1) +
                                        ": control character U+00" + "0123456789ABCDEF"[c >> 4] + "0123456789ABCDEF"[c & 15] +
                                        " (TMX cannot carry it)");
          break;
        }
      }
      if (!status.ok()) break;
      if (Blank(text)) continue;
      size_t tab = text.find('\t');
      if (tab == std::string_view::npos || text.find('\t', tab + 1) != std::string_view::npos) {
        size_t columns = 1;
        for (char c : text) columns += c == '\t';
        status = Status::InvalidInput(path_ + ":" + std::to_string(line) + ": expected 2 tab-separated columns (source, target), found " + std::to_string(columns));
        break;
      }
      Unit unit;
      unit.source_lang = src;
      unit.document = document;
      unit.position = static_cast<int64_t>(line - 1);
      unit.variants.resize(2);
      unit.variants[0].lang = src;
      unit.variants[0].text = std::string(text.substr(0, tab));
      unit.variants[1].lang = tgt;
      unit.variants[1].text = std::string(text.substr(tab + 1));
      unit.prev_source = previous_source;
      previous_source = unit.variants[0].text;
      if (have_pending) {
        pending.next_source = unit.variants[0].text;
        status = Store(writer, std::move(pending), pending_line);
        if (!status.ok()) break;
      }
      pending = std::move(unit);
      pending_line = line;
      have_pending = true;
    }
    std::free(buf);
    if (status.ok() && std::ferror(f)) status = Status::IOError(path_ + ": " + std::strerror(errno));
    if (status.ok() && have_pending) status = Store(writer, std::move(pending), pending_line);
    return status.ok() ? Flush(writer) : status;
  }

 private:
  static constexpr size_t kBatch = 2048;
  std::string path_;
  ImportOptions options_;
  ImportReport* report_;
  std::vector<Unit> batch_;
};

}  // namespace

Status ImportFile(Memory* memory, const std::string& path, const ImportOptions& options, ImportReport* report) {
  std::string format = options.format;
  if (format.empty()) format = (EndsWith(path, ".tsv") || EndsWith(path, ".txt")) ? "tsv" : "tmx";
  if (format != "tmx" && format != "tsv") return Status::InvalidArgument("unknown import format '" + format + "' (tmx or tsv)");
  std::string src, tgt;
  if (format == "tsv") {
    if (options.src_lang.empty() || options.tgt_lang.empty()) {
      return Status::InvalidArgument("a TSV import needs --src-lang and --tgt-lang");
    }
    Status s = CanonicalLanguageTag(options.src_lang, &src);
    if (s.ok()) s = CanonicalLanguageTag(options.tgt_lang, &tgt);
    if (!s.ok()) return s;
  }
  struct stat st;
  if (path != "-" && stat(path.c_str(), &st) != 0) {
    return errno == ENOENT ? Status::NotFound(path + ": no such file") : Status::IOError(path + ": " + std::strerror(errno));
  }
  uint64_t file_bytes = path == "-" ? 0 : static_cast<uint64_t>(st.st_size);
  // The fill may run twice (when the map grows), so the input must be re-readable: no stdin.
  if (path == "-") return Status::InvalidArgument("import reads a named file, not stdin");
  // A repeated fill (after the map grew) must start from zero: the report is rebuilt each time.
  return memory->Write(
      [&](Writer* writer) {
        *report = ImportReport();
        Importer importer(path, options, report);
        return format == "tmx" ? importer.Tmx(writer) : importer.Tsv(writer, src, tgt);
      },
      file_bytes * 4);
}

}  // namespace tmkit
