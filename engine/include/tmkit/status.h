// Status: the outcome of an engine call, as LevelDB's Status. Errors are values, never exceptions
// across the public API. Thread-safe to copy and read; a Status owns its message.
#ifndef TMKIT_STATUS_H_
#define TMKIT_STATUS_H_

#include <string>
#include <utility>

namespace tmkit {

class Status {
 public:
  // Codes are stable: the CLI maps them to exit codes (docs/cli.md).
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // usage: bad option value, unknown language code
    kInvalidInput,     // bad data in a file: invalid UTF-8, malformed XML, wrong column count
    kNotFound,         // a file, TM or key that does not exist
    kIOError,          // the OS said no: unreadable, unwritable, disk full
    kCorruption,       // a TM whose records or indexes do not agree
    kNotSupported,     // e.g. a TM written by a newer schema
    kBusy,             // another writer holds the TM
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status NotSupported(std::string msg) { return Status(Code::kNotSupported, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid input: file.tmx:12:4: mismatched tag" — one line, for people.
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace tmkit

#endif  // TMKIT_STATUS_H_
