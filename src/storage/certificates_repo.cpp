#include "storage/certificates_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kColumns =
    "c.id, c.number, c.verify_code, c.application_id, c.holder_id, c.name, c.level, c.specialty, "
    "c.committee_code, c.campaign_id, c.issued_on, c.status, c.revoked_on, c.revoke_reason";
constexpr const char* kFrom = "certificates c";

CertificateRow CertificateOf(const soci::row& r) {
  return CertificateRow{.id = Int(r, "id"),
                        .number = Str(r, "number"),
                        .verify_code = Str(r, "verify_code"),
                        .application_id = Int(r, "application_id"),
                        .holder_id = Int(r, "holder_id"),
                        .name = Str(r, "name"),
                        .level = Str(r, "level"),
                        .specialty = Str(r, "specialty"),
                        .committee_code = Str(r, "committee_code"),
                        .campaign_id = Str(r, "campaign_id"),
                        .issued_on = Str(r, "issued_on"),
                        .status = Str(r, "status"),
                        .revoked_on = Str(r, "revoked_on"),
                        .revoke_reason = Str(r, "revoke_reason")};
}

std::optional<CertificateRow> One(Session& s, const Query& q) {
  std::optional<CertificateRow> out;
  q.ForEach(s, kColumns, kFrom, "", [&](const soci::row& r) { out = CertificateOf(r); });
  return out;
}

constexpr const char* kRecordColumns =
    "r.id, r.name, r.id_number, r.kind, r.reason, r.evidence, c.number AS certificate_number, a.number AS "
    "application_number, r.start_date, r.end_date, r.created_at";
constexpr const char* kRecordFrom =
    "integrity_records r LEFT JOIN certificates c ON c.id = r.certificate_id LEFT JOIN applications a ON "
    "a.id = r.application_id";

}  // namespace

std::optional<CertificateRow> CertificatesRepo::Find(int64_t id) {
  return One(s_, Query().Where("c.id = :id").Bind("id", static_cast<long long>(id)));
}

std::optional<CertificateRow> CertificatesRepo::FindHeldBy(int64_t id, int64_t holder_id) {
  return One(s_, Query()
                     .Where("c.id = :id")
                     .Bind("id", static_cast<long long>(id))
                     .Where("c.holder_id = :u")
                     .Bind("u", static_cast<long long>(holder_id)));
}

std::optional<CertificateRow> CertificatesRepo::FindByCode(const std::string& verify_code) {
  return One(s_, Query().Where("c.verify_code = :v").Bind("v", verify_code));
}

std::optional<CertificateRow> CertificatesRepo::FindByNumberAndName(const std::string& number,
                                                                    const std::string& name) {
  return One(s_, Query().Where("c.number = :n AND c.name = :nm").Bind("n", number).Bind("nm", name));
}

std::vector<CertificateRow> CertificatesRepo::HeldBy(int64_t holder_id) {
  std::vector<CertificateRow> out;
  Query()
      .Where("c.holder_id = :u")
      .Bind("u", static_cast<long long>(holder_id))
      .ForEach(s_, kColumns, kFrom, "ORDER BY c.id DESC",
               [&](const soci::row& r) { out.push_back(CertificateOf(r)); });
  return out;
}

CertificatePageRows CertificatesRepo::List(const CertificateFilter& f, const PageRequest& page) {
  Query q;
  if (!f.text.empty())
    q.Where("(c.number LIKE :q ESCAPE '\\' OR c.name LIKE :q ESCAPE '\\')").Bind("q", LikeContains(f.text));
  if (!f.status.empty()) q.Where("c.status = :st").Bind("st", f.status);
  CertificatePageRows out;
  out.total = q.Count(s_, kFrom);
  out.next = q.Page(s_, kColumns, kFrom, {.sort = "c.id", .id = "c.id"}, page,
                    [&](const soci::row& r) { out.rows.push_back(CertificateOf(r)); });
  return out;
}

int64_t CertificatesRepo::CountInCampaign(const std::string& campaign_id) {
  return Query().Where("campaign_id = :c").Bind("c", campaign_id).Count(s_, "certificates");
}

int64_t CertificatesRepo::Insert(const CertificateRow& c, int64_t created_at) {
  long long app = c.application_id, holder = c.holder_id, at = created_at, id = 0;
  s_.sql()
      << "INSERT INTO certificates (number, verify_code, application_id, holder_id, name, level, "
         "specialty, committee_code, campaign_id, issued_on, status, created_at) VALUES (:n, :v, :a, :h, "
         ":nm, :l, :s, :m, :c, :i, :st, :at) RETURNING id",
      soci::use(c.number, "n"), soci::use(c.verify_code, "v"), soci::use(app, "a"), soci::use(holder, "h"),
      soci::use(c.name, "nm"), soci::use(c.level, "l"), soci::use(c.specialty, "s"),
      soci::use(c.committee_code, "m"), soci::use(c.campaign_id, "c"), soci::use(c.issued_on, "i"),
      soci::use(c.status, "st"), soci::use(at, "at"), soci::into(id);
  return id;
}

void CertificatesRepo::SetRevoked(int64_t id, const std::string& status, const std::string& on,
                                  const std::string& reason) {
  long long cid = id;
  s_.sql() << "UPDATE certificates SET status = :st, revoked_on = :d, revoke_reason = :r WHERE id = :id",
      soci::use(status, "st"), soci::use(on, "d"), soci::use(reason, "r"), soci::use(cid, "id");
}

void CertificatesRepo::LockForUpdate(int64_t id) {
  LockRow(s_, "certificates", id);
}

void CertificatesRepo::AddCheck(int64_t certificate_id, const std::string& via, const std::string& checker,
                                const std::string& client_ip, int64_t at) {
  long long cid = certificate_id, when = at;
  s_.sql() << "INSERT INTO certificate_checks (certificate_id, via, checker, client_ip, at) VALUES (:c, :v, "
              ":k, :ip, :at)",
      soci::use(cid, "c"), soci::use(via, "v"), soci::use(checker, "k"), soci::use(client_ip, "ip"),
      soci::use(when, "at");
}

std::vector<CertificateCheckRow> CertificatesRepo::Checks(int64_t certificate_id) {
  std::vector<CertificateCheckRow> out;
  Query()
      .Where("certificate_id = :c")
      .Bind("c", static_cast<long long>(certificate_id))
      .ForEach(s_, "at, checker, via", "certificate_checks", "ORDER BY id DESC", [&](const soci::row& r) {
        out.push_back({.at = Int(r, "at"), .checker = Str(r, "checker"), .via = Str(r, "via")});
      });
  return out;
}

void CertificatesRepo::InsertRecord(const NewIntegrityRecord& r) {
  NullableInt cert_id(r.certificate_id), app_id(r.application_id);
  long long by = r.created_by, at = r.created_at;
  s_.sql() << "INSERT INTO integrity_records (id_number, name, kind, reason, evidence, certificate_id, "
              "application_id, start_date, end_date, created_by, created_at) VALUES (:i, :n, :k, :r, :e, :c, "
              ":a, :s, :t, :by, :at)",
      soci::use(r.id_number, "i"), soci::use(r.name, "n"), soci::use(r.kind, "k"), soci::use(r.reason, "r"),
      soci::use(r.evidence, "e"), soci::use(cert_id.value, cert_id.ind, "c"),
      soci::use(app_id.value, app_id.ind, "a"), soci::use(r.start_date, "s"), soci::use(r.end_date, "t"),
      soci::use(by, "by"), soci::use(at, "at");
}

namespace {
IntegrityRecordRow RecordOf(const soci::row& r) {
  return {.id = Int(r, "id"),
          .name = Str(r, "name"),
          .id_number = Str(r, "id_number"),
          .kind = Str(r, "kind"),
          .reason = Str(r, "reason"),
          .evidence = Str(r, "evidence"),
          .certificate_number = Str(r, "certificate_number"),
          .application_number = Str(r, "application_number"),
          .start_date = Str(r, "start_date"),
          .end_date = Str(r, "end_date"),
          .created_at = Int(r, "created_at")};
}
}  // namespace

std::vector<IntegrityRecordRow> CertificatesRepo::RecordsOfUser(int64_t user_id) {
  std::vector<IntegrityRecordRow> out;
  Query()
      .Where("r.id_number = (SELECT id_number FROM users WHERE id = :u)")
      .Bind("u", static_cast<long long>(user_id))
      .ForEach(s_, kRecordColumns, kRecordFrom, "ORDER BY r.id DESC",
               [&](const soci::row& r) { out.push_back(RecordOf(r)); });
  return out;
}

IntegrityPageRows CertificatesRepo::Records(std::optional<bool> in_force, const std::string& today,
                                            const PageRequest& page) {
  Query q;
  // Dates are stored as YYYY-MM-DD, so text order is date order.
  if (in_force && *in_force) q.Where("r.start_date <= :today AND r.end_date > :today").Bind("today", today);
  if (in_force && !*in_force)
    q.Where("NOT (r.start_date <= :today AND r.end_date > :today)").Bind("today", today);
  IntegrityPageRows out;
  out.total = q.Count(s_, kRecordFrom);
  out.next = q.Page(s_, kRecordColumns, kRecordFrom, {.sort = "r.id", .id = "r.id"}, page,
                    [&](const soci::row& r) { out.rows.push_back(RecordOf(r)); });
  return out;
}

}  // namespace zc::storage
