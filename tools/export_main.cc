// tmkit export --tm TM --out FILE.tmx: the TM (or part of it) as TMX 1.4.
#include <cstdio>

#include "cli.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/progress.h"
#include "tmkit/tmx.h"

namespace {

struct Options {
  std::string tm, out, langs, since, doc, src_lang;
};

}  // namespace

TMKIT_VERB(export, "export", "Export a translation memory as TMX 1.4", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  app->add_option("--out", opts->out, tmkit::cli::_("TMX file to write"))->required();
  app->add_option("--langs", opts->langs, tmkit::cli::_("only these languages, e.g. en,ru (the first is the source)"));
  app->add_option("--src-lang", opts->src_lang, tmkit::cli::_("header srclang and the variant written first"));
  app->add_option("--since", opts->since, tmkit::cli::_("only units created or changed on or after DATE (YYYY-MM-DD or YYYYMMDDThhmmssZ)"));
  app->add_option("--doc", opts->doc, tmkit::cli::_("only units from this origin document"));
  return [opts]() -> int {
    using namespace tmkit;
    TmxWriteOptions options;
    for (const std::string& lang : tmkit::cli::SplitCommas(opts->langs)) {
      std::string canonical;
      Status s = CanonicalLanguageTag(lang, &canonical);
      if (!s.ok()) return cli::Fail(s);
      options.langs.push_back(canonical);
    }
    options.source_lang = opts->src_lang.empty() && !options.langs.empty() ? options.langs[0] : opts->src_lang;
    int64_t since = 0;
    if (!opts->since.empty()) {
      std::string date = opts->since;
      if (date.size() == 10 && date[4] == '-' && date[7] == '-') date += "T00:00:00Z";
      if (!ParseTmxDate(date, &since)) {
        return cli::Fail(Status::InvalidArgument("--since '" + opts->since + "' is not a date (YYYY-MM-DD or YYYYMMDDThhmmssZ)"));
      }
    }
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForReading(opts->tm, &memory);
    if (!s.ok()) return cli::Fail(s);
    s = memory->GetTmxHeader(&options.header);  // what the imported TMX files' headers carried
    if (!s.ok()) return cli::Fail(s);
    std::unique_ptr<TmxWriter> writer;
    s = TmxWriter::Create(opts->out, options, &writer);
    if (!s.ok()) return cli::Fail(s);
    uint64_t written = 0, seen = 0;
    Progress progress(cli::_("exporting"), 0);
    s = memory->ForEach([&](const Unit& unit) {
      if (++seen % 4096 == 0) progress.Update(seen);
      if (since != 0 && std::max(unit.created, unit.changed) < since) return Status::OK();
      if (!opts->doc.empty() && unit.document != opts->doc) return Status::OK();
      bool wrote;
      Status ws = writer->Write(unit, &wrote);
      written += wrote;
      return ws;
    });
    if (s.ok()) s = writer->Finish();
    progress.Finish();
    if (!s.ok()) return cli::Fail(s);
    std::fprintf(stderr, "%s: %llu units\n", opts->out.c_str(), static_cast<unsigned long long>(written));
    return cli::kExitOk;
  };
}));
