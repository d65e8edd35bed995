#pragma once
// The repository of the expert pool (专家库, experts) and the committees' members (评审委员会委员,
// committee_members). Named queries only; who may edit the pool, the checks of a record (terms, titles,
// identity numbers) and the conflicts of interest live in review/pool.cpp and review/common.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zc::storage {

struct ExpertRow {
  int64_t id = 0;
  std::optional<int64_t> user_id;
  std::string login;  // "" without an account
  std::string name, id_number;
  std::string families;  // JSON array of specialty family codes, as stored
  std::string title, unit_name, unit_credit_code, term_start, term_end;
  std::string relations;  // JSON array of {name, id_number, relation}, as stored
  bool active = true;
};

// What a save writes (every column but the id and the creation time).
struct ExpertRecord {
  std::optional<int64_t> user_id;
  std::string name, id_number, families, title, unit_name, unit_credit_code, term_start, term_end, relations;
  bool active = true;
};

struct ExpertFilter {
  std::string text;    // part of the name, the unit's name or the login; "": all
  std::string family;  // a family code the expert covers; "": all
};

struct ExpertPageRows {
  std::vector<ExpertRow> rows;
  int64_t total = 0;
  std::optional<Cursor> next;
};

struct CommitteeMemberRow {
  int64_t expert_id = 0;
  std::string name, position, unit_name, term_start, term_end;  // name and unit: the expert's
};

struct NewCommitteeMember {
  int64_t expert_id = 0;
  std::string position, term_start, term_end;
};

class ExpertsRepo {
 public:
  explicit ExpertsRepo(Session& s) : s_(s) {}

  // Every expert, in id order.
  std::vector<ExpertRow> All();
  std::optional<ExpertRow> Find(int64_t id);
  // The expert whose account is `user_id` (the first by id).
  std::optional<ExpertRow> FindByUser(int64_t user_id);
  // One page in id order (ascending).
  ExpertPageRows List(const ExpertFilter& f, const PageRequest& page);
  // Experts other than `except_id` with this account / identity number.
  int64_t CountWithUser(int64_t user_id, int64_t except_id);
  int64_t CountWithIdNumber(const std::string& id_number, int64_t except_id);
  int64_t Insert(const ExpertRecord& e, int64_t created_at);
  void Update(int64_t id, const ExpertRecord& e);
  void SetRelations(int64_t id, const std::string& relations);

  // A committee's members: the chair, the vice-chairs, then the members, each by expert id.
  std::vector<CommitteeMemberRow> CommitteeMembers(const std::string& committee_code);
  int64_t CountCommitteeMembers(const std::string& committee_code);
  // Replaces a committee's members with `members`.
  void ReplaceCommitteeMembers(const std::string& committee_code,
                               const std::vector<NewCommitteeMember>& members);

 private:
  Session& s_;
};

}  // namespace zc::storage
