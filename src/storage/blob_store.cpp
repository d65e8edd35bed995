#include "storage/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "base/crypto.hpp"

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

BlobStore::BlobStore(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  std::filesystem::create_directories(UploadDir());
}

std::filesystem::path BlobStore::PathOf(const std::string& sha256) const {
  return dir_ / sha256.substr(0, 2) / sha256;
}

bool BlobStore::Exists(const std::string& sha256) const {
  return std::filesystem::exists(PathOf(sha256));
}

std::string BlobStore::Put(std::string_view data) {
  const std::string sha = Sha256Hex(data);
  const auto final_path = PathOf(sha);
  if (std::filesystem::exists(final_path)) return sha;
  std::filesystem::create_directories(final_path.parent_path());
  const auto tmp = final_path.parent_path() / (sha + ".tmp." + RandomHex(6));
  WriteAllAndSync(tmp, data);
  std::filesystem::rename(tmp, final_path);
  SyncDir(final_path.parent_path());
  return sha;
}

std::string BlobStore::PutFile(const std::filesystem::path& tmp) {
  const std::string sha = Sha256FileHex(tmp.string());
  const auto final_path = PathOf(sha);
  if (std::filesystem::exists(final_path)) {
    std::filesystem::remove(tmp);
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
  return sha;
}

}  // namespace zc::storage
