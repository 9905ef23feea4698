// tmkit import --tm TM FILE...: TMX, TSV or XLIFF files into the TM, each file in one transaction.
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "tmkit/import.h"
#include "tmkit/progress.h"

namespace {

struct Options {
  std::string tm, src_lang, tgt_lang, format_in, document, output = "text";
  std::vector<std::string> files;
  uint64_t max_map_bytes = 0;
  int wait_seconds = 0;
  bool background = false, no_join = false;
};

void PrintReport(const std::string& file, tmkit::ImportReport& report, const std::string& format) {
  for (const auto& [message, count] : report.warnings) {
    std::fprintf(stderr, "tmkit: warning: %s: %s%s\n", report.first_warning[message].c_str(), message.c_str(),
                 count > 1 ? (" (" + std::to_string(count) + "×)").c_str() : "");
  }
  if (format == "json") {  // one object per line, one line per file
    nlohmann::json j = {{"file", file}, {"read", report.read}, {"added", report.added},
                        {"merged", report.merged}, {"joined", report.joined}, {"skipped", report.skipped}};
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& [reason, count] : report.skip_reasons) {
      reasons.push_back({{"reason", reason}, {"count", count}, {"first", report.first_skip[reason]}});
    }
    j["skip_reasons"] = reasons;
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& [message, count] : report.warnings) {
      warnings.push_back({{"warning", message}, {"count", count}, {"first", report.first_warning[message]}});
    }
    j["warnings"] = warnings;
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("%s: %llu read, %llu added, %llu merged, %llu joined, %llu skipped\n", file.c_str(),
                static_cast<unsigned long long>(report.read), static_cast<unsigned long long>(report.added),
                static_cast<unsigned long long>(report.merged), static_cast<unsigned long long>(report.joined),
                static_cast<unsigned long long>(report.skipped));
    for (const auto& [reason, count] : report.skip_reasons) {
      std::printf("  skipped %llu: %s (first at %s)\n", static_cast<unsigned long long>(count), reason.c_str(),
                  report.first_skip[reason].c_str());
    }
  }
  std::fflush(stdout);
}

}  // namespace

TMKIT_VERB(import, "import", "Import TMX, TSV or XLIFF files into a translation memory", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory (created when missing)"))->required();
  app->add_option("FILE", opts->files, tmkit::cli::_("TMX, XLIFF (translated segments) or TSV (source<TAB>target) files; each lands whole or not at all"))
      ->required();
  app->add_option("--src-lang", opts->src_lang, tmkit::cli::_("TSV: language of the first column"));
  app->add_option("--tgt-lang", opts->tgt_lang, tmkit::cli::_("TSV: language of the second column"));
  app->add_option("--input-format", opts->format_in, tmkit::cli::_("tmx, tsv or xliff (default: by file name)"))
      ->check(tmkit::cli::OneOf({"tmx", "tsv", "xliff"}));
  app->add_option("--doc", opts->document, tmkit::cli::_("TSV: document id stored with the units (default: file name)"));
  app->add_flag("--no-join", opts->no_join,
                tmkit::cli::_("keep each unit apart, even when a stored unit has the same source and lacks its languages"));
  app->add_option("--format", opts->output, tmkit::cli::_("report format: text or json"))->check(tmkit::cli::OneOf({"text", "json"}));
  app->add_option("--max-map-size", opts->max_map_bytes, tmkit::cli::_("refuse to grow the TM beyond this many bytes"));
  tmkit::cli::AddWaitOption(app, &opts->wait_seconds);
  app->add_flag("--background", opts->background,
                tmkit::cli::_("run at idle CPU priority, so that lookups served from the same machine keep the CPU"));
  return [opts]() -> int {
    using namespace tmkit;
    if (opts->background) {
      // Before any thread starts: the parser and analysis threads inherit the policy. SCHED_IDLE
      // rather than nice 19: a niced import still takes ~1.5% per thread from each busy core and
      // more when the server's threads sleep on the network; an idle-class one only gets cores
      // nobody else wants. Lowering one's own priority needs no privilege.
      sched_param param{};
      if (sched_setscheduler(0, SCHED_IDLE, &param) != 0) {
        std::fprintf(stderr, "tmkit: cannot lower the import's priority: %s\n", std::strerror(errno));
        return cli::kExitIO;
      }
    }
    // "Exit 2: nothing was changed" holds for a TM the import creates too: when no file could be
    // imported, the TM directory this run created is removed again.
    struct stat st;
    const bool tm_existed = stat(opts->tm.c_str(), &st) == 0;
    OpenOptions open;
    open.create_if_missing = true;
    open.max_map_bytes = opts->max_map_bytes;
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForWriting(opts->tm, opts->wait_seconds, &memory, open);
    if (!s.ok()) return cli::Fail(s);
    ImportOptions options;
    options.format = opts->format_in;
    options.src_lang = opts->src_lang;
    options.tgt_lang = opts->tgt_lang;
    options.document = opts->document;
    options.join = !opts->no_join;
    // One transaction per file, in the order given: a file that fails (bad or truncated) is
    // reported and stores nothing, and the others go on; a system failure (disk full, TM busy)
    // stops the run. Importing a file again merges what is already there (docs/cli.md).
    int exit_code = cli::kExitOk;
    bool imported = false;
    auto remove_if_created = [&] {
      if (tm_existed || imported) return;
      memory.reset();
      std::error_code ignored;
      std::filesystem::remove_all(opts->tm, ignored);
    };
    for (const std::string& file : opts->files) {
      Progress progress(cli::_("importing"), 0);
      options.progress = [&progress](uint64_t n) { progress.Update(n); };
      ImportReport report;
      s = ImportFile(memory.get(), file, options, &report);
      progress.Finish();
      if (!s.ok()) {
        int code = cli::Fail(s);
        if (exit_code == cli::kExitOk) exit_code = code;
        if (code != cli::kExitUsage) {
          remove_if_created();
          return code;
        }
        continue;
      }
      imported = true;
      PrintReport(file, report, opts->output);
    }
    remove_if_created();
    return exit_code;
  };
}));
