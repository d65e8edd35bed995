#pragma once
// A lifecycle as data: its states with their attributes and its transitions with the roles that may take
// them. Every module describes its lifecycles in this form (workflow: applications and archives; review:
// meetings, invitations, publicities, objections, certificates, cases; the pre-review publicity); the server
// serves them at GET /api/v1/lifecycles, the web app takes its labels and colours from them, and
// docs/lifecycles.md is generated from them (`zhicheng lifecycles --markdown`; the test command fails on a
// diff).
#include <string>
#include <utility>
#include <vector>

namespace zc {

struct LifecycleState {
  std::string code, zh, en;
  std::string color;   // Element Plus tag type: info | warning | success | danger | primary
  std::string holder;  // who must act next: applicant | unit | county | committee | public | closed | …
  bool final = false;
  // Named attributes that hold in this state (holds_quota, at_committee, …).
  std::vector<std::string> flags;
  // Roles that see a record in this state (besides its owner).
  std::vector<std::string> visible_to;
};

struct LifecycleTransition {
  std::string from, action, to;
  std::string action_zh, action_en;
  std::vector<std::string> roles;  // empty: taken by the system (a timed job, a date, another lifecycle)
  std::string guard;               // what must hold besides role and state ("none" when nothing)
  std::string guard_text = {};     // the same in words, for people
};

struct Lifecycle {
  std::string name, zh, en;
  std::vector<LifecycleState> states;
  std::vector<LifecycleTransition> transitions;
  // For a lifecycle with a work queue: each role's tabs (state codes), in order; the first opens by default.
  std::vector<std::pair<std::string, std::vector<std::string>>> queue_tabs = {};
};

// The lifecycles as a Markdown document: one section each, a table of states and one of transitions.
std::string LifecyclesMarkdown(const std::vector<Lifecycle>& all);
// One lifecycle's tables (states, queue tabs, transitions), without a heading: the generated blocks of
// docs/workflow.md and docs/review.md (`zhicheng lifecycles --markdown --only NAME`).
std::string LifecycleTablesMarkdown(const Lifecycle& l);

}  // namespace zc
