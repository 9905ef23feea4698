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
// Accepts the plain names, the TBX-Basic picklist values ("preferredTerm-admn-sts"), TBX-Min's
// (notRecommended, obsolete) and "forbidden". False when the value is none of those.
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
};

// Reads a glossary file, choosing the reader by content: TBX v2 (martif) or v3 (tbx) when the
// first element says so, an OmegaT tab-separated glossary otherwise. The TSV format carries no
// languages, so `src_lang`/`tgt_lang` name its two columns (required for TSV); from a TBX, when
// both are given, only their terms are kept.
// Errors name the file and line: InvalidInput for bad content, NotFound/IOError for the file.
// With a `cache_dir` (GlossaryCacheDir(), tmkit/glossary_cache.h), a TBX is compiled there on
// first reading and read back from its image while the file's path, size, time and content hash
// are unchanged; the glossary is the same either way. A cache that cannot be read or written is
// passed over, never an error.
Status ReadGlossaryFile(const std::string& path, std::string_view src_lang, std::string_view tgt_lang,
                        Glossary* glossary, const std::string& cache_dir = std::string());

}  // namespace tmkit

#endif  // TMKIT_GLOSSARY_H_
