// After the vote: result publicity with public objections, confirmation, certificates and their public
// verification, revocation and the integrity archive, re-examination and complaint cases.
#include <algorithm>
#include <cstdio>

#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "base/json_fields.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "review/views.hpp"

namespace zc::review {

using namespace detail;
using accounts::Role;
using workflow::Action;
using workflow::State;

namespace {

using workflow::NextCursor;
using workflow::TimeOrNull;
using workflow::TimeText;

struct PublicityRow {
  int64_t id = 0, meeting_id = 0;
  std::string start_date, end_date, campaign_id, committee_code;
  int64_t confirmed_at = 0;
};

std::optional<PublicityRow> LoadPublicity(Session& s, int64_t id) {
  std::optional<PublicityRow> out;
  storage::Query()
      .Where("p.id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(
          s, "p.id, p.meeting_id, p.start_date, p.end_date, p.confirmed_at, m.campaign_id, m.committee_code",
          "result_publicity p JOIN meetings m ON m.id = p.meeting_id", "", [&](const soci::row& r) {
            out = PublicityRow{storage::Int(r, "id"),          storage::Int(r, "meeting_id"),
                               storage::Str(r, "start_date"),  storage::Str(r, "end_date"),
                               storage::Str(r, "campaign_id"), storage::Str(r, "committee_code"),
                               storage::Int(r, "confirmed_at")};
          });
  return out;
}

// The publicity's state follows its dates and the confirmation (review/lifecycles.hpp).
PublicityState PublicityStateOf(const PublicityRow& p, const Date& today) {
  if (p.confirmed_at) return PublicityState::kConfirmed;
  const auto start = ParseDate(p.start_date);
  const auto end = ParseDate(p.end_date);
  if (start && today < *start) return PublicityState::kScheduled;
  if (end && *end < today) return PublicityState::kEnded;
  return PublicityState::kOpen;
}

std::string PublicityStatus(const PublicityRow& p, const Date& today) {
  return std::string(kPublicityLifecycle.Code(PublicityStateOf(p, today)));
}

// The candidates of a publicity's meeting: {application, passed at the vote}.
std::vector<std::pair<AppRow, bool>> Entries(Session& s, int64_t meeting_id) {
  std::vector<std::pair<int64_t, bool>> ids;
  storage::Query()
      .Where("meeting_id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .ForEach(s, "application_id, passed", "meeting_candidates", "ORDER BY application_id",
               [&](const soci::row& r) {
                 ids.emplace_back(storage::Int(r, "application_id"), storage::Int(r, "passed") != 0);
               });
  std::vector<std::pair<AppRow, bool>> out;
  for (auto [id, passed] : ids)
    if (auto a = LoadApp(s, id)) out.emplace_back(*a, passed);
  return out;
}

// A passed candidate still standing (not overturned): the public sees these.
bool Standing(const AppRow& a) {
  return a.state == State::kPassed || a.state == State::kCertified;
}

std::string CommitteeName(const campaign::Campaign& c, const std::string& code) {
  const auto* m = c.FindCommittee(code);
  return m ? m->name : code;
}

views::ResultPublicity PublicityView(Session& s, const campaign::Campaign& c, const PublicityRow& p,
                                     const Date& today) {
  views::ResultPublicity v{.id = p.id,
                           .meeting_id = p.meeting_id,
                           .committee_name = CommitteeName(c, p.committee_code),
                           .start_date = p.start_date,
                           .end_date = p.end_date,
                           .status = PublicityStatus(p, today),
                           .entries = {},
                           .objections = {},
                           .confirmed_at = TimeOrNull(p.confirmed_at)};
  for (const auto& [a, passed] : Entries(s, p.meeting_id)) {
    json::object o = AppBrief(s, c, a);
    v.entries.push_back({.application_id = a.id,
                         .number = a.number,
                         .name = Text(o["name"]),
                         .unit_name = Text(o["unit_name"]),
                         .level_name = Text(o["level_name"]),
                         .specialty_name = Text(o["specialty_name"]),
                         .passed = passed,
                         .state = Text(o["state"])});
  }
  storage::Query()
      .Where("publicity_id = :p")
      .Bind("p", static_cast<long long>(p.id))
      .ForEach(s, "id, application_id, name, contact, content, status, resolution, created_at, resolved_at",
               "result_objections", "ORDER BY id", [&](const soci::row& r) {
                 v.objections.push_back({.id = storage::Int(r, "id"),
                                         .application_id = storage::Int(r, "application_id"),
                                         .name = storage::Str(r, "name"),
                                         .contact = storage::Str(r, "contact"),
                                         .content = storage::Str(r, "content"),
                                         .status = storage::Str(r, "status"),
                                         .resolution = storage::Str(r, "resolution"),
                                         .created_at = TimeText(storage::Int(r, "created_at")),
                                         .resolved_at = TimeOrNull(storage::Int(r, "resolved_at"))});
               });
  return v;
}

constexpr const char* kCertColumns =
    "c.id, c.number, c.verify_code, c.application_id, c.holder_id, c.name, c.level, c.specialty, "
    "c.committee_code, c.campaign_id, c.issued_on, c.status, c.revoked_on, c.revoke_reason";

// A list filter with a value the list does not know.
Error FilterError(const std::string& field) {
  FieldErrors fe;
  fe.Add(field, errc::unknown_code);
  return fe.ToError();
}

views::Certificate CertView(const std::vector<campaign::Campaign>& all, const soci::row& r, bool with_code) {
  const auto& c = CampaignById(all, storage::Str(r, "campaign_id"));
  const auto* level = c.FindLevel(storage::Str(r, "level"));
  const auto* sp = c.FindSpecialty(storage::Str(r, "specialty"));
  views::Certificate v{.id = storage::Int(r, "id"),
                       .number = storage::Str(r, "number"),
                       .name = storage::Str(r, "name"),
                       .level_name = level ? level->name : storage::Str(r, "level"),
                       .specialty_name = sp ? sp->name : storage::Str(r, "specialty"),
                       .committee_name = CommitteeName(c, storage::Str(r, "committee_code")),
                       .issued_on = storage::Str(r, "issued_on"),
                       .status = storage::Str(r, "status"),
                       .revoked_on = {},
                       .revoke_reason = storage::Str(r, "revoke_reason"),
                       .application_id = storage::Int(r, "application_id"),
                       .verify_code = {},
                       .checks = {}};
  if (const std::string on = storage::Str(r, "revoked_on"); !on.empty()) v.revoked_on = on;
  if (with_code) {
    const std::string code = storage::Str(r, "verify_code");
    std::string shown;
    for (size_t i = 0; i < code.size(); ++i) {
      if (i && i % 4 == 0) shown += '-';
      shown += code[i];
    }
    v.verify_code = shown;
  }
  return v;
}

// 16 characters without look-alikes: 80 bits.
std::string VerifyCode() {
  return RandomCode(16);
}

views::IntegrityRecord RecordView(const soci::row& r, const Date& today) {
  const auto end = ParseDate(storage::Str(r, "end_date"));
  const auto start = ParseDate(storage::Str(r, "start_date"));
  return {.id = storage::Int(r, "id"),
          .name = storage::Str(r, "name"),
          .id_number_masked = MaskResidentId(storage::Str(r, "id_number")),
          .kind = storage::Str(r, "kind"),
          .reason = storage::Str(r, "reason"),
          .evidence = storage::Str(r, "evidence"),
          .certificate_number = storage::Str(r, "certificate_number"),
          .application_number = storage::Str(r, "application_number"),
          .start_date = storage::Str(r, "start_date"),
          .end_date = storage::Str(r, "end_date"),
          .in_force = start && end && !(today < *start) && today < *end,
          .created_at = TimeText(storage::Int(r, "created_at"))};
}
constexpr const char* kRecordColumns =
    "r.id, r.name, r.id_number, r.kind, r.reason, r.evidence, c.number AS certificate_number, a.number AS "
    "application_number, r.start_date, r.end_date, r.created_at";
constexpr const char* kRecordFrom =
    "integrity_records r LEFT JOIN certificates c ON c.id = r.certificate_id LEFT JOIN applications a ON "
    "a.id = "
    "r.application_id";

void InsertRecord(Session& s, const campaign::Campaign& c, const std::string& id_number,
                  const std::string& name, const std::string& reason, const std::string& evidence,
                  std::optional<int64_t> cert, std::optional<int64_t> app, const Date& today, long long by,
                  long long at) {
  const std::string start = FormatDate(today);
  const std::string end = FormatDate(AddYears(today, c.integrity.record_years));
  storage::NullableInt cert_id(cert), app_id(app);
  s.sql()
      << "INSERT INTO integrity_records (id_number, name, kind, reason, evidence, certificate_id, "
         "application_id, start_date, end_date, created_by, created_at) VALUES (:i, :n, 'fraud', :r, :e, :c, "
         ":a, :s, :t, :by, :at)",
      soci::use(id_number, "i"), soci::use(name, "n"), soci::use(reason, "r"), soci::use(evidence, "e"),
      soci::use(cert_id.value, cert_id.ind, "c"), soci::use(app_id.value, app_id.ind, "a"),
      soci::use(start, "s"), soci::use(end, "t"), soci::use(by, "by"), soci::use(at, "at");
}

}  // namespace

namespace detail {
bool ValidContact(const std::string& c) {
  if (c.find('@') != std::string::npos) {
    const auto at = c.find('@');
    return at > 0 && c.find('.', at) != std::string::npos && c.find(' ') == std::string::npos &&
           c.size() <= 100;
  }
  int digits = 0;
  for (char ch : c) {
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      ++digits;
    } else if (ch != '-' && ch != '+' && ch != ' ') {
      return false;
    }
  }
  return digits >= 7 && digits <= 20;
}
}  // namespace detail

Result<views::ResultPublicity> Review::StartPublicity(const Actor& actor, int64_t meeting_id,
                                                      const std::string& start_date) {
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "meetings", meeting_id);  // one publicity per meeting
  std::string status, campaign_id;
  storage::Query()
      .Where("id = :m")
      .Bind("m", static_cast<long long>(meeting_id))
      .ForEach(s, "status, campaign_id", "meetings", "", [&](const soci::row& r) {
        status = storage::Str(r, "status");
        campaign_id = storage::Str(r, "campaign_id");
      });
  FieldErrors fe;
  if (status.empty()) {
    fe.Add("meeting_id", errc::not_found);
    return fe.ToError();
  }
  if (status != "closed") return MakeError(errc::meeting_not_closed);
  if (storage::Query()
          .Where("meeting_id = :m")
          .Bind("m", static_cast<long long>(meeting_id))
          .Count(s, "result_publicity") > 0)
    return MakeError(errc::publicity_exists);
  const auto start = ParseDate(start_date);
  if (!start) {
    fe.Add("start_date", start_date.empty() ? errc::required : errc::invalid_date);
    return fe.ToError();
  }
  const auto& c = CampaignById(campaigns_, campaign_id);
  auto cal = calendars_.Snapshot();
  auto working = cal->IsWorkingDay(*start);
  if (!working) return MakeError(errc::calendar_year_missing);
  if (!*working) return MakeError(errc::not_working_day);
  const TimePoint now = env_.clock.Now();
  if (*start < ShanghaiDate(now)) return MakeError(errc::date_in_past);
  auto end = cal->NthWorkingDay(*start, c.result_publicity_working_days);
  if (!end.ok()) return end.error();
  const std::string s_text = FormatDate(*start), e_text = FormatDate(end.value());
  long long mid = meeting_id, by = actor.principal.user_id, at = UnixSeconds(now), pid = 0;
  s.sql() << "INSERT INTO result_publicity (meeting_id, start_date, end_date, created_by, created_at) VALUES "
             "(:m, "
             ":s, :e, :by, :at) RETURNING id",
      soci::use(mid, "m"), soci::use(s_text, "s"), soci::use(e_text, "e"), soci::use(by, "by"),
      soci::use(at, "at"), soci::into(pid);
  Audit(s, actor, at, "result.publicity", "result_publicity", std::to_string(pid), s_text + " 至 " + e_text);
  tx.Commit();
  return PublicityView(s, c, *LoadPublicity(s, pid), ShanghaiDate(now));
}

Result<views::ResultPublicityPage> Review::Publicities(const Principal&, const storage::PageRequest& page) {
  Session s(env_.db);
  std::vector<int64_t> ids;
  const storage::Query q;
  const auto next = q.Page(s, "id", "result_publicity", {.sort = "id", .id = "id"}, page,
                           [&](const soci::row& r) { ids.push_back(storage::Int(r, "id")); });
  const Date today = ShanghaiDate(env_.clock.Now());
  views::ResultPublicityPage out{.items = {},
                                 .total = q.Count(s, "result_publicity"),
                                 .page_size = page.size,
                                 .next_cursor = NextCursor(next)};
  for (auto id : ids) {
    auto p = LoadPublicity(s, id);
    out.items.push_back(PublicityView(s, CampaignById(campaigns_, p->campaign_id), *p, today));
  }
  return out;
}

Result<views::ResultPublicity> Review::Publicity(const Principal&, int64_t id) {
  Session s(env_.db);
  auto p = LoadPublicity(s, id);
  if (!p) return MakeError(errc::not_found);
  return PublicityView(s, CampaignById(campaigns_, p->campaign_id), *p, ShanghaiDate(env_.clock.Now()));
}

Result<views::PublicResultPage> Review::PublicResults(const storage::PageRequest& page) {
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  const std::string t = FormatDate(today);
  std::vector<int64_t> ids;
  storage::Query q;
  q.Where("start_date <= :t AND end_date >= :t").Bind("t", t);
  const auto next = q.Page(s, "id", "result_publicity", {.sort = "id", .id = "id", .descending = false}, page,
                           [&](const soci::row& r) { ids.push_back(storage::Int(r, "id")); });
  views::PublicResultPage out{.items = {},
                              .total = q.Count(s, "result_publicity"),
                              .page_size = page.size,
                              .next_cursor = NextCursor(next)};
  for (auto id : ids) {
    auto p = LoadPublicity(s, id);
    const auto& c = CampaignById(campaigns_, p->campaign_id);
    views::PublicPreReview item{.id = p->id,
                                .committee_name = CommitteeName(c, p->committee_code),
                                .start_date = p->start_date,
                                .end_date = p->end_date,
                                .entries = {}};
    for (const auto& [a, passed] : Entries(s, p->meeting_id)) {
      if (!passed || !Standing(a)) continue;
      json::object o = AppBrief(s, c, a);
      item.entries.push_back({.entry_id = a.id,
                              .name = Text(o["name"]),
                              .unit_name = Text(o["unit_name"]),
                              .level_name = Text(o["level_name"]),
                              .specialty_name = Text(o["specialty_name"])});
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

Result<views::CreatedId> Review::PublicObjection(int64_t publicity_id, const RaiseResultObjection& cmd,
                                                 const std::string& ip) {
  FieldErrors fe = cmd.unreadable;
  const auto& entry = cmd.entry_id;
  const std::string& name = cmd.name;
  const std::string& contact = cmd.contact;
  const std::string& content = cmd.content;
  if (!entry) fe.Add("entry_id", errc::required);
  if (name.empty()) fe.Add("name", errc::required);
  if (name.size() > 50) fe.Add("name", errc::too_long);
  if (contact.empty()) {
    fe.Add("contact", errc::required);
  } else if (!ValidContact(contact)) {
    fe.Add("contact", errc::invalid_contact);
  }
  if (content.empty()) fe.Add("content", errc::required);
  if (content.size() > 4000) fe.Add("content", errc::too_long);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  auto p = LoadPublicity(s, publicity_id);
  if (!p) return MakeError(errc::not_found);
  const TimePoint now = env_.clock.Now();
  if (PublicityStateOf(*p, ShanghaiDate(now)) != PublicityState::kOpen)
    return MakeError(errc::publicity_not_open);
  bool found = false;
  std::string number;
  for (const auto& [a, passed] : Entries(s, p->meeting_id))
    if (a.id == *entry && passed && Standing(a)) {
      found = true;
      number = a.number;
    }
  if (!found) {
    fe.Add("entry_id", errc::not_found);
    return fe.ToError();
  }
  long long pid = p->id, app = *entry, at = UnixSeconds(now), oid = 0;
  const std::string open = kResultObjectionLifecycle.Start("raise");
  s.sql()
      << "INSERT INTO result_objections (publicity_id, application_id, name, contact, content, client_ip, "
         "status, created_at) VALUES (:p, :a, :n, :c, :t, :ip, :st, :at) RETURNING id",
      soci::use(open, "st"), soci::use(pid, "p"), soci::use(app, "a"), soci::use(name, "n"),
      soci::use(contact, "c"), soci::use(content, "t"), soci::use(ip, "ip"), soci::use(at, "at"),
      soci::into(oid);
  storage::Notify(
      s, storage::Audience::Role("committee_office"),
      {"result.objection", *entry, "评审结果公示收到异议（" + number + "），请调查核实并记录处理结果",
       "An objection to the published result of " + number + " was received"},
      at);
  tx.Commit();
  return views::CreatedId{.id = oid};
}

Result<views::ResultPublicity> Review::ResolveObjection(const Actor& actor, int64_t id,
                                                        const std::string& outcome,
                                                        const std::string& resolution) {
  FieldErrors fe;
  if (outcome != "dismissed" && outcome != "upheld")
    fe.Add("outcome", outcome.empty() ? errc::required : errc::unknown_code);
  if (resolution.empty()) fe.Add("resolution", errc::required);
  if (resolution.size() > 4000) fe.Add("resolution", errc::too_long);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "result_objections", id);
  std::string status;
  int64_t pid = 0, app_id = 0;
  storage::Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s, "status, publicity_id, application_id", "result_objections", "", [&](const soci::row& r) {
        status = storage::Str(r, "status");
        pid = storage::Int(r, "publicity_id");
        app_id = storage::Int(r, "application_id");
      });
  const auto from = kResultObjectionLifecycle.Parse(status);
  if (!from) return MakeError(errc::not_found);
  const std::string_view action = outcome == "upheld" ? "uphold" : "dismiss";
  if (auto refusal = kResultObjectionLifecycle.Refuse(*from, action)) return MakeError(*refusal);
  const std::string to(kResultObjectionLifecycle.Code(kResultObjectionLifecycle.Next(*from, action)));
  const TimePoint now = env_.clock.Now();
  long long oid = id, by = actor.principal.user_id, at = UnixSeconds(now);
  s.sql()
      << "UPDATE result_objections SET status = :s, resolution = :r, resolved_by = :by, resolved_at = :at "
         "WHERE id = :id",
      soci::use(to, "s"), soci::use(resolution, "r"), soci::use(by, "by"), soci::use(at, "at"),
      soci::use(oid, "id");
  if (outcome == "upheld") {
    auto a = LoadApp(s, app_id, true);
    if (a && a->state == State::kPassed)
      if (auto st =
              wf_.ApplyReviewStep(s, actor, app_id, Action::kOverturn, "公示异议成立：" + resolution, now);
          !st.ok())
        return st.error();
  }
  Audit(s, actor, at, "result.objection." + outcome, "result_objection", std::to_string(id), resolution);
  tx.Commit();
  auto p = LoadPublicity(s, pid);
  return PublicityView(s, CampaignById(campaigns_, p->campaign_id), *p, ShanghaiDate(now));
}

Result<views::ResultPublicity> Review::Confirm(const Actor& actor, int64_t publicity_id) {
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "result_publicity", publicity_id);
  auto p = LoadPublicity(s, publicity_id);
  if (!p) return MakeError(errc::not_found);
  const TimePoint now = env_.clock.Now();
  const Date today = ShanghaiDate(now);
  if (auto refusal = kPublicityLifecycle.Refuse(PublicityStateOf(*p, today), "confirm"))
    return MakeError(*refusal);
  if (storage::Query()
          .Where("publicity_id = :p AND status = :open")
          .Bind("p", static_cast<long long>(p->id))
          .Bind("open", std::string(kResultObjectionLifecycle.Code(ResultObjectionState::kOpen)))
          .Count(s, "result_objections") > 0)
    return MakeError(errc::objection_open);
  const auto& c = CampaignById(campaigns_, p->campaign_id);
  const long long at = UnixSeconds(now);
  int issued = 0;
  for (const auto& [a, passed] : Entries(s, p->meeting_id)) {
    if (a.state != State::kPassed) continue;
    if (auto st = wf_.ApplyReviewStep(s, actor, a.id, Action::kConfirm, "评审结果公示期满，确认通过", now);
        !st.ok())
      return st.error();
    long long seq = storage::Query().Where("campaign_id = :c").Bind("c", c.id).Count(s, "certificates") + 1;
    char number[64];
    std::snprintf(number, sizeof number, "%s-%05lld", c.review.certificate_prefix.c_str(), seq);
    const Party party = PartyOf(s, a);
    const std::string code = VerifyCode(), issued_on = FormatDate(today), num(number);
    long long app = a.id, holder = a.applicant_id;
    const std::string valid = kCertificateLifecycle.Start("issue");
    s.sql()
        << "INSERT INTO certificates (number, verify_code, application_id, holder_id, name, level, "
           "specialty, "
           "committee_code, campaign_id, issued_on, status, created_at) VALUES (:n, :v, :a, :h, :nm, :l, :s, "
           ":m, :c, :i, :st, :at)",
        soci::use(valid, "st"), soci::use(num, "n"), soci::use(code, "v"), soci::use(app, "a"),
        soci::use(holder, "h"), soci::use(party.applicant_name, "nm"), soci::use(a.level, "l"),
        soci::use(a.specialty, "s"), soci::use(p->committee_code, "m"), soci::use(c.id, "c"),
        soci::use(issued_on, "i"), soci::use(at, "at");
    storage::Notify(s, storage::Audience::User(a.applicant_id),
                    {"certificate.issued", a.id, "您的职称评审结果已确认，电子证书已核发，证书编号 " + num,
                     "Your result is confirmed; certificate " + num + " has been issued"},
                    at);
    ++issued;
  }
  long long pid = p->id, by = actor.principal.user_id;
  s.sql() << "UPDATE result_publicity SET confirmed_by = :by, confirmed_at = :at WHERE id = :p",
      soci::use(by, "by"), soci::use(at, "at"), soci::use(pid, "p");
  Audit(s, actor, at, "result.confirm", "result_publicity", std::to_string(p->id),
        "核发证书 " + std::to_string(issued) + " 本");
  tx.Commit();
  return PublicityView(s, c, *LoadPublicity(s, publicity_id), today);
}

// ---- Certificates ----

Result<views::CertificatePage> Review::Certificates(const Principal&, const std::string& q,
                                                    const storage::PageRequest& page,
                                                    const std::string& status) {
  if (!status.empty() && !kCertificateLifecycle.Parse(status)) return FilterError("status");
  Session s(env_.db);
  storage::Query query;
  if (!q.empty()) query.Where("(c.number LIKE :q OR c.name LIKE :q)").Bind("q", "%" + q + "%");
  if (!status.empty()) query.Where("c.status = :st").Bind("st", status);
  views::CertificatePage out{.items = {}, .total = query.Count(s, "certificates c"), .page_size = page.size};
  out.next_cursor = NextCursor(
      query.Page(s, kCertColumns, "certificates c", {.sort = "c.id", .id = "c.id"}, page,
                 [&](const soci::row& r) { out.items.push_back(CertView(campaigns_, r, false)); }));
  return out;
}

Result<views::Certificate> Review::Certificate(const Principal& p, int64_t id) {
  Session s(env_.db);
  storage::Query q;
  q.Where("c.id = :id").Bind("id", static_cast<long long>(id));
  if (p.role == Role::kApplicant) q.Where("c.holder_id = :u").Bind("u", static_cast<long long>(p.user_id));
  std::optional<views::Certificate> out;
  q.ForEach(s, kCertColumns, "certificates c", "",
            [&](const soci::row& r) { out = CertView(campaigns_, r, true); });
  if (!out) return MakeError(errc::not_found);
  return std::move(*out);
}

Result<views::MyCertificates> Review::MyCertificates(const Principal& p) {
  Session s(env_.db);
  views::MyCertificates out{.items = {}, .total = 0};
  storage::Query()
      .Where("c.holder_id = :u")
      .Bind("u", static_cast<long long>(p.user_id))
      .ForEach(s, kCertColumns, "certificates c", "ORDER BY c.id DESC",
               [&](const soci::row& r) { out.items.push_back(CertView(campaigns_, r, true)); });
  for (auto& it : out.items) {
    it.checks.emplace();
    storage::Query()
        .Where("certificate_id = :c")
        .Bind("c", static_cast<long long>(it.id))
        .ForEach(s, "at, checker, via", "certificate_checks", "ORDER BY id DESC", [&](const soci::row& r) {
          it.checks->push_back({.at = TimeText(storage::Int(r, "at")),
                                .checker = storage::Str(r, "checker"),
                                .via = storage::Str(r, "via")});
        });
  }
  out.total = static_cast<int64_t>(out.items.size());
  return out;
}

Result<views::CertificateVerification> Review::Verify(const std::string& number, const std::string& name,
                                                      const std::string& code_in, const std::string& checker,
                                                      const std::string& ip) {
  FieldErrors fe;
  std::string code;
  for (char ch : code_in)
    if (ch != '-' && ch != ' ') code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (code.empty()) {
    if (number.empty()) fe.Add("number", errc::required);
    if (name.empty()) fe.Add("name", errc::required);
  }
  if (checker.size() > 100) fe.Add("checker", errc::too_long);
  if (number.size() > 40 || name.size() > 60 || code.size() > 40)
    return MakeError(errc::certificate_not_found);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::Query q;
  if (!code.empty()) {
    q.Where("c.verify_code = :v").Bind("v", code);
  } else {
    q.Where("c.number = :n AND c.name = :nm").Bind("n", number).Bind("nm", name);
  }
  std::optional<views::CertificateVerification> out;
  int64_t cert_id = 0;
  q.ForEach(s, kCertColumns, "certificates c", "", [&](const soci::row& r) {
    cert_id = storage::Int(r, "id");
    // What anyone holding the number and name, or the code, may learn: not the reason of a revocation.
    views::Certificate c = CertView(campaigns_, r, false);
    out = views::CertificateVerification{.revoked_on = c.revoked_on,
                                         .number = c.number,
                                         .name = c.name,
                                         .level_name = c.level_name,
                                         .specialty_name = c.specialty_name,
                                         .committee_name = c.committee_name,
                                         .issued_on = c.issued_on,
                                         .status = c.status};
  });
  if (!out) return MakeError(errc::certificate_not_found);
  storage::WriteTx tx(s);
  long long cid = cert_id, at = UnixSeconds(env_.clock.Now());
  const std::string via = code.empty() ? "number" : "code";
  s.sql() << "INSERT INTO certificate_checks (certificate_id, via, checker, client_ip, at) VALUES (:c, :v, "
             ":k, :ip, "
             ":at)",
      soci::use(cid, "c"), soci::use(via, "v"), soci::use(checker, "k"), soci::use(ip, "ip"),
      soci::use(at, "at");
  tx.Commit();
  return std::move(*out);
}

Result<views::Certificate> Review::Revoke(const Actor& actor, int64_t certificate_id,
                                          const std::string& reason, const std::string& evidence) {
  FieldErrors fe;
  if (reason.empty()) fe.Add("reason", errc::reason_required);
  if (evidence.empty()) fe.Add("evidence", errc::required);
  if (reason.size() > 2000) fe.Add("reason", errc::too_long);
  if (evidence.size() > 4000) fe.Add("evidence", errc::too_long);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "certificates", certificate_id);
  std::string status, campaign_id;
  int64_t app_id = 0, holder = 0;
  std::string name;
  storage::Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(certificate_id))
      .ForEach(s, "status, application_id, holder_id, name, campaign_id", "certificates", "",
               [&](const soci::row& r) {
                 status = storage::Str(r, "status");
                 app_id = storage::Int(r, "application_id");
                 holder = storage::Int(r, "holder_id");
                 name = storage::Str(r, "name");
                 campaign_id = storage::Str(r, "campaign_id");
               });
  const auto from = kCertificateLifecycle.Parse(status);
  if (!from) return MakeError(errc::not_found);
  if (auto refusal = kCertificateLifecycle.Refuse(*from, "revoke")) return MakeError(*refusal);
  const std::string to(kCertificateLifecycle.Code(kCertificateLifecycle.Next(*from, "revoke")));
  const TimePoint now = env_.clock.Now();
  const Date today = ShanghaiDate(now);
  const long long at = UnixSeconds(now);
  long long cid = certificate_id;
  const std::string on = FormatDate(today);
  s.sql() << "UPDATE certificates SET status = :st, revoked_on = :d, revoke_reason = :r WHERE id = :id",
      soci::use(to, "st"), soci::use(on, "d"), soci::use(reason, "r"), soci::use(cid, "id");
  if (auto a = LoadApp(s, app_id, true); a && a->state == State::kCertified)
    if (auto st = wf_.ApplyReviewStep(s, actor, app_id, Action::kRevoke, reason, now); !st.ok())
      return st.error();
  const auto holder_user = storage::FindUserById(s, holder);
  const auto& c = CampaignById(campaigns_, campaign_id);
  InsertRecord(s, c, holder_user ? holder_user->id_number : "", name, reason, evidence, certificate_id,
               app_id, today, actor.principal.user_id, at);
  storage::Notify(s, storage::Audience::User(holder),
                  {"certificate.revoked", app_id,
                   "您的职称证书已因弄虚作假被撤销，并记入诚信档案 " +
                       std::to_string(c.integrity.record_years) + " 年。理由：" + reason,
                   "Your certificate was revoked for fraud and recorded in the integrity archive"},
                  at);
  Audit(s, actor, at, "certificate.revoke", "certificate", std::to_string(certificate_id), reason);
  tx.Commit();
  std::optional<views::Certificate> out;
  storage::Query()
      .Where("c.id = :id")
      .Bind("id", cid)
      .ForEach(s, kCertColumns, "certificates c", "",
               [&](const soci::row& r) { out = CertView(campaigns_, r, false); });
  if (!out) return MakeError(errc::not_found);
  return std::move(*out);
}

// ---- Integrity archive ----

Result<views::IntegrityRecordPage> Review::IntegrityRecords(const Principal&,
                                                            const storage::PageRequest& page,
                                                            const std::string& in_force) {
  if (!in_force.empty() && in_force != "true" && in_force != "false") return FilterError("in_force");
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  storage::Query q;
  // Dates are stored as YYYY-MM-DD, so text order is date order (the same test as RecordView's in_force).
  if (in_force == "true")
    q.Where("r.start_date <= :today AND r.end_date > :today").Bind("today", FormatDate(today));
  if (in_force == "false")
    q.Where("NOT (r.start_date <= :today AND r.end_date > :today)").Bind("today", FormatDate(today));
  views::IntegrityRecordPage out{.items = {}, .total = q.Count(s, kRecordFrom), .page_size = page.size};
  out.next_cursor =
      NextCursor(q.Page(s, kRecordColumns, kRecordFrom, {.sort = "r.id", .id = "r.id"}, page,
                        [&](const soci::row& r) { out.items.push_back(RecordView(r, today)); }));
  return out;
}

Result<views::IntegrityRecordPage> Review::AddIntegrityRecord(const Actor& actor, int64_t app_id,
                                                              const std::string& reason,
                                                              const std::string& evidence) {
  FieldErrors fe;
  if (reason.empty()) fe.Add("reason", errc::reason_required);
  if (evidence.empty()) fe.Add("evidence", errc::required);
  if (!fe.empty()) return fe.ToError();
  {
    Session s(env_.db);
    storage::WriteTx tx(s);
    auto a = LoadApp(s, app_id);
    if (!a) {
      fe.Add("application_id", errc::not_found);
      return fe.ToError();
    }
    const Party party = PartyOf(s, *a);
    const TimePoint now = env_.clock.Now();
    const long long at = UnixSeconds(now);
    InsertRecord(s, CampaignById(campaigns_, a->campaign_id), party.applicant_id_number, party.applicant_name,
                 reason, evidence, std::nullopt, a->id, ShanghaiDate(now), actor.principal.user_id, at);
    storage::Notify(s, storage::Audience::User(a->applicant_id),
                    {"integrity.recorded", a->id, "您因申报材料弄虚作假被记入诚信档案。理由：" + reason,
                     "You were recorded in the integrity archive for fraud"},
                    at);
    Audit(s, actor, at, "integrity.record", "application", std::to_string(a->id), reason);
    tx.Commit();
  }
  return IntegrityRecords(actor.principal);
}

Result<views::MyIntegrityRecords> Review::MyIntegrity(const Principal& p) {
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  views::MyIntegrityRecords out{.items = {}, .total = 0};
  storage::Query()
      .Where("r.id_number = (SELECT id_number FROM users WHERE id = :u)")
      .Bind("u", static_cast<long long>(p.user_id))
      .ForEach(s, kRecordColumns, kRecordFrom, "ORDER BY r.id DESC",
               [&](const soci::row& r) { out.items.push_back(RecordView(r, today)); });
  out.total = static_cast<int64_t>(out.items.size());
  return out;
}

// ---- Re-examination and complaints ----

namespace {
constexpr const char* kCaseColumns =
    "k.id, k.kind, k.application_id, a.number AS application_number, u.name AS filed_by_name, k.subject, "
    "k.content, k.status, k.outcome, k.outcome_text, k.created_at, k.closed_at";
constexpr const char* kCaseFrom =
    "review_cases k JOIN users u ON u.id = k.filed_by LEFT JOIN applications a ON a.id = k.application_id";
views::Case CaseView(const soci::row& r) {
  views::Case v{.id = storage::Int(r, "id"),
                .kind = storage::Str(r, "kind"),
                .application_id = {},
                .application_number = storage::Str(r, "application_number"),
                .filed_by_name = storage::Str(r, "filed_by_name"),
                .subject = storage::Str(r, "subject"),
                .content = storage::Str(r, "content"),
                .status = storage::Str(r, "status"),
                .outcome = {},
                .outcome_text = storage::Str(r, "outcome_text"),
                .created_at = TimeText(storage::Int(r, "created_at")),
                .closed_at = TimeOrNull(storage::Int(r, "closed_at"))};
  if (!storage::IsNull(r, "application_id")) v.application_id = storage::Int(r, "application_id");
  if (!storage::IsNull(r, "outcome")) v.outcome = storage::Str(r, "outcome");
  return v;
}
}  // namespace

Result<views::Case> Review::FileCase(const Actor& actor, const FileCaseCommand& cmd) {
  FieldErrors fe = cmd.unreadable;
  const std::string& kind = cmd.kind;
  const auto& app_id = cmd.application_id;
  const std::string& subject = cmd.subject;
  const std::string& content = cmd.content;
  if (kind != "re_examination" && kind != "complaint")
    fe.Add("kind", kind.empty() ? errc::required : errc::unknown_code);
  if (subject.empty()) fe.Add("subject", errc::required);
  if (subject.size() > 200) fe.Add("subject", errc::too_long);
  if (content.empty()) fe.Add("content", errc::required);
  if (content.size() > 8000) fe.Add("content", errc::too_long);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  if (app_id) {
    auto a = LoadApp(s, *app_id);
    if (!a || !workflow::CanSee(actor.principal, *a)) {
      if (kind == "re_examination") return MakeError(errc::case_application_required);
      fe.Add("application_id", errc::not_found);
      return fe.ToError();
    }
    if (kind == "re_examination" &&
        (a->applicant_id != actor.principal.user_id ||
         (a->state != State::kFailed && a->state != State::kPassed && a->state != State::kCertified)))
      return MakeError(errc::case_application_required);
  } else if (kind == "re_examination") {
    return MakeError(errc::case_application_required);
  }
  storage::NullableInt app(app_id);
  long long by = actor.principal.user_id, at = UnixSeconds(env_.clock.Now()), cid = 0;
  const std::string open = kCaseLifecycle.Start("file");
  s.sql() << "INSERT INTO review_cases (kind, application_id, filed_by, subject, content, status, "
             "created_at) VALUES "
             "(:k, :a, :by, :s, :c, :st, :at) RETURNING id",
      soci::use(open, "st"), soci::use(kind, "k"), soci::use(app.value, app.ind, "a"), soci::use(by, "by"),
      soci::use(subject, "s"), soci::use(content, "c"), soci::use(at, "at"), soci::into(cid);
  storage::Notify(
      s, storage::Audience::Role("committee_office"),
      {"case.filed", app_id, std::string(kind == "complaint" ? "收到投诉：" : "收到复查申请：") + subject,
       std::string(kind == "complaint" ? "Complaint: " : "Re-examination request: ") + subject},
      at);
  Audit(s, actor, at, "case.file", "case", std::to_string(cid), kind + "：" + subject);
  tx.Commit();
  std::optional<views::Case> out;
  storage::Query()
      .Where("k.id = :id")
      .Bind("id", cid)
      .ForEach(s, kCaseColumns, kCaseFrom, "", [&](const soci::row& r) { out = CaseView(r); });
  if (!out) return MakeError(errc::not_found);
  return std::move(*out);
}

Result<views::CasePage> Review::Cases(const Principal& p, const storage::PageRequest& page,
                                      const std::string& status, const std::string& kind) {
  if (!status.empty() && !kCaseLifecycle.Parse(status)) return FilterError("status");
  if (!kind.empty() && kind != "re_examination" && kind != "complaint") return FilterError("kind");
  Session s(env_.db);
  storage::Query q;
  if (!IsOffice(p)) q.Where("k.filed_by = :u").Bind("u", static_cast<long long>(p.user_id));
  if (!status.empty()) q.Where("k.status = :st").Bind("st", status);
  if (!kind.empty()) q.Where("k.kind = :kd").Bind("kd", kind);
  views::CasePage out{.items = {}, .total = q.Count(s, kCaseFrom), .page_size = page.size};
  out.next_cursor = NextCursor(q.Page(s, kCaseColumns, kCaseFrom, {.sort = "k.id", .id = "k.id"}, page,
                                      [&](const soci::row& r) { out.items.push_back(CaseView(r)); }));
  return out;
}

Result<views::Case> Review::CloseCase(const Actor& actor, int64_t id, const std::string& outcome,
                                      const std::string& text) {
  FieldErrors fe;
  if (outcome != "upheld" && outcome != "dismissed")
    fe.Add("outcome", outcome.empty() ? errc::required : errc::unknown_code);
  if (text.empty()) fe.Add("outcome_text", errc::required);
  if (text.size() > 8000) fe.Add("outcome_text", errc::too_long);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::LockRow(s, "review_cases", id);
  std::string status;
  int64_t filer = 0;
  storage::Query()
      .Where("id = :id")
      .Bind("id", static_cast<long long>(id))
      .ForEach(s, "status, filed_by", "review_cases", "", [&](const soci::row& r) {
        status = storage::Str(r, "status");
        filer = storage::Int(r, "filed_by");
      });
  const auto from = kCaseLifecycle.Parse(status);
  if (!from) return MakeError(errc::not_found);
  if (auto refusal = kCaseLifecycle.Refuse(*from, "close")) return MakeError(*refusal);
  const std::string to(kCaseLifecycle.Code(kCaseLifecycle.Next(*from, "close")));
  long long cid = id, by = actor.principal.user_id, at = UnixSeconds(env_.clock.Now());
  s.sql() << "UPDATE review_cases SET status = :st, outcome = :o, outcome_text = :t, handled_by = :by, "
             "closed_at = :at WHERE id = :id",
      soci::use(to, "st"), soci::use(outcome, "o"), soci::use(text, "t"), soci::use(by, "by"),
      soci::use(at, "at"), soci::use(cid, "id");
  storage::Notify(
      s, storage::Audience::User(filer),
      {"case.closed", std::nullopt,
       std::string("您提交的案件已办结：") + (outcome == "upheld" ? "成立" : "不成立") + "。" + text,
       std::string("Your case is closed: ") + outcome},
      at);
  Audit(s, actor, at, "case.close", "case", std::to_string(id), outcome + "：" + text);
  tx.Commit();
  std::optional<views::Case> out;
  storage::Query()
      .Where("k.id = :id")
      .Bind("id", cid)
      .ForEach(s, kCaseColumns, kCaseFrom, "", [&](const soci::row& r) { out = CaseView(r); });
  if (!out) return MakeError(errc::not_found);
  return std::move(*out);
}

}  // namespace zc::review

namespace zc::review {

using namespace detail;

Result<views::TodoList> Review::Todo(const Principal& p, Lang lang) {
  Session s(env_.db);
  views::TodoList out;
  auto add = [&](const char* kind, int64_t count, const std::string& zh, const std::string& en,
                 const std::string& link) {
    if (count <= 0) return;
    out.items.push_back({.kind = kind, .count = count, .text = lang == Lang::kEn ? en : zh, .link = link});
  };
  auto n = [](int64_t v) { return std::to_string(v); };
  if (p.role == accounts::Role::kExpert) {
    auto me = ExpertOf(s, p);
    if (!me) return out;
    const auto eid = static_cast<long long>(me->id);
    const int64_t invited = storage::Query()
                                .Where("expert_id = :e AND status = 'invited'")
                                .Bind("e", eid)
                                .Count(s, "group_experts");
    add("invitations", invited, "有 " + n(invited) + " 个评议组邀请待您确认是否参加",
        n(invited) + " review group invitation(s) to answer", "/expert");
    const int64_t unreviewed =
        storage::Query()
            .Where(
                "ge.expert_id = :e AND ge.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM expert_reviews "
                "r "
                "WHERE r.application_id = ga.application_id AND r.expert_id = ge.expert_id) AND NOT EXISTS "
                "(SELECT 1 FROM meeting_candidates c JOIN meetings m ON m.id = c.meeting_id WHERE "
                "c.application_id = ga.application_id AND m.status <> 'planned')")
            .Bind("e", eid)
            .Count(s, "group_experts ge JOIN group_applications ga ON ga.group_id = ge.group_id");
    add("reviews", unreviewed, "有 " + n(unreviewed) + " 份申报待您提交评议意见",
        n(unreviewed) + " application(s) await your review", "/expert");
    storage::Query()
        .Where(
            "mm.expert_id = :e AND mm.present = 1 AND m.status = 'voting' AND NOT EXISTS (SELECT 1 FROM "
            "ballot_receipts b WHERE b.meeting_id = m.id AND b.expert_id = mm.expert_id)")
        .Bind("e", eid)
        .ForEach(s, "m.id, m.title", "meeting_members mm JOIN meetings m ON m.id = mm.meeting_id",
                 "ORDER BY m.id", [&](const soci::row& r) {
                   add("ballot", 1, "评审会议“" + storage::Str(r, "title") + "”正在投票，请投票",
                       "The meeting \"" + storage::Str(r, "title") + "\" is voting: cast your ballot",
                       "/expert/meetings/" + std::to_string(storage::Int(r, "id")));
                 });
  }
  if (p.role == accounts::Role::kCommitteeOffice) {
    const int64_t received = storage::Query().Where("state = 'received'").Count(s, "applications");
    add("intake", received, n(received) + " 份申报待形式审查、签收纸质材料",
        n(received) + " received application(s) await formal review and the paper forms",
        "/queue?state=received");
    const int64_t ungrouped =
        storage::Query()
            .Where(
                "a.state = 'accepted' AND NOT EXISTS (SELECT 1 FROM group_applications ga WHERE "
                "ga.application_id = a.id)")
            .Count(s, "applications a");
    add("grouping", ungrouped, n(ungrouped) + " 份已受理申报尚未分配专业评议组",
        n(ungrouped) + " accepted application(s) are in no review group", "/review/groups");
    const int64_t short_groups =
        storage::Query()
            .Where(
                "g.size > (SELECT COUNT(*) FROM group_experts ge WHERE ge.group_id = g.id AND ge.status IN "
                "('invited', 'confirmed'))")
            .Count(s, "review_groups g");
    add("draw", short_groups, n(short_groups) + " 个评议组有专家空缺待抽取",
        n(short_groups) + " review group(s) have open places to draw", "/review/groups");
    const int64_t objections =
        storage::Query()
            .Where("status = :st")
            .Bind("st", std::string(kResultObjectionLifecycle.Code(ResultObjectionState::kOpen)))
            .Count(s, "result_objections");
    add("objections", objections, n(objections) + " 条评审结果公示异议待调查处理",
        n(objections) + " objection(s) to published results to investigate", "/review/publicity");
  }
  if (p.role == accounts::Role::kCityAdmin) {
    const std::string today = FormatDate(ShanghaiDate(env_.clock.Now()));
    const int64_t ended = storage::Query()
                              .Where("confirmed_at = 0 AND end_date < :t")
                              .Bind("t", today)
                              .Count(s, "result_publicity");
    add("confirm", ended, n(ended) + " 批评审结果公示期满，待确认并发证",
        n(ended) + " result publicity period(s) ended: confirm the results", "/review/publicity");
  }
  if (IsOffice(p)) {
    const int64_t cases = storage::Query()
                              .Where("status = :st")
                              .Bind("st", std::string(kCaseLifecycle.Code(CaseState::kOpen)))
                              .Count(s, "review_cases");
    add("cases", cases, n(cases) + " 件复查申请或投诉待办理",
        n(cases) + " re-examination or complaint case(s) open", "/review/cases");
  }
  return out;
}

}  // namespace zc::review
