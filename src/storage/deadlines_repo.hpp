#pragma once
// The repository of deadline extensions (deadline_extensions: a later date for one stage of a campaign, for
// one unit or one county) and of the counts of outstanding work that a deadline reminds of. Named queries
// only; a stage's effective deadline, who may extend it and the reminders' wording live in
// workflow/archive.cpp and workflow/overview.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/applications_repo.hpp"
#include "storage/database.hpp"

namespace zc::storage {

struct DeadlineExtensionRow {
  int64_t id = 0;
  std::string stage;
  std::optional<int64_t> unit_id;
  std::string unit_name;  // joined; "" for a county's extension
  std::optional<std::string> region_code, region_name;
  std::string until_date, reason;
  int64_t created_at = 0;
  std::string created_by;  // the author's name, joined
};

struct NewDeadlineExtension {
  std::string campaign_id, stage;
  std::optional<int64_t> unit_id;
  std::optional<std::string> region_code;
  std::string until_date, reason;  // until_date: YYYY-MM-DD
  int64_t created_by = 0, created_at = 0;
};

struct DeadlineExtensionPageRows {
  std::vector<DeadlineExtensionRow> rows;
  int64_t total = 0;
  std::optional<Cursor> next;
};

class DeadlinesRepo {
 public:
  explicit DeadlinesRepo(Session& s) : s_(s) {}

  // The dates (YYYY-MM-DD) to which a campaign's stage was extended for this unit or this county (none
  // and "" match nothing).
  std::vector<std::string> ExtendedUntil(const std::string& campaign_id, const std::string& stage,
                                         std::optional<int64_t> unit_id, const std::string& region_code);
  // A campaign's extensions in id order.
  DeadlineExtensionPageRows List(const std::string& campaign_id, const PageRequest& page);
  void Insert(const NewDeadlineExtension& e);

  // The applications of a campaign in one of `states` within `scope` (workflow's scope of a person over the
  // applications, alias a): the work still to do before a deadline.
  int64_t CountPending(const ApplicationScope& scope, const std::string& campaign_id,
                       const std::vector<std::string>& states);

 private:
  Session& s_;
};

}  // namespace zc::storage
