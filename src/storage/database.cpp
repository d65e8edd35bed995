#include "storage/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <charconv>
#include <stdexcept>
#include <unordered_map>

#include "storage/application_counts.hpp"

namespace zc::storage {

namespace {

// SOCI's PostgreSQL backend reads `key=value` words, not URLs: postgresql://user:pass@host:port/db?k=v
// becomes "user='user' password='pass' host='host' port='port' dbname='db' k='v'" (values quoted, ' and
// \ escaped, %XX decoded).
std::string PgConnInfo(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  auto decode = [](const std::string& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '%' && i + 2 < v.size()) {
        out += static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += v[i];
      }
    }
    return out;
  };
  auto word = [&](const std::string& key, const std::string& value) {
    if (value.empty()) return std::string();
    std::string q;
    for (char c : decode(value)) {
      if (c == '\'' || c == '\\') q += '\\';
      q += c;
    }
    return key + "='" + q + "' ";
  };
  std::string query;
  if (auto qpos = rest.find('?'); qpos != std::string::npos) {
    query = rest.substr(qpos + 1);
    rest = rest.substr(0, qpos);
  }
  std::string dbname;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    dbname = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string user, password;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    user = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = user.find(':'); colon != std::string::npos) {
      password = user.substr(colon + 1);
      user = user.substr(0, colon);
    }
  }
  std::string host = rest, port;
  if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  std::string out = word("user", user) + word("password", password) + word("host", host) +
                    word("port", port) + word("dbname", dbname);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string kv = query.substr(0, amp);
    query = amp == std::string::npos ? "" : query.substr(amp + 1);
    if (auto eq = kv.find('='); eq != std::string::npos) out += word(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace

// Query's SELECTs, prepared once per pooled connection. Parsing the SQL of every statement on every request
// was 40 % of the CPU of `GET /applications/{id}` (docs/performance.md). An entry owns the values its
// statement is bound to; a later run copies the query's values into them and executes again. On PostgreSQL
// the statement stays prepared on the server, which saves a PREPARE and a DEALLOCATE per query.
class StatementCache {
 public:
  void Rows(soci::session& sql, const Query& q, const std::string& text,
            const std::function<void(const soci::row&)>& fn);
  long long Count(soci::session& sql, const Query& q, const std::string& text);

 private:
  struct Entry {
    explicit Entry(soci::session& sql) : st(sql) {}
    soci::row row;
    long long count = 0;
    std::vector<std::string> strings;  // never resized once bound: the statement holds their addresses
    std::vector<long long> ints;
    bool busy = false;
    soci::statement st;  // last: destroyed first, while the values it is bound to still exist
  };
  // The entry for `text` with `q`'s values copied in; nullptr when it cannot be cached (in use further up
  // the stack, or the cache is full: texts with values written into them would otherwise grow it forever).
  Entry* Take(soci::session& sql, const Query& q, const std::string& text, bool count);
  template <class Fn>
  auto Run(Entry* e, const std::string& key, Fn&& fn) -> decltype(fn());
  static constexpr size_t kMaxEntries = 512;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

namespace {

// The statement's identity: its text and the names and kinds of its values, in binding order.
std::string CacheKey(const std::string& text, const std::deque<std::pair<std::string, std::string>>& strings,
                     const std::deque<std::pair<std::string, long long>>& ints) {
  std::string key = text;
  for (const auto& [name, value] : strings) (key += "\x1fs") += name;
  for (const auto& [name, value] : ints) (key += "\x1fi") += name;
  return key;
}

}  // namespace

StatementCache::Entry* StatementCache::Take(soci::session& sql, const Query& q, const std::string& text,
                                            bool count) {
  const std::string key = CacheKey(text, q.strings_, q.ints_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    Entry& e = *it->second;
    if (e.busy) return nullptr;
    for (size_t i = 0; i < q.strings_.size(); ++i) e.strings[i] = q.strings_[i].second;
    for (size_t i = 0; i < q.ints_.size(); ++i) e.ints[i] = q.ints_[i].second;
    return &e;
  }
  if (entries_.size() >= kMaxEntries) return nullptr;
  auto e = std::make_unique<Entry>(sql);
  if (count)
    e->st.exchange(soci::into(e->count));
  else
    e->st.exchange(soci::into(e->row));
  for (const auto& [name, value] : q.strings_) e->strings.push_back(value);
  for (const auto& [name, value] : q.ints_) e->ints.push_back(value);
  for (size_t i = 0; i < q.strings_.size(); ++i)
    e->st.exchange(soci::use(e->strings[i], q.strings_[i].first));
  for (size_t i = 0; i < q.ints_.size(); ++i) e->st.exchange(soci::use(e->ints[i], q.ints_[i].first));
  e->st.alloc();
  e->st.prepare(text);
  e->st.define_and_bind();
  return entries_.emplace(key, std::move(e)).first->second.get();
}

template <class Fn>
auto StatementCache::Run(Entry* e, const std::string& key, Fn&& fn) -> decltype(fn()) {
  e->busy = true;
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      e->busy = false;
    } else {
      auto out = fn();
      e->busy = false;
      return out;
    }
  } catch (...) {
    // A statement stopped half-way (a callback threw, or the database did) is not reused.
    entries_.erase(key);
    throw;
  }
}

void StatementCache::Rows(soci::session& sql, const Query& q, const std::string& text,
                          const std::function<void(const soci::row&)>& fn) {
  Entry* e = Take(sql, q, text, false);
  if (!e) {
    soci::row r;
    soci::statement st(sql);
    st.exchange(soci::into(r));
    q.BindAll(st);
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    if (st.execute(true)) {
      do {
        fn(r);
      } while (st.fetch());
    }
    return;
  }
  // Every row is fetched, so the statement ends (SQLite: its read transaction closes) before it is kept.
  Run(e, CacheKey(text, q.strings_, q.ints_), [&] {
    if (e->st.execute(true)) {
      do {
        fn(e->row);
      } while (e->st.fetch());
    }
  });
}

long long StatementCache::Count(soci::session& sql, const Query& q, const std::string& text) {
  Entry* e = Take(sql, q, text, true);
  if (!e) {
    long long total = 0;
    soci::statement st(sql);
    st.exchange(soci::into(total));
    q.BindAll(st);
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    st.execute(true);
    return total;
  }
  return Run(e, CacheKey(text, q.strings_, q.ints_), [&] {
    e->count = 0;
    e->st.execute(true);
    const long long total = e->count;
    // Step past the one row: a statement left on a row would keep SQLite's read snapshot open.
    while (e->st.fetch()) {
    }
    return total;
  });
}

Database::Database(std::string url, Backend backend, size_t size)
    : url_(std::move(url)), backend_(backend), pool_(size) {
  for (size_t i = 0; i < size; ++i) caches_.push_back(std::make_unique<StatementCache>());
}

Session::Session(Database& db) : db_(db), pos_(db.pool().lease()), sql_(&db.pool().at(pos_)) {}

Session::~Session() {
  db_.pool().give_back(pos_);
}

PendingCounts& Session::pending_counts() {
  if (!pending_counts_) pending_counts_ = std::make_unique<PendingCounts>();
  return *pending_counts_;
}

Database::~Database() = default;

std::unique_ptr<Database> Database::Open(const std::string& url, size_t pool_size) {
  if (url.rfind("sqlite:", 0) == 0) {
    const std::string path = url.substr(7);
    if (path.empty()) throw std::runtime_error("database URL sqlite: needs a file path");
    std::unique_ptr<Database> db(new Database(url, Backend::kSqlite, pool_size));
    for (size_t i = 0; i < pool_size; ++i) {
      soci::session& s = db->pool_.at(i);
      s.open(soci::sqlite3, "db=\"" + path + "\" timeout=30");
      // WAL with synchronous=FULL: a commit is durable once acknowledged, readers never block the writer.
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA synchronous=FULL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA busy_timeout=30000";
      // A page cache of 16 MB per connection instead of SQLite's 2 MB: a county's dashboard reads a few MB of
      // the counters and their indexes at 1M applications, which then stay in memory instead of being read
      // again through the file system on every request (docs/performance.md, "Scale"). Memory-mapping the
      // file did the same but counted the whole mapped database in the server's resident memory.
      s << "PRAGMA cache_size=-16384";
    }
    return db;
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    std::unique_ptr<Database> db(new Database(url, Backend::kPostgres, pool_size));
    const std::string conninfo = PgConnInfo(url);
    for (size_t i = 0; i < pool_size; ++i) db->pool_.at(i).open(soci::postgresql, conninfo);
    return db;
  }
  throw std::runtime_error("unsupported database URL (use sqlite:PATH or postgresql://…): " + url);
}

bool Database::Ping() {
  try {
    Session s(*this);
    int one = 0;
    s.sql() << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

WriteTx::WriteTx(Session& s) : s_(s) {
  s_.pending_counts().delta.clear();
  if (s_.backend() == Backend::kSqlite) {
    writer_ = std::unique_lock<std::mutex>(s_.sqlite_writer());
    s_.sql() << "BEGIN IMMEDIATE";
  } else {
    s_.sql() << "BEGIN";
  }
}

WriteTx::~WriteTx() {
  if (done_) return;
  s_.pending_counts().delta.clear();
  try {
    s_.sql() << "ROLLBACK";
  } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is gone; nothing was committed.
  }
}

void WriteTx::Commit() {
  FlushApplicationCounts(s_);
  s_.sql() << "COMMIT";
  done_ = true;
  if (writer_.owns_lock()) writer_.unlock();
}

bool IsNull(const soci::row& r, const std::string& col) {
  return r.get_indicator(col) == soci::i_null;
}

void LockRow(Session& s, const std::string& table, int64_t id) {
  if (s.backend() != Backend::kPostgres) return;
  long long v = id, got = 0;
  soci::indicator ind;
  s.sql() << "SELECT id FROM " + table + " WHERE id = :id FOR UPDATE", soci::use(v, "id"),
      soci::into(got, ind);
}

int64_t Int(const soci::row& r, const std::string& col, int64_t null_value) {
  if (IsNull(r, col)) return null_value;
  switch (r.get_properties(col).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(col);
    case soci::dt_long_long:
      return r.get<long long>(col);
    case soci::dt_unsigned_long_long:
      return static_cast<int64_t>(r.get<unsigned long long>(col));
    case soci::dt_double:
      return static_cast<int64_t>(r.get<double>(col));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(col));
    default:
      throw std::runtime_error("column " + col + " is not an integer");
  }
}

std::string Str(const soci::row& r, const std::string& col, const std::string& null_value) {
  if (IsNull(r, col)) return null_value;
  switch (r.get_properties(col).get_data_type()) {
    case soci::dt_string:
      return r.get<std::string>(col);
    case soci::dt_integer:
    case soci::dt_long_long:
      return std::to_string(Int(r, col));
    default:
      throw std::runtime_error("column " + col + " is not text");
  }
}

std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

Query& Query::Where(const std::string& clause) {
  where_ += " AND " + clause;
  return *this;
}

Query& Query::Bind(const std::string& name, std::string value) {
  strings_.emplace_back(name, std::move(value));
  return *this;
}

Query& Query::Bind(const std::string& name, long long value) {
  ints_.emplace_back(name, value);
  return *this;
}

void Query::BindAll(soci::statement& st) const {
  for (const auto& [name, value] : strings_) st.exchange(soci::use(value, name));
  for (const auto& [name, value] : ints_) st.exchange(soci::use(value, name));
}

int64_t Query::Count(Session& s, const std::string& from) const {
  return s.statements().Count(s.sql(), *this, "SELECT COUNT(*) FROM " + from + where_);
}

void Query::ForEach(Session& s, const std::string& columns, const std::string& from, const std::string& tail,
                    const std::function<void(const soci::row&)>& fn) const {
  s.statements().Rows(s.sql(), *this, "SELECT " + columns + " FROM " + from + where_ + " " + tail, fn);
}

std::string CursorText(const Cursor& c) {
  std::string out = std::to_string(c.key);
  out += '.';
  out += std::to_string(c.id);
  return out;
}

std::optional<Cursor> ParseCursor(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos || text.size() > 41) return std::nullopt;
  auto number = [](std::string_view v) -> std::optional<long long> {
    if (v.empty() || v.size() > 20) return std::nullopt;
    long long n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
    return n;
  };
  const std::string_view all(text);
  const auto key = number(all.substr(0, dot));
  const auto id = number(all.substr(dot + 1));
  if (!key || !id) return std::nullopt;
  return Cursor{*key, *id};
}

std::optional<Cursor> Query::Page(Session& s, const std::string& columns, const std::string& from,
                                  const KeyOrder& order, const PageRequest& page,
                                  const std::function<void(const soci::row&)>& fn) const {
  Query q = *this;
  const char* cmp = order.descending ? " < " : " > ";
  const char* dir = order.descending ? " DESC" : " ASC";
  if (page.after) {
    q.Where("(" + order.sort + ", " + order.id + ")" + cmp + "(:page_key, :page_id)")
        .Bind("page_key", page.after->key)
        .Bind("page_id", page.after->id);
  }
  std::string tail = "ORDER BY " + order.sort + dir;
  tail += ", ";
  tail += order.id;
  tail += dir;
  tail += " LIMIT ";
  tail += std::to_string(page.size + 1);
  int seen = 0;
  Cursor last;
  std::optional<Cursor> next;
  q.ForEach(s, columns + ", " + order.sort + " AS page_key_, " + order.id + " AS page_id_", from, tail,
            [&](const soci::row& r) {
              if (++seen > page.size) {
                next = last;
                return;
              }
              last = Cursor{Int(r, "page_key_"), Int(r, "page_id_")};
              fn(r);
            });
  return next;
}

}  // namespace zc::storage
