// The compiled-glossary image (docs/glossary.md, "Compiled glossaries"): a header, fixed-size
// concept and term records, and one pool of strings they point into. Reading it is one pass over
// the records with bounds checks; nothing in an image is trusted before its checksum and every
// offset have been checked.
#include "tmkit/glossary_cache.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "tmkit/lang.h"
#include "tmkit/utf8.h"

namespace tmkit {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the image format is little-endian");

constexpr char kMagic[8] = {'T', 'M', 'K', 'G', 'L', 'O', 'S', '\0'};
constexpr uint32_t kVersion = 2;  // 2: the reader's warnings after the source path
constexpr size_t kHeaderSize = 64;
constexpr size_t kStringRefSize = 8;                    // u32 offset, u32 length into the pool
constexpr size_t kConceptSize = 3 * kStringRefSize + 8;  // id, subject, note; first term, term count
constexpr size_t kTermSize = 6 * kStringRefSize + 8;     // text, lang, type, gender, pos, note; status, line

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
T Get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// The strings the records point into. Fields a glossary repeats (language tags, types, genders)
// are stored once; texts, ids and notes, nearly all distinct, are appended as they come.
class StringPool {
 public:
  void Ref(std::string* out, std::string_view s) { Put(out, static_cast<uint32_t>(pool_.size()), s); pool_.append(s); }
  void SharedRef(std::string* out, std::string_view s) {
    auto [it, fresh] = offsets_.try_emplace(std::string(s), static_cast<uint32_t>(pool_.size()));
    if (fresh) pool_.append(s);
    Put(out, it->second, s);
  }
  const std::string& bytes() const { return pool_; }

 private:
  static void Put(std::string* out, uint32_t offset, std::string_view s) {
    tmkit::Put<uint32_t>(out, s.empty() ? 0 : offset);
    tmkit::Put<uint32_t>(out, static_cast<uint32_t>(s.size()));
  }
  std::unordered_map<std::string, uint32_t> offsets_;
  std::string pool_;
};

}  // namespace

namespace {
constexpr uint64_t kP1 = 11400714785074694791ull, kP2 = 14029467366897019727ull, kP3 = 1609587929392839161ull;
}  // namespace

void ContentHasher::Blocks(const char* p, size_t blocks) {
  for (size_t b = 0; b < blocks; ++b, p += 32) {
    for (int lane = 0; lane < 4; ++lane) lanes_[lane] = Rotl(lanes_[lane] + Get<uint64_t>(p + 8 * lane) * kP2, 31) * kP1;
  }
}

void ContentHasher::Update(std::string_view bytes) {
  length_ += bytes.size();
  if (!pending_.empty()) {
    size_t take = std::min(bytes.size(), 32 - pending_.size());
    pending_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (pending_.size() < 32) return;
    Blocks(pending_.data(), 1);
    pending_.clear();
  }
  Blocks(bytes.data(), bytes.size() / 32);
  pending_.assign(bytes.substr(bytes.size() / 32 * 32));
}

uint64_t ContentHasher::Finish() const {
  uint64_t h = Rotl(lanes_[0], 1) + Rotl(lanes_[1], 7) + Rotl(lanes_[2], 12) + Rotl(lanes_[3], 18) + length_;
  for (unsigned char c : pending_) h = Rotl(h ^ (c * kP3), 11) * kP1;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

ContentHasher::ContentHasher() : lanes_{kP1 + kP2, kP2, 0, 0 - kP1} {}

uint64_t GlossaryContentHash(std::string_view bytes) {
  ContentHasher hasher;
  hasher.Update(bytes);
  return hasher.Finish();
}

std::string GlossaryCacheDir() {
  const char* own = std::getenv("TMKIT_GLOSSARY_CACHE");
  if (own != nullptr) return std::string(own) == "off" ? std::string() : std::string(own);
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg == '/') return std::string(xdg) + "/tmkit";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home == '/') return std::string(home) + "/.cache/tmkit";
  return std::string();
}

std::string SerializeGlossaryCache(const Glossary& glossary, const GlossarySource& source) {
  StringPool pool;
  std::string records;
  size_t term_count = 0;
  for (const Concept& c : glossary.concepts()) term_count += c.terms.size();
  records.reserve(2 * kStringRefSize + glossary.concepts().size() * kConceptSize + term_count * kTermSize);
  pool.Ref(&records, source.path);
  std::string warnings;
  for (const std::string& w : glossary.warnings()) warnings += w + "\n";
  pool.Ref(&records, warnings);
  size_t terms = 0;
  for (const Concept& c : glossary.concepts()) {
    pool.Ref(&records, c.id);
    pool.SharedRef(&records, c.subject);
    pool.Ref(&records, c.note);
    Put<uint32_t>(&records, static_cast<uint32_t>(terms));
    Put<uint32_t>(&records, static_cast<uint32_t>(c.terms.size()));
    terms += c.terms.size();
  }
  for (const Concept& c : glossary.concepts()) {
    for (const Term& t : c.terms) {
      pool.Ref(&records, t.text);
      for (const std::string* s : {&t.lang, &t.type, &t.gender, &t.part_of_speech}) pool.SharedRef(&records, *s);
      pool.Ref(&records, t.note);
      Put<uint32_t>(&records, static_cast<uint32_t>(t.status));
      Put<int32_t>(&records, t.line);
    }
  }
  std::string image;
  image.reserve(kHeaderSize + records.size() + 8 + pool.bytes().size());
  image.append(kMagic, sizeof kMagic);
  Put<uint64_t>(&image, 0);  // the checksum, of everything after it
  Put<uint32_t>(&image, kVersion);
  Put<uint32_t>(&image, kHeaderSize);
  Put<uint64_t>(&image, source.size);
  Put<int64_t>(&image, source.mtime_ns);
  Put<uint64_t>(&image, source.content_hash);
  Put<uint64_t>(&image, records.size() + 8 + pool.bytes().size());
  Put<uint32_t>(&image, static_cast<uint32_t>(glossary.concepts().size()));
  Put<uint32_t>(&image, static_cast<uint32_t>(terms));
  image += records;
  Put<uint64_t>(&image, pool.bytes().size());
  image += pool.bytes();
  uint64_t checksum = GlossaryContentHash(std::string_view(image).substr(16));
  std::memcpy(&image[8], &checksum, sizeof checksum);
  return image;
}

Status ParseGlossaryCache(std::string_view image, const std::vector<std::string>& languages, Glossary* glossary,
                          GlossarySource* source) {
  auto corrupt = [](const std::string& why) { return Status::Corruption("compiled glossary: " + why); };
  if (image.size() < kHeaderSize || std::memcmp(image.data(), kMagic, sizeof kMagic) != 0) return corrupt("bad magic");
  const char* h = image.data();
  if (Get<uint32_t>(h + 16) != kVersion) return corrupt("format version " + std::to_string(Get<uint32_t>(h + 16)));
  if (GlossaryContentHash(image.substr(16)) != Get<uint64_t>(h + 8)) return corrupt("checksum mismatch");
  if (Get<uint32_t>(h + 20) != kHeaderSize) return corrupt("bad header size");
  uint64_t payload_size = Get<uint64_t>(h + 48);
  if (payload_size != image.size() - kHeaderSize) return corrupt("truncated or overlong");
  std::string_view payload = image.substr(kHeaderSize);
  uint64_t concepts = Get<uint32_t>(h + 56), terms = Get<uint32_t>(h + 60);
  uint64_t records = 2 * kStringRefSize + concepts * kConceptSize + terms * kTermSize;
  if (records + 8 > payload.size()) return corrupt("records out of bounds");
  uint64_t pool_size = Get<uint64_t>(payload.data() + records);
  if (pool_size != payload.size() - records - 8) return corrupt("string pool size");
  std::string_view pool = payload.substr(records + 8);
  // Every string is a slice of the pool: the pool is valid UTF-8 and no slice starts or ends
  // inside a character, so every slice is valid UTF-8 too.
  if (FindInvalidUtf8(pool) != std::string_view::npos) return corrupt("invalid UTF-8");
  auto boundary = [&](uint64_t at) { return at == pool.size() || (static_cast<unsigned char>(pool[at]) & 0xC0) != 0x80; };
  bool bad = false;
  auto str = [&](const char* ref) -> std::string_view {
    uint64_t off = Get<uint32_t>(ref), len = Get<uint32_t>(ref + 4);
    if (off + len > pool.size() || !boundary(off) || !boundary(off + len)) {
      bad = true;
      return {};
    }
    return pool.substr(off, len);
  };
  GlossarySource src;
  src.path = std::string(str(payload.data()));
  src.size = Get<uint64_t>(h + 24);
  src.mtime_ns = Get<int64_t>(h + 32);
  src.content_hash = Get<uint64_t>(h + 40);
  // Languages are decided once per distinct tag (by its slice of the pool).
  std::unordered_map<uint64_t, bool> kept_lang;
  auto kept = [&](const char* ref, std::string_view lang) {
    auto [it, fresh] = kept_lang.try_emplace(Get<uint64_t>(ref), languages.empty());
    if (fresh) {
      for (const std::string& l : languages) it->second = it->second || LanguageMatches(l, lang);
    }
    return it->second;
  };
  Glossary parsed;
  std::string_view warnings = str(payload.data() + kStringRefSize);
  for (size_t nl; (nl = warnings.find('\n')) != std::string_view::npos; warnings.remove_prefix(nl + 1)) {
    parsed.add_warning(std::string(warnings.substr(0, nl)));
  }
  auto& out = parsed.concepts();
  out.resize(concepts);
  const char* concept_records = payload.data() + 2 * kStringRefSize;
  const char* term_records = concept_records + concepts * kConceptSize;
  uint64_t next_term = 0;
  for (uint64_t ci = 0; ci < concepts && !bad; ++ci) {
    const char* r = concept_records + ci * kConceptSize;
    Concept& c = out[ci];
    c.id = str(r);
    c.subject = str(r + 8);
    c.note = str(r + 16);
    uint64_t first = Get<uint32_t>(r + 24), count = Get<uint32_t>(r + 28);
    if (first != next_term || first + count > terms) return corrupt("term range of concept " + std::to_string(ci));
    next_term = first + count;
    // Room for exactly the terms kept: Term records are most of the memory a glossary takes,
    // and first touching it most of the time reading one.
    size_t keep = 0;
    for (uint64_t ti = first; ti < first + count && !bad; ++ti) {
      const char* t = term_records + ti * kTermSize;
      std::string_view lang = str(t + 8);
      keep += !bad && kept(t + 8, lang);
    }
    c.terms.reserve(keep);
    for (uint64_t ti = first; ti < first + count && !bad; ++ti) {
      const char* t = term_records + ti * kTermSize;
      std::string_view lang = str(t + 8);
      if (bad || !kept(t + 8, lang)) continue;
      uint32_t status = Get<uint32_t>(t + 48);
      if (status > static_cast<uint32_t>(TermStatus::kSuperseded)) return corrupt("unknown term status");
      Term& term = c.terms.emplace_back();
      term.text = str(t);
      term.lang = lang;
      term.type = str(t + 16);
      term.gender = str(t + 24);
      term.part_of_speech = str(t + 32);
      term.note = str(t + 40);
      term.status = static_cast<TermStatus>(status);
      term.line = Get<int32_t>(t + 52);
    }
  }
  if (bad) return corrupt("string out of bounds");
  if (next_term != terms) return corrupt("terms without a concept");
  glossary->Append(std::move(parsed));
  *source = std::move(src);
  return Status::OK();
}

}  // namespace tmkit
