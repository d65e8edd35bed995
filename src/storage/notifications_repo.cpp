#include "storage/notifications_repo.hpp"

#include <stdexcept>

#include "base/lifecycle.hpp"

namespace zc::storage {

Audience Audience::User(int64_t user_id) {
  return {Kind::kUser, std::to_string(user_id)};
}
Audience Audience::Unit(int64_t unit_id) {
  return {Kind::kUnit, std::to_string(unit_id)};
}
Audience Audience::AcceptancePoints(const std::string& region_code) {
  return {Kind::kAcceptancePoints, region_code};
}
Audience Audience::Department(int64_t department_id) {
  return {Kind::kDepartment, std::to_string(department_id)};
}
Audience Audience::Role(const std::string& role) {
  return {Kind::kRole, role};
}

namespace {
void Insert(Session& s, int64_t user_id, const NotificationText& t, int64_t now) {
  long long user = user_id;
  long long at = now;
  NullableInt app(t.application_id);
  s.sql() << "INSERT INTO notifications (user_id, kind, application_id, text_zh, text_en, created_at) "
             "VALUES (:user, :kind, :app, :zh, :en, :at)",
      soci::use(user, "user"), soci::use(t.kind, "kind"), soci::use(app.value, app.ind, "app"),
      soci::use(t.zh, "zh"), soci::use(t.en, "en"), soci::use(at, "at");
}
}  // namespace

void Notify(Session& s, const Audience& to, const NotificationText& text, int64_t now) {
  if (to.kind_ == Audience::Kind::kUser) {
    Insert(s, std::stoll(to.value_), text, now);
    return;
  }
  Query q;
  q.Where("active = 1");
  switch (to.kind_) {
    case Audience::Kind::kUnit:
      q.Where("unit_id = :v").Bind("v", std::stoll(to.value_));
      break;
    case Audience::Kind::kAcceptancePoints:
      q.Where("role = 'acceptance_point' AND region_code = :v").Bind("v", to.value_);
      break;
    case Audience::Kind::kDepartment:
      q.Where("role = 'competent_department' AND department_id = :v").Bind("v", std::stoll(to.value_));
      break;
    case Audience::Kind::kRole:
      q.Where("role = :v").Bind("v", to.value_);
      break;
    case Audience::Kind::kUser:
      break;
  }
  std::vector<int64_t> users;
  q.ForEach(s, "id", "users", "ORDER BY id", [&](const soci::row& r) { users.push_back(Int(r, "id")); });
  for (int64_t u : users) Insert(s, u, text, now);
}

NotificationPage ListNotifications(Session& s, int64_t user_id, const PageRequest& page) {
  NotificationPage out;
  Query q;
  q.Where("user_id = :u").Bind("u", static_cast<long long>(user_id));
  out.total = q.Count(s, "notifications");
  Query unread;
  unread.Where("user_id = :u AND read_at = 0").Bind("u", static_cast<long long>(user_id));
  out.unread = unread.Count(s, "notifications");
  out.next = q.Page(s, "id, kind, application_id, text_zh, text_en, created_at, read_at", "notifications",
                    {.sort = "id", .id = "id"}, page, [&](const soci::row& r) {
                      NotificationRow n;
                      n.id = Int(r, "id");
                      n.text.kind = Str(r, "kind");
                      if (!IsNull(r, "application_id")) n.text.application_id = Int(r, "application_id");
                      n.text.zh = Str(r, "text_zh");
                      n.text.en = Str(r, "text_en");
                      n.created_at = Int(r, "created_at");
                      n.read_at = Int(r, "read_at");
                      out.items.push_back(std::move(n));
                    });
  return out;
}

bool MarkNotificationsRead(Session& s, int64_t user_id, std::optional<int64_t> id, int64_t now) {
  long long u = user_id;
  long long at = now;
  if (id) {
    long long nid = *id;
    if (Query().Where("id = :i AND user_id = :u").Bind("i", nid).Bind("u", u).Count(s, "notifications") == 0)
      return false;
    s.sql() << "UPDATE notifications SET read_at = :at WHERE id = :i AND user_id = :u AND read_at = 0",
        soci::use(at, "at"), soci::use(nid, "i"), soci::use(u, "u");
  } else {
    s.sql() << "UPDATE notifications SET read_at = :at WHERE user_id = :u AND read_at = 0",
        soci::use(at, "at"), soci::use(u, "u");
  }
  return true;
}

void NotifyStep(Session& s, std::string_view notify_words, const StepAddress& to,
                const NotificationText& text, int64_t now) {
  for (const std::string& word : Words(notify_words)) {
    std::optional<int64_t> user;
    if (word == "applicant")
      user = to.applicant;
    else if (word == "expert")
      user = to.expert;
    else if (word == "filer")
      user = to.filer;
    else if (word == "unit") {
      if (to.unit) Notify(s, Audience::Unit(*to.unit), text, now);
      continue;
    } else if (word == "committee_office") {
      Notify(s, Audience::Role("committee_office"), text, now);
      continue;
    } else {
      throw std::logic_error("NotifyStep: no address for the audience \"" + word + "\"");
    }
    if (user) Notify(s, Audience::User(*user), text, now);
  }
}

}  // namespace zc::storage
