// tmkit names: the transliteration model at work. `score` rates English names against Russian or
// Arabic candidates; `train` relearns the model from name lists (scripts/train_names.sh).
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "cli.h"
#include "tmkit/archive_names.h"
#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"
#include "tmkit/lang.h"
#include "tmkit/memory.h"
#include "tmkit/name_mining.h"
#include "tmkit/names.h"
#include "tmkit/progress.h"
#include "tmkit/tmx.h"
#include "tmkit/utf8.h"

namespace tmkit::cli {
namespace {

struct ScoreOptions {
  std::string src_lang = "en";
  std::string tgt_lang;
  std::string input = "-";
  std::string output;
  std::string format = "tsv";
};

struct MineOptions {
  std::string tm;
  std::string file;  // a bilingual TMX or TSV instead of a TM
  std::string src_lang = "en";
  std::string tgt_lang;
  std::vector<std::string> glossaries;
  uint64_t min_count = 2;
  std::string output;
  std::string format = "tsv";
};

struct TrainOptions {
  std::string tgt_lang;
  std::string input;
  std::string output;
  int iterations = 8;
};

// The 1-based line of a byte offset, for "FILE:LINE" errors.
size_t LineOf(std::string_view text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

std::string InputName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Status ReadText(const std::string& path, std::string* text) {
  Status s = ReadFile(path, text);
  if (!s.ok()) return s;
  size_t bad = FindInvalidUtf8(*text);
  if (bad != std::string::npos) {
    return Status::InvalidInput(InputName(path) + ":" + std::to_string(LineOf(*text, bad)) + ": invalid UTF-8 at byte " +
                                std::to_string(bad));
  }
  return Status::OK();
}

bool IsTsvName(const std::string& path) {
  auto ends = [&](const char* suffix) {
    size_t n = std::strlen(suffix);
    return path.size() >= n && path.compare(path.size() - n, n, suffix) == 0;
  };
  return ends(".tsv") || ends(".txt") || ends(".TSV") || ends(".TXT");
}

// Calls visit(line, line_no) for each line of text, line numbers from 1, a final \r removed; stops at
// the first error visit returns.
Status ForEachLine(std::string_view text, const std::function<Status(std::string_view, uint64_t)>& visit) {
  uint64_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Status s = visit(line, line_no);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// The first two tab-separated columns of a line (columns after the second ignored); false when the
// line has no tab.
bool SplitTwoColumns(std::string_view line, std::string_view* first, std::string_view* second) {
  size_t tab = line.find('\t');
  if (tab == std::string_view::npos) return false;
  size_t end = line.find('\t', tab + 1);
  *first = line.substr(0, tab);
  *second = line.substr(tab + 1, end == std::string_view::npos ? std::string_view::npos : end - tab - 1);
  return true;
}

// The `english<TAB>target` lines of a bilingual TSV as mining units (id: the line number); blank
// lines are skipped. InvalidInput "FILE:LINE: ..." for a line without a tab.
Status ForEachTsvPair(std::string_view text, const std::string& path,
                      const std::function<Status(const MiningUnit&)>& visit) {
  return ForEachLine(text, [&](std::string_view line, uint64_t line_no) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return Status::OK();
    MiningUnit u;
    u.id = line_no;
    if (!SplitTwoColumns(line, &u.source, &u.target)) {
      return Status::InvalidInput(InputName(path) + ":" + std::to_string(line_no) +
                                  ": english<TAB>target expected, no tab");
    }
    return visit(u);
  });
}

int RunScore(const ScoreOptions& o) {
  Status s = CheckSupportedLanguage(o.src_lang, "en");
  if (s.ok()) s = CheckSupportedLanguage(o.tgt_lang, "ru,ar");
  const NameModel* model = nullptr;
  if (s.ok()) s = NameModel::Builtin(o.src_lang, o.tgt_lang, &model);
  if (!s.ok()) return Fail(s);
  std::string text;
  s = ReadText(o.input, &text);
  if (!s.ok()) return Fail(s);
  text.erase(0, Utf8BomLength(text));
  std::string out;
  nlohmann::json all = nlohmann::json::array();
  char buf[32];
  s = ForEachLine(text, [&](std::string_view line, uint64_t line_no) {
    if (line.empty()) return Status::OK();
    std::string_view english, candidate;
    if (!SplitTwoColumns(line, &english, &candidate)) {
      return Status::InvalidInput(InputName(o.input) + ":" + std::to_string(line_no) +
                                  ": english<TAB>candidate expected, no tab");
    }
    NameScore score = model->Score(english, candidate);
    if (o.format == "json") {
      nlohmann::json pairs = nlohmann::json::array();
      for (auto [a, b] : score.word_pairs) pairs.push_back({a, b});
      all.push_back({{"english", english}, {"candidate", candidate}, {"score", score.probability},
                     {"same", score.same}, {"word_pairs", pairs}});
    } else {
      std::snprintf(buf, sizeof buf, "\t%.4f\t%d\n", score.probability, score.same ? 1 : 0);
      out.append(english).append("\t").append(candidate).append(buf);
    }
    return Status::OK();
  });
  if (!s.ok()) return Fail(s);
  if (o.format == "json") out = all.dump(1) + "\n";
  s = WriteWholeFile(o.output, out);
  return s.ok() ? kExitOk : Fail(s);
}

int RunTrain(const TrainOptions& o) {
  Status s = CheckSupportedLanguage(o.tgt_lang, "ru,ar");
  std::string text;
  if (s.ok()) s = ReadText(o.input, &text);
  if (!s.ok()) return Fail(s);
  bool terminal = isatty(2);
  NameTraining result;
  s = TrainNameModel(text, InputName(o.input), o.tgt_lang, o.iterations,
                     [terminal](const std::string& line) {
                       if (terminal) std::fprintf(stderr, "%s", line.c_str());
                     },
                     &result);
  if (s.ok()) s = WriteWholeFile(o.output, result.model_text);
  if (!s.ok()) return Fail(s);
  std::fprintf(stderr, "%s", result.report.c_str());
  return kExitOk;
}

int RunMine(const MineOptions& o) {
  Status s = CheckSupportedLanguage(o.src_lang, "en");
  if (s.ok()) s = CheckSupportedLanguage(o.tgt_lang, "ru,ar");
  if (!s.ok()) return Fail(s);
  Glossary glossary;
  for (const std::string& path : o.glossaries) {
    Glossary g;
    s = ReadGlossaryFile(path, o.src_lang, o.tgt_lang, &g, GlossaryCacheDir());
    if (!s.ok()) return Fail(s);
    bool has_src = false, has_tgt = false;
    for (const Concept& c : g.concepts()) {
      for (const Term& t : c.terms) {
        has_src |= LanguageMatches(o.src_lang, t.lang);
        has_tgt |= LanguageMatches(o.tgt_lang, t.lang);
      }
    }
    if (!has_src || !has_tgt) {
      return Fail(Status::InvalidInput(path + ":1: no " + o.src_lang + " and " + o.tgt_lang + " terms in this glossary"));
    }
    for (Concept& c : g.concepts()) glossary.concepts().push_back(std::move(c));
  }
  if (o.tm.empty() == o.file.empty()) {
    return Fail(Status::InvalidArgument("names mine reads either a TM (--tm) or a bilingual TMX or TSV file, one of them"));
  }
  std::unique_ptr<Memory> memory;
  std::string tsv;
  // A unit counts when it holds both languages; its source side is the English one.
  uint64_t bilingual = 0;
  uint64_t total = 0;
  MiningSource source;
  const std::string input = o.tm.empty() ? o.file : o.tm;
  if (!o.tm.empty()) {
    s = OpenForReading(o.tm, &memory);
    if (!s.ok()) return Fail(s);
    source = TmMiningSource(*memory, o.src_lang, o.tgt_lang, &bilingual);
    MemoryStats stats;
    if (memory->Stats(&stats).ok()) total = stats.units;
  } else if (IsTsvName(o.file)) {
    s = ReadText(o.file, &tsv);
    if (!s.ok()) return Fail(s);
    tsv.erase(0, Utf8BomLength(tsv));
    s = ForEachTsvPair(tsv, o.file, [](const MiningUnit&) { return Status::OK(); });
    if (!s.ok()) return Fail(s);
    source = [&](const std::function<Status(const MiningUnit&)>& visit) {
      bilingual = 0;
      return ForEachTsvPair(tsv, o.file, [&](const MiningUnit& u) {
        ++bilingual;
        return visit(u);
      });
    };
  } else {
    source = [&](const std::function<Status(const MiningUnit&)>& visit) {
      bilingual = 0;
      uint64_t number = 0;
      return ReadTmx(o.file, TmxReadLimits(), nullptr, [&](Unit&& u, uint64_t) {
        ++number;
        const Variant* src = u.Find(o.src_lang);
        const Variant* tgt = u.Find(o.tgt_lang);
        if (src == nullptr || tgt == nullptr) return Status::OK();
        ++bilingual;
        MiningUnit m;
        m.id = number;  // the <tu>'s position in the file
        m.created = u.created != 0 ? u.created : u.changed;
        m.source = src->text;
        m.target = tgt->text;
        return visit(m);
      });
    };
  }
  NameMiningOptions options;
  options.tgt_lang = o.tgt_lang;
  options.min_count = o.min_count;
  options.glossary = o.glossaries.empty() ? nullptr : &glossary;
  std::unique_ptr<Progress> progress;
  int shown = 0;
  std::vector<MinedName> names;
  s = MineNames(source, options,
                [&](int pass, uint64_t done) {
                  if (pass != shown) {
                    progress = std::make_unique<Progress>("names mine, pass " + std::to_string(pass) + "/4", total);
                    shown = pass;
                  }
                  progress->Update(done);
                },
                &names);
  progress.reset();
  if (!s.ok()) return Fail(s);
  if (bilingual == 0) {
    return Fail(Status::InvalidInput(input + ": no unit holds both " + o.src_lang + " and " + o.tgt_lang));
  }
  std::string out;
  if (o.format == "json") out = MinedNamesJson(names);
  else if (o.format == "tbx") out = MinedNamesTbx(names, o.tgt_lang);
  else if (o.format == "html") out = MinedNamesHtml(names, o.tgt_lang);
  else out = MinedNamesTsv(names);
  s = WriteWholeFile(o.output, out);
  return s.ok() ? kExitOk : Fail(s);
}

}  // namespace
}  // namespace tmkit::cli

TMKIT_VERB(names, "names", "Name transliteration: score name pairs, train the model", ([](CLI::App* app) {
             using tmkit::cli::_;
             app->require_subcommand(1);
             auto score = std::make_shared<tmkit::cli::ScoreOptions>();
             CLI::App* sc = app->add_subcommand("score", _("Probability that English names and candidates name the same"));
             sc->add_option("FILE", score->input, _("english<TAB>candidate lines (default: standard input)"));
             sc->add_option("--src-lang", score->src_lang, _("language of the names (en)"));
             sc->add_option("--tgt-lang", score->tgt_lang, _("language of the candidates (ru or ar)"))->required();
             sc->add_option("-o,--out", score->output, _("file to write (default: standard output)"));
             sc->add_option("--format", score->format, _("tsv or json"))->check(tmkit::cli::OneOf({"tsv", "json"}));
             auto mine = std::make_shared<tmkit::cli::MineOptions>();
             CLI::App* mi = app->add_subcommand("mine", _("Propose a name glossary from a TM: names, renderings, variants"));
             mi->add_option("--tm", mine->tm, _("the TM to read (opened read-only)"));
             mi->add_option("FILE", mine->file, _("a bilingual TMX, or TSV (.tsv/.txt: english<TAB>target lines), instead of --tm"));
             mi->add_option("--src-lang", mine->src_lang, _("language of the names (en)"));
             mi->add_option("--tgt-lang", mine->tgt_lang, _("language of the renderings (ru or ar)"))->required();
             mi->add_option("-g,--glossary", mine->glossaries, _("TBX or TSV glossary to compare with (repeatable)"));
             mi->add_option("--min-count", mine->min_count, _("report names mentioned in at least this many units (default 2)"));
             mi->add_option("-o,--out", mine->output, _("file to write (default: standard output)"));
             mi->add_option("--format", mine->format, _("tsv, tbx, json or html"))
                 ->check(tmkit::cli::OneOf({"tsv", "tbx", "json", "html"}));
             auto train = std::make_shared<tmkit::cli::TrainOptions>();
             CLI::App* tr = app->add_subcommand("train", _("Learn a transliteration model from a name list"));
             tr->add_option("FILE", train->input, _("english<TAB>target letters<TAB>count lines (Wikidata lists)"))->required();
             tr->add_option("--tgt-lang", train->tgt_lang, _("language of the targets (ru or ar)"))->required();
             tr->add_option("-o,--out", train->output, _("model file to write (default: standard output)"));
             tr->add_option("--iterations", train->iterations, _("EM rounds (default 8)"));
             return [score, mine, train, sc, mi, tr]() {
               if (sc->parsed()) return tmkit::cli::RunScore(*score);
               if (mi->parsed()) return tmkit::cli::RunMine(*mine);
               if (tr->parsed()) return tmkit::cli::RunTrain(*train);
               return static_cast<int>(tmkit::cli::kExitUsage);
             };
           }));
