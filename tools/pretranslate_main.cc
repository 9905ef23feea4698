// tmkit pretranslate: an XLIFF file with the TM's exact matches in <target> and its fuzzy ones as
// candidates; everything else of the file kept as it was (docs/xliff.md).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "lean_memory.h"
#include "tmkit/lang.h"
#include "tmkit/pretranslate.h"

namespace {

struct Options {
  std::string tm, in, out, tgt_lang, mark = "fuzzy", format = "text";
  int min = 75;
};

}  // namespace

TMKIT_VERB(pretranslate, "pretranslate", "Fill an XLIFF file from a TM: exact matches as targets, fuzzy ones as candidates",
           ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  app->add_option("IN", opts->in, tmkit::cli::_("XLIFF 1.2 or 2.x file"))->required();
  app->add_option("-o,--out", opts->out, tmkit::cli::_("the pre-translated file (written whole or not at all)"))->required();
  app->add_option("--min", opts->min, tmkit::cli::_("lowest fuzzy match offered, 50-99 (default 75)"))->check(CLI::Range(50, 99));
  app->add_option("--mark", opts->mark,
                  tmkit::cli::_("fuzzy: fuzzy matches only as candidates (default); all: the best one also into an empty target, for review"))
      ->check(tmkit::cli::OneOf({"fuzzy", "all"}));
  app->add_option("--tgt-lang", opts->tgt_lang, tmkit::cli::_("target language, when the file names none"));
  app->add_option("--format", opts->format, tmkit::cli::_("report: text or json"))->check(tmkit::cli::OneOf({"text", "json"}));
  return [opts]() -> int {
    using namespace tmkit;
    ReturnFreedMemoryPromptly();
    XliffDocument doc;
    Status s = ReadXliff(opts->in, &doc);
    if (!s.ok()) return cli::Fail(s);
    AnalysisOptions options;
    options.src_lang = doc.source_lang;
    options.tgt_lang = doc.target_lang;
    if (!opts->tgt_lang.empty()) {
      std::string tgt;
      s = CanonicalLanguageTag(opts->tgt_lang, &tgt);
      if (!s.ok()) return cli::Fail(s);
      if (!doc.target_lang.empty() && PrimaryLanguage(tgt) != PrimaryLanguage(doc.target_lang)) {
        return cli::Fail(Status::InvalidArgument(opts->in + ": the file's target language is " + doc.target_lang +
                                                 ", not " + opts->tgt_lang));
      }
      if (doc.target_lang.empty()) options.tgt_lang = tgt;
    }
    if (options.tgt_lang.empty()) {
      return cli::Fail(Status::InvalidArgument(opts->in + ": the file names no target language; give --tgt-lang"));
    }
    std::unique_ptr<Memory> memory;
    s = cli::OpenForReading(opts->tm, &memory);
    if (s.ok()) {
      s = cli::RequireHeldLanguages(*memory, opts->tm, {{"source language", options.src_lang}, {"target language", options.tgt_lang}});
    }
    if (!s.ok()) return cli::Fail(s);
    options.memory = memory.get();
    options.min_score = std::min(opts->min, 100);
    AnalysisDocument analysis = DocumentFromXliff(doc);
    std::vector<SegmentMatch> matches;
    s = MatchSegments(options, analysis, &matches);
    if (!s.ok()) return cli::Fail(s);
    PretranslateOptions po;
    po.min_score = opts->min;
    po.fuzzy_into_target = opts->mark == "all";
    po.tgt_lang = options.tgt_lang;
    std::string bytes;
    PretranslateStats st;
    s = PretranslateXliff(doc, analysis, matches, po, &bytes, &st);
    if (s.ok()) s = WriteWholeFile(opts->out, bytes);
    if (!s.ok()) return cli::Fail(s);
    if (opts->format == "json") {
      nlohmann::json j = {{"file", opts->in}, {"out", opts->out}, {"segments", st.segments}, {"exact", st.exact},
                          {"context", st.context}, {"fuzzy_targets", st.fuzzy_targets}, {"candidates", st.candidates},
                          {"kept", st.kept}, {"unplaced", st.unplaced}};
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::fprintf(stderr, "%s: %llu segments, %llu exact and %llu in-context matches filled, %llu fuzzy candidates%s%s\n",
                   opts->out.c_str(), static_cast<unsigned long long>(st.segments),
                   static_cast<unsigned long long>(st.exact), static_cast<unsigned long long>(st.context),
                   static_cast<unsigned long long>(st.candidates),
                   st.kept ? (", " + std::to_string(st.kept) + " already translated").c_str() : "",
                   st.unplaced ? (", " + std::to_string(st.unplaced) + " exact matches whose codes did not fit (as candidates)").c_str() : "");
    }
    return cli::kExitOk;
  };
}));
