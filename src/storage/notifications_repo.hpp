#pragma once
// The notifications aggregate: in-app messages to one user or to everyone of an audience, written in the
// caller's transaction, read by their user a page at a time, marked read. Both languages are stored; the
// reader picks one.
#include <cstdint>
#include <optional>
#include <string>
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
