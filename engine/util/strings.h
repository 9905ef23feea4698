// Small text utilities shared by the engine's layers (internal; not part of the public API).
// Pure functions: thread-safe, no allocation beyond the returned string.
#ifndef TMKIT_UTIL_STRINGS_H_
#define TMKIT_UTIL_STRINGS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tmkit {

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// FNV-1a, 64 bits. The TM's exact-match keys are this hash (docs/tm-format.md), so it must not change.
inline uint64_t Fnv1a64(std::string_view s, uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Runs of ASCII white space (space, tab, CR, LF) become one space; none is kept at either end.
inline std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace tmkit

#endif  // TMKIT_UTIL_STRINGS_H_
