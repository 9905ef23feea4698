// tmkit serve: the lookup service (tools/server/, docs/api.md) as a CLI verb.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>

#include "cli.h"
#include "server.h"
#include "tmkit/utf8.h"

namespace {

struct Options {
  std::string tm;
  std::vector<std::string> glossaries;
  std::string tsv_langs;
  std::string listen = "127.0.0.1:8080";
  std::string write_token_file;
  std::vector<std::string> allowed_hosts;
  size_t max_body_bytes = 64 * 1024;
  size_t max_query_chars = 1000;
  int request_timeout_ms = 2000;
  int max_connections = 512;
  int cpu_slots = 0;
};

tmkit::Status ReadToken(const std::string& path, std::string* token) {
  std::string contents;
  tmkit::Status s = tmkit::ReadFile(path, &contents);
  if (!s.ok()) return s;
  size_t begin = contents.find_first_not_of(" \t\r\n");
  size_t end = contents.find_last_not_of(" \t\r\n");
  if (begin == std::string::npos) return tmkit::Status::InvalidInput(path + ": the write token file is empty");
  *token = contents.substr(begin, end - begin + 1);
  if (token->find_first_of(" \t\r\n") != std::string::npos || token->size() < 16) {
    return tmkit::Status::InvalidInput(path + ": the write token must be one word of at least 16 characters");
  }
  return tmkit::Status::OK();
}

}  // namespace

TMKIT_VERB(serve, "serve", "Serve TM lookups over HTTP: a JSON API and a page for translators", [](CLI::App* app) {
  using tmkit::cli::_;
  auto opts = std::make_shared<Options>();
  app->add_option("--tm", opts->tm, _("The TM directory to serve"))->required();
  app->add_option("--glossary", opts->glossaries, _("A glossary (TBX, or TSV with --tsv-langs) whose terms the page shows"));
  app->add_option("--tsv-langs", opts->tsv_langs, _("SRC,TGT: the languages of the columns of TSV glossaries"));
  app->add_option("--listen", opts->listen, _("HOST:PORT to listen on (port 0 picks a free one)"))->capture_default_str();
  app->add_option("--allowed-host", opts->allowed_hosts,
                  _("A host name clients may reach the service by (Host header); repeatable"));
  app->add_option("--write-token-file", opts->write_token_file,
                  _("A file holding the bearer token that POST /api/units must carry; without it writes are refused"));
  app->add_option("--max-body-bytes", opts->max_body_bytes, _("Largest request body accepted"))->capture_default_str();
  app->add_option("--max-query-chars", opts->max_query_chars, _("Longest query accepted, in characters"))->capture_default_str();
  app->add_option("--request-timeout-ms", opts->request_timeout_ms, _("Time budget of one request"))->capture_default_str();
  app->add_option("--max-connections", opts->max_connections,
                  _("Open connections at most; more wait until one closes"))
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app->add_option("--cpu-slots", opts->cpu_slots, _("Lookups run at once, in arrival order (0: one per core)"))
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  return [opts]() -> int {
    tmkit::server::ServerOptions options;
    tmkit::Status s = tmkit::server::ParseListenAddress(opts->listen, &options.host, &options.port);
    if (!s.ok()) return tmkit::cli::Fail(s);
    if (!opts->write_token_file.empty()) {
      s = ReadToken(opts->write_token_file, &options.write_token);
      if (!s.ok()) return tmkit::cli::Fail(s);
    }
    options.tm_dir = opts->tm;
    options.glossary_files = opts->glossaries;
    options.allowed_hosts = opts->allowed_hosts;
    if (!opts->tsv_langs.empty()) {
      size_t comma = opts->tsv_langs.find(',');
      if (comma == std::string::npos) {
        return tmkit::cli::Fail(tmkit::Status::InvalidArgument("--tsv-langs expects SRC,TGT, e.g. en,ru"));
      }
      options.tsv_src_lang = opts->tsv_langs.substr(0, comma);
      options.tsv_tgt_lang = opts->tsv_langs.substr(comma + 1);
    }
    options.max_body_bytes = opts->max_body_bytes;
    options.max_query_chars = opts->max_query_chars;
    options.request_timeout_ms = opts->request_timeout_ms;
    options.max_connections = opts->max_connections;
    options.cpu_slots = opts->cpu_slots;

    // SIGINT/SIGTERM are taken by one thread that stops the server cleanly; the worker threads
    // inherit the blocked mask. A client that hangs up mid-response must not kill the process.
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::unique_ptr<tmkit::server::Server> server;
    s = tmkit::server::Server::Create(options, &server);
    if (!s.ok()) return tmkit::cli::Fail(s);
    if (!tmkit::server::IsLoopbackHost(options.host)) {
      std::fprintf(stderr, "tmkit: %s\n",
                   _("warning: listening beyond this machine; lookups need no token").c_str());
    }
    std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::printf("tmkit serve: listening on http://%s:%d/\n", shown_host.c_str(), server->port());
    std::fflush(stdout);

    std::thread([&server, stop_signals] {
      int signal_number;
      sigwait(&stop_signals, &signal_number);
      server->Stop();
    }).detach();
    s = server->Run();
    if (!s.ok()) return tmkit::cli::Fail(s);
    return tmkit::cli::kExitOk;
  };
});
