#pragma once
// Shared by the review's source files only.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "review/review.hpp"
#include "storage/accounts_repo.hpp"
#include "storage/database.hpp"
#include "storage/experts_repo.hpp"
#include "storage/notifications_repo.hpp"
#include "workflow/records.hpp"

namespace zc::review::detail {

using accounts::Audit;
using storage::Session;
using workflow::AppRow;
using workflow::LoadApp;
using workflow::TimeJson;
using workflow::UserName;

struct Expert {
  int64_t id = 0;
  std::optional<int64_t> user_id;
  std::string login, name, id_number;
  std::vector<std::string> families;
  std::string title, unit_name, unit_credit_code, term_start, term_end;
  json::array relations;  // [{name, id_number, relation}]
  bool active = true;
};

// An expert as stored (storage/experts_repo.hpp), with its JSON columns read.
Expert ExpertFrom(const storage::ExpertRow& r);
// Every expert, ordered by id.
std::vector<Expert> LoadExperts(Session& s);
std::optional<Expert> LoadExpert(Session& s, int64_t id);
// The pool entry of a signed-in expert.
std::optional<Expert> ExpertOf(Session& s, const Principal& p);
views::Expert ExpertView(const campaign::Campaign& c, const Expert& e, const Date& today);
bool InTerm(const Expert& e, const Date& day);

// The people and unit behind an application, as conflicts of interest need them.
struct Party {
  std::string applicant_name, applicant_id_number, unit_name, unit_credit_code;
};
Party PartyOf(Session& s, const AppRow& a);
// Conflict codes (same_unit, declared_relation, own_application) of an expert with an application.
std::vector<std::string> Conflicts(const Expert& e, const Party& party);

// What every review list shows of an application: the applicant, the unit, names in the campaign and the
// state's code.
struct AppSummary {
  std::string name, unit_name, level_name, specialty_name, family, state;
};
AppSummary AppBrief(Session& s, const campaign::Campaign& c, const AppRow& a);
// A text member of a JSON object; empty when it is not a string.
inline std::string Text(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

const campaign::Campaign& CampaignById(const std::vector<campaign::Campaign>& all, const std::string& id);
std::string ToJsonText(const json::value& v);
json::array ParseArray(const std::string& text);
bool IsOffice(const Principal& p);  // committee office or city admin
// A phone number (7–20 digits) or an e-mail address: how an objector can be reached.
bool ValidContact(const std::string& c);

// What the reader may do to a record now (HotCRP's perm_* style): the steps its lifecycle table offers the
// reader's role from `state`, each either allowed or, when `blocked_by(action)` names a reason, listed as
// unavailable with the code and message the action itself would answer with.
template <class S, std::size_t NS, std::size_t NT, class BlockedBy>
void OfferActions(const TypedLifecycle<S, NS, NT>& table, S state, const Principal& reader,
                  BlockedBy&& blocked_by, std::vector<std::string>& allowed,
                  std::vector<views::UnavailableAction>& unavailable) {
  for (const auto& action : table.Allowed(state, accounts::RoleName(reader.role))) {
    if (const std::optional<ErrorCode> why = blocked_by(std::string_view(action)))
      unavailable.push_back({.action = action,
                             .code = std::string(Name(*why)),
                             .message = std::string(Message(*why, reader.lang))});
    else
      allowed.push_back(action);
  }
}
// The same for a record whose steps have no guard beyond the state and the role.
template <class S, std::size_t NS, std::size_t NT>
void OfferActions(const TypedLifecycle<S, NS, NT>& table, S state, const Principal& reader,
                  std::vector<std::string>& allowed, std::vector<views::UnavailableAction>& unavailable) {
  OfferActions(
      table, state, reader, [](std::string_view) { return std::optional<ErrorCode>(); }, allowed,
      unavailable);
}

}  // namespace zc::review::detail

namespace zc::review {
// The encrypted ballot boxes recomputed from their public data (meetings.cpp); for CheckInvariants.
std::vector<std::string> CheckMeetingBallots(storage::Session& s,
                                             const std::vector<campaign::Campaign>* campaigns);
}  // namespace zc::review
