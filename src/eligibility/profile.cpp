// Reading a profile from JSON: strict (unknown keys are errors), every problem at once.
#include <boost/json.hpp>
#include <set>

#include "base/limits.hpp"
#include "eligibility/eligibility.hpp"

namespace zc::eligibility {
namespace json = boost::json;

namespace {

// Reads one JSON object field by field and reports unknown keys when done.
class Reader {
 public:
  Reader(const json::object& o, std::string path, FieldErrors& errors)
      : o_(o), path_(std::move(path)), errors_(errors) {}
  ~Reader() {
    if (moved_) return;
    for (const auto& kv : o_) {
      if (!seen_.contains(std::string(kv.key()))) errors_.Add(Path(kv.key()), errc::unknown_field);
    }
  }
  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const json::value* Get(std::string_view key) {
    seen_.emplace(key);
    const json::value* v = o_.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
  }
  std::optional<std::string> Str(std::string_view key, bool required) {
    const json::value* v = Get(key);
    if (!v) {
      if (required) errors_.Add(Path(key), errc::required);
      return std::nullopt;
    }
    if (!v->is_string()) {
      errors_.Add(Path(key), errc::wrong_type, "expected a string");
      return std::nullopt;
    }
    if (v->as_string().empty() && required) {
      errors_.Add(Path(key), errc::required);
      return std::nullopt;
    }
    return std::string(v->as_string());
  }
  std::optional<bool> Bool(std::string_view key) {
    const json::value* v = Get(key);
    if (!v) return std::nullopt;
    if (!v->is_bool()) {
      errors_.Add(Path(key), errc::wrong_type, "expected true or false");
      return std::nullopt;
    }
    return v->as_bool();
  }
  std::optional<int> Int(std::string_view key, bool required, int min, int max) {
    const json::value* v = Get(key);
    if (!v) {
      if (required) errors_.Add(Path(key), errc::required);
      return std::nullopt;
    }
    if (!v->is_int64() && !v->is_uint64()) {
      errors_.Add(Path(key), errc::wrong_type, "expected an integer");
      return std::nullopt;
    }
    const int64_t n =
        v->is_int64() ? v->as_int64() : static_cast<int64_t>(std::min<uint64_t>(v->as_uint64(), INT64_MAX));
    if (n < min || n > max) {
      errors_.Add(Path(key), errc::out_of_range, std::to_string(min) + ".." + std::to_string(max));
      return std::nullopt;
    }
    return static_cast<int>(n);
  }
  std::optional<Date> DateOf(std::string_view key, bool required) {
    auto s = Str(key, required);
    if (!s) return std::nullopt;
    auto d = ParseDate(*s);
    if (!d || d->year < 1900 || d->year > 2100) {
      errors_.Add(Path(key), errc::invalid_date);
      return std::nullopt;
    }
    return d;
  }
  // A code that must be one of `allowed`.
  template <typename F>
  std::optional<std::string> Code(std::string_view key, bool required, F&& allowed, const char* what) {
    auto s = Str(key, required);
    if (s && !allowed(*s)) {
      errors_.Add(Path(key), errc::unknown_code, std::string("not a ") + what + " of the campaign: " + *s);
      return std::nullopt;
    }
    return s;
  }
  std::optional<Reader> Object(std::string_view key) {
    const json::value* v = Get(key);
    if (!v) return std::nullopt;
    if (!v->is_object()) {
      errors_.Add(Path(key), errc::wrong_type, "expected an object");
      return std::nullopt;
    }
    return std::optional<Reader>(std::in_place, v->as_object(), Path(key), errors_);
  }
  // Calls f(Reader&, index) for each object of an array.
  template <typename F>
  void Each(std::string_view key, F&& f) {
    const json::value* v = Get(key);
    if (!v) return;
    if (!v->is_array()) {
      errors_.Add(Path(key), errc::wrong_type, "expected a list");
      return;
    }
    const auto& a = v->as_array();
    if (a.size() > 100) {
      errors_.Add(Path(key), errc::too_long, "at most 100 entries");
      return;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      const std::string p = Path(key) + "[" + std::to_string(i) + "]";
      if (!a[i].is_object()) {
        errors_.Add(p, errc::wrong_type, "expected an object");
        continue;
      }
      Reader r(a[i].as_object(), p, errors_);
      f(r, i);
    }
  }

  Reader(Reader&& o) noexcept
      : o_(o.o_), path_(std::move(o.path_)), errors_(o.errors_), seen_(std::move(o.seen_)) {
    o.moved_ = true;
  }

 private:
  const json::object& o_;
  std::string path_;
  FieldErrors& errors_;
  std::set<std::string, std::less<>> seen_;
  bool moved_ = false;
};

}  // namespace

Result<Profile> ParseProfile(const json::value& v, const campaign::Campaign& c, const std::string& prefix) {
  FieldErrors errors;
  if (!v.is_object()) {
    errors.Add(prefix.empty() ? "profile" : prefix, errc::wrong_type, "expected an object");
    return errors.ToError();
  }
  Profile p;
  {
    Reader r(v.as_object(), prefix, errors);
    p.level = r.Code(
                   "level", true, [&](const std::string& s) { return c.FindLevel(s) != nullptr; }, "level")
                  .value_or("");
    p.specialty =
        r.Str("specialty", true).value_or("");  // an unknown specialty is a reason, not a form error
    CheckLength(errors, r.Path("specialty"), p.specialty);
    if (auto e = r.Object("employment")) {
      p.in_service = e->Bool("in_service").value_or(true);
      p.full_time = e->Bool("full_time").value_or(true);
      p.unit_type = e->Code(
                         "unit_type", false,
                         [](const std::string& s) { return s == "enterprise" || s == "public_institution"; },
                         "unit type")
                        .value_or("enterprise");
      p.retired_on = e->DateOf("retired_on", false);
      if (auto s = e->Object("sanction")) {
        p.sanction_kind = s->Code(
            "kind", true, [&](const std::string& k) { return c.FindSanction(k) != nullptr; }, "sanction");
        p.sanction_until = s->DateOf("until", true);
      }
    }
    r.Each("education", [&](Reader& e, size_t) {
      const bool has_level = e.Get("level") != nullptr;
      const bool has_class = e.Get("technician_school_class") != nullptr;
      EducationItem item;
      if (has_level == has_class) {
        errors.Add(e.Path("level"), errc::one_of_required, "level or technician_school_class");
      } else if (has_level) {
        item.level = e.Code(
                          "level", true, [&](const std::string& s) { return c.FindEducation(s) != nullptr; },
                          "education level")
                         .value_or("");
      } else {
        item.technician_school_class =
            e.Code(
                 "technician_school_class", true,
                 [&](const std::string& s) { return c.FindTechnicianSchoolClass(s) != nullptr; },
                 "technician-school class")
                .value_or("");
      }
      if (auto d = e.DateOf("graduated", true)) item.graduated = *d;
      p.education.push_back(std::move(item));
    });
    r.Each("titles", [&](Reader& t, size_t) {
      TitleItem item;
      item.level =
          t.Code(
               "level", true, [&](const std::string& s) { return c.FindLevel(s) != nullptr; }, "level")
              .value_or("");
      if (auto d = t.DateOf("obtained", true)) item.obtained = *d;
      p.titles.push_back(std::move(item));
    });
    r.Each("skills", [&](Reader& t, size_t) {
      SkillItem item;
      item.grade = t.Code(
                        "grade", true, [&](const std::string& s) { return c.FindSkillGrade(s) != nullptr; },
                        "skill grade")
                       .value_or("");
      if (auto d = t.DateOf("obtained", true)) item.obtained = *d;
      p.skills.push_back(std::move(item));
    });
    p.frontline_skill_post = r.Bool("frontline_skill_post").value_or(false);
    r.Each("awards", [&](Reader& t, size_t) {
      AwardItem item;
      item.code = t.Code(
                       "code", true, [&](const std::string& s) { return c.FindAward(s) != nullptr; }, "award")
                      .value_or("");
      item.rank = t.Int("rank", false, 1, 1000);
      item.obtained = t.DateOf("obtained", false);
      p.awards.push_back(std::move(item));
    });
    std::set<int> ce_years;
    r.Each("continuing_education", [&](Reader& t, size_t) {
      CeYear item;
      auto y = t.Int("year", true, 1990, 2100);
      auto h = t.Int("hours", true, 0, 10000);
      if (y && !ce_years.insert(*y).second) errors.Add(t.Path("year"), errc::duplicate, std::to_string(*y));
      item.year = y.value_or(0);
      item.hours = h.value_or(0);
      p.continuing_education.push_back(item);
    });
    if (auto s = r.Object("social_security")) {
      p.ss_paid_in_city = s->Bool("paid_in_city").value_or(false);
      // The substitutes are the campaign's; any other key is reported as unknown.
      for (const auto& sub : c.social_security.substitutes) {
        if (s->Bool(sub.code).value_or(false)) p.ss_substitutes.insert(sub.code);
      }
    }
    r.Each("integrity_records", [&](Reader& t, size_t) {
      IntegrityRecord item;
      item.kind = t.Str("kind", true).value_or("");
      auto start = t.DateOf("start", true);
      auto end = t.DateOf("end", false);
      if (start) {
        item.start = *start;
        item.end = end ? *end : AddYears(*start, c.integrity.record_years);
        if (end && *end < *start) errors.Add(t.Path("end"), errc::date_order);
      }
      p.integrity_records.push_back(std::move(item));
    });
  }
  if (!errors.empty()) return errors.ToError();
  return p;
}

}  // namespace zc::eligibility
