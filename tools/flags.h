// flags.h: a small, strict parser of `--name value` command-line flags.
//
// Every subcommand declares its flags once; ParseFlags rejects anything else
// with a one-line reason: an unknown flag, a missing or empty value, a flag
// given twice (unless it is repeatable), a value outside the allowed set, a
// value given to a switch, or a positional argument.
//
//   constexpr std::string_view kFormats[] = {"jsonl", "text", "binary"};
//   constexpr FlagSpec kFlags[] = {
//       {.name = "accel"},
//       {.name = "format", .allowed_values = kFormats},
//       {.name = "corpus", .kind = FlagKind::kWordList},  // --corpus A B C
//       {.name = "json", .kind = FlagKind::kSwitch},      // --json
//   };
//   StatusOr<ParsedFlags> flags = ParseFlags(args, kFlags);
//   if (!flags.ok()) return Fail(flags.status().message());
//   std::string_view format = flags->value_or("format", "jsonl");
//   StatusOr<int> threads = WholeNumberFlag(*flags, "threads", 1, 256, 0);
#ifndef MINSENSE_TOOLS_FLAGS_H_
#define MINSENSE_TOOLS_FLAGS_H_

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace minsense::tools {

// FlagKind: how many words a flag takes.
enum class FlagKind {
  kValue,     // `--name VALUE` or `--name=VALUE`.
  kSwitch,    // `--name` alone; has() tells whether it was given.
  kWordList,  // `--name A [B ...]`: every word up to the next flag (or
              // `--name=A`); repeating the flag adds more words.
};

// FlagSpec describes one flag.
struct FlagSpec {
  std::string_view name;  // Without the leading "--".
  FlagKind kind = FlagKind::kValue;
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

// WholeNumberFlag returns the flag's value as a whole number from lo to hi,
// or `fallback` when the flag was not given; kInvalidArgument "--name needs a
// whole number from lo to hi" otherwise.
StatusOr<int> WholeNumberFlag(const ParsedFlags& flags, std::string_view name, int lo, int hi,
                              int fallback);

// NumberFlag: the same for a finite number from lo to hi ("--name needs a
// number from lo to hi").
StatusOr<double> NumberFlag(const ParsedFlags& flags, std::string_view name, double lo, double hi,
                            double fallback);

// WantsHelp: whether `args` holds `--help` or `-h`.
bool WantsHelp(std::span<const std::string_view> args);

}  // namespace minsense::tools

#endif  // MINSENSE_TOOLS_FLAGS_H_
