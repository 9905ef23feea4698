// Analysis of files against a TM, as CAT tools report it before a job (docs/xliff.md, "analyze"):
// segments, words and characters per match band, with internal and cross-file repetitions. The
// best match of each segment comes from Memory::Lookup, the call `tmkit lookup` makes, so the %
// are the same. Functions are thread-safe over a shared Memory; results are values.
#ifndef TMKIT_ANALYSIS_H_
#define TMKIT_ANALYSIS_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tmkit/memory.h"
#include "tmkit/status.h"
#include "tmkit/xliff.h"

namespace tmkit {

// One translatable source segment of a document, with its neighbours (for 101% matches).
struct AnalysisSegment {
  std::string text;
  std::string markup;            // TMX markup when the segment has inline codes
  std::string prev, next;
  size_t unit = 0, segment = 0;  // XLIFF: indexes into the file's units and the unit's segments
  size_t file = 0;               // XLIFF: index into XliffDocument::files
};

struct AnalysisDocument {
  std::string name;
  std::string src_lang, tgt_lang;  // as the file says (may be empty for text)
  std::vector<AnalysisSegment> segments;
};

// The translatable segments of an XLIFF document (translate="no" and ignorables left out, and
// segments without any word or character).
AnalysisDocument DocumentFromXliff(const XliffDocument& doc);
// A plain-text file cut into sentences (tmkit segment's rules for `lang`), or a TMX file's
// segments in `lang` (the header's srclang when `lang` is empty). Errors name the file.
Status ReadTextDocument(const std::string& path, const std::string& lang, AnalysisDocument* doc);
Status ReadTmxDocument(const std::string& path, const std::string& lang, AnalysisDocument* doc);

struct AnalysisCounts {
  uint64_t segments = 0, words = 0, characters = 0;
  void Add(const AnalysisCounts& o) {
    segments += o.segments;
    words += o.words;
    characters += o.characters;
  }
};

// Words and characters as docs/xliff.md says: words are ICU word-boundary tokens holding a letter
// or digit (the matcher's words and numbers); characters are code points other than white space.
AnalysisCounts CountSegment(const std::string& text, const std::string& lang);

enum AnalysisBand { kBandContext, kBand100, kBand95, kBand85, kBand75, kBand50, kBandNoMatch, kBandCount };
// "101", "100", "95-99", "85-94", "75-84", "50-74", "no-match".
const char* BandKey(int band);
// Context (101), 100, 95-99, ...: for people.
const char* BandLabel(int band);
// The band of a match score (0 = no match).
int BandOfScore(int score);

struct DocumentAnalysis {
  std::string name;
  std::array<AnalysisCounts, kBandCount> bands{};
  AnalysisCounts repetitions;             // a segment seen earlier in the same file
  AnalysisCounts cross_file_repetitions;  // first seen in an earlier file
  AnalysisCounts all;                     // everything counted, bands + repetitions
};

struct AnalysisOptions {
  const Memory* memory = nullptr;  // null: no TM, every first occurrence is "no match"
  std::string src_lang, tgt_lang;
  int min_score = 50;
  int threads = 2;
};

// The best match of each segment (score 0 and an empty match when none reaches min_score).
struct SegmentMatch {
  int score = 0;
  LookupMatch match;
};

Status MatchSegments(const AnalysisOptions& options, const AnalysisDocument& doc, std::vector<SegmentMatch>* matches);

// One document's counts as `tmkit analyze --format json` prints each file (docs/xliff.md): a JSON
// object {"bands":{"101":{"segments","words","characters"}, …, "no-match":…},
// "repetitions":{"internal":…,"cross-file":…},"all":…}.
std::string AnalysisToJson(const DocumentAnalysis& analysis);

struct AnalysisReport {
  std::vector<DocumentAnalysis> documents;
  DocumentAnalysis total;
};

// The whole report as Trados Studio's analysis XML (<task name="analyse">, which other tools read):
// a <file> per document and the <batchTotal>; `tgt_lang`, `tm` (omitted when empty) and `run_at`
// (ISO 8601, UTC) go into <taskInfo>.
std::string AnalysisToTradosXml(const AnalysisReport& report, const std::string& tgt_lang, const std::string& tm,
                                const std::string& run_at);

// Counts each document's segments by band; a segment whose text (white space collapsed) was seen
// before is a repetition instead, unless it is an in-context (101) match; the first occurrence
// goes into its band. `matches` (optional) receives each document's best matches.
Status Analyze(const AnalysisOptions& options, const std::vector<AnalysisDocument>& docs, AnalysisReport* report,
               std::vector<std::vector<SegmentMatch>>* matches = nullptr);

}  // namespace tmkit

#endif  // TMKIT_ANALYSIS_H_
