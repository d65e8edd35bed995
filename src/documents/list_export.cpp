// The exportable lists and their columns. The labels of states are those of the lifecycle tables; the
// labels of other codes are those of the web app (web/src/i18n).
#include "documents/list_export.hpp"

#include <boost/json.hpp>

#include "accounts/accounts.hpp"
#include "review/lifecycles.hpp"
#include "workflow/lifecycles.hpp"

namespace zc::documents {

namespace json = boost::json;
using K = ExportColumn::Kind;

namespace {

using Labels = std::vector<std::tuple<std::string, std::string, std::string>>;

const Labels kUnitTypes = {{"enterprise", "企业", "Enterprise"},
                           {"public_institution", "事业单位", "Public institution"},
                           {"other", "其他", "Other"}};
const Labels kUnitStatus = {{"letter_required", "待上传", "Letter required"},
                            {"letter_pending", "待审核", "Letter pending"},
                            {"letter_rejected", "已退回", "Letter rejected"},
                            {"approved", "已通过", "Approved"}};
// The roles' names: one wording with the rest of the platform (accounts::RoleLabel).
Labels RoleLabels() {
  Labels out;
  for (accounts::Role r : accounts::kAllRoles) {
    out.emplace_back(std::string(accounts::RoleName(r)), std::string(accounts::RoleLabel(r, Lang::kZh)),
                     std::string(accounts::RoleLabel(r, Lang::kEn)));
  }
  return out;
}
const Labels kRoles = RoleLabels();
const Labels kStages = {{"applicant", "个人申报", "Applicant"},
                        {"unit", "单位推荐", "Unit"},
                        {"county", "受理点/主管部门推荐", "County"}};
const Labels kIntegrityKind = {{"fraud", "弄虚作假", "Fraud"}};
const Labels kCaseKind = {{"re_examination", "复查申请", "Re-examination"},
                          {"complaint", "投诉", "Complaint"}};
const Labels kCaseOutcome = {{"upheld", "成立", "Upheld"}, {"dismissed", "不成立", "Dismissed"}};

// The labels of a lifecycle's states, from its table (GET /api/v1/lifecycles shows the same).
template <class L>
Labels StateLabels(const L& lifecycle) {
  Labels out;
  for (const auto& r : lifecycle.states) out.emplace_back(r.code, r.zh, r.en);
  return out;
}

ExportColumn Code(std::string key, std::string zh, std::string en, double width, const Labels& labels) {
  return ExportColumn{std::move(key), std::move(zh), std::move(en), width, K::kCode, labels};
}

std::vector<ListExport> Build() {
  return {
      {"/api/v1/queue",
       "申报队列",
       "Applications",
       "queue.xlsx",
       {{"number", "申报编号", "Number", 16},
        {"applicant_name", "姓名", "Name", 10},
        {"unit_name", "单位", "Unit", 34},
        {"level_name", "申报资格", "Level", 12},
        {"specialty_name", "专业", "Specialty", 18},
        {"state_name", "状态", "State", 14},
        {"submitted_at", "提交时间", "Submitted", 20, K::kTime},
        {"publicity_end", "公示截止", "Publicity ends", 12},
        {"updated_at", "更新时间", "Updated", 20, K::kTime}}},
      {"/api/v1/units",
       "单位",
       "Units",
       "units.xlsx",
       {{"name", "单位名称", "Name", 34},
        {"credit_code", "统一社会信用代码", "Credit code", 22},
        {"region_name", "地区", "Region", 12},
        Code("unit_type", "类型", "Type", 10, kUnitTypes),
        {"city_level", "市属", "City level", 8, K::kBool},
        {"competent_department_name", "主管部门", "Competent department", 24},
        {"contact_name", "联系人", "Contact", 10},
        {"mobile", "联系电话", "Mobile", 14},
        Code("status", "授权状态", "Status", 10, kUnitStatus),
        {"letter_uploaded_at", "授权书上传时间", "Letter uploaded", 20, K::kTime}}},
      {"/api/v1/admin/accounts",
       "账号",
       "Accounts",
       "accounts.xlsx",
       {{"login", "账号", "Login", 20},
        {"name", "姓名", "Name", 18},
        Code("role", "角色", "Role", 14, kRoles),
        {"region_name", "地区", "Region", 12},
        {"mobile", "手机号码", "Mobile", 14},
        {"created_at", "创建时间", "Created", 20, K::kTime}}},
      {"/api/v1/audit",
       "审计日志",
       "Audit log",
       "audit.xlsx",
       {{"at", "时间", "At", 20, K::kTime},
        {"actor_login", "操作人", "Actor", 16},
        Code("role", "角色", "Role", 14, kRoles),
        {"action", "操作", "Action", 26},
        {"object_type", "对象类型", "Object type", 12},
        {"object_id", "对象编号", "Object id", 10},
        {"summary", "摘要", "Summary", 40},
        {"client_ip", "IP 地址", "IP address", 16}}},
      {"/api/v1/unit/archives",
       "业绩档案",
       "Archives",
       "archives.xlsx",
       {{"name", "姓名", "Name", 10},
        {"id_number_masked", "身份证号", "Identity number", 20},
        Code("status", "状态", "Status", 12, StateLabels(workflow::kArchiveLifecycle)),
        {"items_count", "条目数", "Items", 8},
        {"submitted_at", "提交时间", "Submitted", 20, K::kTime}}},
      {"/api/v1/deadline-extensions",
       "截止时间延期",
       "Deadline extensions",
       "deadline-extensions.xlsx",
       {Code("stage", "环节", "Stage", 18, kStages),
        {"unit_name", "单位", "Unit", 30},
        {"region_code", "地区代码", "Region code", 10},
        {"until", "延至", "Until", 12},
        {"reason", "理由", "Reason", 40},
        {"created_at", "设置时间", "Created", 20, K::kTime}}},
      {"/api/v1/experts",
       "专家库",
       "Experts",
       "experts.xlsx",
       {{"name", "姓名", "Name", 10},
        {"id_number_masked", "身份证号", "Identity number", 20},
        {"title_name", "职称", "Title", 14},
        {"family_names", "专业类别", "Families", 24, K::kList},
        {"unit_name", "工作单位", "Unit", 30},
        {"term_start", "聘期开始", "Term start", 12},
        {"term_end", "聘期结束", "Term end", 12},
        {"active", "启用", "Active", 8, K::kBool}}},
      {"/api/v1/review-groups",
       "评议组",
       "Review groups",
       "review-groups.xlsx",
       {{"name", "评议组", "Group", 24},
        {"family_name", "专业类别", "Family", 16},
        {"size", "专家人数", "Size", 10},
        {"experts", "已抽取专家", "Experts drawn", 12, K::kCount},
        {"applications", "申报数", "Applications", 10, K::kCount},
        Code("status", "状态", "Status", 12, StateLabels(review::kGroupLifecycle))}},
      {"/api/v1/meetings",
       "评审会议",
       "Meetings",
       "meetings.xlsx",
       {{"title", "会议", "Meeting", 30},
        {"held_on", "日期", "Held on", 12},
        {"member_count", "应到委员", "Members", 10},
        {"present_count", "实到委员", "Present", 10},
        {"candidate_count", "候选人数", "Candidates", 10},
        Code("status", "状态", "Status", 10, StateLabels(review::kMeetingLifecycle))}},
      {"/api/v1/result-publicity",
       "评审结果公示",
       "Result publicity",
       "result-publicity.xlsx",
       {{"committee_name", "评委会", "Committee", 34},
        {"start_date", "公示开始", "Starts", 12},
        {"end_date", "公示结束", "Ends", 12},
        {"entries", "公示人数", "Entries", 10, K::kCount},
        {"objections", "异议数", "Objections", 10, K::kCount},
        Code("status", "状态", "Status", 10, StateLabels(review::kPublicityLifecycle))}},
      {"/api/v1/certificates",
       "证书",
       "Certificates",
       "certificates.xlsx",
       {{"number", "证书编号", "Number", 18},
        {"name", "姓名", "Name", 10},
        {"level_name", "资格", "Level", 12},
        {"specialty_name", "专业", "Specialty", 18},
        {"committee_name", "评委会", "Committee", 34},
        {"issued_on", "发证日期", "Issued on", 12},
        Code("status", "状态", "Status", 8, StateLabels(review::kCertificateLifecycle)),
        {"revoked_on", "撤销日期", "Revoked on", 12},
        {"revoke_reason", "撤销原因", "Reason for revocation", 30}}},
      {"/api/v1/integrity/records",
       "诚信记录",
       "Integrity records",
       "integrity-records.xlsx",
       {{"name", "姓名", "Name", 10},
        {"id_number_masked", "身份证号", "Identity number", 20},
        Code("kind", "类型", "Kind", 10, kIntegrityKind),
        {"reason", "事由", "Reason", 36},
        {"evidence", "依据", "Evidence", 30},
        {"certificate_number", "证书编号", "Certificate", 18},
        {"application_number", "申报编号", "Application", 16},
        {"start_date", "开始日期", "From", 12},
        {"end_date", "结束日期", "Until", 12},
        {"in_force", "有效", "In force", 8, K::kBool}}},
      {"/api/v1/cases",
       "复查与投诉",
       "Cases",
       "cases.xlsx",
       {Code("kind", "类型", "Kind", 10, kCaseKind),
        {"subject", "标题", "Subject", 30},
        {"application_number", "申报编号", "Application", 16},
        {"filed_by_name", "提出人", "Filed by", 12},
        Code("status", "状态", "Status", 10, StateLabels(review::kCaseLifecycle)),
        Code("outcome", "结论", "Outcome", 10, kCaseOutcome),
        {"outcome_text", "答复意见", "Reply", 36},
        {"created_at", "提出时间", "Filed", 20, K::kTime},
        {"closed_at", "办结时间", "Closed", 20, K::kTime}}},
  };
}

std::string Cell(const ExportColumn& col, const json::value* v, Lang lang) {
  if (!v || v->is_null()) return {};
  switch (col.kind) {
    case K::kTime: {
      if (!v->is_string()) return {};
      std::string t(v->as_string());
      if (t.size() >= 16 && t[10] == 'T') {
        t[10] = ' ';
        t.resize(16);
      }
      return t;
    }
    case K::kBool:
      if (!v->is_bool()) return {};
      return v->as_bool() ? (lang == Lang::kEn ? "Yes" : "是") : (lang == Lang::kEn ? "No" : "否");
    case K::kList: {
      if (!v->is_array()) return {};
      std::string out;
      for (const auto& x : v->as_array()) {
        if (!x.is_string()) continue;
        if (!out.empty()) out += lang == Lang::kEn ? ", " : "、";
        out += x.as_string();
      }
      return out;
    }
    case K::kCount:
      return v->is_array() ? std::to_string(v->as_array().size()) : std::string();
    case K::kCode: {
      if (!v->is_string()) return {};
      std::string code(v->as_string());
      for (const auto& [c, zh, en] : col.labels)
        if (c == code) return lang == Lang::kEn ? en : zh;
      return code;
    }
    case K::kText:
      break;
  }
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  if (v->is_double()) return json::serialize(*v);
  return {};
}

}  // namespace

const std::vector<ListExport>& ListExports() {
  static const std::vector<ListExport> all = Build();
  return all;
}

Sheet ExportSheet(const ListExport& spec, Lang lang) {
  Sheet sheet{.name = lang == Lang::kEn ? spec.name_en : spec.name_zh};
  for (const auto& c : spec.columns) sheet.columns.emplace_back(lang == Lang::kEn ? c.en : c.zh, c.width);
  return sheet;
}

std::vector<std::string> ExportRow(const ListExport& spec, const json::object& item, Lang lang) {
  std::vector<std::string> row;
  row.reserve(spec.columns.size());
  for (const auto& c : spec.columns) row.push_back(Cell(c, item.if_contains(c.key), lang));
  return row;
}

}  // namespace zc::documents
