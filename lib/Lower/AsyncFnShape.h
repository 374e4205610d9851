//===- AsyncFnShape.h - One async function, as the phases see it -*- C++ -*-===//
//
// Part of Hoist, a source-to-source compiler that lowers async C++ functions
// into explicit state machines.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The plain data handed from phase to phase (LLVM's coro::Shape). The
/// lowering fills it in; the frame layout groups its slots; the emitters
/// print it as C++, as an explain report, as a state graph.
///
/// The future it describes:
///
///   auto f(Params...) {
///     using Awaitee0 = decltype(...);            // Aliases
///     struct FFuture {
///       using Output = T;
///       enum class State { Unresumed, Suspend0..N, Returned, Poisoned };
///       explicit FFuture(Params&&...);           // Unresumed: params stored
///       FFuture(FFuture &&);                     // aborts once polled
///       ~FFuture();                              // drops what State holds
///       hoist::Poll<T> poll(hoist::Context &cx); // PollBody
///       State state_;
///       Slots...                                 // Layout: unions overlap
///     };
///     return FFuture(std::move(params)...);
///   }
///
/// Glossary:
///   slot        a value stored in the future (parameter, local, awaitee, ...)
///   drop point  a node of the drop tree: the stored values alive at some
///               point of poll(), as the path from the root; each node adds
///               one value to its parent's
///   state       Unresumed, one SuspendN per co_await, Returned, Poisoned
///
//===----------------------------------------------------------------------===//
#ifndef HOIST_LOWER_ASYNCFNSHAPE_H
#define HOIST_LOWER_ASYNCFNSHAPE_H

#include "Analysis/AsyncFunctions.h"
#include "Emit/CodeBuffer.h"
#include "Lower/SourceRewriter.h"

#include <string>
#include <vector>

namespace hoist {

/// Why a value is stored in the future.
enum class SlotKind {
  Parameter, ///< a by-value parameter, moved in when the future is created
  RefParameter, ///< a reference parameter: stays a reference
  Capture,   ///< a lambda capture: a reference to the closure's member
  Self,      ///< `this` of a member function
  Local,     ///< a local whose scope contains a suspend point
  Awaitee,   ///< the future a co_await polls
  Temporary, ///< a value computed before a later co_await of its expression
};

/// Returns "parameter", "local", ... for reports.
const char *slotKindName(SlotKind K);

/// One value stored in the future.
struct Slot {
  unsigned Id = 0;
  SlotKind Kind = SlotKind::Local;
  std::string Name; ///< the member's name
  std::string Type; ///< the member's type, as C++ (may name an alias)
  /// Trivially destructible: nothing to do when its scope ends.
  bool Trivial = false;
  /// A C++ reference member (bound once, in the constructor).
  bool Reference = false;
  /// A local reference kept as a pointer: uses are written `(*name)`.
  bool PointerToReferent = false;
  /// A scalar (or pointer): assigned rather than constructed in place.
  bool Scalar = false;
  /// An array: hoist::destroy_array destroys it.
  bool Array = false;
  /// Made by an operand of `?:`, `&&` or `||` that may not have run: it is
  /// destroyed only if this condition (on flags of the future) holds.
  std::string DestroyIf;
  const clang::ValueDecl *Decl = nullptr;
  /// Its alignment in bytes, when the lowering knows it (0: unknown, as for
  /// the future of another async function): the layout orders by it.
  unsigned Align = 0;
  unsigned Line = 0;      ///< where it is declared or computed
  std::string What;       ///< the source it stands for, one line
  /// The suspend states (indices into AsyncFnShape::States) it is alive in.
  std::vector<unsigned> LiveIn;
  /// Slots alive at the same time as this one (so not overlappable).
  std::vector<unsigned> Interferes;
};

/// `std::destroy_at(&name);` (hoist::destroy_array for an array), under
/// `if (...)` for a conditional value.
std::string destroyStatement(const Slot &S);

/// A `using Name = Definition;` emitted before the future, for a type that
/// is spelled through decltype.
struct TypeAlias {
  std::string Name;
  std::string Definition;
  unsigned Line = 0;
  /// A condition (of the `if constexpr` branches the type is named in)
  /// under which alone Definition is instantiated; else the alias is
  /// hoist::detail::Discarded. Empty: always.
  std::string OnlyIf = {};
};

/// A type the body declares (a class, an enum, a typedef or alias), moved
/// before the future so that the future's members can name it.
struct LocalTypeDecl {
  std::string Text; ///< the declaration as written, with its `;`
  unsigned Line = 0, Column = 1;
};

/// A function that makes a lambda's closure, so that the closure's type can
/// be named outside poll() (C++17 has no lambda in decltype):
///
///   struct Lambdas {
///     static auto make_lambda0(int &base) { return [base](...) {...}; }
///   };
struct ClosureFactory {
  std::string Name;
  std::vector<std::string> Params; ///< `int &base`
  std::string Lambda;              ///< the lambda expression, as written
  unsigned Line = 0, Column = 1;
  /// The struct that holds it (AsyncFnShape::FactoriesName, or one emitted
  /// after the closures its parameters' types name).
  std::string Struct;
};

/// One node of the drop tree (index 0 is the root: nothing alive).
struct DropPoint {
  unsigned Slot = 0;   ///< the value this node adds
  unsigned Parent = 0; ///< the node before it was constructed
};

/// One suspend point, as a state of the future.
struct SuspendState {
  unsigned Index = 0;       ///< N of SuspendN (order of the code)
  unsigned Line = 0;        ///< line of its co_await
  unsigned Column = 0;
  std::string Source;       ///< that line of source, trimmed
  std::string AwaitText;    ///< the co_await expression as written
  unsigned DropPoint = 0;   ///< what is alive while suspended here
  unsigned Awaitee = 0;     ///< the slot polled here
  std::string ResumeLabel;  ///< where poll() jumps to resume
  /// Labels poll() jumps through to reach ResumeLabel: the entries of the
  /// try blocks around the co_await, outermost first.
  std::vector<std::string> TryEntries;
};

/// Slots that share storage: one anonymous union (or a single member).
struct FrameGroup {
  std::vector<unsigned> Slots;
};

/// The frame layout: member groups in declaration order.
struct FrameLayout {
  std::vector<FrameGroup> Groups;
};

/// A try block, or a branch of `if constexpr`, that contains suspend points
/// (a jump into either is ill-formed): poll() jumps to Label, before the
/// statement, and a second dispatch inside the block continues to the
/// resume point.
struct TryDispatch {
  std::string Label;
  std::vector<unsigned> States;
};

/// The identifiers the generated future uses, chosen not to clash with the
/// user's (see Naming.h).
struct GeneratedNames {
  std::string StateEnum = "State";
  std::string StateVar = "state_";
  std::string Unwind = "unwind";
  std::string Resumed = "resumed";
  std::string Context = "cx";
  std::string Suspend = "suspend";
  std::string Unwinding = "finished";
  std::string DropTo = "drop_to";
  std::string Result = "result";
  std::string Self = "self";
  std::string Other = "other";
  /// The parameters of suspend() and drop_to() (named apart from the
  /// frame's members: -Wshadow).
  std::string Next = "next";
  std::string From = "from";
  std::string To = "to";
  /// How poll() names its result type: `Output`, or through the future's
  /// class where the user's body spells `Output` too.
  std::string PollOutput = "Output";
};

/// Everything known about one async function.
struct AsyncFnShape {
  const AsyncFunction *Fn = nullptr;
  std::string FutureName;  ///< the local class, e.g. ExampleFuture
  std::string Output;      ///< T of Async<T>, as C++
  std::string DisplayName; ///< for messages
  std::string Location;    ///< "file.cpp:12:19", for messages
  unsigned Line = 0;       ///< line of the function's name
  GeneratedNames Names;
  /// The future stores `this` (member functions, lambdas capturing this).
  bool HasSelf = false;

  std::vector<Slot> Slots;
  std::vector<LocalTypeDecl> LocalTypes;
  std::vector<TypeAlias> Aliases;
  std::vector<ClosureFactory> Factories;
  std::string FactoriesName = "Lambdas";
  std::vector<DropPoint> DropTree{DropPoint{}};
  std::vector<SuspendState> States;
  /// Slots the constructor initializes, in order (parameters, captures,
  /// self), and what the rewritten function passes for each.
  std::vector<unsigned> CtorSlots;
  std::vector<std::string> CtorArgs;
  /// Names given to unnamed parameters the future must hold (a guard
  /// passed by value lives as long as the future, as in a coroutine's
  /// frame): insertions into the signature.
  std::vector<TextEdit> ParamNames;
  unsigned UnresumedPoint = 0;
  /// Locals declared at the top of poll() (the results of co_awaits).
  std::vector<std::string> PollLocals;
  CodeBuffer PollBody;
  /// The body can reach its closing brace.
  bool FallsOffEnd = true;
  std::vector<TryDispatch> Tries;
  /// Parameter packs, each stored as one std::tuple: poll() runs inside
  /// std::apply so that the body names the pack as written.
  struct Pack {
    std::string Name;   ///< the pack, as the body names it (`xs`)
    std::string Member; ///< the tuple that stores it (`xs_pack`)
  };
  std::vector<Pack> Packs;
  /// Where `__func__` is written in a macro's body (whose text cannot be
  /// rewritten), the body goes in a member named as the async function,
  /// which poll() calls: then it names that function. Empty: in poll().
  std::string BodyFunction;
  FrameLayout Layout;
  /// The future's layout as a compiler makes it, measured on the lowered
  /// text (MeasureFutures.h); a template's, one per instantiation.
  struct MeasuredLayout {
    std::string Instance; ///< the instantiation (a template's), else empty
    uint64_t Size = 0, Align = 0;
    struct Member {
      std::string Name;
      uint64_t Offset = 0, Size = 0;
    };
    std::vector<Member> Members; ///< in order of offset
  };
  std::vector<MeasuredLayout> Measured;

  bool hasDrops() const { return DropTree.size() > 1; }
  const Slot &slot(unsigned Id) const { return Slots[Id]; }
};

} // namespace hoist

#endif // HOIST_LOWER_ASYNCFNSHAPE_H
