// tmkit: the command-line front end. Parses the verb, runs it, maps Status to exit codes.
#include <unistd.h>

#include <algorithm>
#include <boost/locale.hpp>
#include <climits>
#include <cstdio>
#include <iostream>
#include <map>

#include "cli.h"
#include "tmkit/lang.h"

namespace tmkit::cli {
namespace {

std::string ExecutableDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string path(buf, n);
  return path.substr(0, path.rfind('/'));
}

const std::locale& MessageLocale() {
  static const std::locale loc = [] {
    boost::locale::generator gen;
    gen.add_messages_path(ExecutableDir() + "/../share/locale");
    gen.add_messages_domain("tmkit");
    try {
      return gen("");  // LC_ALL / LC_MESSAGES / LANG decide the language
    } catch (const std::exception&) {
      return gen("en_US.UTF-8");
    }
  }();
  return loc;
}

// Edit distance between two short ASCII words (verb and option names).
size_t NameDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Close enough to be a slip: a third of the longer name, at least one letter.
bool NearName(std::string_view typed, std::string_view name) {
  return NameDistance(typed, name) <= std::max<size_t>(1, std::max(typed.size(), name.size()) / 3);
}

// What users of other tools type for a verb tmkit calls otherwise.
const std::map<std::string, std::vector<std::string>>& VerbSynonyms() {
  static const std::map<std::string, std::vector<std::string>> synonyms = {
      {"search", {"lookup", "concordance"}}, {"find", {"lookup", "concordance"}}, {"grep", {"concordance"}},
      {"match", {"lookup"}},  {"fuzzy", {"lookup"}},   {"add", {"import"}},     {"load", {"import"}},
      {"server", {"serve"}},  {"split", {"segment"}},  {"dump", {"export"}},    {"qa", {"check"}},
      {"migrate", {"upgrade"}}, {"info", {"stats"}},   {"fsck", {"verify"}},    {"tbx", {"glossary"}}};
  return synonyms;
}

// The verbs a mistyped one may have meant: words of other tools it is close to (search -> lookup,
// concordance), then the verbs themselves.
std::vector<std::string> SuggestVerbs(const std::string& typed) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& [word, verbs] : VerbSynonyms()) {
    if (NearName(typed, word)) for (const std::string& v : verbs) add(v);
  }
  for (const Verb& verb : Verbs()) {
    if (NearName(typed, verb.name) || (typed.size() >= 3 && verb.name.rfind(typed, 0) == 0)) add(verb.name);
  }
  return out;
}

// Each verb's usual call, shown at the end of its --help.
const std::map<std::string, std::string>& VerbExamples() {
  static const std::map<std::string, std::string> examples = {
      {"align", "tmkit align --src-lang en --tgt-lang ru --glossary glossaries/names.tbx en.txt ru.txt"},
      {"analyze", "tmkit analyze --tm news.tm --src-lang en --tgt-lang ru article.xlf"},
      {"align-score", "tmkit align-score corpora/syria-geneva-talks/en-ru.gold out/align.en-ru.beads"},
      {"check", "tmkit check --tgt-lang ru -g glossaries/names.tbx --tm news.tm en.txt ru.txt"},
      {"compact", "tmkit compact --tm news.tm"},
      {"copy", "tmkit copy --tm news.tm /srv/replica.tm"},
      {"join", "tmkit join --tm news.tm"},
      {"concordance", "tmkit concordance --tm news.tm --lang ru \"Асад\""},
      {"export", "tmkit export --tm news.tm --out news.tmx"},
      {"glossary", "tmkit glossary --to tsv -o names.tsv glossaries/names.tbx"},
      {"import", "tmkit import --tm news.tm news.tmx"},
      {"lookup", "tmkit lookup --tm news.tm --src-lang en --tgt-lang ru \"Talks resumed in Geneva.\""},
      {"names", "tmkit names score --src-lang en --tgt-lang ru pairs.tsv"},
      {"pretranslate", "tmkit pretranslate --tm news.tm --min 75 article.xlf -o article.pre.xlf"},
      {"segment", "tmkit segment --lang en article.txt"},
      {"serve", "tmkit serve --tm news.tm --port 8080"},
      {"stats", "tmkit stats --tm news.tm"},
      {"terms", "tmkit terms --lang en -g glossaries/names.tbx article.txt"},
      {"upgrade", "tmkit upgrade --tm news.tm"},
      {"verify", "tmkit verify --tm news.tm"}};
  return examples;
}

void PrintVerbs(std::FILE* out) {
  std::fprintf(out, "%s\n\n%s\n", _("tmkit: segment, align, store, look up and check translations").c_str(),
               _("Usage: tmkit VERB [OPTIONS] [ARGS]; tmkit VERB --help lists a verb's options.").c_str());
  std::fprintf(out, "\n%s\n", _("Verbs:").c_str());
  std::vector<const Verb*> sorted;
  for (const Verb& v : Verbs()) sorted.push_back(&v);
  std::sort(sorted.begin(), sorted.end(), [](const Verb* a, const Verb* b) { return a->name < b->name; });
  for (const Verb* v : sorted) std::fprintf(out, "  %-12s %s\n", v->name.c_str(), _(v->summary.c_str()).c_str());
}

// The option names an app accepts ("--src-lang", "-g"), with --help, and whether each takes a value.
std::map<std::string, bool> OptionNames(const CLI::App* app) {
  std::map<std::string, bool> names = {{"--help", false}, {"-h", false}};
  for (const CLI::Option* opt : app->get_options()) {
    const bool takes_value = opt->get_type_size_max() > 0;
    for (const std::string& n : opt->get_lnames()) names["--" + n] = takes_value;
    for (const std::string& n : opt->get_snames()) names["-" + n] = takes_value;
  }
  return names;
}

// An option the verb does not have, named with the ones it may have meant; empty when all are
// known. CLI11 would say "The following arguments were not expected: --src x", which names neither.
std::string UnknownOption(CLI::App* sub, int argc, char** argv, int first) {
  std::map<std::string, bool> known = OptionNames(sub);
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    // A verb with verbs of its own (names score): from there on, that one's options.
    if (!arg.empty() && arg[0] != '-') {
      for (CLI::App* inner : sub->get_subcommands([](CLI::App*) { return true; })) {
        if (inner->get_name() == arg) {
          sub = inner;
          known = OptionNames(sub);
          break;
        }
      }
      continue;
    }
    // Not an option: a number, "-" (standard input), text with spaces ("-- said the envoy").
    if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9') || arg.find(' ') != std::string::npos) continue;
    std::string name = arg.substr(0, arg.find('='));
    if (arg[1] != '-' && name.size() > 2) name = name.substr(0, 2);  // -gFILE
    auto it = known.find(name);
    if (it != known.end()) {
      if (it->second && name == arg) ++i;  // its value, whatever it looks like
      continue;
    }
    std::vector<std::string> near;
    for (const auto& [k, takes_value] : known) {
      if (k.size() > 2 && name.size() > 2 && (k.rfind(name, 0) == 0 || NearName(name, k))) near.push_back(k);
    }
    std::string message = (boost::locale::format(_("unknown option {1}")) % name).str(MessageLocale());
    if (!near.empty()) {
      std::string list;
      for (const std::string& n : near) list += (list.empty() ? "" : ", ") + n;
      message += " (" + (boost::locale::format(_("did you mean {1}?")) % list).str(MessageLocale()) + ")";
    }
    return message;
  }
  return "";
}

}  // namespace

std::vector<Verb>& Verbs() {
  static std::vector<Verb> verbs;
  return verbs;
}

std::string _(const char* english) {
  return boost::locale::translate(english).str(MessageLocale());
}

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return kExitOk;
    case Status::Code::kInvalidArgument:
    case Status::Code::kInvalidInput:
    case Status::Code::kNotFound:
    case Status::Code::kNotSupported: return kExitUsage;
    case Status::Code::kIOError:
    case Status::Code::kBusy: return kExitIO;
    case Status::Code::kCorruption: return kExitInternal;
  }
  return kExitInternal;
}

std::string TranslateMessage(const std::string& message) {
  // Whole messages first; then "PLACE: what went wrong", whose place (a file, a line) stays as it is.
  std::string whole = _(message.c_str());
  if (whole != message) return whole;
  for (size_t colon = message.find(": "); colon != std::string::npos; colon = message.find(": ", colon + 2)) {
    std::string rest = message.substr(colon + 2);
    std::string translated = _(rest.c_str());
    if (translated != rest) return message.substr(0, colon + 2) + translated;
  }
  return message;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "tmkit: %s\n", TranslateMessage(s.message()).c_str());
  return ExitCodeFor(s);
}

Status OpenForReading(const std::string& dir, std::unique_ptr<Memory>* memory) {
  OpenOptions open;
  open.read_only = true;
  return Memory::Open(dir, open, memory);
}

CLI::Option* AddWaitOption(CLI::App* app, int* wait_seconds) {
  return app->add_option("--wait", *wait_seconds, _("seconds to wait for another writer (default 0: fail at once)"));
}

Status OpenForWriting(const std::string& dir, int wait_seconds, std::unique_ptr<Memory>* memory, OpenOptions options) {
  options.read_only = false;
  options.writer_wait_ms = wait_seconds * 1000;
  return Memory::Open(dir, options, memory);
}

Status RequireHeldLanguages(const Memory& memory, const std::string& dir,
                            const std::vector<std::pair<const char*, std::string>>& options) {
  MemoryStats stats;
  Status s = memory.Stats(&stats);
  if (!s.ok()) return s;
  const std::vector<std::string> held = stats.HeldLanguages();
  for (const auto& [option, tag] : options) {
    std::string canonical;
    s = CanonicalLanguageTag(tag, &canonical);
    if (!s.ok()) return s;
    auto matches = [&canonical](const std::string& lang) { return LanguageMatches(canonical, lang); };
    if (std::any_of(held.begin(), held.end(), matches)) continue;
    std::string list;
    for (const std::string& lang : held) list += (list.empty() ? "" : ", ") + lang;
    return Status::InvalidInput(dir + " holds no segments in '" + tag + "' (" + option + "); it has " +
                                (list.empty() ? "none" : list));
  }
  return Status::OK();
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) parts.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

CLI::Validator OneOf(std::vector<std::string> choices) {
  return CLI::IsMember(std::move(choices));
}

}  // namespace tmkit::cli

int main(int argc, char** argv) {
  using namespace tmkit::cli;
  CLI::App app{_("tmkit: segment, align, store, look up and check translations")};
  app.set_version_flag("--version", "tmkit 0.1.0");
  app.require_subcommand(1);
  std::function<int()> run;
  std::map<std::string, CLI::App*> subs;
  for (const Verb& verb : Verbs()) {
    CLI::App* sub = app.add_subcommand(verb.name, _(verb.summary.c_str()));
    auto runner = verb.setup(sub);
    sub->callback([&run, runner] { run = runner; });
    auto example = VerbExamples().find(verb.name);
    sub->footer(_("Example:") + "\n  " +
                (example != VerbExamples().end() ? example->second : "tmkit " + verb.name + " --help"));
    subs[verb.name] = sub;
  }
  // Bare `tmkit`, `tmkit help` and `tmkit help VERB`; then an unknown verb or option named with what
  // was meant, before CLI11's own messages.
  if (argc == 1 || std::string_view(argv[1]) == "help") {
    if (argc >= 3 && subs.count(argv[2])) {
      std::printf("%s", subs[argv[2]]->help().c_str());
      return kExitOk;
    }
    PrintVerbs(stdout);
    return argc == 1 ? kExitUsage : kExitOk;
  }
  const std::string first = argv[1];
  if (first[0] != '-' && subs.count(first) == 0) {
    std::vector<std::string> near = SuggestVerbs(first);
    std::string message = (boost::locale::format(_("unknown verb '{1}'")) % first).str(MessageLocale());
    if (!near.empty()) {
      std::string list;
      for (const std::string& v : near) list += (list.empty() ? "" : " ") + v + "?";
      message += " (" + (boost::locale::format(_("did you mean {1}")) % list).str(MessageLocale()) + ")";
    }
    std::fprintf(stderr, "tmkit: %s\n%s\n", message.c_str(), _("'tmkit help' lists the verbs.").c_str());
    return kExitUsage;
  }
  if (subs.count(first)) {
    std::string unknown = UnknownOption(subs[first], argc, argv, 2);
    if (!unknown.empty()) {
      std::fprintf(stderr, "tmkit: %s\n%s\n", unknown.c_str(),
                   (boost::locale::format(_("'tmkit {1} --help' lists its options.")) % first).str(MessageLocale()).c_str());
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      app.exit(e);
      return kExitOk;
    }
    std::fprintf(stderr, "tmkit: %s\n", TranslateMessage(e.what()).c_str());
    return kExitUsage;
  }
  try {
    return run ? run() : kExitUsage;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "tmkit: out of memory\n");
    return kExitIO;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmkit: internal error: %s\n", e.what());
    return kExitInternal;
  }
}
