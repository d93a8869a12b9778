#include "tools/cli_status.h"

#include <string>

namespace minsense::tools {

void PrintErrorLine(std::ostream& err, std::string_view prefix, std::string_view reason) {
  std::string line(prefix);
  line += ": ";
  for (char c : reason) {
    const auto byte = static_cast<unsigned char>(c);
    line += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  line += '\n';
  err << line << std::flush;
}

}  // namespace minsense::tools
