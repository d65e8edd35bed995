// The certificate, the result publicity list and the exceptional-route approval form (docs/documents.md).
#include <map>

#include "documents/documents.hpp"
#include "documents/form_json.hpp"
#include "documents/pdf.hpp"

namespace zc::documents {

namespace json = boost::json;
using namespace detail;

Pdf CertificatePdf(const review::views::Certificate& cert, const CertificatePrint& print) {
  const std::string number = cert.number;
  const bool revoked = cert.status == "revoked";
  PdfWriter w("专业技术资格证书");
  w.OnPage([&](cairo_t* cr, int, double width, double height) {
    // A double frame, and across a revoked certificate its revocation in red.
    cairo_set_source_rgb(cr, 0.55, 0.12, 0.12);
    cairo_set_line_width(cr, 2.2);
    cairo_rectangle(cr, 28, 28, width - 56, height - 56);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, 34, 34, width - 68, height - 68);
    cairo_stroke(cr);
    if (revoked) {
      std::string text = "已撤销  ";
      text += cert.revoked_on.value_or("");
      Watermark(cr, width, height, text, 30, 0.8, 0.05, 0.05, 0.35);
    }
    // Inside the inner frame (34 pt from the edge): up to four lines of 8 pt above it.
    std::string footer = "证书编号 ";
    footer += number;
    footer += "    验证码 ";
    footer += cert.verify_code.value_or("");
    if (!print.log_head.empty()) {
      footer += "\n";
      footer += print.log_head;
    }
    Footer(cr, height - 62, footer, width - 2 * PdfWriter::kMargin);
  });
  w.Space(60);
  w.Title("专业技术资格证书", 28);
  w.Space(40);
  std::string text = cert.name;
  text += " 同志：\n\n    经";
  text += cert.committee_name;
  text += "评审通过，具备";
  text += cert.specialty_name;
  text += "专业";
  text += cert.level_name;
  text += "专业技术资格。特发此证。";
  w.Paragraph(text, 15);
  w.Space(30);
  w.Pairs({{"姓名", cert.name},
           {"资格名称", cert.level_name},
           {"专业", cert.specialty_name},
           {"发证日期", cert.issued_on},
           {"证书编号", number},
           {"验证码", cert.verify_code.value_or("")}});
  if (revoked) {
    w.Space(10);
    std::string r = "本证书已于 ";
    r += cert.revoked_on.value_or("");
    r += " 撤销：";
    r += cert.revoke_reason;
    w.Paragraph(r, 11);
  }
  w.Space(20);
  const double qr = 96;
  w.Qr(print.verify_url, PdfWriter::kMargin + (w.ContentWidth() - qr) / 2, w.Y(), qr);
  w.Space(qr + 10);
  w.Centered("扫描二维码或在平台“证书与表格查验”页输入证书编号与姓名或验证码，可核验本证书", 9.5);
  w.Space(24);
  // The issuing authority, and a ring where its seal goes (盖章处).
  const double ring = 84;
  const double cx = PdfWriter::kMargin + w.ContentWidth() * 0.82;
  const double cy = w.Y() + ring / 2;
  w.Draw([=](cairo_t* cr) {
    cairo_set_source_rgb(cr, 0.55, 0.12, 0.12);
    cairo_set_line_width(cr, 0.8);
    const double dash[] = {3.0, 3.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_new_path(cr);  // no line from the current point to the ring
    cairo_arc(cr, cx, cy, ring / 2, 0, 2 * 3.14159265358979);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  });
  std::string seal = "发证机关：";
  seal += print.issuer.empty() ? cert.committee_name : print.issuer;
  seal += "（盖章）\n评审机构：";
  seal += cert.committee_name;
  seal += "\n发证日期：";
  seal += cert.issued_on;
  w.Paragraph(seal, 12);
  Pdf out;
  out.bytes = w.Finish(&out.pages, false);
  out.number = number;
  return out;
}

Pdf ResultListPdf(const review::views::ResultPublicity& publicity, const campaign::Campaign& c,
                  const std::string& log_head) {
  const std::string committee = publicity.committee_name;
  const auto& pm = c.paper_materials;
  std::string contact;
  for (size_t i = 0; i < pm.contacts.size() || i < pm.phones.size(); ++i) {
    if (!contact.empty()) contact += "；";
    if (i < pm.contacts.size()) contact += pm.contacts[i];
    if (i < pm.phones.size()) contact += " " + pm.phones[i];
  }
  if (!pm.body.empty()) contact = pm.body + (contact.empty() ? "" : "，") + contact;
  PdfWriter w("评审结果公示");
  w.OnPage([&](cairo_t* cr, int page, double, double height) {
    std::string footer = committee;
    footer += "    评审结果公示    第 ";
    footer += std::to_string(page);
    footer += " 页";
    Footer(cr, height, footer);
  });
  std::string title = committee;
  title += "\n评审结果公示";
  w.Title(title, 17);
  w.Space(8);
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : publicity.entries) {
    if (!e.passed) continue;
    rows.push_back({std::to_string(rows.size() + 1), e.name, e.unit_name, e.level_name, e.specialty_name});
  }
  std::string intro = "经评审委员会评审，下列 ";
  intro += std::to_string(rows.size());
  intro += " 名同志通过评审，现予公示。公示期为 ";
  intro += publicity.start_date;
  intro += " 至 ";
  intro += publicity.end_date;
  intro +=
      "。公示期间，对公示对象有异议的，可通过平台“评审结果公示”页或以下方式实名反映，并提供必要的证明材料。";
  w.Paragraph(intro, 11);
  w.Space(6);
  w.Table({{0.5, "序号"}, {0.9, "姓名"}, {2.6, "工作单位"}, {1.1, "资格名称"}, {1.4, "专业"}}, rows);
  w.Space(10);
  if (!contact.empty()) w.Paragraph("联系方式：" + contact, 10.5);
  w.Space(20);
  std::string sign = committee;
  sign += "\n";
  sign += publicity.start_date;
  w.Paragraph(sign, 11);
  if (!log_head.empty()) {
    w.Space(12);
    w.Paragraph(log_head, 7.5);
  }
  Pdf out;
  out.bytes = w.Finish(&out.pages, false);
  return out;
}

Pdf ExceptionalForm(const campaign::Campaign& c, const workflow::views::Application& app,
                    const std::vector<workflow::views::ArchiveItem>& archive_items,
                    const std::string& printed_at) {
  const workflow::views::ApplicationApplicant& applicant = app.applicant;
  const workflow::views::ApplicationUnit unit =
      app.unit.value_or(workflow::views::ApplicationUnit{.id = 0, .name = "", .credit_code = ""});
  static const std::vector<eligibility::views::EligibilityReason> kNoReasons;
  const std::string cut_off = app.eligibility ? app.eligibility->cut_off : "";
  const auto& reasons = app.eligibility ? app.eligibility->reasons : kNoReasons;
  const std::string number = app.number;
  const std::string title = "破格推荐中级专业技术职务任职资格审批表";
  PdfWriter w(title);
  w.OnPage([&](cairo_t* cr, int page, double width, double height) {
    std::string text = "职称申报评审管理服务平台  ";
    text += number;
    text += "\n";
    text += applicant.name;
    text += "  破格推荐审批用  下载于 ";
    text += printed_at;
    Watermark(cr, width, height, text);
    std::string footer = "申报编号 ";
    footer += number;
    footer += "    第 ";
    footer += std::to_string(page);
    footer += " 页";
    Footer(cr, height, footer);
  });
  w.Title(title, 18);
  w.Centered(c.name, 11);
  w.Space(10);

  std::map<std::string, std::vector<const json::object*>> items;
  for (const auto& item : archive_items) items[item.kind].push_back(&item.data);
  std::string education, current_title;
  for (const auto* d : items["education"]) {
    education = S(*d, "level").empty() ? NameOf(c.technician_school_classes, S(*d, "technician_school_class"))
                                       : NameOf(c.education_levels, S(*d, "level"));
    education += "（";
    education += S(*d, "graduated");
    education += " 毕业，";
    education += S(*d, "major");
    education += "）";
  }
  for (const auto* d : items["title"]) {
    current_title = NameOf(c.levels, S(*d, "level"));
    current_title += "（";
    current_title += S(*d, "obtained");
    current_title += " 取得）";
  }
  w.Section("一、基本情况");
  w.Pairs({{"姓名", applicant.name},
           {"公民身份号码", applicant.id_number_masked},
           {"工作单位", unit.name},
           {"统一社会信用代码", unit.credit_code},
           {"申报资格", app.level_name},
           {"申报专业", app.specialty_name},
           {"最高学历", education},
           {"现专业技术资格", current_title},
           {"申报编号", number},
           {"资格审查截止日", cut_off}});

  // What the regular conditions lack: the reasons the engine did not find met, with their clauses.
  w.Section("二、破格事由（不符合常规申报条件之处）");
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : reasons) {
    if (r.status != "unmet") continue;
    if (r.group != "general" && r.group != "regular") continue;
    rows.push_back({r.message.zh, r.clause});
  }
  w.Table({{3.4, "不符合的条件"}, {2.2, "依据"}}, rows);

  w.Section("三、主要专业技术工作业绩与获奖情况");
  rows.clear();
  static const std::map<std::string, std::string> kTypes = {
      {"project", "项目"}, {"paper", "论文"}, {"patent", "专利"}, {"standard", "标准"}};
  for (const auto* d : items["achievement"]) {
    auto it = kTypes.find(S(*d, "type"));
    rows.push_back(
        {it == kTypes.end() ? S(*d, "type") : it->second, S(*d, "title"), S(*d, "date"), S(*d, "role")});
  }
  for (const auto* d : items["award"])
    rows.push_back({"获奖", NameOf(c.awards, S(*d, "code")), S(*d, "obtained"), ""});
  w.Table({{0.8, "类别"}, {3, "名称"}, {1, "时间"}, {1.2, "本人作用"}}, rows);

  w.Section("四、本人申请", 130);
  w.Box("破格申请理由（本人填写：突出能力与业绩）", "", 120, "本人签名：____________        年    月    日");
  w.Section("五、单位推荐意见", 130);
  w.Box("推荐意见", "", 110, "单位（盖章）        负责人签字：__________        年    月    日");
  w.Section("六、县（市、区）人力社保部门或主管部门审核意见", 120);
  w.Box("审核意见", "", 100, "（盖章）        年    月    日");
  w.Section("七、评委会办事机构审批意见", 120);
  w.Box("审批意见", "", 100, "（盖章）        年    月    日");
  w.Paragraph(
      "说明：本表由申报人下载打印，经上述单位签署意见并盖章后，扫描上传至申报材料“破格推荐中级专业技术职务任"
      "职资格审批表”一栏，纸质原件随评审表一并报送。破格申报由评审机构审核决定，平台不作判断。",
      9);
  Pdf out;
  out.bytes = w.Finish(&out.pages);
  out.number = number;
  return out;
}

}  // namespace zc::documents
