// For harnesses that query a TM: a scratch TM holding the seed article's aligned sentences
// (corpora/syria-geneva-talks, en with ru and ar), built once per process under $TMPDIR and removed
// at exit. A harness that writes puts the TM back with ResetSeedTm(), so that every input meets the
// same TM and a crash reproduces from its input alone. Header-only, as each harness is one file;
// not thread-safe (libFuzzer runs one input at a time).
#ifndef TMKIT_TESTS_FUZZ_SEED_TM_H_
#define TMKIT_TESTS_FUZZ_SEED_TM_H_

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/memory.h"

namespace fuzz {

// The scratch directory: `pristine` is the TM as built, `tm` the copy the harness uses.
inline std::string& ScratchDir() {
  static std::string path;
  return path;
}

inline void RemoveSeedTm() {
  std::error_code ignored;
  if (!ScratchDir().empty()) std::filesystem::remove_all(ScratchDir(), ignored);
}

// Copies the pristine TM into a new directory and moves it to ScratchDir()/tm in place of the one
// there. The old files stay open in whoever has them open; a TmHandle sees the new data file and
// reopens it (its lock file is new too, so the two environments never share one).
inline void CopyPristineTm() {
  namespace fs = std::filesystem;
  const fs::path scratch = ScratchDir();
  fs::remove_all(scratch / "next");
  fs::create_directory(scratch / "next");
  fs::copy_file(scratch / "pristine" / "data.mdb", scratch / "next" / "data.mdb");
  fs::remove_all(scratch / "old");
  if (fs::exists(scratch / "tm")) fs::rename(scratch / "tm", scratch / "old");
  fs::rename(scratch / "next", scratch / "tm");
}

// The TM's directory. It is closed when this returns: open it as the harness needs.
inline const std::string& SeedTmDir() {
  static std::string tm_dir;
  static const bool built = [] {
    auto fail = [](const char* what) {
      fprintf(stderr, "seed TM: %s\n", what);
      std::abort();
      return false;
    };
    const char* tmp = getenv("TMPDIR");
    std::string tmpl = std::string(tmp != nullptr ? tmp : "/tmp") + "/tmkit_fuzz_tm.XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) return fail("no scratch directory");
    ScratchDir() = tmpl;
    atexit(RemoveSeedTm);
    auto lines = [](const std::string& path) {
      std::ifstream in(path);
      std::vector<std::string> out;
      for (std::string line; std::getline(in, line);) out.push_back(line);
      return out;
    };
    const std::string corpus = std::string(TMKIT_SOURCE_DIR) + "/corpora/syria-geneva-talks/";
    std::vector<std::string> en = lines(corpus + "en.sents"), ru = lines(corpus + "ru.sents"),
                             ar = lines(corpus + "ar.sents");
    if (en.empty()) return fail("the seed article's sentences are missing");
    tmkit::OpenOptions options;
    options.create_if_missing = true;
    std::unique_ptr<tmkit::Memory> m;
    if (!tmkit::Memory::Open(tmpl + "/pristine", options, &m).ok()) return fail("cannot create the TM");
    tmkit::Status s = m->Write([&](tmkit::Writer* w) {
      for (size_t i = 0; i < en.size(); ++i) {
        if (en[i].empty()) continue;
        tmkit::Unit unit;
        unit.source_lang = "en";
        unit.document = "syria-geneva-talks";
        unit.position = static_cast<int64_t>(i);
        unit.variants.push_back({"en", en[i], "", {}, {}, {}});
        if (i < ru.size() && !ru[i].empty()) unit.variants.push_back({"ru", ru[i], "", {}, {}, {}});
        if (i < ar.size() && !ar[i].empty()) unit.variants.push_back({"ar", ar[i], "", {}, {}, {}});
        tmkit::AddOutcome outcome;
        uint64_t id;
        tmkit::Status added = w->Add(unit, &outcome, &id);
        if (!added.ok()) return added;
      }
      return tmkit::Status::OK();
    });
    if (!s.ok()) return fail("cannot fill the TM");
    m.reset();
    CopyPristineTm();
    tm_dir = tmpl + "/tm";
    return true;
  }();
  (void)built;
  return tm_dir;
}

// Puts the TM at SeedTmDir() back as it was built.
inline void ResetSeedTm() {
  SeedTmDir();
  CopyPristineTm();
}

}  // namespace fuzz

#endif  // TMKIT_TESTS_FUZZ_SEED_TM_H_
