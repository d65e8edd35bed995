// Printable documents (docs/documents.md): the review form of an application and the public check of a
// print's verification code.
#include <boost/json.hpp>

#include "documents/documents.hpp"
#include "documents/list_export.hpp"
#include "documents/xlsx.hpp"
#include "http/api.hpp"

namespace zc::http {

using R = accounts::Role;
namespace json = boost::json;

std::vector<Route> DocumentRoutes(documents::Forms& forms, const ApiOptions& options) {
  std::vector<Route> routes;
  routes.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/applications/{id}/review-form.pdf",
      .roles = {R::kApplicant, R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment, R::kCommitteeOffice,
                R::kCityAdmin},
      .scope = Scope::kRegion,
      .summary =
          "The review form (评审表) of a submitted application as a watermarked PDF with a verification "
          "code; every download is recorded",
      .handler = [&forms, &options](Context& ctx) {
        auto id = IdParam(ctx);
        if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        // The QR code links to the public verification page.
        auto pdf = forms.ReviewFormFor(ctx.actor(), *id, PublicBase(options));
        if (!pdf.ok()) return ErrorOf(pdf.error(), ctx.lang);
        const std::string number = pdf.value().number;
        return PdfResponse(std::move(pdf.value().bytes), pdf.value().pages, "评审表-" + number + ".pdf",
                           "review-form-" + number + ".pdf");
      }});
  routes.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/applications/{id}/publicity-form.pdf",
      .roles = {R::kApplicant, R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment, R::kCommitteeOffice,
                R::kCityAdmin},
      .scope = Scope::kRegion,
      .summary = "The publicity version of the review form (for the unit's internal publicity: no identity "
                 "number, no opinions), once submitted",
      .handler = [&forms](Context& ctx) {
        auto id = IdParam(ctx);
        if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        auto pdf = forms.PublicityFormFor(ctx.actor(), *id);
        if (!pdf.ok()) return ErrorOf(pdf.error(), ctx.lang);
        const std::string number = pdf.value().number;
        return PdfResponse(std::move(pdf.value().bytes), pdf.value().pages, "公示表-" + number + ".pdf",
                           "publicity-form-" + number + ".pdf");
      }});
  routes.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/applications/{id}/exceptional-form.pdf",
      .roles = {R::kApplicant, R::kUnit, R::kAcceptancePoint, R::kCompetentDepartment, R::kCommitteeOffice,
                R::kCityAdmin},
      .scope = Scope::kRegion,
      .summary = "The exceptional-route approval form (破格推荐审批表, attachment 4) of an application on "
                 "that path, pre-filled, to be signed and sealed",
      .handler = [&forms](Context& ctx) {
        auto id = IdParam(ctx);
        if (!id) return ErrorOf(MakeError(errc::not_found), ctx.lang);
        auto pdf = forms.ExceptionalFormFor(ctx.actor(), *id);
        if (!pdf.ok()) return ErrorOf(pdf.error(), ctx.lang);
        const std::string number = pdf.value().number;
        return PdfResponse(std::move(pdf.value().bytes), pdf.value().pages,
                           "破格推荐审批表-" + number + ".pdf", "exceptional-form-" + number + ".pdf");
      }});
  routes.push_back(Route{
      .method = "GET",
      .pattern = "/api/v1/public/forms/verify",
      .access = Access::kPublic,
      .summary = "What a printed form's verification code (?code=) was issued for",
      .handler = [&forms](Context& ctx) { return Out(forms.Verify(ctx.request.Query("code")), ctx.lang); },
      .rate_per_minute = options.eligibility_rate_per_minute});
  return routes;
}

// Each exportable list gets GET <list>.xlsx with the list's roles and scope. The rows come from the list's
// own handler, called page after page with the caller's filters, so the sheet holds exactly what the list
// would show across its pages.
void AddListExports(std::vector<Route>& routes) {
  std::vector<Route> added;
  for (const auto& spec : documents::ListExports()) {
    auto base = std::find_if(routes.begin(), routes.end(),
                             [&](const Route& r) { return r.method == "GET" && r.pattern == spec.pattern; });
    if (base == routes.end()) continue;  // the list is not offered (no campaigns loaded)
    Route r = *base;
    r.pattern = spec.pattern + ".xlsx";
    r.summary = "The list " + spec.pattern +
                " as an Excel sheet with the same filters: every row, not one page (at most " +
                std::to_string(documents::kMaxExportRows) + ")";
    r.handler = [list = base->handler, &spec](Context& ctx) {
      Request request = ctx.request;
      request.query.erase("after");
      request.query["page_size"] = "100";
      Context page{request, ctx.lang, ctx.auth};
      // The sheet is in Chinese whatever the interface language: it is filed and passed on as an official
      // list, and its names (units, specialties, states) are Chinese anyway.
      const Lang lang = Lang::kZh;
      documents::Sheet sheet = documents::ExportSheet(spec, lang);
      for (;;) {
        Response answer = list(page);
        if (answer.status != 200) return answer;  // the list's own refusal (a bad filter, …)
        boost::system::error_code ec;
        const json::value v = json::parse(answer.body, ec);
        const json::array* items = nullptr;
        const json::value* next = nullptr;
        if (!ec && v.is_array()) {
          items = &v.as_array();
        } else if (!ec && v.is_object() && v.as_object().contains("items")) {
          const auto& o = v.as_object();
          if (const auto* total = o.if_contains("total");
              total && total->is_int64() && total->as_int64() > documents::kMaxExportRows)
            return ErrorOf(MakeError(errc::export_too_large), ctx.lang);
          items = &o.at("items").as_array();
          next = o.if_contains("next_cursor");
        } else {
          return ErrorOf(MakeError(errc::internal_error), ctx.lang);
        }
        for (const auto& item : *items)
          if (item.is_object()) sheet.rows.push_back(documents::ExportRow(spec, item.as_object(), lang));
        if (static_cast<int64_t>(sheet.rows.size()) > documents::kMaxExportRows)
          return ErrorOf(MakeError(errc::export_too_large), ctx.lang);
        if (!next || !next->is_string()) break;
        request.query["after"] = std::string(next->as_string());
      }
      return XlsxResponse(documents::WriteXlsx(sheet), spec.name_zh + ".xlsx", spec.ascii_name, ctx.lang);
    };
    added.push_back(std::move(r));
  }
  for (auto& r : added) routes.push_back(std::move(r));
}

}  // namespace zc::http
