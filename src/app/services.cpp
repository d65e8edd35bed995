#include "app/services.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

namespace zc::app {

Services::Services(accounts::Env env_in, const std::vector<campaign::Campaign>& campaigns,
                   calendar::CalendarStore& calendars)
    : env(env_in),
      workflow(env, campaigns, calendars),
      review(env, campaigns, calendars, workflow),
      pre_review(env, campaigns, calendars, workflow),
      forms(env, workflow, campaigns) {}

BackgroundThreads::BackgroundThreads(storage::Database& db, workflow::Workflow& workflow, int job_interval_ms,
                                     std::string node) {
  db_ok_ = db.Ping();
  db_monitor_ = std::jthread([this, &db](const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      for (int i = 0; i < 10 && !stop.stop_requested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (!stop.stop_requested()) db_ok_ = db.Ping();
    }
  });
  if (job_interval_ms <= 0) return;
  workflow.PlanReminders();
  jobs_ = std::jthread([&workflow, job_interval_ms, node = std::move(node)](const std::stop_token& stop) {
    const auto tick = std::chrono::milliseconds(std::min(job_interval_ms, 100));
    while (!stop.stop_requested()) {
      for (int waited = 0; waited < job_interval_ms && !stop.stop_requested(); waited += 100)
        std::this_thread::sleep_for(tick);
      if (stop.stop_requested()) break;
      try {
        if (const int n = workflow.RunDueJobs(node); n > 0) spdlog::info("ran {} timed job(s)", n);
      } catch (const std::exception& e) {
        spdlog::error("timed jobs: {}", e.what());  // retried at the next tick; nothing was committed
      }
    }
  });
}

}  // namespace zc::app
