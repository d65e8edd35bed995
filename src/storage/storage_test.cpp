#include <gtest/gtest.h>

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
  const auto page = ListAudit(*db_, AuditFilter{.actor = "admin", .page_size = 2});
  EXPECT_EQ(page.total, 5);
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.items[0].id, 5);  // newest first
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
