// tmkit glossary: converts a glossary between TBX v3 (TBX-Basic), TBX v2 (martif) and OmegaT's
// tab-separated format, so the house glossary can go out to the CAT tools that read only one.
#include <algorithm>
#include <cstdio>

#include "cli.h"
#include "tmkit/glossary.h"
#include "tmkit/lang.h"
#include "tmkit/tbx.h"
#include "tmkit/tsv_glossary.h"

namespace tmkit::cli {
namespace {

struct Options {
  std::string input, output, to, from, src_lang, tgt_lang;
};

int Run(const Options& o) {
  std::string to = o.to;
  if (to.empty()) {
    size_t dot = o.output.rfind('.');
    std::string extension = dot == std::string::npos ? std::string() : o.output.substr(dot);
    if (extension == ".tbx") to = "tbx";
    if (extension == ".tsv" || extension == ".txt" || extension == ".utf8" || extension == ".tab") to = "tsv";
    if (to.empty()) return Fail(Status::InvalidArgument("--to tbx, tbx-v2 or tsv: the output's name does not say"));
  }
  std::string src, tgt;
  Status s;
  if (!o.src_lang.empty()) s = CanonicalLanguageTag(o.src_lang, &src);
  if (s.ok() && !o.tgt_lang.empty()) s = CanonicalLanguageTag(o.tgt_lang, &tgt);
  if (s.ok() && to == "tsv" && (src.empty() || tgt.empty())) {
    s = Status::InvalidArgument("--src-lang and --tgt-lang name the two columns of a TSV glossary");
  }
  if (!s.ok()) return Fail(s);
  Glossary glossary;
  s = ReadGlossaryFile(o.input, src, tgt, &glossary, std::string(), o.from);
  if (!s.ok()) return Fail(s);
  for (const std::string& w : glossary.warnings()) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
  if (glossary.concepts().empty()) return Fail(Status::InvalidInput(o.input + ": no concepts"));

  std::string text;
  size_t written, terms = 0;
  if (to == "tsv") {
    text = WriteTsvGlossary(glossary, src, tgt);
    written = std::count(text.begin(), text.end(), '\n');  // one line per concept with both languages
    terms = 2 * written;
  } else {
    std::vector<std::string> languages = glossary.Languages();
    std::string source = !src.empty() ? src : languages.empty() ? "en" : languages.front();
    text = WriteTbx(glossary, to == "tbx-v2" ? TbxVersion::kV2 : TbxVersion::kV3, source);
    written = glossary.concepts().size();
    for (const Concept& c : glossary.concepts()) terms += c.terms.size();
  }
  s = WriteWholeFile(o.output, text);
  if (!s.ok()) return Fail(s);
  std::fprintf(stderr, "%s: %zu concepts, %zu terms\n", o.output.empty() ? "<stdout>" : o.output.c_str(), written, terms);
  return kExitOk;
}

}  // namespace
}  // namespace tmkit::cli

TMKIT_VERB(glossary, "glossary", "Convert a glossary between TBX v3, TBX v2 and tab-separated (OmegaT)",
           ([](CLI::App* app) {
             auto opts = std::make_shared<tmkit::cli::Options>();
             using tmkit::cli::_;
             app->add_option("INPUT", opts->input, _("TBX (v2 or v3) or tab-separated glossary"))->required();
             app->add_option("-o,--out", opts->output, _("file to write (default: standard output, with --to)"));
             app->add_option("--from,--glossary-format", opts->from,
                             _("tbx, tsv or csv (default: XML is TBX, a .csv name is OmegaT's comma-separated "
                               "glossary, other text tab-separated)"))
                 ->check(tmkit::cli::OneOf({"tbx", "tsv", "csv"}));
             app->add_option("--to", opts->to, _("tbx (v3, TBX-Basic), tbx-v2 or tsv (default: by the --out name)"))
                 ->check(tmkit::cli::OneOf({"tbx", "tbx-v2", "tsv"}));
             app->add_option("--src-lang", opts->src_lang,
                             _("TSV in or out: the language of the first column (from a TBX: keep only it and --tgt-lang)"));
             app->add_option("--tgt-lang", opts->tgt_lang, _("TSV in or out: the language of the second column"));
             return [opts]() { return tmkit::cli::Run(*opts); };
           }));
