// Analysis by match band (analysis.h, docs/xliff.md): inputs from XLIFF, text and TMX, the best
// match of each segment through Memory::Lookup on a few threads, and the band counts.
#include <atomic>
#include <set>
#include <thread>
#include <unordered_map>

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

void LinkNeighbours(AnalysisDocument* doc) {
  for (size_t i = 0; i < doc->segments.size(); ++i) {
    if (i > 0) doc->segments[i].prev = doc->segments[i - 1].text;
    if (i + 1 < doc->segments.size()) doc->segments[i].next = doc->segments[i + 1].text;
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

Status MatchSegments(const AnalysisOptions& options, const AnalysisDocument& doc, std::vector<SegmentMatch>* matches) {
  matches->assign(doc.segments.size(), SegmentMatch());
  if (options.memory == nullptr || doc.segments.empty()) return Status::OK();
  std::atomic<size_t> next{0};
  std::vector<Status> errors(static_cast<size_t>(std::max(1, options.threads)));
  auto work = [&](size_t worker) {
    for (size_t i = next++; i < doc.segments.size(); i = next++) {
      const AnalysisSegment& seg = doc.segments[i];
      LookupQuery q;
      q.text = seg.text;
      q.markup = seg.markup;
      q.src_lang = options.src_lang;
      q.tgt_lang = options.tgt_lang;
      q.min_score = options.min_score;
      q.limit = 1;
      q.prev_source = seg.prev;
      q.next_source = seg.next;
      std::vector<LookupMatch> found;
      Status s = options.memory->Lookup(q, &found);
      if (!s.ok()) {
        errors[worker] = s;
        next = doc.segments.size();
        return;
      }
      if (!found.empty()) {
        (*matches)[i].score = found[0].score.total;
        (*matches)[i].match = std::move(found[0]);
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < errors.size(); ++t) threads.emplace_back(work, t);
  work(0);
  for (std::thread& t : threads) t.join();
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }
  return Status::OK();
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
    for (size_t i = 0; i < doc.segments.size(); ++i) {
      AnalysisCounts c = CountSegment(doc.segments[i].text, lang);
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
