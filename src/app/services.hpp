#pragma once
// The composition root's parts (main.cpp builds them; http only routes to them): the domain services over
// one database, and the server's background threads — the database health monitor behind GET /health and
// the timed jobs (reminders, publicity ends; docs/operations.md).
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "accounts/accounts.hpp"
#include "calendar/calendar_store.hpp"
#include "campaign/campaign.hpp"
#include "documents/documents.hpp"
#include "http/api.hpp"
#include "review/pre_review.hpp"
#include "review/review.hpp"
#include "workflow/workflow.hpp"

namespace zc::app {

// The services of the workflow and the review, built once; they outlive the Api that routes to them.
struct Services {
  Services(accounts::Env env_in, const std::vector<campaign::Campaign>& campaigns,
           calendar::CalendarStore& calendars);
  http::ApiServices ForApi() { return {&workflow, &review, &pre_review, &forms}; }

  accounts::Env env;  // first: the services keep references to it
  workflow::Workflow workflow;
  review::Review review;
  review::PreReview pre_review;
  documents::Forms forms;
};

// The threads that run beside the request handlers. Declared after the Services they use, so that they stop
// first.
class BackgroundThreads {
 public:
  // Pings the database every second (GET /health reads db_ok() without a query) and, when
  // `job_interval_ms` > 0, claims and runs due timed jobs as node `node`.
  BackgroundThreads(storage::Database& db, workflow::Workflow& workflow, int job_interval_ms,
                    std::string node);
  const std::atomic<bool>& db_ok() const { return db_ok_; }

 private:
  std::atomic<bool> db_ok_{true};
  std::jthread db_monitor_;
  std::jthread jobs_;
};

}  // namespace zc::app
