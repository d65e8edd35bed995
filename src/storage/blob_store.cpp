#include "storage/blob_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include "base/crypto.hpp"
#include "storage/database.hpp"

namespace zc::storage {
namespace {

void WriteAllAndSync(const std::filesystem::path& path, std::string_view data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string());
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write " + path.string());
    }
    off += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error("cannot sync " + path.string());
}

void SyncDir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

BlobStore::BlobStore(std::filesystem::path dir, Database* shared) : dir_(std::move(dir)), shared_(shared) {
  std::filesystem::create_directories(dir_);
  std::filesystem::create_directories(UploadDir());
}

std::filesystem::path BlobStore::Local(const std::string& sha256) const {
  return dir_ / sha256.substr(0, 2) / sha256;
}

namespace {
constexpr size_t kChunk = 1 << 20;

// Marks a blob as used now (see RemoveUnlessNewer).
void Touch(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::last_write_time(p, std::filesystem::file_time_type::clock::now(), ec);
}

bool IsSha256Name(const std::string& name) {
  return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string FromBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw std::runtime_error("a stored blob chunk is not base64");
  out.resize(len);
  return out;
}
}  // namespace

// Copies a local blob into the shared database, chunk by chunk, unless it is there already.
void BlobStore::Share(const std::string& sha256, const std::filesystem::path& file) const {
  if (!shared_) return;
  Session s(*shared_);
  WriteTx tx(s);
  if (Query().Where("sha256 = :s").Bind("s", sha256).Count(s, "blob_chunks") > 0) return;
  std::ifstream in(file, std::ios::binary);
  std::string buf(kChunk, '\0');
  int seq = 0;
  do {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::string data = ToBase64(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
    s.sql() << "INSERT INTO blob_chunks (sha256, seq, data) VALUES (:s, :q, :d) ON CONFLICT DO NOTHING",
        soci::use(sha256, "s"), soci::use(seq, "q"), soci::use(data, "d");
    ++seq;
  } while (in.gcount() == static_cast<std::streamsize>(kChunk));
  tx.Commit();
}

std::filesystem::path BlobStore::PathOf(const std::string& sha256) const {
  auto path = Local(sha256);
  if (!shared_ || std::filesystem::exists(path)) return path;
  // Fetch it from the shared database into this node's cache, written and renamed like an upload.
  std::filesystem::create_directories(path.parent_path());
  const auto tmp = path.parent_path() / (sha256 + ".fetch." + RandomHex(6));
  {
    std::ofstream out(tmp, std::ios::binary);
    Session s(*shared_);
    Query()
        .Where("sha256 = :s")
        .Bind("s", sha256)
        .ForEach(s, "data", "blob_chunks", "ORDER BY seq", [&](const soci::row& r) {
          const std::string bytes = FromBase64(Str(r, "data"));
          out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        });
  }
  if (std::filesystem::file_size(tmp) == 0 || Sha256FileHex(tmp.string()) != sha256) {
    std::filesystem::remove(tmp);
    return path;  // not in the database either: the caller finds no file
  }
  std::filesystem::rename(tmp, path);
  return path;
}

bool BlobStore::Exists(const std::string& sha256) const {
  return std::filesystem::exists(PathOf(sha256));
}

std::string BlobStore::Put(std::string_view data) {
  std::string sha = Sha256Hex(data);
  const auto final_path = Local(sha);
  if (std::filesystem::exists(final_path)) {
    Touch(final_path);
    Share(sha, final_path);
    return sha;
  }
  std::filesystem::create_directories(final_path.parent_path());
  const auto tmp = final_path.parent_path() / (sha + ".tmp." + RandomHex(6));
  WriteAllAndSync(tmp, data);
  std::filesystem::rename(tmp, final_path);
  SyncDir(final_path.parent_path());
  Share(sha, final_path);
  return sha;
}

std::string BlobStore::PutFile(const std::filesystem::path& tmp) {
  std::string sha = Sha256FileHex(tmp.string());
  const auto final_path = Local(sha);
  if (std::filesystem::exists(final_path)) {
    std::filesystem::remove(tmp);
    Touch(final_path);
    Share(sha, final_path);
    return sha;
  }
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + tmp.string());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error("cannot sync " + tmp.string());
  std::filesystem::create_directories(final_path.parent_path());
  std::filesystem::rename(tmp, final_path);
  SyncDir(final_path.parent_path());
  Share(sha, final_path);
  return sha;
}

bool BlobStore::StoredSince(const std::string& sha256, std::filesystem::file_time_type cutoff) const {
  std::error_code ec;
  const auto at = std::filesystem::last_write_time(Local(sha256), ec);
  return !ec && at >= cutoff;
}

int64_t BlobStore::RemoveUnlessNewer(const std::string& sha256, std::filesystem::file_time_type cutoff) {
  const auto path = Local(sha256);
  std::error_code ec;
  const auto at = std::filesystem::last_write_time(path, ec);
  if (ec || at >= cutoff) return 0;
  const auto size = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  if (ec) return 0;
  return std::filesystem::remove(path, ec) && !ec ? size : 0;
}

std::pair<int64_t, int64_t> BlobStore::RemoveStrays(const std::vector<std::string>& known,
                                                    std::filesystem::file_time_type cutoff) {
  const std::set<std::string> rows(known.begin(), known.end());
  int64_t files = 0, bytes = 0;
  std::error_code ec;
  std::vector<std::filesystem::path> stray;
  for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().filename().string();
    const bool incoming = it->path().parent_path() == UploadDir();
    // A blob without a row, an unfinished write (sha.tmp.x, sha.fetch.x) or an abandoned upload.
    const bool blob = IsSha256Name(name);
    if (blob && rows.count(name) > 0) continue;
    if (!blob && !incoming && name.find(".tmp.") == std::string::npos &&
        name.find(".fetch.") == std::string::npos)
      continue;
    std::error_code e2;
    if (std::filesystem::last_write_time(it->path(), e2) >= cutoff || e2) continue;
    stray.push_back(it->path());
  }
  for (const auto& p : stray) {
    std::error_code e3;
    const auto size = static_cast<int64_t>(std::filesystem::file_size(p, e3));
    if (!e3 && std::filesystem::remove(p, e3) && !e3) {
      ++files;
      bytes += size;
    }
  }
  return {files, bytes};
}

}  // namespace zc::storage
