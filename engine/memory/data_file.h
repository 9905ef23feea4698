// LMDB's data file (TM/data.mdb) read with pread, never mapped, so that a truncated or damaged file
// is reported instead of crashing the reader (SIGBUS past the end, SIGSEGV on a wild node offset).
// The layout read is LMDB 0.9's (docs/tm-format.md, "The data file"). Thread-compatible; no state.
#ifndef TMKIT_MEMORY_DATA_FILE_H_
#define TMKIT_MEMORY_DATA_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tmkit/status.h"

namespace tmkit::store {

struct DataFileMeta {
  uint32_t page_size = 0;
  uint64_t last_page = 0;  // of the newest meta page: the file must hold pages 0..last_page
  uint64_t txnid = 0;
};

// Checks what LMDB trusts when it maps the file and opens its databases: both meta pages sound,
// the file long enough for every page either one names, and the main database's tree (the table
// of named databases) sound with each named root inside the file. Corruption naming the file and
// the fault; IOError when it cannot be read; OK for a file that is absent or empty (a fresh TM).
Status CheckDataFile(const std::string& path, DataFileMeta* newest);

// Checks only that the file still holds every page its newest meta page names: two small reads,
// for a file already mapped (one truncated under a running reader would raise SIGBUS).
Status CheckDataFileLength(const std::string& path);

// Walks every page reachable from the meta page of transaction `txnid` (the newest when 0): the
// free list and each named database's tree, every node and overflow page bounds-checked, no page
// reached twice, the page and entry counts LMDB keeps compared. Adds one line per fault to
// `problems` (nothing when sound). IOError when the file cannot be read; NotFound when no meta
// page holds `txnid` any more (a writer moved on: begin again).
Status WalkDataFile(const std::string& path, uint64_t txnid, std::vector<std::string>* problems);

}  // namespace tmkit::store

#endif  // TMKIT_MEMORY_DATA_FILE_H_
