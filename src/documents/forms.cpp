// Prints of forms: scope through the workflow, a verification code per download, public verification.
#include <boost/json.hpp>

#include "base/crypto.hpp"
#include "base/time.hpp"
#include "documents/documents.hpp"

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
  auto app = wf_.GetApplication(actor.principal, application_id, Lang::kZh);
  if (!app.ok()) return app.error();
  const json::value app_json = contract::ToJson(app.value());
  const json::object& a = app_json.as_object();
  const json::value* decision = a.if_contains("eligibility");
  if (!decision || !decision->is_object() || Str(decision->as_object(), "path") != "exceptional")
    return MakeError(errc::exceptional_form_not_applicable);
  const auto* c = CampaignById(campaigns_, Str(a, "campaign_id"));
  if (!c) return MakeError(errc::not_found);
  // The archive as submitted when there is a snapshot; before that, the archive as it stands (the applicant's
  // own, or the one the unit reviews).
  json::array items;
  const json::value* snap = a.if_contains("snapshot");
  if (snap && snap->is_object()) {
    const auto* data = snap->as_object().if_contains("data");
    const auto* archive = data && data->is_object() ? data->as_object().if_contains("archive") : nullptr;
    const auto* list = archive && archive->is_object() ? archive->as_object().if_contains("items") : nullptr;
    if (list && list->is_array()) items = list->as_array();
  } else {
    Result<workflow::views::Archive> archive = MakeError(errc::not_found);
    if (actor.principal.role == accounts::Role::kApplicant) {
      archive = wf_.GetArchive(actor.principal);
    } else if (const auto* who = a.if_contains("applicant"); who && who->is_object()) {
      archive = wf_.GetUnitArchive(actor.principal, who->as_object().at("id").to_number<int64_t>());
    }
    // The form reads the items as the snapshot holds them: JSON.
    if (archive.ok()) items = std::move(contract::ToJson(archive.value().items).as_array());
  }
  const std::string iso = FormatShanghai(env_.clock.Now());
  Pdf pdf = ExceptionalForm(*c, a, items, iso.substr(0, 10) + " " + iso.substr(11, 5));
  pdf.number = Str(a, "number");
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
  long long app_id = application_id;
  long long ver = version;
  long long pages = pdf.pages;
  long long by = actor.principal.user_id;
  long long at = UnixSeconds(now);
  s.sql() << "INSERT INTO form_prints (code, kind, application_id, snapshot_version, snapshot_sha256, pages, "
             "printed_by, printed_at) VALUES (:c, 'review_form', :a, :v, :h, :p, :by, :at)",
      soci::use(code, "c"), soci::use(app_id, "a"), soci::use(ver, "v"), soci::use(sha, "h"),
      soci::use(pages, "p"), soci::use(by, "by"), soci::use(at, "at");
  return pdf;
}

Result<json::value> Forms::Verify(const std::string& code_in) {
  std::string code;
  for (char ch : code_in)
    if (ch != '-' && ch != ' ') code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (code.empty() || code.size() > 32) return MakeError(errc::form_not_found);
  storage::Session s(env_.db);
  json::value out = nullptr;
  storage::Query()
      .Where("f.code = :c")
      .Bind("c", code)
      .ForEach(
          s,
          "f.kind, f.snapshot_version, f.snapshot_sha256, f.pages, f.printed_at, a.snapshot_version AS "
          "current_version, a.state, sn.data",
          "form_prints f JOIN applications a ON a.id = f.application_id JOIN application_snapshots sn ON "
          "sn.application_id = f.application_id AND sn.version = f.snapshot_version",
          "", [&](const soci::row& r) {
            boost::system::error_code ec;
            json::value data = json::parse(storage::Str(r, "data"), ec);
            const json::object empty;
            const json::object& d = !ec && data.is_object() ? data.as_object() : empty;
            auto sub = [&](const char* k) -> const json::object& {
              const json::value* v = d.if_contains(k);
              return v && v->is_object() ? v->as_object() : empty;
            };
            const std::string number = Str(d, "number");
            out = json::object{
                {"kind", storage::Str(r, "kind")},
                {"form_name", "专业技术职务任职资格评审表"},
                {"number", number},
                {"form_number", number + "-v" + std::to_string(storage::Int(r, "snapshot_version"))},
                {"applicant_name", Str(sub("applicant"), "name")},
                {"id_number_masked", Str(sub("applicant"), "id_number_masked")},
                {"unit_name", Str(sub("unit"), "name")},
                {"level_name", Str(d, "level_name")},
                {"specialty_name", Str(d, "specialty_name")},
                {"submitted_at", Str(d, "submitted_at")},
                {"snapshot_version", storage::Int(r, "snapshot_version")},
                {"snapshot_sha256", storage::Str(r, "snapshot_sha256")},
                {"current", storage::Int(r, "snapshot_version") == storage::Int(r, "current_version")},
                {"pages", storage::Int(r, "pages")},
                {"printed_at", FormatShanghai(FromUnixSeconds(storage::Int(r, "printed_at")))}};
          });
  if (out.is_null()) return MakeError(errc::form_not_found);
  return out;
}

}  // namespace zc::documents
