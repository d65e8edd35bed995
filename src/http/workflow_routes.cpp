// Routes of the workflow area (docs/workflow.md): archive, applications, evidence, transitions, batches,
// queues, quotas, deadlines, reminders, notifications, file downloads; and the test clock.
#include <boost/json.hpp>

#include "base/limits.hpp"
#include "http/api.hpp"
#include "workflow/lifecycles.hpp"

namespace zc::http {
namespace {

namespace json = boost::json;
using R = accounts::Role;
using workflow::Workflow;

constexpr size_t kArchiveFileLimit = 10 << 20;

std::string QueryStr(const Request& req, const char* name, FieldErrors& fe, size_t max = 100) {
  std::string v = req.Query(name);
  if (v.size() > max) fe.Add(name, errc::too_long);
  return v;
}

workflow::ListFilter FilterOf(const Request& req, FieldErrors& fe) {
  workflow::ListFilter f{.state = QueryStr(req, "state", fe),
                         .q = QueryStr(req, "q", fe),
                         .level = QueryStr(req, "level", fe),
                         .specialty = QueryStr(req, "specialty", fe),
                         .status = QueryStr(req, "status", fe),
                         .page = PagingOf(req, fe)};
  if (!f.state.empty() && !workflow::ParseState(f.state)) fe.Add("state", errc::unknown_code);
  // The unit's archive list shows what was sent to it: every archive state but the draft.
  if (const auto st = workflow::kArchiveLifecycle.Parse(f.status);
      !f.status.empty() && (!st || *st == workflow::ArchiveState::kDraft))
    fe.Add("status", errc::unknown_code);
  if (const std::string unit = req.Query("unit_id"); !unit.empty()) {
    if (unit.size() > 18 || unit.find_first_not_of("0123456789") != std::string::npos) {
      fe.Add("unit_id", errc::invalid_number);
    } else {
      f.unit_id = std::stoll(unit);
    }
  }
  return f;
}

// Reads {version, reason, items: [{item, reason}], start_date, opinion} (every field optional here; the
// action's guard decides what it needs).
std::optional<workflow::ActionForm> ActionFormOf(const json::object& o, FieldErrors& fe,
                                                 std::initializer_list<std::string_view> extra = {}) {
  workflow::ActionForm f;
  for (const auto& kv : o) {
    static const std::vector<std::string_view> kKnown = {"version", "reason", "items", "start_date",
                                                         "opinion"};
    const bool known = std::find(kKnown.begin(), kKnown.end(), kv.key()) != kKnown.end() ||
                       std::find(extra.begin(), extra.end(), kv.key()) != extra.end();
    if (!known) fe.Add(std::string(kv.key()), errc::unknown_field);
  }
  f.version = IntField(o, "version", fe).value_or(-1);
  f.reason = StrField(o, "reason", fe);
  f.start_date = StrField(o, "start_date", fe);
  f.opinion = StrField(o, "opinion", fe);
  CheckLength(fe, "reason", f.reason);
  CheckLength(fe, "opinion", f.opinion);
  if (const json::value* items = o.if_contains("items"); items && !items->is_null()) {
    if (!items->is_array()) {
      fe.Add("items", errc::wrong_type);
    } else {
      for (size_t i = 0; i < items->as_array().size(); ++i) {
        const json::value& v = items->as_array()[i];
        const std::string path = "items[" + std::to_string(i) + "]";
        if (!v.is_object()) {
          fe.Add(path, errc::wrong_type);
          continue;
        }
        std::string item = StrField(v.as_object(), "item", fe);
        if (item.empty() && v.as_object().contains("item_id")) {
          const json::value& id = v.as_object().at("item_id");
          if (id.is_int64()) item = std::to_string(id.as_int64());
        }
        f.items.emplace_back(item, StrField(v.as_object(), "reason", fe));
      }
    }
  }
  if (!fe.empty()) return std::nullopt;
  return f;
}

// Reads PUT /api/v1/archive into its types. What cannot be read is named in the form's `unread` for
// SaveArchive to report with its own checks (workflow.hpp); nullopt with `fe` set when there are no items to
// check at all.
std::optional<workflow::ArchiveForm> ArchiveFormOf(const json::object& body, FieldErrors& fe) {
  using workflow::ArchiveForm;
  ArchiveForm form;
  FieldErrors unread;
  RejectUnknownFields(body, {"version", "unit_credit_code", "items"}, unread);
  if (const json::value* v = body.if_contains("version"); v && v->is_int64()) {
    form.body.version = v->as_int64();
  } else {
    unread.Add("version", errc::required);
  }
  if (const json::value* v = body.if_contains("unit_credit_code"); v && !v->is_null()) {
    if (v->is_string()) {
      form.body.unit_credit_code = std::string(v->as_string());
    } else {
      unread.Add("unit_credit_code", errc::wrong_type);
    }
  }
  const json::value* items = body.if_contains("items");
  if (!items || !items->is_array()) {
    unread.Add("items", errc::required);
    fe = unread;
    return std::nullopt;
  }
  form.unread = unread.ToError().fields;
  auto id_of = [](const json::value& v) { return v.is_int64() ? v.as_int64() : ArchiveForm::kUnreadableId; };
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const json::value& v = items->as_array()[i];
    const std::string path = "items[" + std::to_string(i) + "]";
    workflow::views::ArchivePutRequestItem& item = form.body.items.emplace_back();
    ArchiveForm::ItemUnread& problems = form.items_unread.emplace_back();
    if (!v.is_object()) {
      problems.item = FieldError{path, errc::wrong_type, "expected an object"};
      continue;
    }
    const json::object& o = v.as_object();
    FieldErrors members;
    RejectUnknownFields(o, {"id", "kind", "data", "file_ids"}, members, path);
    problems.members = members.ToError().fields;
    if (const json::value* id = o.if_contains("id"); id && !id->is_null()) item.id = id_of(*id);
    if (const json::value* kind = o.if_contains("kind"); !kind) {
      problems.item = FieldError{path + ".kind", errc::required, ""};
    } else if (!kind->is_string()) {
      problems.item = FieldError{path + ".kind", errc::unknown_code, ""};
    } else {
      item.kind = std::string(kind->as_string());
    }
    if (const json::value* data = o.if_contains("data"); !data) {
      problems.data = FieldError{path + ".data", errc::required, ""};
    } else if (!data->is_object()) {
      problems.data = FieldError{path + ".data", errc::wrong_type, ""};
    } else {
      item.data = data->as_object();
    }
    if (const json::value* files = o.if_contains("file_ids"); files && !files->is_null()) {
      if (!files->is_array()) {
        problems.file_ids = FieldError{path + ".file_ids", errc::wrong_type, ""};
      } else {
        for (const json::value& f : files->as_array()) item.file_ids.push_back(id_of(f));
      }
    }
  }
  return form;
}

// PUT /archive and PUT /archive/working-copy: the body read into an ArchiveForm, then `save`.
template <typename Save>
Response WithArchiveForm(Context& ctx, Save&& save) {
  Error e;
  auto body = ParseObject(ctx.request, e);
  if (!body) return ErrorOf(e, ctx.lang);
  FieldErrors fe;
  auto form = ArchiveFormOf(*body, fe);
  if (!form) return ErrorOf(fe.ToError(), ctx.lang);
  return save(*form);
}

// Reads PUT /api/v1/units/{id}/quotas into its types; SetQuotas reports what could not be read
// (workflow.hpp).
workflow::QuotasForm QuotasFormOf(const json::object& body) {
  workflow::QuotasForm form;
  FieldErrors unread;
  RejectUnknownFields(body, {"items", "reason"}, unread);
  form.unread = unread.ToError().fields;
  if (const json::value* r = body.if_contains("reason"); r && r->is_string())
    form.body.reason = std::string(r->as_string());
  const json::value* items = body.if_contains("items");
  if (!items || !items->is_array()) {
    form.items = FieldError{"items", errc::required, ""};
    return form;
  }
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const json::value& v = items->as_array()[i];
    const std::string path = "items[" + std::to_string(i) + "]";
    workflow::views::UnitsQuotasPutRequestItem& item = form.body.items.emplace_back();
    item.quota = 0;
    workflow::QuotasForm::ItemUnread& problems = form.items_unread.emplace_back();
    if (!v.is_object()) {
      problems.item = FieldError{path, errc::wrong_type, ""};
      continue;
    }
    const json::object& o = v.as_object();
    FieldErrors members;
    RejectUnknownFields(o, {"level", "quota"}, members, path);
    problems.members = members.ToError().fields;
    if (const json::value* level = o.if_contains("level"); level && level->is_string())
      item.level = std::string(level->as_string());
    if (const json::value* quota = o.if_contains("quota"); quota && quota->is_int64()) {
      item.quota = quota->as_int64();
    } else {
      problems.quota = FieldError{path + ".quota", errc::invalid_number, ""};
    }
  }
  return form;
}

// Reads POST /api/v1/deadline-extensions into its types; AddExtension reports what could not be read first.
workflow::ExtensionForm ExtensionFormOf(const json::object& body) {
  workflow::ExtensionForm form;
  FieldErrors unread;
  RejectUnknownFields(body, {"stage", "unit_id", "region_code", "until", "reason", "extend_later"}, unread);
  auto str = [&](const char* k) -> std::optional<std::string> {
    const json::value* v = body.if_contains(k);
    if (v && !v->is_null() && !v->is_string()) unread.Add(k, errc::wrong_type);
    if (v && v->is_string()) return std::string(v->as_string());
    return std::nullopt;
  };
  form.body.stage = str("stage").value_or("");
  form.body.region_code = str("region_code");
  form.body.until = str("until").value_or("");
  form.body.reason = str("reason").value_or("");
  if (const json::value* v = body.if_contains("unit_id"); v && !v->is_null()) {
    if (v->is_int64())
      form.body.unit_id = v->as_int64();
    else
      unread.Add("unit_id", errc::wrong_type);
  }
  if (const json::value* v = body.if_contains("extend_later"); v && !v->is_null()) {
    if (v->is_bool())
      form.body.extend_later = v->as_bool();
    else
      unread.Add("extend_later", errc::wrong_type);
  }
  form.unread = unread.ToError().fields;
  return form;
}

Response FileResponse(const workflow::FileRef& f) {
  Response r;
  r.file_path = f.path;
  r.content_type = f.content_type;
  AddAttachment(r, f.name);
  return r;
}

}  // namespace

std::vector<Route> WorkflowRoutes(Workflow& wf, const ApiOptions&) {
  std::vector<Route> routes;
  const std::vector<R> reviewers = {R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment,
                                    R::kCommitteeOffice, R::kCityAdmin};

  // ---- Files ----
  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/archive/files",
      .roles = {R::kApplicant},
      .scope = Scope::kSelf,
      .summary =
          "Upload an evidence file for the archive; the body is the file (PDF, JPEG or PNG), ?name= its name",
      .handler =
          [&wf](Context& ctx) {
            if (ctx.request.body_file.empty()) return ErrorOf(MakeError(errc::file_empty), ctx.lang);
            return Out(wf.StoreFile(ctx.actor(), ctx.request.body_file, ctx.request.Query("name"),
                                    kArchiveFileLimit),
                       ctx.lang, 201);
          },
      .body_limit = kArchiveFileLimit,
      .stream_body = true});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/files/{id}",
                         .access = Access::kSignedIn,
                         .scope = Scope::kUnit,
                         .summary =
                             "Download a file: its owner, or whoever may see an archive or application "
                             "that links it",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           auto f = wf.FileForDownload(ctx.principal(), *id);
                           if (!f.ok()) return ErrorOf(f.error(), ctx.lang);
                           return FileResponse(f.value());
                         }});

  // ---- Archive ----
  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/archive",
            .roles = {R::kApplicant},
            .scope = Scope::kSelf,
            .summary = "The caller's performance archive",
            .handler = [&wf](Context& ctx) { return Out(wf.GetArchive(ctx.principal()), ctx.lang); }});
  routes.push_back(Route{.method = "PUT",
                         .pattern = "/api/v1/archive",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary = "Replace the archive's unit and items (back to draft)",
                         .handler =
                             [&wf](Context& ctx) {
                               return WithArchiveForm(ctx, [&](const workflow::ArchiveForm& form) {
                                 return Out(wf.SaveArchive(ctx.actor(), form), ctx.lang);
                               });
                             },
                         .body_limit = size_t{512} * 1024});
  routes.push_back(Route{.method = "PUT",
                         .pattern = "/api/v1/archive/working-copy",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary =
                             "Save the archive's unsent edits (the PUT /archive body) without changing the "
                             "archive",
                         .handler =
                             [&wf](Context& ctx) {
                               return WithArchiveForm(ctx, [&](const workflow::ArchiveForm& form) {
                                 return Out(wf.SaveArchiveWorkingCopy(ctx.actor(), form), ctx.lang);
                               });
                             },
                         .body_limit = size_t{512} * 1024});
  routes.push_back(Route{.method = "DELETE",
                         .pattern = "/api/v1/archive/working-copy",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary = "Discard the archive's unsent edits",
                         .handler = [&wf](Context& ctx) {
                           auto r = wf.DiscardArchiveWorkingCopy(ctx.actor());
                           return r.ok() ? NoContent() : ErrorOf(r.error(), ctx.lang);
                         }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/archive/submit",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary = "Send the archive to the unit for approval",
                         .handler = [&wf](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           RejectUnknownFields(*body, {"version"}, fe);
                           auto version = IntField(*body, "version", fe);
                           if (!version) fe.Add("version", errc::required);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.SubmitArchive(ctx.actor(), *version), ctx.lang);
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/unit/archives",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "Archives sent to the caller's unit, with counts per status",
                         .handler = [&wf](Context& ctx) {
                           FieldErrors fe;
                           auto f = FilterOf(ctx.request, fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.ListUnitArchives(ctx.principal(), f), ctx.lang);
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/unit/archives/{id}",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "One archive sent to the caller's unit",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           return Out(wf.GetUnitArchive(ctx.principal(), *id), ctx.lang);
                         }});
  for (const bool approve : {true, false}) {
    routes.push_back(Route{
        .method = "POST",
        .pattern = approve ? "/api/v1/unit/archives/{id}/approve" : "/api/v1/unit/archives/{id}/return",
        .roles = {R::kUnit},
        .scope = Scope::kUnit,
        .summary = approve ? "Approve an archive" : "Return an archive with a reason and per-item reasons",
        .handler = [&wf, approve](Context& ctx) {
          auto id = IdParam(ctx);
          if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
          Error e;
          auto body = ParseObject(ctx.request, e);
          if (!body) return ErrorOf(e, ctx.lang);
          FieldErrors fe;
          auto form = ActionFormOf(*body, fe);
          if (!form) return ErrorOf(fe.ToError(), ctx.lang);
          return Out(wf.ReviewArchive(ctx.actor(), *id, approve, *form), ctx.lang);
        }});
  }

  // ---- Applications ----
  auto level_specialty = [](const json::object& o, FieldErrors& fe, std::string& level,
                            std::string& specialty) {
    level = StrField(o, "level", fe);
    specialty = StrField(o, "specialty", fe);
    CheckLength(fe, "level", level);
    CheckLength(fe, "specialty", specialty);
  };
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/applications",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary = "Start an application in the open campaign",
                         .handler = [&wf, level_specialty](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           RejectUnknownFields(*body, {"level", "specialty"}, fe);
                           std::string level, specialty;
                           level_specialty(*body, fe, level, specialty);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.CreateApplication(ctx.actor(), level, specialty), ctx.lang, 201);
                         }});
  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/applications/mine",
            .roles = {R::kApplicant},
            .scope = Scope::kSelf,
            .summary = "The caller's applications",
            .handler = [&wf](Context& ctx) { return Out(wf.MyApplications(ctx.principal()), ctx.lang); }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/applications/preview",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary =
                             "The eligibility decision and evidence slots for a level and specialty, from "
                             "the caller's archive, without saving",
                         .handler = [&wf, level_specialty](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           RejectUnknownFields(*body, {"level", "specialty"}, fe);
                           std::string level, specialty;
                           level_specialty(*body, fe, level, specialty);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.Preview(ctx.principal(), level, specialty), ctx.lang);
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/applications/{id}",
                         .roles = {R::kApplicant, R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment,
                                   R::kCommitteeOffice, R::kCityAdmin},
                         .scope = Scope::kUnit,
                         .summary = "One application within the caller's scope (404 outside it)",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           return Out(wf.GetApplication(ctx.principal(), *id), ctx.lang);
                         }});
  routes.push_back(Route{
      .method = "PUT",
      .pattern = "/api/v1/applications/{id}",
      .roles = {R::kApplicant},
      .scope = Scope::kSelf,
      .summary = "Edit a draft or returned application (level, specialty, pledge)",
      .handler = [&wf, level_specialty](Context& ctx) {
        auto id = IdParam(ctx);
        if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        RejectUnknownFields(*body, {"version", "level", "specialty", "pledged"}, fe);
        std::string level, specialty;
        level_specialty(*body, fe, level, specialty);
        auto version = IntField(*body, "version", fe);
        if (!version) fe.Add("version", errc::required);
        // Absent: the pledge stays as it is (a client that edits the level must not withdraw it unseen).
        std::optional<bool> pledged;
        if (body->contains("pledged")) pledged = BoolField(*body, "pledged", fe);
        if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        return Out(wf.UpdateApplication(ctx.actor(), *id, *version, level, specialty, pledged), ctx.lang);
      }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/applications/{id}/evidence/{slot}",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary = "Add a file to an evidence slot; the body is the file, ?name= its name",
                         .handler =
                             [&wf](Context& ctx) {
                               auto id = IdParam(ctx);
                               if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                               if (ctx.request.body_file.empty())
                                 return ErrorOf(MakeError(errc::file_empty), ctx.lang);
                               return Out(wf.AddEvidence(ctx.actor(), *id, ctx.request.params.at("slot"),
                                                         ctx.request.body_file, ctx.request.Query("name")),
                                          ctx.lang, 201);
                             },
                         .body_limit = 50 << 20,
                         .stream_body = true,
                         .body_limit_of = [&wf](const std::map<std::string, std::string>& params) -> size_t {
                           auto it = params.find("slot");
                           const int64_t limit = it == params.end() ? 0 : wf.SlotLimit(it->second);
                           return limit > 0 ? static_cast<size_t>(limit) : 50 << 20;
                         }});
  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/applications/{id}/evidence/{slot}/attach",
      .roles = {R::kApplicant},
      .scope = Scope::kSelf,
      .summary = "Put a file uploaded before (to the archive or another slot) into a slot",
      .handler = [&wf](Context& ctx) {
        auto id = IdParam(ctx);
        if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        RejectUnknownFields(*body, {"file_id"}, fe);
        auto file_id = IntField(*body, "file_id", fe);
        if (!file_id && !fe.Has("file_id")) fe.Add("file_id", errc::required);
        if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        return Out(wf.AttachEvidence(ctx.actor(), *id, ctx.request.params.at("slot"), *file_id), ctx.lang);
      }});
  routes.push_back(Route{.method = "DELETE",
                         .pattern = "/api/v1/applications/{id}/evidence/{slot}/{file}",
                         .roles = {R::kApplicant},
                         .scope = Scope::kSelf,
                         .summary = "Remove a file from an evidence slot",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           auto file = IdParam(ctx, "file");
                           if (!id || !file) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           auto r = wf.RemoveEvidence(ctx.actor(), *id, ctx.request.params.at("slot"), *file);
                           if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
                           return NoContent();
                         }});
  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/applications/{id}/actions/{action}",
      .roles = {R::kApplicant, R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment, R::kCommitteeOffice},
      .scope = Scope::kUnit,
      .summary =
          "Take a transition of the state machine (docs/workflow.md): submit, withdraw, resubmit, return, "
          "start_publicity, recommend, reject, county_return, county_recommend, receive",
      .handler = [&wf](Context& ctx) {
        auto id = IdParam(ctx);
        auto action = workflow::ParseAction(ctx.request.params.at("action"));
        if (!id || !action) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        auto form = ActionFormOf(*body, fe);
        if (!form) return ErrorOf(fe.ToError(), ctx.lang);
        return Out(wf.Act(ctx.actor(), *id, *action, *form), ctx.lang);
      }});
  routes.push_back(Route{
      .method = "POST",
      .pattern = "/api/v1/applications/batch/{action}",
      .roles = {R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment, R::kCommitteeOffice},
      .scope = Scope::kUnit,
      .summary = "The same transition for several applications: all are checked, then all or none applied",
      .handler = [&wf](Context& ctx) {
        auto action = workflow::ParseAction(ctx.request.params.at("action"));
        if (!action) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        std::vector<std::pair<int64_t, int64_t>> items;
        json::object rest = *body;
        if (const json::value* v = body->if_contains("items"); v && v->is_array()) {
          for (size_t i = 0; i < v->as_array().size(); ++i) {
            const json::value& it = v->as_array()[i];
            const std::string path = "items[" + std::to_string(i) + "]";
            if (!it.is_object()) {
              fe.Add(path, errc::wrong_type);
              continue;
            }
            RejectUnknownFields(it.as_object(), {"id", "version"}, fe, path);
            auto id = IntField(it.as_object(), "id", fe);
            auto version = IntField(it.as_object(), "version", fe);
            if (!id) fe.Add(path + ".id", errc::required);
            if (!version) fe.Add(path + ".version", errc::required);
            if (id && version) items.emplace_back(*id, *version);
          }
        } else {
          fe.Add("items", errc::required);
        }
        rest.erase("items");
        auto form = ActionFormOf(rest, fe);
        if (!form || !fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        auto r = wf.Batch(ctx.actor(), *action, items, *form);
        if (r.ok()) return Json(200, json::object{{"applied", r.value()}});
        Response out = ErrorOf(r.error(), ctx.lang);
        if (r.error().code == errc::batch_rejected) {
          json::value v = json::parse(out.body);
          json::array list;
          for (const auto& f : v.at("error").at("fields").as_array()) {
            const auto& o = f.as_object();
            list.push_back(json::object{{"id", std::stoll(std::string(o.at("detail").as_string()))},
                                        {"code", o.at("code")},
                                        {"message", o.at("message")}});
          }
          v.as_object()["error"].as_object()["items"] = std::move(list);
          out.body = json::serialize(v);
        }
        return out;
      }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/applications/{id}/objections",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "Record an objection raised during the unit's publicity",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           RejectUnknownFields(*body, {"content", "raised_by"}, fe);
                           const std::string content = StrField(*body, "content", fe);
                           const std::string raised_by = StrField(*body, "raised_by", fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.AddObjection(ctx.actor(), *id, content, raised_by), ctx.lang, 201);
                         }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/applications/{id}/objections/{oid}/resolve",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "Resolve an objection: dismissed or upheld, with the finding",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           auto oid = IdParam(ctx, "oid");
                           if (!id || !oid) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           FieldErrors fe;
                           RejectUnknownFields(*body, {"outcome", "resolution"}, fe);
                           const std::string outcome = StrField(*body, "outcome", fe);
                           const std::string resolution = StrField(*body, "resolution", fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.ResolveObjection(ctx.actor(), *id, *oid, outcome, resolution),
                                      ctx.lang);
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/queue",
                         .roles = reviewers,
                         .scope = Scope::kRegion,
                         .summary = "Applications within the caller's scope, filtered, with counts per state",
                         .handler = [&wf](Context& ctx) {
                           FieldErrors fe;
                           auto f = FilterOf(ctx.request, fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.Queue(ctx.principal(), f), ctx.lang);
                         }});
  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/stats",
            .roles = reviewers,
            .scope = Scope::kRegion,
            .summary = "Dashboard figures in the caller's scope: counts by state, region, level, specialty "
                       "and unit (top 20); pass rates by level, specialty and region; the units with "
                       "applications waiting for them (top 20) and the days left to the unit deadline",
            .handler = [&wf](Context& ctx) { return Out(wf.Stats(ctx.principal()), ctx.lang); }});

  // ---- Quotas, deadlines, reminders, notifications ----
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/units/me/quotas",
                         .roles = {R::kUnit},
                         .scope = Scope::kUnit,
                         .summary = "The caller's unit's quota per level: quota, used, left",
                         .handler = [&wf](Context& ctx) {
                           return Out(wf.Quotas(ctx.principal(), ctx.principal().unit_id.value_or(-1)),
                                      ctx.lang);
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/units/{id}/quotas",
                         .roles = {R::kAcceptancePoint, R::kCompetentDepartment, R::kCityAdmin},
                         .scope = Scope::kRegion,
                         .summary = "A unit's quota per level",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           return Out(wf.Quotas(ctx.principal(), *id), ctx.lang);
                         }});
  routes.push_back(
      Route{.method = "PUT",
            .pattern = "/api/v1/units/{id}/quotas",
            .roles = {R::kCityAdmin},
            .scope = Scope::kCity,
            .summary = "Set a public institution's quota per level (岗位结构比例), with a reason",
            .handler = [&wf](Context& ctx) {
              auto id = IdParam(ctx);
              if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
              Error e;
              auto body = ParseObject(ctx.request, e);
              if (!body) return ErrorOf(e, ctx.lang);
              return Out(wf.SetQuotas(ctx.actor(), *id, QuotasFormOf(*body)), ctx.lang);
            }});
  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/deadlines",
            .access = Access::kSignedIn,
            .scope = Scope::kSelf,
            .summary = "The campaign's deadlines as they apply to the caller, and their next one",
            .handler = [&wf](Context& ctx) { return Out(wf.Deadlines(ctx.principal()), ctx.lang); }});
  routes.push_back(
      Route{.method = "GET",
            .pattern = "/api/v1/reminders",
            .access = Access::kSignedIn,
            .scope = Scope::kSelf,
            .summary = "Work the caller still has before a deadline",
            .handler = [&wf](Context& ctx) { return Out(wf.Reminders(ctx.principal()), ctx.lang); }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/deadline-extensions",
                         .roles = {R::kCityAdmin},
                         .scope = Scope::kCity,
                         .summary = "Deadline extensions of the open campaign",
                         .handler = [&wf](Context& ctx) {
                           FieldErrors fe;
                           const auto page = PagingOf(ctx.request, fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.Extensions(ctx.principal(), page), ctx.lang);
                         }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/deadline-extensions",
                         .roles = {R::kCityAdmin},
                         .scope = Scope::kCity,
                         .summary = "Extend a stage's deadline for one unit or one region, with a reason",
                         .handler = [&wf](Context& ctx) {
                           Error e;
                           auto body = ParseObject(ctx.request, e);
                           if (!body) return ErrorOf(e, ctx.lang);
                           return Out(wf.AddExtension(ctx.actor(), ExtensionFormOf(*body)), ctx.lang, 201);
                         }});
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/notifications",
                         .access = Access::kSignedIn,
                         .scope = Scope::kSelf,
                         .summary = "The caller's notifications, newest first, with the unread count",
                         .handler = [&wf](Context& ctx) {
                           FieldErrors fe;
                           const auto page = PagingOf(ctx.request, fe);
                           if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
                           return Out(wf.Notifications(ctx.principal(), page), ctx.lang);
                         }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/notifications/read-all",
                         .access = Access::kSignedIn,
                         .scope = Scope::kSelf,
                         .summary = "Mark every notification read",
                         .handler = [&wf](Context& ctx) {
                           auto r = wf.MarkRead(ctx.principal(), std::nullopt);
                           if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
                           return NoContent();
                         }});
  routes.push_back(Route{.method = "POST",
                         .pattern = "/api/v1/notifications/{id}/read",
                         .access = Access::kSignedIn,
                         .scope = Scope::kSelf,
                         .summary = "Mark one notification read",
                         .handler = [&wf](Context& ctx) {
                           auto id = IdParam(ctx);
                           if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
                           auto r = wf.MarkRead(ctx.principal(), *id);
                           if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
                           return NoContent();
                         }});
  return routes;
}

std::vector<Route> TestClockRoutes(OffsetClock& clock) {
  std::vector<Route> routes;
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/testing/clock",
                         .access = Access::kPublic,
                         .summary = "The server's clock (only with serve --test-clock)",
                         .handler = [&clock](Context&) {
                           return Json(200, json::object{{"now", FormatShanghai(clock.Now())}});
                         }});
  routes.push_back(Route{
      .method = "PUT",
      .pattern = "/api/v1/testing/clock",
      .access = Access::kPublic,
      .summary = "Stop the server's clock at an instant (only with serve --test-clock): {\"now\": ISO 8601}",
      .handler = [&clock](Context& ctx) {
        Error e;
        auto body = ParseObject(ctx.request, e);
        if (!body) return ErrorOf(e, ctx.lang);
        FieldErrors fe;
        const std::string now = StrField(*body, "now", fe);
        auto t = ParseInstant(now);
        if (!t) fe.Add("now", errc::invalid_date);
        if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
        clock.Freeze(*t);
        return Json(200, json::object{{"now", FormatShanghai(clock.Now())}});
      }});
  return routes;
}

}  // namespace zc::http
