#pragma once
// A lifecycle as data: its states with their attributes and its transitions with the roles that may take
// them. Every module describes its lifecycles in this form (workflow: applications and archives; review:
// meetings, invitations, publicities, objections, certificates, cases; the pre-review publicity); the server
// serves them at GET /api/v1/lifecycles, the web app takes its labels and colours from them, and
// docs/lifecycles.md is generated from them (`zhicheng lifecycles --markdown`; the test command fails on a
// diff).
#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error_codes.hpp"

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
  std::vector<std::string> notify = {};   // who is told (audiences: applicant, unit, reviewers, …)
  std::vector<std::string> effects = {};  // what else the step does besides changing the state
};

struct Lifecycle {
  std::string name, zh, en;
  std::vector<LifecycleState> states;
  std::vector<LifecycleTransition> transitions;
  // For a lifecycle with a work queue: each role's tabs (state codes), in order; the first opens by default.
  std::vector<std::pair<std::string, std::vector<std::string>>> queue_tabs = {};
};

// ---- The typed form ----
// A lifecycle in code: an enum S whose values index `states` (enum order, checked at compile time) and
// one row per transition. The module looks a request up here (`Refuse` gives the error when the state does
// not allow the action), and `Data()` gives the table served at GET /api/v1/lifecycles and printed into the
// docs, so the check and the description cannot disagree. Role, flag and audience lists are space-separated.

template <class S>
struct StateRow {
  S state;
  std::string_view code, zh, en;
  std::string_view color;   // Element Plus tag type: info | warning | success | danger | primary
  std::string_view holder;  // who must act next
  bool final = false;
  std::string_view visible_to;  // roles that see a record in this state (besides its owner)
  // The answer to an action this state does not allow.
  ErrorCode refusal = ErrorCode::transition_not_allowed;
  std::string_view flags = {};
};

template <class S>
struct StepRow {
  std::optional<S> from;  // none: the step creates the record
  std::string_view action;
  S to;
  std::string_view zh, en;
  std::string_view roles;  // empty: the system (a timed job, a date, another lifecycle)
  std::string_view guard = "none";
  std::string_view guard_text = {};
  // Who the step itself tells (storage::NotifyStep sends to exactly these). A step whose effect takes a step
  // of another lifecycle (a meeting's close passes or fails each application) leaves the telling to that
  // step's row.
  std::string_view notify = {};
  std::string_view effects = {};
};

// Splits a space-separated list.
std::vector<std::string> Words(std::string_view s);
// Is `word` one of the space-separated list's words?
constexpr bool HasWord(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    const auto end = list.find(' ');
    if (list.substr(0, end) == word) return true;
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
  return false;
}

template <class S, std::size_t NS, std::size_t NT>
struct TypedLifecycle {
  std::string_view name, zh, en;
  std::array<StateRow<S>, NS> states;
  std::array<StepRow<S>, NT> steps;

  constexpr const StateRow<S>& Info(S s) const { return states[static_cast<std::size_t>(s)]; }
  constexpr std::string_view Code(S s) const { return Info(s).code; }
  constexpr std::optional<S> Parse(std::string_view code) const {
    for (const auto& r : states)
      if (r.code == code) return r.state;
    return std::nullopt;
  }
  // The step taking `action` from `from`; nullptr when the table has none.
  constexpr const StepRow<S>* Find(std::optional<S> from, std::string_view action) const {
    for (const auto& t : steps)
      if (t.from == from && t.action == action) return &t;
    return nullptr;
  }
  // None when the state allows the action; otherwise the state's refusal.
  constexpr std::optional<ErrorCode> Refuse(S from, std::string_view action) const {
    if (Find(from, action)) return std::nullopt;
    return Info(from).refusal;
  }
  // What a person in `role` may do to a record in state `s` by the table: the actions of the steps from `s`
  // whose roles include `role`, in table order, each once. The module then checks each one's guard (a
  // quorum, a vote not yet cast) and reports a blocked one with the guard's reason, as the application
  // view's allowed_actions / unavailable_actions do.
  std::vector<std::string> Allowed(S s, std::string_view role) const {
    std::vector<std::string> out;
    for (const auto& t : steps)
      if (t.from == s && HasWord(t.roles, role) && std::find(out.begin(), out.end(), t.action) == out.end())
        out.emplace_back(t.action);
    return out;
  }
  // The state `action` leads to from `from` (the caller has checked that the step exists).
  constexpr S Next(S from, std::string_view action) const { return Find(from, action)->to; }
  // The code of the state a creating step starts the record in.
  std::string Start(std::string_view action) const {
    return std::string(Code(Find(std::nullopt, action)->to));
  }
  constexpr bool Valid() const {
    for (std::size_t i = 0; i < NS; ++i)
      if (static_cast<std::size_t>(states[i].state) != i || states[i].code.empty()) return false;
    for (const auto& t : steps)
      if (t.action.empty()) return false;
    return true;
  }

  Lifecycle Data() const {
    Lifecycle l{.name = std::string(name),
                .zh = std::string(zh),
                .en = std::string(en),
                .states = {},
                .transitions = {}};
    for (const auto& r : states)
      l.states.push_back({.code = std::string(r.code),
                          .zh = std::string(r.zh),
                          .en = std::string(r.en),
                          .color = std::string(r.color),
                          .holder = std::string(r.holder),
                          .final = r.final,
                          .flags = Words(r.flags),
                          .visible_to = Words(r.visible_to)});
    for (const auto& t : steps)
      l.transitions.push_back({.from = t.from ? std::string(Code(*t.from)) : std::string(),
                               .action = std::string(t.action),
                               .to = std::string(Code(t.to)),
                               .action_zh = std::string(t.zh),
                               .action_en = std::string(t.en),
                               .roles = Words(t.roles),
                               .guard = std::string(t.guard),
                               .guard_text = std::string(t.guard_text),
                               .notify = Words(t.notify),
                               .effects = Words(t.effects)});
    return l;
  }
};

template <class S, std::size_t NS, std::size_t NT>
constexpr TypedLifecycle<S, NS, NT> MakeLifecycle(std::string_view name, std::string_view zh,
                                                  std::string_view en, const StateRow<S> (&states)[NS],
                                                  const StepRow<S> (&steps)[NT]) {
  return {name, zh, en, std::to_array(states), std::to_array(steps)};
}

// The lifecycles as a Markdown document: one section each, a table of states and one of transitions.
std::string LifecyclesMarkdown(const std::vector<Lifecycle>& all);
// One lifecycle's tables (states, queue tabs, transitions), without a heading: the generated blocks of
// docs/workflow.md and docs/review.md (`zhicheng lifecycles --markdown --only NAME`).
std::string LifecycleTablesMarkdown(const Lifecycle& l);

}  // namespace zc
