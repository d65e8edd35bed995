// 《专业技术职务任职资格评审表》: the review form printed from the submitted snapshot.
#include <cmath>
#include <map>

#include "documents/documents.hpp"
#include "documents/form_json.hpp"
#include "documents/pdf.hpp"

namespace zc::documents {

namespace json = boost::json;
using namespace detail;

namespace {

std::string Achievement(const std::string& type) {
  static const std::map<std::string, std::string> kNames = {
      {"project", "项目"}, {"paper", "论文"}, {"patent", "专利"}, {"standard", "标准"}};
  auto it = kNames.find(type);
  return it == kNames.end() ? type : it->second;
}

}  // namespace

Pdf ReviewForm(const campaign::Campaign& c, const workflow::SubmittedApplication& app,
               const PrintMark& mark) {
  const workflow::ApplicationSnapshot& data = app.snapshot;
  const std::string& name = data.applicant_name;
  const std::string& id_masked = data.applicant_id_number_masked;
  const std::string& number = data.number;

  PdfWriter w(c.paper_materials.form.empty() ? "专业技术职务任职资格评审表" : c.paper_materials.form);
  w.OnPage([&](cairo_t* cr, int page, double width, double height) {
    // Watermark: the platform, the application, the person and the time of the download, diagonally and
    // repeated, light enough to read the form through it.
    std::string text = mark.platform;
    text += "  ";
    text += number;
    text += "\n";
    text += name;
    text += "  ";
    if (mark.publicity) {
      text += "单位内部公示用  ";
    } else {
      text += id_masked;
      text += "  下载于 ";
    }
    text += mark.printed_at;
    Watermark(cr, width, height, text);
    // Footer: the form number, the verification code and the page.
    std::string footer = "表号 ";
    footer += mark.form_number;
    if (mark.publicity) {
      footer += "    单位内部公示用，不作评审材料";
    } else {
      footer += "    验证码 ";
      footer += mark.code;
    }
    footer += "    第 ";
    footer += std::to_string(page);
    footer += " 页";
    Footer(cr, height, footer);
  });

  // First page: title, the QR code with the verification code beside it.
  const double qr = 78;
  if (!mark.publicity)
    w.Qr(mark.verify_url, PdfWriter::kMargin + w.ContentWidth() - qr, PdfWriter::kTop - 20, qr);
  w.Title(c.paper_materials.form.empty() ? "专业技术职务任职资格评审表" : c.paper_materials.form, 20);
  w.Centered(c.name, 11);
  std::string line = "表号：";
  line += mark.form_number;
  if (mark.publicity) {
    w.Centered(line, 9.5);
    w.Centered("（单位内部公示版：供本单位公示期间查阅，不含身份证号码与审核意见，不作评审材料）", 9);
  } else {
    line += "    验证码：";
    line += mark.code;
    w.Centered(line, 9.5);
    w.Centered("扫描右上角二维码或在平台“证书与表格查验”页输入验证码，可核对本表内容", 8.5);
  }
  w.Space(12);

  // 一、基本情况
  w.Section("一、基本情况");
  const workflow::SnapshotDecision& decision = data.eligibility;
  w.Pairs({{"姓名", name},
           {"公民身份号码", mark.publicity ? std::string("（公示版不显示）") : id_masked},
           {"工作单位", data.unit_name},
           {"统一社会信用代码", data.unit_credit_code},
           {"申报系列", c.series_name},
           {"申报资格", data.level_name},
           {"申报专业", data.specialty_name},
           {"申报编号", number},
           {"申报途径", decision.path_name},
           {"提交时间", Minute(data.submitted_at)}});

  // The archive, by kind.
  std::map<std::string, std::vector<const json::object*>> items;
  for (const auto& item : data.archive) items[item.kind].push_back(&item.data);
  auto kind = [&](const char* k) { return items[k]; };

  w.Section("二、学历");
  std::vector<std::vector<std::string>> rows;
  for (const auto* d : kind("education")) {
    std::string level = S(*d, "level").empty()
                            ? NameOf(c.technician_school_classes, S(*d, "technician_school_class"))
                            : NameOf(c.education_levels, S(*d, "level"));
    rows.push_back({level, S(*d, "graduated"), S(*d, "school"), S(*d, "major")});
  }
  w.Table({{1.2, "学历"}, {1, "毕业时间"}, {2, "毕业院校"}, {1.6, "所学专业"}}, rows);

  w.Section("三、工作经历");
  rows.clear();
  for (const auto* d : kind("work")) {
    std::string period = S(*d, "from");
    period += " 至 ";
    period += S(*d, "to").empty() ? "今" : S(*d, "to");
    rows.push_back({period, S(*d, "employer"), S(*d, "post")});
  }
  w.Table({{1.6, "起止时间"}, {2.4, "工作单位"}, {1.6, "岗位（职务）"}}, rows);

  w.Section("四、专业技术资格与职业技能");
  rows.clear();
  for (const auto* d : kind("title"))
    rows.push_back({"专业技术资格", NameOf(c.levels, S(*d, "level")), S(*d, "obtained"), S(*d, "series")});
  for (const auto* d : kind("skill"))
    rows.push_back({"职业技能等级", NameOf(c.skill_grades, S(*d, "grade")), S(*d, "obtained"), ""});
  w.Table({{1.3, "类别"}, {1.6, "名称"}, {1, "取得时间"}, {1.6, "系列"}}, rows);

  w.Section("五、继续教育");
  rows.clear();
  for (const auto* d : kind("continuing_education")) rows.push_back({S(*d, "year"), S(*d, "hours")});
  w.Table({{1, "年度"}, {1, "学时"}}, rows);

  w.Section("六、专业技术工作业绩");
  rows.clear();
  for (const auto* d : kind("achievement"))
    rows.push_back({Achievement(S(*d, "type")), S(*d, "title"), S(*d, "date"), S(*d, "role")});
  for (const auto* d : kind("award")) {
    std::string what = NameOf(c.awards, S(*d, "code"));
    if (!S(*d, "rank").empty()) {
      what += "（第 ";
      what += S(*d, "rank");
      what += " 名）";
    }
    rows.push_back({"获奖", what, S(*d, "obtained"), ""});
  }
  w.Table({{0.8, "类别"}, {3, "名称"}, {1, "时间"}, {1.2, "本人作用"}}, rows);

  w.Section("七、在岗与社会保险");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto* d : kind("employment")) {
    pairs.emplace_back("在职在岗", B(*d, "in_service") ? "是" : "否");
    pairs.emplace_back("全职", B(*d, "full_time") ? "是" : "否");
  }
  for (const auto* d : kind("social_security")) {
    pairs.emplace_back("社保在本市缴纳", B(*d, "paid_in_city") ? "是" : "否（提供替代材料）");
  }
  if (pairs.empty()) pairs.emplace_back("（未填写）", "");
  w.Pairs(pairs);

  if (mark.publicity) {
    // What colleagues check during the publicity ends here: the material list, the pledge and the opinions
    // are for the reviewers.
    w.Section("八、资格审查");
    w.Paragraph(decision.summary_zh, 10);
    w.Space(10);
    // The period and the contact are printed, so the clerk does not write them in by hand (issue 17); before
    // the publicity starts the copy leaves the days blank to fill in.
    auto chinese_date = [](const std::string& iso) {
      return iso.size() == 10
                 ? iso.substr(0, 4) + " 年 " + iso.substr(5, 2) + " 月 " + iso.substr(8, 2) + " 日"
                 : iso;
    };
    if (!app.publicity_start.empty() && !app.publicity_end.empty()) {
      w.Paragraph("公示期：" + chinese_date(app.publicity_start) + "至" + chinese_date(app.publicity_end) +
                      "（" + std::to_string(c.unit_publicity_working_days) + " 个工作日）。",
                  10);
    } else {
      w.Paragraph("公示期：______ 年 ____ 月 ____ 日至 ______ 年 ____ 月 ____ 日（不少于 " +
                      std::to_string(c.unit_publicity_working_days) + " 个工作日）。",
                  10);
    }
    std::string contact =
        "对上述申报材料的真实性有异议的，请在公示期内向" + app.snapshot.unit_name + "职称工作负责人";
    if (!app.unit_contact_name.empty()) contact += app.unit_contact_name;
    if (!app.unit_contact_mobile.empty()) contact += "（联系电话 " + app.unit_contact_mobile + "）";
    contact += "实名反映，并提供必要的证明材料。";
    w.Paragraph(contact, 10);
    Pdf out;
    out.bytes = w.Finish(&out.pages);
    return out;
  }

  w.Section("八、申报材料清单");
  rows.clear();
  for (const auto& slot : data.slots)
    for (const auto& f : slot.files) rows.push_back({slot.name, f.name, f.sha256.substr(0, 16)});
  w.Table({{1.6, "材料"}, {2.6, "文件"}, {1.4, "SHA-256（前 16 位）"}}, rows);

  w.Section("九、资格审查");
  w.Paragraph(decision.summary_zh, 10);
  rows.clear();
  // The conditions of the route the application took and the general ones; the other routes' conditions
  // and the on-screen reminders (deadlines, days left) do not belong on paper.
  for (const auto& r : decision.reasons) {
    if (r.status != "met" && r.status != "unmet") continue;
    if (r.group != "general" && r.group != decision.path) continue;
    rows.push_back({r.message_zh, r.status == "met" ? "符合" : "不符合", r.clause});
  }
  w.Table({{3.2, "条件"}, {0.8, "结论"}, {2.2, "依据"}}, rows);

  w.Section("十、本人承诺", 110);
  std::string when = "承诺时间：";
  when += Minute(data.pledged_at);
  w.Box("承诺", data.pledge_text, 90, when + "        本人签名：____________");

  w.Section("十一、单位推荐意见", 130);
  std::string opinion = app.opinion;
  if (!app.publicity_start.empty() && opinion.find(app.publicity_start) == std::string::npos) {
    if (!opinion.empty()) opinion += "\n";
    opinion += "单位公示：";
    opinion += app.publicity_start;
    opinion += " 至 ";
    opinion += app.publicity_end;
  }
  w.Box("推荐意见", opinion, 110, "单位（盖章）        负责人签字：__________        年    月    日");
  w.Section("十二、县（市、区）人力社保部门或主管部门审核意见", 120);
  // The acceptance point's or department's own opinion, when it recorded one with its recommendation
  // (issue 17); otherwise the box stays blank for the hand-written one.
  if (!app.review_opinion.empty()) {
    const std::string& on = app.review_opinion_on;
    w.Box("审核意见", app.review_opinion + "\n审核单位：" + app.review_opinion_by, 110,
          "（盖章）        " +
              (on.size() == 10 ? on.substr(0, 4) + " 年 " + on.substr(5, 2) + " 月 " + on.substr(8, 2) + " 日"
                               : std::string("年    月    日")));
  } else {
    w.Box("审核意见", "", 110, "（盖章）        年    月    日");
  }
  w.Section("十三、评审委员会评审意见", 140);
  w.Box("专业评议组意见", "", 90, "组长签字：__________        年    月    日");
  w.Box("评审委员会表决结果", "应到委员    人，实到委员    人；同意    票，不同意    票，弃权    票。", 90,
        "主任委员签字：__________        年    月    日");

  Pdf out;
  out.bytes = w.Finish(&out.pages);
  return out;
}

}  // namespace zc::documents
