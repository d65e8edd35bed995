#include "storage/pre_review_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kPublicityColumns =
    "id, campaign_id, committee_code, start_date, end_date, created_by, created_at";
constexpr const char* kObjectionColumns =
    "id, publicity_id, application_id, name, contact, content, status, resolution, created_at, resolved_at";

PreReviewPublicityRow PublicityOf(const soci::row& r) {
  return PreReviewPublicityRow{Int(r, "id"),         Str(r, "campaign_id"), Str(r, "committee_code"),
                               Str(r, "start_date"), Str(r, "end_date"),    Int(r, "created_by"),
                               Int(r, "created_at")};
}

PreReviewObjectionRow ObjectionOf(const soci::row& r) {
  return PreReviewObjectionRow{Int(r, "id"),         Int(r, "publicity_id"), Int(r, "application_id"),
                               Str(r, "name"),       Str(r, "contact"),      Str(r, "content"),
                               Str(r, "status"),     Str(r, "resolution"),   Int(r, "created_at"),
                               Int(r, "resolved_at")};
}

}  // namespace

int64_t PreReviewRepo::InsertPublicity(const PreReviewPublicityRow& p) {
  long long id = 0, by = p.created_by, at = p.created_at;
  s_.sql()
      << "INSERT INTO pre_review_publicity (campaign_id, committee_code, start_date, end_date, created_by, "
         "created_at) VALUES (:c, :m, :s, :e, :by, :at) RETURNING id",
      soci::use(p.campaign_id, "c"), soci::use(p.committee_code, "m"), soci::use(p.start_date, "s"),
      soci::use(p.end_date, "e"), soci::use(by, "by"), soci::use(at, "at"), soci::into(id);
  return id;
}

void PreReviewRepo::AddEntry(int64_t publicity_id, int64_t application_id) {
  long long p = publicity_id, a = application_id;
  s_.sql() << "INSERT INTO pre_review_entries (publicity_id, application_id) VALUES (:p, :a)",
      soci::use(p, "p"), soci::use(a, "a");
}

std::optional<PreReviewPublicityRow> PreReviewRepo::Find(int64_t id) {
  std::optional<PreReviewPublicityRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, kPublicityColumns, "pre_review_publicity", "",
               [&](const soci::row& r) { out = PublicityOf(r); });
  return out;
}

std::vector<PreReviewPublicityRow> PreReviewRepo::All() {
  std::vector<PreReviewPublicityRow> out;
  Query().ForEach(s_, kPublicityColumns, "pre_review_publicity", "ORDER BY id DESC",
                  [&](const soci::row& r) { out.push_back(PublicityOf(r)); });
  return out;
}

std::vector<PreReviewPublicityRow> PreReviewRepo::OpenOn(const std::string& day) {
  std::vector<PreReviewPublicityRow> out;
  Query()
      .Where("start_date <= :d AND end_date >= :d")
      .Bind("d", day)
      .ForEach(s_, kPublicityColumns, "pre_review_publicity", "ORDER BY id",
               [&](const soci::row& r) { out.push_back(PublicityOf(r)); });
  return out;
}

std::vector<int64_t> PreReviewRepo::Entries(int64_t publicity_id) {
  std::vector<int64_t> out;
  Query()
      .Where("publicity_id = :p")
      .Bind("p", static_cast<long long>(publicity_id))
      .ForEach(s_, "application_id", "pre_review_entries", "ORDER BY application_id",
               [&](const soci::row& r) { out.push_back(Int(r, "application_id")); });
  return out;
}

std::optional<PreReviewPublicityRow> PreReviewRepo::LatestFor(int64_t application_id) {
  std::optional<int64_t> latest;
  Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "publicity_id", "pre_review_entries", "ORDER BY publicity_id DESC LIMIT 1",
               [&](const soci::row& r) { latest = Int(r, "publicity_id"); });
  if (!latest) return std::nullopt;
  return Find(*latest);
}

std::vector<int64_t> PreReviewRepo::ApplicationsIn(const std::string& campaign_id, const std::string& state) {
  std::vector<int64_t> out;
  Query()
      .Where("campaign_id = :c AND state = :s")
      .Bind("c", campaign_id)
      .Bind("s", state)
      .ForEach(s_, "id", "applications", "ORDER BY id",
               [&](const soci::row& r) { out.push_back(Int(r, "id")); });
  return out;
}

int64_t PreReviewRepo::InsertObjection(const PreReviewObjectionRow& o, const std::string& client_ip) {
  long long id = 0, p = o.publicity_id, a = o.application_id, at = o.created_at;
  s_.sql() << "INSERT INTO pre_review_objections (publicity_id, application_id, name, contact, content, "
              "client_ip, status, created_at) VALUES (:p, :a, :n, :c, :t, :ip, 'open', :at) RETURNING id",
      soci::use(p, "p"), soci::use(a, "a"), soci::use(o.name, "n"), soci::use(o.contact, "c"),
      soci::use(o.content, "t"), soci::use(client_ip, "ip"), soci::use(at, "at"), soci::into(id);
  return id;
}

std::optional<PreReviewObjectionRow> PreReviewRepo::FindObjection(int64_t id) {
  std::optional<PreReviewObjectionRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, kObjectionColumns, "pre_review_objections", "",
               [&](const soci::row& r) { out = ObjectionOf(r); });
  return out;
}

std::vector<PreReviewObjectionRow> PreReviewRepo::Objections(int64_t publicity_id) {
  std::vector<PreReviewObjectionRow> out;
  Query()
      .Where("publicity_id = :p")
      .Bind("p", static_cast<long long>(publicity_id))
      .ForEach(s_, kObjectionColumns, "pre_review_objections", "ORDER BY id",
               [&](const soci::row& r) { out.push_back(ObjectionOf(r)); });
  return out;
}

int64_t PreReviewRepo::CountObjections(int64_t publicity_id, int64_t application_id,
                                       const std::string& status) {
  return Query()
      .Where("publicity_id = :p AND application_id = :a AND status = :s")
      .Bind("p", static_cast<long long>(publicity_id))
      .Bind("a", static_cast<long long>(application_id))
      .Bind("s", status)
      .Count(s_, "pre_review_objections");
}

void PreReviewRepo::ResolveObjection(int64_t id, const std::string& status, const std::string& resolution,
                                     int64_t by, int64_t at) {
  long long oid = id, b = by, t = at;
  s_.sql()
      << "UPDATE pre_review_objections SET status = :s, resolution = :r, resolved_by = :by, resolved_at = "
         ":at WHERE id = :id",
      soci::use(status, "s"), soci::use(resolution, "r"), soci::use(b, "by"), soci::use(t, "at"),
      soci::use(oid, "id");
}

}  // namespace zc::storage
