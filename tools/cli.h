// The CLI's shared plumbing: verb registration, exit codes and user-facing messages.
// Every verb lives in its own tools/<verb>_main.cc and registers itself with TMKIT_VERB.
#ifndef TMKIT_TOOLS_CLI_H_
#define TMKIT_TOOLS_CLI_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/memory.h"
#include "tmkit/output_file.h"
#include "tmkit/status.h"

namespace tmkit::cli {

// Exit codes, documented in docs/cli.md; scripts depend on them.
enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,  // the job ran and found problems (check, verify)
  kExitUsage = 2,     // bad arguments or bad input data: nothing was changed
  kExitIO = 3,        // the system refused: unwritable path, disk full, TM busy
  kExitInternal = 4,  // a corrupt TM or a bug
};

int ExitCodeFor(const Status& s);

// Prints "tmkit: MESSAGE" on stderr and returns ExitCodeFor(s).
int Fail(const Status& s);

// Translates an English message through the Boost.Locale catalogs (tools/po/*.po).
std::string _(const char* english);

// A verb adds its options to `app` and returns the function that runs it.
using VerbSetup = std::function<std::function<int()>(CLI::App* app)>;

struct Verb {
  std::string name;
  std::string summary;
  VerbSetup setup;
};

std::vector<Verb>& Verbs();

struct VerbRegistration {
  VerbRegistration(std::string name, std::string summary, VerbSetup setup) {
    Verbs().push_back({std::move(name), std::move(summary), std::move(setup)});
  }
};

#define TMKIT_VERB(ident, name, summary, setup) \
  static ::tmkit::cli::VerbRegistration tmkit_verb_##ident(name, summary, setup)

// Opens the TM at `dir` for reading only (the verbs that look, never write): readers never wait for
// a writer. NotFound when there is no TM there.
Status OpenForReading(const std::string& dir, std::unique_ptr<Memory>* memory);

// The writing verbs' --wait SECONDS (into *wait_seconds; 0 fails at once when another process
// writes, negative waits as long as it takes), and the open that honours it: `dir` opened for
// writing with `options` (create_if_missing, max_map_bytes), waiting that long for another writer.
CLI::Option* AddWaitOption(CLI::App* app, int* wait_seconds);
Status OpenForWriting(const std::string& dir, int wait_seconds, std::unique_ptr<Memory>* memory,
                      OpenOptions options = OpenOptions());

// Checks that the opened TM at `dir` holds segments in each language given, as {option, tag}
// (en matches en-US): otherwise InvalidInput naming what it holds, so a typo is not "no match".
Status RequireHeldLanguages(const Memory& memory, const std::string& dir,
                            const std::vector<std::pair<const char*, std::string>>& options);


// "en,ru,,ar" -> {"en", "ru", "ar"}: the parts of a comma-separated list, empty ones dropped.
std::vector<std::string> SplitCommas(const std::string& s);

// What `terms` and `check` do with each language, for their --help (tools/terms_main.cc).
extern const char* const kLanguageHelp;

// Checks a --format value against the accepted ones.
CLI::Validator OneOf(std::vector<std::string> choices);

}  // namespace tmkit::cli

#endif  // TMKIT_TOOLS_CLI_H_
