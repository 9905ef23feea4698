// tmkit verify --tm TM: every index against the units and the schema. Exit 0 clean, 1 problems.
#include <cstdio>
#include <optional>

#include "cli.h"
#include "tmkit/memory.h"
#include "tmkit/progress.h"

namespace {
struct Options {
  std::string tm;
};
}  // namespace

TMKIT_VERB(verify, "verify", "Check that a translation memory's indexes agree with its units", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  return [opts]() -> int {
    using namespace tmkit;
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForReading(opts->tm, &memory);
    if (!s.ok()) return cli::Fail(s);
    std::vector<std::string> problems;
    std::optional<Progress> progress;  // drawn once the total is known
    s = memory->Verify(&problems, [&progress](uint64_t done, uint64_t total) {
      if (!progress) progress.emplace(cli::_("verifying"), total);
      progress->Update(done);
    });
    if (progress) progress->Finish();
    if (!s.ok()) return cli::Fail(s);
    for (const std::string& p : problems) std::printf("%s: %s\n", opts->tm.c_str(), p.c_str());
    if (!problems.empty()) return cli::kExitFindings;
    std::printf("%s: %s\n", opts->tm.c_str(), cli::_("ok").c_str());
    return cli::kExitOk;
  };
}));
