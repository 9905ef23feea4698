// A translation unit: the same segment in several languages plus the metadata a TM keeps about it.
// Plain value types; no thread-safety concerns beyond those of std::string/std::vector.
#ifndef TMKIT_UNIT_H_
#define TMKIT_UNIT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tmkit {

// Attributes kept verbatim, in their original order: (name, value).
using Attributes = std::vector<std::pair<std::string, std::string>>;

// A TMX <prop type="..."> (or a note when type is empty in Note): text kept verbatim;
// attrs holds xml:lang / o-encoding as written.
struct Prop {
  std::string type;
  std::string value;
  Attributes attrs;
  bool operator==(const Prop& o) const { return type == o.type && value == o.value && attrs == o.attrs; }
};

struct Note {
  std::string value;
  Attributes attrs;
  bool operator==(const Note& o) const { return value == o.value && attrs == o.attrs; }
};

// One language side of a unit.
struct Variant {
  std::string lang;    // canonical BCP 47 tag ("en-US")
  std::string text;    // the plain text: what is matched, indexed and shown
  std::string markup;  // TMX <seg> content with inline codes (bpt/ept/it/ph/hi/sub/ut), exactly as
                       // tmkit serialises it; empty when the segment has no inline element
  Attributes attrs;    // other <tuv> attributes verbatim (creationdate, usagecount, ...)
  std::vector<Prop> props;
  std::vector<Note> notes;
  bool operator==(const Variant& o) const {
    return lang == o.lang && text == o.text && markup == o.markup && attrs == o.attrs &&
           props == o.props && notes == o.notes;
  }
};

struct Unit {
  uint64_t id = 0;            // assigned by the store; 0 for a unit not stored yet
  std::string tuid;           // TMX tuid, verbatim
  std::string source_lang;    // canonical tag of the source side; empty when unknown (srclang="*all*")
  int64_t created = 0;        // seconds since 1970-01-01 UTC; 0 = unknown
  std::string created_by;
  int64_t changed = 0;
  std::string changed_by;
  std::string document;       // origin document id; empty = unknown
  int64_t position = -1;      // 0-based segment position in the document; -1 = unknown
  std::string prev_source;    // the source segments before and after (for 101% in-context matches)
  std::string next_source;
  Attributes attrs;           // other <tu> attributes verbatim (usagecount, datatype, ...)
  std::vector<Prop> props;
  std::vector<Note> notes;
  std::vector<Variant> variants;

  // The first variant whose language answers `lang` (LanguageMatches), or nullptr.
  const Variant* Find(std::string_view lang) const;

  bool operator==(const Unit& o) const {
    return id == o.id && tuid == o.tuid && source_lang == o.source_lang && created == o.created &&
           created_by == o.created_by && changed == o.changed && changed_by == o.changed_by &&
           document == o.document && position == o.position && prev_source == o.prev_source &&
           next_source == o.next_source && attrs == o.attrs && props == o.props &&
           notes == o.notes && variants == o.variants;
  }
};

// Dates as TMX writes them. Parses "20020125T210600Z" and "2002-01-25T21:06:00Z" (UTC); false
// when `text` is neither.
bool ParseTmxDate(std::string_view text, int64_t* seconds);
// "20020125T210600Z".
std::string FormatTmxDate(int64_t seconds);

}  // namespace tmkit

#endif  // TMKIT_UNIT_H_
