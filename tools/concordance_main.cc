// tmkit concordance: units whose LANG side contains a word or phrase, from the word index.
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "lean_memory.h"
#include "tmkit/control_characters.h"
#include "tmkit/memory.h"
#include "tmkit/utf8.h"

namespace {

struct Options {
  std::string tm, lang, phrase, format = "text";
  int limit = 20;
  bool exact = false;
};

}  // namespace

TMKIT_VERB(concordance, "concordance", "Find a word or phrase in a translation memory", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  app->add_option("--lang", opts->lang, tmkit::cli::_("the language side to search (en matches en-US)"))->required();
  app->add_option("--limit", opts->limit, tmkit::cli::_("most units shown (default 20)"))->check(CLI::Range(1, 10000));
  app->add_option("--format", opts->format, tmkit::cli::_("text or json"))->check(tmkit::cli::OneOf({"text", "json"}));
  app->add_flag("--exact", opts->exact,
                tmkit::cli::_("only the words as written (folded); by default Асад also finds Асада, الأسد للأسد, Annan Annan's"));
  app->add_option("PHRASE", opts->phrase, tmkit::cli::_("one or more words, matched in sequence"))->required();
  return [opts]() -> int {
    using namespace tmkit;
    ReturnFreedMemoryPromptly();
    Status s = ValidateUtf8(opts->phrase, "phrase");
    if (!s.ok()) return cli::Fail(s);
    std::unique_ptr<Memory> memory;
    s = cli::OpenForReading(opts->tm, &memory);
    if (s.ok()) s = cli::RequireHeldLanguages(*memory, opts->tm, {{"--lang", opts->lang}});
    if (!s.ok()) return cli::Fail(s);
    ConcordanceQuery q;
    q.phrase = opts->phrase;
    q.lang = opts->lang;
    q.limit = opts->limit;
    q.exact = opts->exact;
    std::vector<ConcordanceHit> hits;
    bool more = false;
    s = memory->Concordance(q, &hits, &more);
    if (!s.ok()) return cli::Fail(s);
    if (opts->format == "json") {
      nlohmann::json j = {{"phrase", opts->phrase}, {"lang", opts->lang}, {"exact", opts->exact}, {"more", more}, {"hits", nlohmann::json::array()}};
      for (const ConcordanceHit& h : hits) {
        nlohmann::json variants = nlohmann::json::array();
        for (const Variant& v : h.unit.variants) variants.push_back({{"lang", v.lang}, {"text", v.text}});
        nlohmann::json spans = nlohmann::json::array();
        for (const auto& [b, e] : h.spans) spans.push_back({b, e});
        j["hits"].push_back({{"unit", h.unit.id}, {"lang", h.unit.variants[h.variant].lang}, {"spans", spans},
                             {"variants", variants}, {"document", h.unit.document}});
      }
      std::printf("%s\n", j.dump().c_str());
      return cli::kExitOk;
    }
    bool ansi = isatty(STDOUT_FILENO) != 0;
    if (hits.empty()) std::printf("%s\n", cli::_("no unit contains this phrase").c_str());
    for (const ConcordanceHit& h : hits) {
      const Variant& found = h.unit.variants[h.variant];
      std::string marked;
      size_t at = 0;
      // On a terminal, control characters in stored text are shown escaped, not obeyed.
      auto shown = [ansi](std::string_view text) { return ansi ? EscapeControlCharacters(text) : std::string(text); };
      const std::string_view text(found.text);
      for (const auto& [b, e] : h.spans) {
        marked += shown(text.substr(at, b - at));
        marked += ansi ? "\x1b[1;33m" : "[[";
        marked += shown(text.substr(b, e - b));
        marked += ansi ? "\x1b[0m" : "]]";
        at = e;
      }
      marked += shown(text.substr(at));
      std::printf("%s: %s\n", found.lang.c_str(), marked.c_str());
      for (size_t i = 0; i < h.unit.variants.size(); ++i) {
        if (static_cast<int>(i) == h.variant) continue;
        std::printf("  %s: %s\n", h.unit.variants[i].lang.c_str(), shown(h.unit.variants[i].text).c_str());
      }
      std::printf("  unit %llu%s\n", static_cast<unsigned long long>(h.unit.id),
                  h.unit.document.empty() ? "" : (" · " + shown(h.unit.document)).c_str());
    }
    if (more) std::printf("%s\n", cli::_("(more units contain it; raise --limit)").c_str());
    return cli::kExitOk;
  };
}));
