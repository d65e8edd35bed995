#include "app/audit_commands.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/log_key.hpp"
#include "base/time.hpp"
#include "storage/audit.hpp"
#include "storage/database.hpp"

namespace zc::app {
namespace {

namespace json = boost::json;

std::string ReadAll(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// A saved head: the JSON of GET /api/v1/public/log-head (a file, or '-'), or "SIZE:ROOT" as printed on
// the sealed minutes. nullopt with `problem` set when it is neither.
std::optional<TreeHead> ParseHead(const std::string& arg, std::string& problem) {
  const auto colon = arg.find(':');
  if (colon != std::string::npos && arg.find('{') == std::string::npos && arg.size() - colon - 1 == 64 &&
      arg.find_first_not_of("0123456789") == colon) {
    TreeHead h;
    h.tree_size = std::stoull(arg.substr(0, colon));
    h.root_hash = arg.substr(colon + 1);
    return h;
  }
  const std::string text = ReadAll(arg);
  if (text.empty()) {
    problem = "cannot read " + arg + " (a saved GET /api/v1/public/log-head, or SIZE:ROOT)";
    return std::nullopt;
  }
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    problem = arg + " is not the JSON of GET /api/v1/public/log-head";
    return std::nullopt;
  }
  const auto& o = v.as_object();
  auto str = [&](const char* k) {
    const auto* f = o.if_contains(k);
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  const auto* size = o.if_contains("tree_size");
  const auto* at = o.if_contains("timestamp");
  if (!size || !size->is_int64() || size->as_int64() < 0 || str("root_hash").size() != 64) {
    problem = arg + " has no tree_size and root_hash";
    return std::nullopt;
  }
  TreeHead h;
  h.tree_size = static_cast<uint64_t>(size->as_int64());
  h.root_hash = str("root_hash");
  h.timestamp = at && at->is_int64() ? at->as_int64() : 0;
  h.key_id = str("key_id");
  h.public_key = str("public_key");
  h.signature = str("signature");
  return h;
}

// --public-key: 64 hex digits, or a file holding them (keygen's FILE.pub), or the key file itself.
std::optional<std::string> PublicKeyOf(const std::string& arg, std::string& problem) {
  if (arg.size() == 64 && arg.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) return arg;
  try {
    return LogKey::Load(arg).public_key_hex();
  } catch (const std::exception&) {
  }
  const std::string text = Trim(ReadAll(arg));
  if (text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos) return text;
  problem = "--public-key " + arg + " is neither 64 hex digits nor a key file written by `zhicheng keygen`";
  return std::nullopt;
}

}  // namespace

AuditCommands::AuditCommands(CLI::App& cli, std::string& db_url) : db_url_(db_url) {
  keygen_ = cli.add_subcommand(
      "keygen",
      "Make the Ed25519 key that signs the audit log's tree heads (serve --log-key); keep it outside the "
      "database, its backups and the upload directory");
  keygen_->add_option("--out", out_, "New file for the key (mode 0600); FILE.pub gets the public key")
      ->required();
  verify_ = cli.add_subcommand("verify-audit",
                               "Check the audit log's hash chain and Merkle tree; with --against, that the "
                               "log only grew since a saved tree head");
  verify_->add_option("--db", db_url_, "Database URL");
  verify_->add_option("--against", against_,
                      "A tree head saved earlier: the JSON of GET /api/v1/public/log-head (a file, or '-'), "
                      "or SIZE:ROOT as printed on the sealed minutes");
  verify_->add_option("--public-key", public_key_,
                      "The log's public key (64 hex digits, keygen's FILE.pub, or the key file) that the "
                      "saved head must be signed with; default: the key the head names");
}

std::optional<int> AuditCommands::Run() {
  if (keygen_->parsed()) return Keygen();
  if (verify_->parsed()) return Verify();
  return std::nullopt;
}

int AuditCommands::Keygen() {
  try {
    const LogKey key = LogKey::Generate();
    key.Save(out_);
    std::printf("log key written to %s (keep it secret, outside the database and its backups)\n",
                out_.c_str());
    std::printf("public key %s\nkey id %s\n", key.public_key_hex().c_str(), key.key_id().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keygen: %s\n", e.what());
    return 1;
  }
}

int AuditCommands::Verify() {
  auto db = storage::Database::Open(db_url_, 1);
  if (against_.empty()) {
    const auto v = storage::VerifyAudit(*db);
    if (!v.ok) {
      std::printf("audit log broken at row %lld: %s\n", static_cast<long long>(v.first_bad_id),
                  v.problem.c_str());
      return 2;
    }
    std::printf("audit log intact: %lld rows\nMerkle tree: %llu entries, root %s\n",
                static_cast<long long>(v.rows), static_cast<unsigned long long>(v.tree.size),
                v.tree.root_hash.c_str());
    std::printf(
        "(the chain alone cannot show that nobody rewrote the whole log: check it --against a "
        "tree head saved earlier)\n");
    return 0;
  }
  std::string problem;
  const auto head = ParseHead(against_, problem);
  if (!head) {
    std::fprintf(stderr, "verify-audit: %s\n", problem.c_str());
    return 1;
  }
  std::string signer;
  if (!head->signature.empty()) {
    std::string key = head->public_key;
    if (!public_key_.empty()) {
      auto k = PublicKeyOf(public_key_, problem);
      if (!k) {
        std::fprintf(stderr, "verify-audit: %s\n", problem.c_str());
        return 1;
      }
      key = *k;
    }
    if (!VerifyTreeHead(*head, key)) {
      std::printf(
          "the saved head's signature does NOT verify under key %s: it is not a head this log "
          "published\n",
          KeyIdOf(key).c_str());
      return 2;
    }
    signer = "signed by key " + KeyIdOf(key) + (public_key_.empty() ? " (the key the head names)" : "") +
             " at " + FormatShanghai(FromUnixSeconds(head->timestamp));
  } else if (!public_key_.empty()) {
    std::printf("the saved head is not signed, but --public-key asks for a signature\n");
    return 2;
  } else {
    signer = "unsigned";
  }
  const auto c = storage::CheckAuditAgainst(*db, head->tree_size, head->root_hash);
  if (!c.ok) {
    std::printf("audit log NOT consistent with the saved head (%llu entries, root %s, %s): %s\n",
                static_cast<unsigned long long>(head->tree_size), head->root_hash.c_str(), signer.c_str(),
                c.problem.c_str());
    return 2;
  }
  std::printf("audit log consistent with the saved head (%llu entries, root %s, %s)\n",
              static_cast<unsigned long long>(head->tree_size), head->root_hash.c_str(), signer.c_str());
  std::printf(
      "the log only grew: %llu -> %llu entries, root now %s; consistency proof of %zu hashes "
      "verified\n",
      static_cast<unsigned long long>(head->tree_size), static_cast<unsigned long long>(c.now.size),
      c.now.root_hash.c_str(), c.proof.size());
  return 0;
}

}  // namespace zc::app
