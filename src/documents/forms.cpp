// Prints of forms: scope through the workflow, a verification code per download, public verification.
#include <boost/json.hpp>

#include "base/crypto.hpp"
#include "base/time.hpp"
#include "documents/documents.hpp"
#include "storage/form_prints_repo.hpp"

namespace zc::documents {

namespace json = boost::json;

namespace {

const campaign::Campaign* CampaignById(const std::vector<campaign::Campaign>& list, const std::string& id) {
  for (const auto& c : list)
    if (c.id == id) return &c;
  return list.empty() ? nullptr : &list.back();
}

std::string Grouped(const std::string& code) {
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += code[i];
  }
  return out;
}

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Result<Pdf> Forms::PublicityFormFor(const accounts::Actor& actor, int64_t application_id) {
  auto app = wf_.Submitted(actor.principal, application_id);
  if (!app.ok()) return app.error();
  const workflow::SubmittedApplication& a = app.value();
  const auto* c = CampaignById(campaigns_, a.campaign_id);
  if (!c) return MakeError(errc::not_found);
  PrintMark mark;
  mark.platform = "职称申报评审管理服务平台";
  mark.form_number = a.number + "-v" + std::to_string(a.snapshot_version);
  mark.printed_at = FormatShanghai(env_.clock.Now()).substr(0, 10);
  mark.printed_by = actor.principal.login;
  mark.publicity = true;
  Pdf pdf = ReviewForm(*c, a, mark);
  pdf.number = a.number;
  return pdf;
}

Result<Pdf> Forms::ExceptionalFormFor(const accounts::Actor& actor, int64_t application_id) {
  accounts::Principal reader = actor.principal;
  reader.lang = Lang::kZh;  // the official form is in Chinese whatever the reader's language
  auto app = wf_.GetApplication(reader, application_id);
  if (!app.ok()) return app.error();
  const workflow::views::Application& a = app.value();
  if (!a.eligibility || a.eligibility->path.value_or("") != "exceptional")
    return MakeError(errc::exceptional_form_not_applicable);
  const auto* c = CampaignById(campaigns_, a.campaign_id);
  if (!c) return MakeError(errc::not_found);
  // The archive as submitted when there is a snapshot; before that, the archive as it stands (the applicant's
  // own, or the one the unit reviews).
  std::vector<workflow::views::ArchiveItem> items;
  if (a.snapshot) {
    // The snapshot holds each item as the archive view wrote it (workflow::ArchiveJson); an item that is not
    // an object is left out, as before.
    const json::value* archive = a.snapshot->data.if_contains("archive");
    const json::value* list =
        archive && archive->is_object() ? archive->as_object().if_contains("items") : nullptr;
    if (list && list->is_array()) {
      for (const json::value& v : list->as_array()) {
        if (!v.is_object()) continue;
        workflow::views::ArchiveItem item{};
        (void)contract::FromJson(v, item, /*strict=*/false);
        items.push_back(std::move(item));
      }
    }
  } else {
    Result<workflow::views::Archive> archive = MakeError(errc::not_found);
    if (actor.principal.role == accounts::Role::kApplicant) {
      archive = wf_.GetArchive(actor.principal);
    } else {
      archive = wf_.GetUnitArchive(actor.principal, a.applicant.id);
    }
    if (archive.ok()) items = std::move(archive.value().items);
  }
  const std::string iso = FormatShanghai(env_.clock.Now());
  Pdf pdf = ExceptionalForm(*c, a, items, iso.substr(0, 10) + " " + iso.substr(11, 5));
  pdf.number = a.number;
  return pdf;
}

Result<Pdf> Forms::ReviewFormFor(const accounts::Actor& actor, int64_t application_id,
                                 const std::string& base_url) {
  auto app = wf_.Submitted(actor.principal, application_id);
  if (!app.ok()) return app.error();
  const workflow::SubmittedApplication& a = app.value();
  const auto* c = CampaignById(campaigns_, a.campaign_id);
  if (!c) return MakeError(errc::not_found);
  const int64_t version = a.snapshot_version;
  const std::string& sha = a.snapshot_sha256;
  const std::string code = RandomCode(16);
  const TimePoint now = env_.clock.Now();
  PrintMark mark;
  mark.platform = "职称申报评审管理服务平台";
  mark.form_number = a.number;
  mark.form_number += "-v";
  mark.form_number += std::to_string(version);
  mark.code = Grouped(code);
  mark.verify_url = base_url;
  mark.verify_url += "/verify?code=";
  mark.verify_url += code;
  const std::string iso = FormatShanghai(now);
  mark.printed_at = iso.substr(0, 10);
  mark.printed_at += ' ';
  mark.printed_at += iso.substr(11, 5);
  mark.printed_by = actor.principal.login;
  Pdf pdf = ReviewForm(*c, a, mark);
  pdf.number = a.number;
  storage::Session s(env_.db);
  storage::FormPrintsRepo(s).Insert({.code = code,
                                     .kind = "review_form",
                                     .application_id = application_id,
                                     .snapshot_version = version,
                                     .snapshot_sha256 = sha,
                                     .pages = pdf.pages,
                                     .printed_by = actor.principal.user_id,
                                     .printed_at = UnixSeconds(now)});
  return pdf;
}

Result<views::FormVerification> Forms::Verify(const std::string& code_in) {
  std::string code;
  for (char ch : code_in)
    if (ch != '-' && ch != ' ') code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (code.empty() || code.size() > 32) return MakeError(errc::form_not_found);
  storage::Session s(env_.db);
  const std::optional<storage::FormPrintRow> r = storage::FormPrintsRepo(s).FindByCode(code);
  if (!r) return MakeError(errc::form_not_found);
  boost::system::error_code ec;
  json::value data = json::parse(r->data, ec);
  const json::object empty;
  const json::object& d = !ec && data.is_object() ? data.as_object() : empty;
  auto sub = [&](const char* k) -> const json::object& {
    const json::value* v = d.if_contains(k);
    return v && v->is_object() ? v->as_object() : empty;
  };
  const std::string number = Str(d, "number");
  return views::FormVerification{.kind = r->kind,
                                 .form_name = "专业技术职务任职资格评审表",
                                 .number = number,
                                 .form_number = number + "-v" + std::to_string(r->snapshot_version),
                                 .applicant_name = Str(sub("applicant"), "name"),
                                 // public: no digit of the identity number (issue 16: need-to-know)
                                 .id_number_masked = "",
                                 .unit_name = Str(sub("unit"), "name"),
                                 .level_name = Str(d, "level_name"),
                                 .specialty_name = Str(d, "specialty_name"),
                                 .submitted_at = Str(d, "submitted_at"),
                                 .snapshot_version = r->snapshot_version,
                                 .snapshot_sha256 = r->snapshot_sha256,
                                 .current = r->snapshot_version == r->current_version,
                                 .pages = r->pages,
                                 .printed_at = FormatShanghai(FromUnixSeconds(r->printed_at))};
}

}  // namespace zc::documents
