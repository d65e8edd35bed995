#include "workflow/snapshot.hpp"

#include <algorithm>
#include <string_view>

namespace zc::workflow {

namespace json = boost::json;

namespace {

// Reads members by path and remembers every problem ("data.unit.name: missing").
class Reader {
 public:
  std::string Str(const json::object& o, std::string_view key, const std::string& at, bool nullable = false) {
    const json::value* v = o.if_contains(key);
    if (v && v->is_string()) return std::string(v->as_string());
    if (v && nullable && v->is_null()) return {};
    Problem(at, key, v ? "not a string" : "missing");
    return {};
  }
  const json::object& Obj(const json::object& o, std::string_view key, const std::string& at) {
    static const json::object kEmpty;
    const json::value* v = o.if_contains(key);
    if (v && v->is_object()) return v->as_object();
    Problem(at, key, v ? "not an object" : "missing");
    return kEmpty;
  }
  const json::array& Arr(const json::object& o, std::string_view key, const std::string& at) {
    static const json::array kEmpty;
    const json::value* v = o.if_contains(key);
    if (v && v->is_array()) return v->as_array();
    Problem(at, key, v ? "not an array" : "missing");
    return kEmpty;
  }
  const json::object& Element(const json::value& v, const std::string& at) {
    static const json::object kEmpty;
    if (v.is_object()) return v.as_object();
    if (!problems_.empty()) problems_ += "; ";
    problems_ += at;
    problems_ += ": not an object";
    return kEmpty;
  }
  const std::string& Problems() const { return problems_; }

 private:
  void Problem(const std::string& at, std::string_view key, const char* what) {
    if (!problems_.empty()) problems_ += "; ";
    problems_ += at;
    problems_ += '.';
    problems_ += key;
    problems_ += ": ";
    problems_ += what;
  }
  std::string problems_;
};

}  // namespace

Result<ApplicationSnapshot> ParseSnapshot(const json::value& data) {
  if (!data.is_object()) return MakeError(errc::snapshot_unreadable, "the snapshot is not an object");
  const json::object& d = data.as_object();
  ApplicationSnapshot out;
  if (const json::value* v = d.if_contains("schema")) {
    if (!v->is_int64() || v->as_int64() < 1)
      return MakeError(errc::snapshot_unreadable, "schema: not a positive integer");
    if (v->as_int64() > kSnapshotSchema)
      return MakeError(errc::snapshot_unreadable,
                       "schema " + std::to_string(v->as_int64()) + " is newer than this build reads");
    out.schema = static_cast<int>(v->as_int64());
  }
  Reader r;
  out.number = r.Str(d, "number", "data");
  out.campaign_id = r.Str(d, "campaign_id", "data");
  out.level = r.Str(d, "level", "data");
  out.level_name = r.Str(d, "level_name", "data");
  out.specialty = r.Str(d, "specialty", "data");
  out.specialty_name = r.Str(d, "specialty_name", "data");
  const json::object& applicant = r.Obj(d, "applicant", "data");
  out.applicant_name = r.Str(applicant, "name", "data.applicant");
  out.applicant_id_number_masked = r.Str(applicant, "id_number_masked", "data.applicant");
  const json::object& unit = r.Obj(d, "unit", "data");
  out.unit_name = r.Str(unit, "name", "data.unit");
  out.unit_credit_code = r.Str(unit, "credit_code", "data.unit");
  const json::array& items = r.Arr(r.Obj(d, "archive", "data"), "items", "data.archive");
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = "data.archive.items[" + std::to_string(i) + "]";
    const json::object& item = r.Element(items[i], at);
    out.archive.push_back({r.Str(item, "kind", at), r.Obj(item, "data", at)});
  }
  const json::array& slots = r.Arr(d, "slots", "data");
  for (size_t i = 0; i < slots.size(); ++i) {
    const std::string at = "data.slots[" + std::to_string(i) + "]";
    const json::object& slot = r.Element(slots[i], at);
    SnapshotSlot sl{r.Str(slot, "code", at), r.Str(slot, "name", at), {}};
    const json::array& files = r.Arr(slot, "files", at);
    for (size_t k = 0; k < files.size(); ++k) {
      const std::string fat = at + ".files[" + std::to_string(k) + "]";
      const json::object& f = r.Element(files[k], fat);
      sl.files.push_back({r.Str(f, "name", fat), r.Str(f, "sha256", fat)});
    }
    out.slots.push_back(std::move(sl));
  }
  const json::object& e = r.Obj(d, "eligibility", "data");
  out.eligibility.path = r.Str(e, "path", "data.eligibility", true);
  out.eligibility.summary_zh =
      r.Str(r.Obj(e, "summary", "data.eligibility"), "zh", "data.eligibility.summary");
  const json::array& paths = r.Arr(e, "paths", "data.eligibility");
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string at = "data.eligibility.paths[" + std::to_string(i) + "]";
    const json::object& p = r.Element(paths[i], at);
    if (r.Str(p, "path", at) == out.eligibility.path) out.eligibility.path_name = r.Str(p, "name", at);
  }
  const json::array& reasons = r.Arr(e, "reasons", "data.eligibility");
  for (size_t i = 0; i < reasons.size(); ++i) {
    const std::string at = "data.eligibility.reasons[" + std::to_string(i) + "]";
    const json::object& x = r.Element(reasons[i], at);
    out.eligibility.reasons.push_back({r.Str(x, "status", at), r.Str(x, "group", at), r.Str(x, "clause", at),
                                       r.Str(r.Obj(x, "message", at), "zh", at + ".message")});
  }
  const json::object& pledge = r.Obj(d, "pledge", "data");
  out.pledge_text = r.Str(pledge, "text", "data.pledge");
  out.pledged_at = r.Str(pledge, "at", "data.pledge");
  out.submitted_at = r.Str(d, "submitted_at", "data");
  if (!r.Problems().empty()) return MakeError(errc::snapshot_unreadable, r.Problems());
  return out;
}

std::vector<std::string> PublicisedChanges(const ApplicationSnapshot& before,
                                           const ApplicationSnapshot& after) {
  std::vector<std::string> out;
  if (before.applicant_name != after.applicant_name || before.unit_name != after.unit_name ||
      before.unit_credit_code != after.unit_credit_code || before.level != after.level ||
      before.specialty != after.specialty || before.eligibility.path != after.eligibility.path)
    out.emplace_back("基本情况");
  // The archive's items by the copy's sections, in the copy's order.
  static constexpr std::pair<std::string_view, std::string_view> kSections[] = {
      {"education", "学历"},
      {"work", "工作经历"},
      {"title", "专业技术资格与职业技能"},
      {"skill", "专业技术资格与职业技能"},
      {"continuing_education", "继续教育"},
      {"achievement", "专业技术工作业绩"},
      {"award", "专业技术工作业绩"},
      {"employment", "在岗与社会保险"},
      {"social_security", "在岗与社会保险"},
  };
  auto items_of = [](const ApplicationSnapshot& s, std::string_view kind) {
    std::vector<const json::object*> v;
    for (const auto& item : s.archive)
      if (item.kind == kind) v.push_back(&item.data);
    return v;
  };
  auto add = [&](std::string_view section) {
    if (std::find(out.begin(), out.end(), section) == out.end()) out.emplace_back(section);
  };
  std::vector<std::string_view> known;
  for (const auto& [kind, section] : kSections) {
    known.push_back(kind);
    const auto a = items_of(before, kind);
    const auto b = items_of(after, kind);
    bool same = a.size() == b.size();
    for (size_t i = 0; same && i < a.size(); ++i) same = *a[i] == *b[i];
    if (!same) add(section);
  }
  // A kind the copy does not print by name still counts: the safe side is a new publicity.
  auto others = [&](const ApplicationSnapshot& s) {
    std::vector<std::pair<std::string, std::string>> v;
    for (const auto& item : s.archive)
      if (std::find(known.begin(), known.end(), item.kind) == known.end())
        v.emplace_back(item.kind, json::serialize(item.data));
    return v;
  };
  if (others(before) != others(after)) add("其他档案内容");
  return out;
}

}  // namespace zc::workflow
