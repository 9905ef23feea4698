// tmkit lookup: exact, in-context and fuzzy matches for a segment (or for each stdin line).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "lean_memory.h"
#include "tmkit/control_characters.h"
#include "tmkit/memory.h"
#include "tmkit/utf8.h"

namespace {

struct Options {
  std::string tm, src_lang, tgt_lang, text, prev, next, markup, format = "text";
  int min = 70, limit = 5;
  bool no_pivot = false;
};

// On a terminal (ansi), stored text is printed with its control characters escaped: an ESC in a
// segment would otherwise be obeyed, not shown (issue 27).
std::string Shown(std::string_view text, bool ansi) {
  return ansi ? tmkit::EscapeControlCharacters(text) : std::string(text);
}

std::string Marked(const std::string& text, const std::vector<tmkit::DiffSpan>& diff, bool ansi) {
  std::string_view whole(text);
  std::string out;
  size_t at = 0;
  for (const tmkit::DiffSpan& d : diff) {
    out += Shown(whole.substr(at, d.begin - at), ansi);
    out += ansi ? "\x1b[4;31m" : "[[";
    out += Shown(whole.substr(d.begin, d.end - d.begin), ansi);
    out += ansi ? "\x1b[0m" : "]]";
    at = d.end;
  }
  out += Shown(whole.substr(at), ansi);
  return out;
}

nlohmann::json UnitMeta(const tmkit::Unit& u) {
  nlohmann::json j = {{"id", u.id}};
  if (!u.tuid.empty()) j["tuid"] = u.tuid;
  if (!u.document.empty()) j["document"] = u.document;
  if (u.position >= 0) j["position"] = u.position;
  if (u.created != 0) j["created"] = tmkit::FormatTmxDate(u.created);
  if (!u.created_by.empty()) j["created_by"] = u.created_by;
  if (u.changed != 0) j["changed"] = tmkit::FormatTmxDate(u.changed);
  if (!u.changed_by.empty()) j["changed_by"] = u.changed_by;
  return j;
}

int RunQuery(const tmkit::Memory& memory, const Options& o, const std::string& text, const std::string& prev,
             const std::string& next, bool many) {
  using namespace tmkit;
  Status s = ValidateUtf8(text, "query");
  if (!s.ok()) return cli::Fail(s);
  LookupQuery q;
  q.text = text;
  q.src_lang = o.src_lang;
  q.tgt_lang = o.tgt_lang;
  q.min_score = o.min;
  q.limit = o.limit;
  q.markup = o.markup;
  q.prev_source = prev;
  q.next_source = next;
  q.pivot = !o.no_pivot;
  std::vector<LookupMatch> matches;
  s = memory.Lookup(q, &matches);
  if (!s.ok()) return cli::Fail(s);
  if (o.format == "json") {
    nlohmann::json j = {{"query", text}, {"matches", nlohmann::json::array()}};
    for (const LookupMatch& m : matches) {
      const Variant& src = m.unit.variants[m.source_variant];
      const Variant& tgt = m.Target();
      nlohmann::json diff = nlohmann::json::array();
      for (const DiffSpan& d : m.diff) diff.push_back({d.begin, d.end});
      nlohmann::json jm = {
          {"score", m.score.total},
          {"base", m.score.base},
          {"penalties", {{"case", m.score.case_penalty}, {"punctuation", m.score.punctuation_penalty},
                         {"numbers", m.score.number_penalty}, {"codes", m.score.code_penalty}}},
          {"source", src.text},
          {"source_lang", src.lang},
          {"target", tgt.text},
          {"target_lang", tgt.lang},
          {"diff", diff},
          {"missing", m.missing},
          {"unit", UnitMeta(m.unit)}};
      if (!m.carried_target.empty()) jm["carried_target"] = m.carried_target;
      if (!m.pivot_lang.empty()) {
        jm["via"] = {{"lang", m.pivot_lang}, {"text", m.unit.variants[m.pivot_variant].text},
                     {"target_unit", UnitMeta(m.target_unit)}};
      }
      j["matches"].push_back(jm);
    }
    std::printf("%s\n", j.dump().c_str());
    return cli::kExitOk;
  }
  bool ansi = isatty(STDOUT_FILENO) != 0;
  if (many) std::printf("> %s\n", Shown(text, ansi).c_str());
  if (matches.empty()) std::printf("  %s\n", cli::_("no match").c_str());
  for (const LookupMatch& m : matches) {
    const Variant& src = m.unit.variants[m.source_variant];
    const Variant& tgt = m.Target();
    std::string why;
    if (m.score.total <= 100 && m.score.total != m.score.base) {
      why = " (" + std::to_string(m.score.base);
      if (m.score.case_penalty) why += " -1 case";
      if (m.score.punctuation_penalty) why += " -1 punctuation";
      if (m.score.number_penalty) why += " -1 numbers";
      if (m.score.code_penalty) why += " -1 codes";
      why += ")";
    } else if (m.score.total == 101) {
      why = " (in context)";
    }
    std::printf("%4d%%%s  %s\n", m.score.total, why.c_str(), Marked(src.text, m.diff, ansi).c_str());
    std::printf("       %s\n", Shown(tgt.text, ansi).c_str());
    if (!m.pivot_lang.empty()) {
      std::printf("       %s %s: %s (%s %llu)\n", cli::_("via").c_str(), m.pivot_lang.c_str(),
                  Shown(m.unit.variants[m.pivot_variant].text, ansi).c_str(), cli::_("target from unit").c_str(),
                  static_cast<unsigned long long>(m.target_unit.id));
    }
    if (!m.carried_target.empty()) std::printf("       %s %s\n", cli::_("numbers carried over:").c_str(), Shown(m.carried_target, ansi).c_str());
    std::string meta = "unit " + std::to_string(m.unit.id);
    if (!m.unit.document.empty()) meta += " · " + m.unit.document + (m.unit.position >= 0 ? " #" + std::to_string(m.unit.position) : "");
    int64_t date = std::max(m.unit.created, m.unit.changed);
    if (date != 0) meta += " · " + FormatTmxDate(date);
    std::string user = m.unit.changed_by.empty() ? m.unit.created_by : m.unit.changed_by;
    if (!user.empty()) meta += " · " + user;
    if (!m.missing.empty()) {
      meta += " · " + std::string(cli::_("not in match:"));
      for (const std::string& w : m.missing) meta += " " + w;
    }
    std::printf("       %s\n", Shown(meta, ansi).c_str());
  }
  return cli::kExitOk;
}

}  // namespace

TMKIT_VERB(lookup, "lookup", "Exact and fuzzy matches from a translation memory", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  app->add_option("--src-lang", opts->src_lang, tmkit::cli::_("language of the query"))->required();
  app->add_option("--tgt-lang", opts->tgt_lang, tmkit::cli::_("language of the translations"))->required();
  app->add_option("--min", opts->min, tmkit::cli::_("lowest score shown, 1-100 (default 70)"))->check(CLI::Range(1, 100));
  app->add_option("--limit", opts->limit, tmkit::cli::_("most matches per query (default 5)"))->check(CLI::Range(1, 1000));
  app->add_option("--format", opts->format, tmkit::cli::_("text or json (one JSON object per query)"))->check(tmkit::cli::OneOf({"text", "json"}));
  app->add_option("--prev", opts->prev, tmkit::cli::_("the segment before TEXT in its document (for 101% matches)"));
  app->add_option("--next", opts->next, tmkit::cli::_("the segment after TEXT in its document"));
  app->add_flag("--no-pivot", opts->no_pivot,
                tmkit::cli::_("no matches through another language (a unit sharing the pivot segment, 'via en')"));
  app->add_option("--markup", opts->markup, tmkit::cli::_("TEXT with its inline codes as TMX markup (as tmkit analyze and pretranslate look up XLIFF segments)"));
  app->add_option("TEXT", opts->text, tmkit::cli::_("the segment to look up; without it, one query per stdin line"));
  return [opts]() -> int {
    using namespace tmkit;
    ReturnFreedMemoryPromptly();
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForReading(opts->tm, &memory);
    if (s.ok()) {
      s = cli::RequireHeldLanguages(*memory, opts->tm, {{"--src-lang", opts->src_lang}, {"--tgt-lang", opts->tgt_lang}});
    }
    if (!s.ok()) return cli::Fail(s);
    if (!opts->text.empty()) return RunQuery(*memory, *opts, opts->text, opts->prev, opts->next, false);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      // Neighbouring lines are the query's context, as in a document.
      std::string prev = i > 0 ? lines[i - 1] : std::string();
      std::string next = i + 1 < lines.size() ? lines[i + 1] : std::string();
      int rc = RunQuery(*memory, *opts, lines[i], prev, next, true);
      if (rc != cli::kExitOk) return rc;
    }
    return cli::kExitOk;
  };
}));
