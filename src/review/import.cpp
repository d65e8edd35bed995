// Importing the expert pool from the downloadable template (docs/documents.md "Imports"): every row is
// checked as POST /experts checks one expert, inside one transaction, so that a file with any wrong row
// imports nothing and its report names every wrong cell by row and column.
#include <set>

#include "base/text.hpp"
#include "review/internal.hpp"
#include "review/review.hpp"

namespace zc::review {

using namespace detail;

namespace {

// Header, width, the field of POST /experts it fills.
struct Column {
  const char* header;
  double width;
  const char* field;
};
constexpr Column kColumns[] = {
    {"姓名", 10, "name"},           {"身份证号", 22, "id_number"},
    {"职称", 14, "title"},          {"专业类别", 24, "families"},
    {"工作单位", 30, "unit_name"},  {"单位统一社会信用代码", 24, "unit_credit_code"},
    {"聘期开始", 12, "term_start"}, {"聘期结束", 12, "term_end"},
    {"登录账号", 16, "login"},
};

// A date cell: "2021-01-01", "2021/1/1", or the number Excel keeps for a date (days since 1899-12-30).
std::string DateCell(const std::string& v) {
  // A serial with a time of day (44927.5) is the day it falls on.
  const std::string day = v.substr(0, v.find('.'));
  if (!day.empty() && day.size() <= 6 && day.find_first_not_of("0123456789") == std::string::npos &&
      (day.size() == v.size() || v.find_first_not_of("0123456789", day.size() + 1) == std::string::npos)) {
    return FormatDate(AddDays(Date{1899, 12, 30}, std::stoi(day)));
  }
  int y = 0, m = 0, d = 0;
  char a = 0, b = 0;
  if (std::sscanf(v.c_str(), "%d%c%d%c%d", &y, &a, &m, &b, &d) == 5 && a == b &&
      (a == '-' || a == '/' || a == '.')) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }
  return v;
}

// "化工、环境保护" (names or codes, separated by 、 , ， ; ；) → family codes; unknown ones as they are.
std::vector<std::optional<std::string>> Families(const campaign::Campaign& c, const std::string& cell) {
  std::vector<std::optional<std::string>> out;
  std::string cur;
  auto flush = [&] {
    const std::string t = Trim(cur);
    cur.clear();
    if (t.empty()) return;
    for (const auto& f : c.families)
      if (f.name == t || f.code == t) {
        out.emplace_back(f.code);
        return;
      }
    out.emplace_back(t);
  };
  for (size_t i = 0; i < cell.size();) {
    static const char* const kSeparators[] = {"\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B", ",", ";"};
    bool sep = false;
    for (const char* x : kSeparators) {
      const size_t n = std::strlen(x);
      if (cell.compare(i, n, x) == 0) {
        flush();
        i += n;
        sep = true;
        break;
      }
    }
    if (!sep) cur += cell[i++];
  }
  flush();
  return out;
}

}  // namespace

const std::vector<std::pair<std::string, double>>& Review::ExpertImportColumns() {
  static const std::vector<std::pair<std::string, double>> cols = [] {
    std::vector<std::pair<std::string, double>> v;
    for (const auto& c : kColumns) v.emplace_back(c.header, c.width);
    return v;
  }();
  return cols;
}

Result<views::ExpertImport> Review::ImportExperts(const Actor& actor,
                                                  const std::vector<std::vector<std::string>>& rows) {
  const auto& c = campaigns_.back();
  constexpr size_t kNumCols = std::size(kColumns);
  // The header row must be the template's, in its order: a file with other columns is not guessed at.
  std::vector<std::string> header;
  if (!rows.empty())
    for (const auto& h : rows[0]) header.push_back(Trim(h));
  bool header_ok = header.size() == kNumCols;
  for (size_t i = 0; header_ok && i < kNumCols; ++i) header_ok = header[i] == kColumns[i].header;
  if (!header_ok) {
    std::string expected;
    for (const auto& col : kColumns) expected += std::string(expected.empty() ? "" : "、") + col.header;
    return MakeError(errc::import_wrong_columns, expected);
  }
  Session s(env_.db);
  storage::WriteTx tx(s);
  // Imports (and the identity numbers they check) are serialized: on PostgreSQL two imports of the same file
  // would otherwise both find the numbers free. The audit head row is taken by every audited write anyway.
  storage::LockRow(s, "audit_head", 1);
  FieldErrors fe;
  std::set<std::string> ids_in_file;
  int64_t imported = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    bool empty = true;
    for (const auto& cell : row) empty = empty && Trim(cell).empty();
    if (empty) continue;
    const std::string at = "rows[" + std::to_string(r + 1) + "].";
    if (row.size() > kNumCols) fe.Add(at + "extra", errc::import_extra_cells);
    auto cell = [&](size_t i) { return i < row.size() ? Trim(row[i]) : std::string(); };
    ExpertCommand cmd;
    for (size_t i = 0; i < kNumCols; ++i) {
      const std::string field = kColumns[i].field;
      const std::string v = cell(i);
      if (field == "families") {
        cmd.families = Families(c, v);
      } else if (field == "title") {
        cmd.title = v;
        for (const auto& t : c.review.expert_titles)
          if (t.name == v) cmd.title = t.code;
      } else if (field == "term_start") {
        cmd.term_start = DateCell(v);
      } else if (field == "term_end") {
        cmd.term_end = DateCell(v);
      } else if (field == "login") {
        cmd.login = v;
      } else if (field == "name") {
        cmd.name = v;
      } else if (field == "id_number") {
        cmd.id_number = v;
      } else if (field == "unit_name") {
        cmd.unit_name = v;
      } else if (field == "unit_credit_code") {
        cmd.unit_credit_code = v;
      }
    }
    // Every imported expert is identified by the identity number, so that importing the same file twice is
    // refused rather than doubling the pool.
    // (The pool's own check, expert_exists, is reported in the import's words.)
    const std::string id_number = cell(1);
    bool repeated = false;
    if (id_number.empty()) {
      fe.Add(at + "id_number", errc::required);
    } else if (!ids_in_file.insert(id_number).second) {
      fe.Add(at + "id_number", errc::import_duplicate_expert);
      repeated = true;
    }
    // Every row is checked, also after a wrong one, so that the report lists all that needs mending; what the
    // valid rows wrote goes when the transaction rolls back.
    auto saved = SaveExpertIn(s, actor, std::nullopt, cmd);
    if (saved.ok()) {
      ++imported;
    } else if (saved.error().fields.empty()) {
      fe.Add(at + "row", saved.error().code);
    } else {
      for (const auto& f : saved.error().fields) {
        if (f.field == "id_number" && f.code == errc::expert_exists) {
          if (!repeated) fe.Add(at + f.field, errc::import_duplicate_expert);
        } else {
          fe.Add(at + f.field, f.code, f.detail);
        }
      }
    }
  }
  if (!fe.empty()) {
    Error e = fe.ToError();
    e.code = errc::import_rows_invalid;
    return e;  // the transaction rolls back: nothing of the file is kept
  }
  if (imported == 0) return MakeError(errc::import_empty);
  Audit(s, actor, UnixSeconds(env_.clock.Now()), "expert.import", "expert", "",
        std::to_string(imported) + " 名专家");
  tx.Commit();
  return views::ExpertImport{.imported = imported};
}

}  // namespace zc::review
