#pragma once
// The platform's printable documents (docs/documents.md). Rendering is pure: it takes what the workflow
// returns and gives PDF bytes; recording prints and checking who may have them is Forms' business.
#include <boost/json/object.hpp>
#include <string>

#include "accounts/accounts.hpp"
#include "base/result.hpp"
#include "campaign/campaign.hpp"
#include "documents/views.hpp"
#include "review/views.hpp"
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
  // The publicity version (单位内部公示): no identity number, no list of files, no opinions, no
  // verification code; watermarked for publicity inside the unit.
  bool publicity = false;
};

// 《专业技术职务任职资格评审表》 from an application as GET /applications/{id} returns it (its snapshot):
// A4, sections as tables, a diagonal watermark on every page (platform, number, name, masked identity
// number, download time), the QR code and verification code on the first page, an even page count.
// Printed from the typed snapshot (workflow/snapshot.hpp): a member the form needs cannot be silently blank.
Pdf ReviewForm(const campaign::Campaign& c, const workflow::SubmittedApplication& application,
               const PrintMark& mark);

// What a printed certificate carries besides the certificate itself.
struct CertificatePrint {
  std::string verify_url;  // the QR code's content
  std::string issuer;  // the issuing authority (the campaign notice's issuer, 嘉兴市人力资源和社会保障局)
  std::string log_head;  // the audit log's signed tree head at printing (http::LogHeadLine)
};

// 《专业技术资格证书》 from a certificate as GET /my/certificates returns it (with its verification code):
// one page with the holder, the title, the committee, the dates, the number and the code with its QR code,
// the issuing authority with a place for its seal, and the audit log's tree head in the footer, inside the
// frame; a revoked certificate is stamped 已撤销 across the page.
Pdf CertificatePdf(const review::views::Certificate& certificate, const CertificatePrint& print);

// The result publicity list (评审结果公示名单) from a result publicity as GET /result-publicity/{id} returns
// it: those the committee passed, with unit, level and specialty, the period and how to object (the
// campaign's paper-materials body and contacts).
// `log_head` is the audit log's signed tree head at printing, printed under the list.
Pdf ResultListPdf(const review::views::ResultPublicity& publicity, const campaign::Campaign& c,
                  const std::string& log_head);

// 《破格推荐中级专业技术职务任职资格审批表》 (attachment 4 of the notice) for an application on the
// exceptional path: the person, what the regular conditions lack (from the eligibility decision), the
// achievements and awards of the archive, and boxes for the applicant's statement and the opinions and seals
// of the unit, the county or competent department and the committee office. Printed from the typed
// application view and archive items; only an item's data is a free-form document (docs/workflow.md).
Pdf ExceptionalForm(const campaign::Campaign& c, const workflow::views::Application& application,
                    const std::vector<workflow::views::ArchiveItem>& archive_items,
                    const std::string& printed_at);

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
  // The publicity version of the review form (for the unit's internal publicity), once submitted.
  Result<Pdf> PublicityFormFor(const accounts::Actor& actor, int64_t application_id);
  // The exceptional-route approval form of an application on that path (exceptional_form_not_applicable
  // otherwise), at any state: the applicant needs it signed and sealed before submitting.
  Result<Pdf> ExceptionalFormFor(const accounts::Actor& actor, int64_t application_id);
  // Public: what a verification code was issued for; not_found for unknown codes.
  Result<views::FormVerification> Verify(const std::string& code);

 private:
  accounts::Env& env_;
  workflow::Workflow& wf_;
  const std::vector<campaign::Campaign>& campaigns_;
};

}  // namespace zc::documents
