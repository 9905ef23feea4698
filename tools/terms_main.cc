// tmkit terms: lists the glossary terms found in a text with their target-language forms.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "cli.h"
#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"
#include "tmkit/lang.h"
#include "tmkit/term_matcher.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

struct Options {
  std::vector<std::string> glossaries;
  std::string src_lang = "en";
  std::string tgt_lang;
  std::string format = "text";
  std::string input = "-";
  std::string glossary_format;
  bool no_glossary_cache = false;
};

// Line and column (1-based, in code points) of a byte offset, for people.
std::pair<int, int> LineColumn(std::string_view text, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

int Run(const Options& o) {
  std::string src, tgt;
  // Any BCP 47 language (kLanguageHelp says what matching each one gets).
  Status s = CanonicalKnownLanguage(o.src_lang, &src);
  if (s.ok() && !o.tgt_lang.empty()) s = CanonicalKnownLanguage(o.tgt_lang, &tgt);
  if (!s.ok()) return Fail(s);
  Glossary glossary;
  for (const std::string& path : o.glossaries) {
    s = ReadGlossaryFile(path, src, tgt, &glossary, o.no_glossary_cache ? std::string() : GlossaryCacheDir(),
                         o.glossary_format);
    if (!s.ok()) return Fail(s);
  }
  for (const std::string& w : glossary.warnings()) std::fprintf(stderr, "tmkit: warning: %s\n", w.c_str());
  std::string text;
  s = ReadFile(o.input, &text);
  if (s.ok()) s = ValidateUtf8(text, o.input);
  if (!s.ok()) return Fail(s);
  std::unique_ptr<TermMatcher> matcher;
  s = TermMatcher::Create(glossary, src, &matcher);
  if (!s.ok()) return Fail(s);

  nlohmann::json all = nlohmann::json::array();
  for (const TermMatch& m : matcher->Find(text)) {
    const Concept& c = glossary.concepts()[m.concept_index];
    const Term& found = c.terms[m.term_index];
    auto [line, col] = LineColumn(text, m.begin);
    nlohmann::json targets = nlohmann::json::array();
    for (const Term& t : c.terms) {
      if (LanguageMatches(src, t.lang)) continue;
      if (!tgt.empty() && !LanguageMatches(tgt, t.lang)) continue;
      targets.push_back({{"lang", t.lang}, {"term", t.text}, {"status", TermStatusName(t.status)}});
    }
    nlohmann::json j = {{"line", line},          {"column", col},         {"begin", m.begin},
                        {"end", m.end},          {"text", text.substr(m.begin, m.end - m.begin)},
                        {"concept", c.id},       {"term", found.text},    {"status", TermStatusName(found.status)},
                        {"targets", targets}};
    if (o.format == "json") {
      all.push_back(j);
      continue;
    }
    std::string line_out = std::to_string(line) + ":" + std::to_string(col) + "\t" + j["text"].get<std::string>() +
                           "\t[" + c.id + "]";
    std::string forms;
    for (const auto& t : targets) {
      if (!forms.empty()) forms += "; ";
      forms += t["term"].get<std::string>();
      if (t["status"] != "preferred") forms += " (" + t["status"].get<std::string>() + ")";
      if (tgt.empty()) forms += " @" + t["lang"].get<std::string>();
    }
    std::printf("%s\t%s\n", line_out.c_str(), forms.c_str());
  }
  if (o.format == "json") std::printf("%s\n", all.dump(2).c_str());
  return kExitOk;
}

}  // namespace

const char* const kLanguageHelp =
    "Any BCP 47 language code (en, ru, ar, pt-BR, de, zh-Hans, ...): every language gets exact and case-folded "
    "matching of ICU words; ru adds inflection-aware matching (endings, Hunspell ru_RU), ar clitic-aware matching "
    "(al-, wa-, bi-, li-), en possessives and plurals; any other language with a Hunspell dictionary in "
    "/usr/share/hunspell (Debian's hunspell-* packages) also matches inflected words by their stems";

TMKIT_VERB(terms, "terms", "List the glossary terms found in a text, with their translations", [](CLI::App* app) {
  auto o = std::make_shared<Options>();
  app->add_option("--glossary,-g", o->glossaries, _("Glossary: TBX (v2 or v3) or OmegaT TSV; repeatable"))->required()->allow_extra_args(false);
  app->add_option("--src-lang", o->src_lang, _("Language of the text (default en). ") + _(kLanguageHelp));
  app->add_option("--tgt-lang", o->tgt_lang, _("Show only this language's forms"));
  app->add_option("--format", o->format, _("text or json"))->check(OneOf({"text", "json"}));
  app->add_option("--glossary-format", o->glossary_format,
                  _("tbx, tsv or csv (default: XML is TBX, a .csv name is OmegaT's comma-separated glossary, "
                    "other text tab-separated)"))
      ->check(OneOf({"tbx", "tsv", "csv"}));
  app->add_flag("--no-glossary-cache", o->no_glossary_cache,
               _("Parse TBX glossaries afresh, without reading or writing their compiled images (docs/glossary.md)"));
  app->add_option("TEXT", o->input, _("Text file; - or nothing for stdin"));
  return [o]() -> int { return Run(*o); };
});

}  // namespace tmkit::cli
