// Files, the performance archive and the helpers every part of the workflow shares.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "base/ids.hpp"
#include "base/json_fields.hpp"
#include "base/limits.hpp"
#include "storage/archives_repo.hpp"
#include "storage/certificates_repo.hpp"
#include "storage/deadlines_repo.hpp"
#include "storage/files_repo.hpp"
#include "storage/quotas_repo.hpp"
#include "workflow/internal.hpp"

namespace zc::workflow {
namespace detail {

storage::ApplicationKey CountKey(const AppRow& a) {
  return {.unit_id = a.unit_id,
          .region_code = a.region_code,
          .city_level = a.city_level,
          .department_id = a.department_id.value_or(0),
          .state = std::string(StateCode(a.state)),
          .level = a.level,
          .specialty = a.specialty};
}

std::vector<eligibility::IntegrityRecord> IntegrityRecordsOf(Session& s, int64_t user_id) {
  // The repository lists them newest first; the evaluation reads them in the order they were recorded.
  const auto rows = storage::CertificatesRepo(s).RecordsOfUser(user_id);
  std::vector<eligibility::IntegrityRecord> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    auto start = ParseDate(row.start_date);
    auto end = ParseDate(row.end_date);
    if (start && end) out.push_back({row.kind, *start, *end});
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string Pick(Lang lang, const std::string& zh, const std::string& en) {
  return lang == Lang::kEn ? en : zh;
}

const char* StageCode(campaign::Stage st) {
  static const char* kCodes[] = {"applicant", "unit", "county"};
  return kCodes[static_cast<int>(st)];
}

std::optional<campaign::Stage> ParseStage(std::string_view code) {
  for (auto st : {campaign::Stage::kApplicant, campaign::Stage::kUnit, campaign::Stage::kCounty})
    if (code == StageCode(st)) return st;
  return std::nullopt;
}

int64_t QuotaUsed(Session& s, int64_t unit_id, const std::string& level, const std::string& campaign_id) {
  return storage::QuotasRepo(s).Held(unit_id, level, campaign_id);
}

Date EffectiveDeadline(Session& s, const campaign::Campaign& c, campaign::Stage stage,
                       std::optional<int64_t> unit_id, const std::string& region_code, bool* extended) {
  Date best = c.DeadlineOf(stage);
  if (extended) *extended = false;
  static const char* kStages[] = {"applicant", "unit", "county"};
  for (const auto& until : storage::DeadlinesRepo(s).ExtendedUntil(c.id, kStages[static_cast<int>(stage)],
                                                                   unit_id, region_code)) {
    auto d = ParseDate(until);
    if (d && *d > best) {
      best = *d;
      if (extended) *extended = true;
    }
  }
  return best;
}

std::vector<views::ApplicationSlotFile> FileViews(Session& s, const std::vector<int64_t>& ids) {
  std::vector<views::ApplicationSlotFile> out;
  out.reserve(ids.size());
  storage::FilesRepo files(s);
  for (int64_t id : ids) {
    if (auto f = files.Find(id)) {
      out.push_back({.id = f->id,
                     .name = f->name,
                     .size = f->size,
                     .content_type = f->content_type,
                     .sha256 = f->sha256,
                     .uploaded_at = TimeText(f->created_at)});
    }
  }
  return out;
}

json::array FilesJson(Session& s, const std::vector<int64_t>& ids) {
  return std::move(contract::ToJson(FileViews(s, ids)).as_array());
}

Archive LoadArchive(Session& s, int64_t user_id) {
  Archive a;
  storage::ArchivesRepo repo(s);
  if (auto row = repo.Find(user_id)) {
    a.exists = true;
    a.unit_id = row->unit_id;
    // The column's CHECK admits the table's codes only.
    a.state = kArchiveLifecycle.Parse(row->status).value_or(ArchiveState::kDraft);
    a.return_reason = row->return_reason;
    a.version = row->version;
    a.submitted_at = row->submitted_at;
    a.reviewed_at = row->reviewed_at;
  }
  std::map<int64_t, size_t> index;
  const std::vector<storage::ArchiveItemRow> rows = repo.Items(user_id);
  a.items.reserve(rows.size());
  for (const auto& r : rows) {
    ArchiveItem item;
    item.id = r.id;
    item.kind = r.kind;
    boost::system::error_code ec;
    auto v = json::parse(r.data, ec);
    if (!ec && v.is_object()) item.data = v.as_object();
    item.return_reason = r.return_reason;
    index[item.id] = a.items.size();
    a.items.push_back(std::move(item));
  }
  for (const auto& f : repo.Files(user_id)) {
    auto it = index.find(f.item_id);
    if (it != index.end()) a.items[it->second].files.push_back(f.file_id);
  }
  return a;
}

views::Archive ArchiveView(Session& s, const Archive& a) {
  views::Archive out{.status = std::string(kArchiveLifecycle.Code(a.state)),
                     .unit = {},
                     .items = {},
                     .return_reason = a.return_reason,
                     .version = a.version,
                     .submitted_at = TimeOrNull(a.submitted_at),
                     .reviewed_at = TimeOrNull(a.reviewed_at),
                     .applicant = std::nullopt};
  for (const auto& i : a.items) {
    out.items.push_back({.id = i.id,
                         .kind = i.kind,
                         .data = i.data,
                         .files = FileViews(s, i.files),
                         .return_reason = i.return_reason});
  }
  if (a.unit_id) {
    if (auto u = storage::FindUnit(s, *a.unit_id))
      out.unit = views::ApplicationUnit{.id = u->id, .name = u->name, .credit_code = u->credit_code};
  }
  return out;
}

json::value ArchiveJson(Session& s, const Archive& a) {
  return contract::ToJson(ArchiveView(s, a));
}

namespace {
// Keys of an item's data that the eligibility profile does not read (kept for people, checked here).
const std::map<std::string, std::vector<std::string>> kExtraKeys = {{"education", {"school", "major"}},
                                                                    {"title", {"series"}}};
// Where a kind's data goes in the profile: an array entry, or an object (only one item of the kind).
const std::map<std::string, std::string> kProfileArray = {{"education", "education"},
                                                          {"title", "titles"},
                                                          {"skill", "skills"},
                                                          {"award", "awards"},
                                                          {"continuing_education", "continuing_education"}};
}  // namespace

json::object ProfileJson(const Archive& a, const std::string& level, const std::string& specialty,
                         const std::string& unit_type) {
  json::object p{{"level", level}, {"specialty", specialty}};
  json::object employment{
      {"unit_type", unit_type == "public_institution" ? "public_institution" : "enterprise"}};
  for (const auto& item : a.items) {
    json::object data = item.data;
    if (auto extra = kExtraKeys.find(item.kind); extra != kExtraKeys.end()) {
      for (const auto& k : extra->second) data.erase(k);
    }
    if (auto arr = kProfileArray.find(item.kind); arr != kProfileArray.end()) {
      if (!p.contains(arr->second)) p[arr->second] = json::array();
      p[arr->second].as_array().push_back(std::move(data));
    } else if (item.kind == "social_security") {
      p["social_security"] = std::move(data);
    } else if (item.kind == "employment") {
      if (auto* f = data.if_contains("frontline_skill_post")) {
        p["frontline_skill_post"] = *f;
        data.erase("frontline_skill_post");
      }
      for (auto& kv : data) employment[kv.key()] = kv.value();
    }
  }
  p["employment"] = std::move(employment);
  return p;
}

std::optional<eligibility::Profile> ProfileOf(const Archive& a, const campaign::Campaign& c,
                                              const std::string& level, const std::string& specialty,
                                              const std::string& unit_type) {
  auto r = eligibility::ParseProfile(ProfileJson(a, level, specialty, unit_type), c);
  if (!r.ok()) return std::nullopt;
  return r.value();
}

}  // namespace detail

using namespace detail;

namespace {

const std::set<std::string> kKinds = {"education",       "work",       "title",
                                      "skill",           "award",      "continuing_education",
                                      "social_security", "employment", "achievement"};
constexpr size_t kMaxItems = 200;
constexpr size_t kMaxFilesPerItem = 20;

void CheckText(FieldErrors& errors, const json::object& o, const std::string& path, const char* key,
               bool required) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null() || (v->is_string() && v->as_string().empty())) {
    if (required) errors.Add(path + "." + key, errc::required);
    return;
  }
  if (!v->is_string()) {
    errors.Add(path + "." + key, errc::wrong_type, "expected a string");
  } else {
    CheckLength(errors, path + "." + key, v->as_string());
  }
}

void CheckDate(FieldErrors& errors, const json::object& o, const std::string& path, const char* key,
               bool required) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) errors.Add(path + "." + key, errc::required);
    return;
  }
  if (!v->is_string() || !ParseDate(v->as_string())) errors.Add(path + "." + key, errc::invalid_date);
}

// The kinds the profile does not cover, and the extra keys of those it does.
void CheckOwnFields(const std::string& kind, const json::object& data, const std::string& path,
                    FieldErrors& errors) {
  std::set<std::string> allowed;
  if (kind == "work") {
    allowed = {"from", "to", "employer", "post"};
    CheckDate(errors, data, path, "from", true);
    CheckDate(errors, data, path, "to", false);
    CheckText(errors, data, path, "employer", true);
    CheckText(errors, data, path, "post", true);
    const json::value* from = data.if_contains("from");
    const json::value* to = data.if_contains("to");
    if (from && to && from->is_string() && to->is_string()) {
      auto f = ParseDate(from->as_string());
      auto t = ParseDate(to->as_string());
      if (f && t && *t < *f) errors.Add(path + ".to", errc::date_order);
    }
  } else if (kind == "achievement") {
    allowed = {"type", "title", "date", "role"};
    const json::value* type = data.if_contains("type");
    static const std::set<std::string> kTypes = {"project", "paper", "patent", "standard"};
    if (!type || !type->is_string() || type->as_string().empty()) {
      errors.Add(path + ".type", errc::required);
    } else if (!kTypes.contains(std::string(type->as_string()))) {
      errors.Add(path + ".type", errc::unknown_code, "project, paper, patent or standard");
    }
    CheckText(errors, data, path, "title", true);
    CheckDate(errors, data, path, "date", true);
    CheckText(errors, data, path, "role", false);
  } else {
    return;  // checked through the profile; unknown keys are reported there
  }
  for (const auto& kv : data) {
    if (!allowed.contains(std::string(kv.key())))
      errors.Add(path + "." + std::string(kv.key()), errc::unknown_field);
  }
}

// Maps a profile field path back to the archive item it came from: "education[1].graduated" →
// "items[4].data.graduated".
std::string MapProfileField(const std::string& field, const std::map<std::string, size_t>& origin) {
  size_t cut = field.find_first_of(".[");
  std::string head = field.substr(0, cut);
  std::string rest = cut == std::string::npos ? "" : field.substr(cut);
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    head += rest.substr(0, close + 1);
    rest = rest.substr(close + 1);
  }
  auto it = origin.find(head);
  if (it == origin.end()) return field;
  if (head == "frontline_skill_post")
    return "items[" + std::to_string(it->second) + "].data.frontline_skill_post";
  return "items[" + std::to_string(it->second) + "].data" + rest;
}

}  // namespace

Workflow::Workflow(accounts::Env env, const std::vector<campaign::Campaign>& campaigns,
                   calendar::CalendarStore& calendars)
    : env_(env), campaigns_(campaigns), calendars_(calendars) {}

Result<views::ApplicationSlotFile> Workflow::StoreFile(const Actor& actor, const std::filesystem::path& tmp,
                                                       const std::string& raw_name, int64_t max_bytes) {
  std::error_code ec;
  const auto size = static_cast<int64_t>(std::filesystem::file_size(tmp, ec));
  if (ec || size == 0) return MakeError(errc::file_empty);
  auto mb = [](int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
    return std::string(buf);
  };
  if (size > max_bytes) {
    Error e = MakeError(errc::payload_too_large);
    e.fields.push_back({"file", errc::payload_too_large,
                        "此处每个文件不超过 " + std::to_string(max_bytes >> 20) + " MB，本文件 " + mb(size)});
    return e;
  }
  std::string head(16, '\0');
  {
    std::ifstream in(tmp, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
  }
  const std::string type = SniffContentType(head);
  if (type.empty()) return MakeError(errc::file_type_not_allowed);
  const std::string name = SafeFileName(raw_name, type);
  auto over_quota = [&](int64_t used) {
    Error e = MakeError(errc::storage_quota_exceeded);
    e.fields.push_back({"file", errc::storage_quota_exceeded,
                        "已上传 " + mb(used) + "，本文件 " + mb(size) + "，每个账号合计不超过 " +
                            std::to_string(storage_quota_bytes_ >> 20) + " MB"});
    return e;
  };
  {
    // Before the bytes are stored; checked again under the account's lock below.
    Session s(env_.db);
    if (const int64_t used = storage::FilesRepo(s).BytesOwnedBy(actor.principal.user_id);
        used + size > storage_quota_bytes_)
      return over_quota(used);
  }
  const std::string sha = env_.blobs.PutFile(tmp);
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  // The account's uploads together stay within the quota (one count at a time per account).
  storage::LockRow(s, "users", actor.principal.user_id);
  const int64_t used = storage::FilesRepo(s).BytesOwnedBy(actor.principal.user_id);
  if (used + size > storage_quota_bytes_) return over_quota(used);
  storage::RecordBlob(s, sha, size, type, now);
  const int64_t id = storage::FilesRepo(s).Insert(sha, size, type, name, actor.principal.user_id, now);
  Audit(s, actor, now, "file.upload", "file", std::to_string(id),
        name + "（" + std::to_string(size) + " 字节）");
  tx.Commit();
  return FileViews(s, {id}).at(0);
}

namespace {

// Every file a stored snapshot names, with the code of the evidence slot that holds it (nullptr for a file
// of an archive item): the one reading of the snapshot's file references, for downloads and for the
// garbage collection.
void ForEachSnapshotFile(const json::object& data,
                         const std::function<void(const json::value* slot_code, int64_t file_id)>& fn) {
  auto each = [&](const json::value* files, const json::value* slot_code) {
    if (!files || !files->is_array()) return;
    for (const auto& f : files->as_array()) {
      const auto* id = f.is_object() ? f.as_object().if_contains("id") : nullptr;
      if (id && id->is_int64()) fn(slot_code, id->as_int64());
    }
  };
  if (const auto* slots = data.if_contains("slots"); slots && slots->is_array())
    for (const auto& slot : slots->as_array())
      if (slot.is_object()) each(slot.as_object().if_contains("files"), slot.as_object().if_contains("code"));
  if (const auto* archive = data.if_contains("archive"); archive && archive->is_object())
    if (const auto* items = archive->as_object().if_contains("items"); items && items->is_array())
      for (const auto& item : items->as_array())
        if (item.is_object()) each(item.as_object().if_contains("files"), nullptr);
}

}  // namespace

bool SnapshotNamesFileForReviewers(const std::string& snapshot,
                                   const std::vector<campaign::Campaign>& campaigns, int64_t file_id) {
  boost::system::error_code ec;
  const json::value v = json::parse(snapshot, ec);
  if (ec || !v.is_object()) return false;
  const json::object& data = v.as_object();
  const campaign::Campaign* c = nullptr;
  if (const auto* id = data.if_contains("campaign_id"); id && id->is_string()) {
    for (const auto& x : campaigns)
      if (x.id == id->as_string()) c = &x;
  }
  bool named = false;
  ForEachSnapshotFile(data, [&](const json::value* code, int64_t id) {
    if (id != file_id) return;
    if (code == nullptr) {  // an archive item's file
      named = true;
      return;
    }
    const bool personal = !c || !code->is_string() ||
                          std::any_of(c->evidence_slots.begin(), c->evidence_slots.end(), [&](const auto& e) {
                            return e.personal && e.code == code->as_string();
                          });
    named = named || !personal;
  });
  return named;
}

Result<FileRef> Workflow::FileForDownload(const Principal& p, int64_t file_id) {
  std::optional<FileRef> ref;
  std::string sha;
  bool allowed = false;
  {
    Session s(env_.db);
    storage::FilesRepo files(s);
    const std::optional<storage::FileRow> file = files.Find(file_id);
    if (!file) return MakeError(errc::not_found);
    sha = file->sha256;
    ref = FileRef{"", file->name, file->content_type};
    const int64_t owner = file->owner_id;
    allowed = owner == p.user_id;
    if (!allowed && p.role == Role::kUnit && p.unit_id) {
      // an archive item of someone whose archive the unit reviews
      allowed = storage::ArchivesRepo(s).FileSentToUnit(
          file_id, *p.unit_id, std::string(kArchiveLifecycle.Code(ArchiveState::kDraft)));
    }
    if (!allowed && p.role == Role::kExpert) {
      // only the files a frozen snapshot the expert reviews names, and never its personal records
      for (const auto& [app_id, version] : files.SnapshotsReadableByExpert(p.user_id)) {
        const auto snap = storage::ApplicationsRepo(s).Snapshot(app_id, version);
        if (snap && SnapshotNamesFileForReviewers(snap->data, campaigns_, file_id)) {
          allowed = true;
          break;
        }
      }
    }
    if (!allowed) {
      for (int64_t id : files.EvidenceApplications(file_id)) {
        auto a = LoadApp(s, id);
        if (a && CanSee(p, *a)) allowed = true;
      }
    }
  }
  if (!allowed) return MakeError(errc::not_found);
  ref->path = env_.blobs.PathOf(sha).string();  // after the session: in shared mode this may fetch it
  return *ref;
}

namespace {

// The item's files that the caller owns, each once; any other is named in `errors` (a PUT /archive or working
// copy item at `path`).
std::vector<int64_t> OwnFiles(storage::FilesRepo& files, int64_t uid, const std::vector<int64_t>& ids,
                              const std::string& path, FieldErrors& errors) {
  std::vector<int64_t> out;
  if (ids.size() > kMaxFilesPerItem) {
    errors.Add(path + ".file_ids", errc::wrong_type);
    return out;
  }
  for (size_t j = 0; j < ids.size(); ++j) {
    if (!files.OwnedBy(ids[j], uid)) {
      errors.Add(path + ".file_ids[" + std::to_string(j) + "]", errc::unknown_code);
    } else if (std::find(out.begin(), out.end(), ids[j]) == out.end()) {
      out.push_back(ids[j]);
    }
  }
  return out;
}

// The working copy's stored body (the PUT /archive body, normalised) read back for its applicant: files the
// applicant no longer owns are left out.
std::optional<views::ArchiveWorkingCopy> WorkingCopyView(Session& s, int64_t user_id) {
  auto row = storage::ArchivesRepo(s).FindWorkingCopy(user_id);
  if (!row) return std::nullopt;
  boost::system::error_code ec;
  const json::value v = json::parse(row->body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  views::ArchiveWorkingCopy out{.base_version = row->base_version,
                                .unit_credit_code = "",
                                .items = {},
                                .saved_at = TimeText(row->saved_at)};
  if (const auto* c = o.if_contains("unit_credit_code"); c && c->is_string())
    out.unit_credit_code = std::string(c->as_string());
  storage::FilesRepo files(s);
  if (const auto* items = o.if_contains("items"); items && items->is_array()) {
    for (const json::value& it : items->as_array()) {
      if (!it.is_object()) continue;
      const json::object& io = it.as_object();
      views::ArchiveWorkingItem item{.id = std::nullopt, .kind = "", .data = {}, .files = {}};
      if (const auto* id = io.if_contains("id"); id && id->is_int64()) item.id = id->as_int64();
      if (const auto* k = io.if_contains("kind"); k && k->is_string())
        item.kind = std::string(k->as_string());
      if (const auto* d = io.if_contains("data"); d && d->is_object()) item.data = d->as_object();
      std::vector<int64_t> ids;
      if (const auto* f = io.if_contains("file_ids"); f && f->is_array()) {
        for (const json::value& id : f->as_array())
          if (id.is_int64() && files.OwnedBy(id.as_int64(), user_id)) ids.push_back(id.as_int64());
      }
      item.files = FileViews(s, ids);
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace

Result<views::Archive> Workflow::GetArchive(const Principal& p) {
  Session s(env_.db);
  views::Archive out = ArchiveView(s, LoadArchive(s, p.user_id));
  out.working_copy = WorkingCopyView(s, p.user_id);
  return out;
}

Result<views::ArchiveWorkingCopy> Workflow::SaveArchiveWorkingCopy(const Actor& actor,
                                                                   const ArchiveForm& form) {
  // Only the shape is checked: the edits may be unfinished (the archive's own save checks the rest).
  FieldErrors errors;
  errors.Append(form.unread);
  const auto& items = form.body.items;
  if (items.size() > kMaxItems) errors.Add("items", errc::too_many_items, std::to_string(kMaxItems));
  const int64_t uid = actor.principal.user_id;
  Session s(env_.db);
  storage::FilesRepo files(s);
  json::array stored;
  static const ArchiveForm::ItemUnread kReadWhole;
  for (size_t i = 0; i < items.size() && i < kMaxItems; ++i) {
    const std::string path = "items[" + std::to_string(i) + "]";
    const views::ArchivePutRequestItem& in = items[i];
    const ArchiveForm::ItemUnread& unread = i < form.items_unread.size() ? form.items_unread[i] : kReadWhole;
    errors.Append(unread.members);
    if (unread.item) {
      errors.Append({*unread.item});
      continue;
    }
    if (unread.data) errors.Append({*unread.data});
    if (unread.file_ids) errors.Append({*unread.file_ids});
    if (!kKinds.contains(in.kind)) {
      errors.Add(path + ".kind", errc::unknown_code);
      continue;
    }
    if (in.id && *in.id == ArchiveForm::kUnreadableId) errors.Add(path + ".id", errc::wrong_type);
    json::array ids;
    for (int64_t f : OwnFiles(files, uid, in.file_ids, path, errors)) ids.emplace_back(f);
    json::object o{{"kind", in.kind}, {"data", in.data}, {"file_ids", std::move(ids)}};
    if (in.id) o["id"] = *in.id;
    stored.emplace_back(std::move(o));
  }
  if (!errors.empty()) return errors.ToError();
  const json::object body{{"unit_credit_code", form.body.unit_credit_code}, {"items", std::move(stored)}};
  const storage::ArchiveWorkingCopyRow row{.base_version = form.body.version,
                                           .saved_at = UnixSeconds(env_.clock.Now()),
                                           .body = json::serialize(body)};
  {
    storage::WriteTx tx(s);
    storage::ArchivesRepo(s).PutWorkingCopy(uid, row);
    tx.Commit();
  }
  return *WorkingCopyView(s, uid);
}

Status Workflow::DiscardArchiveWorkingCopy(const Actor& actor) {
  Session s(env_.db);
  storage::WriteTx tx(s);
  storage::ArchivesRepo(s).DeleteWorkingCopy(actor.principal.user_id);
  tx.Commit();
  return Ok{};
}

Result<views::Archive> Workflow::SaveArchive(const Actor& actor, const ArchiveForm& form) {
  const views::ArchivePutRequest& body = form.body;
  FieldErrors errors;
  errors.Append(form.unread);
  const auto& items = body.items;
  if (items.size() > kMaxItems) errors.Add("items", errc::too_many_items, std::to_string(kMaxItems));
  const campaign::Campaign& c = current();
  const int64_t uid = actor.principal.user_id;

  Session s(env_.db);
  std::optional<storage::UnitRecord> unit;
  if (!body.unit_credit_code.empty()) {
    unit = storage::FindUnitByCreditCode(s, body.unit_credit_code);
    if (!unit || unit->status != "approved") errors.Add("unit_credit_code", errc::unit_not_found);
  }
  // Each item: kind, data, file ids owned by the caller; then the profile-shaped kinds through the engine's
  // reader, so the archive accepts exactly what the engine understands.
  Archive next;
  std::map<std::string, size_t> origin;  // profile path → item index
  std::map<std::string, int> counts;
  std::set<int64_t> own_ids;
  const Archive before = LoadArchive(s, uid);
  for (const auto& i : before.items) own_ids.insert(i.id);
  static const ArchiveForm::ItemUnread kReadWhole;
  for (size_t i = 0; i < items.size() && i < kMaxItems; ++i) {
    const std::string path = "items[" + std::to_string(i) + "]";
    const views::ArchivePutRequestItem& in = items[i];
    const ArchiveForm::ItemUnread& unread = i < form.items_unread.size() ? form.items_unread[i] : kReadWhole;
    errors.Append(unread.members);
    ArchiveItem item;
    if (in.id) {
      if (!own_ids.contains(*in.id)) {
        errors.Add(path + ".id", errc::unknown_code);
      } else {
        item.id = *in.id;
      }
    }
    if (unread.item) {
      errors.Append({*unread.item});
      continue;
    }
    if (!kKinds.contains(in.kind)) {
      errors.Add(path + ".kind", errc::unknown_code);
      continue;
    }
    item.kind = in.kind;
    if (unread.data) {
      errors.Append({*unread.data});
      continue;
    }
    item.data = in.data;
    if (unread.file_ids) {
      errors.Append({*unread.file_ids});
    } else {
      storage::FilesRepo files(s);
      item.files = OwnFiles(files, uid, in.file_ids, path, errors);
    }
    if (auto extra = kExtraKeys.find(item.kind); extra != kExtraKeys.end()) {
      for (const auto& k : extra->second) CheckText(errors, item.data, path + ".data", k.c_str(), false);
    }
    CheckOwnFields(item.kind, item.data, path + ".data", errors);
    const int n = counts[item.kind]++;
    if (auto arr = kProfileArray.find(item.kind); arr != kProfileArray.end()) {
      origin[arr->second + "[" + std::to_string(n) + "]"] = i;
    } else if (item.kind == "social_security" || item.kind == "employment") {
      if (n > 0) {
        errors.Add(path + ".kind", errc::single_item_kind);
      } else {
        origin[item.kind] = i;
        if (item.kind == "employment") origin["frontline_skill_post"] = i;
      }
    }
    next.items.push_back(std::move(item));
  }
  auto parsed = eligibility::ParseProfile(ProfileJson(next, c.levels.front().code, "-", "enterprise"), c);
  if (!parsed.ok()) {
    for (const auto& f : parsed.error().fields)
      errors.Add(MapProfileField(f.field, origin), f.code, f.detail);
  }
  if (!errors.empty()) return errors.ToError();
  if (body.version != before.version) return MakeError(errc::stale_version);
  // Saving what is already saved changes nothing: an approved archive stays approved and in force (issue
  // 17: a save without a change must not send it back to draft on the applicant deadline).
  const bool same_unit = unit ? (before.unit_id && *before.unit_id == unit->id) : !before.unit_id;
  auto same_items = [&] {
    if (next.items.size() != before.items.size()) return false;
    for (size_t i = 0; i < next.items.size(); ++i) {
      const ArchiveItem& a = next.items[i];
      const ArchiveItem& b = before.items[i];
      if (a.id != b.id || a.kind != b.kind || a.data != b.data || a.files != b.files) return false;
    }
    return true;
  };
  if (before.exists && same_unit && same_items()) {
    // The edits are saved (they are what the archive holds): the working copy has served.
    storage::WriteTx tx(s);
    storage::ArchivesRepo(s).DeleteWorkingCopy(uid);
    tx.Commit();
    return ArchiveView(s, before);
  }

  const int64_t now = UnixSeconds(env_.clock.Now());
  storage::WriteTx tx(s);
  if (LoadArchive(s, uid).version != before.version) return MakeError(errc::stale_version);
  const int64_t ver = before.version + 1;
  const std::optional<int64_t> unit_id = unit ? std::optional<int64_t>(unit->id) : std::nullopt;
  storage::ArchivesRepo repo(s);
  // Saving is never refused: the table's "save" takes an approved or returned archive back to draft; a draft
  // stays a draft and a pending one is withdrawn to draft (docs/workflow.md), steps the table does not list.
  const ArchiveState to = before.exists && !kArchiveLifecycle.Refuse(before.state, "save")
                              ? kArchiveLifecycle.Next(before.state, "save")
                              : ArchiveState::kDraft;
  const std::string status(kArchiveLifecycle.Code(to));
  if (!before.exists) {
    repo.Insert(uid, unit_id, status, ver, now);
  } else {
    repo.SetSaved(uid, unit_id, status, ver, now);
  }
  std::set<int64_t> kept;
  for (const auto& i : next.items)
    if (i.id) kept.insert(i.id);
  for (int64_t id : own_ids) {
    if (kept.contains(id)) continue;
    repo.DeleteItem(id);
  }
  int order = 0;
  for (auto& i : next.items) {
    const std::string data = json::serialize(i.data);
    const int ord = order++;
    if (i.id) {
      repo.UpdateItem(i.id, i.kind, data, ord);
      repo.ClearItemFiles(i.id);
    } else {
      i.id = repo.InsertItem(uid, i.kind, data, ord);
    }
    for (int64_t f : i.files) repo.AddItemFile(i.id, uid, f);
  }
  repo.DeleteWorkingCopy(uid);
  Audit(s, actor, now, "archive.save", "archive", std::to_string(uid),
        std::to_string(next.items.size()) + " 个条目" +
            (unit ? "，所在单位 " + unit->name + "（" + unit->credit_code + "）" : ""));
  tx.Commit();
  return ArchiveView(s, LoadArchive(s, uid));
}

Result<views::Archive> Workflow::SubmitArchive(const Actor& actor, int64_t version) {
  const int64_t uid = actor.principal.user_id;
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  Archive a = LoadArchive(s, uid);
  if (a.version != version) return MakeError(errc::stale_version);
  // Only a draft or a returned archive is sent (transition_not_allowed, the states' refusal).
  if (auto refusal = kArchiveLifecycle.Refuse(a.state, "submit")) return MakeError(*refusal);
  if (!a.unit_id) return MakeError(errc::archive_unit_required);
  if (a.items.empty()) return MakeError(errc::archive_empty);
  const std::string to(kArchiveLifecycle.Code(kArchiveLifecycle.Next(a.state, "submit")));
  storage::ArchivesRepo repo(s);
  repo.SetSubmitted(uid, to, a.version + 1, now);
  repo.ClearItemReturnReasons(uid);
  const std::string name = actor.principal.name;
  storage::NotifyStep(s, kArchiveLifecycle.Find(a.state, "submit")->notify, {.unit = a.unit_id},
                      {"archive.submitted", std::nullopt, name + " 提交了业绩档案，请审核",
                       name + " submitted a performance archive for review"},
                      now);
  Audit(s, actor, now, "archive.submit", "archive", std::to_string(uid),
        "提交单位审核（单位 #" + std::to_string(*a.unit_id) + "）");
  tx.Commit();
  return ArchiveView(s, LoadArchive(s, uid));
}

Result<views::UnitArchivePage> Workflow::ListUnitArchives(const Principal& p, const ListFilter& f) {
  if (!p.unit_id) return MakeError(errc::forbidden);
  Session s(env_.db);
  storage::UnitArchivePageRows got = storage::ArchivesRepo(s).ListForUnit(
      {.unit_id = *p.unit_id,
       .draft = std::string(kArchiveLifecycle.Code(ArchiveState::kDraft)),
       .status = f.status,
       .q = f.q},
      f.page);
  views::UnitArchivePage out{.items = {},
                             .total = got.total,
                             .page_size = f.page.size,
                             .next_cursor = NextCursor(got.next),
                             .counts = std::move(got.counts)};
  out.items.reserve(got.rows.size());
  for (const auto& r : got.rows) {
    // Only archives sent to the unit are listed, so submitted_at is set.
    out.items.push_back({.user_id = r.user_id,
                         .name = r.name,
                         .id_number_masked = MaskResidentId(r.id_number),
                         .status = r.status,
                         .submitted_at = TimeText(r.submitted_at),
                         .version = r.version,
                         .items_count = r.items_count});
  }
  return out;
}

namespace {
Result<views::Archive> UnitArchiveView(Session& s, const Principal& p, int64_t user_id) {
  Archive a = LoadArchive(s, user_id);
  // A draft is the applicant's own: the unit does not see it.
  if (!a.exists || !p.unit_id || a.unit_id != p.unit_id || a.state == ArchiveState::kDraft)
    return MakeError(errc::not_found);
  auto user = storage::FindUserById(s, user_id);
  views::Archive out = ArchiveView(s, a);
  out.applicant = views::ApplicationApplicant{.id = user_id,
                                              .name = user ? user->name : "",
                                              .id_number_masked = MaskResidentId(user ? user->id_number : ""),
                                              .mobile = std::nullopt};
  return out;
}
}  // namespace

Result<views::Archive> Workflow::GetUnitArchive(const Principal& p, int64_t user_id) {
  Session s(env_.db);
  return UnitArchiveView(s, p, user_id);
}

Result<views::Archive> Workflow::ReviewArchive(const Actor& actor, int64_t user_id, bool approve,
                                               const ActionForm& form) {
  const Principal& p = actor.principal;
  const int64_t now = UnixSeconds(env_.clock.Now());
  Session s(env_.db);
  storage::WriteTx tx(s);
  Archive a = LoadArchive(s, user_id);
  // Not found for a draft (the unit does not see it) rather than the table's refusal.
  if (!a.exists || !p.unit_id || a.unit_id != p.unit_id || a.state == ArchiveState::kDraft)
    return MakeError(errc::not_found);
  if (a.version != form.version) return MakeError(errc::stale_version);
  const std::string_view action = approve ? "approve" : "return";
  if (auto refusal = kArchiveLifecycle.Refuse(a.state, action)) return MakeError(*refusal);
  std::map<int64_t, std::string> reasons;
  if (!approve) {
    FieldErrors errors;
    if (form.reason.empty() && form.items.empty()) errors.Add("reason", errc::reason_required);
    for (size_t i = 0; i < form.items.size(); ++i) {
      const auto& [item, reason] = form.items[i];
      char* end = nullptr;
      const long long id = std::strtoll(item.c_str(), &end, 10);
      const bool known =
          end && *end == '\0' &&
          std::any_of(a.items.begin(), a.items.end(), [&](const ArchiveItem& x) { return x.id == id; });
      if (!known) errors.Add("items[" + std::to_string(i) + "].item_id", errc::unknown_code);
      if (reason.empty()) errors.Add("items[" + std::to_string(i) + "].reason", errc::reason_required);
      if (known) reasons[id] = reason;
    }
    if (!errors.empty()) return errors.ToError();
  }
  const std::string status(kArchiveLifecycle.Code(kArchiveLifecycle.Next(a.state, action)));
  storage::ArchivesRepo repo(s);
  repo.SetReviewed(user_id, status, a.version + 1, p.user_id, form.reason, now);
  for (const auto& [id, reason] : reasons) repo.SetItemReturnReason(id, reason);
  const std::string_view told = kArchiveLifecycle.Find(a.state, action)->notify;
  if (approve) {
    storage::NotifyStep(s, told, {.applicant = user_id},
                        {"archive.approved", std::nullopt, "您的业绩档案已通过单位审核",
                         "Your unit approved your performance archive"},
                        now);
  } else {
    storage::NotifyStep(s, told, {.applicant = user_id},
                        {"archive.returned", std::nullopt, "您的业绩档案被单位退回：" + form.reason,
                         "Your unit returned your performance archive: " + form.reason},
                        now);
  }
  Audit(s, actor, now, approve ? "archive.approve" : "archive.return", "archive", std::to_string(user_id),
        approve ? "approved" : "returned: " + form.reason);
  tx.Commit();
  return UnitArchiveView(s, p, user_id);
}

GarbageReport CollectFiles(const accounts::Env& env, std::chrono::seconds grace, bool dry_run) {
  GarbageReport report;
  const TimePoint now = env.clock.Now();
  const int64_t cutoff = UnixSeconds(now - grace);
  // The disk's own clock for modification times, whatever the platform's clock says (a test clock).
  const auto disk_cutoff = std::filesystem::file_time_type::clock::now() - grace;
  Session s(env.db);
  storage::WriteTx tx(s);
  storage::FilesRepo files(s);
  std::set<int64_t> named;  // every file id a snapshot names, in its slots or its archive items
  files.ForEachSnapshot([&](const std::string& data) {
    boost::system::error_code ec;
    const json::value v = json::parse(data, ec);
    if (!ec && v.is_object())
      ForEachSnapshotFile(v.as_object(), [&](const json::value*, int64_t id) { named.insert(id); });
  });
  // The files of the applicants' working copies (unsent edits) are kept too.
  storage::ArchivesRepo(s).ForEachWorkingCopy([&](const std::string& body) {
    boost::system::error_code ec;
    const json::value v = json::parse(body, ec);
    if (ec || !v.is_object()) return;
    const json::value* items = v.as_object().if_contains("items");
    if (!items || !items->is_array()) return;
    for (const json::value& it : items->as_array()) {
      const json::value* ids = it.is_object() ? it.as_object().if_contains("file_ids") : nullptr;
      if (!ids || !ids->is_array()) continue;
      for (const json::value& id : ids->as_array())
        if (id.is_int64()) named.insert(id.as_int64());
    }
  });
  std::vector<int64_t> doomed;
  for (const auto& f : files.Unattached(cutoff)) {
    // Its bytes stored within the grace period by the disk's clock: kept too (a platform clock set apart
    // from the real one, as in a demo, must not make a fresh upload look old).
    if (named.count(f.id) > 0 || env.blobs.StoredSince(f.sha256, disk_cutoff)) continue;
    doomed.push_back(f.id);
    report.file_bytes += f.size;
  }
  report.files = static_cast<int64_t>(doomed.size());
  if (dry_run) {
    report.blobs = static_cast<int64_t>(files.UnreferencedBlobs().size());
    return report;
  }
  files.Delete(doomed);
  const std::vector<std::string> blobs = files.UnreferencedBlobs();
  files.DeleteBlobs(blobs);
  report.blobs = static_cast<int64_t>(blobs.size());
  const std::vector<std::string> known = files.AllBlobs();
  if (report.files > 0 || report.blobs > 0) {
    storage::AuditEntry e;
    e.at = UnixSeconds(now);
    e.actor_login = "system";
    e.role = "system";
    e.action = "files.collect";
    e.object_type = "file";
    e.summary = "删除无引用的文件 " + std::to_string(report.files) + " 个（" +
                std::to_string(report.file_bytes) + " 字节）、无引用的存储块 " +
                std::to_string(report.blobs) + " 个";
    storage::AppendAudit(s, e);
  }
  tx.Commit();
  // The bytes leave the disk after the rows (a crash in between leaves strays for the next run).
  for (const auto& sha : blobs) report.blob_bytes += env.blobs.RemoveUnlessNewer(sha, disk_cutoff);
  const auto [strays, stray_bytes] = env.blobs.RemoveStrays(known, disk_cutoff);
  report.strays = strays;
  report.stray_bytes = stray_bytes;
  return report;
}

}  // namespace zc::workflow
