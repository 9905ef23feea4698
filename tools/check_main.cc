// tmkit check: pre-publish QA of a translation against glossaries (and a TM): reads the input,
// runs tmkit::Checker (or, given only --tm, the TM's consistency report), prints text/JSON/HTML,
// exits 1 when a finding reaches --fail-on.
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli.h"
#include "tmkit/aligner.h"
#include "tmkit/archive_names.h"
#include "tmkit/bilingual_dictionary.h"
#include "tmkit/check_report.h"
#include "tmkit/checker.h"
#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/segmenter.h"
#include "tmkit/tmx.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

struct Options {
  std::vector<std::string> inputs;
  std::vector<std::string> glossaries;
  std::string src_lang = "en";
  std::string tgt_lang;
  std::string format = "text";
  std::string fail_on = "error";
  std::string output;
  std::string tm;
  std::vector<std::string> skip;
  bool presegmented = false;
  bool no_glossary_cache = false;
  std::string glossary_format;
};

Status ReadText(const std::string& path, std::string* text) {
  Status s = ReadFile(path, text);
  if (s.ok()) s = ValidateUtf8(*text, path);
  if (s.ok()) text->erase(0, Utf8BomLength(*text));
  return s;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = nl + 1;
  }
  return lines;
}

// A bilingual TSV: "source<TAB>target" per line.
Status ReadBilingualTsv(const std::string& path, std::vector<SegmentPair>* out) {
  std::string text;
  Status s = ReadText(path, &text);
  if (!s.ok()) return s;
  int n = 0;
  for (const std::string& line : Lines(text)) {
    ++n;
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) {
      size_t cols = 1;
      for (char c : line) cols += c == '\t';
      return Status::InvalidInput(path + ":" + std::to_string(n) + ": expected 2 tab-separated columns (source, target), found " +
                                  std::to_string(cols));
    }
    out->push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return Status::OK();
}

// A TMX file: one segment per unit holding both languages (units without either are not this
// language pair's business), streamed.
Status ReadTmxPairs(const std::string& path, const std::string& src_lang, const std::string& tgt_lang,
                    std::vector<SegmentPair>* out) {
  return ReadTmx(path, TmxReadLimits(), nullptr, [&](Unit&& unit, uint64_t) {
    const Variant* s = unit.Find(src_lang);
    const Variant* t = unit.Find(tgt_lang);
    if (s != nullptr && t != nullptr && s != t) out->push_back({s->text, t->text});
    return Status::OK();
  });
}

// TMX by name, or by content: a UTF-16 byte-order mark or markup first.
bool LooksLikeTmx(const std::string& path) {
  if (path.size() >= 4 && (path.compare(path.size() - 4, 4, ".tmx") == 0 || path.compare(path.size() - 4, 4, ".TMX") == 0)) {
    return true;
  }
  std::ifstream f(path, std::ios::binary);
  char head[64] = {};
  f.read(head, sizeof head);
  std::string_view h(head, static_cast<size_t>(f.gcount()));
  if (h.substr(0, 2) == "\xFF\xFE" || h.substr(0, 2) == "\xFE\xFF") return true;
  h.remove_prefix(std::min(h.size(), Utf8BomLength(std::string(h))));
  size_t first = h.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && h[first] == '<';
}

// One sentence per line; a blank line starts a paragraph.
void LinesToSentences(const std::string& text, SentenceList* out) {
  bool paragraph_break = false;
  for (std::string& line : Lines(text)) {
    if (line.find_first_not_of(" \t") == std::string::npos) {
      paragraph_break = true;
      continue;
    }
    if (paragraph_break && !out->sentences.empty()) out->paragraph_starts.push_back(out->sentences.size());
    paragraph_break = false;
    out->sentences.push_back(std::move(line));
  }
}

Status SegmentDocument(const std::string& text, const std::string& path, const std::string& lang, SentenceList* out) {
  std::unique_ptr<Segmenter> segmenter;
  Status s = Segmenter::Create(lang, SegmenterOptions(), &segmenter);
  if (!s.ok()) return s;
  std::vector<SentenceSpan> spans;
  std::vector<size_t> paragraph_of;
  s = segmenter->SegmentText(text, path, &spans, &paragraph_of);
  if (!s.ok()) return s;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (i > 0 && paragraph_of[i] != paragraph_of[i - 1]) out->paragraph_starts.push_back(i);
    out->sentences.push_back(SentenceOnOneLine(std::string_view(text).substr(spans[i].start, spans[i].end - spans[i].start)));
  }
  return Status::OK();
}

// A document and its translation: segmented (unless presegmented), then aligned exactly as
// `tmkit align --glossary` aligns them (same segmenter, dictionary and glossary evidence); each
// bead is one segment.
Status ReadAligned(const Options& o, const std::string& src_lang, const std::string& tgt_lang,
                   const Glossary& glossary, std::vector<SegmentPair>* out) {
  std::string a, b;
  Status s = ReadText(o.inputs[0], &a);
  if (s.ok()) s = ReadText(o.inputs[1], &b);
  if (!s.ok()) return s;
  SentenceList src, tgt;
  if (o.presegmented) {
    LinesToSentences(a, &src);
    LinesToSentences(b, &tgt);
  } else {
    s = SegmentDocument(a, o.inputs[0], src_lang, &src);
    if (s.ok()) s = SegmentDocument(b, o.inputs[1], tgt_lang, &tgt);
    if (!s.ok()) return s;
  }
  AlignerOptions options;
  options.src_lang = src_lang;
  options.tgt_lang = tgt_lang;
  BilingualDictionary dictionary;
  bool have_dictionary = dictionary.LoadInstalled(BilingualDictionary::kDefaultDictdDir, src_lang, tgt_lang).ok();
  Aligner aligner(options, have_dictionary ? &dictionary : nullptr);
  aligner.AddGlossaryNames(glossary);  // as `tmkit align --glossary` does
  Alignment alignment = aligner.Align(src, tgt);
  auto join = [](const SentenceList& l, uint32_t begin, uint32_t end) {
    std::string j;
    for (uint32_t i = begin; i < end; ++i) j += (i > begin ? " " : "") + l.sentences[i];
    return j;
  };
  for (const Bead& bead : alignment.beads) {
    out->push_back({join(src, bead.src_begin, bead.src_end), join(tgt, bead.tgt_begin, bead.tgt_end)});
  }
  return Status::OK();
}

int Run(const Options& o) {
  std::string src, tgt;
  Status s = CanonicalKnownLanguage(o.src_lang, &src);  // any BCP 47 language (kLanguageHelp)
  if (s.ok()) s = CanonicalKnownLanguage(o.tgt_lang, &tgt);
  if (s.ok() && o.inputs.empty() && o.tm.empty()) {
    s = Status::InvalidArgument("give a bilingual TSV or TMX file, a source and a translation file, or --tm");
  }
  if (!s.ok()) return Fail(s);
  Severity fail_on;
  ParseSeverity(o.fail_on, &fail_on);
  std::unique_ptr<Memory> tm;
  if (!o.tm.empty()) {
    s = OpenForReading(o.tm, &tm);
    if (!s.ok()) return Fail(s);
  }
  Glossary glossary;
  for (const std::string& path : o.glossaries) {
    s = ReadGlossaryFile(path, src, tgt, &glossary, o.no_glossary_cache ? std::string() : GlossaryCacheDir(),
                         o.glossary_format);
    if (!s.ok()) return Fail(s);
  }
  for (const std::string& w : glossary.warnings()) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
  std::vector<SegmentPair> segments;  // what the report shows: the checked segments, or TM units
  std::vector<Finding> findings;
  if (o.inputs.empty()) {
    s = FindTmInconsistencies(*tm, src, tgt, &findings, &segments);
    if (s.ok()) s = AddArchiveNameFindings(*tm, src, tgt, o.skip, &findings, &segments);  // names, docs/names.md
  } else {
    if (o.inputs.size() == 2) {
      s = ReadAligned(o, src, tgt, glossary, &segments);
    } else if (LooksLikeTmx(o.inputs[0])) {
      s = ReadTmxPairs(o.inputs[0], src, tgt, &segments);
    } else {
      s = ReadBilingualTsv(o.inputs[0], &segments);
    }
    if (!s.ok()) return Fail(s);
    CheckOptions options;
    options.src_lang = src;
    options.tgt_lang = tgt;
    options.skip = o.skip;
    std::unique_ptr<Checker> checker;
    s = Checker::Create(glossary, options, &checker);
    if (s.ok()) {
      if (tm != nullptr) {
        s = checker->Check(segments, *tm, &findings);
      } else {
        findings = checker->Check(segments);
      }
    }
  }
  if (!s.ok()) return Fail(s);
  std::string report;
  if (o.format == "json") {
    report = FindingsToJson(findings, segments);
  } else if (o.format == "html") {
    report = FindingsToHtml(findings, segments, "tmkit check: " + (o.inputs.empty() ? o.tm : o.inputs.back()));
  } else {
    report = FindingsToText(findings, segments);
    report += (o.inputs.empty() ? "TM " + o.tm : std::to_string(segments.size()) + " segments") + ", " +
              CountsLine(findings) + "\n";
  }
  s = WriteWholeFile(o.output, report);
  if (!s.ok()) return Fail(s);
  for (const Finding& f : findings) {
    if (f.severity >= fail_on) return kExitFindings;
  }
  return kExitOk;
}

}  // namespace

TMKIT_VERB(check, "check", "Check a translation: glossary names and terms, consistency, numbers, spelling", [](CLI::App* app) {
  auto o = std::make_shared<Options>();
  app->add_option("INPUT", o->inputs,
                  _("A bilingual TSV (source<TAB>target per line) or TMX file, or a SOURCE document and its TRANSLATION "
                    "(segmented and aligned by tmkit); none with --tm: the TM's own consistency report"))
      ->expected(0, 2);
  app->add_option("--glossary,-g", o->glossaries, _("Glossary: TBX (v2 or v3) or OmegaT TSV; repeatable"))->allow_extra_args(false);
  app->add_option("--src-lang", o->src_lang, _("Source language (default en)"));
  app->add_option("--tgt-lang", o->tgt_lang, _("Target language. ") + _(kLanguageHelp))->required();
  app->add_option("--glossary-format", o->glossary_format, _("tbx, tsv or csv (default: by content and name)"))
      ->check(OneOf({"tbx", "tsv", "csv"}));
  app->add_option("--format", o->format, _("text, json or html"))->check(OneOf({"text", "json", "html"}));
  app->add_option("--fail-on", o->fail_on, _("Exit 1 when a finding has this severity or higher (default error)"))
      ->check(OneOf({"note", "warning", "error"}));
  app->add_option("--skip", o->skip, _("Check id not to run; repeatable"))->allow_extra_args(false);
  app->add_flag("--presegmented", o->presegmented, _("SOURCE and TRANSLATION hold one sentence per line (blank line = paragraph)"));
  app->add_option("--tm", o->tm, _("Translation memory: the reference of the consistency and name checks"));
  app->add_flag("--no-glossary-cache", o->no_glossary_cache,
               _("Parse TBX glossaries afresh, without reading or writing their compiled images (docs/glossary.md)"));
  app->add_option("--output,-o", o->output, _("Write the report here instead of stdout"));
  return [o]() -> int { return Run(*o); };
});

}  // namespace tmkit::cli
