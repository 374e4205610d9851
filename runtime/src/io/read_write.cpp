//===- read_write.cpp - The errors of byte streams ------------------------===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// io::error_category() and the throw helpers of the generic read/write
/// futures (hoist/io/read_write.hpp), out of line so that the templates
/// stay small.
///
//===----------------------------------------------------------------------===//
#include "hoist/io/read_write.hpp"

#include <string>

namespace hoist::io {

namespace {
class IoCategory final : public std::error_category {
public:
  const char *name() const noexcept override { return "hoist.io"; }
  std::string message(int code) const override {
    switch (static_cast<Errc>(code)) {
    case Errc::unexpected_eof:
      return "unexpected end of stream";
    case Errc::write_zero:
      return "writer accepted zero bytes";
    }
    return "unknown hoist.io error";
  }
};
} // namespace

const std::error_category &error_category() noexcept {
  static const IoCategory category;
  return category;
}

namespace detail {
void throw_unexpected_eof(const char *what) {
  throw std::system_error(make_error_code(Errc::unexpected_eof), what);
}
void throw_write_zero(const char *what) {
  throw std::system_error(make_error_code(Errc::write_zero), what);
}
} // namespace detail

} // namespace hoist::io
