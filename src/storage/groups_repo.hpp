#pragma once
// The repository of the specialty review groups (专业评议组, review_groups): their applications
// (group_applications), their seats and invitations (group_experts), the draws that filled them (draws) and
// the experts' opinions (expert_reviews), with the application snapshot an expert reads. Named queries only;
// the rules (who may draw, the candidates and their exclusions, the invitation lifecycle) live in
// review/pool.cpp, review/draw.cpp and review/lifecycles.hpp (the status codes are passed in from there).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct GroupRow {
  int64_t id = 0;
  std::string campaign_id, committee_code, family, name;
  int size = 0;
};

struct NewGroup {
  std::string campaign_id, committee_code, family, name;
  int size = 0;
  int64_t created_by = 0, created_at = 0;
};

struct GroupIdPage {
  std::vector<int64_t> ids;
  int64_t total = 0;
  std::optional<Cursor> next;
};

// A seat of a group: the expert drawn for it and where their invitation stands.
struct SeatRow {
  int64_t expert_id = 0, draw_id = 0;
  std::string status, reason;
};

// A group an expert was drawn for, and their invitation's status.
struct ExpertSeatRow {
  int64_t group_id = 0;
  std::string status;
};

struct DrawRow {
  int64_t id = 0, group_id = 0;
  std::string seed;
  int places = 0;
  std::string candidates, excluded, picked;  // JSON arrays, as stored
  std::string reason;
  int64_t created_by = 0, created_at = 0;
};

struct ExpertReviewRow {
  int64_t expert_id = 0;
  std::string expert_name;  // filled by ReviewsOf only
  std::string recommendation, conformity, comments;
  int64_t at = 0;
};

// The group of an application and its size.
struct GroupSizeRow {
  int64_t id = 0;
  int size = 0;
};

class GroupsRepo {
 public:
  explicit GroupsRepo(Session& s) : s_(s) {}

  std::optional<GroupRow> Find(int64_t id);
  void LockForUpdate(int64_t id);
  int64_t Insert(const NewGroup& g);
  // Every group, newest first.
  GroupIdPage List(const PageRequest& page);

  // A group's applications, by id.
  std::vector<int64_t> Applications(int64_t group_id);
  void AddApplication(int64_t group_id, int64_t application_id);
  // How many groups hold the application (0 or 1).
  int64_t CountGroupsOf(int64_t application_id);
  // The group holding the application (the last row read when several).
  std::optional<GroupSizeRow> GroupOf(int64_t application_id);

  // A group's seats, by draw then expert.
  std::vector<SeatRow> Seats(int64_t group_id);
  int64_t CountSeatsInStatus(int64_t group_id, const std::string& status);
  // The status of an expert's seat in a group; none when they have no seat there.
  std::optional<std::string> SeatStatus(int64_t group_id, int64_t expert_id);
  void InsertSeat(int64_t group_id, int64_t expert_id, int64_t draw_id, const std::string& status);
  void SetSeatStatus(int64_t group_id, int64_t expert_id, const std::string& status,
                     const std::string& reason, int64_t at);
  // The seats of an expert, newest group first.
  std::vector<ExpertSeatRow> SeatsOf(int64_t expert_id);
  // The group of the application in which the expert's seat is in `status` (the last row read when several).
  std::optional<int64_t> GroupWithSeat(int64_t expert_id, int64_t application_id, const std::string& status);

  std::optional<DrawRow> FindDraw(int64_t id);
  // A group's draws, oldest first.
  std::vector<DrawRow> DrawsOf(int64_t group_id);
  int64_t InsertDraw(const DrawRow& d);

  // The opinions on an application in a group, by expert, with the expert's name.
  std::vector<ExpertReviewRow> ReviewsOf(int64_t group_id, int64_t application_id);
  // Every opinion on an application (recommendation and conformity only).
  std::vector<ExpertReviewRow> ReviewsOn(int64_t application_id);
  std::optional<ExpertReviewRow> FindReview(int64_t application_id, int64_t expert_id);
  // Replaces the expert's opinion on the application.
  void ReplaceReview(int64_t group_id, int64_t application_id, int64_t expert_id,
                     const std::string& recommendation, const std::string& conformity,
                     const std::string& comments, int64_t at);
  void DeleteReviewsOf(int64_t group_id, int64_t expert_id);
  // Opinions on the application by experts whose seat in that group is in `seat_status`.
  int64_t CountReviewsBySeatStatus(int64_t application_id, const std::string& seat_status);

 private:
  Session& s_;
};

}  // namespace zc::storage
