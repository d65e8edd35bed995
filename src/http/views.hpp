#pragma once
// The requests and answers of the platform itself on the wire: the types of the API contract
// (base/contract.hpp, docs/api.md). The route table names them for each operation (http/contract.cpp);
// /api/v1/openapi.json and the web app's TypeScript types are generated from them, and the black-box tests
// check every answer and every accepted body against them. A member the server sends and this file lacks
// fails those tests.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/contract.hpp"

namespace zc::http::views {

struct Health {
  std::string status;
  std::string version;
  std::string database;
};
ZC_CONTRACT(Health, (status, version, database))

// The audit log's signed tree head (docs/security.md "The audit log"): the Merkle tree's size and root,
// signed with Ed25519 over "zhicheng-audit-log-tree-head-v1\n" tree_size "\n" root_hash "\n" timestamp "\n".
// Save one and later run `zhicheng verify-audit --against FILE` to prove the log only grew since.
struct LogHead {
  int64_t tree_size;
  std::string root_hash;
  int64_t timestamp;
  std::string signed_at;
  std::string algorithm;
  contract::Nullable<std::string> key_id;
  contract::Nullable<std::string> public_key;
  contract::Nullable<std::string> signature;  // null: this server has no log key (not a production server)
};
ZC_CONTRACT(LogHead, (tree_size, root_hash, timestamp, signed_at, algorithm, key_id, public_key, signature))

struct OpenApiInfo {
  std::string title;
  std::string version;
};
ZC_CONTRACT(OpenApiInfo, (title, version))

struct OpenApiDocument {
  std::string openapi;
  OpenApiInfo info;
  boost::json::object paths;
  boost::json::object components;
};
ZC_CONTRACT(OpenApiDocument, (openapi, info, paths, components))

// GET and PUT /api/v1/testing/clock (serve --test-clock only).
struct TestClock {
  std::string now;
};
ZC_CONTRACT(TestClock, (now))

}  // namespace zc::http::views
