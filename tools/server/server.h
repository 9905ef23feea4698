// tmkit's lookup service: the JSON API of docs/api.md and the translators' page, over HTTP.
// Create() opens everything and binds; Run() serves on the calling thread (plus a small worker pool)
// until Stop(), callable from any thread. Lookups read the TM concurrently; LMDB serialises writes.
#ifndef TMKIT_SERVER_SERVER_H_
#define TMKIT_SERVER_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.h"

namespace tmkit::server {

struct ServerOptions {
  std::string tm_dir;
  std::vector<std::string> glossary_files;  // TBX, or TSV with the languages below
  std::string tsv_src_lang;
  std::string tsv_tgt_lang;
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0 picks a free port (see Server::port())
  // Host names (without port) that requests may carry besides the ones the address implies.
  std::vector<std::string> allowed_hosts;
  // The bearer token that POST /api/units must carry. Empty: every write is refused (403).
  std::string write_token;
  size_t max_body_bytes = 64 * 1024;  // larger request bodies get 413
  size_t max_query_chars = 1000;      // longer q/phrase parameters get 400
  int request_timeout_ms = 2000;      // a lookup that takes longer is cut short (503)
  // Open connections at most; more wait in the listen queue until one closes.
  int max_connections = 512;
  // Lookups, concordance and term searches run at most this many at once, in arrival order
  // (0: one per core). More would only share the cores less fairly.
  int cpu_slots = 0;
};

// Parses "HOST:PORT", "[IPv6]:PORT" or ":PORT" (loopback). InvalidArgument names the problem.
Status ParseListenAddress(std::string_view listen, std::string* host, int* port);

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(std::string_view host);

// Whether a request whose Host header names `host` (port removed) may be answered. A page on
// another site can make a browser reach the service under a name that site controls (DNS
// rebinding), so: a loopback service answers loopback names, any other address literals (which no
// DNS answer stands for); both also options.allowed_hosts.
bool HostAllowed(const ServerOptions& options, std::string_view host);

class Server {
 public:
  // Opens the TM (read-write, so /api/units works) and the glossaries, and binds the socket.
  // Errors: those of Memory::Open and the glossary readers; IOError when the address is taken.
  static Status Create(const ServerOptions& options, std::unique_ptr<Server>* server);
  virtual ~Server() = default;

  virtual int port() const = 0;
  // Serves until Stop(). IOError when the listening socket fails.
  virtual Status Run() = 0;
  virtual void Stop() = 0;
};

}  // namespace tmkit::server

#endif  // TMKIT_SERVER_SERVER_H_
