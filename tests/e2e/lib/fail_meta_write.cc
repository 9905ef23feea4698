// LD_PRELOAD shim for tests/e2e/serve_disk_failure.sh: while the file named by
// TMKIT_FAIL_META_WRITES_WHILE exists, a write into the first 8 KiB of a file named data.mdb (the
// two meta pages of an LMDB file with 4 KiB pages) fails with EIO, as on a failing disk. LMDB
// then marks the environment dead (MDB_PANIC) while the file keeps its last commit.
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

namespace {

bool IsMetaWrite(int fd, off_t offset) {
  if (offset >= 8192) return false;
  const char* flag = getenv("TMKIT_FAIL_META_WRITES_WHILE");
  if (flag == nullptr || access(flag, F_OK) != 0) return false;
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n < 8) return false;
  path[n] = '\0';
  return strcmp(path + n - 8, "data.mdb") == 0;
}

using PwriteFn = ssize_t (*)(int, const void*, size_t, off_t);

ssize_t Forward(const char* name, PwriteFn* real, int fd, const void* buf, size_t count, off_t offset) {
  if (*real == nullptr) *real = reinterpret_cast<PwriteFn>(dlsym(RTLD_NEXT, name));
  if (IsMetaWrite(fd, offset)) {
    errno = EIO;
    return -1;
  }
  return (*real)(fd, buf, count, offset);
}

}  // namespace

extern "C" ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static PwriteFn real = nullptr;
  return Forward("pwrite", &real, fd, buf, count, offset);
}

extern "C" ssize_t pwrite64(int fd, const void* buf, size_t count, off_t offset) {
  static PwriteFn real = nullptr;
  return Forward("pwrite64", &real, fd, buf, count, offset);
}
