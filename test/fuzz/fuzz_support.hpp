// Support for the programs the differential tester generates (gen.py):
// leaf futures that are pending a given number of times, objects that log
// their lifetime, and the helpers main() uses to run and to cancel futures.
//
// Everything here is plain C++17, so the same header serves the lowered
// program (C++17) and the reference backend (the unlowered source as C++20).
// Output goes to stdout, line-buffered, so that a run that aborts still
// shows how far it got.
#ifndef HOIST_FUZZ_SUPPORT_HPP
#define HOIST_FUZZ_SUPPORT_HPP

#include <hoist/hoist.hpp>

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace fz {

/// Line-buffered stdout; called first thing in main() (and again by each
/// seed of a batch: only the first call does something).
inline void init() {
  static bool done = false;
  if (!done)
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
  done = true;
}

/// Logs a marker.
inline void log(const char *tag) { std::printf("%s\n", tag); }

/// Logs a tag and the name of the function it is written in: FZ_WHERE
/// spells __func__ in a macro's body, as logging macros do.
inline void where(const char *tag, const char *fn) { std::printf("%s %s\n", tag, fn); }
#define FZ_WHERE(tag) ::fz::where(tag, __func__)

/// Logs a tag and a value, returns the value: makes an evaluation visible.
inline int lg(const char *tag, int v) {
  std::printf("%s %d\n", tag, v);
  return v;
}

/// A pure function of two ints, kept small (no overflow).
inline int mix(int a, int b) { return ((a & 1023) * 3 + (b & 1023)) & 1023; }
/// A pure function of three ints, kept small.
inline int mix3(int a, int b, int c) { return mix(mix(a, b), c); }

/// The exception type the programs throw (they throw ints too).
struct Err {
  int code;
};

/// Logs construction, copies and destruction by name. A moved-from object
/// is silent (its name is empty), so a move the backends make in different
/// places does not show.
struct Obj {
  std::string name;
  int v;
  Obj(const char *n, int value) : name(n), v(value) {
    std::printf("+%s %d\n", name.c_str(), v);
  }
  Obj(const Obj &o) : name(o.name + "'"), v(o.v) {
    std::printf("+%s %d\n", name.c_str(), v);
  }
  Obj(Obj &&o) noexcept : name(std::move(o.name)), v(o.v) { o.name.clear(); }
  Obj &operator=(const Obj &) = delete;
  Obj &operator=(Obj &&) = delete;
  ~Obj() {
    if (!name.empty())
      std::printf("-%s %d\n", name.c_str(), v);
  }
  /// Reads the value, and logs the read.
  int get() const {
    std::printf("get %s %d\n", name.c_str(), v);
    return v;
  }
};

/// A user aggregate (no constructors): the result of an async function,
/// and something to bind structured bindings to.
struct Agg {
  int a;
  std::string s;
  std::vector<int> v;
};

/// A plain pair of ints (structured bindings of a user struct).
struct Pt {
  int x;
  int y;
};

/// A tuple-like class whose get<I>() returns values computed on each call
/// (a view): each structured binding of it holds a tuple_element_t<I, Rec>,
/// the first one const.
class Rec {
public:
  Rec(int v, std::string name) : v_(v), name_(std::move(name)) {}
  template <std::size_t I> auto get() const {
    if constexpr (I == 0)
      return name_ + "#" + std::to_string(v_);
    else
      return (v_ * 3) & 1023;
  }

private:
  int v_;
  std::string name_;
};

} // namespace fz

template <> struct std::tuple_size<fz::Rec> : std::integral_constant<std::size_t, 2> {};
template <> struct std::tuple_element<0, fz::Rec> { using type = const std::string; };
template <> struct std::tuple_element<1, fz::Rec> { using type = int; };

namespace fz {

/// A user class with constructors: logs its construction, copies and
/// destruction like Obj (a moved-from Cls is silent).
class Cls {
public:
  Cls(std::string name, int v) : name_(std::move(name)), v_(v) {
    std::printf("+%s %d\n", name_.c_str(), v_);
  }
  Cls(const Cls &o) : name_(o.name_ + "'"), v_(o.v_) {
    std::printf("+%s %d\n", name_.c_str(), v_);
  }
  Cls(Cls &&o) noexcept : name_(std::move(o.name_)), v_(o.v_) { o.name_.clear(); }
  Cls &operator=(const Cls &) = delete;
  Cls &operator=(Cls &&) = delete;
  ~Cls() {
    if (!name_.empty())
      std::printf("-%s %d\n", name_.c_str(), v_);
  }
  int value() const { return v_; }
  const std::string &name() const { return name_; }
  void bump(int d) { v_ = (v_ + d) & 1023; }

private:
  std::string name_;
  int v_;
};

/// Overloads on const and non-const pointers and references: a backend
/// that loses a `const` (of a pointer or reference held across an await)
/// prints "m" where the reference prints "c".
inline void which(const char *tag, const char *) { std::printf("%s c\n", tag); }
inline void which(const char *tag, char *) { std::printf("%s m\n", tag); }
inline void which(const char *tag, const int *) { std::printf("%s c\n", tag); }
inline void which(const char *tag, int *) { std::printf("%s m\n", tag); }
inline void which(const char *tag, const int &) { std::printf("%s c\n", tag); }
inline void which(const char *tag, int &) { std::printf("%s m\n", tag); }
inline void which(const char *tag, const Obj *) { std::printf("%s c\n", tag); }
inline void which(const char *tag, Obj *) { std::printf("%s m\n", tag); }
inline void which(const char *tag, const Obj &) { std::printf("%s c\n", tag); }
inline void which(const char *tag, Obj &) { std::printf("%s m\n", tag); }
inline void which(const char *tag, const std::string &) { std::printf("%s c\n", tag); }
inline void which(const char *tag, std::string &) { std::printf("%s m\n", tag); }

/// A printable form of the values the programs hold (the results of the
/// async functions of class type, combinator outputs): declared first, so
/// that the templates see each other.
inline std::string str(int v);
inline std::string str(long v);
inline std::string str(const char *s);
inline std::string str(const std::string &s);
inline std::string str(std::monostate);
inline std::string str(const Obj &o);
inline std::string str(const Cls &c);
inline std::string str(const Agg &a);
inline std::string str(const Pt &p);
template <class T> std::string str(const std::unique_ptr<T> &p);
template <class T> std::string str(const std::vector<T> &v);
template <class T> std::string str(const std::optional<T> &o);
template <class... T> std::string str(const std::variant<T...> &v);
template <class K, class V> std::string str(const std::map<K, V> &m);
template <class A, class B> std::string str(const std::pair<A, B> &p);
template <class... T> std::string str(const std::tuple<T...> &t);

inline std::string str(int v) { return std::to_string(v); }
inline std::string str(long v) { return std::to_string(v) + "L"; }
inline std::string str(const char *s) { return s ? "\"" + std::string(s) + "\"" : "null"; }
inline std::string str(const std::string &s) { return "\"" + s + "\""; }
inline std::string str(std::monostate) { return "()"; }
inline std::string str(const Obj &o) { return "Obj(" + o.name + " " + str(o.v) + ")"; }
inline std::string str(const Cls &c) {
  return "Cls(" + c.name() + " " + str(c.value()) + ")";
}
inline std::string str(const Agg &a) {
  return "Agg{" + str(a.a) + " " + str(a.s) + " " + str(a.v) + "}";
}
inline std::string str(const Pt &p) { return "Pt{" + str(p.x) + " " + str(p.y) + "}"; }
template <class T> std::string str(const std::unique_ptr<T> &p) {
  return p ? "&" + str(*p) : std::string("null");
}
template <class T> std::string str(const std::vector<T> &v) {
  std::string out = "[";
  for (const auto &e : v)
    out += (out.size() > 1 ? " " : "") + str(e);
  return out + "]";
}
template <class T> std::string str(const std::optional<T> &o) {
  return o ? "some " + str(*o) : std::string("none");
}
template <class... T> std::string str(const std::variant<T...> &v) {
  return "#" + std::to_string(v.index()) + " " +
         std::visit([](const auto &x) { return str(x); }, v);
}
template <class K, class V> std::string str(const std::map<K, V> &m) {
  std::string out = "{";
  for (const auto &kv : m)
    out += (out.size() > 1 ? " " : "") + str(kv.first) + ":" + str(kv.second);
  return out + "}";
}
template <class A, class B> std::string str(const std::pair<A, B> &p) {
  return "(" + str(p.first) + ", " + str(p.second) + ")";
}
template <class... T> std::string str(const std::tuple<T...> &t) {
  std::string out = "(";
  std::apply([&](const auto &...x) { ((out += (out.size() > 1 ? ", " : "") + str(x)), ...); },
             t);
  return out + ")";
}

/// Logs a tag and a value of any of the types str() knows.
template <class T> void show(const char *tag, const T &v) {
  std::printf("%s %s\n", tag, str(v).c_str());
}

/// Takes an object (a temporary, usually) and returns its value: the
/// object lives to the end of the caller's full-expression.
inline int touch(const Obj &o) { return o.v; }

/// A leaf future: pending `times` times (waking itself each time), then
/// ready with `value`. Logs each poll, tagged with its await site.
struct Leaf {
  using Output = int;
  int id;
  int times;
  int value;
  hoist::Poll<int> poll(hoist::Context &cx) {
    if (times > 0) {
      --times;
      std::printf("L%d pending\n", id);
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    std::printf("L%d ready %d\n", id, value);
    return hoist::ready(value);
  }
};
inline Leaf leaf(int id, int times, int value) { return Leaf{id, times, value}; }

/// A leaf future that does not log: for the operands of operators whose
/// evaluation order C++ leaves unspecified (`co_await q(..) + co_await q(..)`).
struct Quiet {
  using Output = int;
  int times;
  int value;
  hoist::Poll<int> poll(hoist::Context &cx) {
    if (times > 0) {
      --times;
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    return hoist::ready(value);
  }
};
inline Quiet quiet(int times, int value) { return Quiet{times, value}; }

/// A leaf future with no output.
struct Tick {
  using Output = void;
  int id;
  int times;
  hoist::Poll<void> poll(hoist::Context &cx) {
    if (times > 0) {
      --times;
      std::printf("T%d pending\n", id);
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    std::printf("T%d ready\n", id);
    return hoist::ready();
  }
};
inline Tick tick(int id, int times) { return Tick{id, times}; }

/// A leaf future that is pending `times` times, then throws Err{code}.
struct Boom {
  using Output = int;
  int id;
  int times;
  int code;
  hoist::Poll<int> poll(hoist::Context &cx) {
    if (times > 0) {
      --times;
      std::printf("B%d pending\n", id);
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    std::printf("B%d throws %d\n", id, code);
    throw Err{code};
  }
};
inline Boom boom(int id, int times, int code) { return Boom{id, times, code}; }

/// A leaf future whose output is an Obj (constructed, and logged, when the
/// leaf is made; moved out when ready).
struct ObjLeaf {
  using Output = Obj;
  int id;
  int times;
  Obj value;
  hoist::Poll<Obj> poll(hoist::Context &cx) {
    if (times > 0) {
      --times;
      std::printf("O%d pending\n", id);
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    std::printf("O%d ready\n", id);
    return hoist::Poll<Obj>(hoist::ready_in_place, std::move(value));
  }
};
inline ObjLeaf objleaf(int id, int times, const char *name, int v) {
  return ObjLeaf{id, times, Obj(name, v)};
}

/// Not a future, but has into_future(): `co_await fz::lazy(..)` awaits a Leaf.
struct Lazy {
  int id;
  int times;
  int value;
  Leaf into_future() const {
    std::printf("Z%d into_future\n", id);
    return Leaf{id, times, value};
  }
};
inline Lazy lazy(int id, int times, int value) { return Lazy{id, times, value}; }

/// A leaf future whose output is an array of three ints (a range to loop
/// over: `for (int e : co_await fz::arr(..))`).
struct ArrLeaf {
  using Output = std::array<int, 3>;
  int id;
  int times;
  std::array<int, 3> value;
  hoist::Poll<std::array<int, 3>> poll(hoist::Context &cx) {
    if (times > 0) {
      --times;
      std::printf("A%d pending\n", id);
      cx.waker().wake_by_ref();
      return hoist::pending;
    }
    std::printf("A%d ready\n", id);
    return hoist::ready(value);
  }
};
inline ArrLeaf arr(int id, int times, int a, int b, int c) {
  return ArrLeaf{id, times, {{a, b, c}}};
}

/// What main() prints of a result: an int, or the value of an Obj.
inline int value_of(int v) { return v; }
inline int value_of(const Obj &o) { return o.v; }

template <class T> void print_output(hoist::Poll<T> &p) {
  if constexpr (std::is_void<T>::value)
    std::printf("ready (void)\n");
  else
    std::printf("ready %d\n", value_of(p.value()));
}

/// Runs a future to completion with hoist::block_on and prints its output,
/// or the exception that escaped it.
template <class F> void run(const char *name, F &&future) {
  std::printf("run %s\n", name);
  try {
    using T = decltype(hoist::block_on(std::forward<F>(future)));
    if constexpr (std::is_void<T>::value) {
      hoist::block_on(std::forward<F>(future));
      std::printf("result (void)\n");
    } else {
      T r = hoist::block_on(std::forward<F>(future));
      std::printf("result %d\n", value_of(r));
    }
  } catch (const Err &e) {
    std::printf("escaped Err %d\n", e.code);
  } catch (int e) {
    std::printf("escaped int %d\n", e);
  }
  std::printf("end %s\n", name);
}

/// Polls `future` up to `n` times with a waker that does nothing (stops
/// early if it completes or throws); the caller then destroys it.
template <class F> void poll_n(F &future, int n) {
  hoist::Context cx = hoist::Context::from_waker(hoist::noop_waker());
  for (int i = 0; i < n; ++i) {
    std::printf("poll %d\n", i);
    try {
      auto p = future.poll(cx);
      if (p.is_ready()) {
        print_output(p);
        return;
      }
    } catch (const Err &e) {
      std::printf("escaped Err %d\n", e.code);
      return;
    } catch (int e) {
      std::printf("escaped int %d\n", e);
      return;
    }
  }
}

} // namespace fz

#endif // HOIST_FUZZ_SUPPORT_HPP
