// TMX 1.4b in and out (docs/tmx.md). The reader streams: memory stays bounded by the largest unit,
// whatever the file size. Reader and writer objects are not thread-safe; use one per thread.
// Errors are Status values naming the file and line:column.
#ifndef TMKIT_TMX_H_
#define TMKIT_TMX_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/output_file.h"
#include "tmkit/status.h"
#include "tmkit/unit.h"

namespace tmkit {

// A TMX file's header. A TM keeps the headers of the TMX files imported into it, merged into one
// (Writer::AddTmxHeader, docs/tm-format.md "tmx_header"), and an export writes it back.
struct TmxHeader {
  std::string version;      // as written: "1.4", "1.4b", "1.1"
  std::string source_lang;  // canonical tag, or empty for "*all*" / absent
  Attributes root_attrs;    // the <tmx> element's attributes but version (xmlns:sdl="...") verbatim
  Attributes attrs;         // every <header> attribute verbatim
  std::vector<Prop> props;
  std::vector<Note> notes;
  // What a TM stores of a header (version and source_lang are not: an export is TMX 1.4, and each
  // unit carries its own source language).
  bool empty() const { return root_attrs.empty() && attrs.empty() && props.empty() && notes.empty(); }
  bool operator==(const TmxHeader& o) const {
    return root_attrs == o.root_attrs && attrs == o.attrs && props == o.props && notes == o.notes;
  }
};

// Adds to `stored` what `incoming` (the header of a later import) carries and it lacks: attributes
// it does not have, props and notes not already there, in order. An attribute it has with another
// value is kept as a prop "x-tmkit-header-NAME" (srclang excepted: every unit carries its own).
// True when anything was added.
bool MergeTmxHeader(const TmxHeader& incoming, TmxHeader* stored);

struct TmxReadLimits {
  size_t max_segment_bytes = 1 << 20;  // a longer <seg> is an error, not an allocation
  size_t max_unit_variants = 1000;
};

// Called once per <tu>, in file order. `line` is where the <tu> starts. Variants keep empty
// segments; deciding what to store is the caller's business. Returning non-OK stops the read.
using TmxUnitSink = std::function<Status(Unit&& unit, uint64_t line)>;

// Called once per problem that does not stop the read (a language tag that is not BCP 47, an
// element TMX does not define), with the line where it was met.
using TmxWarningSink = std::function<void(const std::string& message, uint64_t line)>;

// Reads `path` (UTF-8, UTF-16 with BOM, US-ASCII, or a declared single-byte charset such as
// windows-1252). `header` (optional) is filled before the first unit. Never fetches external
// entities or DTDs; entity declarations are refused. InvalidInput "PATH:LINE:COL: message" for
// malformed XML, a missing or malformed xml:lang, an inline element TMX does not define.
Status ReadTmx(const std::string& path, const TmxReadLimits& limits, TmxHeader* header,
               const TmxUnitSink& on_unit, const TmxWarningSink& on_warning = nullptr);

struct TmxWriteOptions {
  std::string source_lang;  // header srclang and the tuv written first; empty = "*all*"
  std::string creation_tool = "tmkit";
  std::string creation_tool_version = "0.1.0";
  std::string segtype = "sentence";
  std::string datatype = "plaintext";
  std::vector<std::string> langs;  // when not empty, only variants answering one of these, and
                                   // (with two or more listed) only units keeping two of them
  TmxHeader header;  // the TM's stored header (Memory::GetTmxHeader): its attributes, props and
                     // notes go out in the export's <header> (docs/tmx.md); empty = tmkit's own
};

// Writes TMX 1.4 valid against tmx14.dtd and tmx14.xsd. The file appears under its name only
// when Finish() succeeds (through an OutputFile: a fresh temporary, then renamed; "-" is standard
// output); destroying an unfinished writer removes the temporary file.
class TmxWriter {
 public:
  static Status Create(const std::string& path, const TmxWriteOptions& options,
                       std::unique_ptr<TmxWriter>* writer);
  ~TmxWriter();
  // Writes one unit; returns false in *written when no variant survived the language filter.
  Status Write(const Unit& unit, bool* written);
  Status Finish();

 private:
  TmxWriter() = default;
  void Flush();
  TmxWriteOptions options_;
  std::unique_ptr<OutputFile> file_;
  std::string buffer_;
  Status status_;  // the first failed write
};

}  // namespace tmkit

#endif  // TMKIT_TMX_H_
