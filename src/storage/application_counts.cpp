#include "storage/application_counts.hpp"

#include <tuple>
#include <utility>

namespace zc::storage {

void CountApplication(Session& s, const ApplicationKey& key, int delta) {
  if (delta != 0) s.pending_counts().delta[key] += delta;
}

void FlushApplicationCounts(Session& s) {
  PendingCounts& pending = s.pending_counts();
  if (pending.delta.empty()) return;
  // Fold into the two tables' keys; std::map keeps them in the one global order.
  using RegionKey = std::tuple<std::string, int, long long, std::string, std::string, std::string>;
  using UnitKey = std::tuple<long long, std::string, int, long long, std::string>;
  std::map<RegionKey, long long> regional;
  std::map<UnitKey, long long> per_unit;
  for (const auto& [k, d] : pending.delta) {
    const int cl = k.city_level ? 1 : 0;
    const auto dept = static_cast<long long>(k.department_id);
    regional[{k.region_code, cl, dept, k.state, k.level, k.specialty}] += d;
    per_unit[{static_cast<long long>(k.unit_id), k.region_code, cl, dept, k.state}] += d;
    per_unit[{static_cast<long long>(k.unit_id), k.region_code, cl, dept, "*"}] += d;
  }
  pending.delta.clear();
  for (auto& [k, d] : regional) {
    if (d == 0) continue;
    auto [region, cl, dept, state, level, specialty] = k;
    s.sql() << "INSERT INTO application_counts (region_code, city_level, department_id, state, level, "
               "specialty, n) VALUES (:r, :cl, :d, :st, :l, :sp, :n) ON CONFLICT (region_code, city_level, "
               "department_id, state, level, specialty) DO UPDATE SET n = application_counts.n + excluded.n",
        soci::use(region, "r"), soci::use(cl, "cl"), soci::use(dept, "d"), soci::use(state, "st"),
        soci::use(level, "l"), soci::use(specialty, "sp"), soci::use(d, "n");
  }
  for (auto& [k, d] : per_unit) {
    if (d == 0) continue;
    auto [unit, region, cl, dept, state] = k;
    s.sql() << "INSERT INTO application_unit_counts (unit_id, region_code, city_level, department_id, state, "
               "n) VALUES (:u, :r, :cl, :d, :st, :n) ON CONFLICT (unit_id, region_code, city_level, "
               "department_id, state) DO UPDATE SET n = application_unit_counts.n + excluded.n",
        soci::use(unit, "u"), soci::use(region, "r"), soci::use(cl, "cl"), soci::use(dept, "d"),
        soci::use(state, "st"), soci::use(d, "n");
  }
}

void RebuildApplicationCounts(Session& s) {
  s.pending_counts().delta.clear();
  s.sql() << "DELETE FROM application_counts";
  s.sql() << "DELETE FROM application_unit_counts";
  s.sql()
      << "INSERT INTO application_counts (region_code, city_level, department_id, state, level, specialty, "
         "n) SELECT region_code, city_level, COALESCE(department_id, 0), state, level, specialty, COUNT(*) "
         "FROM applications GROUP BY region_code, city_level, COALESCE(department_id, 0), state, level, "
         "specialty";
  s.sql()
      << "INSERT INTO application_unit_counts (unit_id, region_code, city_level, department_id, state, n) "
         "SELECT unit_id, region_code, city_level, COALESCE(department_id, 0), state, COUNT(*) FROM "
         "applications GROUP BY unit_id, region_code, city_level, COALESCE(department_id, 0), state";
  s.sql()
      << "INSERT INTO application_unit_counts (unit_id, region_code, city_level, department_id, state, n) "
         "SELECT unit_id, region_code, city_level, COALESCE(department_id, 0), '*', COUNT(*) FROM "
         "applications GROUP BY unit_id, region_code, city_level, COALESCE(department_id, 0)";
}

std::vector<std::string> CountMismatches(Session& s) {
  std::vector<std::string> out;
  // Counter rows at 0 and missing rows are the same; compare the non-zero sides both ways.
  auto compare = [&](const std::string& table, const std::string& key, const std::string& key_raw) {
    std::string counted = "SELECT " + key_raw + ", COUNT(*) AS n FROM applications GROUP BY " + key_raw;
    if (key_raw.ends_with(", state")) {  // and the per-unit '*' rows
      const std::string all_states = key_raw.substr(0, key_raw.size() - 7);
      counted +=
          " UNION ALL SELECT " + all_states + ", '*', COUNT(*) AS n FROM applications GROUP BY " + all_states;
    }
    const std::string stored = "SELECT " + key + ", n FROM " + table + " WHERE n <> 0";
    std::map<std::string, std::pair<long long, long long>> both;  // key → {counter, recount}
    auto collect = [&](const std::string& sql, bool counter) {
      soci::rowset<soci::row> rows = (s.sql().prepare << sql);
      for (const soci::row& r : rows) {
        std::string k;
        for (size_t i = 0; i + 1 < r.size(); ++i) {
          const auto& props = r.get_properties(i);
          const bool text = props.get_data_type() == soci::dt_string;
          if (i != 0) k += '/';
          k += text ? Str(r, props.get_name()) : std::to_string(Int(r, props.get_name()));
        }
        auto& slot = both[k];
        (counter ? slot.first : slot.second) = Int(r, "n");
      }
    };
    collect(stored, true);
    collect(counted, false);
    for (const auto& [k, v] : both) {
      if (v.first == v.second) continue;
      std::string line = table;
      line.append(" ").append(k).append(": counter ").append(std::to_string(v.first));
      line.append(", applications ").append(std::to_string(v.second));
      out.push_back(std::move(line));
    }
  };
  compare("application_counts", "region_code, city_level, department_id, state, level, specialty",
          "region_code, city_level, COALESCE(department_id, 0), state, level, specialty");
  compare("application_unit_counts", "unit_id, region_code, city_level, department_id, state",
          "unit_id, region_code, city_level, COALESCE(department_id, 0), state");
  return out;
}

}  // namespace zc::storage
