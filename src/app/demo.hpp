#pragma once
#include "accounts/accounts.hpp"

namespace zc::app {

struct DemoLogin {
  std::string role;
  std::string login;
  std::string description;
};

inline constexpr const char* kDemoPassword = "Demo@2022";

// Loads the named demo dataset (city admin, the nine acceptance points, a committee office, a competent
// department, an expert, units of each kind and applicants). Returns the logins to print. Does nothing and
// returns the same list when the dataset is already there.
std::vector<DemoLogin> LoadDemo(accounts::Env& env);

}  // namespace zc::app
