#include "storage/applications_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kColumns =
    "a.id, a.number, a.campaign_id, a.applicant_id, a.unit_id, a.region_code, a.city_level, a.department_id, "
    "a.level, a.specialty, a.state, a.version, a.resubmissions, a.pledged_at, a.snapshot_version, "
    "a.submitted_at, a.publicity_start, a.publicity_end, a.opinion, a.quota_held, a.created_at, a.updated_at";

ApplicationRecord RecordOf(const soci::row& r) {
  ApplicationRecord a;
  a.id = Int(r, "id");
  a.number = Str(r, "number");
  a.campaign_id = Str(r, "campaign_id");
  a.applicant_id = Int(r, "applicant_id");
  a.unit_id = Int(r, "unit_id");
  a.region_code = Str(r, "region_code");
  a.city_level = Int(r, "city_level") != 0;
  if (!IsNull(r, "department_id")) a.department_id = Int(r, "department_id");
  a.level = Str(r, "level");
  a.specialty = Str(r, "specialty");
  a.state = Str(r, "state");
  a.version = Int(r, "version");
  a.resubmissions = static_cast<int>(Int(r, "resubmissions"));
  a.pledged_at = Int(r, "pledged_at");
  a.snapshot_version = static_cast<int>(Int(r, "snapshot_version"));
  a.submitted_at = Int(r, "submitted_at");
  a.publicity_start = Str(r, "publicity_start");
  a.publicity_end = Str(r, "publicity_end");
  a.opinion = Str(r, "opinion");
  a.quota_held = Int(r, "quota_held") != 0;
  a.created_at = Int(r, "created_at");
  a.updated_at = Int(r, "updated_at");
  return a;
}

std::vector<ApplicationRecord> Records(Session& s, const Query& q, const std::string& tail) {
  std::vector<ApplicationRecord> out;
  q.ForEach(s, kColumns, "applications a", tail, [&](const soci::row& r) { out.push_back(RecordOf(r)); });
  return out;
}

std::string QuotedList(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& code : codes) {
    if (!out.empty()) out += ", ";
    out += "'";
    out += code;
    out += "'";
  }
  return out;
}

}  // namespace

std::string StateSqlPredicate(const std::string& column, const StateSet& states) {
  if (states.in.empty()) return "1 = 0";
  if (states.out.empty()) return "1 = 1";
  return column + (states.out.size() < states.in.size() ? " NOT IN (" + QuotedList(states.out) + ")"
                                                        : " IN (" + QuotedList(states.in) + ")");
}

bool WhereInScope(Query& q, const ApplicationScope& scope) {
  std::string where;
  switch (scope.column) {
    case ApplicationScope::Column::kAny:
      break;
    case ApplicationScope::Column::kApplicant:
      where = "a.applicant_id = :scope_user";
      q.Bind("scope_user", scope.id);
      break;
    case ApplicationScope::Column::kUnit:
      where = "a.unit_id = :scope_unit";
      q.Bind("scope_unit", scope.id);
      break;
    case ApplicationScope::Column::kCountyRegion:
      where = "a.city_level = 0 AND a.region_code = :scope_region";
      q.Bind("scope_region", scope.text);
      break;
    case ApplicationScope::Column::kCityDepartment:
      where = "a.city_level = 1 AND a.department_id = :scope_dept";
      q.Bind("scope_dept", scope.id);
      break;
  }
  if (scope.states) {
    const std::string states = StateSqlPredicate("a.state", *scope.states);
    where = where.empty() ? states : where + " AND " + states;
  }
  if (!where.empty()) q.Where(where);
  return scope.states.has_value();
}

std::optional<ApplicationRecord> ApplicationsRepo::Find(int64_t id, bool for_update) {
  const std::string tail = for_update && s_.backend() == Backend::kPostgres ? "FOR UPDATE" : "";
  auto rows = Records(s_, Query().Where("a.id = :id").Bind("id", static_cast<long long>(id)), tail);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::vector<ApplicationRecord> ApplicationsRepo::OfApplicant(int64_t applicant_id) {
  return Records(s_, Query().Where("a.applicant_id = :u").Bind("u", static_cast<long long>(applicant_id)),
                 "ORDER BY a.id DESC");
}

std::vector<ApplicationRecord> ApplicationsRepo::All() {
  return Records(s_, Query(), "ORDER BY a.id");
}

bool ApplicationsRepo::Any() {
  return Query().Count(s_, "applications") > 0;
}

std::optional<int64_t> ApplicationsRepo::LatestActivity() {
  long long latest = 0;
  soci::indicator ind = soci::i_null;
  s_.sql() << "SELECT MAX(m) FROM (SELECT MAX(at) AS m FROM transitions UNION ALL SELECT MAX(updated_at) "
              "FROM applications UNION ALL SELECT MAX(updated_at) FROM archives) t",
      soci::into(latest, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return latest;
}

int64_t ApplicationsRepo::CountOfApplicantExcept(const std::string& campaign_id, int64_t applicant_id,
                                                 const std::string& except_state) {
  return Query()
      .Where("campaign_id = :c AND applicant_id = :u AND state <> :st")
      .Bind("c", campaign_id)
      .Bind("u", static_cast<long long>(applicant_id))
      .Bind("st", except_state)
      .Count(s_, "applications");
}

int64_t ApplicationsRepo::Insert(const NewApplication& a) {
  long long u = a.applicant_id;
  long long unit_id = a.unit_id;
  int city_level = a.city_level ? 1 : 0;
  NullableInt dept(a.department_id);
  long long at = a.at;
  s_.sql()
      << "INSERT INTO applications (number, campaign_id, applicant_id, unit_id, region_code, city_level, "
         "department_id, level, specialty, state, version, created_at, updated_at) VALUES (:num, :c, :u, "
         ":unit, :region, :cl, :dept, :level, :spec, :state, 1, :at, :at2)",
      soci::use(a.number, "num"), soci::use(a.campaign_id, "c"), soci::use(u, "u"),
      soci::use(unit_id, "unit"), soci::use(a.region_code, "region"), soci::use(city_level, "cl"),
      soci::use(dept.value, dept.ind, "dept"), soci::use(a.level, "level"), soci::use(a.specialty, "spec"),
      soci::use(a.state, "state"), soci::use(at, "at"), soci::use(at, "at2");
  long long id = 0;
  s_.sql() << "SELECT id FROM applications WHERE number = :num", soci::use(a.number, "num"), soci::into(id);
  return id;
}

void ApplicationsRepo::SetNumber(int64_t id, const std::string& number) {
  long long aid = id;
  s_.sql() << "UPDATE applications SET number = :num WHERE id = :id", soci::use(number, "num"),
      soci::use(aid, "id");
}

void ApplicationsRepo::Bump(int64_t id, int64_t version, int64_t updated_at) {
  long long aid = id;
  long long ver = version;
  long long at = updated_at;
  s_.sql() << "UPDATE applications SET version = :ver, updated_at = :at WHERE id = :id",
      soci::use(ver, "ver"), soci::use(at, "at"), soci::use(aid, "id");
}

void ApplicationsRepo::UpdateForm(int64_t id, const std::string& level, const std::string& specialty,
                                  int64_t pledged_at, int64_t version, int64_t updated_at) {
  long long pid = id;
  long long ver = version;
  long long at = updated_at;
  long long pledged = pledged_at;
  s_.sql() << "UPDATE applications SET level = :l, specialty = :s, pledged_at = :p, version = :ver, "
              "updated_at = :at "
              "WHERE id = :id",
      soci::use(level, "l"), soci::use(specialty, "s"), soci::use(pledged, "p"), soci::use(ver, "ver"),
      soci::use(at, "at"), soci::use(pid, "id");
}

void ApplicationsRepo::UpdateAfterStep(const ApplicationStepUpdate& u) {
  long long id = u.id;
  long long ver = u.version;
  int resubmissions = u.resubmissions;
  int snapshot_version = u.snapshot_version;
  long long submitted_at = u.submitted_at;
  int quota_held = u.quota_held ? 1 : 0;
  long long at = u.updated_at;
  s_.sql()
      << "UPDATE applications SET state = :state, version = :ver, resubmissions = :re, snapshot_version = "
         ":sv, "
         "submitted_at = :sub, publicity_start = :ps, publicity_end = :pe, opinion = :op, quota_held = :q, "
         "updated_at = :at WHERE id = :id",
      soci::use(u.state, "state"), soci::use(ver, "ver"), soci::use(resubmissions, "re"),
      soci::use(snapshot_version, "sv"), soci::use(submitted_at, "sub"), soci::use(u.publicity_start, "ps"),
      soci::use(u.publicity_end, "pe"), soci::use(u.opinion, "op"), soci::use(quota_held, "q"),
      soci::use(at, "at"), soci::use(id, "id");
}

void ApplicationsRepo::InsertSnapshot(int64_t application_id, int version, const std::string& data,
                                      const std::string& sha256, int64_t at) {
  long long id = application_id;
  long long when = at;
  s_.sql() << "INSERT INTO application_snapshots (application_id, version, data, sha256, created_at) "
              "VALUES (:id, :v, :data, :sha, :at)",
      soci::use(id, "id"), soci::use(version, "v"), soci::use(data, "data"), soci::use(sha256, "sha"),
      soci::use(when, "at");
}

std::optional<SnapshotRow> ApplicationsRepo::Snapshot(int64_t application_id, int64_t version) {
  std::optional<SnapshotRow> out;
  Query()
      .Where("application_id = :a AND version = :v")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("v", static_cast<long long>(version))
      .ForEach(s_, "version, data, sha256, created_at", "application_snapshots", "", [&](const soci::row& r) {
        out = SnapshotRow{.version = Int(r, "version"),
                          .data = Str(r, "data"),
                          .sha256 = Str(r, "sha256"),
                          .created_at = Int(r, "created_at")};
      });
  return out;
}

std::vector<SnapshotRow> ApplicationsRepo::Snapshots(int64_t application_id) {
  std::vector<SnapshotRow> out;
  Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "version, data, sha256", "application_snapshots", "ORDER BY version",
               [&](const soci::row& r) {
                 out.push_back({.version = Int(r, "version"),
                                .data = Str(r, "data"),
                                .sha256 = Str(r, "sha256"),
                                .created_at = 0});
               });
  return out;
}

void ApplicationsRepo::InsertTransition(const TransitionRow& t) {
  long long id = t.application_id;
  long long actor_id = t.actor_id;
  long long at = t.at;
  s_.sql() << "INSERT INTO transitions (application_id, from_state, to_state, action, actor_id, actor_name, "
              "role, "
              "reason, detail, at) VALUES (:id, :from, :to, :action, :actor, :name, :role, :reason, "
              ":detail, :at)",
      soci::use(id, "id"), soci::use(t.from_state, "from"), soci::use(t.to_state, "to"),
      soci::use(t.action, "action"), soci::use(actor_id, "actor"), soci::use(t.actor_name, "name"),
      soci::use(t.role, "role"), soci::use(t.reason, "reason"), soci::use(t.detail, "detail"),
      soci::use(at, "at");
}

std::vector<TransitionRow> ApplicationsRepo::Transitions(int64_t application_id) {
  std::vector<TransitionRow> out;
  Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "id, from_state, to_state, action, actor_name, role, reason, detail, at", "transitions",
               "ORDER BY id", [&](const soci::row& r) {
                 out.push_back({.id = Int(r, "id"),
                                .application_id = application_id,
                                .from_state = Str(r, "from_state"),
                                .to_state = Str(r, "to_state"),
                                .action = Str(r, "action"),
                                .actor_id = 0,
                                .actor_name = Str(r, "actor_name"),
                                .role = Str(r, "role"),
                                .reason = Str(r, "reason"),
                                .detail = Str(r, "detail"),
                                .at = Int(r, "at")});
               });
  return out;
}

std::vector<EvidenceRow> ApplicationsRepo::Evidence(int64_t application_id) {
  std::vector<EvidenceRow> out;
  Query()
      .Where("application_id = :a AND removed_at = 0")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "slot, file_id", "application_evidence", "ORDER BY id", [&](const soci::row& r) {
        out.push_back({.slot = Str(r, "slot"), .file_id = Int(r, "file_id")});
      });
  return out;
}

int64_t ApplicationsRepo::CountEvidence(int64_t application_id, const std::string& slot) {
  return Query()
      .Where("application_id = :a AND slot = :s AND removed_at = 0")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("s", slot)
      .Count(s_, "application_evidence");
}

bool ApplicationsRepo::HasEvidence(int64_t application_id, const std::string& slot, int64_t file_id) {
  return Query()
             .Where("application_id = :a AND slot = :s AND file_id = :f AND removed_at = 0")
             .Bind("a", static_cast<long long>(application_id))
             .Bind("s", slot)
             .Bind("f", static_cast<long long>(file_id))
             .Count(s_, "application_evidence") > 0;
}

void ApplicationsRepo::AddEvidence(int64_t application_id, const std::string& slot, int64_t file_id,
                                   int64_t at) {
  long long aid = application_id;
  long long fid = file_id;
  long long when = at;
  s_.sql() << "INSERT INTO application_evidence (application_id, slot, file_id, created_at) VALUES (:a, :s, "
              ":f, :at)",
      soci::use(aid, "a"), soci::use(slot, "s"), soci::use(fid, "f"), soci::use(when, "at");
}

void ApplicationsRepo::RemoveEvidence(int64_t application_id, const std::string& slot, int64_t file_id,
                                      int64_t at) {
  long long aid = application_id;
  long long fid = file_id;
  long long when = at;
  s_.sql() << "UPDATE application_evidence SET removed_at = :at WHERE application_id = :a AND slot = :s AND "
              "file_id = :f AND removed_at = 0",
      soci::use(when, "at"), soci::use(aid, "a"), soci::use(slot, "s"), soci::use(fid, "f");
}

std::optional<PaperRow> ApplicationsRepo::Paper(int64_t application_id) {
  std::optional<PaperRow> out;
  Query()
      .Where("p.application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "p.copies, p.watermark, p.form_number, p.checked_at, u.name AS checker",
               "paper_checkins p LEFT JOIN users u ON u.id = p.checked_by", "", [&](const soci::row& r) {
                 out = PaperRow{.copies = static_cast<int>(Int(r, "copies")),
                                .watermark = Int(r, "watermark") != 0,
                                .form_number = Str(r, "form_number"),
                                .checked_by = 0,
                                .checked_at = Int(r, "checked_at"),
                                .checker = Str(r, "checker")};
               });
  return out;
}

void ApplicationsRepo::DeletePaper(int64_t application_id) {
  long long id = application_id;
  s_.sql() << "DELETE FROM paper_checkins WHERE application_id = :id", soci::use(id, "id");
}

void ApplicationsRepo::ReplacePaper(int64_t application_id, const PaperRow& p) {
  long long app = application_id, at = p.checked_at, by = p.checked_by;
  int copies = p.copies;
  int wm = p.watermark ? 1 : 0;
  s_.sql() << "DELETE FROM paper_checkins WHERE application_id = :a", soci::use(app, "a");
  s_.sql() << "INSERT INTO paper_checkins (application_id, copies, watermark, form_number, checked_by, "
              "checked_at) VALUES (:a, :c, :w, :f, :by, :at)",
      soci::use(app, "a"), soci::use(copies, "c"), soci::use(wm, "w"), soci::use(p.form_number, "f"),
      soci::use(by, "by"), soci::use(at, "at");
}

std::vector<ObjectionRow> ApplicationsRepo::Objections(int64_t application_id) {
  std::vector<ObjectionRow> out;
  Query()
      .Where("application_id = :a")
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "id, content, raised_by, raised_at, status, resolution, resolved_at", "objections",
               "ORDER BY id", [&](const soci::row& r) {
                 out.push_back({.id = Int(r, "id"),
                                .content = Str(r, "content"),
                                .raised_by = Str(r, "raised_by"),
                                .raised_at = Int(r, "raised_at"),
                                .status = Str(r, "status"),
                                .resolution = Str(r, "resolution"),
                                .resolved_at = Int(r, "resolved_at")});
               });
  return out;
}

int64_t ApplicationsRepo::CountObjectionsInStatus(int64_t application_id, const std::string& status) {
  return Query()
      .Where("application_id = :a AND status = :open")
      .Bind("a", static_cast<long long>(application_id))
      .Bind("open", status)
      .Count(s_, "objections");
}

std::optional<std::string> ApplicationsRepo::ObjectionStatus(int64_t application_id, int64_t objection_id) {
  std::optional<std::string> out;
  Query()
      .Where("id = :o AND application_id = :a")
      .Bind("o", static_cast<long long>(objection_id))
      .Bind("a", static_cast<long long>(application_id))
      .ForEach(s_, "status", "objections", "", [&](const soci::row& r) { out = Str(r, "status"); });
  return out;
}

void ApplicationsRepo::InsertObjection(int64_t application_id, const std::string& content,
                                       const std::string& raised_by, const std::string& status, int64_t at) {
  long long aid = application_id;
  long long when = at;
  s_.sql() << "INSERT INTO objections (application_id, content, raised_by, raised_at, status) "
              "VALUES (:a, :c, :r, :at, :st)",
      soci::use(status, "st"), soci::use(aid, "a"), soci::use(content, "c"), soci::use(raised_by, "r"),
      soci::use(when, "at");
}

void ApplicationsRepo::ResolveObjection(int64_t objection_id, const std::string& status,
                                        const std::string& resolution, int64_t by, int64_t at) {
  long long oid = objection_id;
  long long when = at;
  long long who = by;
  s_.sql() << "UPDATE objections SET status = :st, resolution = :r, resolved_at = :at, resolved_by = :by "
              "WHERE id = :o",
      soci::use(status, "st"), soci::use(resolution, "r"), soci::use(when, "at"), soci::use(who, "by"),
      soci::use(oid, "o");
}

std::optional<int> ApplicationsRepo::UnitQuota(int64_t unit_id, const std::string& level) {
  std::optional<int> q;
  Query()
      .Where("unit_id = :u AND level = :l")
      .Bind("u", static_cast<long long>(unit_id))
      .Bind("l", level)
      .ForEach(s_, "quota", "unit_quotas", "",
               [&](const soci::row& r) { q = static_cast<int>(Int(r, "quota")); });
  return q;
}

std::vector<QuotaUseRow> ApplicationsRepo::QuotaUse() {
  std::vector<QuotaUseRow> out;
  Query().ForEach(
      s_, "q.unit_id, q.level, q.quota, a.campaign_id, COUNT(*) AS used",
      "unit_quotas q JOIN applications a ON a.unit_id = q.unit_id AND a.level = q.level AND a.quota_held = 1",
      "GROUP BY q.unit_id, q.level, q.quota, a.campaign_id", [&](const soci::row& r) {
        out.push_back({.unit_id = Int(r, "unit_id"),
                       .level = Str(r, "level"),
                       .quota = Int(r, "quota"),
                       .campaign_id = Str(r, "campaign_id"),
                       .used = Int(r, "used")});
      });
  return out;
}

QueuePageRows ApplicationsRepo::ListQueue(const ApplicationScope& scope, const QueueFilter& f,
                                          const PageRequest& page) {
  const std::string from =
      "applications a JOIN users u ON u.id = a.applicant_id JOIN units un ON un.id = a.unit_id";
  Query q;
  WhereInScope(q, scope);
  if (!f.level.empty()) q.Where("a.level = :level").Bind("level", f.level);
  if (!f.specialty.empty()) q.Where("a.specialty = :spec").Bind("spec", f.specialty);
  if (f.unit_id) q.Where("a.unit_id = :unit").Bind("unit", static_cast<long long>(*f.unit_id));
  if (!f.text.empty())
    q.Where(R"((u.name LIKE :q1 ESCAPE '\' OR a.number LIKE :q2 ESCAPE '\' OR un.name LIKE :q3 ESCAPE '\'))")
        .Bind("q1", LikeContains(f.text))
        .Bind("q2", LikeContains(f.text))
        .Bind("q3", LikeContains(f.text));
  // The counts per state come from the applications alone (an index-only scan of the scope) unless the text
  // search needs the names.
  QueuePageRows out;
  q.ForEach(s_, f.counters ? "a.state, CAST(SUM(a.n) AS BIGINT) AS n" : "a.state, COUNT(*) AS n",
            f.counters       ? std::string("application_counts a")
            : f.text.empty() ? std::string("applications a")
                             : from,
            f.counters ? "GROUP BY a.state HAVING SUM(a.n) > 0" : "GROUP BY a.state",
            [&](const soci::row& r) { out.counts.emplace_back(Str(r, "state"), Int(r, "n")); });
  if (!f.state.empty()) q.Where("a.state = :state").Bind("state", f.state);
  out.next = q.Page(s_, std::string(kColumns) + ", u.name AS applicant_name, un.name AS unit_name", from,
                    {.sort = "a.updated_at", .id = "a.id"}, page, [&](const soci::row& r) {
                      out.rows.push_back({.app = RecordOf(r),
                                          .applicant_name = Str(r, "applicant_name"),
                                          .unit_name = Str(r, "unit_name")});
                    });
  return out;
}

std::vector<StatsGroupRow> ApplicationsRepo::StatsGroups(const ApplicationScope& scope, bool counters) {
  const std::string count = counters ? "CAST(SUM(a.n) AS BIGINT)" : "COUNT(*)";
  const std::string having = counters ? " HAVING SUM(a.n) > 0" : "";
  Query q;
  WhereInScope(q, scope);
  std::vector<StatsGroupRow> out;
  // One scan, grouped by all four in the order of the index applications_stats (so that both databases can
  // answer from the index alone).
  q.ForEach(s_, "a.region_code, a.state, a.level, a.specialty, " + count + " AS n",
            counters ? "application_counts a" : "applications a",
            "GROUP BY a.region_code, a.state, a.level, a.specialty" + having, [&](const soci::row& r) {
              out.push_back({.region_code = Str(r, "region_code"),
                             .state = Str(r, "state"),
                             .level = Str(r, "level"),
                             .specialty = Str(r, "specialty"),
                             .n = Int(r, "n")});
            });
  return out;
}

std::vector<UnitCountRow> ApplicationsRepo::TopUnits(const ApplicationScope& scope, bool counters,
                                                     const std::optional<StateSet>& states) {
  Query q;
  const bool state_filtered = WhereInScope(q, scope) || states.has_value();
  if (states) q.Where(StateSqlPredicate("a.state", *states));
  // The counters' per-unit '*' rows hold all of a unit's applications: what a scope that filters no state
  // (the city admin's) ranks. Every other scope counts the per-state rows only (a state filter may be a
  // NOT IN list, which would let the '*' rows through).
  if (counters) q.Where(state_filtered ? "a.state <> '*'" : "a.state = '*'");
  const std::string count = counters ? "CAST(SUM(a.n) AS BIGINT)" : "COUNT(*)";
  std::vector<std::pair<int64_t, int64_t>> top;  // unit, count
  q.ForEach(s_, "a.unit_id, " + count + " AS n", counters ? "application_unit_counts a" : "applications a",
            "GROUP BY a.unit_id HAVING " + count + " > 0 ORDER BY n DESC, a.unit_id LIMIT 20",
            [&](const soci::row& r) { top.emplace_back(Int(r, "unit_id"), Int(r, "n")); });
  // One fixed statement per name (prepared once per connection): an IN list would be a new statement text,
  // and a new entry of the statement cache, for every set of units.
  std::vector<UnitCountRow> out;
  out.reserve(top.size());
  for (const auto& [unit, n] : top) {
    std::string name;
    Query()
        .Where("un.id = :id")
        .Bind("id", static_cast<long long>(unit))
        .ForEach(s_, "un.name", "units un", "", [&](const soci::row& r) { name = Str(r, "name"); });
    out.push_back({.unit_id = unit, .name = std::move(name), .n = n});
  }
  return out;
}

std::vector<int64_t> ApplicationsRepo::ApplicantsInState(const std::string& campaign_id,
                                                         const std::string& state) {
  std::vector<int64_t> out;
  Query()
      .Where("a.campaign_id = :c AND a.state = :st")
      .Bind("c", campaign_id)
      .Bind("st", state)
      .ForEach(s_, "DISTINCT a.applicant_id", "applications a", "",
               [&](const soci::row& r) { out.push_back(Int(r, "applicant_id")); });
  return out;
}

std::vector<int64_t> ApplicationsRepo::UnitsInStates(const std::string& campaign_id, const StateSet& states) {
  std::vector<int64_t> out;
  Query()
      .Where("a.campaign_id = :c AND " + StateSqlPredicate("a.state", states))
      .Bind("c", campaign_id)
      .ForEach(s_, "DISTINCT a.unit_id", "applications a", "",
               [&](const soci::row& r) { out.push_back(Int(r, "unit_id")); });
  return out;
}

std::vector<ReviewerRow> ApplicationsRepo::ReviewersInState(const std::string& campaign_id,
                                                            const std::string& state) {
  std::vector<ReviewerRow> out;
  Query()
      .Where("a.campaign_id = :c AND a.state = :st")
      .Bind("c", campaign_id)
      .Bind("st", state)
      .ForEach(s_, "DISTINCT a.city_level, a.region_code, a.department_id", "applications a", "",
               [&](const soci::row& r) {
                 out.push_back({.city_level = Int(r, "city_level") != 0,
                                .region_code = Str(r, "region_code"),
                                .department_id = Int(r, "department_id")});
               });
  return out;
}

}  // namespace zc::storage
