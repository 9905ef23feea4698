// libFuzzer harness: the SRX 2.0 reader on arbitrary bytes, then the rules it accepts applied to
// a fixed text at every position. Load must return a Status (an invalid regular expression is
// InvalidInput, not a crash); Decide must terminate.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "segment/srx.h"

namespace {

// SrxRules::Load reads a path: each input goes through one temporary file per process.
const std::string& ScratchPath() {
  static const std::string path = [] {
    const char* dir = getenv("TMPDIR");
    return std::string(dir != nullptr ? dir : "/tmp") + "/tmkit_srx_fuzz." + std::to_string(getpid()) + ".srx";
  }();
  return path;
}

constexpr std::string_view kText =
    "Mr. Annan said 2.5 bn. \"Stop!\" he said. Г-н Аннан сказал: «Хватит». قال عنان. Done.\n(see p. 4) U.N. talks";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FILE* f = fopen(ScratchPath().c_str(), "wb");
  if (f == nullptr) abort();
  if (size > 0 && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  for (const char* language : {"en", "ru"}) {
    std::unique_ptr<tmkit::segment::SrxRules> rules;
    tmkit::Status s = tmkit::segment::SrxRules::Load(ScratchPath(), language, &rules);
    if (!s.ok()) {
      if (s.message().empty()) abort();
      continue;
    }
    rules->SetText(kText);
    for (size_t pos = 0; pos <= kText.size(); ++pos) {
      if (pos < kText.size() && (static_cast<uint8_t>(kText[pos]) & 0xC0) == 0x80) continue;  // mid-character
      rules->Decide(pos, pos % 2 == 1);
    }
  }
  return 0;
}
