// XLIFF 1.2 and 2.0/2.1/2.2 read into one document model (docs/xliff.md): files, groups, units,
// segments, their inline codes mapped onto the TM's TMX code model, states and notes. The reader
// checks the processing requirements of XLIFF 2 (ids, references, pairing of codes) and refuses a
// file that breaks one. Values only; thread-safe to read. Errors are Status values "FILE:LINE:COL:".
#ifndef TMKIT_XLIFF_H_
#define TMKIT_XLIFF_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/status.h"

namespace tmkit {

// An inline code of a segment, in order of appearance, as the TM sees it.
struct XliffCode {
  enum class Kind { kOpen, kClose, kStandalone, kIsolatedOpen, kIsolatedClose };
  Kind kind = Kind::kStandalone;
  std::string id;      // the XLIFF id (for a closing code, the id of its opening one)
  std::string tag;     // the element as written in the file ("<pc id=\"1\">", "</pc>", "<x id=\"2\"/>")
  std::string type;    // ctype (1.2) / type (2.x), may be empty
};

struct XliffText {
  std::string text;    // plain text: what is matched and counted (codes dropped, code content kept
                       // for <g>/<pc>/<mrk>, native content dropped for 1.2 <ph>/<bpt>/<ept>/<it>)
  std::string markup;  // the same as TMX <seg> content (bpt/ept/ph/it/hi), empty without codes
  std::vector<XliffCode> codes;
  bool has_cp = false; // holds a 2.x <cp/>: a character XML cannot carry
};

struct XliffSegment {
  std::string id;          // 2.x segment id, 1.2 mrk mid; may be empty
  bool ignorable = false;  // 2.x <ignorable>: not translatable, not counted
  bool translate = true;   // translate="no" inherited from unit/group/file
  XliffText source;
  bool has_target = false;
  XliffText target;
  std::string state;       // 2.x segment state / 1.2 target state; empty when absent
  std::string sub_state;   // 2.x subState / 1.2 state-qualifier
  uint64_t line = 0;       // where the segment (1.2: the trans-unit or mrk) starts
  // Where the writer splices (internal): element indexes in the parsed tree, -1 when absent.
  int element = -1, source_element = -1, target_element = -1;
};

struct XliffNote {
  std::string text;
  std::string category;  // 2.x category / 1.2 from
  std::string applies_to;
};

struct XliffUnit {
  std::string id;        // unit id / trans-unit id
  std::string name;      // 2.x name / 1.2 resname
  std::vector<std::string> groups;  // ids of the enclosing groups, outermost first
  bool translate = true;
  bool approved = false;  // 1.2 approved="yes"
  std::vector<XliffNote> notes;
  std::vector<XliffSegment> segments;
  uint64_t line = 0;
  // Where the writer splices (internal): the element index in the parsed tree.
  int element = -1;
};

struct XliffFile {
  std::string id;        // 2.x file id; 1.2 has none
  std::string original;  // the original document's name (1.2 original=, 2.x original=)
  std::string source_lang, target_lang;  // canonical tags; target may be empty
  std::vector<XliffNote> notes;
  std::vector<XliffUnit> units;
};

struct XliffTree;  // the parsed bytes, kept for the writer (engine/formats)

struct XliffDocument {
  std::string path;
  std::string version;   // "1.2", "2.0", "2.1", "2.2"
  std::string source_lang, target_lang;  // canonical; 1.2: those of the first <file>
  std::vector<XliffFile> files;
  std::shared_ptr<const XliffTree> tree;

  bool is_v2() const { return !version.empty() && version[0] == '2'; }
};

struct XliffReadOptions {
  // Fragment-identifier prefixes registered beside the modules' (mtc, gls, ...), as in the OASIS
  // suite's extra-prefixes.properties; others are refused.
  std::vector<std::string> extra_fragment_prefixes;
};

// Reads and checks `path`. InvalidInput "PATH:LINE:COL: message" for anything that is not a
// well-formed XLIFF 1.2 or 2.x document, or that breaks one of its processing requirements.
Status ReadXliff(const std::string& path, XliffDocument* doc, const XliffReadOptions& options = {});
// The same over bytes in memory; `name` stands for the file in messages.
Status ParseXliff(std::string bytes, const std::string& name, XliffDocument* doc,
                  const XliffReadOptions& options = {});

// True when the first bytes of `head` look like an XLIFF document (an <xliff root).
bool LooksLikeXliff(const std::string& head);

// Whether `seg` holds a translation to take into a TM: a non-empty target in state translated,
// signed-off or final (1.2; a target without state counts when the trans-unit is approved="yes"),
// translated, reviewed or final (2.x).
bool IsTranslatedXliffState(const XliffDocument& doc, const XliffUnit& unit, const XliffSegment& seg);

// The TMX markup of a TM segment turned back into XLIFF inline content for `doc`'s version,
// placing each code of the TM where the segment's own `source` codes are (matched by id, else by
// position). False when a code of the TM segment has no counterpart in `source`.
bool PlaceCodes(const XliffDocument& doc, const XliffText& source, const std::string& tm_source_markup,
                const std::string& tm_text, const std::string& tm_markup, std::string* xliff_content);

}  // namespace tmkit

#endif  // TMKIT_XLIFF_H_
