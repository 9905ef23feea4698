// libFuzzer harness: the streaming TMX reader on arbitrary bytes (it reads a path, so each input
// goes through a scratch file). Any input must end in a Status; the units it accepts must carry
// canonical languages and valid UTF-8, and must survive TmxWriter and a second read unchanged.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/lang.h"
#include "tmkit/tmx.h"
#include "tmkit/utf8.h"

namespace {

std::string ScratchPath(const char* suffix) {
  const char* dir = getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/tmkit_tmx_fuzz." + std::to_string(getpid()) + suffix;
}

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "TMX invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string in_path = ScratchPath(".in.tmx");
  static const std::string out_path = ScratchPath(".out.tmx");
  FILE* f = fopen(in_path.c_str(), "wb");
  Check(f != nullptr, "scratch file opens");
  if (size > 0) Check(fwrite(data, 1, size, f) == size, "scratch file written");
  fclose(f);

  tmkit::TmxReadLimits limits;
  limits.max_segment_bytes = 16 * 1024;
  limits.max_unit_variants = 64;
  std::vector<tmkit::Unit> units;
  tmkit::TmxHeader header;
  tmkit::Status s = tmkit::ReadTmx(in_path, limits, &header, [&](tmkit::Unit&& unit, uint64_t) {
    units.push_back(std::move(unit));
    return tmkit::Status::OK();
  });
  if (!s.ok()) {
    Check(!s.message().empty(), "an error says why");
    return 0;
  }
  for (const tmkit::Unit& unit : units) {
    for (const tmkit::Variant& v : unit.variants) {
      std::string canonical;
      Check(tmkit::CanonicalLanguageTag(v.lang, &canonical).ok() && canonical == v.lang, "variant language is canonical");
      Check(tmkit::FindInvalidUtf8(v.text) == std::string::npos, "variant text is valid UTF-8");
      Check(v.text.size() <= limits.max_segment_bytes, "segment within the limit");
    }
  }

  // Round trip through the writer.
  std::unique_ptr<tmkit::TmxWriter> writer;
  Check(tmkit::TmxWriter::Create(out_path, {}, &writer).ok(), "writer opens");
  std::vector<const tmkit::Unit*> written;
  for (const tmkit::Unit& unit : units) {
    bool was_written = false;
    Check(writer->Write(unit, &was_written).ok(), "writer writes an accepted unit");
    if (was_written) written.push_back(&unit);
  }
  Check(writer->Finish().ok(), "writer finishes");
  writer.reset();
  size_t i = 0;
  tmkit::Status again = tmkit::ReadTmx(out_path, limits, nullptr, [&](tmkit::Unit&& unit, uint64_t) {
    Check(i < written.size(), "no extra unit read back");
    const tmkit::Unit& before = *written[i++];
    Check(unit.variants.size() == before.variants.size(), "same variants read back");
    for (size_t k = 0; k < unit.variants.size(); ++k) {
      Check(unit.variants[k].lang == before.variants[k].lang, "same language read back");
      if (unit.variants[k].text != before.variants[k].text) {
        fprintf(stderr, "read first:  [%s]\nread back:   [%s]\n", before.variants[k].text.c_str(),
                unit.variants[k].text.c_str());
      }
      Check(unit.variants[k].text == before.variants[k].text, "same text read back");
    }
    return tmkit::Status::OK();
  });
  if (!again.ok()) fprintf(stderr, "%s\n", again.ToString().c_str());
  Check(again.ok(), "written TMX reads back");
  Check(i == written.size(), "every written unit read back");
  unlink(out_path.c_str());
  return 0;
}
