#include "tools/flags.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

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
    auto [it, inserted] = parsed.values_.try_emplace(std::string(name));
    if (!inserted && !spec->repeatable && spec->kind != FlagKind::kWordList) {
      return InvalidArgumentError("--" + std::string(name) + " given twice");
    }
    if (spec->kind == FlagKind::kSwitch) {
      if (has_inline_value) {
        return InvalidArgumentError("--" + std::string(name) + " takes no value");
      }
      continue;
    }
    std::vector<std::string_view> words;
    if (has_inline_value) {
      words.push_back(value);
    } else {
      // A following word that is itself a flag means the value is missing.
      while (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
        words.push_back(args[++i]);
        if (spec->kind != FlagKind::kWordList) break;
      }
      if (words.empty()) return InvalidArgumentError("--" + std::string(name) + " needs a value");
    }
    for (std::string_view word : words) {
      if (word.empty()) {
        return InvalidArgumentError("--" + std::string(name) + " has an empty value");
      }
      if (spec->allowed_values.size() > 0 &&
          std::find(spec->allowed_values.begin(), spec->allowed_values.end(), word) ==
              spec->allowed_values.end()) {
        return InvalidArgumentError("--" + std::string(name) + " must be " + AllowedList(*spec) +
                                    ", not '" + std::string(word) + "'");
      }
      it->second.emplace_back(word);
    }
  }
  return parsed;
}

StatusOr<int> WholeNumberFlag(const ParsedFlags& flags, std::string_view name, int lo, int hi,
                              int fallback) {
  if (!flags.has(name)) return fallback;
  const std::string_view text = flags.value_or(name, "");
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < lo || value > hi) {
    return InvalidArgumentError("--" + std::string(name) + " needs a whole number from " +
                                std::to_string(lo) + " to " + std::to_string(hi));
  }
  return value;
}

StatusOr<double> NumberFlag(const ParsedFlags& flags, std::string_view name, double lo, double hi,
                            double fallback) {
  if (!flags.has(name)) return fallback;
  const std::string_view text = flags.value_or(name, "");
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value) ||
      value < lo || value > hi) {
    char range[64];
    std::snprintf(range, sizeof(range), " needs a number from %g to %g", lo, hi);
    return InvalidArgumentError("--" + std::string(name) + range);
  }
  return value;
}

bool WantsHelp(std::span<const std::string_view> args) {
  return std::any_of(args.begin(), args.end(),
                     [](std::string_view arg) { return arg == "--help" || arg == "-h"; });
}

}  // namespace minsense::tools
