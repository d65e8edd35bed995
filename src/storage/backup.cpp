#include "storage/backup.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <vector>

extern char** environ;

namespace zc::storage {
namespace {

namespace fs = std::filesystem;

// Runs a program with arguments (no shell); its exit status, or -1 when it could not start.
int Run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Status Fail(const std::string& what) {
  return Error{errc::backup_failed, {}, what};
}

// Copies the blob tree (sha256-named files), leaving files already there alone.
Status CopyBlobs(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Fail("cannot create " + to.string() + ": " + ec.message());
  if (!fs::exists(from)) return Ok{};
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), from, ec);
    if (rel.begin() != rel.end() && *rel.begin() == "incoming") continue;  // uploads in progress
    const fs::path target = to / rel;
    if (it->is_directory()) {
      fs::create_directories(target, ec);
    } else if (!fs::exists(target)) {
      fs::copy_file(it->path(), target, ec);
    }
    if (ec) return Fail("cannot copy " + it->path().string() + ": " + ec.message());
  }
  return ec ? Fail(ec.message()) : Status(Ok{});
}

std::string SqlitePath(const std::string& url) {
  return url.substr(std::string("sqlite:").size());
}

}  // namespace

Status Backup(Database& db, const fs::path& data_dir, const fs::path& to) {
  if (fs::exists(to)) return Fail(to.string() + " already exists");
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Fail("cannot create " + to.string() + ": " + ec.message());
  if (db.backend() == Backend::kSqlite) {
    Session s(db);
    const std::string target = (to / "zhicheng.db").string();
    s.sql() << "VACUUM INTO :path", soci::use(target, "path");
  } else {
    const int rc = Run({"pg_dump", "--format=custom", "--no-owner",
                        "--file=" + (to / "zhicheng.pgdump").string(), db.url()});
    if (rc != 0) return Fail("pg_dump exited " + std::to_string(rc));
  }
  return CopyBlobs(data_dir / "blobs", to / "blobs");
}

Status Restore(const fs::path& from, const std::string& url, const fs::path& data_dir) {
  if (url.rfind("sqlite:", 0) == 0) {
    const fs::path source = from / "zhicheng.db";
    if (!fs::exists(source)) return Fail(source.string() + " is missing");
    const fs::path target = SqlitePath(url);
    if (fs::exists(target)) return Fail(target.string() + " already exists");
    std::error_code ec;
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    fs::copy_file(source, target, ec);
    if (ec) return Fail("cannot copy the database: " + ec.message());
  } else {
    const fs::path source = from / "zhicheng.pgdump";
    if (!fs::exists(source)) return Fail(source.string() + " is missing");
    const int rc = Run({"pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + url, source.string()});
    if (rc != 0) return Fail("pg_restore exited " + std::to_string(rc));
  }
  return CopyBlobs(from / "blobs", data_dir / "blobs");
}

}  // namespace zc::storage
