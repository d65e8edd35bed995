// Printable documents (docs/documents.md): the review form of an application and the public check of a
// print's verification code.
#include <boost/json.hpp>

#include "documents/documents.hpp"
#include "http/api.hpp"

namespace zc::http {

using R = accounts::Role;

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
        if (!id) return ErrorOf(MakeError("not_found"), ctx.lang);
        // The QR code links to the public verification page: the configured public address, else the
        // address the browser used.
        std::string base = options.public_url;
        if (base.empty()) {
          base = options.secure_cookies ? "https://" : "http://";
          base += ctx.request.Header("host");
        }
        auto pdf = forms.ReviewFormFor(ctx.actor(), *id, base);
        if (!pdf.ok()) return ErrorOf(pdf.error(), ctx.lang);
        Response r;
        r.content_type = "application/pdf";
        r.body = std::move(pdf.value().bytes);
        const std::string number = pdf.value().number;
        std::string name = "评审表-";
        name += number;
        name += ".pdf";
        std::string ascii = "review-form-";
        ascii += number;
        ascii += ".pdf";
        AddAttachment(r, name, ascii);
        r.headers.emplace_back("X-Page-Count", std::to_string(pdf.value().pages));
        return r;
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

}  // namespace zc::http
