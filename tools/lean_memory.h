// For processes that serve lookups: freed memory goes back to the system at once instead of
// being held for reuse. Call first thing, before the TM is opened. Thread-compatible; a no-op
// when the allocator is not jemalloc.
//
// Why: jemalloc (linked for the import's speed, CMakeLists.txt) keeps freed pages 10 s by
// default, which adds ~2.5 MB to a lookup process's RSS (its budget is 200 MB, docs/benchmarks.md);
// the import keeps the default, because returning pages at once costs it 15% of its speed.
#ifndef TMKIT_TOOLS_LEAN_MEMORY_H_
#define TMKIT_TOOLS_LEAN_MEMORY_H_

#include <sys/types.h>

#include <cstddef>
#include <initializer_list>
#include <string>

extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace tmkit {

inline void ReturnFreedMemoryPromptly() {
  if (mallctl == nullptr) return;
  ssize_t now = 0;
  // The default for arenas made later, then each arena that exists (made on first use).
  mallctl("arenas.dirty_decay_ms", nullptr, nullptr, &now, sizeof now);
  mallctl("arenas.muzzy_decay_ms", nullptr, nullptr, &now, sizeof now);
  unsigned arenas = 0;
  size_t size = sizeof arenas;
  if (mallctl("arenas.narenas", &arenas, &size, nullptr, 0) != 0) return;
  for (unsigned i = 0; i < arenas; ++i) {
    for (const char* knob : {".dirty_decay_ms", ".muzzy_decay_ms"}) {
      std::string name = "arena." + std::to_string(i) + knob;
      mallctl(name.c_str(), nullptr, nullptr, &now, sizeof now);  // fails for arenas not made yet
    }
  }
}

}  // namespace tmkit

#endif  // TMKIT_TOOLS_LEAN_MEMORY_H_
