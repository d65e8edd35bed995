#pragma once
// The repository of certificates (证书), the checks made of them and the integrity archive (诚信档案):
// named queries only; the rules (who may see or revoke, the record's years, the lifecycle) live in
// review/results.cpp and review/lifecycles.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct CertificateRow {
  int64_t id = 0;
  std::string number, verify_code;
  int64_t application_id = 0, holder_id = 0;
  std::string name, level, specialty, committee_code, campaign_id, issued_on, status, revoked_on,
      revoke_reason;
};

struct CertificateCheckRow {
  int64_t at = 0;
  std::string checker, via;
};

struct CertificateFilter {
  std::string text;    // part of the number or the holder's name; empty: all
  std::string status;  // a certificate lifecycle code; empty: all
};

struct CertificatePageRows {
  std::vector<CertificateRow> rows;
  int64_t total = 0;
  std::optional<Cursor> next;
};

struct IntegrityRecordRow {
  int64_t id = 0;
  std::string name, id_number, kind, reason, evidence;
  std::string certificate_number, application_number;  // "" when none
  std::string start_date, end_date;                    // YYYY-MM-DD
  int64_t created_at = 0;
};

struct NewIntegrityRecord {
  std::string id_number, name, kind, reason, evidence;
  std::optional<int64_t> certificate_id, application_id;
  std::string start_date, end_date;
  int64_t created_by = 0, created_at = 0;
};

struct IntegrityPageRows {
  std::vector<IntegrityRecordRow> rows;
  int64_t total = 0;
  std::optional<Cursor> next;
};

class CertificatesRepo {
 public:
  explicit CertificatesRepo(Session& s) : s_(s) {}

  std::optional<CertificateRow> Find(int64_t id);
  // The certificate when `holder_id` holds it.
  std::optional<CertificateRow> FindHeldBy(int64_t id, int64_t holder_id);
  std::optional<CertificateRow> FindByCode(const std::string& verify_code);
  std::optional<CertificateRow> FindByNumberAndName(const std::string& number, const std::string& name);
  // A holder's certificates, newest first.
  std::vector<CertificateRow> HeldBy(int64_t holder_id);
  CertificatePageRows List(const CertificateFilter& f, const PageRequest& page);
  int64_t CountInCampaign(const std::string& campaign_id);
  int64_t Insert(const CertificateRow& c, int64_t created_at);
  void SetRevoked(int64_t id, const std::string& status, const std::string& on, const std::string& reason);
  void LockForUpdate(int64_t id);

  void AddCheck(int64_t certificate_id, const std::string& via, const std::string& checker,
                const std::string& client_ip, int64_t at);
  // The checks of a certificate, newest first.
  std::vector<CertificateCheckRow> Checks(int64_t certificate_id);

  void InsertRecord(const NewIntegrityRecord& r);
  // The integrity records, in id order; `in_force` (when set) keeps those in force on `today` (YYYY-MM-DD)
  // or those not in force.
  IntegrityPageRows Records(std::optional<bool> in_force, const std::string& today, const PageRequest& page);
  // The records of the person with this user's identity number, newest first.
  std::vector<IntegrityRecordRow> RecordsOfUser(int64_t user_id);

 private:
  Session& s_;
};

}  // namespace zc::storage
