#include "base/toml_strict.hpp"

#include <sstream>

namespace zc {

StrictTable::StrictTable(StrictTable&& o) noexcept
    : table_(o.table_), path_(std::move(o.path_)), errors_(o.errors_), read_(std::move(o.read_)) {
  o.moved_ = true;
}

StrictTable::~StrictTable() {
  if (moved_) return;
  for (const auto& [key, node] : *table_) {
    if (!read_.contains(key.str())) errors_->Add(Path(key.str()), errc::unknown_field);
  }
}

std::string StrictTable::Path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool StrictTable::Has(std::string_view key) const {
  return table_->contains(key);
}

const toml::node* StrictTable::Get(std::string_view key, bool required) {
  read_.emplace(key);
  const toml::node* n = table_->get(key);
  if (!n && required) errors_->Add(Path(key), errc::required);
  return n;
}

std::optional<std::string> StrictTable::Str(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (auto v = n->value_exact<std::string>()) {
    if (v->empty() && required) {
      errors_->Add(Path(key), errc::required);
      return std::nullopt;
    }
    return *v;
  }
  errors_->Add(Path(key), errc::wrong_type, "expected a string");
  return std::nullopt;
}

std::optional<int64_t> StrictTable::Int(std::string_view key, bool required, int64_t min, int64_t max) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  auto v = n->value_exact<int64_t>();
  if (!v) {
    errors_->Add(Path(key), errc::wrong_type, "expected an integer");
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    errors_->Add(Path(key), errc::out_of_range, std::to_string(min) + ".." + std::to_string(max));
    return std::nullopt;
  }
  return *v;
}

std::optional<bool> StrictTable::Bool(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (auto v = n->value_exact<bool>()) return *v;
  errors_->Add(Path(key), errc::wrong_type, "expected true or false");
  return std::nullopt;
}

std::optional<Date> StrictTable::DateValue(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (auto v = n->value_exact<toml::date>()) {
    if (!IsValidDate(v->year, v->month, v->day)) {
      errors_->Add(Path(key), errc::invalid_date);
      return std::nullopt;
    }
    return Date{v->year, v->month, v->day};
  }
  errors_->Add(Path(key), errc::invalid_date, "expected a date such as 2022-08-31 (no quotes)");
  return std::nullopt;
}

std::optional<std::vector<std::string>> StrictTable::StrList(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  const toml::array* a = n->as_array();
  if (!a) {
    errors_->Add(Path(key), errc::wrong_type, "expected a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    auto v = (*a)[i].value_exact<std::string>();
    if (!v) {
      errors_->Add(Path(key) + "[" + std::to_string(i) + "]", errc::wrong_type, "expected a string");
      continue;
    }
    out.push_back(*v);
  }
  if (out.empty() && required && a->empty()) errors_->Add(Path(key), errc::required);
  return out;
}

std::optional<std::vector<int64_t>> StrictTable::IntList(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  const toml::array* a = n->as_array();
  if (!a) {
    errors_->Add(Path(key), errc::wrong_type, "expected a list of integers");
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < a->size(); ++i) {
    auto v = (*a)[i].value_exact<int64_t>();
    if (!v) {
      errors_->Add(Path(key) + "[" + std::to_string(i) + "]", errc::wrong_type, "expected an integer");
      continue;
    }
    out.push_back(*v);
  }
  if (required && a->empty()) errors_->Add(Path(key), errc::required);
  return out;
}

std::optional<StrictTable> StrictTable::Table(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  const toml::table* t = n->as_table();
  if (!t) {
    errors_->Add(Path(key), errc::wrong_type, "expected a table");
    return std::nullopt;
  }
  return StrictTable(*t, Path(key), *errors_);
}

std::vector<StrictTable> StrictTable::Tables(std::string_view key, bool required) {
  std::vector<StrictTable> out;
  const toml::node* n = Get(key, required);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) {
    errors_->Add(Path(key), errc::wrong_type, "expected a list of tables");
    return out;
  }
  if (a->empty() && required) errors_->Add(Path(key), errc::required);
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string p = Path(key) + "[" + std::to_string(i) + "]";
    if (const toml::table* t = (*a)[i].as_table()) {
      out.emplace_back(*t, p, *errors_);
    } else {
      errors_->Add(p, errc::wrong_type, "expected a table");
    }
  }
  return out;
}

std::optional<toml::table> ParseTomlStrict(std::string_view text, FieldErrors& errors) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    const auto line = e.source().begin.line;
    const auto column = e.source().begin.column;
    // Name the key the offending value belongs to (the last `key =` before the error on its line), so the
    // message points at something a person can find.
    std::string key;
    std::istringstream in{std::string(text)};
    std::string l;
    for (size_t i = 1; std::getline(in, l); ++i) {
      if (i != line) continue;
      const std::string head = l.substr(0, std::min<size_t>(l.size(), column > 0 ? column - 1 : 0));
      auto eq = head.rfind('=');
      if (eq == std::string::npos) eq = l.find('=');
      if (eq != std::string::npos) {
        const auto end = l.find_last_not_of(" \t", eq == 0 ? 0 : eq - 1);
        if (end != std::string::npos && eq > 0) {
          const auto begin = l.find_last_of(" \t{,[", end);
          key = l.substr(begin == std::string::npos ? 0 : begin + 1,
                         end - (begin == std::string::npos ? 0 : begin + 1) + 1);
        }
      }
      break;
    }
    errors.Add(key.empty() ? "line " + std::to_string(line) : key, errc::toml_syntax,
               "line " + std::to_string(line) + ": " + std::string(e.description()));
    return std::nullopt;
  }
}

}  // namespace zc
