#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace zc::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

// One open connection, so that shutdown can wake the idle ones.
struct Connection {
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;
  std::atomic<bool> idle{true};
  // The client may still be sending a body the server refused (413): read and drop it for a moment before
  // closing, so that closing with unread data does not reset the connection and lose the response.
  bool linger = false;
};

// A deadline for one read. Unlike beast::tcp_stream's own timeout, which closes the socket, expiry only
// cancels the pending operation, so the server can still answer 408.
class Deadline {
 public:
  Deadline(beast::tcp_stream& stream, std::chrono::steady_clock::duration d)
      : state_(std::make_shared<State>(stream.get_executor())) {
    stream.expires_never();
    state_->timer.expires_after(d);
    Arm(state_, &stream.socket());
  }
  ~Deadline() {
    state_->active = false;  // on the connection's strand, like the handler: it never touches a gone socket
    try {
      state_->timer.cancel();
    } catch (const boost::system::system_error&) {
      // Not expected for a timer. Without the cancel the handler still runs at expiry, sees active == false
      // and does nothing.
    }
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  bool Expired() const { return state_->expired; }

 private:
  struct State {
    explicit State(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    bool active = true;
    bool expired = false;
  };
  static void Arm(const std::shared_ptr<State>& state, tcp::socket* socket) {
    state->timer.async_wait([state, socket](const boost::system::error_code& ec) {
      if (ec || !state->active) return;  // the read finished in time
      state->expired = true;
      boost::system::error_code ignored;
      socket->cancel(ignored);
      // A composed read that is between two reads at this instant is not cancelled: it would start the next
      // one unbounded (a slow client could hold the connection for hours). Cancel again shortly until the
      // owner has seen the read end. The receiving side stays open, so the rest of what the client sends
      // can be drained before closing (closing on unread data resets the connection, and the client may
      // then lose the answer).
      state->timer.expires_after(std::chrono::milliseconds(5));
      Arm(state, socket);
    });
  }
  std::shared_ptr<State> state_;
};

class Server {
 public:
  Server(const ServerOptions& o, Application& app)
      : opts_(o),
        app_(app),
        ioc_(o.io_threads),
        workers_(static_cast<size_t>(o.worker_threads)),
        signin_workers_(static_cast<size_t>(o.hash_threads)),
        hash_workers_(static_cast<size_t>(std::max(1, o.hash_threads / 2))) {}

  void Run(const std::function<void(unsigned short)>& on_listening) {
    tcp::endpoint ep(asio::ip::make_address(opts_.host), opts_.port);
    acceptor_ = std::make_unique<tcp::acceptor>(ioc_);
    acceptor_->open(ep.protocol());
    acceptor_->set_option(asio::socket_base::reuse_address(true));
    acceptor_->bind(ep);
    acceptor_->listen(asio::socket_base::max_listen_connections);
    const unsigned short port = acceptor_->local_endpoint().port();

    asio::signal_set signals(ioc_, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (!ec) Stop(sig);
    });
    asio::co_spawn(ioc_, Accept(), asio::detached);
    if (on_listening) on_listening(port);

    std::vector<std::thread> threads;
    for (int i = 1; i < opts_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
    workers_.join();
    signin_workers_.join();
    hash_workers_.join();
    spdlog::info("server stopped");
  }

 private:
  void Stop(int sig) {
    spdlog::info("signal {}: stopping; requests in flight may finish", sig);
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_->close(ignored);
    std::lock_guard lock(conns_mu_);
    for (auto& c : conns_) {
      if (c->idle) {
        asio::post(c->executor, [c] {
          if (c->stream) c->stream->cancel();
        });
      }
    }
    if (conns_.empty()) return;
    // A hard stop for anything still running after the grace period; cancelled when the last connection ends.
    grace_timer_ = std::make_shared<asio::steady_timer>(asio::make_strand(ioc_), opts_.shutdown_grace);
    grace_timer_->async_wait([this, t = grace_timer_](const boost::system::error_code& ec) {
      if (!ec) ioc_.stop();
    });
  }

  awaitable<void> Accept() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket =
          co_await acceptor_->async_accept(asio::make_strand(ioc_), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        // Out of descriptors (EMFILE/ENFILE) the pending connection stays in the backlog and every retry
        // fails at once: retrying at once spun a core and wrote 700,000 warnings a second (found by the
        // deadline-day benchmark). Wait a little for connections to close, and say so once a second at most.
        const auto now = std::chrono::steady_clock::now();
        if (now - last_accept_warning_ >= std::chrono::seconds(1)) {
          spdlog::warn("accept: {} ({} more since the last warning)", ec.message(), accept_errors_);
          last_accept_warning_ = now;
          accept_errors_ = 0;
        } else {
          ++accept_errors_;
        }
        asio::steady_timer pause(acceptor_->get_executor(), std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
        continue;
      }
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Serve(std::move(socket)), asio::detached);
    }
  }

  template <class Body>
  void SetCommonHeaders(bhttp::response<Body>& res) {
    res.set(bhttp::field::server, "zhicheng");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "same-origin");
    res.set("Content-Security-Policy", kCsp);
  }

  awaitable<void> WriteError(beast::tcp_stream& stream, ErrorCode code, const std::string& lang,
                             unsigned version, size_t limit = 0) {
    Response r = app_.ErrorResponse(code, lang, limit);
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
    SetCommonHeaders(res);
    res.set(bhttp::field::content_type, r.content_type);
    res.set(bhttp::field::connection, "close");
    res.body() = std::move(r.body);
    res.prepare_payload();
    res.keep_alive(false);
    boost::system::error_code ec;
    stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
  }

  awaitable<void> Serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    std::string client_ip;
    {
      boost::system::error_code ec;
      auto remote = stream.socket().remote_endpoint(ec);
      if (!ec) client_ip = remote.address().to_string();
    }
    auto conn = std::make_shared<Connection>();
    conn->executor = stream.get_executor();
    conn->stream = &stream;
    std::list<std::shared_ptr<Connection>>::iterator registered;
    {
      std::lock_guard lock(conns_mu_);
      conns_.push_front(conn);
      registered = conns_.begin();
    }
    beast::flat_buffer buffer;
    try {
      co_await ServeRequests(stream, buffer, client_ip, *conn);
    } catch (const std::exception& e) {
      spdlog::warn("connection from {}: {}", client_ip, e.what());
    }
    conn->stream = nullptr;  // on this strand, so a posted cancel never touches a destroyed stream
    {
      std::lock_guard lock(conns_mu_);
      conns_.erase(registered);
      if (stopping_ && conns_.empty() && grace_timer_) {
        asio::post(grace_timer_->get_executor(), [t = grace_timer_] { t->cancel(); });
      }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (conn->linger) {
      Deadline deadline(stream, std::chrono::seconds(2));
      std::vector<char> sink(size_t{64} * 1024);
      size_t drained = 0;
      while (!deadline.Expired() && drained < (64u << 20)) {
        boost::system::error_code ec;
        const size_t n = co_await stream.socket().async_read_some(asio::buffer(sink),
                                                                  asio::redirect_error(use_awaitable, ec));
        if (ec) break;
        drained += n;
      }
    }
  }

  awaitable<void> ServeRequests(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                const std::string& client_ip, Connection& conn) {
    bool first = true;
    for (;;) {
      if (stopping_) co_return;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opts_.header_limit));
      parser.body_limit(boost::none);  // the per-route limit is applied once the path is known
      boost::system::error_code ec;
      conn.idle = true;
      // Waiting for a new request on a kept-alive connection is bounded by the idle timeout; the first
      // request's header must come within header_timeout. A half-sent header when time runs out gets 408.
      {
        Deadline deadline(stream, first ? opts_.header_timeout : opts_.idle_timeout);
        co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
        if (deadline.Expired()) ec = beast::error::timeout;
      }
      first = false;
      conn.idle = false;
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted) co_return;
      if (ec == beast::error::timeout) {
        if (parser.got_some() || buffer.size() > 0) {
          conn.linger = true;  // a slow client may still be sending: drain it so the 408 is not reset
          co_await WriteError(stream, errc::request_timeout, "", 11);
        }
        co_return;
      }
      if (ec == bhttp::error::header_limit) {
        co_await WriteError(stream, errc::headers_too_large, "", 11);
        co_return;
      }
      if (ec) {
        if (ec != asio::error::connection_reset && ec != asio::error::eof) {
          co_await WriteError(stream, errc::bad_request, "", 11);
        }
        co_return;
      }
      auto& header = parser.get();
      // A Transfer-Encoding whose last coding is not chunked leaves the body's end unknown (RFC 9112 §6.3):
      // refuse it and close, rather than read the body as the next request (request smuggling).
      if (header.find(bhttp::field::transfer_encoding) != header.end() && !parser.chunked()) {
        co_await WriteError(stream, errc::bad_request, "", header.version());
        co_return;
      }
      const std::string lang(header[bhttp::field::accept_language]);
      const std::string method(header.method_string());
      const std::string target(header.target());
      auto url = boost::urls::parse_origin_form(target);
      if (!url) {
        co_await WriteError(stream, errc::bad_request, lang, header.version());
        co_return;
      }
      const std::string path = url->path();
      const size_t limit = app_.BodyLimit(method, path);
      if (parser.content_length() && *parser.content_length() > limit) {
        conn.linger = true;
        co_await WriteError(stream, errc::payload_too_large, lang, header.version(), limit);
        co_return;
      }
      parser.body_limit(limit);
      Request request;
      request.method = method;
      request.target = target;
      request.path = path;
      for (auto param : url->params()) request.query[param.key] = param.value;
      for (const auto& field : header) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers[name] = std::string(field.value());
      }
      const bool keep_alive_requested = header.keep_alive();
      const unsigned version = header.version();
      // The temporary file of a streamed upload; removed when this request is done, unless the handler
      // moved it into the blob store.
      struct TempFile {
        std::string path;
        ~TempFile() {
          if (path.empty()) return;
          std::error_code ignored;
          std::filesystem::remove(path, ignored);
        }
      } temp;
      if (!parser.is_done()) {
        const bool stream_to_file = app_.StreamsBody(method, path);
        std::optional<bhttp::request_parser<bhttp::file_body>> file_parser;
        if (stream_to_file) {
          temp.path = (app_.UploadDir() / ("upload-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(upload_counter_.fetch_add(1))))
                          .string();
          file_parser.emplace(std::move(parser));
          file_parser->body_limit(limit);
          beast::error_code fec;
          file_parser->get().body().open(temp.path.c_str(), beast::file_mode::write, fec);
          if (fec) {
            spdlog::error("cannot create upload file {}: {}", temp.path, fec.message());
            temp.path.clear();
            co_await WriteError(stream, errc::internal_error, lang, version);
            co_return;
          }
        }
        {
          Deadline deadline(stream, opts_.body_timeout);
          if (file_parser) {
            co_await bhttp::async_read(stream, buffer, *file_parser, asio::redirect_error(use_awaitable, ec));
          } else {
            co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
          }
          if (deadline.Expired()) ec = beast::error::timeout;
        }
        if (ec == bhttp::error::body_limit) {
          conn.linger = true;
          co_await WriteError(stream, errc::payload_too_large, lang, version, limit);
          co_return;
        }
        if (ec == beast::error::timeout) {
          conn.linger = true;
          co_await WriteError(stream, errc::request_timeout, lang, version);
          co_return;
        }
        if (ec) {
          if (ec != asio::error::connection_reset && ec != asio::error::eof &&
              ec != bhttp::error::end_of_stream) {
            co_await WriteError(stream, errc::bad_request, lang, version);
          }
          co_return;
        }
        if (file_parser) {
          file_parser->get().body().file().close(ec);
          request.body_file = temp.path;
        } else {
          // NOLINTNEXTLINE(bugprone-use-after-move): parser is moved from only when file_parser is engaged.
          request.body = std::move(parser.get().body());
        }
      }
      request.client_ip = client_ip;
      if (!opts_.client_ip_header.empty()) {
        auto forwarded = request.headers.find(opts_.client_ip_header);
        if (forwarded != request.headers.end() && !forwarded->second.empty())
          request.client_ip = forwarded->second;
      }

      Response r;
      std::optional<Response> inline_response;
      try {
        inline_response = app_.HandleInline(request);
      } catch (const std::exception& e) {
        spdlog::error("{} {}: unhandled: {}", request.method, request.path, e.what());
        inline_response = app_.ErrorResponse(errc::internal_error, lang);
      }
      const PasswordWork work =
          inline_response ? PasswordWork::kNone : app_.PasswordWorkOf(request.method, request.path);
      std::atomic<size_t>& counter = work == PasswordWork::kNone ? queued_ : hash_queued_;
      const size_t max_waiting = work == PasswordWork::kNone ? opts_.max_queued : opts_.max_hash_queued;
      if (inline_response) {
        r = std::move(*inline_response);
      } else if (counter.fetch_add(1) >= max_waiting) {
        counter.fetch_sub(1);
        r = app_.ErrorResponse(work == PasswordWork::kNone ? errc::service_busy : errc::password_queue_full,
                               lang);
        r.headers.emplace_back("Retry-After", work == PasswordWork::kNone ? "5" : "2");
      } else {
        asio::thread_pool& pool = work == PasswordWork::kNone     ? workers_
                                  : work == PasswordWork::kSignIn ? signin_workers_
                                                                  : hash_workers_;
        r = co_await asio::co_spawn(
            pool,
            [&]() -> awaitable<Response> {
              Response out;
              try {
                out = app_.Handle(request);
              } catch (const std::exception& e) {
                spdlog::error("{} {}: unhandled: {}", request.method, request.path, e.what());
                out = app_.ErrorResponse(errc::internal_error, lang);
              }
              counter.fetch_sub(1);
              co_return out;
            },
            use_awaitable);
      }
      const bool keep_alive = keep_alive_requested && !stopping_;
      stream.expires_after(opts_.body_timeout);
      if (!r.file_path.empty()) {
        bhttp::response<bhttp::file_body> res{static_cast<bhttp::status>(r.status), version};
        boost::beast::error_code fec;
        res.body().open(r.file_path.c_str(), beast::file_mode::scan, fec);
        if (fec) {
          Response nf = app_.ErrorResponse(errc::not_found, lang);
          r = nf;
        } else {
          SetCommonHeaders(res);
          res.set(bhttp::field::content_type, r.content_type);
          for (auto& [k, v] : r.headers) res.set(k, v);
          res.keep_alive(keep_alive);
          res.prepare_payload();
          if (method == "HEAD") {
            bhttp::response<bhttp::empty_body> head{res.result(), res.version()};
            for (const auto& f : res) head.set(f.name_string(), f.value());
            head.content_length(res.body().size());
            co_await bhttp::async_write(stream, head, asio::redirect_error(use_awaitable, ec));
          } else {
            co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
          }
          if (ec || !keep_alive) co_return;
          continue;
        }
      }
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
      SetCommonHeaders(res);
      res.set(bhttp::field::content_type, r.content_type);
      for (auto& [k, v] : r.headers) res.insert(k, v);
      res.body() = std::move(r.body);
      res.keep_alive(keep_alive);
      res.prepare_payload();
      if (method == "HEAD") res.body().clear();
      co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      if (ec || !keep_alive) co_return;
    }
  }

  ServerOptions opts_;
  Application& app_;
  asio::io_context ioc_;
  asio::thread_pool workers_;
  asio::thread_pool signin_workers_;
  asio::thread_pool hash_workers_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::chrono::steady_clock::time_point last_accept_warning_{};
  long accept_errors_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> queued_{0};
  std::atomic<size_t> hash_queued_{0};
  std::atomic<uint64_t> upload_counter_{0};
  std::mutex conns_mu_;
  std::list<std::shared_ptr<Connection>> conns_;
  std::shared_ptr<asio::steady_timer> grace_timer_;
};

}  // namespace

void RunServer(const ServerOptions& options, Application& app,
               const std::function<void(unsigned short)>& on_listening) {
  Server server(options, app);
  server.Run(on_listening);
}

}  // namespace zc::http
