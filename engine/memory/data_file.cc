#include "memory/data_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace tmkit::store {
namespace {

// LMDB 0.9's on-disk layout, 64-bit, in the host's byte order (lmdb/mdb.c: MDB_page, MDB_meta,
// MDB_db, MDB_node).
constexpr uint32_t kMagic = 0xBEEFC0DE;
constexpr uint32_t kDataVersion = 1;
constexpr size_t kPageHeader = 16;    // pgno (8), pad (2), flags (2), lower (2), upper (2)
constexpr size_t kNodeHeader = 8;     // data size or child page (lo, hi), flags, key size
constexpr size_t kDbRecordBytes = 48;  // pad, flags, depth, branch/leaf/overflow pages, entries, root
constexpr size_t kMetaBytes = kPageHeader + 136;
constexpr uint64_t kNoPage = ~0ull;
constexpr uint16_t kBranch = 0x01, kLeaf = 0x02, kOverflow = 0x04, kMetaPage = 0x08, kLeaf2 = 0x20, kSubPage = 0x40;
constexpr uint16_t kBigData = 0x01, kSubData = 0x02, kDupData = 0x04;
constexpr uint16_t kIntegerKey = 0x08;  // the free list's flags
constexpr int kMaxDepth = 32;           // LMDB's cursor stack
constexpr size_t kMaxProblems = 100;

template <typename T>
T Load(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

struct DbRecord {
  uint16_t flags = 0, depth = 0;
  uint64_t branch_pages = 0, leaf_pages = 0, overflow_pages = 0, entries = 0, root = kNoPage;
};

DbRecord ParseDbRecord(const unsigned char* p) {
  DbRecord db;
  db.flags = Load<uint16_t>(p + 4);
  db.depth = Load<uint16_t>(p + 6);
  db.branch_pages = Load<uint64_t>(p + 8);
  db.leaf_pages = Load<uint64_t>(p + 16);
  db.overflow_pages = Load<uint64_t>(p + 24);
  db.entries = Load<uint64_t>(p + 32);
  db.root = Load<uint64_t>(p + 40);
  return db;
}

struct Meta {
  uint32_t page_size = 0;
  DbRecord free, main;
  uint64_t last_page = 0, txnid = 0;
};

class File {
 public:
  explicit File(const std::string& path) : path_(path) {}
  ~File() {
    if (fd_ >= 0) close(fd_);
  }
  // IOError when it cannot be opened; *absent for a missing file.
  Status Open(bool* absent) {
    *absent = false;
    fd_ = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      if (errno == ENOENT) {
        *absent = true;
        return Status::OK();
      }
      return Status::IOError("cannot read " + path_ + ": " + std::strerror(errno));
    }
    struct stat st;
    if (fstat(fd_, &st) != 0) return Status::IOError("cannot read " + path_ + ": " + std::strerror(errno));
    size_ = static_cast<uint64_t>(st.st_size);
    return Status::OK();
  }
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // Exactly n bytes at offset, or false (past the end, or a read error: errno says which).
  bool Read(uint64_t offset, size_t n, unsigned char* out) const {
    size_t got = 0;
    while (got < n) {
      ssize_t r = pread(fd_, out + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      got += static_cast<size_t>(r);
    }
    return true;
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

Status Damaged(const File& file, const std::string& what) {
  return Status::Corruption(file.path() + " is damaged: " + what + " (restore the TM from a backup or export)");
}

// Reads and checks meta page `index` (0 or 1); meta 0 gives the page size, which places meta 1.
Status ReadMeta(const File& file, int index, uint32_t page_size, Meta* meta) {
  unsigned char buf[kMetaBytes];
  const std::string which = "meta page " + std::to_string(index);
  if (!file.Read(static_cast<uint64_t>(index) * page_size, sizeof buf, buf)) {
    return Damaged(file, "the file is " + std::to_string(file.size()) + " bytes, too short for its " + which);
  }
  const unsigned char* m = buf + kPageHeader;
  uint16_t flags = Load<uint16_t>(buf + 10);
  if (!(flags & kMetaPage) || Load<uint32_t>(m) != kMagic) {
    return Status::InvalidInput(file.path() + " is not an LMDB file (" + which + " lacks LMDB's signature)");
  }
  if (Load<uint32_t>(m + 4) != kDataVersion) {
    return Status::NotSupported(file.path() + ": " + which + " has LMDB data version " +
                                std::to_string(Load<uint32_t>(m + 4)) + ", not " + std::to_string(kDataVersion));
  }
  meta->free = ParseDbRecord(m + 24);
  meta->main = ParseDbRecord(m + 24 + kDbRecordBytes);
  meta->page_size = Load<uint32_t>(m + 24);  // LMDB keeps the page size in the free list's pad field
  meta->last_page = Load<uint64_t>(m + 120);
  meta->txnid = Load<uint64_t>(m + 128);
  if (meta->page_size < 512 || meta->page_size > 65536 || (meta->page_size & (meta->page_size - 1)) != 0) {
    return Damaged(file, which + " gives a page size of " + std::to_string(meta->page_size));
  }
  if (index == 1 && meta->page_size != page_size) return Damaged(file, "the two meta pages disagree on the page size");
  const uint64_t pages_in_file = file.size() / meta->page_size;
  if (meta->last_page < 1 || meta->last_page >= pages_in_file) {
    return Damaged(file, "the file is " + std::to_string(file.size()) + " bytes but " + which + " names " +
                             std::to_string(meta->last_page + 1) + " pages of " + std::to_string(meta->page_size) +
                             " bytes (truncated?)");
  }
  for (const DbRecord* db : {&meta->free, &meta->main}) {
    if (db->root != kNoPage && (db->root < 2 || db->root > meta->last_page)) {
      return Damaged(file, which + " roots a database at page " + std::to_string(db->root) + ", outside pages 2.." +
                               std::to_string(meta->last_page));
    }
  }
  return Status::OK();
}

// Both meta pages; *newest is the one LMDB uses (the higher transaction id).
Status ReadMetas(const File& file, Meta metas[2], const Meta** newest) {
  Status s = ReadMeta(file, 0, 0, &metas[0]);
  if (s.ok()) s = ReadMeta(file, 1, metas[0].page_size, &metas[1]);
  if (!s.ok()) return s;
  *newest = metas[1].txnid > metas[0].txnid ? &metas[1] : &metas[0];
  return Status::OK();
}

// The walk of the B-trees below one meta page: every page read once, bounds-checked before any
// offset in it is followed.
class Walker {
 public:
  Walker(const File& file, const Meta& meta, std::vector<std::string>* problems)
      : file_(file), meta_(meta), problems_(problems), seen_(meta.last_page + 1, false) {
    seen_[0] = seen_[1] = true;  // the meta pages
  }

  // Walks the tree of `db`; named databases found (main tree only) go to *named.
  void WalkTree(const std::string& name, const DbRecord& db, std::vector<std::pair<std::string, DbRecord>>* named) {
    if (db.root == kNoPage) {
      if (db.entries != 0 || db.leaf_pages != 0) Add(name + ": has no root page but counts " + std::to_string(db.entries) + " entries");
      return;
    }
    Tally tally;
    WalkPage(name, db, db.root, 1, named, &tally);
    if (Full()) return;
    if (tally.entries != db.entries || tally.branch != db.branch_pages || tally.leaf != db.leaf_pages ||
        tally.overflow != db.overflow_pages) {
      Add(name + ": LMDB counts " + std::to_string(db.entries) + " entries in " + std::to_string(db.branch_pages) +
          "+" + std::to_string(db.leaf_pages) + "+" + std::to_string(db.overflow_pages) + " pages, the tree holds " +
          std::to_string(tally.entries) + " in " + std::to_string(tally.branch) + "+" + std::to_string(tally.leaf) + "+" +
          std::to_string(tally.overflow));
    }
  }

  // The free list's values are lists of page numbers, which must not name a page in use.
  void CheckFreePages() {
    for (uint64_t page : free_pages_) {
      if (Full()) return;
      if (page < 2 || page > meta_.last_page) {
        Add("the free list names page " + std::to_string(page) + ", outside the file");
      } else if (seen_[page]) {
        Add("the free list names page " + std::to_string(page) + ", which is in use");
      }
    }
  }

  bool Full() const { return problems_->size() >= kMaxProblems; }

 private:
  struct Tally {
    uint64_t branch = 0, leaf = 0, overflow = 0, entries = 0;
  };

  void Add(std::string problem) {
    if (!Full()) problems_->push_back("data.mdb: " + std::move(problem));
  }

  bool Claim(const std::string& name, uint64_t page) {
    if (page < 2 || page > meta_.last_page) {
      Add(name + ": page " + std::to_string(page) + " is outside the file (pages 2.." + std::to_string(meta_.last_page) + ")");
      return false;
    }
    if (seen_[page]) {
      Add(name + ": page " + std::to_string(page) + " is reached twice");
      return false;
    }
    seen_[page] = true;
    return true;
  }

  bool ReadPage(const std::string& name, uint64_t page, std::vector<unsigned char>* buf) {
    if (!file_.Read(page * meta_.page_size, meta_.page_size, buf->data())) {
      Add(name + ": page " + std::to_string(page) + " cannot be read");
      return false;
    }
    if (Load<uint64_t>(buf->data()) != page) {
      Add(name + ": page " + std::to_string(page) + " carries the number " + std::to_string(Load<uint64_t>(buf->data())));
      return false;
    }
    return true;
  }

  // The overflow pages holding a big value; its bytes go to *value when asked for.
  bool WalkOverflow(const std::string& name, uint64_t first, uint64_t bytes, Tally* tally, std::string* value) {
    std::vector<unsigned char> head(meta_.page_size);
    if (!Claim(name, first) || !ReadPage(name, first, &head)) return false;
    const uint16_t flags = Load<uint16_t>(head.data() + 10);
    const uint64_t pages = Load<uint32_t>(head.data() + 12);
    const std::string where = name + ": overflow page " + std::to_string(first);
    if (!(flags & kOverflow)) return Add(where + " is not an overflow page"), false;
    if (pages == 0 || pages > meta_.last_page - first + 1) return Add(where + " claims " + std::to_string(pages) + " pages"), false;
    if (kPageHeader + bytes > pages * meta_.page_size) return Add(where + " is too short for its value"), false;
    for (uint64_t p = first + 1; p < first + pages; ++p) {
      if (!Claim(name, p)) return false;
    }
    tally->overflow += pages;
    if (value != nullptr) {
      value->resize(bytes);
      if (!file_.Read(first * meta_.page_size + kPageHeader, bytes, reinterpret_cast<unsigned char*>(value->data()))) {
        return Add(where + " cannot be read"), false;
      }
    }
    return true;
  }

  void WalkPage(const std::string& name, const DbRecord& db, uint64_t number, int level,
                std::vector<std::pair<std::string, DbRecord>>* named, Tally* tally) {
    if (Full()) return;
    if (level > kMaxDepth || level > db.depth) {
      Add(name + ": the tree is deeper than its recorded depth " + std::to_string(db.depth));
      return;
    }
    if (!Claim(name, number)) return;
    std::vector<unsigned char> buf(meta_.page_size);  // one per level: the children are read below
    if (!ReadPage(name, number, &buf)) return;
    const unsigned char* p = buf.data();
    const std::string where = name + ": page " + std::to_string(number);
    const uint16_t kind = Load<uint16_t>(p + 10) & (kBranch | kLeaf | kOverflow | kMetaPage | kLeaf2 | kSubPage);
    const size_t lower = Load<uint16_t>(p + 12), upper = Load<uint16_t>(p + 14);
    if (kind != kBranch && kind != kLeaf) return Add(where + " is not a branch or leaf page");
    if (lower < kPageHeader || lower > upper || upper > meta_.page_size || (lower - kPageHeader) % 2 != 0) {
      return Add(where + " has a broken header (lower " + std::to_string(lower) + ", upper " + std::to_string(upper) + ")");
    }
    const size_t keys = (lower - kPageHeader) / 2;
    if (kind == kBranch) {
      if (keys == 0) return Add(where + " is an empty branch");
      ++tally->branch;
    } else {
      if (level != db.depth) return Add(where + " is a leaf at depth " + std::to_string(level) + " of " + std::to_string(db.depth));
      ++tally->leaf;
    }
    for (size_t i = 0; i < keys && !Full(); ++i) {
      const size_t at = Load<uint16_t>(p + kPageHeader + 2 * i);
      const std::string node = where + " node " + std::to_string(i);
      if (at < upper || at + kNodeHeader > meta_.page_size) return Add(node + " lies outside the page's node area");
      const unsigned char* n = p + at;
      const uint64_t lo = Load<uint16_t>(n), hi = Load<uint16_t>(n + 2);
      const uint16_t flags = Load<uint16_t>(n + 4);
      const size_t key_size = Load<uint16_t>(n + 6);
      if (at + kNodeHeader + key_size > meta_.page_size) return Add(node + " has a key running past the page");
      if (kind == kBranch) {
        WalkPage(name, db, lo | hi << 16 | static_cast<uint64_t>(flags) << 32, level + 1, named, tally);
        continue;
      }
      const uint64_t data_size = lo | hi << 16;
      const unsigned char* data = n + kNodeHeader + key_size;
      const size_t room = meta_.page_size - (at + kNodeHeader + key_size);
      ++tally->entries;
      if (flags & kDupData) return Add(node + " holds duplicate-sorted data, which no TM database has");
      std::string value;
      const bool want_value = named == nullptr && db.flags == kIntegerKey;  // the free list
      if (flags & kBigData) {
        if (room < 8) return Add(node + " has its overflow page number running past the page");
        if (!WalkOverflow(name, Load<uint64_t>(data), data_size, tally, want_value ? &value : nullptr)) return;
      } else {
        if (data_size > room) return Add(node + " has a value running past the page");
        if (want_value) value.assign(reinterpret_cast<const char*>(data), data_size);
      }
      if (flags & kSubData) {
        if (named == nullptr || (flags & kBigData) || data_size != kDbRecordBytes) {
          return Add(node + " is a database record where none belongs");
        }
        DbRecord sub = ParseDbRecord(data);
        std::string sub_name(reinterpret_cast<const char*>(n + kNodeHeader), key_size);
        if (sub.flags != 0) Add("database '" + sub_name + "' has flags " + std::to_string(sub.flags) + ", not those of a TM");
        named->emplace_back("database '" + sub_name + "'", sub);
      } else if (named != nullptr) {
        return Add(node + " is a plain value in the table of databases");
      }
      if (want_value) {
        // An ID list: the count, then that many page numbers.
        if (value.size() < 8 || value.size() % 8 != 0 || Load<uint64_t>(reinterpret_cast<const unsigned char*>(value.data())) != value.size() / 8 - 1) {
          return Add(node + ": a free-list entry is not a list of pages");
        }
        for (size_t j = 8; j < value.size(); j += 8) {
          free_pages_.push_back(Load<uint64_t>(reinterpret_cast<const unsigned char*>(value.data()) + j));
        }
      }
    }
  }

  const File& file_;
  const Meta& meta_;
  std::vector<std::string>* problems_;
  std::vector<bool> seen_;
  std::vector<uint64_t> free_pages_;
};

}  // namespace

Status CheckDataFile(const std::string& path, DataFileMeta* newest_out) {
  File file(path);
  bool absent;
  Status s = file.Open(&absent);
  if (!s.ok() || absent || file.size() == 0) return s;
  Meta metas[2];
  const Meta* newest;
  s = ReadMetas(file, metas, &newest);
  if (!s.ok()) return s;
  // The table of named databases is read by every open; walk it whole (a page or two).
  std::vector<std::string> problems;
  std::vector<std::pair<std::string, DbRecord>> named;
  Walker walker(file, *newest, &problems);
  walker.WalkTree("the table of databases", newest->main, &named);
  for (const auto& [name, db] : named) {
    if (db.root != kNoPage && (db.root < 2 || db.root > newest->last_page)) {
      problems.push_back(name + " has its root at page " + std::to_string(db.root) + ", outside the file");
    }
  }
  // Opening reads the schema version from the 'meta' database too: a page of it damaged could
  // send LMDB past the end of the file (SIGBUS, found by tm_open_fuzz). It is a page or two.
  for (const auto& [name, db] : named) {
    if (problems.empty() && name == "database 'meta'") walker.WalkTree(name, db, nullptr);
  }
  if (!problems.empty()) return Damaged(file, problems.front());
  if (newest_out != nullptr) *newest_out = {newest->page_size, newest->last_page, newest->txnid};
  return Status::OK();
}

Status CheckDataFileLength(const std::string& path) {
  File file(path);
  bool absent;
  Status s = file.Open(&absent);
  if (!s.ok()) return s;
  if (absent) return Status::NotFound(path + " has disappeared");
  Meta metas[2];
  const Meta* newest;
  return ReadMetas(file, metas, &newest);
}

Status WalkDataFile(const std::string& path, uint64_t txnid, std::vector<std::string>* problems) {
  File file(path);
  bool absent;
  Status s = file.Open(&absent);
  if (!s.ok()) return s;
  if (absent) return Status::NotFound(path + " has disappeared");
  Meta metas[2];
  const Meta* newest;
  s = ReadMetas(file, metas, &newest);
  if (s.code() == Status::Code::kCorruption) {
    problems->push_back(s.message());
    return Status::OK();
  }
  if (!s.ok()) return s;
  const Meta* meta = newest;
  if (txnid != 0) {
    meta = metas[0].txnid == txnid ? &metas[0] : metas[1].txnid == txnid ? &metas[1] : nullptr;
    if (meta == nullptr) return Status::NotFound(path + ": transaction " + std::to_string(txnid) + " is no longer the newest");
  }
  Walker walker(file, *meta, problems);
  std::vector<std::pair<std::string, DbRecord>> named;
  walker.WalkTree("the table of databases", meta->main, &named);
  walker.WalkTree("the free list", meta->free, nullptr);
  for (const auto& [name, db] : named) walker.WalkTree(name, db, nullptr);
  walker.CheckFreePages();
  return Status::OK();
}

}  // namespace tmkit::store
