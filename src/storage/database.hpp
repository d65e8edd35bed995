#pragma once
// The database behind the platform: a pool of SOCI sessions over SQLite (default) or PostgreSQL, chosen by
// URL (`sqlite:PATH` or `postgresql://…`). Thread-safe: any thread may lease a session.
#include <soci/soci.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zc::storage {

enum class Backend { kSqlite, kPostgres };

class Query;
// The prepared statements of one pooled connection (database.cpp): Query's SELECTs are parsed once per
// connection and re-executed with new values, not parsed again for every request.
class StatementCache;
// The application-count changes of the open write transaction (application_counts.hpp).
struct PendingCounts;

class Database {
 public:
  // Opens `pool_size` connections. Throws std::runtime_error on a bad URL or an unreachable database.
  static std::unique_ptr<Database> Open(const std::string& url, size_t pool_size = 4);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  soci::connection_pool& pool() { return pool_; }
  const std::string& url() const { return url_; }
  // True when a trivial query answers.
  bool Ping();

 private:
  friend class Session;
  Database(std::string url, Backend backend, size_t size);
  std::string url_;
  Backend backend_;
  soci::connection_pool pool_;
  // One per pooled connection, used only by the session that leases it (so no lock).
  std::vector<std::unique_ptr<StatementCache>> caches_;
  // SQLite has one writer. Writers of this process queue here and are woken as soon as the previous one
  // commits; waiting in SQLite's busy handler instead sleeps in steps of up to 100 ms.
  std::mutex sqlite_writer_;
};

// A session leased from the pool for the lifetime of this object.
class Session {
 public:
  explicit Session(Database& db);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  soci::session& sql() { return *sql_; }
  Backend backend() const { return db_.backend(); }
  StatementCache& statements() { return *db_.caches_[pos_]; }
  std::mutex& sqlite_writer() { return db_.sqlite_writer_; }
  PendingCounts& pending_counts();  // made on first use

 private:
  Database& db_;
  size_t pos_;
  soci::session* sql_;
  std::unique_ptr<PendingCounts> pending_counts_;
};

// A write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE) so that a read-then-write
// transaction never fails half-way with SQLITE_BUSY, after waiting its turn among this process's writers;
// rolls back unless Commit() was called. Never open a second one on the same thread while one is open.
class WriteTx {
 public:
  explicit WriteTx(Session& s);
  ~WriteTx();
  WriteTx(const WriteTx&) = delete;
  WriteTx& operator=(const WriteTx&) = delete;
  void Commit();

 private:
  Session& s_;
  std::unique_lock<std::mutex> writer_;  // SQLite: held from BEGIN to COMMIT or ROLLBACK
  bool done_ = false;
};

// Serializes writers of one aggregate: on PostgreSQL it locks the row `id` of `table` (SELECT … FOR UPDATE)
// until the transaction ends, so a check-then-write (a quota, a count of places, a uniqueness check) stays
// exact under concurrency. SQLite needs nothing: a write transaction already holds the database's write lock.
void LockRow(Session& s, const std::string& table, int64_t id);

// Column access that tolerates the integer widths and NULLs of both backends.
int64_t Int(const soci::row& r, const std::string& col, int64_t null_value = 0);
std::string Str(const soci::row& r, const std::string& col, const std::string& null_value = {});
bool IsNull(const soci::row& r, const std::string& col);

// Binds a nullable integer: `NullableInt n(v, has)` then `use(n.value, n.ind, "name")`.
struct NullableInt {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  NullableInt() = default;
  explicit NullableInt(std::optional<int64_t> v) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
};

struct NullableStr {
  std::string value;
  soci::indicator ind = soci::i_null;
  NullableStr() = default;
  explicit NullableStr(std::optional<std::string> v) {
    if (v) {
      value = std::move(*v);
      ind = soci::i_ok;
    }
  }
};

// A LIKE pattern matching any text that contains `text` literally: '%', '_' and the escape character '\\'
// are escaped, for use as `column LIKE :q ESCAPE '\\'` (so "%" typed into a search box finds a percent sign
// instead of every row).
std::string LikeContains(std::string_view text);

// Keyset pagination. Every list is ordered by (sort key, id), both integers, so that a page is "the rows
// after the last one seen", which an index answers without counting the rows before it (OFFSET would).
// The cursor is that last row's two keys; clients treat its text ("<key>.<id>") as opaque.
struct Cursor {
  long long key = 0;
  long long id = 0;
};
std::string CursorText(const Cursor& c);
// Parses "<key>.<id>" (two signed 64-bit integers); nullopt when malformed.
std::optional<Cursor> ParseCursor(const std::string& text);

struct PageRequest {
  std::optional<Cursor> after;  // nullopt: the first page
  int size = 20;
};

// The order of a list: `sort` and `id` are integer expressions, never NULL (a NULL key would drop out of the
// row comparison: COALESCE it), and (sort, id) is unique.
struct KeyOrder {
  std::string sort;
  std::string id;
  bool descending = true;
};

// A query whose WHERE clause is assembled at run time (list filters). Holds the bound values so their
// addresses stay valid while SOCI uses them.
class Query {
 public:
  // Adds "AND <clause>"; the clause names its placeholders, bound with Bind().
  Query& Where(const std::string& clause);
  Query& Bind(const std::string& name, std::string value);
  Query& Bind(const std::string& name, long long value);
  std::string WhereSql() const { return where_; }
  int64_t Count(Session& s, const std::string& from) const;
  // "SELECT <columns> FROM <from> WHERE … <tail>", every row.
  void ForEach(Session& s, const std::string& columns, const std::string& from, const std::string& tail,
               const std::function<void(const soci::row&)>& fn) const;
  // One page in `order` after `page.after`: at most `page.size` rows; returns the cursor of the next page
  // (nullopt on the last page). Runs "… AND (sort, id) < (:k, :i) ORDER BY sort DESC, id DESC LIMIT size + 1"
  // (ascending: > and ASC), a range scan on an index ending in (sort, id).
  std::optional<Cursor> Page(Session& s, const std::string& columns, const std::string& from,
                             const KeyOrder& order, const PageRequest& page,
                             const std::function<void(const soci::row&)>& fn) const;

 private:
  friend class StatementCache;
  void BindAll(soci::statement& st) const;
  std::string where_ = " WHERE 1 = 1";
  std::deque<std::pair<std::string, std::string>> strings_;
  std::deque<std::pair<std::string, long long>> ints_;
};

}  // namespace zc::storage
