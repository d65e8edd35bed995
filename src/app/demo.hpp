#pragma once
#include "accounts/accounts.hpp"
#include "workflow/workflow.hpp"

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

// Adds workflow examples to the demo, so that every role has something to look at: archives approved by
// their units and applications with the unit, in publicity, with the acceptance point and with the committee
// office. The clock is moved through the summer of 2022 while it runs (it ends at 2022-08-24 18:00 Shanghai).
// Does nothing when any application exists.
void LoadWorkflowDemo(accounts::Env& env, OffsetClock& clock, workflow::Workflow& wf);

}  // namespace zc::app
