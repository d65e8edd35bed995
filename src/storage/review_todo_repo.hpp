#pragma once
// The counts behind the review's to-do list (待办): reads across the applications, review groups and
// meetings. Named queries only; which items a role sees and their texts live in review/results.cpp (the
// status codes are passed in from the lifecycle tables).
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct VotingMeetingRow {
  int64_t id = 0;
  std::string title;
};

class ReviewTodoRepo {
 public:
  explicit ReviewTodoRepo(Session& s) : s_(s) {}

  // The expert's group seats in `status`.
  int64_t CountSeats(int64_t expert_id, const std::string& status);
  // Applications of the groups where the expert's seat is `confirmed`, without their opinion and on no
  // meeting past `planned`.
  int64_t CountUnreviewed(int64_t expert_id, const std::string& confirmed, const std::string& planned);
  // Meetings in `voting` where the expert is present and has not voted, by id.
  std::vector<VotingMeetingRow> AwaitingBallot(int64_t expert_id, const std::string& voting);
  int64_t CountApplicationsInState(const std::string& state);
  // Applications in `state` that no review group holds.
  int64_t CountUngrouped(const std::string& state);
  // Groups with fewer seats `invited` or `confirmed` than places.
  int64_t CountShortGroups(const std::string& invited, const std::string& confirmed);

 private:
  Session& s_;
};

}  // namespace zc::storage
