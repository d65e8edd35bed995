#include "storage/cases_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kColumns =
    "k.id, k.kind, k.application_id, a.number AS application_number, k.filed_by, u.name AS filed_by_name, "
    "k.subject, k.content, k.status, k.outcome, k.outcome_text, k.created_at, k.closed_at";
constexpr const char* kFrom =
    "review_cases k JOIN users u ON u.id = k.filed_by LEFT JOIN applications a ON a.id = k.application_id";

CaseRow CaseOf(const soci::row& r) {
  CaseRow c{.id = Int(r, "id"),
            .kind = Str(r, "kind"),
            .application_id = std::nullopt,
            .application_number = Str(r, "application_number"),
            .filed_by = Int(r, "filed_by"),
            .filed_by_name = Str(r, "filed_by_name"),
            .subject = Str(r, "subject"),
            .content = Str(r, "content"),
            .status = Str(r, "status"),
            .outcome = std::nullopt,
            .outcome_text = Str(r, "outcome_text"),
            .created_at = Int(r, "created_at"),
            .closed_at = Int(r, "closed_at")};
  if (!IsNull(r, "application_id")) c.application_id = Int(r, "application_id");
  if (!IsNull(r, "outcome")) c.outcome = Str(r, "outcome");
  return c;
}

}  // namespace

int64_t CasesRepo::Insert(const std::string& kind, std::optional<int64_t> application_id, int64_t filed_by,
                          const std::string& subject, const std::string& content, const std::string& status,
                          int64_t created_at) {
  NullableInt app(application_id);
  long long by = filed_by, at = created_at, id = 0;
  s_.sql()
      << "INSERT INTO review_cases (kind, application_id, filed_by, subject, content, status, created_at) "
         "VALUES (:k, :a, :by, :s, :c, :st, :at) RETURNING id",
      soci::use(status, "st"), soci::use(kind, "k"), soci::use(app.value, app.ind, "a"), soci::use(by, "by"),
      soci::use(subject, "s"), soci::use(content, "c"), soci::use(at, "at"), soci::into(id);
  return id;
}

std::optional<CaseRow> CasesRepo::Find(int64_t id) {
  std::optional<CaseRow> out;
  Query()
      .Where("k.id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, kColumns, kFrom, "", [&](const soci::row& r) { out = CaseOf(r); });
  return out;
}

CasePageRows CasesRepo::List(const CaseFilter& f, const PageRequest& page) {
  Query q;
  if (f.filed_by) q.Where("k.filed_by = :u").Bind("u", static_cast<long long>(*f.filed_by));
  if (!f.status.empty()) q.Where("k.status = :st").Bind("st", f.status);
  if (!f.kind.empty()) q.Where("k.kind = :kd").Bind("kd", f.kind);
  CasePageRows out;
  out.total = q.Count(s_, kFrom);
  out.next = q.Page(s_, kColumns, kFrom, {.sort = "k.id", .id = "k.id"}, page,
                    [&](const soci::row& r) { out.rows.push_back(CaseOf(r)); });
  return out;
}

int64_t CasesRepo::CountInStatus(const std::string& status) {
  return Query().Where("status = :st").Bind("st", status).Count(s_, "review_cases");
}

void CasesRepo::Close(int64_t id, const std::string& status, const std::string& outcome,
                      const std::string& text, int64_t by, int64_t at) {
  long long cid = id, who = by, when = at;
  s_.sql() << "UPDATE review_cases SET status = :st, outcome = :o, outcome_text = :t, handled_by = :by, "
              "closed_at = :at WHERE id = :id",
      soci::use(status, "st"), soci::use(outcome, "o"), soci::use(text, "t"), soci::use(who, "by"),
      soci::use(when, "at"), soci::use(cid, "id");
}

void CasesRepo::LockForUpdate(int64_t id) {
  LockRow(s_, "review_cases", id);
}

}  // namespace zc::storage
