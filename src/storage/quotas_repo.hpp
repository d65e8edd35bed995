#pragma once
// The repository of a public institution's post-structure quotas (unit_quotas: places per title level) and
// of the places its applications hold (applications.quota_held). Named queries only; who may read or set a
// quota and when a place is taken or given back live in workflow/overview.cpp and workflow/application.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct UnitQuotaRow {
  std::string level;
  int64_t quota = 0;
};

class QuotasRepo {
 public:
  explicit QuotasRepo(Session& s) : s_(s) {}

  // The unit's quotas in level order.
  std::vector<UnitQuotaRow> ForUnit(int64_t unit_id);
  // Places the unit's applications of a level hold in a campaign.
  int64_t Held(int64_t unit_id, const std::string& level, const std::string& campaign_id);
  // Removes every quota of the unit (before the new set is written with SetUnitQuota, accounts_repo.hpp).
  void ClearUnit(int64_t unit_id);

 private:
  Session& s_;
};

}  // namespace zc::storage
