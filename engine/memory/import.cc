// Import: read TMX or TSV, drop what cannot be a translation unit (with the reason), and store
// the rest in one write transaction.
#include "tmkit/import.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "tmkit/lang.h"
#include "tmkit/utf8.h"
#include "tmkit/xliff.h"
#include "util/strings.h"

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

// Full batches handed from the parsing thread to the storing one. Bounded, so that parsing runs
// at most two batches ahead and memory stays flat.
class BatchQueue {
 public:
  // Blocks while the queue is full; false when the consumer has given up (the batch is dropped).
  bool Push(std::vector<Unit>&& batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return abandoned_ || batches_.size() < kDepth; });
    if (abandoned_) return false;
    batches_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }

  // The producer's last word: no more batches, and how parsing ended.
  void Close(const Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    status_ = status;
    ready_.notify_one();
  }

  // Next batch; false once the queue is closed and empty.
  bool Pop(std::vector<Unit>* batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !batches_.empty(); });
    if (batches_.empty()) return false;
    *batch = std::move(batches_.front());
    batches_.pop_front();
    space_.notify_one();
    return true;
  }

  // The consumer failed: unblock the producer and make its further pushes fail.
  void Abandon() {
    std::lock_guard<std::mutex> lock(mutex_);
    abandoned_ = true;
    batches_.clear();
    space_.notify_one();
  }

  Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }

 private:
  static constexpr size_t kDepth = 2;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<std::vector<Unit>> batches_;
  bool closed_ = false, abandoned_ = false;
  Status status_;
};

class Importer {
 public:
  Importer(const std::string& path, const ImportOptions& options, ImportReport* report)
      : path_(path), options_(options), report_(report) {}

  void Skip(const std::string& reason, uint64_t line) {
    ++report_->skipped;
    if (report_->skip_reasons[reason]++ == 0) report_->first_skip[reason] = path_ + ":" + std::to_string(line);
  }

  // Runs on the parsing thread.
  Status Store(Unit&& unit, uint64_t line) {
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
    // Two variants in one language (en and en, or en-US and en-us) are no translation: stored,
    // such a unit could never be found, as a lookup wants the source and target languages.
    bool two_languages = false;
    for (size_t i = 1; i < unit.variants.size() && !two_languages; ++i) {
      two_languages = unit.variants[i].lang != unit.variants[0].lang;
    }
    if (!two_languages) {
      Skip("only one language (every variant in " + unit.variants[0].lang + ")", line);
      return Status::OK();
    }
    batch_.push_back(std::move(unit));
    return batch_.size() >= kBatch ? Hand() : Status::OK();
  }

  // Passes the units held back for batched analysis to the storing thread.
  Status Hand() {
    if (batch_.empty()) return Status::OK();
    bool taken = queue_.Push(std::move(batch_));
    batch_.clear();
    // The storing thread failed; its error is the one reported.
    return taken ? Status::OK() : Status::IOError(path_ + ": import stopped");
  }

  // Parses on a second thread while this one, which holds the write transaction (LMDB commits
  // on the thread that began), stores: reading and parsing the next batch overlaps analysing and
  // storing this one. `parse` calls Store() per unit.
  Status Run(Writer* writer, const std::function<Status()>& parse) {
    std::thread parser([&] {
      Status s = parse();
      if (s.ok()) s = Hand();
      queue_.Close(s);
    });
    Status s;
    std::vector<Unit> batch;
    std::vector<AddOutcome> outcomes;
    writer->JoinOnAdd(options_.join);
    while (s.ok() && queue_.Pop(&batch)) {
      s = writer->AddBatch(batch, &outcomes);
      for (AddOutcome o : outcomes) {
        if (o == AddOutcome::kAdded) {
          ++report_->added;
        } else if (o == AddOutcome::kJoined) {
          ++report_->joined;
        } else {
          ++report_->merged;
        }
      }
    }
    if (!s.ok()) queue_.Abandon();
    parser.join();
    return s.ok() ? queue_.status() : s;
  }

  Status Tmx(Writer* writer) {
    Status s = Run(writer, [&] {
      return ReadTmx(
          path_, TmxReadLimits(), &report_->header,
          [&](Unit&& unit, uint64_t line) { return Store(std::move(unit), line); },
          [&](const std::string& message, uint64_t line) {
            if (report_->warnings[message]++ == 0) report_->first_warning[message] = path_ + ":" + std::to_string(line);
          });
    });
    // The file's header joins the TM's (docs/tm-format.md, "tmx_header"), for the export.
    return s.ok() ? writer->AddTmxHeader(report_->header) : s;
  }

  Status Xliff(Writer* writer) {
    return Run(writer, [&] { return ParseXliff(); });
  }

  // The translated segments of an XLIFF file (docs/xliff.md, "import"): source and target with
  // their codes, the file's original as document, neighbours as context.
  Status ParseXliff() {
    XliffDocument doc;
    Status s = ReadXliff(path_, &doc);
    if (!s.ok()) return s;
    for (const XliffFile& file : doc.files) {
      if (file.target_lang.empty()) return Status::InvalidInput(path_ + ": a <file> names no target language");
      std::vector<std::pair<const XliffUnit*, const XliffSegment*>> segments;
      for (const XliffUnit& unit : file.units) {
        for (const XliffSegment& seg : unit.segments) {
          if (!seg.ignorable) segments.emplace_back(&unit, &seg);
        }
      }
      for (size_t i = 0; i < segments.size(); ++i) {
        const auto [unit, seg] = segments[i];
        if (!IsTranslatedXliffState(doc, *unit, *seg)) {
          Skip(seg->has_target ? "target not in a translated state" : "no target", seg->line);
          ++report_->read;
          continue;
        }
        if (seg->source.has_cp || seg->target.has_cp) {
          Skip("a character TMX cannot carry (<cp>)", seg->line);
          ++report_->read;
          continue;
        }
        Unit u;
        u.source_lang = file.source_lang;
        u.tuid = unit->segments.size() > 1 && !seg->id.empty() ? unit->id + "#" + seg->id : unit->id;
        u.document = file.original.empty() ? BaseName(path_) : file.original;
        u.position = static_cast<int64_t>(i);
        if (i > 0) u.prev_source = segments[i - 1].second->source.text;
        if (i + 1 < segments.size()) u.next_source = segments[i + 1].second->source.text;
        u.variants.resize(2);
        u.variants[0].lang = file.source_lang;
        u.variants[0].text = seg->source.text;
        u.variants[0].markup = seg->source.markup;
        u.variants[1].lang = file.target_lang;
        u.variants[1].text = seg->target.text;
        u.variants[1].markup = seg->target.markup;
        s = Store(std::move(u), seg->line);
        if (!s.ok()) return s;
      }
    }
    return Status::OK();
  }

  Status Tsv(Writer* writer, const std::string& src, const std::string& tgt) {
    return Run(writer, [&] { return ParseTsv(src, tgt); });
  }

  Status ParseTsv(const std::string& src, const std::string& tgt) {
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
        status = Store(std::move(pending), pending_line);
        if (!status.ok()) break;
      }
      pending = std::move(unit);
      pending_line = line;
      have_pending = true;
    }
    std::free(buf);
    if (status.ok() && std::ferror(f)) status = Status::IOError(path_ + ": " + std::strerror(errno));
    if (status.ok() && have_pending) status = Store(std::move(pending), pending_line);
    return status;
  }

 private:
  static constexpr size_t kBatch = 2048;
  std::string path_;
  ImportOptions options_;
  ImportReport* report_;
  std::vector<Unit> batch_;  // owned by the parsing thread
  BatchQueue queue_;
};

}  // namespace

Status ImportFile(Memory* memory, const std::string& path, const ImportOptions& options, ImportReport* report) {
  std::string format = options.format;
  if (format.empty()) format = (EndsWith(path, ".tsv") || EndsWith(path, ".txt")) ? "tsv" : "tmx";
  if (options.format.empty() && (EndsWith(path, ".xlf") || EndsWith(path, ".xliff"))) format = "xliff";
  if (format != "tmx" && format != "tsv" && format != "xliff") {
    return Status::InvalidArgument("unknown import format '" + format + "' (tmx, tsv or xliff)");
  }
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
        if (format == "xliff") return importer.Xliff(writer);
        return format == "tmx" ? importer.Tmx(writer) : importer.Tsv(writer, src, tgt);
      },
      file_bytes * 4);
}

}  // namespace tmkit
