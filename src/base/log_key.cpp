#include "base/log_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "base/crypto.hpp"

namespace zc {
namespace {

constexpr std::string_view kFileHeader = "zhicheng-log-key-v1";

void WriteNew(const std::string& path, const std::string& content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  const bool ok =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path);
}

}  // namespace

std::string TreeHeadMessage(const TreeHead& head) {
  return "zhicheng-audit-log-tree-head-v1\n" + std::to_string(head.tree_size) + "\n" + head.root_hash + "\n" +
         std::to_string(head.timestamp) + "\n";
}

std::string KeyIdOf(std::string_view public_key_hex) {
  auto pk = BytesFromHex(public_key_hex, crypto_sign_PUBLICKEYBYTES);
  if (!pk) return "";
  return Sha256Hex(*pk).substr(0, 16);
}

bool VerifyTreeHead(const TreeHead& head, std::string_view public_key_hex) {
  auto pk = BytesFromHex(public_key_hex.empty() ? std::string_view(head.public_key) : public_key_hex,
                         crypto_sign_PUBLICKEYBYTES);
  auto sig = BytesFromHex(head.signature, crypto_sign_BYTES);
  if (!pk || !sig) return false;
  const std::string msg = TreeHeadMessage(head);
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                     reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

LogKey LogKey::Generate() {
  LogKey k;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  k.secret_.assign(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_keypair(pk, reinterpret_cast<unsigned char*>(k.secret_.data()));
  k.public_hex_ = HexOf(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk));
  return k;
}

LogKey LogKey::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the log key " + path);
  std::string header, seed_hex;
  std::getline(in, header);
  std::getline(in, seed_hex);
  if (header != kFileHeader) throw std::runtime_error(path + " is not a key written by `zhicheng keygen`");
  auto seed = BytesFromHex(seed_hex, crypto_sign_SEEDBYTES);
  if (!seed)
    throw std::runtime_error(path + ": the key line is not " + std::to_string(2 * crypto_sign_SEEDBYTES) +
                             " hex digits");
  LogKey k;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  k.secret_.assign(crypto_sign_SECRETKEYBYTES, '\0');
  std::string& seed_bytes = *seed;
  crypto_sign_seed_keypair(pk, reinterpret_cast<unsigned char*>(k.secret_.data()),
                           reinterpret_cast<const unsigned char*>(seed_bytes.data()));
  sodium_memzero(seed_bytes.data(), seed_bytes.size());
  k.public_hex_ = HexOf(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk));
  return k;
}

void LogKey::Save(const std::string& path) const {
  unsigned char seed[crypto_sign_SEEDBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, reinterpret_cast<const unsigned char*>(secret_.data()));
  std::string content = std::string(kFileHeader) + "\n" +
                        HexOf(std::string_view(reinterpret_cast<const char*>(seed), sizeof seed)) + "\n";
  sodium_memzero(seed, sizeof seed);
  WriteNew(path, content, 0600);
  sodium_memzero(content.data(), content.size());
  WriteNew(path + ".pub", public_hex_ + "\n", 0644);
}

void LogKey::Sign(TreeHead& head) const {
  head.public_key = public_hex_;
  head.key_id = key_id();
  const std::string msg = TreeHeadMessage(head);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       reinterpret_cast<const unsigned char*>(secret_.data()));
  head.signature = HexOf(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

}  // namespace zc
