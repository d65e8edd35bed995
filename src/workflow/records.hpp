#pragma once
// What the other domain modules (review) read of the workflow's records inside their own transactions: the
// application row and its data-scope check, and a user's display name (the audit trail is accounts::Audit).
// The rest of the workflow's helpers are internal (workflow/internal.hpp) and cannot be included from
// another module (scripts/check-boundaries.mjs).
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "accounts/accounts.hpp"
#include "base/contract.hpp"
#include "storage/database.hpp"
#include "workflow/state_machine.hpp"

namespace zc::workflow {

struct AppRow {
  int64_t id = 0;
  std::string number, campaign_id;
  int64_t applicant_id = 0, unit_id = 0;
  std::string region_code;
  bool city_level = false;
  std::optional<int64_t> department_id;
  std::string level, specialty;
  State state = State::kDraft;
  int64_t version = 0;
  int resubmissions = 0;
  int64_t pledged_at = 0;
  int snapshot_version = 0;
  int64_t submitted_at = 0;
  std::string publicity_start, publicity_end, opinion;
  bool quota_held = false;
  int64_t created_at = 0, updated_at = 0;
};

// Loads one application; on PostgreSQL inside a write transaction the row is locked (`for_update`).
std::optional<AppRow> LoadApp(storage::Session& s, int64_t id, bool for_update = false);
// May this person see the application at all (data scope)? Out of scope reads as not found.
bool CanSee(const accounts::Principal& p, const AppRow& a);
// The account's display name, or empty.
std::string UserName(storage::Session& s, int64_t user_id);
// A time as the API shows it (ISO 8601 in Shanghai), or null for 0.
boost::json::value TimeJson(int64_t unix_seconds);
// The same for the typed views (views.hpp): the time, or null for 0; as text, empty for 0.
contract::Nullable<std::string> TimeOrNull(int64_t unix_seconds);
std::string TimeText(int64_t unix_seconds);
// A list's next_cursor: the cursor of the next page, or null on the last.
contract::Nullable<std::string> NextCursor(const std::optional<storage::Cursor>& next);

}  // namespace zc::workflow
