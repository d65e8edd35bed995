#pragma once
// The HTTP server (Boost.Beast over Asio, C++20 coroutines). A few I/O threads accept, parse and write;
// handlers run on a bounded worker pool because they block on the database. This is the only translation
// unit that includes Beast.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "http/message.hpp"

namespace zc::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: pick a free port
  int io_threads = 2;
  int worker_threads = 4;
  int hash_threads = 2;     // sign-ins (Application::PasswordWorkOf); registrations and changes get half
  size_t max_queued = 512;  // handlers waiting for a worker; beyond this, 503
  // Password-hashing requests waiting for their pools; beyond this, 429 with Retry-After (never counted in
  // max_queued, so that a flood of them cannot turn other users' requests into 503s).
  size_t max_hash_queued = 64;
  size_t header_limit = 16 * 1024;
  std::chrono::seconds header_timeout{10};  // to receive a whole request header (408)
  std::chrono::seconds body_timeout{60};    // to receive a whole body (408)
  std::chrono::seconds idle_timeout{30};    // keep-alive connection with no request
  std::chrono::seconds shutdown_grace{10};  // in-flight requests may finish within this on SIGTERM
  // Behind a reverse proxy: the lower-case name of the header that carries the client's address (e.g.
  // "x-real-ip"). Empty: the peer address is the client's. Set only when every request comes via the proxy.
  std::string client_ip_header;
};

// Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish and returns.
// `on_listening` is called with the bound port once the socket accepts.
void RunServer(const ServerOptions& options, Application& app,
               const std::function<void(unsigned short port)>& on_listening);

}  // namespace zc::http
