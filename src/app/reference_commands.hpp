#pragma once
// The commands that work on reference data without a database: `eligibility`, `campaign check` and
// `calendar …`. Exit codes: 0 done, 2 bad input (every problem printed on stderr, naming its field).
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "base/result.hpp"

namespace zc::app {

class ReferenceCommands {
 public:
  explicit ReferenceCommands(CLI::App& cli);
  // The exit code when one of these commands was given, nullopt otherwise.
  std::optional<int> Run();

 private:
  int Eligibility();
  int CampaignCheck();
  int Calendar();
  CLI::App* eligibility_ = nullptr;
  CLI::App* campaign_check_ = nullptr;
  CLI::App* calendar_ = nullptr;
  CLI::App* is_working_day_ = nullptr;
  CLI::App* nth_working_day_ = nullptr;
  CLI::App* between_ = nullptr;
  std::string campaign_file_;
  std::string profile_file_;
  std::string as_of_;
  std::string calendars_dir_ = "data/calendars";
  std::string check_file_;
  std::string date_;
  std::string from_;
  std::string to_;
  int days_ = 0;
};

// Prints "<what>: <code>" and one line per field problem to stderr.
void PrintProblems(const std::string& what, const Error& e);

}  // namespace zc::app
