// The lookup service below HTTP: address parsing, the worker pool, and the API handlers
// over a real TM (errors as JSON, token checks, a TM removed while serving).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "api.h"
#include "worker_pool.h"
#include "server.h"
#include "tm_handle.h"
#include "tmkit/memory.h"

namespace tmkit::server {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TEST(ServerListen, ParsesAddresses) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:8080", &host, &port).ok());
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8080);
  ASSERT_TRUE(ParseListenAddress("[::1]:0", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  ASSERT_TRUE(ParseListenAddress(":9000", &host, &port).ok());
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_FALSE(ParseListenAddress("localhost", &host, &port).ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:http", &host, &port).ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:65536", &host, &port).ok());
  EXPECT_FALSE(ParseListenAddress("999.1.1.1:80", &host, &port).ok());
}

TEST(ServerListen, KnowsLoopback) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.8.9.10"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("[::1]"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("localhost.attacker.example"));
  EXPECT_FALSE(IsLoopbackHost(""));
}

// DNS rebinding (issue 27 item 11): a service listening beyond loopback answers its address
// literals and the --allowed-host names, never any name a DNS answer could point at it.
TEST(ServerListen, HostAllowedBeyondLoopback) {
  ServerOptions options;
  options.host = "0.0.0.0";
  EXPECT_TRUE(HostAllowed(options, "192.168.1.20"));
  EXPECT_TRUE(HostAllowed(options, "[2001:db8::1]"));
  EXPECT_FALSE(HostAllowed(options, "attacker.example"));
  EXPECT_FALSE(HostAllowed(options, "tm.newsroom.example"));
  EXPECT_FALSE(HostAllowed(options, ""));
  EXPECT_FALSE(HostAllowed(options, "[not-an-address]"));
  options.allowed_hosts = {"tm.newsroom.example"};
  EXPECT_TRUE(HostAllowed(options, "tm.newsroom.example"));
  EXPECT_TRUE(HostAllowed(options, "TM.NEWSROOM.EXAMPLE"));
  EXPECT_FALSE(HostAllowed(options, "tm.newsroom.example.attacker.example"));
  options.host = "127.0.0.1";
  EXPECT_TRUE(HostAllowed(options, "localhost"));
  EXPECT_TRUE(HostAllowed(options, "tm.newsroom.example"));
  EXPECT_FALSE(HostAllowed(options, "192.168.1.20"));
}

// Blocks a pool's workers until Release(), so that the jobs posted after it queue up.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  void AwaitWaiters(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return waiting_ >= n; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(WorkerPool, RunsJobsInArrivalOrder) {
  auto far = Clock::now() + std::chrono::seconds(30);
  Gate gate;
  std::vector<int> order;  // written by the one worker only
  std::atomic<int> expired{0};
  {
    WorkerPool pool(1);
    // The worker is held, so the next jobs queue up; released, it takes them in arrival order.
    pool.Post([&] { gate.Wait(); }, far, [&] { ++expired; });
    gate.AwaitWaiters(1);
    for (int i = 0; i < 6; ++i) pool.Post([&, i] { order.push_back(i); }, far, [&] { ++expired; });
    gate.Release();
    std::atomic<bool> last{false};
    pool.Post([&] { last = true; }, far, [&] { ++expired; });
    while (!last) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(expired, 0);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

// Issue 27 item 7: four clients sending costly lookups made a third of another client's lookups
// wait past the deadline (503). Clients take turns: B's one job runs after A's first, not its 6th.
TEST(WorkerPool, ClientsTakeTurns) {
  auto far = Clock::now() + std::chrono::seconds(30);
  Gate gate;
  std::vector<std::string> order;  // written by the one worker only
  {
    WorkerPool pool(1);
    pool.Post([&] { gate.Wait(); }, far, [] {}, 1);
    gate.AwaitWaiters(1);
    for (int i = 0; i < 6; ++i) pool.Post([&, i] { order.push_back("a" + std::to_string(i)); }, far, [] {}, 1);
    pool.Post([&] { order.push_back("b0"); }, far, [] {}, 2);
    pool.Post([&] { order.push_back("b1"); }, far, [] {}, 2);
    gate.Release();
    std::atomic<bool> last{false};
    pool.Post([&] { last = true; }, far, [] {}, 1);  // after every other job of client 1
    while (!last) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"a0", "b0", "a1", "b1", "a2", "a3", "a4", "a5"}));
}

TEST(WorkerPool, AnswersAJobNotStartedByItsDeadlineWithExpired) {
  Gate gate;
  std::atomic<int> ran{0};
  std::atomic<int> expired{0};
  {
    WorkerPool pool(1);
    pool.Post([&] { gate.Wait(); }, Clock::now() + std::chrono::seconds(30), [&] { ++expired; });
    gate.AwaitWaiters(1);
    pool.Post([&] { ++ran; }, Clock::now() + std::chrono::milliseconds(20), [&] { ++expired; });
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    gate.Release();
    // The late job is answered once, by `expired`; the next one runs.
    pool.Post([&] { ++ran; }, Clock::now() + std::chrono::seconds(30), [&] { ++expired; });
    while (ran + expired < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(expired, 1);
  EXPECT_EQ(ran, 1);
}

TEST(WorkerPool, DropsQueuedJobsWhenDestroyed) {
  Gate gate;
  std::atomic<int> heard{0};
  auto job = std::make_shared<int>(0);
  std::thread release;
  {
    WorkerPool pool(1);
    pool.Post([&] { gate.Wait(); }, Clock::now() + std::chrono::seconds(30), [] {});
    gate.AwaitWaiters(1);
    pool.Post([&, job] { ++heard; }, Clock::now() + std::chrono::seconds(30), [&, job] { ++heard; });
    release = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      gate.Release();
    });
  }  // joins the held worker once released; the queued job never runs
  release.join();
  EXPECT_EQ(heard, 0);
  EXPECT_EQ(job.use_count(), 1);  // and what it held is released
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tmkit_server_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::unique_ptr<Memory> memory;
    OpenOptions options;
    options.create_if_missing = true;
    ASSERT_TRUE(Memory::Open(dir_.string(), options, &memory).ok());
    Unit unit;
    unit.source_lang = "en";
    unit.variants.resize(2);
    unit.variants[0].lang = "en";
    unit.variants[0].text = "The talks in Geneva ended on Friday.";
    unit.variants[1].lang = "ar";
    unit.variants[1].text = "انتهت المحادثات في جنيف يوم الجمعة.";
    ASSERT_TRUE(memory->Write([&](Writer* w) {
      AddOutcome outcome;
      uint64_t id;
      return w->Add(unit, &outcome, &id);
    }).ok());
    memory.reset();
    std::unique_ptr<TmHandle> tm;
    ASSERT_TRUE(TmHandle::Open(dir_.string(), &tm).ok());
    api_ = std::make_unique<Api>(std::move(tm), nullptr, kToken, ApiLimits{});
  }
  void TearDown() override { fs::remove_all(dir_); }

  static ApiRequest Get(std::multimap<std::string, std::string> params) {
    ApiRequest r;
    r.params = std::move(params);
    r.deadline = Clock::now() + std::chrono::seconds(5);
    return r;
  }
  static std::string Code(const ApiReply& reply) { return reply.body["error"]["code"].get<std::string>(); }

  static constexpr const char* kToken = "0123456789abcdef0123";
  fs::path dir_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, LooksUpWithDiffParts) {
  ApiReply r = api_->Lookup(Get({{"q", "The talks in Geneva ended on Monday."}, {"src", "en"}, {"tgt", "ar"}}));
  ASSERT_EQ(r.status, 200) << r.body.dump();
  ASSERT_EQ(r.body["matches"].size(), 1u);
  const auto& m = r.body["matches"][0];
  EXPECT_LT(m["score"].get<int>(), 100);
  EXPECT_EQ(m["target_lang"], "ar");
  std::string differing;
  for (const auto& part : m["source_parts"]) {
    if (part["differs"].get<bool>()) differing += part["text"].get<std::string>();
  }
  EXPECT_EQ(differing, "Friday");
}

TEST_F(ApiTest, RefusesBadParametersAsJson) {
  EXPECT_EQ(Code(api_->Lookup(Get({{"src", "en"}, {"tgt", "ar"}}))), "missing_parameter");
  EXPECT_EQ(Code(api_->Lookup(Get({{"q", "ta\xC3\x28lks"}, {"src", "en"}, {"tgt", "ar"}}))), "invalid_utf8");
  EXPECT_EQ(Code(api_->Lookup(Get({{"q", "talks"}, {"src", "en"}, {"tgt", "ru"}}))), "unknown_language");
  EXPECT_EQ(Code(api_->Lookup(Get({{"q", "talks"}, {"src", "e_n!"}, {"tgt", "ar"}}))), "invalid_language");
  EXPECT_EQ(Code(api_->Lookup(Get({{"q", std::string(1001, 'a')}, {"src", "en"}, {"tgt", "ar"}}))), "query_too_long");
  EXPECT_EQ(Code(api_->Lookup(Get({{"q", "talks"}, {"src", "en"}, {"tgt", "ar"}, {"limit", "51"}}))), "bad_parameter");
  EXPECT_EQ(Code(api_->Terms(Get({{"q", "talks"}, {"src", "en"}, {"tgt", "ar"}}))), "no_glossary");
}

TEST_F(ApiTest, WritesOnlyWithTheToken) {
  ApiRequest post;
  post.body = R"({"variants":[{"lang":"en","text":"A new segment."},{"lang":"ar","text":"مقطع جديد."}]})";
  EXPECT_EQ(api_->PostUnit(post).status, 403);
  post.authorization = std::string("Bearer ") + kToken + "x";
  EXPECT_EQ(api_->PostUnit(post).status, 403);
  post.authorization = std::string("bearer ") + kToken;
  ApiReply added = api_->PostUnit(post);
  ASSERT_EQ(added.status, 201) << added.body.dump();
  EXPECT_EQ(added.body["outcome"], "added");
  post.body = "{\"variants\": [";
  ApiReply bad = api_->PostUnit(post);
  EXPECT_EQ(Code(bad), "bad_json");
  EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("column"), std::string::npos);
}

// docs/api.md: a unit whose source is stored gains the new languages rather than a duplicate.
TEST_F(ApiTest, PostingANewLanguageExtendsTheStoredUnit) {
  ApiRequest post;
  post.authorization = std::string("Bearer ") + kToken;
  post.body = R"({"variants":[{"lang":"en","text":"The talks in Geneva ended on Friday."},)"
              R"({"lang":"ru","text":"Переговоры в Женеве завершились в пятницу."}],"author":"anna"})";
  ApiReply merged = api_->PostUnit(post);
  ASSERT_EQ(merged.status, 200) << merged.body.dump();
  EXPECT_EQ(merged.body["outcome"], "merged");
  EXPECT_EQ(merged.body["id"], 1);
  ApiReply stats = api_->Stats(Get({}));
  EXPECT_EQ(stats.body["units"], 1) << stats.body.dump();
  ApiReply hits = api_->Concordance(Get({{"q", "Женеве"}, {"lang", "ru"}}));
  ASSERT_EQ(hits.status, 200) << hits.body.dump();
  ASSERT_EQ(hits.body["hits"].size(), 1u);
  EXPECT_EQ(hits.body["hits"][0]["variants"].size(), 3u) << hits.body.dump();
  // The same again is merged without change; another Russian text is another unit.
  EXPECT_EQ(api_->PostUnit(post).body["outcome"], "merged");
  post.body = R"({"variants":[{"lang":"en","text":"The talks in Geneva ended on Friday."},)"
              R"({"lang":"ru","text":"Женевские переговоры закончились в пятницу."}]})";
  ApiReply other = api_->PostUnit(post);
  EXPECT_EQ(other.status, 201) << other.body.dump();
  EXPECT_EQ(api_->Stats(Get({})).body["units"], 2);
}

TEST_F(ApiTest, ChecksOnePairWithoutAGlossary) {
  ApiRequest post;
  post.body = R"({"source":"The talks ended with 2,400 delegates.",
                  "target":"انتهت المحادثات بحضور 2500 مندوب.","src":"en","tgt":"ar"})";
  // Twice: the second request borrows the checker the first one made and gave back.
  for (int round = 0; round < 2; ++round) {
    ApiReply r = api_->Check(post);
    ASSERT_EQ(r.status, 200) << r.body.dump();
    ASSERT_EQ(r.body["findings"].size(), 1u) << r.body.dump();
    const auto& f = r.body["findings"][0];
    EXPECT_EQ(f["check"], "number-changed");
    EXPECT_EQ(f["source_span"]["text"], "2,400");
    EXPECT_EQ(f["target_span"]["text"], "2500");
  }
  post.body = R"({"source":"Talks.","target":"Переговоры.","src":"en","tgt":"fr"})";
  EXPECT_EQ(Code(api_->Check(post)), "unknown_language");
  post.body = R"({"source":"Talks.","src":"en","tgt":"ru"})";
  EXPECT_EQ(Code(api_->Check(post)), "missing_field");
  post.body = "{\"source\":\"ta\xC3\x28lks\",\"target\":\"x\",\"src\":\"en\",\"tgt\":\"ru\"}";
  ApiReply bad = api_->Check(post);
  EXPECT_EQ(Code(bad), "invalid_utf8");
  EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("byte 13"), std::string::npos) << bad.body.dump();
}

TEST_F(ApiTest, SurvivesTheTmDisappearing) {
  fs::rename(dir_, dir_.string() + ".away");
  ApiReply gone = api_->Lookup(Get({{"q", "talks"}, {"src", "en"}, {"tgt", "ar"}}));
  EXPECT_EQ(gone.status, 503);
  EXPECT_EQ(Code(gone), "tm_unavailable");
  EXPECT_EQ(api_->Health(ApiRequest()).status, 503);
  fs::rename(dir_.string() + ".away", dir_);
  EXPECT_EQ(api_->Health(ApiRequest()).status, 200);
}

}  // namespace
}  // namespace tmkit::server
