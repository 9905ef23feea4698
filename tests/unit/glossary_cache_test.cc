#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"
#include "tmkit/tbx.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

const std::string kNames = std::string(TMKIT_SOURCE_DIR) + "/glossaries/names.tbx";

// Every field of every concept and term, lines included, as one string to compare.
std::string Dump(const Glossary& g) {
  std::string out;
  for (const Concept& c : g.concepts()) {
    out += "C|" + c.id + "|" + c.subject + "|" + c.note + "\n";
    for (const Term& t : c.terms) {
      out += "T|" + t.text + "|" + t.lang + "|" + TermStatusName(t.status) + "|" + t.type + "|" + t.gender + "|" +
             t.part_of_speech + "|" + t.note + "|" + std::to_string(t.line) + "\n";
    }
  }
  return out;
}

Glossary Parsed(const std::vector<std::string>& languages = {}) {
  std::string text;
  EXPECT_TRUE(ReadFile(kNames, &text).ok());
  Glossary g;
  EXPECT_TRUE(ParseTbx(text, "names.tbx", &g, languages).ok());
  return g;
}

GlossarySource SomeSource() {
  GlossarySource s;
  s.path = "/srv/glossaries/names.tbx";
  s.size = 12345;
  s.mtime_ns = 1700000000123456789;
  s.content_hash = 0x0123456789abcdefull;
  return s;
}

TEST(GlossaryCache, ImageReadsBackEveryFieldAndItsSource) {
  Glossary g = Parsed();
  ASSERT_GT(g.concepts().size(), 10u);
  std::string image = SerializeGlossaryCache(g, SomeSource());
  Glossary back;
  GlossarySource source;
  ASSERT_TRUE(ParseGlossaryCache(image, {}, &back, &source).ok());
  EXPECT_EQ(Dump(back), Dump(g));
  EXPECT_EQ(source.path, SomeSource().path);
  EXPECT_EQ(source.size, SomeSource().size);
  EXPECT_EQ(source.mtime_ns, SomeSource().mtime_ns);
  EXPECT_EQ(source.content_hash, SomeSource().content_hash);
}

TEST(GlossaryCache, KeepsTheLanguagesAskedForAsTheTbxReaderDoes) {
  std::string image = SerializeGlossaryCache(Parsed(), SomeSource());
  for (const std::vector<std::string>& langs : {std::vector<std::string>{"en", "ru"}, {"ar", "en"}, {"ru-RU", "en-US"}}) {
    Glossary back;
    GlossarySource source;
    ASSERT_TRUE(ParseGlossaryCache(image, langs, &back, &source).ok());
    EXPECT_EQ(Dump(back), Dump(Parsed(langs))) << langs[0] << "," << langs[1];
  }
}

TEST(GlossaryCache, RefusesEveryDamagedImage) {
  const std::string image = SerializeGlossaryCache(Parsed(), SomeSource());
  auto refused = [](const std::string& bytes) {
    Glossary g;
    g.concepts().emplace_back().id = "untouched";
    GlossarySource source;
    Status s = ParseGlossaryCache(bytes, {}, &g, &source);
    return s.code() == Status::Code::kCorruption && g.concepts().size() == 1;
  };
  // One flipped bit anywhere: the header's fields, or the payload under its checksum.
  for (size_t at = 0; at < image.size(); at += at < 64 ? 1 : 97) {
    std::string bad = image;
    bad[at] ^= 0x10;
    EXPECT_TRUE(refused(bad)) << "bit flipped at byte " << at;
  }
  for (size_t len : {size_t{0}, size_t{7}, size_t{63}, size_t{64}, image.size() / 2, image.size() - 1}) {
    EXPECT_TRUE(refused(image.substr(0, len))) << "truncated to " << len;
  }
  EXPECT_TRUE(refused(image + "x"));
  EXPECT_TRUE(refused(std::string(image.size(), '\0')));
}

// An image whose checksum was recomputed after tampering (a forged or buggy writer's) is still
// checked field by field.
TEST(GlossaryCache, RefusesAForgedImageWithAValidChecksum) {
  const std::string image = SerializeGlossaryCache(Parsed(), SomeSource());
  auto forge = [&](size_t at, uint32_t value) {
    std::string bad = image;
    std::memcpy(&bad[at], &value, sizeof value);
    uint64_t sum = GlossaryContentHash(std::string_view(bad).substr(16));
    std::memcpy(&bad[8], &sum, sizeof sum);
    Glossary g;
    GlossarySource source;
    return ParseGlossaryCache(bad, {}, &g, &source);
  };
  EXPECT_TRUE(forge(64 + 4, 0xFFFFFFF0).code() == Status::Code::kCorruption);       // source path length
  EXPECT_TRUE(forge(64 + 12, 0xFFFFFFF0).code() == Status::Code::kCorruption);      // warnings' length
  EXPECT_TRUE(forge(64 + 16, 0x7FFFFFFF).code() == Status::Code::kCorruption);      // first concept's id offset
  EXPECT_TRUE(forge(64 + 16 + 24, 5).code() == Status::Code::kCorruption);          // first concept's first term
  EXPECT_TRUE(forge(64 + 16 + 28, 0xFFFFFFFF).code() == Status::Code::kCorruption); // its term count
  EXPECT_TRUE(forge(16, 3).code() == Status::Code::kCorruption);                    // a future version
  EXPECT_TRUE(forge(60, 0).code() == Status::Code::kCorruption);                    // the term count
}

TEST(GlossaryCache, ContentHashFedInPiecesIsTheWholeHash) {
  std::string text;
  ASSERT_TRUE(ReadFile(kNames, &text).ok());
  uint64_t whole = GlossaryContentHash(text);
  for (size_t piece : {size_t{1}, size_t{7}, size_t{31}, size_t{32}, size_t{33}, size_t{1000}, text.size()}) {
    ContentHasher hasher;
    for (size_t at = 0; at < text.size(); at += piece) hasher.Update(std::string_view(text).substr(at, piece));
    EXPECT_EQ(hasher.Finish(), whole) << "pieces of " << piece;
  }
  EXPECT_NE(GlossaryContentHash(text.substr(1)), whole);
  EXPECT_NE(GlossaryContentHash(text + '\0'), whole);
}

class GlossaryCacheFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tmkit-glossary-cache-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    tbx_ = dir_ + "/names.tbx";
    std::filesystem::copy_file(kNames, tbx_);
    cache_ = dir_ + "/cache";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Read(bool use_cache) {
    Glossary g;
    Status s = ReadGlossaryFile(tbx_, "en", "ru", &g, use_cache ? cache_ : std::string());
    EXPECT_TRUE(s.ok()) << s.ToString();
    return Dump(g);
  }
  std::vector<std::filesystem::path> Entries() {
    std::vector<std::filesystem::path> out;
    if (std::filesystem::exists(cache_ + "/glossaries")) {
      for (const auto& e : std::filesystem::directory_iterator(cache_ + "/glossaries")) out.push_back(e.path());
    }
    return out;
  }

  std::string dir_, tbx_, cache_;
};

TEST_F(GlossaryCacheFiles, FirstReadCompilesLaterReadsUseTheImageSameGlossary) {
  std::string plain = Read(false);
  EXPECT_TRUE(Entries().empty());
  EXPECT_EQ(Read(true), plain);
  ASSERT_EQ(Entries().size(), 1u);
  EXPECT_EQ(Entries()[0].extension(), ".tmkg");
  // The image, not the XML, is read now: a glossary changed only in the image shows through.
  std::string image;
  ASSERT_TRUE(ReadFile(Entries()[0], &image).ok());
  Glossary g;
  GlossarySource source;
  ASSERT_TRUE(ParseGlossaryCache(image, {}, &g, &source).ok());
  g.concepts()[0].id = "from-the-image";
  std::ofstream(Entries()[0], std::ios::binary | std::ios::trunc) << SerializeGlossaryCache(g, source);
  EXPECT_NE(Read(true).find("from-the-image"), std::string::npos);
}

TEST_F(GlossaryCacheFiles, AnEditedGlossaryIsNeverReadFromAStaleImage) {
  Read(true);
  struct stat before;
  ASSERT_EQ(stat(tbx_.c_str(), &before), 0);
  // Same size and the same modification time put back: only the content hash tells.
  std::string text;
  ASSERT_TRUE(ReadFile(tbx_, &text).ok());
  size_t at = text.find("Асад");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::strlen("Асад"), "Асан");
  std::ofstream(tbx_, std::ios::binary | std::ios::trunc) << text;
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(utimensat(AT_FDCWD, tbx_.c_str(), times, 0), 0);
  std::string fresh = Read(false);
  EXPECT_NE(fresh.find("Асан"), std::string::npos);
  EXPECT_EQ(Read(true), fresh);
  EXPECT_EQ(Read(true), fresh);  // and the image was rebuilt for it
}

TEST_F(GlossaryCacheFiles, ACorruptOrForeignImageIsIgnoredAndRebuilt) {
  std::string plain = Read(false);
  Read(true);
  ASSERT_EQ(Entries().size(), 1u);
  std::filesystem::path entry = Entries()[0];
  for (const std::string& junk : {std::string("TMKGLOS"), std::string(100, 'x'), std::string()}) {
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << junk;
    EXPECT_EQ(Read(true), plain);
    std::string image;
    ASSERT_TRUE(ReadFile(entry, &image).ok());
    Glossary g;
    GlossarySource source;
    EXPECT_TRUE(ParseGlossaryCache(image, {}, &g, &source).ok()) << "not rebuilt after \"" << junk << "\"";
  }
  // Another glossary's intact image under this file's entry name.
  Glossary other;
  other.concepts().emplace_back().id = "other";
  GlossarySource elsewhere;
  elsewhere.path = "/elsewhere.tbx";
  std::ofstream(entry, std::ios::binary | std::ios::trunc) << SerializeGlossaryCache(other, elsewhere);
  EXPECT_EQ(Read(true), plain);
  EXPECT_EQ(Entries().size(), 1u);  // no temporary file left behind
}

TEST_F(GlossaryCacheFiles, AnUnwritableCacheIsNotAnError) {
  std::ofstream(cache_) << "a file where the directory should be";
  EXPECT_EQ(Read(true), Read(false));
}

}  // namespace
}  // namespace tmkit
