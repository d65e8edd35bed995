// After the vote: result publicity with public objections, confirmation, certificates and their public
// verification, revocation and the integrity archive, re-examination and complaint cases.
#include <algorithm>
#include <cstdio>

#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "base/json_fields.hpp"
#include "base/limits.hpp"
#include "review/internal.hpp"
#include "review/lifecycles.hpp"
#include "review/views.hpp"
#include "storage/cases_repo.hpp"
#include "storage/certificates_repo.hpp"
#include "storage/meetings_repo.hpp"
#include "storage/result_publicity_repo.hpp"
#include "storage/review_todo_repo.hpp"

namespace zc::review {

using namespace detail;
using accounts::Role;
using workflow::Action;
using workflow::State;

namespace {

using workflow::NextCursor;
using workflow::TimeOrNull;
using workflow::TimeText;

using PublicityRow = storage::ResultPublicityRow;

std::optional<PublicityRow> LoadPublicity(Session& s, int64_t id) {
  return storage::ResultPublicityRepo(s).Find(id);
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
  std::vector<std::pair<AppRow, bool>> out;
  for (const auto& c : storage::MeetingsRepo(s).Candidates(meeting_id))
    if (auto a = LoadApp(s, c.application_id)) out.emplace_back(*a, c.passed);
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
                                     const Date& today, const Principal& reader) {
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
    const AppSummary o = AppBrief(s, c, a);
    v.entries.push_back({.application_id = a.id,
                         .number = a.number,
                         .name = o.name,
                         .unit_name = o.unit_name,
                         .level_name = o.level_name,
                         .specialty_name = o.specialty_name,
                         .passed = passed,
                         .state = o.state});
  }
  int open_objections = 0;
  for (const auto& o : storage::ResultPublicityRepo(s).Objections(p.id)) {
    views::ResultObjection& x =
        v.objections.emplace_back(views::ResultObjection{.id = o.id,
                                                         .application_id = o.application_id,
                                                         .name = o.name,
                                                         .contact = o.contact,
                                                         .content = o.content,
                                                         .status = o.status,
                                                         .resolution = o.resolution,
                                                         .created_at = TimeText(o.created_at),
                                                         .resolved_at = TimeOrNull(o.resolved_at),
                                                         .allowed_actions = {},
                                                         .unavailable_actions = {}});
    if (const auto st = kResultObjectionLifecycle.Parse(o.status)) {
      if (*st == ResultObjectionState::kOpen) ++open_objections;
      OfferActions(kResultObjectionLifecycle, *st, reader, x.allowed_actions, x.unavailable_actions);
    }
  }
  OfferActions(
      kPublicityLifecycle, PublicityStateOf(p, today), reader,
      [&](std::string_view action) -> std::optional<ErrorCode> {
        if (action == "confirm" && open_objections > 0) return ErrorCode::objection_open;
        return std::nullopt;
      },
      v.allowed_actions, v.unavailable_actions);
  return v;
}

// A list filter with a value the list does not know.
Error FilterError(const std::string& field) {
  FieldErrors fe;
  fe.Add(field, errc::unknown_code);
  return fe.ToError();
}

// `reader`: whose actions to offer (none for a public verification).
views::Certificate CertView(const std::vector<campaign::Campaign>& all, const storage::CertificateRow& r,
                            bool with_code, const Principal* reader) {
  const auto& c = CampaignById(all, r.campaign_id);
  const auto* level = c.FindLevel(r.level);
  const auto* sp = c.FindSpecialty(r.specialty);
  views::Certificate v{.id = r.id,
                       .number = r.number,
                       .name = r.name,
                       .level_name = level ? level->name : r.level,
                       .specialty_name = sp ? sp->name : r.specialty,
                       .committee_name = CommitteeName(c, r.committee_code),
                       .issued_on = r.issued_on,
                       .status = r.status,
                       .revoked_on = {},
                       .revoke_reason = r.revoke_reason,
                       .application_id = r.application_id,
                       .verify_code = {},
                       .checks = {},
                       .allowed_actions = {},
                       .unavailable_actions = {}};
  if (!r.revoked_on.empty()) v.revoked_on = r.revoked_on;
  if (const auto st = kCertificateLifecycle.Parse(r.status); st && reader)
    OfferActions(kCertificateLifecycle, *st, *reader, v.allowed_actions, v.unavailable_actions);
  if (with_code) {
    const std::string& code = r.verify_code;
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

views::IntegrityRecord RecordView(const storage::IntegrityRecordRow& r, const Date& today) {
  const auto end = ParseDate(r.end_date);
  const auto start = ParseDate(r.start_date);
  return {.id = r.id,
          .name = r.name,
          .id_number_masked = MaskResidentId(r.id_number),
          .kind = r.kind,
          .reason = r.reason,
          .evidence = r.evidence,
          .certificate_number = r.certificate_number,
          .application_number = r.application_number,
          .start_date = r.start_date,
          .end_date = r.end_date,
          .in_force = start && end && !(today < *start) && today < *end,
          .created_at = TimeText(r.created_at)};
}

// A fraud record for `c`'s number of years from today (诚信档案).
void InsertRecord(Session& s, const campaign::Campaign& c, const std::string& id_number,
                  const std::string& name, const std::string& reason, const std::string& evidence,
                  std::optional<int64_t> cert, std::optional<int64_t> app, const Date& today, int64_t by,
                  int64_t at) {
  storage::CertificatesRepo(s).InsertRecord(
      {.id_number = id_number,
       .name = name,
       .kind = "fraud",
       .reason = reason,
       .evidence = evidence,
       .certificate_id = cert,
       .application_id = app,
       .start_date = FormatDate(today),
       .end_date = FormatDate(AddYears(today, c.integrity.record_years)),
       .created_by = by,
       .created_at = at});
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
  storage::MeetingsRepo meetings(s);
  meetings.LockForUpdate(meeting_id);  // one publicity per meeting
  std::string status, campaign_id;
  if (auto m = meetings.Find(meeting_id)) {
    status = m->status;
    campaign_id = m->campaign_id;
  }
  FieldErrors fe;
  if (status.empty()) {
    fe.Add("meeting_id", errc::not_found);
    return fe.ToError();
  }
  if (kMeetingLifecycle.Parse(status) != MeetingState::kClosed) return MakeError(errc::meeting_not_closed);
  storage::ResultPublicityRepo publicities(s);
  if (publicities.ExistsForMeeting(meeting_id)) return MakeError(errc::publicity_exists);
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
  const int64_t at = UnixSeconds(now);
  const int64_t pid = publicities.Insert(meeting_id, s_text, e_text, actor.principal.user_id, at);
  Audit(s, actor, at, "result.publicity", "result_publicity", std::to_string(pid), s_text + " 至 " + e_text);
  tx.Commit();
  return PublicityView(s, c, *LoadPublicity(s, pid), ShanghaiDate(now), actor.principal);
}

Result<views::ResultPublicityPage> Review::Publicities(const Principal& reader,
                                                       const storage::PageRequest& page) {
  Session s(env_.db);
  const auto ids = storage::ResultPublicityRepo(s).List(page);
  const Date today = ShanghaiDate(env_.clock.Now());
  views::ResultPublicityPage out{
      .items = {}, .total = ids.total, .page_size = page.size, .next_cursor = NextCursor(ids.next)};
  for (auto id : ids.ids) {
    auto p = LoadPublicity(s, id);
    out.items.push_back(PublicityView(s, CampaignById(campaigns_, p->campaign_id), *p, today, reader));
  }
  return out;
}

Result<views::ResultPublicity> Review::Publicity(const Principal& reader, int64_t id) {
  Session s(env_.db);
  auto p = LoadPublicity(s, id);
  if (!p) return MakeError(errc::not_found);
  return PublicityView(s, CampaignById(campaigns_, p->campaign_id), *p, ShanghaiDate(env_.clock.Now()),
                       reader);
}

Result<views::PublicResultPage> Review::PublicResults(const storage::PageRequest& page) {
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  const std::string t = FormatDate(today);
  const auto ids = storage::ResultPublicityRepo(s).OpenOn(t, page);
  views::PublicResultPage out{
      .items = {}, .total = ids.total, .page_size = page.size, .next_cursor = NextCursor(ids.next)};
  for (auto id : ids.ids) {
    auto p = LoadPublicity(s, id);
    const auto& c = CampaignById(campaigns_, p->campaign_id);
    views::PublicPreReview item{.id = p->id,
                                .committee_name = CommitteeName(c, p->committee_code),
                                .start_date = p->start_date,
                                .end_date = p->end_date,
                                .entries = {}};
    for (const auto& [a, passed] : Entries(s, p->meeting_id)) {
      if (!passed || !Standing(a)) continue;
      const AppSummary o = AppBrief(s, c, a);
      item.entries.push_back({.entry_id = a.id,
                              .name = o.name,
                              .unit_name = o.unit_name,
                              .level_name = o.level_name,
                              .specialty_name = o.specialty_name});
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
  CheckLength(fe, "name", name);
  if (contact.empty()) {
    fe.Add("contact", errc::required);
  } else if (!ValidContact(contact)) {
    fe.Add("contact", errc::invalid_contact);
  }
  if (content.empty()) fe.Add("content", errc::required);
  CheckLength(fe, "content", content);
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
  const int64_t at = UnixSeconds(now);
  const int64_t oid =
      storage::ResultPublicityRepo(s).InsertObjection({.id = 0,
                                                       .publicity_id = p->id,
                                                       .application_id = *entry,
                                                       .name = name,
                                                       .contact = contact,
                                                       .content = content,
                                                       .status = kResultObjectionLifecycle.Start("raise"),
                                                       .resolution = {},
                                                       .created_at = at,
                                                       .resolved_at = 0},
                                                      ip);
  storage::NotifyStep(
      s, kResultObjectionLifecycle.Find(std::nullopt, "raise")->notify, {},
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
  CheckLength(fe, "resolution", resolution);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::ResultPublicityRepo publicities(s);
  publicities.LockObjection(id);
  const auto objection = publicities.FindObjection(id);
  if (!objection) return MakeError(errc::not_found);
  const int64_t pid = objection->publicity_id, app_id = objection->application_id;
  const auto from = kResultObjectionLifecycle.Parse(objection->status);
  if (!from) return MakeError(errc::not_found);
  const std::string_view action = outcome == "upheld" ? "uphold" : "dismiss";
  if (auto refusal = kResultObjectionLifecycle.Refuse(*from, action)) return MakeError(*refusal);
  const std::string to(kResultObjectionLifecycle.Code(kResultObjectionLifecycle.Next(*from, action)));
  const TimePoint now = env_.clock.Now();
  const int64_t at = UnixSeconds(now);
  publicities.ResolveObjection(id, to, resolution, actor.principal.user_id, at);
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
  return PublicityView(s, CampaignById(campaigns_, p->campaign_id), *p, ShanghaiDate(now), actor.principal);
}

Result<views::ResultPublicity> Review::Confirm(const Actor& actor, int64_t publicity_id) {
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::ResultPublicityRepo publicities(s);
  publicities.LockForUpdate(publicity_id);
  auto p = publicities.Find(publicity_id);
  if (!p) return MakeError(errc::not_found);
  const TimePoint now = env_.clock.Now();
  const Date today = ShanghaiDate(now);
  if (auto refusal = kPublicityLifecycle.Refuse(PublicityStateOf(*p, today), "confirm"))
    return MakeError(*refusal);
  if (publicities.CountObjections(
          p->id, std::string(kResultObjectionLifecycle.Code(ResultObjectionState::kOpen))) > 0)
    return MakeError(errc::objection_open);
  const auto& c = CampaignById(campaigns_, p->campaign_id);
  const long long at = UnixSeconds(now);
  int issued = 0;
  for (const auto& [a, passed] : Entries(s, p->meeting_id)) {
    if (a.state != State::kPassed) continue;
    if (auto st = wf_.ApplyReviewStep(s, actor, a.id, Action::kConfirm, "评审结果公示期满，确认通过", now);
        !st.ok())
      return st.error();
    storage::CertificatesRepo certs(s);
    long long seq = certs.CountInCampaign(c.id) + 1;
    char number[64];
    std::snprintf(number, sizeof number, "%s-%05lld", c.review.certificate_prefix.c_str(), seq);
    const Party party = PartyOf(s, a);
    const std::string code = VerifyCode(), issued_on = FormatDate(today), num(number);
    certs.Insert({.id = 0,
                  .number = num,
                  .verify_code = code,
                  .application_id = a.id,
                  .holder_id = a.applicant_id,
                  .name = party.applicant_name,
                  .level = a.level,
                  .specialty = a.specialty,
                  .committee_code = p->committee_code,
                  .campaign_id = c.id,
                  .issued_on = issued_on,
                  .status = kCertificateLifecycle.Start("issue"),
                  .revoked_on = {},
                  .revoke_reason = {}},
                 at);
    storage::NotifyStep(
        s, kCertificateLifecycle.Find(std::nullopt, "issue")->notify, {.applicant = a.applicant_id},
        {"certificate.issued", a.id, "您的职称评审结果已确认，电子证书已核发，证书编号 " + num,
         "Your result is confirmed; certificate " + num + " has been issued"},
        at);
    ++issued;
  }
  publicities.Confirm(p->id, actor.principal.user_id, at);
  Audit(s, actor, at, "result.confirm", "result_publicity", std::to_string(p->id),
        "核发证书 " + std::to_string(issued) + " 本");
  tx.Commit();
  return PublicityView(s, c, *LoadPublicity(s, publicity_id), today, actor.principal);
}

// ---- Certificates ----

Result<views::CertificatePage> Review::Certificates(const Principal& reader, const std::string& q,
                                                    const storage::PageRequest& page,
                                                    const std::string& status) {
  if (!status.empty() && !kCertificateLifecycle.Parse(status)) return FilterError("status");
  Session s(env_.db);
  auto rows = storage::CertificatesRepo(s).List({.text = q, .status = status}, page);
  views::CertificatePage out{.items = {}, .total = rows.total, .page_size = page.size};
  for (const auto& r : rows.rows) out.items.push_back(CertView(campaigns_, r, false, &reader));
  out.next_cursor = NextCursor(rows.next);
  return out;
}

Result<views::Certificate> Review::Certificate(const Principal& p, int64_t id) {
  Session s(env_.db);
  storage::CertificatesRepo certs(s);
  // An applicant sees only their own certificates; the office and the city admin see every one.
  const auto row = p.role == Role::kApplicant ? certs.FindHeldBy(id, p.user_id) : certs.Find(id);
  if (!row) return MakeError(errc::not_found);
  return CertView(campaigns_, *row, true, &p);
}

Result<views::MyCertificates> Review::MyCertificates(const Principal& p) {
  Session s(env_.db);
  storage::CertificatesRepo certs(s);
  views::MyCertificates out{.items = {}, .total = 0};
  for (const auto& r : certs.HeldBy(p.user_id)) out.items.push_back(CertView(campaigns_, r, true, &p));
  for (auto& it : out.items) {
    it.checks.emplace();
    for (const auto& c : certs.Checks(it.id))
      it.checks->push_back({.at = TimeText(c.at), .checker = c.checker, .via = c.via});
  }
  out.total = static_cast<int64_t>(out.items.size());
  return out;
}

namespace {

// What a person types or pastes: spaces anywhere (ASCII, no-break U+00A0, ideographic U+3000) and lower case
// never make a genuine certificate "not found".
std::string WithoutSpaces(const std::string& in, bool upper) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE3 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
        static_cast<unsigned char>(in[i + 2]) == 0x80) {
      i += 2;
      continue;
    }
    out += upper && c < 0x80 ? static_cast<char>(std::toupper(c)) : static_cast<char>(c);
  }
  return out;
}

// A name keeps its inner spaces (Anna Li) and loses those around it.
std::string Trimmed(const std::string& in) {
  if (WithoutSpaces(in, false).empty()) return {};
  size_t begin = 0, end = in.size();
  auto space_at = [&](size_t i) -> size_t {  // the length of a space at i, or 0
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
    if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) return 2;
    if (c == 0xE3 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
        static_cast<unsigned char>(in[i + 2]) == 0x80)
      return 3;
    return 0;
  };
  while (begin < end && space_at(begin)) begin += space_at(begin);
  for (bool moved = true; moved && end > begin;) {
    moved = false;
    for (size_t len : {size_t{1}, size_t{2}, size_t{3}})
      if (end - begin >= len && space_at(end - len) == len) {
        end -= len;
        moved = true;
        break;
      }
  }
  return in.substr(begin, end - begin);
}

}  // namespace

Result<views::CertificateVerification> Review::Verify(const std::string& number_in,
                                                      const std::string& name_in, const std::string& code_in,
                                                      const std::string& checker, const std::string& ip) {
  const std::string number = WithoutSpaces(number_in, true);
  const std::string name = Trimmed(name_in);
  FieldErrors fe;
  std::string code;
  for (char ch : code_in)
    if (ch != '-' && ch != ' ') code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (code.empty()) {
    if (number.empty()) fe.Add("number", errc::required);
    if (name.empty()) fe.Add("name", errc::required);
  }
  CheckLength(fe, "checker", checker);
  if (number.size() > 40 || name.size() > 60 || code.size() > 40)
    return MakeError(errc::certificate_not_found);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::CertificatesRepo certs(s);
  const auto row = code.empty() ? certs.FindByNumberAndName(number, name) : certs.FindByCode(code);
  if (!row) return MakeError(errc::certificate_not_found);
  // What anyone holding the number and name, or the code, may learn: not the reason of a revocation.
  const views::Certificate c = CertView(campaigns_, *row, false, nullptr);
  views::CertificateVerification out{.revoked_on = c.revoked_on,
                                     .number = c.number,
                                     .name = c.name,
                                     .level_name = c.level_name,
                                     .specialty_name = c.specialty_name,
                                     .committee_name = c.committee_name,
                                     .issued_on = c.issued_on,
                                     .status = c.status};
  storage::WriteTx tx(s);
  certs.AddCheck(row->id, code.empty() ? "number" : "code", checker, ip, UnixSeconds(env_.clock.Now()));
  tx.Commit();
  return out;
}

Result<views::Certificate> Review::Revoke(const Actor& actor, int64_t certificate_id,
                                          const std::string& reason, const std::string& evidence) {
  FieldErrors fe;
  if (reason.empty()) fe.Add("reason", errc::reason_required);
  if (evidence.empty()) fe.Add("evidence", errc::required);
  CheckLength(fe, "reason", reason);
  CheckLength(fe, "evidence", evidence);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::CertificatesRepo certs(s);
  certs.LockForUpdate(certificate_id);
  const auto cert = certs.Find(certificate_id);
  if (!cert) return MakeError(errc::not_found);
  const int64_t app_id = cert->application_id, holder = cert->holder_id;
  const auto from = kCertificateLifecycle.Parse(cert->status);
  if (!from) return MakeError(errc::not_found);
  if (auto refusal = kCertificateLifecycle.Refuse(*from, "revoke")) return MakeError(*refusal);
  const std::string to(kCertificateLifecycle.Code(kCertificateLifecycle.Next(*from, "revoke")));
  const TimePoint now = env_.clock.Now();
  const Date today = ShanghaiDate(now);
  const long long at = UnixSeconds(now);
  certs.SetRevoked(certificate_id, to, FormatDate(today), reason);
  if (auto a = LoadApp(s, app_id, true); a && a->state == State::kCertified)
    if (auto st = wf_.ApplyReviewStep(s, actor, app_id, Action::kRevoke, reason, now); !st.ok())
      return st.error();
  const auto holder_user = storage::FindUserById(s, holder);
  const auto& c = CampaignById(campaigns_, cert->campaign_id);
  InsertRecord(s, c, holder_user ? holder_user->id_number : "", cert->name, reason, evidence, certificate_id,
               app_id, today, actor.principal.user_id, at);
  storage::NotifyStep(s, kCertificateLifecycle.Find(CertificateState::kValid, "revoke")->notify,
                      {.applicant = holder},
                      {"certificate.revoked", app_id,
                       "您的职称证书已因弄虚作假被撤销，并记入诚信档案 " +
                           std::to_string(c.integrity.record_years) + " 年。理由：" + reason,
                       "Your certificate was revoked for fraud and recorded in the integrity archive"},
                      at);
  Audit(s, actor, at, "certificate.revoke", "certificate", std::to_string(certificate_id), reason);
  tx.Commit();
  const auto revoked = certs.Find(certificate_id);
  if (!revoked) return MakeError(errc::not_found);
  return CertView(campaigns_, *revoked, false, &actor.principal);
}

// ---- Integrity archive ----

Result<views::IntegrityRecordPage> Review::IntegrityRecords(const Principal&,
                                                            const storage::PageRequest& page,
                                                            const std::string& in_force) {
  if (!in_force.empty() && in_force != "true" && in_force != "false") return FilterError("in_force");
  Session s(env_.db);
  const Date today = ShanghaiDate(env_.clock.Now());
  // In force: start ≤ today < end (the same test as RecordView's in_force).
  const std::optional<bool> filter =
      in_force.empty() ? std::nullopt : std::optional<bool>(in_force == "true");
  auto rows = storage::CertificatesRepo(s).Records(filter, FormatDate(today), page);
  views::IntegrityRecordPage out{.items = {}, .total = rows.total, .page_size = page.size};
  for (const auto& r : rows.rows) out.items.push_back(RecordView(r, today));
  out.next_cursor = NextCursor(rows.next);
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
  for (const auto& r : storage::CertificatesRepo(s).RecordsOfUser(p.user_id))
    out.items.push_back(RecordView(r, today));
  out.total = static_cast<int64_t>(out.items.size());
  return out;
}

// ---- Re-examination and complaints ----

namespace {
views::Case CaseView(const storage::CaseRow& r, const Principal& reader) {
  views::Case v{.id = r.id,
                .kind = r.kind,
                .application_id = r.application_id,
                .application_number = r.application_number,
                .filed_by_name = r.filed_by_name,
                .subject = r.subject,
                .content = r.content,
                .status = r.status,
                .outcome = r.outcome,
                .outcome_text = r.outcome_text,
                .created_at = TimeText(r.created_at),
                .closed_at = TimeOrNull(r.closed_at),
                .allowed_actions = {},
                .unavailable_actions = {}};
  if (const auto st = kCaseLifecycle.Parse(r.status))
    OfferActions(kCaseLifecycle, *st, reader, v.allowed_actions, v.unavailable_actions);
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
  CheckLength(fe, "subject", subject);
  if (content.empty()) fe.Add("content", errc::required);
  CheckLength(fe, "content", content);
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
  storage::CasesRepo cases(s);
  const int64_t at = UnixSeconds(env_.clock.Now());
  const int64_t cid =
      cases.Insert(kind, app_id, actor.principal.user_id, subject, content, kCaseLifecycle.Start("file"), at);
  storage::NotifyStep(
      s, kCaseLifecycle.Find(std::nullopt, "file")->notify, {},
      {"case.filed", app_id, std::string(kind == "complaint" ? "收到投诉：" : "收到复查申请：") + subject,
       std::string(kind == "complaint" ? "Complaint: " : "Re-examination request: ") + subject},
      at);
  Audit(s, actor, at, "case.file", "case", std::to_string(cid), kind + "：" + subject);
  tx.Commit();
  const auto saved = cases.Find(cid);
  if (!saved) return MakeError(errc::not_found);
  return CaseView(*saved, actor.principal);
}

Result<views::CasePage> Review::Cases(const Principal& p, const storage::PageRequest& page,
                                      const std::string& status, const std::string& kind) {
  if (!status.empty() && !kCaseLifecycle.Parse(status)) return FilterError("status");
  if (!kind.empty() && kind != "re_examination" && kind != "complaint") return FilterError("kind");
  Session s(env_.db);
  // The office and the city admin see every case; others their own.
  const auto rows =
      storage::CasesRepo(s).List({.filed_by = IsOffice(p) ? std::nullopt : std::optional<int64_t>(p.user_id),
                                  .status = status,
                                  .kind = kind},
                                 page);
  views::CasePage out{.items = {}, .total = rows.total, .page_size = page.size};
  for (const auto& r : rows.rows) out.items.push_back(CaseView(r, p));
  out.next_cursor = NextCursor(rows.next);
  return out;
}

Result<views::Case> Review::CloseCase(const Actor& actor, int64_t id, const std::string& outcome,
                                      const std::string& text) {
  FieldErrors fe;
  if (outcome != "upheld" && outcome != "dismissed")
    fe.Add("outcome", outcome.empty() ? errc::required : errc::unknown_code);
  if (text.empty()) fe.Add("outcome_text", errc::required);
  CheckLength(fe, "outcome_text", text);
  if (!fe.empty()) return fe.ToError();
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::CasesRepo cases(s);
  cases.LockForUpdate(id);
  const auto found = cases.Find(id);
  if (!found) return MakeError(errc::not_found);
  const int64_t filer = found->filed_by;
  const auto from = kCaseLifecycle.Parse(found->status);
  if (!from) return MakeError(errc::not_found);
  if (auto refusal = kCaseLifecycle.Refuse(*from, "close")) return MakeError(*refusal);
  const std::string to(kCaseLifecycle.Code(kCaseLifecycle.Next(*from, "close")));
  const int64_t at = UnixSeconds(env_.clock.Now()), cid = id;
  cases.Close(id, to, outcome, text, actor.principal.user_id, at);
  storage::NotifyStep(
      s, kCaseLifecycle.Find(*from, "close")->notify, {.filer = filer},
      {"case.closed", std::nullopt,
       std::string("您提交的案件已办结：") + (outcome == "upheld" ? "成立" : "不成立") + "。" + text,
       std::string("Your case is closed: ") + outcome},
      at);
  Audit(s, actor, at, "case.close", "case", std::to_string(id), outcome + "：" + text);
  tx.Commit();
  const auto saved = cases.Find(cid);
  if (!saved) return MakeError(errc::not_found);
  return CaseView(*saved, actor.principal);
}

}  // namespace zc::review

namespace zc::review {

using namespace detail;

Result<views::TodoList> Review::Todo(const Principal& p) {
  const Lang lang = p.lang;
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
    storage::ReviewTodoRepo todo(s);
    const int64_t invited = todo.CountSeats(me->id, Code(InvitationState::kInvited));
    add("invitations", invited, "有 " + n(invited) + " 个评议组邀请待您确认是否参加",
        n(invited) + " review group invitation(s) to answer", "/expert");
    const int64_t unreviewed =
        todo.CountUnreviewed(me->id, Code(InvitationState::kConfirmed), Code(MeetingState::kPlanned));
    add("reviews", unreviewed, "有 " + n(unreviewed) + " 份申报待您提交评议意见",
        n(unreviewed) + " application(s) await your review", "/expert");
    for (const auto& m : todo.AwaitingBallot(me->id, Code(MeetingState::kVoting)))
      add("ballot", 1, "评审会议“" + m.title + "”正在投票，请投票",
          "The meeting \"" + m.title + "\" is voting: cast your ballot",
          "/expert/meetings/" + std::to_string(m.id));
  }
  if (p.role == accounts::Role::kCommitteeOffice) {
    storage::ReviewTodoRepo todo(s);
    const int64_t received =
        todo.CountApplicationsInState(std::string(workflow::StateCode(State::kReceived)));
    add("intake", received, n(received) + " 份申报待形式审查、签收纸质材料",
        n(received) + " received application(s) await formal review and the paper forms",
        "/queue?state=received");
    const int64_t ungrouped = todo.CountUngrouped(std::string(workflow::StateCode(State::kAccepted)));
    add("grouping", ungrouped, n(ungrouped) + " 份已受理申报尚未分配专业评议组",
        n(ungrouped) + " accepted application(s) are in no review group", "/review/groups");
    const int64_t short_groups =
        todo.CountShortGroups(Code(InvitationState::kInvited), Code(InvitationState::kConfirmed));
    add("draw", short_groups, n(short_groups) + " 个评议组有专家空缺待抽取",
        n(short_groups) + " review group(s) have open places to draw", "/review/groups");
    const int64_t objections = storage::ResultPublicityRepo(s).CountObjections(
        std::nullopt, std::string(kResultObjectionLifecycle.Code(ResultObjectionState::kOpen)));
    add("objections", objections, n(objections) + " 条评审结果公示异议待调查处理",
        n(objections) + " objection(s) to published results to investigate", "/review/publicity");
  }
  if (p.role == accounts::Role::kCityAdmin) {
    const std::string today = FormatDate(ShanghaiDate(env_.clock.Now()));
    const int64_t ended = storage::ResultPublicityRepo(s).CountAwaitingConfirmation(today);
    add("confirm", ended, n(ended) + " 批评审结果公示期满，待确认并发证",
        n(ended) + " result publicity period(s) ended: confirm the results", "/review/publicity");
  }
  if (IsOffice(p)) {
    const int64_t cases =
        storage::CasesRepo(s).CountInStatus(std::string(kCaseLifecycle.Code(CaseState::kOpen)));
    add("cases", cases, n(cases) + " 件复查申请或投诉待办理",
        n(cases) + " re-examination or complaint case(s) open", "/review/cases");
  }
  return out;
}

}  // namespace zc::review
