// Analysis by match band (analysis.h, docs/xliff.md): inputs from XLIFF, text and TMX, the best
// match of each segment through Memory::Lookup on a few threads, and the band counts.
#include <atomic>
#include <functional>
#include <set>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "formats/xml_tree.h"
#include "tmkit/analysis.h"
#include "tmkit/lang.h"
#include "tmkit/normalize.h"
#include "tmkit/segmenter.h"
#include "tmkit/tmx.h"
#include "tmkit/utf8.h"
#include "util/strings.h"

namespace tmkit {

const char* BandKey(int band) {
  static const char* keys[] = {"101", "100", "95-99", "85-94", "75-84", "50-74", "no-match"};
  return keys[band];
}

const char* BandLabel(int band) {
  static const char* labels[] = {"Context (101)", "100", "95-99", "85-94", "75-84", "50-74", "No match"};
  return labels[band];
}

int BandOfScore(int score) {
  if (score >= 101) return kBandContext;
  if (score == 100) return kBand100;
  if (score >= 95) return kBand95;
  if (score >= 85) return kBand85;
  if (score >= 75) return kBand75;
  if (score >= 50) return kBand50;
  return kBandNoMatch;
}

namespace {

nlohmann::json CountsJson(const AnalysisCounts& c) {
  return {{"segments", c.segments}, {"words", c.words}, {"characters", c.characters}};
}

void AppendCountsXml(const char* element, const AnalysisCounts& c, const char* extra, std::string* out) {
  out->append("      <").append(element).append(extra);
  out->append(" segments=\"").append(std::to_string(c.segments));
  out->append("\" words=\"").append(std::to_string(c.words));
  out->append("\" characters=\"").append(std::to_string(c.characters));
  out->append("\" placeables=\"0\" tags=\"0\"/>\n");
}

// One document's <analyse> element of Trados Studio's report.
void AppendAnalyseXml(const DocumentAnalysis& a, std::string* out) {
  out->append("    <analyse>\n");
  AppendCountsXml("inContextExact", a.bands[kBandContext], "", out);
  AppendCountsXml("exact", a.bands[kBand100], "", out);
  AppendCountsXml("locked", {}, "", out);
  AppendCountsXml("perfect", {}, "", out);
  AppendCountsXml("repeated", a.repetitions, "", out);
  AppendCountsXml("crossFileRepeated", a.cross_file_repetitions, "", out);
  AppendCountsXml("total", a.all, "", out);
  AppendCountsXml("new", a.bands[kBandNoMatch], "", out);
  AppendCountsXml("fuzzy", a.bands[kBand50], " min=\"50\" max=\"74\"", out);
  AppendCountsXml("fuzzy", a.bands[kBand75], " min=\"75\" max=\"84\"", out);
  AppendCountsXml("fuzzy", a.bands[kBand85], " min=\"85\" max=\"94\"", out);
  AppendCountsXml("fuzzy", a.bands[kBand95], " min=\"95\" max=\"99\"", out);
  out->append("    </analyse>\n");
}

}  // namespace

std::string AnalysisToTradosXml(const AnalysisReport& report, const std::string& tgt_lang, const std::string& tm,
                                const std::string& run_at) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<task name=\"analyse\">\n";
  out += "  <taskInfo taskId=\"tmkit\" runAt=\"";
  AppendXmlAttr(run_at, &out);
  out += "\">\n    <language name=\"";
  AppendXmlAttr(tgt_lang, &out);
  out += "\"/>\n";
  if (!tm.empty()) {
    out += "    <tm name=\"";
    AppendXmlAttr(tm, &out);
    out += "\"/>\n";
  }
  out += "    <settings reportCrossFileRepetitions=\"yes\" minimumMatchScore=\"50\" searchMode=\"bestWins\"/>\n";
  out += "  </taskInfo>\n";
  for (const DocumentAnalysis& a : report.documents) {
    out += "  <file name=\"";
    AppendXmlAttr(a.name, &out);
    out += "\">\n";
    AppendAnalyseXml(a, &out);
    out += "  </file>\n";
  }
  out += "  <batchTotal>\n";
  AppendAnalyseXml(report.total, &out);
  out += "  </batchTotal>\n</task>\n";
  return out;
}

std::string AnalysisToJson(const DocumentAnalysis& a) {
  nlohmann::json bands = nlohmann::json::object();
  for (int b = 0; b < kBandCount; ++b) bands[BandKey(b)] = CountsJson(a.bands[b]);
  nlohmann::json j = {{"bands", bands},
                      {"repetitions", {{"internal", CountsJson(a.repetitions)}, {"cross-file", CountsJson(a.cross_file_repetitions)}}},
                      {"all", CountsJson(a.all)}};
  return j.dump();
}

AnalysisCounts CountSegment(const std::string& text, const std::string& lang) {
  AnalysisCounts c;
  c.segments = 1;
  for (const Token& t : TokenizeForMatching(text, lang)) {
    if (t.kind != TokenKind::kPunct) ++c.words;
  }
  for (size_t i = 0; i < text.size();) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    bool space = b == ' ' || b == '\t' || b == '\n' || b == '\r' ||
                 (len == 2 && b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0);
    if (!space) ++c.characters;
    i += len;
  }
  return c;
}

namespace {

bool Countable(const std::string& text) { return text.find_first_not_of(" \t\r\n") != std::string::npos; }

// Each segment's neighbours, for in-context matches: those of the same XLIFF <file> (another
// <file> is another document), any for text and TMX.
void LinkNeighbours(AnalysisDocument* doc) {
  std::vector<AnalysisSegment>& segs = doc->segments;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (i > 0 && segs[i - 1].file == segs[i].file) segs[i].prev = segs[i - 1].text;
    if (i + 1 < segs.size() && segs[i + 1].file == segs[i].file) segs[i].next = segs[i + 1].text;
  }
}

}  // namespace

AnalysisDocument DocumentFromXliff(const XliffDocument& x) {
  AnalysisDocument doc;
  doc.name = x.path;
  doc.src_lang = x.source_lang;
  doc.tgt_lang = x.target_lang;
  for (size_t f = 0; f < x.files.size(); ++f) {
    const XliffFile& file = x.files[f];
    for (size_t u = 0; u < file.units.size(); ++u) {
      const XliffUnit& unit = file.units[u];
      for (size_t s = 0; s < unit.segments.size(); ++s) {
        const XliffSegment& seg = unit.segments[s];
        if (seg.ignorable || !seg.translate || !Countable(seg.source.text)) continue;
        AnalysisSegment a;
        a.text = seg.source.text;
        a.markup = seg.source.markup;
        a.file = f;
        a.unit = u;
        a.segment = s;
        doc.segments.push_back(std::move(a));
      }
    }
  }
  LinkNeighbours(&doc);
  return doc;
}

Status ReadTextDocument(const std::string& path, const std::string& lang, AnalysisDocument* doc) {
  if (lang.empty()) return Status::InvalidArgument(path + ": a text file needs --src-lang");
  std::string text;
  Status s = ReadFile(path, &text);
  if (!s.ok()) return s;
  std::unique_ptr<Segmenter> segmenter;
  s = Segmenter::Create(lang, SegmenterOptions(), &segmenter);
  if (!s.ok()) return s;
  std::vector<SentenceSpan> spans;
  s = segmenter->SegmentText(text, path, &spans);
  if (!s.ok()) return s;
  *doc = AnalysisDocument();
  doc->name = path;
  doc->src_lang = lang;
  for (const SentenceSpan& span : spans) {
    AnalysisSegment a;
    a.text = SentenceOnOneLine(std::string_view(text).substr(span.start, span.end - span.start));
    if (Countable(a.text)) doc->segments.push_back(std::move(a));
  }
  LinkNeighbours(doc);
  return Status::OK();
}

Status ReadTmxDocument(const std::string& path, const std::string& lang, AnalysisDocument* doc) {
  *doc = AnalysisDocument();
  doc->name = path;
  TmxHeader header;
  std::string want = lang;
  Status s = ReadTmx(path, TmxReadLimits(), &header, [&](Unit&& unit, uint64_t) {
    if (want.empty()) want = header.source_lang;
    if (want.empty()) return Status::InvalidArgument(path + ": the TMX has no srclang; give --src-lang");
    const Variant* v = unit.Find(want);
    if (v != nullptr && Countable(v->text)) {
      AnalysisSegment a;
      a.text = v->text;
      doc->segments.push_back(std::move(a));
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  doc->src_lang = want;
  LinkNeighbours(doc);
  return Status::OK();
}

namespace {

// Runs work(i) for every i in [0, count) on `threads` threads, each index once. Results go by index,
// so what is computed does not depend on which thread took which index. The first error stops the
// others at their next index.
Status ParallelFor(size_t count, int threads, const std::function<Status(size_t)>& work) {
  std::atomic<size_t> next{0};
  std::vector<Status> errors(static_cast<size_t>(std::max(1, std::min<int>(threads, static_cast<int>(count)))));
  auto run = [&](size_t worker) {
    for (size_t i = next++; i < count; i = next++) {
      Status s = work(i);
      if (!s.ok()) {
        errors[worker] = s;
        next = count;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < errors.size(); ++t) pool.emplace_back(run, t);
  run(0);
  for (std::thread& t : pool) t.join();
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// The thresholds a lookup at `min_score` is tried at, highest first. A lookup gathers its
// candidates under the lossless filters of its threshold (docs/matching.md), so one at 50 reads far
// longer posting lists than one at 75 or 100; the best match scoring at least a stage's threshold is
// what the lookup at `min_score` returns, so the stages stop at the first that finds one.
std::vector<int> Stages(int min_score) {
  std::vector<int> stages;
  for (int t : {100, 75}) {
    if (t > min_score) stages.push_back(t);
  }
  stages.push_back(min_score);
  return stages;
}

// The best match of `seg` at `min_score` or above (score 0 when none), through the stages.
Status BestMatch(const AnalysisOptions& options, const AnalysisSegment& seg, int min_score, SegmentMatch* out) {
  *out = SegmentMatch();
  for (int stage : Stages(min_score)) {
    LookupQuery q;
    q.text = seg.text;
    q.markup = seg.markup;
    q.src_lang = options.src_lang;
    q.tgt_lang = options.tgt_lang;
    q.min_score = stage;
    q.limit = 1;
    q.prev_source = seg.prev;
    q.next_source = seg.next;
    std::vector<LookupMatch> found;
    Status s = options.memory->Lookup(q, &found);
    if (!s.ok()) return s;
    if (!found.empty()) {
      out->score = found[0].score.total;
      out->match = std::move(found[0]);
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace

Status MatchSegments(const AnalysisOptions& options, const AnalysisDocument& doc, std::vector<SegmentMatch>* matches) {
  matches->assign(doc.segments.size(), SegmentMatch());
  if (options.memory == nullptr || doc.segments.empty()) return Status::OK();
  // A segment whose text and codes were met before gets the same match: only an exact match
  // depends on the neighbours (101 when they agree), so a repeat is looked up again, at 100 only,
  // when the first occurrence's match was exact.
  std::unordered_map<std::string, size_t> first_of;
  std::vector<size_t> firsts, repeats;
  std::vector<size_t> first(doc.segments.size());
  for (size_t i = 0; i < doc.segments.size(); ++i) {
    const AnalysisSegment& seg = doc.segments[i];
    std::string key = seg.text;
    key += '\0';
    key += seg.markup;
    auto [it, inserted] = first_of.emplace(std::move(key), i);
    first[i] = it->second;
    (inserted ? firsts : repeats).push_back(i);
  }
  Status s = ParallelFor(firsts.size(), options.threads, [&](size_t k) {
    return BestMatch(options, doc.segments[firsts[k]], options.min_score, &(*matches)[firsts[k]]);
  });
  if (!s.ok()) return s;
  return ParallelFor(repeats.size(), options.threads, [&](size_t k) {
    const size_t i = repeats[k];
    const SegmentMatch& earlier = (*matches)[first[i]];
    if (earlier.score < 100) {
      (*matches)[i] = earlier;
      return Status::OK();
    }
    Status st = BestMatch(options, doc.segments[i], 100, &(*matches)[i]);
    if (st.ok() && (*matches)[i].score == 0) {  // a writer changed the TM meanwhile
      st = BestMatch(options, doc.segments[i], options.min_score, &(*matches)[i]);
    }
    return st;
  });
}

Status Analyze(const AnalysisOptions& options, const std::vector<AnalysisDocument>& docs, AnalysisReport* report,
               std::vector<std::vector<SegmentMatch>>* all_matches) {
  *report = AnalysisReport();
  report->total.name = "total";
  if (all_matches) all_matches->clear();
  // text -> the document it was first seen in
  std::unordered_map<std::string, size_t> seen;
  for (size_t d = 0; d < docs.size(); ++d) {
    const AnalysisDocument& doc = docs[d];
    std::vector<SegmentMatch> matches;
    Status s = MatchSegments(options, doc, &matches);
    if (!s.ok()) return s;
    DocumentAnalysis a;
    a.name = doc.name;
    std::string lang = options.src_lang.empty() ? doc.src_lang : options.src_lang;
    std::vector<AnalysisCounts> counts(doc.segments.size());
    s = ParallelFor(doc.segments.size(), options.threads, [&](size_t i) {
      counts[i] = CountSegment(doc.segments[i].text, lang);
      return Status::OK();
    });
    if (!s.ok()) return s;
    for (size_t i = 0; i < doc.segments.size(); ++i) {
      const AnalysisCounts& c = counts[i];
      int band = BandOfScore(matches[i].score);
      auto [it, first] = seen.emplace(CollapseWhitespace(doc.segments[i].text), d);
      if (band == kBandContext || first) {
        a.bands[band].Add(c);
      } else if (it->second == d) {
        a.repetitions.Add(c);
      } else {
        a.cross_file_repetitions.Add(c);
      }
      a.all.Add(c);
    }
    for (int b = 0; b < kBandCount; ++b) report->total.bands[b].Add(a.bands[b]);
    report->total.repetitions.Add(a.repetitions);
    report->total.cross_file_repetitions.Add(a.cross_file_repetitions);
    report->total.all.Add(a.all);
    report->documents.push_back(std::move(a));
    if (all_matches) all_matches->push_back(std::move(matches));
  }
  return Status::OK();
}

}  // namespace tmkit
