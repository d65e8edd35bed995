#pragma once
// The repository of the committee office's pre-review publicity (评前公示, docs/review.md): publicities per
// committee, the candidates each covers, and the public's objections. Named queries only; the rules live in
// review/pre_review.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct PreReviewPublicityRow {
  int64_t id = 0;
  std::string campaign_id, committee_code, start_date, end_date;
  int64_t created_by = 0, created_at = 0;
};

struct PreReviewObjectionRow {
  int64_t id = 0, publicity_id = 0, application_id = 0;
  std::string name, contact, content, status, resolution;
  int64_t created_at = 0, resolved_at = 0;
};

class PreReviewRepo {
 public:
  explicit PreReviewRepo(Session& s) : s_(s) {}

  int64_t InsertPublicity(const PreReviewPublicityRow& p);
  void AddEntry(int64_t publicity_id, int64_t application_id);
  std::optional<PreReviewPublicityRow> Find(int64_t id);
  // Every publicity, newest first (a committee publishes a handful a year).
  std::vector<PreReviewPublicityRow> All();
  // Publicities whose period includes `day` (YYYY-MM-DD), oldest first.
  std::vector<PreReviewPublicityRow> OpenOn(const std::string& day);
  // The applications a publicity covers, in id order.
  std::vector<int64_t> Entries(int64_t publicity_id);
  // The latest publicity that covers the application.
  std::optional<PreReviewPublicityRow> LatestFor(int64_t application_id);
  // Applications of the campaign in `state` (the state's code), in id order: the candidates to publish.
  std::vector<int64_t> ApplicationsIn(const std::string& campaign_id, const std::string& state);

  int64_t InsertObjection(const PreReviewObjectionRow& o, const std::string& client_ip);
  std::optional<PreReviewObjectionRow> FindObjection(int64_t id);
  std::vector<PreReviewObjectionRow> Objections(int64_t publicity_id);
  // Objections to one candidate in one publicity with this status.
  int64_t CountObjections(int64_t publicity_id, int64_t application_id, const std::string& status);
  void ResolveObjection(int64_t id, const std::string& status, const std::string& resolution, int64_t by,
                        int64_t at);

 private:
  Session& s_;
};

}  // namespace zc::storage
