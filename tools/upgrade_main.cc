// tmkit upgrade --tm TM: brings a TM written by an older tmkit to the current schema, in one
// transaction (opening a TM for writing does it; read-only verbs refuse an older TM).
#include <cstdio>

#include "cli.h"
#include "tmkit/memory.h"

namespace {
struct Options {
  std::string tm;
};
}  // namespace

TMKIT_VERB(upgrade, "upgrade", "Bring a translation memory written by an older tmkit to the current schema", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  return [opts]() -> int {
    using namespace tmkit;
    std::unique_ptr<Memory> memory;
    Status s = Memory::Open(opts->tm, OpenOptions(), &memory);
    if (!s.ok()) return cli::Fail(s);
    MemoryStats st;
    s = memory->Stats(&st);
    if (!s.ok()) return cli::Fail(s);
    std::printf("%s: schema version %u\n", opts->tm.c_str(), st.schema_version);
    return cli::kExitOk;
  };
}));
