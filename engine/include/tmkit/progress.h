// A progress line on stderr for long jobs, drawn only when stderr is a terminal, so scripts and
// CI logs stay quiet. Not thread-safe: one owner updates it.
#ifndef TMKIT_PROGRESS_H_
#define TMKIT_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace tmkit {

class Progress {
 public:
  // total == 0 means unknown: the line shows a count and a rate instead of a bar.
  Progress(std::string label, uint64_t total);
  ~Progress();  // erases the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Update(uint64_t done);  // cheap; redraws at most 10 times a second
  void Finish();

  // Forces drawing on or off (tests); by default: isatty(stderr) and TERM != "dumb".
  static void SetEnabledForTesting(bool enabled);

 private:
  void Draw(bool final);
  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace tmkit

#endif  // TMKIT_PROGRESS_H_
