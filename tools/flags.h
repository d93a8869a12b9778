// flags.h: a small, strict parser of `--name value` command-line flags.
//
// Every subcommand declares its flags once; ParseFlags rejects anything else
// with a one-line reason: an unknown flag, a missing or empty value, a flag
// given twice (unless it is repeatable), a value outside the allowed set, or
// a positional argument.
//
//   constexpr std::string_view kFormats[] = {"jsonl", "text", "binary"};
//   constexpr FlagSpec kFlags[] = {
//       {.name = "accel"},
//       {.name = "format", .allowed_values = kFormats},
//   };
//   StatusOr<ParsedFlags> flags = ParseFlags(args, kFlags);
//   if (!flags.ok()) return Fail(flags.status().message());
//   std::string_view format = flags->value_or("format", "jsonl");
#ifndef MINSENSE_TOOLS_FLAGS_H_
#define MINSENSE_TOOLS_FLAGS_H_

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace minsense::tools {

// FlagSpec describes one flag, written `--name VALUE` or `--name=VALUE`.
struct FlagSpec {
  std::string_view name;  // Without the leading "--".
  // allowed_values: the only accepted values; empty accepts any non-empty
  // value.
  std::span<const std::string_view> allowed_values = {};
  // repeatable: the flag may be given more than once; every value is kept.
  bool repeatable = false;
};

// ParsedFlags holds the values of the flags that were given, by name.
class ParsedFlags {
 public:
  // has: whether the flag was given at least once.
  bool has(std::string_view name) const;
  // value_or: the (last) value of the flag, or `fallback` when absent.
  std::string_view value_or(std::string_view name, std::string_view fallback) const;
  // values: every value of the flag in command-line order; empty when absent.
  std::vector<std::string_view> values(std::string_view name) const;

 private:
  friend StatusOr<ParsedFlags> ParseFlags(std::span<const std::string_view> args,
                                          std::span<const FlagSpec> specs);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

// ParseFlags parses `args` (the words after the subcommand) against `specs`.
// Errors are kInvalidArgument with a one-line reason such as
// "unknown flag --fromat" or "--format given twice".
StatusOr<ParsedFlags> ParseFlags(std::span<const std::string_view> args,
                                 std::span<const FlagSpec> specs);

// WantsHelp: whether `args` holds `--help` or `-h`.
bool WantsHelp(std::span<const std::string_view> args);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_FLAGS_H_
