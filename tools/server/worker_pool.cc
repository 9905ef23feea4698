#include "worker_pool.h"

#include <algorithm>

namespace tmkit::server {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  std::deque<Job> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Post(std::function<void()> job, std::chrono::steady_clock::time_point deadline,
                      std::function<void()> expired) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    queue_.push_back(Job{std::move(job), deadline, std::move(expired)});
  }
  wake_.notify_one();
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    if (std::chrono::steady_clock::now() > job.deadline) {
      job.expired();
    } else {
      job.run();
    }
    job = Job();  // release what the job holds (a connection) before waiting again
    lock.lock();
  }
}

}  // namespace tmkit::server
