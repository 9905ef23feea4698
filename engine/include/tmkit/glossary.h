// A terminology glossary in memory: concepts, each with terms per language, their type and
// administrative status (TBX data categories). A value type; safe to read from many threads.
#ifndef TMKIT_GLOSSARY_H_
#define TMKIT_GLOSSARY_H_

#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.h"

namespace tmkit {

// TBX administrativeStatus. Deprecated terms must not be used (an error); superseded ones are
// outdated (a warning). TBX-Min's notRecommended/obsolete map to deprecated/superseded.
enum class TermStatus { kPreferred, kAdmitted, kDeprecated, kSuperseded };

// "preferred", "admitted", "deprecated", "superseded".
const char* TermStatusName(TermStatus status);
// Maps every value of TBX v2's and v3's administrativeStatus picklists (standardizedTerm-admn-sts
// and the plain "standardized" are preferred; legal, regulated and proposed admitted), TBX-Min's
// (notRecommended, obsolete) and "forbidden", in any case. False when the value is none of those.
bool ParseTermStatus(std::string_view value, TermStatus* status);

// Usable in a translation: preferred or admitted.
inline bool IsAllowed(TermStatus s) { return s == TermStatus::kPreferred || s == TermStatus::kAdmitted; }

struct Term {
  std::string text;
  std::string lang;                        // canonical BCP 47 tag as written in the file
  TermStatus status = TermStatus::kAdmitted;  // TBX default when no status is given
  std::string type;                        // TBX termType: fullForm, shortForm, acronym, variant…
  std::string gender;                      // TBX grammaticalGender: masculine, feminine, neuter, other
  std::string part_of_speech;              // TBX partOfSpeech
  std::string note;
  int line = 0;                            // where it was read, for messages (0 = built in code)
};

struct Concept {
  std::string id;
  std::string subject;  // descrip type="subjectField"
  std::string note;     // the concept-level note (e.g. the source of the choice)
  std::vector<Term> terms;
};

class Glossary {
 public:
  std::vector<Concept>& concepts() { return concepts_; }
  const std::vector<Concept>& concepts() const { return concepts_; }
  // The file(s) it was read from, for messages.
  const std::string& origin() const { return origin_; }
  void set_origin(std::string origin) { origin_ = std::move(origin); }
  // What the reader read past rather than refused (empty <term/>s, unknown status values), one
  // line each, "FILE:LINE: what (count)": callers show them as warnings. Append() joins them.
  const std::vector<std::string>& warnings() const { return warnings_; }
  void add_warning(std::string warning) { warnings_.push_back(std::move(warning)); }

  // Appends another glossary's concepts (ids are kept; a repeated id is kept twice, as TBX
  // files from different sources may reuse ids).
  void Append(const Glossary& other);
  void Append(Glossary&& other);

  // Languages used by any term, in order of first appearance.
  std::vector<std::string> Languages() const;

  // The concept's preferred term in `lang` (LanguageMatches), else its first allowed one, else
  // nullptr.
  static const Term* PreferredTerm(const Concept& c, std::string_view lang);

 private:
  std::vector<Concept> concepts_;
  std::string origin_;
  std::vector<std::string> warnings_;
};

// Reads a glossary file, choosing the reader by `format` ("tbx", "tsv", "csv") or, when it is
// empty, by content and name: TBX v2 (martif) or v3 (tbx) when the file is XML, OmegaT's
// comma-separated glossary when the name ends in .csv, its tab-separated one otherwise. XML may be
// UTF-8, UTF-16 with a byte-order mark or declare a single-byte charset; TSV/CSV are UTF-8 or
// UTF-16 with a byte-order mark. TSV/CSV carry no languages, so `src_lang`/`tgt_lang` name
// their two columns (required); from a TBX, when both are given, only their terms are kept.
// What the reader read past is in glossary->warnings().
// Errors name the file and line: InvalidInput for bad content, NotFound/IOError for the file.
// With a `cache_dir` (GlossaryCacheDir(), tmkit/glossary_cache.h), a TBX is compiled there on
// first reading and read back from its image while the file's path, size, time and content hash
// are unchanged; the glossary is the same either way. A cache that cannot be read or written is
// passed over, never an error.
Status ReadGlossaryFile(const std::string& path, std::string_view src_lang, std::string_view tgt_lang,
                        Glossary* glossary, const std::string& cache_dir = std::string(),
                        const std::string& format = std::string());

}  // namespace tmkit

#endif  // TMKIT_GLOSSARY_H_
