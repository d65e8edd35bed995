#include "storage/result_publicity_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kObjectionColumns =
    "id, publicity_id, application_id, name, contact, content, status, resolution, created_at, resolved_at";

ResultObjectionRow ObjectionOf(const soci::row& r) {
  return {.id = Int(r, "id"),
          .publicity_id = Int(r, "publicity_id"),
          .application_id = Int(r, "application_id"),
          .name = Str(r, "name"),
          .contact = Str(r, "contact"),
          .content = Str(r, "content"),
          .status = Str(r, "status"),
          .resolution = Str(r, "resolution"),
          .created_at = Int(r, "created_at"),
          .resolved_at = Int(r, "resolved_at")};
}

IdPage Ids(Session& s, const Query& q, const PageRequest& page, bool descending) {
  IdPage out;
  out.next = q.Page(s, "id", "result_publicity", {.sort = "id", .id = "id", .descending = descending}, page,
                    [&](const soci::row& r) { out.ids.push_back(Int(r, "id")); });
  out.total = q.Count(s, "result_publicity");
  return out;
}

}  // namespace

std::optional<ResultPublicityRow> ResultPublicityRepo::Find(int64_t id) {
  std::optional<ResultPublicityRow> out;
  Query()
      .Where("p.id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(
          s_, "p.id, p.meeting_id, p.start_date, p.end_date, p.confirmed_at, m.campaign_id, m.committee_code",
          "result_publicity p JOIN meetings m ON m.id = p.meeting_id", "", [&](const soci::row& r) {
            out = ResultPublicityRow{.id = Int(r, "id"),
                                     .meeting_id = Int(r, "meeting_id"),
                                     .start_date = Str(r, "start_date"),
                                     .end_date = Str(r, "end_date"),
                                     .campaign_id = Str(r, "campaign_id"),
                                     .committee_code = Str(r, "committee_code"),
                                     .confirmed_at = Int(r, "confirmed_at")};
          });
  return out;
}

bool ResultPublicityRepo::ExistsForMeeting(int64_t meeting_id) {
  return Query()
             .Where("meeting_id = :m")
             .Bind("m", static_cast<long long>(meeting_id))
             .Count(s_, "result_publicity") > 0;
}

int64_t ResultPublicityRepo::Insert(int64_t meeting_id, const std::string& start_date,
                                    const std::string& end_date, int64_t by, int64_t at) {
  long long mid = meeting_id, who = by, when = at, id = 0;
  s_.sql()
      << "INSERT INTO result_publicity (meeting_id, start_date, end_date, created_by, created_at) VALUES "
         "(:m, :s, :e, :by, :at) RETURNING id",
      soci::use(mid, "m"), soci::use(start_date, "s"), soci::use(end_date, "e"), soci::use(who, "by"),
      soci::use(when, "at"), soci::into(id);
  return id;
}

void ResultPublicityRepo::Confirm(int64_t id, int64_t by, int64_t at) {
  long long pid = id, who = by, when = at;
  s_.sql() << "UPDATE result_publicity SET confirmed_by = :by, confirmed_at = :at WHERE id = :p",
      soci::use(who, "by"), soci::use(when, "at"), soci::use(pid, "p");
}

void ResultPublicityRepo::LockForUpdate(int64_t id) {
  LockRow(s_, "result_publicity", id);
}

IdPage ResultPublicityRepo::List(const PageRequest& page) {
  return Ids(s_, Query(), page, true);
}

IdPage ResultPublicityRepo::OpenOn(const std::string& day, const PageRequest& page) {
  Query q;
  q.Where("start_date <= :t AND end_date >= :t").Bind("t", day);
  return Ids(s_, q, page, false);
}

int64_t ResultPublicityRepo::CountAwaitingConfirmation(const std::string& day) {
  return Query().Where("confirmed_at = 0 AND end_date < :t").Bind("t", day).Count(s_, "result_publicity");
}

int64_t ResultPublicityRepo::InsertObjection(const ResultObjectionRow& o, const std::string& client_ip) {
  long long pid = o.publicity_id, app = o.application_id, at = o.created_at, id = 0;
  s_.sql()
      << "INSERT INTO result_objections (publicity_id, application_id, name, contact, content, client_ip, "
         "status, created_at) VALUES (:p, :a, :n, :c, :t, :ip, :st, :at) RETURNING id",
      soci::use(o.status, "st"), soci::use(pid, "p"), soci::use(app, "a"), soci::use(o.name, "n"),
      soci::use(o.contact, "c"), soci::use(o.content, "t"), soci::use(client_ip, "ip"), soci::use(at, "at"),
      soci::into(id);
  return id;
}

std::optional<ResultObjectionRow> ResultPublicityRepo::FindObjection(int64_t id) {
  std::optional<ResultObjectionRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, kObjectionColumns, "result_objections", "",
               [&](const soci::row& r) { out = ObjectionOf(r); });
  return out;
}

void ResultPublicityRepo::LockObjection(int64_t id) {
  LockRow(s_, "result_objections", id);
}

std::vector<ResultObjectionRow> ResultPublicityRepo::Objections(int64_t publicity_id) {
  std::vector<ResultObjectionRow> out;
  Query()
      .Where("publicity_id = :p")
      .Bind("p", static_cast<long long>(publicity_id))
      .ForEach(s_, kObjectionColumns, "result_objections", "ORDER BY id",
               [&](const soci::row& r) { out.push_back(ObjectionOf(r)); });
  return out;
}

int64_t ResultPublicityRepo::CountObjections(std::optional<int64_t> publicity_id, const std::string& status) {
  Query q;
  q.Where("status = :st").Bind("st", status);
  if (publicity_id) q.Where("publicity_id = :p").Bind("p", static_cast<long long>(*publicity_id));
  return q.Count(s_, "result_objections");
}

void ResultPublicityRepo::ResolveObjection(int64_t id, const std::string& status,
                                           const std::string& resolution, int64_t by, int64_t at) {
  long long oid = id, who = by, when = at;
  s_.sql()
      << "UPDATE result_objections SET status = :s, resolution = :r, resolved_by = :by, resolved_at = :at "
         "WHERE id = :id",
      soci::use(status, "s"), soci::use(resolution, "r"), soci::use(who, "by"), soci::use(when, "at"),
      soci::use(oid, "id");
}

}  // namespace zc::storage
