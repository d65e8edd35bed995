#pragma once
// The audit log's commands: `keygen` makes the key that signs tree heads, `verify-audit` checks the log's
// chain and Merkle tree and, with --against, that the log only grew since a head saved earlier
// (docs/security.md "The audit log"). Exit codes: 0 verified, 1 bad input, 2 the log does not verify.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace zc::app {

class AuditCommands {
 public:
  // `db_url` is the shared --db option's variable, read when Run() runs.
  AuditCommands(CLI::App& cli, std::string& db_url);
  std::optional<int> Run();

 private:
  int Keygen();
  int Verify();
  std::string& db_url_;
  CLI::App* keygen_ = nullptr;
  CLI::App* verify_ = nullptr;
  std::string out_;
  std::string against_;
  std::string public_key_;
};

}  // namespace zc::app
