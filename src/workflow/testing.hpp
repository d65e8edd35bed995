#pragma once
// For tests and benchmarks only: the archive of an engineer applicant who meets the regular path of the
// 2022 campaign (bachelor 2014, 助理工程师 since 2017, social security in the city, 90 h a year 2019–2022).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace zc::workflow::testing {

inline boost::json::array EngineerArchiveItems() {
  namespace json = boost::json;
  json::array items = {
      json::object{{"kind", "education"}, {"data", {{"level", "bachelor"}, {"graduated", "2014-06-30"}}}},
      json::object{{"kind", "title"},
                   {"data", {{"level", "assistant_engineer"}, {"obtained", "2017-07-01"}}}},
      json::object{{"kind", "social_security"}, {"data", {{"paid_in_city", true}}}},
  };
  for (int y = 2019; y <= 2022; ++y)
    items.push_back(json::object{{"kind", "continuing_education"}, {"data", {{"year", y}, {"hours", 90}}}});
  return items;
}

}  // namespace zc::workflow::testing
