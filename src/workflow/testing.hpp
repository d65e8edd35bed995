#pragma once
// For tests and benchmarks only: the archive of an engineer applicant who meets the regular path of the
// 2022 campaign (bachelor 2014, 助理工程师 since 2017, social security in the city, 90 h a year 2019–2022).
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "workflow/workflow.hpp"

namespace zc::workflow::testing {

inline std::vector<views::ArchivePutRequestItem> EngineerArchiveItems() {
  namespace json = boost::json;
  std::vector<views::ArchivePutRequestItem> items = {
      {.kind = "education", .data = json::object{{"level", "bachelor"}, {"graduated", "2014-06-30"}}},
      {.kind = "title", .data = json::object{{"level", "assistant_engineer"}, {"obtained", "2017-07-01"}}},
      {.kind = "social_security", .data = json::object{{"paid_in_city", true}}},
  };
  for (int y = 2019; y <= 2022; ++y)
    items.push_back({.kind = "continuing_education", .data = json::object{{"year", y}, {"hours", 90}}});
  return items;
}

// The first save of an archive: these items, naming the unit of this credit code.
inline ArchiveForm FirstArchive(const std::string& unit_credit_code,
                                std::vector<views::ArchivePutRequestItem> items) {
  return {.body = {.version = 0, .unit_credit_code = unit_credit_code, .items = std::move(items)}};
}

}  // namespace zc::workflow::testing
