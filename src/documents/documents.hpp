#pragma once
// The platform's printable documents (docs/documents.md). Rendering is pure: it takes what the workflow
// returns and gives PDF bytes; recording prints and checking who may have them is Forms' business.
#include <boost/json/object.hpp>
#include <string>

#include "accounts/accounts.hpp"
#include "base/result.hpp"
#include "campaign/campaign.hpp"
#include "storage/database.hpp"
#include "workflow/workflow.hpp"

namespace zc::documents {

struct Pdf {
  std::string bytes;
  int pages = 0;
  std::string number;  // the application's number, for the file name
};

// What a print of the review form carries besides the application.
struct PrintMark {
  std::string platform;     // 职称申报评审管理服务平台
  std::string form_number;  // {number}-v{snapshot}
  std::string code;         // verification code, grouped XXXX-XXXX-XXXX-XXXX
  std::string verify_url;   // the QR code's content
  std::string printed_at;   // Shanghai time, YYYY-MM-DD HH:MM
  std::string printed_by;   // who downloaded it
};

// 《专业技术职务任职资格评审表》 from an application as GET /applications/{id} returns it (its snapshot):
// A4, sections as tables, a diagonal watermark on every page (platform, number, name, masked identity
// number, download time), the QR code and verification code on the first page, an even page count.
Pdf ReviewForm(const campaign::Campaign& c, const boost::json::object& application, const PrintMark& mark);

// Prints of forms: each download is recorded with a fresh verification code that the public verification
// page accepts (a genuine print shows the same facts the platform shows for its code).
class Forms {
 public:
  Forms(accounts::Env& env, workflow::Workflow& wf, const std::vector<campaign::Campaign>& campaigns)
      : env_(env), wf_(wf), campaigns_(campaigns) {}
  // The review form of an application the caller may see, once it has a snapshot. `base_url` prefixes the
  // QR code's link (e.g. https://zc.example.gov.cn); empty: a relative link.
  Result<Pdf> ReviewFormFor(const accounts::Actor& actor, int64_t application_id,
                            const std::string& base_url);
  // Public: what a verification code was issued for; not_found for unknown codes.
  Result<boost::json::value> Verify(const std::string& code);

 private:
  accounts::Env& env_;
  workflow::Workflow& wf_;
  const std::vector<campaign::Campaign>& campaigns_;
};

}  // namespace zc::documents
