#pragma once
// The notifications aggregate: in-app messages to one user or to everyone of an audience, written in the
// caller's transaction, read by their user a page at a time, marked read. Both languages are stored; the
// reader picks one.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

// Who hears a notification: one user, or every active account of a unit, of a county's acceptance points,
// of a competent department, or of a role.
class Audience {
 public:
  static Audience User(int64_t user_id);
  static Audience Unit(int64_t unit_id);
  static Audience AcceptancePoints(const std::string& region_code);
  static Audience Department(int64_t department_id);
  static Audience Role(const std::string& role);

 private:
  friend void Notify(Session& s, const Audience& to, const struct NotificationText& text, int64_t now);
  enum class Kind { kUser, kUnit, kAcceptancePoints, kDepartment, kRole };
  Audience(Kind kind, std::string value) : kind_(kind), value_(std::move(value)) {}
  Kind kind_;
  std::string value_;
};

struct NotificationText {
  std::string kind;                       // e.g. "application.returned"
  std::optional<int64_t> application_id;  // the application it is about, if any
  std::string zh, en;
};

void Notify(Session& s, const Audience& to, const NotificationText& text, int64_t now);

// The people and places a lifecycle step's audience words stand for on one record (`StepRow::notify` in
// base/lifecycle.hpp). `committee_office` is the role and needs no address.
struct StepAddress {
  std::optional<int64_t> applicant;  // the applicant's (or the archive's owner's, a holder's) user id
  std::optional<int64_t> expert;     // the expert's user id (none: the expert has no account)
  std::optional<int64_t> filer;      // who filed the case
  std::optional<int64_t> unit;       // the unit's id
};
// The audience words NotifyStep can address; a unit test holds every table's words to this list, except
// the words whose messages differ per person and are sent by their step's own code (kPersonalWords).
inline constexpr const char* kStepAudienceWords[] = {"applicant", "expert", "filer", "unit",
                                                     "committee_office"};
inline constexpr const char* kPersonalWords[] = {"present_members", "reviewers"};
// Tells every audience the step's row declares, and only those: the table decides who hears of a step.
// A declared word without an address on this record (an expert without an account) is skipped; a word
// NotifyStep does not know throws std::logic_error (a table promising what no code sends).
void NotifyStep(Session& s, std::string_view notify_words, const StepAddress& to,
                const NotificationText& text, int64_t now);

struct NotificationRow {
  int64_t id = 0;
  NotificationText text;
  int64_t created_at = 0, read_at = 0;  // read_at 0: unread
};

struct NotificationPage {
  std::vector<NotificationRow> items;  // oldest first
  int64_t total = 0, unread = 0;
  std::optional<Cursor> next;
};
NotificationPage ListNotifications(Session& s, int64_t user_id, const PageRequest& page);
// Marks one of the user's notifications read (or all, without `id`); false when `id` is not theirs.
bool MarkNotificationsRead(Session& s, int64_t user_id, std::optional<int64_t> id, int64_t now);

}  // namespace zc::storage
