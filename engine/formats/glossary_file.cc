// Chooses the glossary reader by content, so a TBX named .txt or a TSV named .tbx still reads
// correctly, and a file that is neither gets a clear message. A TBX is read through its compiled
// image when a cache directory is given (docs/glossary.md, "Compiled glossaries").
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include <unicode/ucnv.h>

#include "formats/xml_charset.h"
#include "tmkit/glossary.h"
#include "tmkit/glossary_cache.h"
#include "tmkit/lang.h"
#include "tmkit/output_file.h"
#include "tmkit/tbx.h"
#include "tmkit/tsv_glossary.h"
#include "tmkit/utf8.h"
#include "util/read_file.h"
#include "util/strings.h"

namespace tmkit {
namespace {

// A glossary is read whole, and parsed it takes several times its size: a larger file is refused
// before it is read (docs/glossary.md). Ten times a 100,000-concept TBX (55 MB).
constexpr size_t kMaxGlossaryFileBytes = size_t{512} << 20;

// The identity of a regular file (its content hash left 0), or false when it is not one.
bool IdentifyFile(const std::string& path, GlossarySource* source) {
  struct stat st;
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) return false;
  source->path = resolved;
  source->size = static_cast<uint64_t>(st.st_size);
  source->mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

// The content hash of a file, read in 1 MiB chunks through one buffer (no 55 MB copy, and no
// mapping that a file truncated meanwhile would turn into SIGBUS); false when it cannot be read
// or its size is not `size` any more.
bool HashFile(const std::string& path, uint64_t size, uint64_t* hash) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::string buffer(1 << 20, '\0');
  ContentHasher hasher;
  uint64_t total = 0;
  ssize_t got;
  while ((got = ::read(fd, &buffer[0], buffer.size())) > 0) {
    hasher.Update(std::string_view(buffer.data(), static_cast<size_t>(got)));
    total += static_cast<uint64_t>(got);
  }
  ::close(fd);
  if (got < 0 || total != size) return false;
  *hash = hasher.Finish();
  return true;
}

// The cache is trusted only where no one else could have written it: a directory or image owned by
// this user that neither group nor others can write, and an image that is a plain file (no link).
bool OwnedByUser(const std::string& path, bool directory) {
  struct stat st;
  if ((directory ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return false;
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) return false;
  return st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

std::string CacheEntryPath(const std::string& cache_dir, const std::string& source_path) {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.tmkg", static_cast<unsigned long long>(Fnv1a64(source_path)));
  return cache_dir + "/glossaries/" + name;
}

// The cached image of `source`, when one is there, intact and compiled from this very file.
bool ReadFromCache(const std::string& entry, GlossarySource source, const std::vector<std::string>& languages,
                   Glossary* glossary) {
  if (!OwnedByUser(entry.substr(0, entry.rfind('/')), true) || !OwnedByUser(entry, false)) return false;
  std::string image;
  if (!ReadFile(entry, &image).ok()) return false;
  Glossary parsed;
  GlossarySource recorded;
  if (!ParseGlossaryCache(image, languages, &parsed, &recorded).ok()) return false;
  if (recorded.path != source.path || recorded.size != source.size || recorded.mtime_ns != source.mtime_ns) return false;
  if (!HashFile(source.path, source.size, &source.content_hash) || source.content_hash != recorded.content_hash) {
    return false;
  }
  *glossary = std::move(parsed);
  return true;
}

// Writes the image through an OutputFile (a fresh mkstemp temporary renamed over the entry): a
// reader sees the old entry, no entry, or the whole new one. Failing to cache is not an error:
// the next run parses. A directory someone else could write to is not used at all.
void WriteToCache(const std::string& cache_dir, const std::string& entry, const std::string& image) {
  std::string dirs = cache_dir + "/glossaries";
  for (size_t slash = dirs.find('/', 1);; slash = dirs.find('/', slash + 1)) {
    std::string dir = dirs.substr(0, slash);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return;
    if (slash == std::string::npos) break;
  }
  if (!OwnedByUser(dirs, true)) return;
  // An entry that is a link, or not ours alone, is removed rather than written through.
  struct stat st;
  if (::lstat(entry.c_str(), &st) == 0 && !OwnedByUser(entry, false)) ::unlink(entry.c_str());
  WriteWholeFile(entry, image, 0600);
}

bool HasUtf16Bom(std::string_view bytes) {
  return bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
}

// A delimited glossary saved as UTF-16 with a byte-order mark (OmegaT reads them; Windows editors
// write them), as UTF-8 without the mark.
Status Utf16ToUtf8(std::string_view bytes, const std::string& path, std::string* out) {
  const char* charset = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
  bytes.remove_prefix(2);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* from = ucnv_open(charset, &status);
  UConverter* to = ucnv_open("UTF-8", &status);
  if (U_SUCCESS(status)) {
    ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  }
  out->assign(bytes.size() * 2 + 16, '\0');
  char* target = &(*out)[0];
  const char* source = bytes.data();
  if (U_SUCCESS(status)) {
    ucnv_convertEx(to, from, &target, target + out->size(), &source, source + bytes.size(), nullptr, nullptr,
                   nullptr, nullptr, true, true, &status);
  }
  if (from != nullptr) ucnv_close(from);
  if (to != nullptr) ucnv_close(to);
  if (U_FAILURE(status)) {
    return Status::InvalidInput(path + ": invalid " + charset + " near byte " + std::to_string(source - bytes.data() + 2));
  }
  out->resize(static_cast<size_t>(target - out->data()));
  return Status::OK();
}

bool IsUtf8Name(std::string_view n) {
  std::string lower;
  for (char c : n) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "utf-8" || lower == "utf8";
}

}  // namespace

Status ReadGlossaryFile(const std::string& path, std::string_view src_lang, std::string_view tgt_lang,
                        Glossary* glossary, const std::string& cache_dir, const std::string& format) {
  if (!format.empty() && format != "tbx" && format != "tsv" && format != "csv") {
    return Status::InvalidArgument("unknown glossary format '" + format + "' (tbx, tsv or csv)");
  }
  // Terms of other languages are of no use to a caller naming two: 100,000-concept glossaries
  // with a third language load a third faster without them.
  std::vector<std::string> languages;
  if (!src_lang.empty() && !tgt_lang.empty()) languages = {std::string(src_lang), std::string(tgt_lang)};
  GlossarySource source;
  bool cached = !cache_dir.empty() && IdentifyFile(path, &source);
  std::string entry = cached ? CacheEntryPath(cache_dir, source.path) : std::string();
  Glossary parsed;
  if (cached && ReadFromCache(entry, source, languages, &parsed)) {
    parsed.set_origin(path);
    glossary->Append(std::move(parsed));
    return Status::OK();
  }
  std::string text;
  Status s = ReadFileAtMost(path, kMaxGlossaryFileBytes, "a glossary file", &text);
  if (!s.ok()) return s;
  // XML in UTF-16 or declaring another charset (windows-1254, …) goes to expat as it is; anything
  // else must be UTF-8, and a delimited glossary in UTF-16 is converted first.
  const bool utf16 = HasUtf16Bom(text);
  std::string_view declared = utf16 ? std::string_view() : DeclaredXmlEncoding(text);
  const bool xml_in_own_charset = utf16 ? text.size() > 2 && (text[2] == '<' || text[3] == '<')
                                        : !declared.empty() && !IsUtf8Name(declared);
  if (utf16 && !xml_in_own_charset) {
    std::string decoded;
    s = Utf16ToUtf8(text, path, &decoded);
    if (!s.ok()) return s;
    text.swap(decoded);
  }
  if (!xml_in_own_charset) {
    s = ValidateUtf8(text, path);
    if (!s.ok()) return s;
  }
  std::string_view body(text);
  if (!xml_in_own_charset) body.remove_prefix(Utf8BomLength(body));
  size_t first = 0;
  while (first < body.size() && std::isspace(static_cast<unsigned char>(body[first]))) ++first;
  // An empty file is a failed export or a wrong path far more often than a glossary.
  if (first == body.size()) return Status::InvalidInput(path + ": empty file, no glossary in it");
  const bool xml = xml_in_own_charset || body[first] == '<';
  if (format == "tbx" || (format.empty() && xml)) {
    if (cached && text.size() == source.size) {
      // Compiled with every language, then read back through the image like any later run, so
      // a run that builds the cache answers exactly as the runs that use it.
      std::string image;
      {
        Glossary all;
        s = ParseTbx(body, path, &all);
        if (!s.ok()) return s;
        source.content_hash = GlossaryContentHash(text);
        image = SerializeGlossaryCache(all, source);
      }
      std::string().swap(text);  // body is not needed any more
      GlossarySource recorded;
      s = ParseGlossaryCache(image, languages, &parsed, &recorded);
      if (!s.ok()) return s;
      WriteToCache(cache_dir, entry, image);
    } else {
      s = ParseTbx(body, path, &parsed, languages);
    }
  } else {
    const bool csv = format == "csv" || (format.empty() && (EndsWith(path, ".csv") || EndsWith(path, ".CSV")));
    if (src_lang.empty() || tgt_lang.empty()) {
      return Status::InvalidArgument(path + ": a " + (csv ? "comma" : "tab") +
                                     "-separated glossary needs --src-lang and --tgt-lang");
    }
    s = csv ? ParseCsvGlossary(body, path, src_lang, tgt_lang, &parsed)
            : ParseTsvGlossary(body, path, src_lang, tgt_lang, &parsed);
  }
  if (!s.ok()) return s;
  parsed.set_origin(path);
  glossary->Append(std::move(parsed));
  return Status::OK();
}

}  // namespace tmkit
