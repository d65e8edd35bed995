#include "storage/experts_repo.hpp"

namespace zc::storage {
namespace {

constexpr const char* kColumns =
    "e.id, e.user_id, u.login, e.name, e.id_number, e.families, e.title, e.unit_name, "
    "e.unit_credit_code, e.term_start, e.term_end, e.relations, e.active";
constexpr const char* kFrom = "experts e LEFT JOIN users u ON u.id = e.user_id";

ExpertRow ExpertOf(const soci::row& r) {
  ExpertRow e{.id = Int(r, "id"),
              .user_id = std::nullopt,
              .login = Str(r, "login"),
              .name = Str(r, "name"),
              .id_number = Str(r, "id_number"),
              .families = Str(r, "families"),
              .title = Str(r, "title"),
              .unit_name = Str(r, "unit_name"),
              .unit_credit_code = Str(r, "unit_credit_code"),
              .term_start = Str(r, "term_start"),
              .term_end = Str(r, "term_end"),
              .relations = Str(r, "relations"),
              .active = Int(r, "active") != 0};
  if (!IsNull(r, "user_id")) e.user_id = Int(r, "user_id");
  return e;
}

std::vector<ExpertRow> Load(Session& s, const Query& q) {
  std::vector<ExpertRow> out;
  q.ForEach(s, kColumns, kFrom, "ORDER BY e.id", [&](const soci::row& r) { out.push_back(ExpertOf(r)); });
  return out;
}

std::optional<ExpertRow> First(std::vector<ExpertRow> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

std::vector<ExpertRow> ExpertsRepo::All() {
  return Load(s_, Query());
}

std::optional<ExpertRow> ExpertsRepo::Find(int64_t id) {
  return First(Load(s_, Query().Where("e.id = :id").Bind("id", static_cast<long long>(id))));
}

std::optional<ExpertRow> ExpertsRepo::FindByUser(int64_t user_id) {
  return First(Load(s_, Query().Where("e.user_id = :u").Bind("u", static_cast<long long>(user_id))));
}

ExpertPageRows ExpertsRepo::List(const ExpertFilter& f, const PageRequest& page) {
  Query q;
  if (!f.text.empty())
    q.Where(R"((e.name LIKE :q ESCAPE '\' OR e.unit_name LIKE :q ESCAPE '\' OR u.login LIKE :q ESCAPE '\'))")
        .Bind("q", LikeContains(f.text));
  if (!f.family.empty()) q.Where("e.families LIKE :f").Bind("f", "%\"" + f.family + "\"%");
  ExpertPageRows out;
  out.next = q.Page(s_, kColumns, kFrom, {.sort = "e.id", .id = "e.id", .descending = false}, page,
                    [&](const soci::row& r) { out.rows.push_back(ExpertOf(r)); });
  out.total = q.Count(s_, kFrom);
  return out;
}

int64_t ExpertsRepo::CountWithUser(int64_t user_id, int64_t except_id) {
  return Query()
      .Where("user_id = :u AND id <> :id")
      .Bind("u", static_cast<long long>(user_id))
      .Bind("id", static_cast<long long>(except_id))
      .Count(s_, "experts");
}

int64_t ExpertsRepo::CountWithIdNumber(const std::string& id_number, int64_t except_id) {
  return Query()
      .Where("id_number = :i AND id <> :id")
      .Bind("i", id_number)
      .Bind("id", static_cast<long long>(except_id))
      .Count(s_, "experts");
}

int64_t ExpertsRepo::Insert(const ExpertRecord& e, int64_t created_at) {
  NullableInt uid(e.user_id);
  int active = e.active ? 1 : 0;
  long long at = created_at, id = 0;
  s_.sql() << "INSERT INTO experts (user_id, name, id_number, families, title, unit_name, unit_credit_code, "
              "term_start, term_end, relations, active, created_at) VALUES (:u, :n, :idn, :f, :t, :un, :uc, "
              ":ts, :te, :r, :a, :at) RETURNING id",
      soci::use(uid.value, uid.ind, "u"), soci::use(e.name, "n"), soci::use(e.id_number, "idn"),
      soci::use(e.families, "f"), soci::use(e.title, "t"), soci::use(e.unit_name, "un"),
      soci::use(e.unit_credit_code, "uc"), soci::use(e.term_start, "ts"), soci::use(e.term_end, "te"),
      soci::use(e.relations, "r"), soci::use(active, "a"), soci::use(at, "at"), soci::into(id);
  return id;
}

void ExpertsRepo::Update(int64_t id, const ExpertRecord& e) {
  NullableInt uid(e.user_id);
  int active = e.active ? 1 : 0;
  long long expert_id = id;
  s_.sql() << "UPDATE experts SET user_id = :u, name = :n, id_number = :idn, families = :f, title = :t, "
              "unit_name = :un, unit_credit_code = :uc, term_start = :ts, term_end = :te, relations = :r, "
              "active = :a WHERE id = :id",
      soci::use(uid.value, uid.ind, "u"), soci::use(e.name, "n"), soci::use(e.id_number, "idn"),
      soci::use(e.families, "f"), soci::use(e.title, "t"), soci::use(e.unit_name, "un"),
      soci::use(e.unit_credit_code, "uc"), soci::use(e.term_start, "ts"), soci::use(e.term_end, "te"),
      soci::use(e.relations, "r"), soci::use(active, "a"), soci::use(expert_id, "id");
}

void ExpertsRepo::SetRelations(int64_t id, const std::string& relations) {
  long long eid = id;
  s_.sql() << "UPDATE experts SET relations = :r WHERE id = :e", soci::use(relations, "r"),
      soci::use(eid, "e");
}

std::vector<CommitteeMemberRow> ExpertsRepo::CommitteeMembers(const std::string& committee_code) {
  std::vector<CommitteeMemberRow> out;
  Query()
      .Where("cm.committee_code = :c")
      .Bind("c", committee_code)
      .ForEach(
          s_, "cm.expert_id, cm.position, cm.term_start, cm.term_end, e.name, e.unit_name",
          "committee_members cm JOIN experts e ON e.id = cm.expert_id",
          "ORDER BY CASE cm.position WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END, cm.expert_id",
          [&](const soci::row& r) {
            out.push_back({.expert_id = Int(r, "expert_id"),
                           .name = Str(r, "name"),
                           .position = Str(r, "position"),
                           .unit_name = Str(r, "unit_name"),
                           .term_start = Str(r, "term_start"),
                           .term_end = Str(r, "term_end")});
          });
  return out;
}

int64_t ExpertsRepo::CountCommitteeMembers(const std::string& committee_code) {
  return Query().Where("committee_code = :c").Bind("c", committee_code).Count(s_, "committee_members");
}

void ExpertsRepo::ReplaceCommitteeMembers(const std::string& committee_code,
                                          const std::vector<NewCommitteeMember>& members) {
  s_.sql() << "DELETE FROM committee_members WHERE committee_code = :c", soci::use(committee_code, "c");
  for (const auto& m : members) {
    long long eid = m.expert_id;
    s_.sql() << "INSERT INTO committee_members (committee_code, expert_id, position, term_start, term_end) "
                "VALUES (:c, :e, :p, :s, :t)",
        soci::use(committee_code, "c"), soci::use(eid, "e"), soci::use(m.position, "p"),
        soci::use(m.term_start, "s"), soci::use(m.term_end, "t");
  }
}

}  // namespace zc::storage
