#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/crypto.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/audit.hpp"
#include "storage/blob_store.hpp"
#include "storage/migrations.hpp"
#include "storage/testing.hpp"

namespace zc::storage {
namespace {

class StorageTest : public ::testing::Test {
 protected:
  void Append(int n) {
    Session s(*db_);
    for (int i = 0; i < n; ++i) {
      WriteTx tx(s);
      AuditEntry e;
      e.at = 1660000000 + i;
      e.actor_id = 1;
      e.actor_login = "admin";
      e.role = "city_admin";
      e.action = "test.write";
      e.object_type = "thing";
      e.object_id = std::to_string(i);
      e.summary = "第" + std::to_string(i) + "次";
      e.client_ip = "127.0.0.1";
      AppendAudit(s, e);
      tx.Commit();
    }
  }
  TempDatabase temp_;
  Database* db_ = &temp_.db();
  const std::filesystem::path& dir_ = temp_.dir();
};

TEST_F(StorageTest, MigrationsAreRecordedAndRunOnce) {
  EXPECT_EQ(SchemaVersion(*db_), AllMigrations().back().version);
  EXPECT_EQ(Migrate(*db_), 0);
  Session s(*db_);
  std::string mode;
  s.sql() << "PRAGMA journal_mode", soci::into(mode);
  EXPECT_EQ(mode, "wal");
}

TEST_F(StorageTest, RegionsAreTheNineAcceptancePoints) {
  Session s(*db_);
  const auto regions = ListRegions(s);
  ASSERT_EQ(regions.size(), 9U);
  EXPECT_EQ(regions.front().name, "南湖区");
  EXPECT_EQ(regions.back().name, "嘉兴港区");
  EXPECT_TRUE(FindRegion(s, "330481").has_value());
  EXPECT_FALSE(FindRegion(s, "110105").has_value());
}

TEST_F(StorageTest, IntactAuditChainVerifies) {
  Append(5);
  const auto v = VerifyAudit(*db_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows, 5);
  const auto page = ListAudit(*db_, AuditFilter{.actor = "admin", .page = {.size = 2}});
  EXPECT_EQ(page.total, 5);
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.items[0].id, 5);  // newest first
}

TEST_F(StorageTest, KeysetPagesWalkTheWholeListOnce) {
  Append(7);
  // Two entries in the same second: the id breaks the tie, so no row is skipped or repeated.
  Session s(*db_);
  s.sql() << "UPDATE audit_log SET at = 1000 WHERE id IN (3, 4)";
  Query q;
  std::vector<int64_t> seen;
  std::optional<Cursor> after;
  int pages = 0;
  do {
    auto next = q.Page(s, "id", "audit_log", {.sort = "at", .id = "id"}, {.after = after, .size = 3},
                       [&](const soci::row& r) { seen.push_back(Int(r, "id")); });
    ++pages;
    if (next) {
      const auto text = CursorText(*next);
      ASSERT_TRUE(ParseCursor(text).has_value()) << text;
      after = ParseCursor(text);
    } else {
      after.reset();
    }
  } while (after);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 7U);
  std::vector<int64_t> sorted = seen;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  // Ascending order, from the oldest.
  std::vector<int64_t> up;
  after.reset();
  do {
    after = q.Page(s, "id", "audit_log", {.sort = "at", .id = "id", .descending = false},
                   {.after = after, .size = 4}, [&](const soci::row& r) { up.push_back(Int(r, "id")); });
  } while (after);
  ASSERT_EQ(up.size(), 7U);
  EXPECT_EQ(up.front(), 3);  // at = 1000, the smallest
  EXPECT_EQ(up[1], 4);

  EXPECT_FALSE(ParseCursor("").has_value());
  EXPECT_FALSE(ParseCursor("12").has_value());
  EXPECT_FALSE(ParseCursor("1.2.3").has_value());
  EXPECT_FALSE(ParseCursor("a.1").has_value());
  EXPECT_FALSE(ParseCursor("1.99999999999999999999999").has_value());
  EXPECT_EQ(ParseCursor("-5.7")->key, -5);
}

TEST_F(StorageTest, EditedRowIsFound) {
  Append(5);
  Session s(*db_);
  s.sql() << "UPDATE audit_log SET summary = 'changed' WHERE id = 3";
  const auto v = VerifyAudit(*db_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 3);
}

TEST_F(StorageTest, DeletedRowIsFound) {
  Append(5);
  Session s(*db_);
  s.sql() << "DELETE FROM audit_log WHERE id = 2";
  const auto v = VerifyAudit(*db_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 2);
}

TEST_F(StorageTest, DeletedLastRowIsFound) {
  Append(5);
  Session s(*db_);
  s.sql() << "DELETE FROM audit_log WHERE id = 5";
  const auto v = VerifyAudit(*db_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 5);
}

TEST_F(StorageTest, InsertedRowIsFound) {
  Append(3);
  Session s(*db_);
  // Shift row 3 to 4 and forge a row 3 that copies row 2's hash fields.
  s.sql() << "UPDATE audit_log SET id = 4 WHERE id = 3";
  s.sql()
      << "INSERT INTO audit_log SELECT 3, at, actor_id, actor_login, role, action, object_type, object_id, "
         "'forged', client_ip, hash, hash FROM audit_log WHERE id = 2";
  const auto v = VerifyAudit(*db_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, 3);
}

// What an insider with write access to the database can do: delete a row and recompute the whole chain,
// its head and the tree. The chain then verifies; a tree head saved before does not.
TEST_F(StorageTest, LogThatOnlyGrewIsConsistentWithAnEarlierHead) {
  Append(5);
  AuditTree saved;
  {
    Session s(*db_);
    saved = CurrentAuditTree(s);
  }
  EXPECT_EQ(saved.size, 5U);
  const auto v = VerifyAudit(*db_);
  EXPECT_EQ(v.tree.root_hash, saved.root_hash);
  Append(6);
  const auto c = CheckAuditAgainst(*db_, saved.size, saved.root_hash);
  EXPECT_TRUE(c.ok) << c.problem;
  EXPECT_EQ(c.now.size, 11U);
  EXPECT_FALSE(c.proof.empty());
  EXPECT_NE(c.now.root_hash, saved.root_hash);
}

TEST_F(StorageTest, RechainedLogPassesTheChainButNotTheSavedHead) {
  Append(6);
  AuditTree saved;
  {
    Session s(*db_);
    saved = CurrentAuditTree(s);
    // Copy the rows but the second, then append them again: a fresh, self-consistent chain and tree.
    s.sql() << "CREATE TABLE kept AS SELECT * FROM audit_log WHERE id <> 2 ORDER BY id";
    s.sql() << "DELETE FROM audit_log";
    s.sql() << "UPDATE audit_head SET last_id = 0, last_hash = '', tree_size = 0, frontier = ''";
    std::vector<AuditEntry> kept;
    soci::rowset<soci::row> all = (s.sql().prepare << "SELECT at, actor_login, role, action, object_type, "
                                                      "object_id, summary, client_ip FROM kept ORDER BY id");
    for (const soci::row& r : all)
      kept.push_back({.at = Int(r, "at"),
                      .actor_login = Str(r, "actor_login"),
                      .role = Str(r, "role"),
                      .action = Str(r, "action"),
                      .object_type = Str(r, "object_type"),
                      .object_id = Str(r, "object_id"),
                      .summary = Str(r, "summary"),
                      .client_ip = Str(r, "client_ip")});
    WriteTx tx(s);
    for (auto& e : kept) AppendAudit(s, e);
    // And one more, so that the size even matches the saved head's.
    AuditEntry extra{.at = 1, .actor_login = "x", .role = "city_admin", .action = "a", .object_type = "t"};
    AppendAudit(s, extra);
    tx.Commit();
  }
  const auto v = VerifyAudit(*db_);
  EXPECT_TRUE(v.ok) << v.problem;  // the chain alone cannot tell
  const auto c = CheckAuditAgainst(*db_, saved.size, saved.root_hash);
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.problem.find("rewritten"), std::string::npos) << c.problem;
  // A truncated log is found too.
  {
    Session s(*db_);
    s.sql() << "DELETE FROM audit_log WHERE id > 3";
    s.sql() << "UPDATE audit_head SET last_id = 3, last_hash = (SELECT hash FROM audit_log WHERE id = 3), "
               "tree_size = 0, frontier = ''";
  }
  const auto t = CheckAuditAgainst(*db_, saved.size, saved.root_hash);
  EXPECT_FALSE(t.ok);
  EXPECT_NE(t.problem.find("removed"), std::string::npos) << t.problem;
}

TEST_F(StorageTest, LogFromBeforeTheTreeCatchesUpAtItsNextAppend) {
  Append(4);
  AuditTree before;
  {
    Session s(*db_);
    before = CurrentAuditTree(s);
    s.sql() << "UPDATE audit_head SET tree_size = 0, frontier = ''";  // as migration 14 leaves it
    EXPECT_EQ(CurrentAuditTree(s).root_hash, before.root_hash);
  }
  EXPECT_TRUE(VerifyAudit(*db_).ok);
  Append(1);
  const auto v = VerifyAudit(*db_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.tree.size, 5U);
  EXPECT_TRUE(CheckAuditAgainst(*db_, before.size, before.root_hash).ok);
  {
    Session s(*db_);
    s.sql() << "UPDATE audit_head SET frontier = '" + std::string(64, '0') + "," + std::string(64, '1') + "'";
  }
  EXPECT_FALSE(VerifyAudit(*db_).ok);  // a stored edge that is not the rows' is found
}

TEST_F(StorageTest, RolledBackWriteLeavesNoAuditRow) {
  {
    Session s(*db_);
    WriteTx tx(s);
    AuditEntry e{
        .actor_login = "x", .role = "city_admin", .action = "a", .object_type = "t", .object_id = "1"};
    AppendAudit(s, e);
    // no Commit
  }
  Append(1);
  const auto v = VerifyAudit(*db_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows, 1);
}

TEST_F(StorageTest, BlobStoreIsContentAddressed) {
  BlobStore blobs(dir_ / "blobs");
  const std::string sha = blobs.Put("%PDF-1.4 hello");
  EXPECT_EQ(sha, Sha256Hex("%PDF-1.4 hello"));
  EXPECT_TRUE(blobs.Exists(sha));
  EXPECT_EQ(blobs.Put("%PDF-1.4 hello"), sha);
  EXPECT_EQ(std::filesystem::file_size(blobs.PathOf(sha)), 14U);
}

TEST_F(StorageTest, UnitsFilterByScope) {
  Session s(*db_);
  const int64_t dept = FindOrCreateDepartment(s, "嘉兴市交通运输局", 1);
  EXPECT_EQ(FindOrCreateDepartment(s, "嘉兴市交通运输局", 2), dept);
  UnitRecord a{.credit_code = "91330402MA2JX0016P",
               .name = "甲公司",
               .region_code = "330402",
               .unit_type = "enterprise",
               .contact_name = "张三",
               .mobile = "13800000000",
               .status = "letter_pending",
               .created_at = 1};
  InsertUnit(s, a);
  UnitRecord b = a;
  b.credit_code = "91350100M000100Y43";
  b.name = "乙集团";
  b.city_level = true;
  b.competent_department_id = dept;
  InsertUnit(s, b);
  EXPECT_EQ(ListUnits(s, UnitFilter{.region_code = "330402", .city_level = false}).total, 1);
  EXPECT_EQ(ListUnits(s, UnitFilter{.city_level = true}).items.at(0).competent_department_name,
            "嘉兴市交通运输局");
  EXPECT_EQ(ListUnits(s, UnitFilter{.q = "乙"}).total, 1);
  EXPECT_EQ(ListUnits(s, UnitFilter{.status = "approved"}).total, 0);
}

}  // namespace
}  // namespace zc::storage
