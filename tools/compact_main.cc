// tmkit compact --tm TM: rewrites a TM's indexes densely (Writer::Compact), e.g. after imports.
#include <cstdio>

#include "cli.h"
#include "tmkit/memory.h"

namespace {
struct Options {
  std::string tm;
  int wait_seconds = 0;
};
}  // namespace

TMKIT_VERB(compact, "compact", "Rewrite a translation memory's indexes densely so that lookups read fewer pages", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  tmkit::cli::AddWaitOption(app, &opts->wait_seconds);
  return [opts]() -> int {
    using namespace tmkit;
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForWriting(opts->tm, opts->wait_seconds, &memory);
    if (!s.ok()) return cli::Fail(s);
    MemoryStats before, after;
    s = memory->Stats(&before);
    if (s.ok()) s = memory->Write([](Writer* w) { return w->Compact(); });
    if (s.ok()) s = memory->Stats(&after);
    if (!s.ok()) return cli::Fail(s);
    std::printf("%s: indexes rewritten (%llu units; data.mdb %.1f MB, was %.1f MB)\n", opts->tm.c_str(),
                static_cast<unsigned long long>(after.units), after.file_bytes / 1e6, before.file_bytes / 1e6);
    return cli::kExitOk;
  };
}));
