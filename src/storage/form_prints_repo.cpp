#include "storage/form_prints_repo.hpp"

namespace zc::storage {

void FormPrintsRepo::Insert(const NewFormPrint& p) {
  long long app_id = p.application_id;
  long long ver = p.snapshot_version;
  long long pages = p.pages;
  long long by = p.printed_by;
  long long at = p.printed_at;
  s_.sql()
      << "INSERT INTO form_prints (code, kind, application_id, snapshot_version, snapshot_sha256, pages, "
         "printed_by, printed_at) VALUES (:c, :k, :a, :v, :h, :p, :by, :at)",
      soci::use(p.code, "c"), soci::use(p.kind, "k"), soci::use(app_id, "a"), soci::use(ver, "v"),
      soci::use(p.snapshot_sha256, "h"), soci::use(pages, "p"), soci::use(by, "by"), soci::use(at, "at");
}

std::optional<FormPrintRow> FormPrintsRepo::FindByCode(const std::string& code) {
  std::optional<FormPrintRow> out;
  Query()
      .Where("f.code = :c")
      .Bind("c", code)
      .ForEach(
          s_,
          "f.kind, f.snapshot_version, f.snapshot_sha256, f.pages, f.printed_at, a.snapshot_version AS "
          "current_version, a.state, sn.data",
          "form_prints f JOIN applications a ON a.id = f.application_id JOIN application_snapshots sn ON "
          "sn.application_id = f.application_id AND sn.version = f.snapshot_version",
          "", [&](const soci::row& r) {
            out = FormPrintRow{.kind = Str(r, "kind"),
                               .snapshot_version = Int(r, "snapshot_version"),
                               .snapshot_sha256 = Str(r, "snapshot_sha256"),
                               .pages = Int(r, "pages"),
                               .printed_at = Int(r, "printed_at"),
                               .current_version = Int(r, "current_version"),
                               .state = Str(r, "state"),
                               .data = Str(r, "data")};
          });
  return out;
}

}  // namespace zc::storage
