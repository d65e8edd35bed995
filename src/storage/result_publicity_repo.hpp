#pragma once
// The repository of the result publicity (评审结果公示: one per closed meeting) and the public's objections
// to it. Named queries only; the rules (dates in working days, who may confirm, the lifecycle) live in
// review/results.cpp and review/lifecycles.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct ResultPublicityRow {
  int64_t id = 0, meeting_id = 0;
  std::string start_date, end_date, campaign_id, committee_code;  // the last two are the meeting's
  int64_t confirmed_at = 0;
};

struct ResultObjectionRow {
  int64_t id = 0, publicity_id = 0, application_id = 0;
  std::string name, contact, content, status, resolution;
  int64_t created_at = 0, resolved_at = 0;
};

struct IdPage {
  std::vector<int64_t> ids;
  int64_t total = 0;
  std::optional<Cursor> next;
};

class ResultPublicityRepo {
 public:
  explicit ResultPublicityRepo(Session& s) : s_(s) {}

  std::optional<ResultPublicityRow> Find(int64_t id);
  bool ExistsForMeeting(int64_t meeting_id);
  int64_t Insert(int64_t meeting_id, const std::string& start_date, const std::string& end_date, int64_t by,
                 int64_t at);
  void Confirm(int64_t id, int64_t by, int64_t at);
  void LockForUpdate(int64_t id);
  // Every publicity, newest first.
  IdPage List(const PageRequest& page);
  // Publicities whose period includes `day` (YYYY-MM-DD), oldest first.
  IdPage OpenOn(const std::string& day, const PageRequest& page);
  // Publicities over before `day` and not yet confirmed.
  int64_t CountAwaitingConfirmation(const std::string& day);

  int64_t InsertObjection(const ResultObjectionRow& o, const std::string& client_ip);
  std::optional<ResultObjectionRow> FindObjection(int64_t id);
  void LockObjection(int64_t id);
  std::vector<ResultObjectionRow> Objections(int64_t publicity_id);
  // Objections in `status`, of one publicity, or of all when `publicity_id` is none.
  int64_t CountObjections(std::optional<int64_t> publicity_id, const std::string& status);
  void ResolveObjection(int64_t id, const std::string& status, const std::string& resolution, int64_t by,
                        int64_t at);

 private:
  Session& s_;
};

}  // namespace zc::storage
