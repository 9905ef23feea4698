// tmkit copy --tm TM DEST: a consistent, compacted copy of a TM, e.g. a replica to serve lookups from.
#include <cstdio>

#include "cli.h"

namespace tmkit::cli {
namespace {

std::function<int()> SetupCopy(CLI::App* app) {
  auto tm = std::make_shared<std::string>();
  auto dest = std::make_shared<std::string>();
  app->add_option("--tm", *tm, _("TM directory to copy"))->required();
  app->add_option("DEST", *dest, _("New directory for the copy (must not exist)"))->required();
  app->footer(_("Example: tmkit copy --tm archive.tm /srv/replica1.tm && tmkit serve --tm /srv/replica1.tm"));
  return [tm, dest]() -> int {
    std::unique_ptr<Memory> memory;
    Status s = OpenForReading(*tm, &memory);
    if (s.ok()) s = memory->CopyTo(*dest);
    if (!s.ok()) return Fail(s);
    std::unique_ptr<Memory> copy;
    MemoryStats stats;
    s = OpenForReading(*dest, &copy);
    if (s.ok()) s = copy->Stats(&stats);
    if (!s.ok()) return Fail(s);
    std::printf("%s: %llu units, %llu bytes\n", dest->c_str(), static_cast<unsigned long long>(stats.units),
                static_cast<unsigned long long>(stats.file_bytes));
    return kExitOk;
  };
}

TMKIT_VERB(copy, "copy", "Copy a translation memory consistently (a replica for lookups)", SetupCopy);

}  // namespace
}  // namespace tmkit::cli
