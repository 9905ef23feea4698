#include "tmkit/status.h"

namespace tmkit {

std::string Status::ToString() const {
  const char* prefix = "";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: prefix = "invalid argument: "; break;
    case Code::kInvalidInput: prefix = "invalid input: "; break;
    case Code::kNotFound: prefix = "not found: "; break;
    case Code::kIOError: prefix = "I/O error: "; break;
    case Code::kCorruption: prefix = "corruption: "; break;
    case Code::kNotSupported: prefix = "not supported: "; break;
    case Code::kBusy: prefix = "busy: "; break;
  }
  return prefix + message_;
}

}  // namespace tmkit
