// tmkit: the command-line front end. Parses the verb, runs it, maps Status to exit codes.
#include <unistd.h>

#include <algorithm>
#include <boost/locale.hpp>
#include <climits>
#include <cstdio>
#include <iostream>

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

int Fail(const Status& s) {
  std::fprintf(stderr, "tmkit: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

Status OpenForReading(const std::string& dir, std::unique_ptr<Memory>* memory) {
  OpenOptions open;
  open.read_only = true;
  return Memory::Open(dir, open, memory);
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
  for (const Verb& verb : Verbs()) {
    CLI::App* sub = app.add_subcommand(verb.name, _(verb.summary.c_str()));
    auto runner = verb.setup(sub);
    sub->callback([&run, runner] { run = runner; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
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
