// The HTTP layer: Boost.Beast's parser on one I/O thread, the routes of docs/api.md, the page, the
// limits and the rule that every error is JSON. The endpoints themselves live in api.cc.
//
// One thread owns every socket's reads and the accept loop; requests that cost CPU go to the
// worker pool in arrival order, and the worker writes the answer itself (one non-blocking send,
// which a loopback or LAN client's socket buffer almost always takes whole) before handing the
// connection back to the I/O thread for its next request. So a lookup costs one hand-off each way
// and no thread per connection.
#include "server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <sched.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "api.h"
#include "page_assets.h"
#include "worker_pool.h"

namespace tmkit::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A client that sends its request, or reads its answer, slower than this is dropped; an idle
// keep-alive connection is closed after it. At --max-connections a connection that waits for its
// request may be closed sooner: see ServerImpl::MakeRoom.
constexpr auto kIoTimeout = std::chrono::seconds(5);
// How long after an answer a kept-alive connection is spared when room must be made (MakeRoom).
constexpr auto kKeepAliveGrace = std::chrono::milliseconds(250);
// How long a new connection that has sent nothing is spared: a client sends its request right
// after connecting, but on a busy machine the bytes can arrive after the next connection does, and
// without this grace that whole request was the one closed (serve_api.sh, under ctest -j2).
constexpr auto kFirstRequestGrace = std::chrono::seconds(1);
constexpr size_t kMaxTargetBytes = 8192;   // a longer request line gets 414
constexpr size_t kMaxHeaderBytes = 16384;  // a longer header block gets 431
// What one read may hold unparsed: a whole header block, or a chunk-size line, or the trailer
// after the last chunk. Beast buffers each of those whole and limits only the header, so without
// this a trailer or an endless chunk extension grows the buffer without bound.
constexpr size_t kMaxBufferedBytes = kMaxHeaderBytes + 4096;
constexpr size_t kMaxChunkExtensionBytes = 1024;  // all of a request's chunk extensions together

using Endpoint = ApiReply (Api::*)(const ApiRequest&) const;

// Where an endpoint runs: on the --cpu-slots workers in arrival order, on the one write worker
// (a write may wait 2 s for the writer lock and must not hold a CPU slot meanwhile), or at once on
// the I/O thread (a few microseconds).
enum class Lane { kCpu, kWrite, kIoThread };

struct ApiRoute {
  std::string_view path;
  http::verb method;
  Endpoint endpoint;
  Lane lane;
};

// The API of docs/api.md; a known path with another method gets 405 rather than 404.
constexpr ApiRoute kRoutes[] = {
    {"/healthz", http::verb::get, &Api::Health, Lane::kIoThread},
    {"/api/lookup", http::verb::get, &Api::Lookup, Lane::kCpu},
    {"/api/concordance", http::verb::get, &Api::Concordance, Lane::kCpu},
    {"/api/terms", http::verb::get, &Api::Terms, Lane::kCpu},
    {"/api/stats", http::verb::get, &Api::Stats, Lane::kCpu},
    {"/api/check", http::verb::post, &Api::Check, Lane::kCpu},
    {"/api/names", http::verb::get, &Api::Names, Lane::kCpu},
    {"/api/xliff", http::verb::post, &Api::Xliff, Lane::kCpu},
    {"/api/units", http::verb::post, &Api::PostUnit, Lane::kWrite},
};

ApiReply UriTooLong() {
  return ErrorReply(414, "uri_too_long", "the request line is longer than " + std::to_string(kMaxTargetBytes) +
                                             " bytes");
}

std::string_view HostOfHostHeader(std::string_view header) {
  if (!header.empty() && header.front() == '[') return header.substr(0, header.find(']') + 1);
  return header.substr(0, header.find(':'));
}

std::string BadHostMessage(const ServerOptions& options) {
  std::string names;
  for (const std::string& allowed : options.allowed_hosts) names += ", " + allowed;
  if (IsLoopbackHost(options.host)) return "this service answers only to localhost, 127.0.0.1 or [::1]" + names;
  return "this service answers only to its IP address" + names + " (start it with --allowed-host NAME for others)";
}

// One HTTP response, serialized whole: the answers are small, so one buffer and one send.
std::string Serialize(int status, std::string_view content_type, std::string_view body,
                      const std::vector<std::pair<std::string, std::string>>& headers, bool keep_alive) {
  std::string out;
  out.reserve(body.size() + 256);
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  beast::string_view reason = http::obsolete_reason(static_cast<http::status>(status));
  out.append(reason.data(), reason.size());
  out += "\r\nContent-Type: ";
  out += content_type;
  out += "\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += "\r\nX-Content-Type-Options: nosniff\r\n";
  bool cache_control = false;
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
    cache_control = cache_control || beast::iequals(name, "Cache-Control");
  }
  if (!cache_control) out += "Cache-Control: no-store\r\n";
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  out += body;
  return out;
}

std::string SerializeJson(const ApiReply& reply, bool keep_alive) {
  std::string body = reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  body += '\n';
  return Serialize(reply.status, "application/json; charset=utf-8", body, reply.headers, keep_alive);
}

class ServerImpl;

// One client connection. Its socket is touched by one thread at a time: the I/O thread while a
// request is read, then the worker that answers it, which hands it back with a post.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerImpl* server, tcp::socket socket);
  ~Connection();

  void ReadRequest();
  // Whether bytes have arrived that this server has not read yet: the wait is then ours.
  bool HasUnreadBytes() {
    beast::error_code ec;
    return stream_.socket().available(ec) > 0 && !ec;
  }
  // Closes a connection that waits for (the rest of) a request, to make room for a new one: its
  // pending read ends, and with it the connection. I/O thread only.
  void Evict();

 private:
  friend class ServerImpl;
  // Enters and leaves the server's list of connections waiting for a request (I/O thread only).
  void StartWaiting();
  void StopWaiting();

  void OnHeader(beast::error_code ec);
  // Transfer-Encoding other than a final "chunked", or with a Content-Length: the two framings
  // disagree, and a proxy in front may have read the other one (request smuggling).
  bool AmbiguousFraming() const;
  void OnRequest(beast::error_code ec);
  void Route();
  // Runs the route's endpoint in its lane, which answers; meanwhile the I/O thread moves on.
  void Dispatch(const ApiRoute& route, std::string_view query);
  // The reply to a request that could not be read whole; the connection closes after it.
  void RefuseUnreadable(beast::error_code ec);
  // Sends `bytes` from whichever thread holds the connection, then reads the next request (or
  // closes). What one non-blocking send cannot take is written by the I/O thread.
  void Send(std::string bytes);
  void AfterSend();

  ServerImpl* server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{kMaxBufferedBytes};
  std::optional<http::request_parser<http::string_body>> parser_;
  // Counts the request's chunk extensions; the parser keeps a reference to it.
  std::function<void(std::uint64_t, beast::string_view, beast::error_code&)> on_chunk_header_;
  size_t chunk_extension_bytes_ = 0;
  std::string out_;
  bool keep_alive_ = false;
  bool head_ = false;  // a HEAD request: answered as GET, without the body
  // Its place in ServerImpl::waiting_ while it waits for a request (I/O thread only).
  std::optional<std::list<Connection*>::iterator> waiting_;
  bool counted_ = true;  // still counted as open (an evicted one is uncounted when evicted)
  // Who the CPU lanes share their turns among: the peer's address (WorkerPool::Post).
  uint64_t client_ = 0;
  bool answered_ = false;          // it has had an answer: a client that sends whole requests
  Clock::time_point waiting_since_;  // when it began waiting for its current request
};

class ServerImpl : public Server {
 public:
  ServerImpl(const ServerOptions& options, std::unique_ptr<Api> api)
      : options_(options),
        api_(std::move(api)),
        acceptor_(io_),
        retry_accept_(io_),
        cpu_workers_(options.cpu_slots > 0 ? options.cpu_slots
                                            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
        write_worker_(1) {}

  ~ServerImpl() override {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    stopping_ = true;
  }

  Status Bind() {
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec);
    if (ec) return BindError(ec);
    for (const auto& entry : endpoints) {
      ec = {};
      acceptor_.open(entry.endpoint().protocol(), ec);
      if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) acceptor_.bind(entry.endpoint(), ec);
      // A burst of connections from a load of CAT tools must not overflow the listen queue.
      if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
      if (!ec) break;
      beast::error_code ignored;
      acceptor_.close(ignored);
    }
    if (ec) return BindError(ec);
    port_ = acceptor_.local_endpoint().port();
    return Status::OK();
  }

  int port() const override { return port_; }

  Status Run() override {
    // This thread's work per wake-up is tiny; woken at normal priority it preempted a worker
    // mid-lookup twice per request. In the batch class it waits for a free core or the next tick
    // and then handles every ready socket at once, which a saturated queue never notices: 4.3
    // context switches per request became 1.0 and the throughput rose ~8% (docs/benchmarks.md).
    sched_param param{};
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &param);
    Accept();
    // With accepting paused at --max-connections and every open connection in a worker's hands,
    // the io_context has nothing pending and run() would return: the guard keeps it serving.
    auto keep_running = asio::make_work_guard(io_);
    // A handler that throws (Beast throws std::length_error for a field it cannot store, say)
    // loses its connection, which unwinding closes; every other connection and the service go on.
    for (;;) {
      try {
        io_.run();
        return Status::OK();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "tmkit serve: a connection was dropped: %s\n", e.what());
      }
    }
  }

  void Stop() override { io_.stop(); }

  // Called as each connection opens and closes (from any thread). Accepting pauses only when
  // every open connection is being answered (none to make room from, MakeRoom); the listen queue
  // holds the rest until one closes or waits again.
  void ConnectionOpened() {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    ++open_connections_;
  }
  void ConnectionClosed() {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    --open_connections_;
    if (open_connections_ < options_.max_connections) ResumeAcceptingLocked();
  }

  // The connections waiting for (the rest of) a request, longest-waiting first. I/O thread only.
  std::list<Connection*>& waiting() { return waiting_; }
  // A connection began waiting (I/O thread): at the limit, it is one that can make room.
  void ConnectionWaiting() {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    ResumeAcceptingLocked();
  }

  const ServerOptions& options() const { return options_; }
  Api* api() const { return api_.get(); }
  asio::io_context& io() { return io_; }
  WorkerPool* cpu_workers() { return &cpu_workers_; }
  WorkerPool* write_worker() { return &write_worker_; }

 private:
  Status BindError(const beast::error_code& ec) const {
    return Status::IOError("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " +
                           ec.message());
  }

  void ResumeAcceptingLocked() {
    if (accept_paused_ && !stopping_) {
      accept_paused_ = false;
      asio::post(io_, [this] { Accept(); });
    }
  }

  // Slowloris: a client that opens connections and sends each request a byte at a time would hold
  // every connection the service allows, and a client sending whole requests would wait in the
  // listen queue behind it (p50 8 s at 2,000 such connections). So at the limit, a new connection
  // takes the place of the one that has waited longest for its request: a request sent whole is
  // read within milliseconds and never the longest waiting, an unfinished one soon is. A kept-alive
  // connection that has had answers is spared for kKeepAliveGrace after each, so that a client
  // asking one lookup after another keeps its connection, and a new one that has sent nothing for
  // kFirstRequestGrace; so is one whose bytes have arrived and
  // wait for this thread (under load, a whole request can sit unread longer than slow clients
  // take to fill the list). Connections being answered are never closed. True when there is room
  // (or was made).
  bool MakeRoom(Connection* newest) {
    {
      std::lock_guard<std::mutex> lock(connections_mutex_);
      if (open_connections_ <= options_.max_connections) return true;
    }
    const Clock::time_point now = Clock::now();
    Connection* oldest = nullptr;
    for (Connection* c : waiting_) {
      if (c == newest) break;  // the list is in order of waiting: none after it is older
      if (c->HasUnreadBytes()) continue;
      // A request begun and not finished is what a slowloris holds open: closable at once. A
      // connection that has sent nothing yet, or waits between answers, gets its grace first.
      const bool started = c->buffer_.size() > 0 || (c->parser_ && c->parser_->got_some());
      const auto grace = c->answered_ ? kKeepAliveGrace : kFirstRequestGrace;
      if (started || now - c->waiting_since_ >= grace) {
        oldest = c;
        break;
      }
    }
    if (oldest == nullptr) return false;
    oldest->Evict();
    std::lock_guard<std::mutex> lock(connections_mutex_);
    --open_connections_;
    return true;
  }

  void Accept() {
    acceptor_.async_accept(io_, [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        // Out of file descriptors, say: try again shortly rather than spin.
        retry_accept_.expires_after(std::chrono::milliseconds(50));
        retry_accept_.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
        return;
      }
      auto connection = std::make_shared<Connection>(this, std::move(socket));
      connection->ReadRequest();
      if (!MakeRoom(connection.get())) {
        // Every other connection is being answered or was answered just now: wait for one to
        // close or to wait again, or for a kept-alive one's grace to end.
        {
          std::lock_guard<std::mutex> lock(connections_mutex_);
          accept_paused_ = true;
        }
        retry_accept_.expires_after(kKeepAliveGrace);
        retry_accept_.async_wait([this](beast::error_code wait_ec) {
          if (wait_ec) return;
          std::lock_guard<std::mutex> lock(connections_mutex_);
          ResumeAcceptingLocked();
        });
        return;
      }
      Accept();
    });
  }

  ServerOptions options_;
  std::unique_ptr<Api> api_;
  // Outlive the io_context, whose destruction destroys the connections its handlers hold.
  std::mutex connections_mutex_;
  int open_connections_ = 0;
  bool accept_paused_ = false;
  bool stopping_ = false;
  std::list<Connection*> waiting_;  // I/O thread only
  asio::io_context io_;  // run by the thread in Run(); the workers only post to it
  tcp::acceptor acceptor_;
  asio::steady_timer retry_accept_;
  // Destroyed before the io_context: no worker posts to it once it is gone.
  WorkerPool cpu_workers_;   // lookups, concordance, terms, checks, stats: --cpu-slots threads
  WorkerPool write_worker_;  // POST /api/units, which may wait 2 s for the writer lock
  int port_ = -1;
};

Connection::Connection(ServerImpl* server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
  beast::error_code ignored;
  stream_.socket().set_option(tcp::no_delay(true), ignored);
  // Sends from a worker must never block it: what does not fit goes to the I/O thread.
  stream_.socket().non_blocking(true, ignored);
  const asio::ip::address peer = stream_.socket().remote_endpoint(ignored).address();
  if (peer.is_v4()) {
    client_ = peer.to_v4().to_uint();
  } else if (peer.is_v6()) {
    for (unsigned char byte : peer.to_v6().to_bytes()) client_ = client_ * 1099511628211ull ^ byte;
  }
  server_->ConnectionOpened();
}

Connection::~Connection() {
  StopWaiting();  // a connection whose last write failed mid-request (on the I/O thread)
  if (counted_) server_->ConnectionClosed();
}

void Connection::StartWaiting() {
  if (waiting_) return;
  waiting_since_ = Clock::now();
  auto& list = server_->waiting();
  waiting_ = list.insert(list.end(), this);
  server_->ConnectionWaiting();
}

void Connection::StopWaiting() {
  if (!waiting_) return;
  server_->waiting().erase(*waiting_);
  waiting_.reset();
}

void Connection::Evict() {
  StopWaiting();
  counted_ = false;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

void Connection::ReadRequest() {
  StartWaiting();
  head_ = false;
  parser_.emplace();
  parser_->header_limit(kMaxHeaderBytes);
  parser_->body_limit(server_->options().max_body_bytes);
  chunk_extension_bytes_ = 0;
  on_chunk_header_ = [this](std::uint64_t, beast::string_view extensions, beast::error_code& ec) {
    chunk_extension_bytes_ += extensions.size();
    if (chunk_extension_bytes_ > kMaxChunkExtensionBytes) ec = http::error::bad_chunk_extension;
  };
  parser_->on_chunk_header(on_chunk_header_);
  stream_.expires_after(kIoTimeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

bool Connection::AmbiguousFraming() const {
  const auto& request = parser_->get();
  if (request.find(http::field::transfer_encoding) == request.end()) return false;
  return !parser_->chunked() || request.find(http::field::content_length) != request.end();
}

void Connection::OnHeader(beast::error_code ec) {
  if (ec) return RefuseUnreadable(ec);
  if (AmbiguousFraming()) {
    StopWaiting();
    keep_alive_ = false;
    return Send(SerializeJson(ErrorReply(400, "bad_request",
                                         "Transfer-Encoding must end in chunked and come without Content-Length"),
                              false));
  }
  if (parser_->is_done()) return OnRequest(ec);
  if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    // curl and others wait for this before sending a body; the limits were checked on the header.
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(kIoTimeout);
    asio::async_write(stream_, asio::buffer(kContinue), [self = shared_from_this()](beast::error_code write_ec, size_t) {
      if (write_ec) return;
      self->stream_.expires_after(kIoTimeout);
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       [self](beast::error_code read_ec, size_t) { self->OnRequest(read_ec); });
    });
    return;
  }
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code read_ec, size_t) { self->OnRequest(read_ec); });
}

void Connection::OnRequest(beast::error_code ec) {
  if (ec) return RefuseUnreadable(ec);
  StopWaiting();
  stream_.expires_never();
  keep_alive_ = parser_->get().keep_alive();
  head_ = parser_->get().method() == http::verb::head;
  try {
    Route();
  } catch (const std::exception& e) {
    keep_alive_ = false;
    Send(SerializeJson(ErrorReply(500, "internal", std::string("internal error: ") + e.what()), false));
  }
}

void Connection::RefuseUnreadable(beast::error_code ec) {
  StopWaiting();
  ApiReply reply;
  if (ec == http::error::body_limit) {
    reply = ErrorReply(413, "body_too_large", "the request body is larger than " +
                                                  std::to_string(server_->options().max_body_bytes) + " bytes");
  } else if (ec == http::error::header_limit) {
    // Which part overflowed: the parser has the target once the whole request line is in.
    if (parser_->get().target().empty()) {
      reply = UriTooLong();
    } else {
      reply = ErrorReply(431, "headers_too_large", "the request headers are larger than " +
                                                       std::to_string(kMaxHeaderBytes) + " bytes");
    }
  } else if (ec == http::error::buffer_overflow) {
    reply = ErrorReply(431, "headers_too_large", "a chunk header or the trailer is longer than " +
                                                     std::to_string(kMaxBufferedBytes) + " bytes");
  } else if (ec == http::error::bad_chunk_extension && chunk_extension_bytes_ > kMaxChunkExtensionBytes) {
    reply = ErrorReply(431, "headers_too_large", "the chunk extensions are longer than " +
                                                     std::to_string(kMaxChunkExtensionBytes) + " bytes");
  } else if (ec.category() == beast::error_code(http::error::bad_method).category() &&
             ec != http::error::end_of_stream && ec != http::error::partial_message) {
    reply = ErrorReply(400, "bad_request", "the HTTP request is malformed (" + ec.message() + ")");
  } else {
    return;  // the client hung up, timed out or the socket failed: nobody to answer
  }
  keep_alive_ = false;
  Send(SerializeJson(reply, false));
}

void Connection::Route() {
  const auto& request = parser_->get();
  std::string_view target(request.target().data(), request.target().size());
  if (target.size() > kMaxTargetBytes) {
    keep_alive_ = false;
    return Send(SerializeJson(UriTooLong(), false));
  }
  size_t question = target.find('?');
  std::string path = DecodeUrl(target.substr(0, question), false);
  std::string_view query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  auto host = request[http::field::host];
  if (!HostAllowed(server_->options(), HostOfHostHeader(std::string_view(host.data(), host.size())))) {
    return Send(SerializeJson(ErrorReply(403, "bad_host", BadHostMessage(server_->options())), keep_alive_));
  }

  const http::verb method = head_ ? http::verb::get : request.method();
  const ApiRoute* same_path = nullptr;
  for (const ApiRoute& route : kRoutes) {
    if (route.path != path) continue;
    if (route.method == method) return Dispatch(route, query);
    same_path = &route;
  }
  if (method == http::verb::get) {
    for (const PageAsset& asset : PageAssets()) {
      if (path == asset.path || (path == "/" && asset.path == std::string_view("/index.html"))) {
        return Send(Serialize(200, asset.mime, asset.bytes,
                              {{"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
                               {"Cache-Control", "no-cache"}},
                              keep_alive_));
      }
    }
  }

  std::string method_name(request.method_string().data(), request.method_string().size());
  ApiReply reply;
  if (same_path != nullptr) {
    std::string allowed(http::to_string(same_path->method));
    if (same_path->method == http::verb::get) allowed += ", HEAD";
    reply = ErrorReply(405, "method_not_allowed", method_name + " is not allowed on " + path + "; use " + allowed);
    reply.headers.emplace_back("Allow", allowed);
  } else {
    reply = ErrorReply(404, "not_found", "no such endpoint: " + method_name + " " + path + " (see docs/api.md)");
  }
  Send(SerializeJson(reply, keep_alive_));
}

void Connection::Dispatch(const ApiRoute& route, std::string_view query) {
  auto& http_request = parser_->get();
  ApiRequest request;
  request.params = ParseQuery(query);
  request.body = std::move(http_request.body());
  auto authorization = http_request[http::field::authorization];
  request.authorization.assign(authorization.data(), authorization.size());
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(server_->options().request_timeout_ms);
  request.deadline = deadline;
  Api* api = server_->api();
  const Endpoint endpoint = route.endpoint;
  if (route.lane == Lane::kIoThread) return Send(SerializeJson((api->*endpoint)(request), keep_alive_));
  WorkerPool* pool = route.lane == Lane::kCpu ? server_->cpu_workers() : server_->write_worker();
  auto self = shared_from_this();
  pool->Post(
      [self, api, endpoint, request = std::move(request)] {
        ApiReply reply;
        try {
          reply = (api->*endpoint)(request);
        } catch (const std::exception& e) {
          reply = ErrorReply(500, "internal", std::string("internal error: ") + e.what());
        }
        self->Send(SerializeJson(reply, self->keep_alive_));
      },
      deadline,
      [self, timeout_ms = server_->options().request_timeout_ms] {
        ApiReply busy = ErrorReply(503, "overloaded",
                                   "the service is too busy to answer within " + std::to_string(timeout_ms) + " ms");
        busy.headers.emplace_back("Retry-After", "1");
        self->Send(SerializeJson(busy, self->keep_alive_));
      },
      client_);
}

void Connection::Send(std::string bytes) {
  out_ = std::move(bytes);
  // A HEAD answer is the GET answer's status and headers, Content-Length included (RFC 9110 9.3.2).
  if (head_) out_.resize(out_.find("\r\n\r\n") + 4);
  beast::error_code ec;
  size_t sent = stream_.socket().write_some(asio::buffer(out_), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    sent = 0;
  } else if (ec) {
    return;  // the client is gone; dropping the last reference closes the socket
  }
  if (sent == out_.size()) return AfterSend();
  out_.erase(0, sent);
  asio::post(server_->io(), [self = shared_from_this()] {
    self->stream_.expires_after(kIoTimeout);
    asio::async_write(self->stream_, asio::buffer(self->out_), [self](beast::error_code write_ec, size_t) {
      if (!write_ec) self->AfterSend();
    });
  });
}

void Connection::AfterSend() {
  answered_ = true;
  if (!keep_alive_) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  // Whatever thread sent, the next read starts on the I/O thread, which owns the stream's timer.
  asio::post(server_->io(), [self = shared_from_this()] { self->ReadRequest(); });
}

}  // namespace

Status ParseListenAddress(std::string_view listen, std::string* host, int* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("--listen '" + std::string(listen) + "': expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string_view h = listen.substr(0, colon);
  std::string_view p = listen.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) h = "127.0.0.1";
  int value = 0;
  bool ok = !p.empty() && p.size() <= 5;
  for (char c : p) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) value = value * 10 + (c - '0');
  }
  if (!ok || value > 65535) {
    return Status::InvalidArgument("--listen '" + std::string(listen) + "': the port must be a number from 0 to 65535");
  }
  // A host that does not resolve is the user's typo (exit 2), not the system refusing (exit 3).
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(std::string(h).c_str(), nullptr, &hints, &found);
  if (rc != 0) {
    return Status::InvalidArgument("--listen '" + std::string(listen) + "': no such host or address (" +
                                   gai_strerror(rc) + ")");
  }
  freeaddrinfo(found);
  *host = std::string(h);
  *port = value;
  return Status::OK();
}

bool IsLoopbackHost(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "::1") return true;
  in_addr v4;
  return inet_pton(AF_INET, std::string(host).c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

bool IsAddressLiteral(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    in6_addr v6;
    return inet_pton(AF_INET6, std::string(host.substr(1, host.size() - 2)).c_str(), &v6) == 1;
  }
  in_addr v4;
  return inet_pton(AF_INET, std::string(host).c_str(), &v4) == 1;
}

bool HostAllowed(const ServerOptions& options, std::string_view host) {
  for (const std::string& allowed : options.allowed_hosts) {
    if (beast::iequals(allowed, beast::string_view(host.data(), host.size()))) return true;
  }
  if (IsLoopbackHost(options.host)) return IsLoopbackHost(host);
  return IsAddressLiteral(host);
}

Status Server::Create(const ServerOptions& options, std::unique_ptr<Server>* server) {
  std::unique_ptr<TmHandle> tm;
  Status s = TmHandle::Open(options.tm_dir, &tm);
  if (!s.ok()) return s;
  ApiLimits limits;
  limits.max_query_chars = options.max_query_chars;
  std::unique_ptr<TermService> terms;
  if (!options.glossary_files.empty()) {
    s = TermService::Load(options.glossary_files, options.tsv_src_lang, options.tsv_tgt_lang, &terms);
    if (!s.ok()) return s;
  }
  auto api = std::make_unique<Api>(std::move(tm), std::move(terms), options.write_token, limits);
  auto impl = std::make_unique<ServerImpl>(options, std::move(api));
  s = impl->Bind();
  if (!s.ok()) return s;
  *server = std::move(impl);
  return Status::OK();
}

}  // namespace tmkit::server
