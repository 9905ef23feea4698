// A fixed set of threads that run the CPU-bound part of requests (lookups, concordance, term
// searches) one job per thread, in arrival order. The connection threads only wait for their job.
// Why not run it on the connection thread: with a thread per keep-alive connection there are
// many more threads than cores, so the kernel, not arrival order, decides who waits, and each of
// those threads would warm its own per-thread lookup scratch (megabytes on a 1M-unit TM) in the
// cache. Thread-safe.
#ifndef TMKIT_SERVER_WORKER_POOL_H_
#define TMKIT_SERVER_WORKER_POOL_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tmkit::server {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // finishes the jobs already started, drops the queued ones
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `job` on a worker and waits for it. False, without running it, when no worker was free
  // to start it by `deadline` (or the pool is shutting down).
  bool Run(const std::function<void()>& job, std::chrono::steady_clock::time_point deadline);

 private:
  struct Job {
    const std::function<void()>* work;
    bool started = false;
    bool done = false;
    std::condition_variable finished;
  };
  void Work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_WORKER_POOL_H_
