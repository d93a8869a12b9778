#include "tools/flags.h"

#include <algorithm>

namespace minsense::tools {
namespace {

const FlagSpec* FindSpec(std::span<const FlagSpec> specs, std::string_view name) {
  for (const FlagSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// AllowedList renders "a, b or c".
std::string AllowedList(const FlagSpec& spec) {
  std::string out;
  size_t i = 0;
  for (std::string_view allowed : spec.allowed_values) {
    if (i > 0) out += (i + 1 == spec.allowed_values.size()) ? " or " : ", ";
    out += allowed;
    ++i;
  }
  return out;
}

}  // namespace

bool ParsedFlags::has(std::string_view name) const { return values_.find(name) != values_.end(); }

std::string_view ParsedFlags::value_or(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::vector<std::string_view> ParsedFlags::values(std::string_view name) const {
  std::vector<std::string_view> out;
  auto it = values_.find(name);
  if (it != values_.end()) out.assign(it->second.begin(), it->second.end());
  return out;
}

StatusOr<ParsedFlags> ParseFlags(std::span<const std::string_view> args,
                                 std::span<const FlagSpec> specs) {
  ParsedFlags parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!arg.starts_with("--") || arg.size() == 2) {
      return InvalidArgumentError("unexpected argument '" + std::string(arg) + "'");
    }
    std::string_view name = arg.substr(2);
    std::string_view value;
    bool has_inline_value = false;
    if (size_t eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline_value = true;
    }
    const FlagSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) return InvalidArgumentError("unknown flag --" + std::string(name));
    if (!has_inline_value) {
      // A following word that is itself a flag means the value is missing.
      if (i + 1 >= args.size() || args[i + 1].starts_with("--")) {
        return InvalidArgumentError("--" + std::string(name) + " needs a value");
      }
      value = args[++i];
    }
    if (value.empty())
      return InvalidArgumentError("--" + std::string(name) + " has an empty value");
    if (spec->allowed_values.size() > 0 &&
        std::find(spec->allowed_values.begin(), spec->allowed_values.end(), value) ==
            spec->allowed_values.end()) {
      return InvalidArgumentError("--" + std::string(name) + " must be " + AllowedList(*spec) +
                                  ", not '" + std::string(value) + "'");
    }
    auto [it, inserted] = parsed.values_.try_emplace(std::string(name));
    if (!inserted && !spec->repeatable) {
      return InvalidArgumentError("--" + std::string(name) + " given twice");
    }
    it->second.emplace_back(value);
  }
  return parsed;
}

bool WantsHelp(std::span<const std::string_view> args) {
  return std::any_of(args.begin(), args.end(),
                     [](std::string_view arg) { return arg == "--help" || arg == "-h"; });
}

}  // namespace minsense::tools
