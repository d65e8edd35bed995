#pragma once
// The requests and answers of printed forms and their verification on the wire: the types of the API contract
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

namespace zc::documents::views {

struct FormVerification {
  std::string kind;
  std::string form_name;
  std::string number;
  std::string form_number;
  std::string applicant_name;
  std::string id_number_masked;
  std::string unit_name;
  std::string level_name;
  std::string specialty_name;
  std::string submitted_at;
  int64_t snapshot_version;
  std::string snapshot_sha256;
  bool current;
  int64_t pages;
  std::string printed_at;
};
ZC_CONTRACT(FormVerification,
            (kind, form_name, number, form_number, applicant_name, id_number_masked, unit_name, level_name,
             specialty_name, submitted_at, snapshot_version, snapshot_sha256, current, pages, printed_at))

}  // namespace zc::documents::views
