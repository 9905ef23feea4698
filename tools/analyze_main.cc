// tmkit analyze: how much of XLIFF, text or TMX files a TM covers, by match band (docs/xliff.md).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "lean_memory.h"
#include "tmkit/analysis.h"
#include "tmkit/lang.h"
#include "tmkit/utf8.h"
#include "tmkit/xliff.h"

namespace {

struct Options {
  std::string tm, src_lang, tgt_lang, format = "text", out = "-";
  std::vector<std::string> files;
};

bool EndsWithCi(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  }
  return true;
}

// XLIFF by name or by its root; TMX likewise; anything else is text.
tmkit::Status LoadDocument(const std::string& path, const Options& o, tmkit::AnalysisDocument* doc) {
  using namespace tmkit;
  std::string head;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[1024];
    size_t n = std::fread(buf, 1, sizeof buf, f);
    head.assign(buf, n);
    std::fclose(f);
  }
  bool xliff = EndsWithCi(path, ".xlf") || EndsWithCi(path, ".xliff") || LooksLikeXliff(head);
  bool tmx = EndsWithCi(path, ".tmx") || head.find("<tmx") != std::string::npos;
  if (xliff) {
    XliffDocument x;
    Status s = ReadXliff(path, &x);
    if (!s.ok()) return s;
    *doc = DocumentFromXliff(x);
    return Status::OK();
  }
  if (tmx) return ReadTmxDocument(path, o.src_lang, doc);
  return ReadTextDocument(path, o.src_lang, doc);
}

nlohmann::json AnalysisJson(const tmkit::DocumentAnalysis& a) { return nlohmann::json::parse(tmkit::AnalysisToJson(a)); }

std::string Report(const Options& o, const tmkit::AnalysisReport& r, const std::string& src, const std::string& tgt) {
  using namespace tmkit;
  std::string out;
  if (o.format == "json") {
    nlohmann::json files = nlohmann::json::array();
    for (const DocumentAnalysis& a : r.documents) {
      nlohmann::json j = AnalysisJson(a);
      j["file"] = a.name;
      files.push_back(j);
    }
    nlohmann::json j = {{"files", files}, {"total", AnalysisJson(r.total)}, {"src_lang", src}};
    if (!tgt.empty()) j["tgt_lang"] = tgt;
    if (!o.tm.empty()) j["tm"] = o.tm;
    return j.dump() + "\n";
  }
  if (o.format == "csv") {
    out = "file,band,segments,words,characters\n";
    auto rows = [&](const DocumentAnalysis& a, const std::string& name) {
      std::string quoted = "\"";
      for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += "\"";
      auto row = [&](const std::string& band, const AnalysisCounts& c) {
        out += quoted + "," + band + "," + std::to_string(c.segments) + "," + std::to_string(c.words) + "," +
               std::to_string(c.characters) + "\n";
      };
      for (int b = 0; b < kBandCount; ++b) row(BandKey(b), a.bands[b]);
      row("repetitions", a.repetitions);
      row("cross-file-repetitions", a.cross_file_repetitions);
      row("total", a.all);
    };
    for (const DocumentAnalysis& a : r.documents) rows(a, a.name);
    rows(r.total, "total");
    return out;
  }
  if (o.format == "xml") {
    std::time_t now = std::time(nullptr);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return AnalysisToTradosXml(r, tgt, o.tm, when);
  }
  // Columns padded by characters, not bytes: the labels may be Russian or Arabic (tools/po).
  auto cell = [](const std::string& text, size_t width, bool left) {
    size_t chars = CountCodePoints(text);
    std::string pad(chars < width ? width - chars : 0, ' ');
    return left ? text + pad : pad + text;
  };
  auto table = [&](const DocumentAnalysis& a, const std::string& title) {
    out += title + "\n";
    out += "  " + cell(cli::_("band"), 24, true) + " " + cell(cli::_("segments"), 9, false) + " " +
           cell(cli::_("words"), 9, false) + " " + cell(cli::_("characters"), 11, false) + "\n";
    auto row = [&](const std::string& label, const AnalysisCounts& c) {
      out += "  " + cell(label, 24, true) + " " + cell(std::to_string(c.segments), 9, false) + " " +
             cell(std::to_string(c.words), 9, false) + " " + cell(std::to_string(c.characters), 11, false) + "\n";
    };
    row(cli::_("Repetitions"), a.repetitions);
    row(cli::_("Cross-file repetitions"), a.cross_file_repetitions);
    for (int b = 0; b < kBandCount; ++b) row(cli::_(BandLabel(b)), a.bands[b]);
    row(cli::_("Total"), a.all);
  };
  for (const DocumentAnalysis& a : r.documents) table(a, a.name);
  if (r.documents.size() > 1) table(r.total, cli::_("All files"));
  return out;
}

}  // namespace

TMKIT_VERB(analyze, "analyze", "Analyse XLIFF, text or TMX files against a TM by match band", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory (without it: word counts and repetitions only)"));
  app->add_option("--src-lang", opts->src_lang, tmkit::cli::_("source language (default: the XLIFF's)"));
  app->add_option("--tgt-lang", opts->tgt_lang, tmkit::cli::_("target language (default: the XLIFF's)"));
  app->add_option("--format", opts->format, tmkit::cli::_("text, json, csv or xml (Trados-style report)"))
      ->check(tmkit::cli::OneOf({"text", "json", "csv", "xml"}));
  app->add_option("-o,--out", opts->out, tmkit::cli::_("write the report here (default: standard output)"));
  app->add_option("FILE", opts->files, tmkit::cli::_("XLIFF 1.2/2.x, TMX or plain-text files"))->required();
  return [opts]() -> int {
    using namespace tmkit;
    ReturnFreedMemoryPromptly();
    std::vector<AnalysisDocument> docs;
    for (const std::string& path : opts->files) {
      AnalysisDocument doc;
      Status s = LoadDocument(path, *opts, &doc);
      if (!s.ok()) return cli::Fail(s);
      docs.push_back(std::move(doc));
    }
    AnalysisOptions options;
    options.src_lang = opts->src_lang.empty() ? docs[0].src_lang : opts->src_lang;
    options.tgt_lang = opts->tgt_lang.empty() ? docs[0].tgt_lang : opts->tgt_lang;
    for (std::string* lang : {&options.src_lang, &options.tgt_lang}) {
      if (lang->empty()) continue;
      Status s = CanonicalLanguageTag(*lang, lang);
      if (!s.ok()) return cli::Fail(s);
    }
    for (const AnalysisDocument& doc : docs) {
      if (opts->src_lang.empty() && !doc.src_lang.empty() && PrimaryLanguage(doc.src_lang) != PrimaryLanguage(options.src_lang)) {
        return cli::Fail(Status::InvalidInput(doc.name + ": source language " + doc.src_lang + ", but " + docs[0].name +
                                              " has " + options.src_lang + " (give --src-lang)"));
      }
    }
    std::unique_ptr<Memory> memory;
    if (!opts->tm.empty()) {
      if (options.tgt_lang.empty()) {
        return cli::Fail(Status::InvalidArgument(docs[0].name + ": no target language; give --tgt-lang"));
      }
      Status s = cli::OpenForReading(opts->tm, &memory);
      if (s.ok()) {
        s = cli::RequireHeldLanguages(*memory, opts->tm, {{"--src-lang", options.src_lang}, {"--tgt-lang", options.tgt_lang}});
      }
      if (!s.ok()) return cli::Fail(s);
      options.memory = memory.get();
    }
    AnalysisReport report;
    Status s = Analyze(options, docs, &report);
    if (!s.ok()) return cli::Fail(s);
    s = WriteWholeFile(opts->out, Report(*opts, report, options.src_lang, options.tgt_lang));
    if (!s.ok()) return cli::Fail(s);
    return cli::kExitOk;
  };
}));
