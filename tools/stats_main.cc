// tmkit stats --tm TM: what a TM holds.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "tmkit/memory.h"

namespace {
struct Options {
  std::string tm, format = "text";
};
}  // namespace

TMKIT_VERB(stats, "stats", "Count the units, languages and index entries of a translation memory", ([](CLI::App* app) {
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, tmkit::cli::_("TM directory"))->required();
  app->add_option("--format", opts->format, tmkit::cli::_("text or json"))->check(tmkit::cli::OneOf({"text", "json"}));
  return [opts]() -> int {
    using namespace tmkit;
    std::unique_ptr<Memory> memory;
    Status s = cli::OpenForReading(opts->tm, &memory);
    if (!s.ok()) return cli::Fail(s);
    MemoryStats st;
    s = memory->Stats(&st);
    if (!s.ok()) return cli::Fail(s);
    if (opts->format == "json") {
      nlohmann::json langs = nlohmann::json::object();
      for (const auto& [lang, n] : st.variants_by_lang) langs[lang] = n;
      nlohmann::json j = {{"units", st.units}, {"variants", langs}, {"vocabulary", st.vocabulary},
                          {"postings", st.postings}, {"file_bytes", st.file_bytes}, {"map_bytes", st.map_bytes},
                          {"schema_version", st.schema_version}};
      if (st.last_change != 0) j["last_change"] = FormatTmxDate(st.last_change);
      std::printf("%s\n", j.dump().c_str());
      return cli::kExitOk;
    }
    std::printf("units          %llu\n", static_cast<unsigned long long>(st.units));
    for (const auto& [lang, n] : st.variants_by_lang) std::printf("  %-12s %llu\n", lang.c_str(), static_cast<unsigned long long>(n));
    std::printf("words indexed  %llu distinct, %llu entries\n", static_cast<unsigned long long>(st.vocabulary),
                static_cast<unsigned long long>(st.postings));
    std::printf("on disk        %.1f MB (map %.1f MB)\n", st.file_bytes / 1e6, st.map_bytes / 1e6);
    if (st.last_change != 0) std::printf("last change    %s\n", FormatTmxDate(st.last_change).c_str());
    std::printf("schema         %u\n", st.schema_version);
    return cli::kExitOk;
  };
}));
