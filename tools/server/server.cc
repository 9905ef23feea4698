// The HTTP layer: cpp-httplib's server, the routes of docs/api.md, the page, the limits and the
// rule that every error is JSON. The endpoints themselves live in api.cc.
#include "server.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <httplib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "api.h"
#include "worker_pool.h"
#include "page_assets.h"

namespace tmkit::server {
namespace {

// httplib's listen backlog (5) is compiled into the library; a burst of connections from a
// load of CAT tools or a benchmark would overflow it and wait out a one-second SYN retry.
class HttpServer : public httplib::Server {
 public:
  void WidenListenQueue() { ::listen(svr_sock_, SOMAXCONN); }
};

// The paths the service answers and their methods, for 405 instead of a bare 404.
const std::map<std::string, std::string>& KnownPaths() {
  static const std::map<std::string, std::string> paths = {
      {"/healthz", "GET"},      {"/api/lookup", "GET"}, {"/api/concordance", "GET"},
      {"/api/terms", "GET"},    {"/api/stats", "GET"},   {"/api/units", "POST"},
      {"/api/check", "POST"},
  };
  return paths;
}

std::string HostOfHostHeader(const std::string& header) {
  if (!header.empty() && header.front() == '[') return header.substr(0, header.find(']') + 1);
  return header.substr(0, header.find(':'));
}

void SendJson(const ApiReply& reply, httplib::Response* res) {
  res->status = reply.status;
  for (const auto& [name, value] : reply.headers) res->set_header(name, value);
  res->set_content(reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                   "application/json; charset=utf-8");
}

class ServerImpl : public Server {
 public:
  ServerImpl(const ServerOptions& options, std::unique_ptr<Api> api)
      : options_(options),
        api_(std::move(api)),
        workers_(options.cpu_slots > 0 ? options.cpu_slots
                                       : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}

  Status Bind() {
    Configure();
    errno = 0;
    if (options_.port == 0) {
      port_ = http_.bind_to_any_port(options_.host);
      if (port_ < 0) return BindError();
    } else if (http_.bind_to_port(options_.host, options_.port)) {
      port_ = options_.port;
    } else {
      return BindError();
    }
    http_.WidenListenQueue();
    return Status::OK();
  }

  int port() const override { return port_; }

  Status Run() override {
    if (!http_.listen_after_bind()) return Status::IOError("the listening socket failed");
    return Status::OK();
  }

  void Stop() override { http_.stop(); }

 private:
  Status BindError() const {
    return Status::IOError("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                           (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string()));
  }

  ApiRequest Decode(const httplib::Request& req) const {
    ApiRequest request;
    request.params.insert(req.params.begin(), req.params.end());
    request.body = req.body;
    request.authorization = req.get_header_value("Authorization");
    request.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.request_timeout_ms);
    return request;
  }

  void Configure() {
    const int threads = options_.threads;
    http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_.set_tcp_nodelay(true);
    http_.set_keep_alive_max_count(100000);
    http_.set_keep_alive_timeout(5);
    http_.set_read_timeout(5);  // a client that sends its request slower than this is dropped
    http_.set_write_timeout(5);
    http_.set_payload_max_length(options_.max_body_bytes);
    http_.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}});

    const bool loopback = IsLoopbackHost(options_.host);
    http_.set_pre_routing_handler([loopback](const httplib::Request& req, httplib::Response& res) {
      // A page on another site can make the browser talk to 127.0.0.1 under a name it controls
      // (DNS rebinding); a loopback service answers only to loopback names.
      if (loopback && !IsLoopbackHost(HostOfHostHeader(req.get_header_value("Host")))) {
        SendJson(ErrorReply(403, "bad_host", "this service answers only to localhost, 127.0.0.1 or [::1]"), &res);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });

    Api* api = api_.get();
    // The CPU-bound endpoints run on the worker pool, in arrival order.
    auto pooled = [this, api](ApiReply (Api::*endpoint)(const ApiRequest&) const) {
      return [this, api, endpoint](const httplib::Request& req, httplib::Response& res) {
        ApiRequest request = Decode(req);
        ApiReply reply;
        if (!workers_.Run([&] { reply = (api->*endpoint)(request); }, request.deadline)) {
          ApiReply busy = ErrorReply(503, "overloaded", "the service is too busy to answer within " +
                                                            std::to_string(options_.request_timeout_ms) + " ms");
          busy.headers.emplace_back("Retry-After", "1");
          SendJson(busy, &res);
          return;
        }
        SendJson(reply, &res);
      };
    };
    http_.Get("/api/lookup", pooled(&Api::Lookup));
    http_.Get("/api/concordance", pooled(&Api::Concordance));
    http_.Get("/api/terms", pooled(&Api::Terms));
    http_.Post("/api/check", pooled(&Api::Check));
    http_.Get("/api/stats", [this, api](const httplib::Request& req, httplib::Response& res) {
      SendJson(api->Stats(Decode(req)), &res);
    });
    http_.Get("/healthz", [api](const httplib::Request&, httplib::Response& res) { SendJson(api->Health(), &res); });
    http_.Post("/api/units", [this, api](const httplib::Request& req, httplib::Response& res) {
      SendJson(api->PostUnit(Decode(req)), &res);
    });

    for (const PageAsset& asset : PageAssets()) {
      std::string path(asset.path);
      auto serve = [asset](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        res.set_header("Cache-Control", "no-cache");
        res.set_content(std::string(asset.bytes), std::string(asset.mime).c_str());
      };
      http_.Get(path, serve);
      if (path == "/index.html") http_.Get("/", serve);
    }

    http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // an endpoint's own JSON error
      ApiReply reply;
      switch (res.status) {
        case 404: {
          auto known = KnownPaths().find(req.path);
          if (known != KnownPaths().end()) {
            reply = ErrorReply(405, "method_not_allowed", req.method + " is not allowed on " + req.path +
                                                               "; use " + known->second);
            reply.headers.emplace_back("Allow", known->second);
          } else {
            reply = ErrorReply(404, "not_found", "no such endpoint: " + req.method + " " + req.path +
                                                     " (see docs/api.md)");
          }
          break;
        }
        case 413:
          reply = ErrorReply(413, "body_too_large", "the request body is larger than " +
                                                        std::to_string(options_.max_body_bytes) + " bytes");
          break;
        case 414:
          reply = ErrorReply(414, "uri_too_long", "the request line is too long");
          break;
        case 400:
          reply = ErrorReply(400, "bad_request", "the HTTP request is malformed");
          break;
        default:
          reply = ErrorReply(res.status, "http_error", "HTTP error " + std::to_string(res.status));
      }
      SendJson(reply, &res);
    });
    http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      SendJson(ErrorReply(500, "internal", "internal error: " + what), &res);
    });
  }

  ServerOptions options_;
  std::unique_ptr<Api> api_;
  HttpServer http_;
  WorkerPool workers_;  // lookups, concordance, terms: --cpu-slots threads
  int port_ = -1;
};

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
