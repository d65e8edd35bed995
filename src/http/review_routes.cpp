// Routes of the review area (docs/review.md): paper check-in, experts and committees, review groups and
// draws, the experts' work, meetings and ballots, result publicity, certificates, the integrity archive,
// re-examination and complaint cases, and the public result and verification pages.
#include <boost/json.hpp>

#include "base/limits.hpp"
#include "base/time.hpp"
#include "documents/documents.hpp"
#include "documents/xlsx.hpp"
#include "documents/xlsx_read.hpp"
#include "http/api.hpp"
#include "http/route_helpers.hpp"
#include "review/review.hpp"

namespace zc::http {
namespace {

namespace json = boost::json;
using R = accounts::Role;
using review::Review;
using namespace route;

// `application_ids`: a non-empty list of integers (required; wrong_type when an element is not one).
std::vector<int64_t> ApplicationIds(const json::object& body, FieldErrors& fe) {
  std::vector<int64_t> ids;
  const auto* a = body.if_contains("application_ids");
  if (!a || !a->is_array() || a->as_array().empty()) {
    fe.Add("application_ids", errc::required);
    return ids;
  }
  for (const auto& v : a->as_array())
    if (v.is_int64()) ids.push_back(v.as_int64());
  if (ids.size() != a->as_array().size()) fe.Add("application_ids", errc::wrong_type);
  return ids;
}

// POST /meetings: {committee_code, title, held_on, application_ids}, checked as far as the body alone allows
// (the committee is one of the current campaign's); nullopt with the field errors in `error`.
std::optional<review::views::MeetingsPostRequest> MeetingRequestOf(const json::object& body,
                                                                   const campaign::Campaign& c,
                                                                   Error& error) {
  FieldErrors fe;
  RejectUnknownFields(body, {"committee_code", "title", "held_on", "application_ids"}, fe);
  review::views::MeetingsPostRequest req{.committee_code = StrField(body, "committee_code", fe),
                                         .title = StrField(body, "title", fe),
                                         .held_on = StrField(body, "held_on", fe),
                                         .application_ids = {}};
  if (!c.FindCommittee(req.committee_code))
    fe.Add("committee_code", req.committee_code.empty() ? errc::required : errc::unknown_code);
  if (req.title.empty()) fe.Add("title", errc::required);
  CheckLength(fe, "title", req.title);
  if (!ParseDate(req.held_on)) fe.Add("held_on", req.held_on.empty() ? errc::required : errc::invalid_date);
  req.application_ids = ApplicationIds(body, fe);
  if (!fe.empty()) {
    error = fe.ToError();
    return std::nullopt;
  }
  return req;
}

// POST /review-groups: {name, family, size?, application_ids}, checked as far as the body alone allows (the
// family is one of the current campaign's; the size defaults to the campaign's group size).
std::optional<review::views::ReviewGroupsPostRequest> GroupRequestOf(const json::object& body,
                                                                     const campaign::Campaign& c,
                                                                     Error& error) {
  FieldErrors fe;
  RejectUnknownFields(body, {"name", "family", "size", "application_ids"}, fe);
  review::views::ReviewGroupsPostRequest req{.name = StrField(body, "name", fe),
                                             .family = StrField(body, "family", fe),
                                             .application_ids = {},
                                             .size = IntField(body, "size", fe)};
  const int64_t size = req.size.value_or(c.review.group_size);
  if (req.name.empty()) fe.Add("name", errc::required);
  CheckLength(fe, "name", req.name);
  const auto* fam = c.FindFamily(req.family);
  if (!fam || fam->excluded) fe.Add("family", req.family.empty() ? errc::required : errc::unknown_code);
  if (size < 1 || size > 15) fe.Add("size", errc::invalid_number);
  req.application_ids = ApplicationIds(body, fe);
  if (!fe.empty()) {
    error = fe.ToError();
    return std::nullopt;
  }
  return req;
}

// POST /experts and PUT /experts/{id}: the members read as they are; unknown members and members of the
// wrong type go to `unreadable`, in the order the service has always reported them.
review::ExpertCommand ExpertCommandOf(const json::object& b) {
  review::ExpertCommand cmd;
  RejectUnknownFields(b,
                      {"name", "login", "id_number", "families", "title", "unit_name", "unit_credit_code",
                       "term_start", "term_end", "relations", "active"},
                      cmd.unreadable);
  cmd.name = StrField(b, "name", cmd.unreadable);
  cmd.login = StrField(b, "login", cmd.unreadable);
  std::string id_number = StrField(b, "id_number", cmd.unreadable);
  if (b.contains("id_number")) cmd.id_number = std::move(id_number);
  cmd.title = StrField(b, "title", cmd.unreadable);
  cmd.unit_name = StrField(b, "unit_name", cmd.unreadable);
  cmd.unit_credit_code = StrField(b, "unit_credit_code", cmd.unreadable);
  cmd.term_start = StrField(b, "term_start", cmd.unreadable);
  cmd.term_end = StrField(b, "term_end", cmd.unreadable);
  cmd.active = b.contains("active") ? BoolField(b, "active", cmd.unreadable) : true;
  if (const auto* f = b.if_contains("families"); f && f->is_array()) {
    cmd.families.emplace();
    for (const auto& v : f->as_array())
      cmd.families->push_back(v.is_string() ? std::optional<std::string>(v.as_string()) : std::nullopt);
  }
  if (const auto* r = b.if_contains("relations")) {
    cmd.relations.emplace();
    if (r->is_array()) {
      for (const auto& v : r->as_array()) {
        if (!v.is_object()) {
          cmd.relations->push_back(std::nullopt);
          continue;
        }
        FieldErrors ignored;  // a relation's member of the wrong type reads as empty, as it always has
        cmd.relations->push_back(
            review::ExpertCommand::Relation{.name = StrField(v.as_object(), "name", ignored),
                                            .id_number = StrField(v.as_object(), "id_number", ignored),
                                            .relation = StrField(v.as_object(), "relation", ignored)});
      }
    } else if (!r->is_null()) {
      cmd.relations_unreadable = true;
    }
  }
  return cmd;
}

// PUT /committees/{code}/members: {members: [{expert_id, position, term_start, term_end}]}.
review::SetMembersCommand MembersCommandOf(const json::object& b) {
  review::SetMembersCommand cmd;
  RejectUnknownFields(b, {"members"}, cmd.unreadable);
  if (const auto* list = b.if_contains("members"); list && list->is_array()) {
    cmd.members.emplace();
    for (const auto& v : list->as_array()) {
      if (!v.is_object()) {
        cmd.members->push_back(std::nullopt);
        continue;
      }
      FieldErrors ignored;  // a member of the wrong type reads as empty (an expert id as 0), as it always has
      const auto& o = v.as_object();
      cmd.members->push_back(
          review::SetMembersCommand::Member{.expert_id = IntField(o, "expert_id", ignored).value_or(0),
                                            .position = StrField(o, "position", ignored),
                                            .term_start = StrField(o, "term_start", ignored),
                                            .term_end = StrField(o, "term_end", ignored)});
    }
  }
  return cmd;
}

}  // namespace

std::vector<Route> ReviewRoutes(Review& rv, workflow::Workflow& wf, accounts::Env env,
                                const ApiOptions& options) {
  std::vector<Route> routes;
  const std::vector<R> office = {R::kCommitteeOffice, R::kCityAdmin};
  const std::vector<R> office_only = {R::kCommitteeOffice};
  const std::vector<R> admin = {R::kCityAdmin};
  const std::vector<R> expert = {R::kExpert};
  auto add = [&](Route r) { routes.push_back(std::move(r)); };

  // ---- Intake ----
  add({.method = "PUT",
       .pattern = "/api/v1/applications/{id}/paper",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary =
           "Check in the paper review forms of a received application: {copies, watermark, form_number}",
       .handler = WithBodyAndId([&wf](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"copies", "watermark", "form_number"}, fe);
         const auto copies = IntField(b, "copies", fe);
         const bool watermark = BoolField(b, "watermark", fe);
         const std::string form = StrField(b, "form_number", fe);
         if (!copies) fe.Add("copies", errc::required);
         if (form.empty()) fe.Add("form_number", errc::required);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(wf.CheckInPaper(ctx.actor(), id, static_cast<int>(std::clamp<int64_t>(*copies, -1, 100)),
                                    watermark, form),
                    ctx.lang);
       })});

  // ---- Experts and committees ----
  add({.method = "GET",
       .pattern = "/api/v1/experts",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "The expert pool; ?q= name or unit, ?family=",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Experts(ctx.principal(), ctx.request.Query("q"), ctx.request.Query("family"), page),
                    ctx.lang);
       }});
  add({.method = "POST",
       .pattern = "/api/v1/experts",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Add an expert to the pool",
       .handler = WithBody([&rv](Context& ctx, const json::object& b) {
         return Out(rv.SaveExpert(ctx.actor(), std::nullopt, ExpertCommandOf(b)), ctx.lang, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/import-templates/experts.xlsx",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "The Excel template for importing experts (the header row of POST /imports/experts)",
       .handler = [](Context& ctx) {
         documents::Sheet sheet{.name = "专家导入模板", .columns = review::Review::ExpertImportColumns()};
         return XlsxResponse(documents::WriteXlsx(sheet), "专家导入模板.xlsx", "experts-template.xlsx",
                             ctx.lang);
       }});
  add({.method = "POST",
       .pattern = "/api/v1/imports/experts",
       .roles = office,
       .scope = Scope::kCity,
       .summary =
           "Import experts from the filled template (the .xlsx file as the body): all rows or none, with "
           "a field error per wrong cell (rows[N].field)",
       .handler =
           [&rv](Context& ctx) {
             auto rows = documents::ReadXlsx(ctx.request.body);
             if (!rows.ok()) return ErrorOf(rows.error(), ctx.lang);
             return Out(rv.ImportExperts(ctx.actor(), rows.value()), ctx.lang, 201);
           },
       .body_limit = 5u << 20});
  add({.method = "PUT",
       .pattern = "/api/v1/experts/{id}",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Update an expert of the pool",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         return Out(rv.SaveExpert(ctx.actor(), id, ExpertCommandOf(b)), ctx.lang);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/committees",
       .roles = {R::kCommitteeOffice, R::kCityAdmin, R::kExpert},
       .scope = Scope::kCity,
       .summary = "The campaign's evaluation committees with their members",
       .handler = [&rv](Context& ctx) { return Out(rv.Committees(ctx.principal()), ctx.lang); }});
  add({.method = "PUT",
       .pattern = "/api/v1/committees/{code}/members",
       .roles = admin,
       .scope = Scope::kCity,
       .summary = "Set a committee's members: {members: [{expert_id, position, term_start, term_end}]}",
       .handler = WithBody([&rv](Context& ctx, const json::object& b) {
         return Out(rv.SetMembers(ctx.actor(), ctx.request.params["code"], MembersCommandOf(b)), ctx.lang);
       })});

  // ---- Groups and draws ----
  add({.method = "POST",
       .pattern = "/api/v1/review-groups",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Create a specialty review group: {name, family, size, application_ids}",
       .handler = WithBody([&rv, &campaigns = *options.campaigns](Context& ctx, const json::object& b) {
         Error error;
         auto req = GroupRequestOf(b, campaigns.back(), error);
         if (!req) return ErrorOf(error, ctx.lang);
         return Out(rv.CreateGroup(ctx.actor(), *req), ctx.lang, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/review-groups",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Review groups",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Groups(ctx.principal(), page), ctx.lang);
       }});
  add({.method = "GET",
       .pattern = "/api/v1/review-groups/{id}",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "A review group with its experts, applications, reviews and draws",
       .handler =
           WithId([&rv](Context& ctx, int64_t id) { return Out(rv.Group(ctx.principal(), id), ctx.lang); })});
  add({.method = "POST",
       .pattern = "/api/v1/review-groups/{id}/draw",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Draw experts for the group's open places: {seed?}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"seed"}, error);
         if (!f) return error;
         return Out(rv.Draw(ctx.actor(), id, (*f)[0]), ctx.lang);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/draws/{id}",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "A draw: seed, candidates, exclusions with reasons, picked",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.GetDraw(ctx.principal(), id), ctx.lang); })});
  add({.method = "GET",
       .pattern = "/api/v1/draws/{id}/replay",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Recompute a draw from its seed and candidates",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.Replay(ctx.principal(), id), ctx.lang); })});

  // ---- Experts at work ----
  add({.method = "GET",
       .pattern = "/api/v1/expert/assignments",
       .roles = expert,
       .scope = Scope::kSelf,
       .summary = "The calling expert's groups and meetings",
       .handler = [&rv](Context& ctx) { return Out(rv.Assignments(ctx.principal()), ctx.lang); }});
  add({.method = "POST",
       .pattern = "/api/v1/review-groups/{id}/respond",
       .roles = expert,
       .scope = Scope::kSelf,
       .summary = "Confirm or decline an invitation: {accept, reason}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"accept", "reason"}, fe);
         const bool accept = BoolField(b, "accept", fe);
         const std::string reason = StrField(b, "reason", fe);
         if (!b.contains("accept")) fe.Add("accept", errc::required);
         CheckLength(fe, "reason", reason);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Respond(ctx.actor(), id, accept, reason), ctx.lang);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/expert/applications/{id}",
       .roles = expert,
       .scope = Scope::kSelf,
       .summary = "An application assigned to the calling expert (no contact details)",
       .handler = WithId([&rv](Context& ctx, int64_t id) {
         return Out(rv.ExpertApplication(ctx.principal(), id), ctx.lang);
       })});
  add({.method = "PUT",
       .pattern = "/api/v1/expert/applications/{id}/review",
       .roles = expert,
       .scope = Scope::kSelf,
       .summary = "Record the expert's review: {recommendation, conformity, comments}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"recommendation", "conformity", "comments"}, error);
         if (!f) return error;
         return Out(rv.SaveReview(ctx.actor(), id, (*f)[0], (*f)[1], (*f)[2]), ctx.lang);
       })});
  add({.method = "POST",
       .pattern = "/api/v1/expert/applications/{id}/withdraw",
       .roles = expert,
       .scope = Scope::kSelf,
       .summary = "Withdraw from an application for a conflict of interest (回避): {reason}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"reason"}, error);
         if (!f) return error;
         return Out(rv.Withdraw(ctx.actor(), id, (*f)[0]), ctx.lang);
       })});

  // ---- Meetings ----
  add({.method = "POST",
       .pattern = "/api/v1/meetings",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Plan a committee meeting: {committee_code, title, held_on, application_ids}",
       .handler = WithBody([&rv, &campaigns = *options.campaigns](Context& ctx, const json::object& b) {
         Error error;
         auto req = MeetingRequestOf(b, campaigns.back(), error);
         if (!req) return ErrorOf(error, ctx.lang);
         return Out(rv.CreateMeeting(ctx.actor(), *req), ctx.lang, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/meetings",
       .roles = {R::kCommitteeOffice, R::kCityAdmin, R::kExpert},
       .scope = Scope::kCity,
       .summary = "Meetings (an expert sees those of their committee)",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Meetings(ctx.principal(), page), ctx.lang);
       }});
  add({.method = "GET",
       .pattern = "/api/v1/meetings/{id}",
       .roles = {R::kCommitteeOffice, R::kCityAdmin, R::kExpert},
       .scope = Scope::kCity,
       .summary = "A meeting: members, attendance, candidates, counts and results",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.Meeting(ctx.principal(), id), ctx.lang); })});
  add({.method = "PUT",
       .pattern = "/api/v1/meetings/{id}/attendance",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Record who is present: {present: [expert ids]}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"present"}, fe);
         std::vector<int64_t> present;
         const auto* list = b.if_contains("present");
         if (!list || !list->is_array()) {
           fe.Add("present", errc::required);
         } else {
           for (size_t i = 0; i < list->as_array().size(); ++i) {
             const auto& v = list->as_array()[i];
             if (v.is_int64()) {
               present.push_back(v.as_int64());
             } else {
               fe.Add("present[" + std::to_string(i) + "]", errc::wrong_type);
             }
           }
         }
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.SetAttendance(ctx.actor(), id, present), ctx.lang);
       })});
  add({.method = "PUT",
       .pattern = "/api/v1/meetings/{id}/date",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Move a planned meeting to another day (today or later): {held_on}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"held_on"}, fe);
         const std::string held_on = StrField(b, "held_on", fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Reschedule(ctx.actor(), id, held_on), ctx.lang);
       })});
  add({.method = "POST",
       .pattern = "/api/v1/meetings/{id}/open-voting",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Open the vote (quorum and a presiding chair or vice chair required)",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.OpenVoting(ctx.actor(), id), ctx.lang); })});
  add({.method = "POST",
       .pattern = "/api/v1/meetings/{id}/ballot",
       .roles = expert,
       .scope = Scope::kSelf,
       .summary = "Cast the calling member's secret ballot: {votes: [{application_id, choice}]}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"votes", "sheet"}, fe);
         std::vector<review::Vote> votes;
         const auto* list = b.if_contains("votes");
         const auto* sheet = b.if_contains("sheet");
         if (sheet && !sheet->is_object()) fe.Add("sheet", errc::wrong_type);
         if (!sheet && (!list || !list->is_array())) {
           fe.Add(list ? "votes" : "sheet", list ? errc::wrong_type : errc::required);
         } else if (!sheet) {
           for (size_t i = 0; i < list->as_array().size() && i < 1000; ++i) {
             const auto& v = list->as_array()[i];
             if (!v.is_object()) {
               fe.Add("votes[" + std::to_string(i) + "]", errc::wrong_type);
               continue;
             }
             FieldErrors inner;
             review::Vote vote{IntField(v.as_object(), "application_id", inner).value_or(0),
                               StrField(v.as_object(), "choice", inner)};
             if (!inner.empty()) fe.Add("votes[" + std::to_string(i) + "]", errc::wrong_type);
             votes.push_back(std::move(vote));
           }
         }
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         auto r = rv.Vote(ctx.actor(), id, sheet ? nullptr : &votes, sheet);
         if (!r.ok()) return ErrorOf(r.error(), ctx.lang);
         return Json(200,
                     contract::ToJson(review::views::MeetingsBallotPostResponse{.fingerprint = r.value()}));
       })});
  add({.method = "PUT",
       .pattern = "/api/v1/meetings/{id}/trustee-key",
       .roles = {R::kCommitteeOffice, R::kExpert},
       .scope = Scope::kCity,
       .summary = "A trustee (the committee office, the presiding member) registers the public part of a key "
                  "share made in their browser, with its proof",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"public", "proof"}, fe);
         review::views::MeetingsTrusteeKeyPutRequest req;
         req.public_ = StrField(b, "public", fe);
         const auto* proof = b.if_contains("proof");
         if (!proof) {
           fe.Add("proof", errc::required);
         } else if (!proof->is_object()) {
           fe.Add("proof", errc::wrong_type);
         } else {
           FieldErrors inner;
           RejectUnknownFields(proof->as_object(), {"A", "c", "s"}, inner);
           req.proof = {.A = StrField(proof->as_object(), "A", inner),
                        .c = StrField(proof->as_object(), "c", inner),
                        .s = StrField(proof->as_object(), "s", inner)};
           for (const auto& f : inner.ToError().fields) fe.Add("proof." + f.field, f.code);
         }
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.RegisterTrusteeKey(ctx.actor(), id, req), ctx.lang);
       })});
  add({.method = "POST",
       .pattern = "/api/v1/meetings/{id}/decrypt",
       .roles = {R::kCommitteeOffice, R::kExpert},
       .scope = Scope::kCity,
       .summary = "A trustee's partial decryptions of the tally, each with its proof",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"partials"}, fe);
         const auto* partials = b.if_contains("partials");
         if (!partials) {
           fe.Add("partials", errc::required);
         } else if (!partials->is_array()) {
           fe.Add("partials", errc::wrong_type);
         }
         if (!partials || !fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Decrypt(ctx.actor(), id, *partials), ctx.lang);
       })});
  add({.method = "POST",
       .pattern = "/api/v1/meetings/{id}/void-vote",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Void the vote (a trustee cannot decrypt): a new key ceremony, everyone votes again",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"reason"}, fe);
         const std::string reason = StrField(b, "reason", fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.VoidVote(ctx.actor(), id, reason), ctx.lang);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/public/meetings/{id}/board",
       .access = Access::kPublic,
       .summary = "The meeting's public bulletin board: keys, proofs, encrypted sheets, tally, decryptions",
       .handler = WithId([&rv](Context& ctx, int64_t id) { return Out(rv.Board(id), ctx.lang); })});
  add({.method = "POST",
       .pattern = "/api/v1/meetings/{id}/close",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Close the vote: tally, apply results, seal the minutes",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.CloseMeeting(ctx.actor(), id), ctx.lang); })});
  add({.method = "GET",
       .pattern = "/api/v1/meetings/{id}/minutes",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "The sealed minutes with their SHA-256 and a fresh verification",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.Minutes(ctx.principal(), id), ctx.lang); })});

  // ---- Result publicity ----
  add({.method = "POST",
       .pattern = "/api/v1/result-publicity",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Publicise a closed meeting's results: {meeting_id, start_date}",
       .handler = WithBody([&rv](Context& ctx, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"meeting_id", "start_date"}, fe);
         const auto meeting = IntField(b, "meeting_id", fe);
         const std::string start = StrField(b, "start_date", fe);
         if (!meeting) fe.Add("meeting_id", errc::required);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.StartPublicity(ctx.actor(), *meeting, start), ctx.lang, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/result-publicity",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Result publicities with their entries and objections",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Publicities(ctx.principal(), page), ctx.lang);
       }});
  add({.method = "GET",
       .pattern = "/api/v1/result-publicity/{id}",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "A result publicity",
       .handler = WithId(
           [&rv](Context& ctx, int64_t id) { return Out(rv.Publicity(ctx.principal(), id), ctx.lang); })});
  add({.method = "GET",
       .pattern = "/api/v1/result-publicity/{id}/list.pdf",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "The result publicity list (those passed) as a PDF for posting",
       .handler = WithId([&rv, &options, env](Context& ctx, int64_t id) {
         auto p = rv.Publicity(ctx.principal(), id);
         if (!p.ok()) return ErrorOf(p.error(), ctx.lang);
         auto pdf = documents::ResultListPdf(p.value(), options.campaigns->back(),
                                             LogHeadLine(CurrentLogHead(options, env.db, env.clock.Now())));
         return PdfResponse(std::move(pdf.bytes), pdf.pages, "评审结果公示-" + std::to_string(id) + ".pdf",
                            "result-publicity-" + std::to_string(id) + ".pdf");
       })});
  add({.method = "POST",
       .pattern = "/api/v1/result-objections/{id}/resolve",
       .roles = office_only,
       .scope = Scope::kCity,
       .summary = "Record the outcome of an objection: {outcome: dismissed|upheld, resolution}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"outcome", "resolution"}, error);
         if (!f) return error;
         return Out(rv.ResolveObjection(ctx.actor(), id, (*f)[0], (*f)[1]), ctx.lang);
       })});
  add({.method = "POST",
       .pattern = "/api/v1/result-publicity/{id}/confirm",
       .roles = admin,
       .scope = Scope::kCity,
       .summary = "Confirm the results after the publicity; certificates are issued",
       .handler =
           WithId([&rv](Context& ctx, int64_t id) { return Out(rv.Confirm(ctx.actor(), id), ctx.lang); })});
  add({.method = "GET",
       .pattern = "/api/v1/public/results",
       .access = Access::kPublic,
       .summary = "Results in publicity today (name, unit, level, specialty)",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.PublicResults(page), ctx.lang);
       }});
  add({.method = "POST",
       .pattern = "/api/v1/public/results/{id}/objections",
       .access = Access::kPublic,
       .summary = "Raise an objection to a published result: {entry_id, name, contact, content}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         review::RaiseResultObjection cmd;
         RejectUnknownFields(b, {"entry_id", "name", "contact", "content"}, cmd.unreadable);
         cmd.entry_id = IntField(b, "entry_id", cmd.unreadable);
         cmd.name = StrField(b, "name", cmd.unreadable);
         cmd.contact = StrField(b, "contact", cmd.unreadable);
         cmd.content = StrField(b, "content", cmd.unreadable);
         return Out(rv.PublicObjection(id, cmd, ctx.request.client_ip), ctx.lang, 201);
       }),
       .body_limit = 16 << 10,
       .rate_per_minute = 10});

  // ---- Certificates ----
  add({.method = "GET",
       .pattern = "/api/v1/certificates",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Certificates; ?q= number or name, ?status=valid|revoked",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(
             rv.Certificates(ctx.principal(), ctx.request.Query("q"), page, ctx.request.Query("status")),
             ctx.lang);
       }});
  add({.method = "GET",
       .pattern = "/api/v1/my/certificates",
       .roles = {R::kApplicant},
       .scope = Scope::kSelf,
       .summary = "The caller's certificates with their verification codes and who checked them",
       .handler = [&rv](Context& ctx) { return Out(rv.MyCertificates(ctx.principal()), ctx.lang); }});
  add({.method = "GET",
       .pattern = "/api/v1/certificates/{id}/certificate.pdf",
       .roles = {R::kApplicant, R::kCommitteeOffice, R::kCityAdmin},
       .scope = Scope::kSelf,
       .summary =
           "The certificate as a PDF with its verification code and QR code (the holder's own; any for "
           "the office and the city admin)",
       .handler = WithId([&rv, &options, env](Context& ctx, int64_t id) {
         auto cert = rv.Certificate(ctx.principal(), id);
         if (!cert.ok()) return ErrorOf(cert.error(), ctx.lang);
         std::string code;
         for (char ch : cert.value().verify_code.value_or(""))
           if (ch != '-') code += ch;
         auto pdf = documents::CertificatePdf(
             cert.value(), {.verify_url = PublicBase(options) + "/verify?code=" + code,
                            .issuer = options.campaigns->back().notice.issuer,
                            .log_head = LogHeadLine(CurrentLogHead(options, env.db, env.clock.Now()))});
         return PdfResponse(std::move(pdf.bytes), pdf.pages, "职称证书-" + pdf.number + ".pdf",
                            "certificate-" + pdf.number + ".pdf");
       })});
  add({.method = "GET",
       .pattern = "/api/v1/public/certificates/verify",
       .access = Access::kPublic,
       .summary = "Verify a certificate by ?number=&name= or ?code=; optional ?checker=",
       .handler =
           [&rv](Context& ctx) {
             return Out(
                 rv.Verify(ctx.request.Query("number"), ctx.request.Query("name"), ctx.request.Query("code"),
                           ctx.request.Query("checker"), ctx.request.client_ip),
                 ctx.lang);
           },
       .rate_per_minute = options.eligibility_rate_per_minute});
  add({.method = "POST",
       .pattern = "/api/v1/certificates/{id}/revoke",
       .roles = admin,
       .scope = Scope::kCity,
       .summary = "Revoke a title for fraud: {reason, evidence}; the person is recorded for 3 years",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"reason", "evidence"}, error);
         if (!f) return error;
         return Out(rv.Revoke(ctx.actor(), id, (*f)[0], (*f)[1]), ctx.lang);
       })});

  // ---- Integrity archive and cases ----
  add({.method = "GET",
       .pattern = "/api/v1/integrity/records",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "The integrity archive; ?in_force=true|false",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.IntegrityRecords(ctx.principal(), page, ctx.request.Query("in_force")), ctx.lang);
       }});
  add({.method = "POST",
       .pattern = "/api/v1/integrity/records",
       .roles = admin,
       .scope = Scope::kCity,
       .summary = "Record fraud found in an application: {application_id, reason, evidence}",
       .handler = WithBody([&rv](Context& ctx, const json::object& b) {
         FieldErrors fe;
         RejectUnknownFields(b, {"application_id", "reason", "evidence"}, fe);
         const auto app = IntField(b, "application_id", fe);
         const std::string reason = StrField(b, "reason", fe);
         const std::string evidence = StrField(b, "evidence", fe);
         if (!app) fe.Add("application_id", errc::required);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.AddIntegrityRecord(ctx.actor(), *app, reason, evidence), ctx.lang, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/my/integrity",
       .roles = {R::kApplicant},
       .scope = Scope::kSelf,
       .summary = "The caller's integrity records",
       .handler = [&rv](Context& ctx) { return Out(rv.MyIntegrity(ctx.principal()), ctx.lang); }});
  add({.method = "POST",
       .pattern = "/api/v1/cases",
       .roles = {R::kApplicant, R::kUnit, R::kExpert},  // the office and the city admin decide cases
       .scope = Scope::kSelf,
       .summary = "File a re-examination request (applicants) or a complaint (applicants, units, experts): "
                  "{kind, application_id?, subject, content}",
       .handler = WithBody([&rv](Context& ctx, const json::object& b) {
         review::FileCaseCommand cmd;
         RejectUnknownFields(b, {"kind", "application_id", "subject", "content"}, cmd.unreadable);
         cmd.kind = StrField(b, "kind", cmd.unreadable);
         cmd.application_id = IntField(b, "application_id", cmd.unreadable);
         cmd.subject = StrField(b, "subject", cmd.unreadable);
         cmd.content = StrField(b, "content", cmd.unreadable);
         return Out(rv.FileCase(ctx.actor(), cmd), ctx.lang, 201);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/cases",
       .access = Access::kSignedIn,
       .scope = Scope::kSelf,
       .summary = "Cases: all for the committee office and the city admin, one's own for others; "
                  "?status=open|closed, ?kind=re_examination|complaint",
       .handler = [&rv](Context& ctx) {
         FieldErrors fe;
         const auto page = PagingOf(ctx.request, fe);
         if (!fe.empty()) return ErrorOf(fe.ToError(), ctx.lang);
         return Out(rv.Cases(ctx.principal(), page, ctx.request.Query("status"), ctx.request.Query("kind")),
                    ctx.lang);
       }});
  add({.method = "POST",
       .pattern = "/api/v1/cases/{id}/close",
       .roles = office,
       .scope = Scope::kCity,
       .summary = "Close a case with its outcome: {outcome: upheld|dismissed, outcome_text}",
       .handler = WithBodyAndId([&rv](Context& ctx, int64_t id, const json::object& b) {
         Response error;
         auto f = Strings(ctx, b, {"outcome", "outcome_text"}, error);
         if (!f) return error;
         return Out(rv.CloseCase(ctx.actor(), id, (*f)[0], (*f)[1]), ctx.lang);
       })});
  add({.method = "GET",
       .pattern = "/api/v1/review/todo",
       .access = Access::kSignedIn,
       .scope = Scope::kSelf,
       .summary =
           "The review work waiting for the caller: invitations, reviews, ballots, intake, objections, cases",
       .handler = [&rv](Context& ctx) { return Out(rv.Todo(ctx.principal()), ctx.lang); }});
  return routes;
}

}  // namespace zc::http
