// status.h: errors as values.
//
// Every fallible call of minsense returns a Status (or a StatusOr<T>) with the
// most specific code and a one-line message. Messages name the field, file or
// limit that failed and its unit; they never contain sample values or
// coordinates (promise 4 of PRODUCT.md).
//
//   StatusOr<std::unique_ptr<Pipeline>> p = Pipeline::Create(options, policy);
//   if (!p.ok()) { std::cerr << p.status().ToString() << "\n"; return 2; }
#ifndef MINSENSE_PIPELINE_STATUS_H_
#define MINSENSE_PIPELINE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace minsense {

// StatusCode is the kind of failure, after absl::StatusCode.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // A bad option, flag or value from the caller.
  kFailedPrecondition,  // The object is in the wrong state for the call.
  kOutOfRange,          // A value beyond a documented limit.
  kNotFound,            // A file that does not exist.
  kDataLoss,            // An input that is unreadable or malformed.
  kInternal,            // A broken invariant: a bug in minsense.
};

// StatusCodeName returns the stable lower-case name of `code`.
std::string_view StatusCodeName(StatusCode code);

// Status is either OK or a code with a message.
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // ToString returns "invalid_argument: message", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgumentError(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status FailedPreconditionError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status OutOfRangeError(std::string message) {
  return Status(StatusCode::kOutOfRange, std::move(message));
}
inline Status NotFoundError(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status DataLossError(std::string message) {
  return Status(StatusCode::kDataLoss, std::move(message));
}
inline Status InternalError(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

// StatusOr<T> holds either a T or a non-OK Status.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  StatusOr(Status status) : state_(std::move(status)) {  // NOLINT
    if (std::get<Status>(state_).ok()) {
      state_ = Status(StatusCode::kInternal, "StatusOr built from an OK status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  // value() requires ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> state_;
};

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_STATUS_H_
