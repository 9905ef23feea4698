// A fixed set of threads that run the CPU-bound part of requests (lookups, concordance, term
// searches, checks) one job per thread, in arrival order per client, the clients taking turns,
// while the I/O thread goes on reading.
// Why a queue and not the I/O threads themselves: with many connections ready at once, epoll,
// not arrival order, would pick who is served next, and the unlucky waited 80–120 ms
// (docs/benchmarks.md). Thread-safe.
#ifndef TMKIT_SERVER_WORKER_POOL_H_
#define TMKIT_SERVER_WORKER_POOL_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace tmkit::server {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // finishes the jobs already started, drops the queued ones unrun
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job` behind those `client` already has waiting. Clients take turns: a worker takes the
  // next job of the client after the one it served last, so a client that sends many costly
  // requests delays another's by at most one of its own per turn, not by all of them. A worker
  // that reaches the job after `deadline` runs `expired` instead, so the caller hears back exactly
  // once (unless the pool is destroyed first).
  void Post(std::function<void()> job, std::chrono::steady_clock::time_point deadline,
            std::function<void()> expired, uint64_t client = 0);

 private:
  struct Job {
    std::function<void()> run;
    std::chrono::steady_clock::time_point deadline;
    std::function<void()> expired;
  };
  void Work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<uint64_t, std::deque<Job>> queues_;  // per client; none empty
  std::deque<uint64_t> turns_;                   // the clients with jobs, next to be served first
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_WORKER_POOL_H_
