#include "storage/groups_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kDrawColumns =
    "id, group_id, seed, places, candidates, excluded, picked, reason, "
    "created_by, created_at";

DrawRow DrawOf(const soci::row& r) {
  return {.id = Int(r, "id"),
          .group_id = Int(r, "group_id"),
          .seed = Str(r, "seed"),
          .places = static_cast<int>(Int(r, "places")),
          .candidates = Str(r, "candidates"),
          .excluded = Str(r, "excluded"),
          .picked = Str(r, "picked"),
          .reason = Str(r, "reason"),
          .created_by = Int(r, "created_by"),
          .created_at = Int(r, "created_at")};
}

}  // namespace

std::optional<GroupRow> GroupsRepo::Find(int64_t id) {
  std::optional<GroupRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, "id, campaign_id, committee_code, family, name, size", "review_groups", "",
               [&](const soci::row& r) {
                 out = GroupRow{Int(r, "id"),     Str(r, "campaign_id"), Str(r, "committee_code"),
                                Str(r, "family"), Str(r, "name"),        static_cast<int>(Int(r, "size"))};
               });
  return out;
}

void GroupsRepo::LockForUpdate(int64_t id) {
  LockRow(s_, "review_groups", id);
}

int64_t GroupsRepo::Insert(const NewGroup& g) {
  long long by = g.created_by, at = g.created_at, gid = 0;
  int sz = g.size;
  s_.sql() << "INSERT INTO review_groups (campaign_id, committee_code, family, name, size, created_by, "
              "created_at) VALUES (:c, :m, :f, :n, :s, :by, :at) RETURNING id",
      soci::use(g.campaign_id, "c"), soci::use(g.committee_code, "m"), soci::use(g.family, "f"),
      soci::use(g.name, "n"), soci::use(sz, "s"), soci::use(by, "by"), soci::use(at, "at"), soci::into(gid);
  return gid;
}

GroupIdPage GroupsRepo::List(const PageRequest& page) {
  const Query q;
  GroupIdPage out;
  out.next = q.Page(s_, "id", "review_groups", {.sort = "id", .id = "id"}, page,
                    [&](const soci::row& r) { out.ids.push_back(Int(r, "id")); });
  out.total = q.Count(s_, "review_groups");
  return out;
}

std::vector<int64_t> GroupsRepo::Applications(int64_t group_id) {
  std::vector<int64_t> out;
  Query()
      .Where("group_id = :g")
      .Bind("g", static_cast<long long>(group_id))
      .ForEach(s_, "application_id", "group_applications", "ORDER BY application_id",
               [&](const soci::row& r) { out.push_back(Int(r, "application_id")); });
  return out;
}

void GroupsRepo::AddApplication(int64_t group_id, int64_t application_id) {
  long long gid = group_id, app = application_id;
  s_.sql() << "INSERT INTO group_applications (group_id, application_id) VALUES (:g, :a)",
      soci::use(gid, "g"), soci::use(app, "a");
}

int64_t GroupsRepo::CountGroupsOf(int64_t application_id) {
  return Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .Count(s_, "group_applications");
}

std::optional<GroupSizeRow> GroupsRepo::GroupOf(int64_t application_id) {
  std::optional<GroupSizeRow> out;
  Query()
      .Where("ga.application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "g.id, g.size", "group_applications ga JOIN review_groups g ON g.id = ga.group_id", "",
               [&](const soci::row& r) {
                 out = GroupSizeRow{Int(r, "id"), static_cast<int>(Int(r, "size"))};
               });
  return out;
}

std::vector<SeatRow> GroupsRepo::Seats(int64_t group_id) {
  std::vector<SeatRow> out;
  Query()
      .Where("group_id = :g")
      .Bind("g", static_cast<long long>(group_id))
      .ForEach(s_, "expert_id, draw_id, status, reason", "group_experts", "ORDER BY draw_id, expert_id",
               [&](const soci::row& r) {
                 out.push_back({Int(r, "expert_id"), Int(r, "draw_id"), Str(r, "status"), Str(r, "reason")});
               });
  return out;
}

int64_t GroupsRepo::CountSeatsInStatus(int64_t group_id, const std::string& status) {
  return Query()
      .Where("group_id = :g AND status = :st")
      .Bind("g", static_cast<long long>(group_id))
      .Bind("st", status)
      .Count(s_, "group_experts");
}

std::optional<std::string> GroupsRepo::SeatStatus(int64_t group_id, int64_t expert_id) {
  std::optional<std::string> out;
  Query()
      .Where("group_id = :g AND expert_id = :e")
      .Bind("g", static_cast<long long>(group_id))
      .Bind("e", static_cast<long long>(expert_id))
      .ForEach(s_, "status", "group_experts", "", [&](const soci::row& r) { out = Str(r, "status"); });
  return out;
}

void GroupsRepo::InsertSeat(int64_t group_id, int64_t expert_id, int64_t draw_id, const std::string& status) {
  long long g = group_id, e = expert_id, d = draw_id;
  s_.sql() << "INSERT INTO group_experts (group_id, expert_id, draw_id, status) VALUES (:g, :e, :d, :st)",
      soci::use(g, "g"), soci::use(e, "e"), soci::use(d, "d"), soci::use(status, "st");
}

void GroupsRepo::SetSeatStatus(int64_t group_id, int64_t expert_id, const std::string& status,
                               const std::string& reason, int64_t at) {
  long long when = at, g = group_id, e = expert_id;
  s_.sql() << "UPDATE group_experts SET status = :st, reason = :r, responded_at = :at WHERE group_id = :g "
              "AND expert_id = :e",
      soci::use(status, "st"), soci::use(reason, "r"), soci::use(when, "at"), soci::use(g, "g"),
      soci::use(e, "e");
}

std::vector<ExpertSeatRow> GroupsRepo::SeatsOf(int64_t expert_id) {
  std::vector<ExpertSeatRow> out;
  Query()
      .Where("expert_id = :e")
      .Bind("e", static_cast<long long>(expert_id))
      .ForEach(s_, "group_id, status", "group_experts", "ORDER BY group_id DESC", [&](const soci::row& r) {
        out.push_back({Int(r, "group_id"), Str(r, "status")});
      });
  return out;
}

std::optional<int64_t> GroupsRepo::GroupWithSeat(int64_t expert_id, int64_t application_id,
                                                 const std::string& status) {
  std::optional<int64_t> out;
  Query()
      .Where("ga.application_id = :a AND ge.expert_id = :e AND ge.status = :st")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("e", static_cast<long long>(expert_id))
      .Bind("st", status)
      .ForEach(s_, "ga.group_id", "group_applications ga JOIN group_experts ge ON ge.group_id = ga.group_id",
               "", [&](const soci::row& r) { out = Int(r, "group_id"); });
  return out;
}

std::optional<DrawRow> GroupsRepo::FindDraw(int64_t id) {
  std::optional<DrawRow> out;
  Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s_, kDrawColumns, "draws", "", [&](const soci::row& r) { out = DrawOf(r); });
  return out;
}

std::vector<DrawRow> GroupsRepo::DrawsOf(int64_t group_id) {
  std::vector<DrawRow> out;
  Query()
      .Where("group_id = :g")
      .Bind("g", static_cast<long long>(group_id))
      .ForEach(s_, kDrawColumns, "draws", "ORDER BY id",
               [&](const soci::row& r) { out.push_back(DrawOf(r)); });
  return out;
}

int64_t GroupsRepo::InsertDraw(const DrawRow& d) {
  long long gid = d.group_id, by = d.created_by, at = d.created_at, draw_id = 0;
  int places = d.places;
  s_.sql() << "INSERT INTO draws (group_id, seed, places, candidates, excluded, picked, reason, created_by, "
              "created_at) VALUES (:g, :seed, :p, :c, :x, :pk, :r, :by, :at) RETURNING id",
      soci::use(gid, "g"), soci::use(d.seed, "seed"), soci::use(places, "p"), soci::use(d.candidates, "c"),
      soci::use(d.excluded, "x"), soci::use(d.picked, "pk"), soci::use(d.reason, "r"), soci::use(by, "by"),
      soci::use(at, "at"), soci::into(draw_id);
  return draw_id;
}

std::vector<ExpertReviewRow> GroupsRepo::ReviewsOf(int64_t group_id, int64_t application_id) {
  std::vector<ExpertReviewRow> out;
  Query()
      .Where("r.group_id = :g AND r.application_id = :a")
      .Bind("g", static_cast<long long>(group_id))
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "r.expert_id, e.name, r.recommendation, r.conformity, r.comments, r.at",
               "expert_reviews r JOIN experts e ON e.id = r.expert_id", "ORDER BY r.expert_id",
               [&](const soci::row& r) {
                 out.push_back({.expert_id = Int(r, "expert_id"),
                                .expert_name = Str(r, "name"),
                                .recommendation = Str(r, "recommendation"),
                                .conformity = Str(r, "conformity"),
                                .comments = Str(r, "comments"),
                                .at = Int(r, "at")});
               });
  return out;
}

std::vector<ExpertReviewRow> GroupsRepo::ReviewsOn(int64_t application_id) {
  std::vector<ExpertReviewRow> out;
  Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "recommendation, conformity", "expert_reviews", "", [&](const soci::row& r) {
        out.push_back({.expert_id = 0,
                       .expert_name = {},
                       .recommendation = Str(r, "recommendation"),
                       .conformity = Str(r, "conformity"),
                       .comments = {},
                       .at = 0});
      });
  return out;
}

std::optional<ExpertReviewRow> GroupsRepo::FindReview(int64_t application_id, int64_t expert_id) {
  std::optional<ExpertReviewRow> out;
  Query()
      .Where("application_id = :a AND expert_id = :e")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("e", static_cast<long long>(expert_id))
      .ForEach(s_, "recommendation, conformity, comments, at", "expert_reviews", "", [&](const soci::row& r) {
        out = ExpertReviewRow{.expert_id = expert_id,
                              .expert_name = {},
                              .recommendation = Str(r, "recommendation"),
                              .conformity = Str(r, "conformity"),
                              .comments = Str(r, "comments"),
                              .at = Int(r, "at")};
      });
  return out;
}

void GroupsRepo::ReplaceReview(int64_t group_id, int64_t application_id, int64_t expert_id,
                               const std::string& recommendation, const std::string& conformity,
                               const std::string& comments, int64_t at) {
  long long g = group_id, a = application_id, e = expert_id, when = at;
  s_.sql() << "DELETE FROM expert_reviews WHERE application_id = :a AND expert_id = :e", soci::use(a, "a"),
      soci::use(e, "e");
  s_.sql() << "INSERT INTO expert_reviews (group_id, application_id, expert_id, recommendation, conformity, "
              "comments, at) VALUES (:g, :a, :e, :r, :c, :t, :at)",
      soci::use(g, "g"), soci::use(a, "a"), soci::use(e, "e"), soci::use(recommendation, "r"),
      soci::use(conformity, "c"), soci::use(comments, "t"), soci::use(when, "at");
}

void GroupsRepo::DeleteReviewsOf(int64_t group_id, int64_t expert_id) {
  long long g = group_id, e = expert_id;
  s_.sql() << "DELETE FROM expert_reviews WHERE group_id = :g AND expert_id = :e", soci::use(g, "g"),
      soci::use(e, "e");
}

int64_t GroupsRepo::CountReviewsBySeatStatus(int64_t application_id, const std::string& seat_status) {
  return Query()
      .Where("r.application_id = :a AND ge.status = :st")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("st", seat_status)
      .Count(s_,
             "expert_reviews r JOIN group_experts ge ON ge.group_id = r.group_id "
             "AND ge.expert_id = r.expert_id");
}

}  // namespace zc::storage
