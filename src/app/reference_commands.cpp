#include "app/reference_commands.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "base/error_codes.hpp"
#include "base/files.hpp"
#include "calendar/calendar.hpp"
#include "campaign/campaign.hpp"
#include "eligibility/eligibility.hpp"

namespace zc::app {
void PrintProblems(const std::string& what, const Error& e) {
  std::fprintf(stderr, "%s: %s%s%s\n", what.c_str(), std::string(Message(e.code, Lang::kZh)).c_str(),
               e.detail.empty() ? "" : " — ", e.detail.c_str());
  for (const auto& f : e.fields) {
    std::fprintf(stderr, "  %s: %s (%s)%s%s\n", f.field.c_str(),
                 std::string(Message(f.code, Lang::kZh)).c_str(), std::string(Name(f.code)).c_str(),
                 f.detail.empty() ? "" : " — ", f.detail.c_str());
  }
}

ReferenceCommands::ReferenceCommands(CLI::App& cli) {
  eligibility_ =
      cli.add_subcommand("eligibility", "Decide a profile's eligibility and print the decision as JSON");
  eligibility_->add_option("--campaign", campaign_file_, "Campaign file (data/campaigns/*.toml)")->required();
  eligibility_->add_option("--as-of", as_of_, "The day of the decision (default: today in Asia/Shanghai)");
  eligibility_->add_option("--calendars", calendars_dir_, "Directory of calendar files");
  eligibility_->add_option("profile", profile_file_, "Profile (JSON, docs/eligibility.md)")->required();

  auto* campaign = cli.add_subcommand("campaign", "Campaign files");
  campaign_check_ = campaign->add_subcommand("check", "Validate a campaign file and list every problem");
  campaign_check_->add_option("file", check_file_, "Campaign file")->required();

  calendar_ = cli.add_subcommand("calendar", "The working-day calendar (data/calendars)");
  calendar_->add_option("--calendars", calendars_dir_, "Directory of calendar files");
  is_working_day_ = calendar_->add_subcommand("is-working-day", "Whether a date is a working day");
  is_working_day_->add_option("date", date_, "YYYY-MM-DD")->required();
  nth_working_day_ = calendar_->add_subcommand("nth-working-day", "The day a period of N working days ends");
  nth_working_day_->add_option("--from", from_, "First day (counts when it is a working day)")->required();
  nth_working_day_->add_option("--days", days_, "N")->required()->check(CLI::Range(1, 3660));
  between_ = calendar_->add_subcommand("working-days-between",
                                       "Working days from one date to another, both included");
  between_->add_option("--from", from_, "YYYY-MM-DD")->required();
  between_->add_option("--to", to_, "YYYY-MM-DD")->required();
  calendar_->require_subcommand(1);
  // `--calendars` may also follow the inner command.
  for (auto* sub : {is_working_day_, nth_working_day_, between_}) sub->fallthrough();
}

std::optional<int> ReferenceCommands::Run() {
  if (eligibility_->parsed()) return Eligibility();
  if (campaign_check_->parsed()) return CampaignCheck();
  if (calendar_->parsed()) return Calendar();
  return std::nullopt;
}

int ReferenceCommands::CampaignCheck() {
  auto c = campaign::LoadCampaignFile(check_file_);
  if (!c.ok()) {
    PrintProblems(check_file_, c.error());
    return 2;
  }
  std::printf("ok: %s (%s)\n", c->id.c_str(), c->name.c_str());
  return 0;
}

int ReferenceCommands::Eligibility() {
  auto c = campaign::LoadCampaignFile(campaign_file_);
  if (!c.ok()) {
    PrintProblems(campaign_file_, c.error());
    return 2;
  }
  auto years = calendar::LoadYearDir(calendars_dir_);
  if (!years.ok()) {
    PrintProblems(calendars_dir_, years.error());
    return 2;
  }
  const calendar::Calendar cal(*years);
  Date as_of = ShanghaiDate(std::chrono::system_clock::now());
  if (!as_of_.empty()) {
    auto d = ParseDate(as_of_);
    if (!d) {
      std::fprintf(stderr, "--as-of: %s\n", std::string(Message(errc::invalid_date, Lang::kZh)).c_str());
      return 2;
    }
    as_of = *d;
  }
  auto text = ReadTextFile(profile_file_);
  if (!text) {
    std::fprintf(stderr, "%s: cannot read the file\n", profile_file_.c_str());
    return 2;
  }
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(*text, ec);
  if (ec) {
    std::fprintf(stderr, "%s: %s (%s)\n", profile_file_.c_str(), "不是有效的 JSON", ec.message().c_str());
    return 2;
  }
  auto p = eligibility::ParseProfile(v, *c);
  if (!p.ok()) {
    PrintProblems(profile_file_, p.error());
    return 2;
  }
  const auto d = eligibility::Evaluate(*p, *c, cal, {}, as_of);
  std::printf("%s\n", boost::json::serialize(eligibility::ToJson(d)).c_str());
  return 0;
}

int ReferenceCommands::Calendar() {
  auto years = calendar::LoadYearDir(calendars_dir_);
  if (!years.ok()) {
    PrintProblems(calendars_dir_, years.error());
    return 2;
  }
  const calendar::Calendar cal(*years);
  auto date = [](const std::string& s, const char* name) {
    auto d = ParseDate(s);
    if (!d)
      std::fprintf(stderr, "%s: %s\n", name, std::string(Message(errc::invalid_date, Lang::kZh)).c_str());
    return d;
  };
  auto missing = [](const Error& e) {
    std::fprintf(stderr, "%s: %s\n", std::string(Message(e.code, Lang::kZh)).c_str(), e.detail.c_str());
    return 2;
  };
  if (is_working_day_->parsed()) {
    auto d = date(date_, "date");
    if (!d) return 2;
    auto kind = cal.KindOf(*d);
    if (!kind) return missing(MakeError(errc::calendar_year_missing, std::to_string(d->year)));
    const std::string* name = cal.HolidayName(*d);
    switch (*kind) {
      case calendar::DayKind::kWorkday:
        std::printf("%s working day\n", date_.c_str());
        break;
      case calendar::DayKind::kMakeupWorkday:
        std::printf("%s working day (make-up working day %s)\n", date_.c_str(), name ? name->c_str() : "");
        break;
      case calendar::DayKind::kHoliday:
        std::printf("%s rest day (holiday %s)\n", date_.c_str(), name ? name->c_str() : "");
        break;
      case calendar::DayKind::kWeekend:
        std::printf("%s rest day (weekend)\n", date_.c_str());
        break;
    }
    return 0;
  }
  if (nth_working_day_->parsed()) {
    auto from = date(from_, "--from");
    if (!from) return 2;
    auto end = cal.NthWorkingDay(*from, days_);
    if (!end.ok()) return missing(end.error());
    std::printf("%s\n", FormatDate(*end).c_str());
    return 0;
  }
  auto from = date(from_, "--from");
  auto to = date(to_, "--to");
  if (!from || !to) return 2;
  auto n = cal.WorkingDaysBetween(*from, *to);
  if (!n.ok()) return missing(n.error());
  std::printf("%d\n", *n);
  return 0;
}

}  // namespace zc::app
