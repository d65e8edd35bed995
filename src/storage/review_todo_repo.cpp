#include "storage/review_todo_repo.hpp"

namespace zc::storage {

int64_t ReviewTodoRepo::CountSeats(int64_t expert_id, const std::string& status) {
  return Query()
      .Where("expert_id = :e AND status = :invited")
      .Bind("e", static_cast<long long>(expert_id))
      .Bind("invited", status)
      .Count(s_, "group_experts");
}

int64_t ReviewTodoRepo::CountUnreviewed(int64_t expert_id, const std::string& confirmed,
                                        const std::string& planned) {
  return Query()
      .Where(
          "ge.expert_id = :e AND ge.status = :confirmed AND NOT EXISTS (SELECT 1 FROM expert_reviews "
          "r "
          "WHERE r.application_id = ga.application_id AND r.expert_id = ge.expert_id) AND NOT EXISTS "
          "(SELECT 1 FROM meeting_candidates c JOIN meetings m ON m.id = c.meeting_id WHERE "
          "c.application_id = ga.application_id AND m.status <> :planned)")
      .Bind("e", static_cast<long long>(expert_id))
      .Bind("confirmed", confirmed)
      .Bind("planned", planned)
      .Count(s_, "group_experts ge JOIN group_applications ga ON ga.group_id = ge.group_id");
}

std::vector<VotingMeetingRow> ReviewTodoRepo::AwaitingBallot(int64_t expert_id, const std::string& voting) {
  std::vector<VotingMeetingRow> out;
  Query()
      .Where(
          "mm.expert_id = :e AND mm.present = 1 AND m.status = :voting AND NOT EXISTS (SELECT 1 FROM "
          "ballot_receipts b WHERE b.meeting_id = m.id AND b.expert_id = mm.expert_id)")
      .Bind("e", static_cast<long long>(expert_id))
      .Bind("voting", voting)
      .ForEach(s_, "m.id, m.title", "meeting_members mm JOIN meetings m ON m.id = mm.meeting_id",
               "ORDER BY m.id", [&](const soci::row& r) {
                 out.push_back({Int(r, "id"), Str(r, "title")});
               });
  return out;
}

int64_t ReviewTodoRepo::CountApplicationsInState(const std::string& state) {
  return Query().Where("state = :received").Bind("received", state).Count(s_, "applications");
}

int64_t ReviewTodoRepo::CountUngrouped(const std::string& state) {
  return Query()
      .Where(
          "a.state = :accepted AND NOT EXISTS (SELECT 1 FROM group_applications ga WHERE "
          "ga.application_id = a.id)")
      .Bind("accepted", state)
      .Count(s_, "applications a");
}

int64_t ReviewTodoRepo::CountShortGroups(const std::string& invited, const std::string& confirmed) {
  return Query()
      .Where(
          "g.size > (SELECT COUNT(*) FROM group_experts ge WHERE ge.group_id = g.id AND ge.status IN "
          "(:invited, :confirmed))")
      .Bind("invited", invited)
      .Bind("confirmed", confirmed)
      .Count(s_, "review_groups g");
}

}  // namespace zc::storage
