#include "worker_pool.h"

#include <algorithm>

namespace tmkit::server {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  std::map<uint64_t, std::deque<Job>> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    dropped.swap(queues_);
    turns_.clear();
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Post(std::function<void()> job, std::chrono::steady_clock::time_point deadline,
                      std::function<void()> expired, uint64_t client) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    std::deque<Job>& queue = queues_[client];
    if (queue.empty()) turns_.push_back(client);
    queue.push_back(Job{std::move(job), deadline, std::move(expired)});
  }
  wake_.notify_one();
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !turns_.empty(); });
    if (stopping_) return;
    const uint64_t client = turns_.front();
    turns_.pop_front();
    auto queue = queues_.find(client);
    Job job = std::move(queue->second.front());
    queue->second.pop_front();
    if (queue->second.empty()) {
      queues_.erase(queue);
    } else {
      turns_.push_back(client);  // its next job waits for the other clients' turns
    }
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
