#include "base/error_codes.hpp"

#include <algorithm>

namespace zc {
namespace {

const std::vector<ErrorInfo> kErrors = {
    // Request-level problems.
    {"bad_request", 400, "请求格式不正确", "The request is malformed"},
    {"invalid_json", 400, "请求内容不是有效的 JSON", "The request body is not valid JSON"},
    {"validation_failed", 422, "提交的信息有误，请按提示修改",
     "Some fields are invalid; please correct them"},
    {"unauthenticated", 401, "请先登录", "Please sign in first"},
    {"invalid_credentials", 401, "账号或密码错误", "Wrong account or password"},
    {"too_many_attempts", 429, "登录失败次数过多，请 15 分钟后再试",
     "Too many failed sign-ins; try again in 15 minutes"},
    {"rate_limited", 429, "请求过于频繁，请稍后再试", "Too many requests; please slow down"},
    {"csrf_failed", 403, "页面已过期或请求来源无效，请刷新页面后重试",
     "Missing or invalid CSRF token; reload the page"},
    {"forbidden", 403, "您的角色无权执行此操作", "Your role may not do this"},
    {"out_of_scope", 403, "该数据不在您的管理范围内", "This record is outside your scope"},
    {"unit_not_authorised", 403, "单位授权委托书尚未通过审核，暂不能办理其他业务",
     "Your unit's authorisation letter has not been approved yet"},
    {"not_found", 404, "请求的内容不存在", "Not found"},
    {"method_not_allowed", 405, "不支持该请求方法", "Method not allowed"},
    {"request_timeout", 408, "请求超时", "Request timed out"},
    {"invalid_state", 409, "当前状态下不能执行此操作", "This action is not possible in the current state"},
    {"payload_too_large", 413, "上传内容超过大小限制", "The request body is too large"},
    {"headers_too_large", 413, "请求头过大", "Request headers too large"},
    {"unsupported_media_type", 415, "不支持的内容类型", "Unsupported content type"},
    {"not_pdf", 415, "文件不是有效的 PDF", "The file is not a PDF"},
    {"empty_body", 400, "上传内容为空", "The upload is empty"},
    {"service_busy", 503, "系统繁忙，请稍后再试", "The service is busy; please retry shortly"},
    {"campaign_not_found", 404, "该评审年度（批次）不存在", "No such campaign"},
    {"calendar_year_missing", 422, "工作日历尚未维护该年度，请联系管理员",
     "The working-day calendar has no data for that year"},
    {"invalid_toml", 422, "文件格式不正确（TOML）", "The file is not valid TOML"},
    {"internal_error", 500, "系统内部错误，请稍后再试", "Internal error"},
    // Workflow (docs/workflow.md).
    {"stale_version", 409, "数据已被他人或其他页面修改，请刷新后重试",
     "This record was changed meanwhile; reload and try again"},
    {"transition_not_allowed", 409, "当前状态下您不能执行此操作",
     "You cannot do this in the application's current state"},
    {"deadline_passed", 422, "已超过本环节截止时间，系统不再受理", "The deadline for this step has passed"},
    {"publicity_not_ended", 422, "公示期（5 个工作日）未满，暂不能推荐",
     "The publicity period has not ended yet"},
    {"objection_open", 422, "公示期间有未处理的异议，处理后方可推荐",
     "An objection raised during publicity is still open"},
    {"quota_exceeded", 422, "本单位该级别岗位结构比例（职数）已用完，不能再推荐",
     "The unit's quota for this level is used up"},
    {"archive_not_approved", 422, "业绩档案尚未经单位审核通过，请先提交单位审核",
     "Your performance archive has not been approved by your unit"},
    {"archive_unit_required", 422, "请先在业绩档案中填写所在单位", "Name your unit in the archive first"},
    {"archive_empty", 422, "业绩档案没有任何条目", "The archive has no items"},
    {"evidence_missing", 422, "还有必须上传的材料未上传", "Required evidence is missing"},
    {"pledge_required", 422, "请先阅读并签署诚信承诺", "Sign the truthfulness pledge first"},
    {"not_eligible", 422, "根据资格条件检查，您暂不符合申报条件，不能提交",
     "The eligibility check says you may not apply"},
    {"correction_list_required", 422, "退回时须列出全部需修改的事项及理由",
     "A return needs the complete list of items to correct, each with a reason"},
    {"not_working_day", 422, "公示开始日须为工作日", "Publicity must start on a working day"},
    {"date_in_past", 422, "日期不能早于今天", "The date may not be before today"},
    {"opinion_required", 422, "请填写推荐意见", "Write the recommendation opinion"},
    {"application_exists", 409, "您在本年度已有一份申报，不能重复申报",
     "You already have an application in this campaign"},
    {"no_open_campaign", 404, "当前没有开放的评审年度", "No campaign is open"},
    {"file_empty", 422, "上传的文件为空", "The file is empty"},
    {"file_type_not_allowed", 415, "只能上传 PDF、JPG 或 PNG 文件（按文件内容识别）",
     "Only PDF, JPEG or PNG files are accepted (judged by their content)"},
    {"slot_full", 422, "该项材料的文件数量已达上限", "This slot already holds its maximum number of files"},
    {"unknown_slot", 404, "没有这一项材料", "No such evidence slot"},
    {"batch_rejected", 422, "批量操作中有不符合条件的申报，全部未执行，请按提示处理后重试",
     "Some items cannot be processed; nothing was applied"},
    {"objection_not_open", 409, "该异议已处理", "This objection has already been resolved"},
    {"unit_not_found", 422, "没有该统一社会信用代码的已授权单位", "No authorised unit has this credit code"},
    {"too_many_items", 422, "条目过多", "Too many items"},
    {"single_item_kind", 422, "此类条目只能有一条", "Only one item of this kind is allowed"},
    // Field-level problems (FieldError::code).
    {"required", 422, "此项为必填项", "This field is required"},
    {"too_long", 422, "内容过长", "Too long"},
    {"invalid_resident_id", 422, "公民身份号码不正确（请核对校验位）",
     "Invalid resident ID number (check digit)"},
    {"resident_id_birth_date", 422, "公民身份号码中的出生日期不正确",
     "The birth date in the resident ID is not a real date"},
    {"invalid_credit_code", 422, "统一社会信用代码不正确（请核对校验位）",
     "Invalid unified social credit code"},
    {"invalid_mobile", 422, "手机号码应为 11 位数字，以 1 开头",
     "Mobile number must be 11 digits starting with 1"},
    {"weak_password", 422, "密码至少 8 位，且须同时包含字母和数字",
     "Password needs 8+ characters with letters and digits"},
    {"invalid_region", 422, "请选择有效的地区", "Choose a valid region"},
    {"invalid_unit_type", 422, "请选择有效的单位类型", "Choose a valid unit type"},
    {"unit_type_mismatch", 422, "单位类型与统一社会信用代码不符（12 开头为事业单位）",
     "Unit type does not match the credit code (12… is a public institution)"},
    {"department_required", 422, "市直单位须选择主管部门",
     "A city-level unit must name its competent department"},
    {"invalid_department", 422, "主管部门不存在", "Unknown competent department"},
    {"invalid_role", 422, "角色不正确", "Invalid role"},
    {"invalid_login", 422, "用户名须为 3–32 位字母、数字、点、下划线或短横线",
     "User name: 3–32 letters, digits, dot, underscore or hyphen"},
    {"invalid_date", 422, "日期格式应为 YYYY-MM-DD", "Dates must be YYYY-MM-DD"},
    {"invalid_number", 422, "应为正整数", "Must be a positive integer"},
    {"wrong_password", 422, "原密码不正确", "The current password is wrong"},
    {"already_registered", 409, "该号码已注册", "Already registered"},
    {"reason_required", 422, "请填写退回理由", "Give a reason"},
    {"change_reason_required", 422, "请填写修改原因（将记入审计日志）",
     "Give the reason for the change (it is audited)"},
    {"unknown_field", 422, "不认识的字段（请检查拼写）", "Unknown field (check the spelling)"},
    {"wrong_type", 422, "类型不正确", "Wrong type"},
    {"unknown_code", 422, "不是可选的值", "Not one of the allowed values"},
    {"duplicate", 422, "与前面的条目重复", "Duplicates an earlier entry"},
    {"out_of_range", 422, "数值超出允许范围", "Out of range"},
    {"date_order", 422, "日期先后顺序不正确", "Dates are in the wrong order"},
    {"one_of_required", 422, "须且只能填写其中一项", "Give exactly one of these"},
    {"date_outside_year", 422, "日期不在该年度内", "The date is not in that year"},
    {"makeup_not_weekend", 422, "调休上班日应为周六或周日",
     "A make-up working day must be a Saturday or Sunday"},
    {"day_conflict", 422, "同一天不能既是节假日又是调休上班日",
     "A day cannot be both a holiday and a make-up working day"},
    {"toml_syntax", 422, "文件语法错误", "Syntax error"},
};

}  // namespace

const std::vector<ErrorInfo>& AllErrors() {
  return kErrors;
}

bool IsRegisteredError(std::string_view code) {
  return std::any_of(kErrors.begin(), kErrors.end(), [&](const ErrorInfo& e) { return e.code == code; });
}

const ErrorInfo& LookupError(std::string_view code) {
  for (const auto& e : kErrors) {
    if (e.code == code) return e;
  }
  for (const auto& e : kErrors) {
    if (e.code == "internal_error") return e;
  }
  return kErrors.back();
}

std::string_view Message(const ErrorInfo& info, Lang lang) {
  return lang == Lang::kEn ? info.en : info.zh;
}

}  // namespace zc
