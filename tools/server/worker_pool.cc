#include "worker_pool.h"

#include <algorithm>

namespace tmkit::server {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (Job* job : queue_) {
      job->done = true;  // never started: Run() reports false
      job->finished.notify_one();
    }
    queue_.clear();
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool WorkerPool::Run(const std::function<void()>& work, std::chrono::steady_clock::time_point deadline) {
  Job job;
  job.work = &work;
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return false;
  queue_.push_back(&job);
  wake_.notify_one();
  // Until a worker takes it, the job may give up at the deadline; once started it runs to the end.
  if (!job.finished.wait_until(lock, deadline, [&] { return job.started || job.done; })) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), &job));
    return false;
  }
  job.finished.wait(lock, [&] { return job.done; });
  return job.started;
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job* job = queue_.front();
    queue_.pop_front();
    job->started = true;
    lock.unlock();
    (*job->work)();
    lock.lock();
    job->done = true;
    job->finished.notify_one();
  }
}

}  // namespace tmkit::server
