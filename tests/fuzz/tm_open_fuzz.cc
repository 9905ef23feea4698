// libFuzzer harness: opening a damaged TM (issue 27). Each input is a list of damages done to the
// seed article's data.mdb (seed_tm.h): cut the file short, flip bits, zero a page, or overwrite a
// few bytes, at places the input picks. Then the TM is opened read-only and verified, as
// `tmkit verify` would. The promise (docs/tm-format.md, "The data file, damaged"): Open refuses
// with a Status what it cannot read, Verify reports any structural damage as problems and never
// crashes, and a TM Verify finds clean can be read by every reader (Stats, ForEach, Lookup,
// Concordance) without a crash. LMDB's assertion handler exits the process (exit 4), which
// libFuzzer reports as a finding: a damage that reaches it past a clean Verify is a bug too.
//
// Input: a sequence of 8-byte records, each [kind, a, b, c, offset (4 bytes, little-endian)].
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "seed_tm.h"
#include "tmkit/memory.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "damaged TM invariant broken: %s\n", what);
    std::abort();
  }
}

const std::string& PristineData() {
  static const std::string bytes = [] {
    fuzz::SeedTmDir();
    std::ifstream in(fuzz::ScratchDir() + "/pristine/data.mdb", std::ios::binary);
    std::string b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Check(b.size() > 8192, "the seed TM has a data file");
    return b;
  }();
  return bytes;
}

// Applies the input's damages to a copy of the seed TM's data file.
std::string Damage(const uint8_t* data, size_t size) {
  std::string file = PristineData();
  constexpr size_t kPage = 4096;
  for (size_t i = 0; i + 8 <= size; i += 8) {
    const uint8_t kind = data[i], a = data[i + 1], b = data[i + 2], c = data[i + 3];
    const uint32_t raw = static_cast<uint32_t>(data[i + 4]) | static_cast<uint32_t>(data[i + 5]) << 8 |
                         static_cast<uint32_t>(data[i + 6]) << 16 | static_cast<uint32_t>(data[i + 7]) << 24;
    if (file.empty()) break;
    const size_t offset = raw % file.size();
    switch (kind % 5) {
      case 0:  // cut the file short
        file.resize(offset);
        break;
      case 1:  // flip the bits of `a` in one byte
        file[offset] = static_cast<char>(file[offset] ^ (a == 0 ? 1 : a));
        break;
      case 2: {  // zero the page holding `offset`
        const size_t page = offset / kPage * kPage;
        for (size_t p = page; p < page + kPage && p < file.size(); ++p) file[p] = 0;
        break;
      }
      case 3:  // write three bytes (a node offset, a count, a page number's low bytes)
        file[offset] = static_cast<char>(a);
        if (offset + 1 < file.size()) file[offset + 1] = static_cast<char>(b);
        if (offset + 2 < file.size()) file[offset + 2] = static_cast<char>(c);
        break;
      case 4: {  // copy a page over another: a sound page in the wrong place
        const size_t pages = file.size() / kPage;
        if (pages < 2) break;
        const size_t from = (static_cast<size_t>(a) | static_cast<size_t>(b) << 8) % pages;
        const size_t to = offset / kPage % pages;
        file.replace(to * kPage, kPage, file, from * kPage, kPage);
        break;
      }
    }
  }
  return file;
}

void Write(const std::string& path, const std::string& bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  Check(fd >= 0, "the scratch data file opens");
  Check(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()), "the scratch data file is written");
  close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8 * 64) return -1;
  const std::string damaged = Damage(data, size);
  namespace fs = std::filesystem;
  const std::string dir = fuzz::ScratchDir() + "/damaged";
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  fs::create_directory(dir);
  Write(dir + "/data.mdb", damaged);

  tmkit::OpenOptions options;
  options.read_only = true;
  std::unique_ptr<tmkit::Memory> memory;
  if (!tmkit::Memory::Open(dir, options, &memory).ok()) return 0;  // refused: that is the promise
  std::vector<std::string> problems;
  tmkit::Status s = memory->Verify(&problems, nullptr);
  if (!s.ok() || !problems.empty()) return 0;  // reported

  // Verify found it sound: every reader may read it.
  tmkit::MemoryStats stats;
  (void)memory->Stats(&stats);
  size_t seen = 0;
  (void)memory->ForEach([&seen](const tmkit::Unit&) {
    ++seen;
    return tmkit::Status::OK();
  });
  tmkit::LookupQuery lookup;
  lookup.text = "The Syrian opposition said on Sunday it would attend the talks in Geneva";
  lookup.src_lang = "en";
  lookup.tgt_lang = "ru";
  std::vector<tmkit::LookupMatch> matches;
  (void)memory->Lookup(lookup, &matches);
  tmkit::ConcordanceQuery concordance;
  concordance.phrase = "opposition";
  concordance.lang = "en";
  std::vector<tmkit::ConcordanceHit> hits;
  bool more = false;
  (void)memory->Concordance(concordance, &hits, &more);
  return 0;
}
