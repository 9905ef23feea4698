// The repository's glossaries/names.tbx, read once for the unit tests that match against it.
// Owned by the function (never freed, as the tests end with the process); not thread-safe.
#ifndef TMKIT_TESTS_UNIT_HOUSE_GLOSSARY_H_
#define TMKIT_TESTS_UNIT_HOUSE_GLOSSARY_H_

#include <gtest/gtest.h>

#include <string>

#include "tmkit/glossary.h"

namespace tmkit {

inline const Glossary& Names() {
  static const Glossary* g = [] {
    auto* g = new Glossary;
    Status s = ReadGlossaryFile(std::string(TMKIT_SOURCE_DIR) + "/glossaries/names.tbx", "", "", g);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return g;
  }();
  return *g;
}

}  // namespace tmkit

#endif  // TMKIT_TESTS_UNIT_HOUSE_GLOSSARY_H_
