// tmkit join --tm TM: units that share their source segment (an en-ru and an en-ar unit of the
// same English sentence) become one multilingual unit, in one transaction (tmkit/unit_join.h).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "tmkit/progress.h"
#include "tmkit/unit_join.h"

namespace {
struct Options {
  std::string tm, format = "text";
  int wait_seconds = 0;
};
}  // namespace

TMKIT_VERB(join, "join", "Join units that share their source segment into multilingual units", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  app->add_option("--format", opts->format, tmkit::cli::_("report format: text or json"))->check(tmkit::cli::OneOf({"text", "json"}));
  tmkit::cli::AddWaitOption(app, &opts->wait_seconds);
  return [opts]() -> int {
    using namespace tmkit;
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForWriting(opts->tm, opts->wait_seconds, &memory);
    if (!s.ok()) return cli::Fail(s);
    Progress progress(cli::_("joining"), 0);
    JoinReport report;
    s = JoinTm(memory.get(), &report, [&progress](uint64_t done, uint64_t) { progress.Update(done); });
    progress.Finish();
    if (!s.ok()) return cli::Fail(s);
    if (opts->format == "json") {
      nlohmann::json j = {{"tm", opts->tm}, {"units", report.units}, {"joined", report.joined}, {"ambiguous", report.ambiguous}};
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%s: %llu units read, %llu joined into another unit, %llu left apart (more than one unit could take them)\n",
                  opts->tm.c_str(), static_cast<unsigned long long>(report.units),
                  static_cast<unsigned long long>(report.joined), static_cast<unsigned long long>(report.ambiguous));
    }
    return cli::kExitOk;
  };
}));
