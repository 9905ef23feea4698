#include "tmkit/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tmkit {
namespace {
int g_forced = -1;  // -1: decide from the terminal

bool StderrIsTerminal() {
  if (g_forced >= 0) return g_forced == 1;
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) && !(term != nullptr && std::strcmp(term, "dumb") == 0);
}
}  // namespace

void Progress::SetEnabledForTesting(bool enabled) { g_forced = enabled ? 1 : 0; }

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), enabled_(StderrIsTerminal()),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void Progress::Update(uint64_t done) {
  done_ = done;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(false);
}

void Progress::Finish() {
  if (enabled_ && drawn_) Draw(true);
}

void Progress::Draw(bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = secs > 0 ? done_ / secs : 0;
  if (total_ > 0) {
    int width = 30;
    int filled = static_cast<int>(width * (done_ > total_ ? 1.0 : double(done_) / total_));
    std::fprintf(stderr, "\r\033[K%s [%.*s%*s] %llu/%llu (%.0f/s)", label_.c_str(), filled,
                 "##############################", width - filled, "",
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_), rate);
  } else {
    std::fprintf(stderr, "\r\033[K%s %llu (%.0f/s)", label_.c_str(),
                 static_cast<unsigned long long>(done_), rate);
  }
  if (final) std::fprintf(stderr, "\n");
  std::fflush(stderr);
  drawn_ = !final;
}

}  // namespace tmkit
