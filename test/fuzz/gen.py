#!/usr/bin/env python3
"""Generates a random async C++ program for the differential tester.

    python3 gen.py SEED [-o prog.cpp] [--enable F,G] [--disable F,G]
    python3 gen.py SEED SEED... [-o batch.cpp]     # several seeds, one program
    python3 gen.py --list-features

The program is in Hoist's input language (C++20 that clang parses, async
functions returning hoist::Async<T>), includes <hoist/hoist.hpp> and
fuzz_support.hpp, and logs every step worth seeing, so that two backends
that disagree on its meaning print different things. The same seed and the
same features give the same program, byte for byte (Python's random.Random
is stable across versions for the calls used here).

What the programs are made of:
  - async functions f0..fN; fK may await fJ for J < K (no recursion). They
    are free functions, members (using `this`), const and static members,
    function templates; async lambdas with value and reference captures
    are declared and awaited inside them. Parameters are ints, fz::Obj by
    value, int& and const fz::Obj&; results are int, void or fz::Obj;
  - locals: ints, fz::Obj (logs its construction and destruction), int&
    and int* aliases of other locals, const fz::Obj& bound to a temporary,
    arrays with braced initializers;
  - statements: blocks, if/else if/else, if and switch with initializers,
    for, range-for, while, do, switch (fallthrough, default), break,
    continue, goto (never across an await), co_return from anywhere,
    try/catch/throw/rethrow;
  - co_await of leaf futures (pending k times, then ready), of futures that
    throw, of types with into_future(), and of the other async functions, in
    every expression position: statements, initializers, assignments,
    co_return, conditions (if, loops, switch), call arguments, operands of
    && || ?: and the comma, nested awaits, range-for ranges;
  - the forms real code writes (issue 12): auto, auto&&, const auto& and
    decltype(auto) locals initialized by awaits or by expressions that
    contain one; async functions (HELPERS, emitted when used) returning
    std::string, std::vector<std::unique_ptr<int>>, std::optional,
    std::variant, std::map, std::pair, fz::Agg (an aggregate) and fz::Cls
    (a class with constructors); pointers and references to const passed
    to fz::which (overloaded on const); structured bindings; local type
    aliases, enums and structs; plain lambdas with captures; hoist::join,
    hoist::select_biased and hoist::join_all; a function template over futures;
    variadic async function templates. Each is declared, held across a
    later await (gap()), then printed (fz::show, fz::lg);
  - main() runs the last function with hoist::block_on, then creates
    futures, polls them a few times with a no-op waker and destroys them
    (cancellation), printing markers.

C++ leaves the order of some evaluations unspecified (the operands of `+`,
the arguments of a call). Two correct backends may pick different orders,
so an operand with a visible effect (it logs, or it may write a variable
through a reference) never stands beside another operand that has one, or
that suspends, or (for writes) that reads a variable. Awaits of fz::quiet
(no logging) may stand side by side: `co_await q(..) + co_await q(..)`.
Values stay small (stores are masked with `& 1023`), so nothing overflows.
The program is clean under -Wall -Wextra -Werror with g++ and clang++.

Every construct is behind a feature (FEATURES below). A feature is turned
off by default while a bug of the lowering that it runs into is open
(KNOWN_BUGS says which), so that a run still finds other bugs; `--enable
all` (here or in difftest.py) turns everything on.

With several seeds, each seed's program goes in a namespace seed_N with its
main() renamed, and one main() runs them in turn, printing a section marker
(SECTION) before each: the differential tester builds many seeds at the cost
of one program.
"""
import argparse
import random
import re
import sys

# name -> (on by default, what it generates). A feature that is off by
# default exercises a lowering bug that is still open; KNOWN_BUGS says which.
# `--enable all` turns everything on.
FEATURES = {
    "void_fns": (True, "async functions returning hoist::Async<void>"),
    "obj_return": (True, "async functions returning hoist::Async<fz::Obj>"),
    "obj_params": (True, "fz::Obj parameters by value"),
    "ref_params": (True, "int& and const fz::Obj& parameters"),
    "members": (True, "async member functions using this (and const members)"),
    "member_on_temporary": (True, "S{1}.f(..): a member call on a temporary object"),
    "static_members": (True, "static async member functions"),
    "templates": (True, "async function templates"),
    "lambdas": (True, "async lambdas with value and reference captures"),
    "generic_lambdas": (True, "async generic lambdas (an auto parameter)"),
    "aliases": (True, "int& and int* locals aliasing other locals"),
    "local_ref_args": (True, "int& / const fz::Obj& locals as arguments of awaited calls"),
    "switch": (True, "switch statements with fallthrough and default"),
    "switch_init": (True, "switch (init; cond)"),
    "if_init": (True, "if (init; cond) with an await in the init"),
    "do_while": (True, "do-while loops"),
    "range_for": (True, "range-for over a local array, awaits in the body"),
    "await_range": (True, "range-for over an awaited array (co_await in the range)"),
    "goto": (True, "goto that does not cross an await (backward retry, forward skip)"),
    "exceptions": (True, "try/catch/throw, futures that throw"),
    "rethrow": (True, "`throw;` in a catch handler"),
    "jump_in_catch": (True, "break/continue/co_return inside a catch handler"),
    "objleaf": (True, "awaiting a future whose output is a fz::Obj (into a local)"),
    "class_await_temp": (True, "(co_await <future of fz::Obj>).get(): the result as a temporary"),
    "temporaries": (True, "fz::Obj temporaries whose full-expression spans an await"),
    "lifetime_ext": (True, "const fz::Obj& bound to a temporary, held across awaits"),
    "comma": (True, "co_await in operands of the comma operator"),
    "ternary": (True, "co_await in operands of ?:"),
    "ternary_eq_cond": (True, "(x == 3) ? co_await .. : ..: an equality as the condition"),
    "dependent_ternary": (True, "co_await in a ?: whose type depends on a template parameter"),
    "await_in_loop_cond": (True, "co_await in the conditions of for and while loops"),
    "await_in_do_cond": (True, "co_await in the condition of do-while loops"),
    "await_in_for_inc": (True, "co_await in the increment of a for loop"),
    "braced_init": (True, "a braced array initializer with several awaits"),
    "cond_var_await": (True, "co_await in the initializer of a while or for condition's "
                       "variable (while (int x = co_await ..))"),
    "nested_braced_await": (True, "awaits in braced lists nested in an initializer "
                            "(std::pair<fz::Obj, fz::Obj> p{co_await .., co_await ..}, "
                            "int a[2][2]{{..}, {..}})"),
    "member_lifetime_ext": (True, "const int& bound to a member of a temporary fz::Obj, "
                            "held across awaits"),
    "move_obj": (True, "passing std::move(local) to an Obj parameter"),
    "tick": (True, "awaiting void leaf futures"),
    "into_future": (True, "co_await on a type with into_future()"),
    "co_return_local": (True, "co_return of a local fz::Obj (implicitly moved)"),
    "dependent_local_array": (True, "local arrays (braced initializers, range-for over "
                              "them) in a template or generic lambda"),
    "dependent_call_arg_await": (True, "co_await in an argument of an awaited call in a "
                                 "template or generic lambda"),
    "dependent_await_condition": (True, "co_await in the condition of an if, switch or loop "
                                  "(and of a guarded jump) in a template or generic lambda"),
    "lambda_in_template": (True, "async lambdas in a function template"),
    "temp_in_logic": (True, "fz::Obj temporaries (and awaited futures holding fz::Obj "
                      "parameters) in operands of ?:, && and ||"),
    "dependent_temp_arg": (True, "a temporary fz::Obj bound to a const& parameter of an "
                           "awaited call in a template or generic lambda"),
    "dependent_kept_operand": (True, "in a template or generic lambda, an await in an "
                               "operand after another operand that awaits"),
    "lambda_captures_auto": (True, "an async lambda capturing a local declared with auto"),
    "await_in_capture": (True, "an init-capture of an async lambda that awaits "
                         "(`[k = co_await ...]`)"),
    "copy_before_capture": (True, "captures by copy and by reference written before an "
                            "init-capture that awaits (`[x, &y, k = co_await ...]`)"),
    "generic_lambda_in_template": (False, "async generic lambdas in a function template"),
    "template_awaits_fn": (True, "a function template that awaits one of the other async "
                           "functions"),
    "lambda_awaits_fn_in_member": (True, "an async lambda in a member function or function "
                                   "template that awaits one of the async functions"),
    # Real C++, part 1 (issue 12): the forms real code writes.
    "ctad_locals": (True, "locals declared by class template argument deduction "
                    "(std::pair p(.., ..), std::vector v{.., ..}) held across a later await"),
    "auto_await": (True, "auto, auto&&, const auto& and decltype(auto) locals initialized "
                   "by co_await (ints, fz::Obj, class results), held across a later await"),
    "auto_await_expr": (True, "auto locals initialized by expressions containing awaits: "
                        "std::make_unique<T>(co_await ..), m.find(co_await ..), "
                        "std::string(\"a\") + co_await .., make_pair, braced vectors"),
    "class_results": (True, "async functions returning std::string, "
                      "std::vector<std::unique_ptr<int>>, std::optional<int>, "
                      "std::variant<int, std::string>, std::map<std::string, int>, "
                      "std::pair, a user aggregate and a user class with constructors, "
                      "held across awaits and used (and changed) after"),
    "const_views": (True, "pointers and references to const held across awaits "
                    "(s.c_str(), const fz::Obj*, const int&, const int*, "
                    "const std::string&), passed to functions overloaded on const"),
    "structured_bindings": (True, "auto [a, b] = co_await .., auto& [x, y] = pair, "
                            "const auto [p, q] = std::tuple, bindings of a user struct "
                            "and of an array, used after a later await"),
    "bindings_by_value": (True, "structured bindings of a tuple-like class whose get<i>() "
                          "returns a value (auto [name, n] = fz::Rec(..)), held across "
                          "awaits, one const"),
    "captured_bindings": (True, "async lambdas capturing structured bindings by copy and "
                          "by reference (C++20), awaited"),
    "local_types": (True, "using and typedef aliases, enum, enum class and a struct with "
                    "a member function declared in an async function, for locals held "
                    "across an await"),
    "lambda_locals": (True, "plain lambdas capturing by value, by reference, this, and "
                      "with init-captures, held in an auto local across awaits"),
    "if_constexpr": (True, "in templates, if constexpr whose discarded branch awaits what "
                     "does not compile for the instantiation"),
    "function_names": (True, "__func__ in async bodies, written directly and inside a "
                       "macro's body (FZ_WHERE)"),
    "star_this": (True, "in async members, plain and async lambdas capturing a copy of "
                  "the object ([*this]) or this"),
    "join": (True, "co_await hoist::join(..) of leaf futures and async function calls "
             "(a tuple: structured bindings or std::get)"),
    "select": (True, "co_await hoist::select_biased(..) of futures that are ready after "
               "different numbers of polls (a variant; the loser is cancelled; biased: "
               "the leaves log their polls, and select's random start would change that "
               "log from run to run)"),
    "join_all": (True, "co_await hoist::join_all(std::vector<..>) of leaf futures and of "
                 "std::vector<decltype(f(0))> of async function calls"),
    "future_template": (True, "a function template over futures (template <class F1, class "
                        "F2> hoist::Async<int> h_both(F1, F2)), called with async function "
                        "calls"),
    "variadic": (True, "async function templates with a parameter pack: a fold over the "
                 "values, and one that awaits a pack of futures"),
}

# Features off by default, and the open lowering bug (or the rejection)
# each one runs into.
KNOWN_BUGS = {
    "generic_lambda_in_template": "clang++ rejects `std::move(other.q)` of the lambda "
                                  "future's `decltype(q)` member, then crashes",
}


# Async functions the features of issue 12 call, emitted (in this order)
# before f0 when a program uses them. They are lowered like the others.
HELPERS = {
    "h_str": """hoist::Async<std::string> h_str(int t, int v) {
  co_await fz::quiet(t, 0);
  std::string s = "s" + std::to_string(v);
  co_await fz::quiet(t, 0);
  co_return s;
}
""",
    "h_vec": """hoist::Async<std::vector<std::unique_ptr<int>>> h_vec(int t, int n) {
  std::vector<std::unique_ptr<int>> r;
  for (int i = 0; i < n; ++i) {
    if (i == 1)
      r.push_back(nullptr);
    else
      r.push_back(std::make_unique<int>(co_await fz::quiet(t, i * 7 + n)));
  }
  co_return r;
}
""",
    "h_opt": """hoist::Async<std::optional<int>> h_opt(int t, int v) {
  co_await fz::quiet(t, 0);
  if (v % 3 == 0)
    co_return std::nullopt;
  co_return v;
}
""",
    "h_var": """hoist::Async<std::variant<int, std::string>> h_var(int t, int v) {
  int k = co_await fz::quiet(t, v);
  if (k % 2 == 0)
    co_return k;
  co_return "v" + std::to_string(k);
}
""",
    "h_map": """hoist::Async<std::map<std::string, int>> h_map(int t, int n) {
  std::map<std::string, int> m;
  for (int i = 0; i < n; ++i)
    m["s" + std::to_string(i)] = co_await fz::quiet(t, i * 5 + 1);
  co_return m;
}
""",
    "h_agg": """hoist::Async<fz::Agg> h_agg(int t, int v) {
  fz::Agg a{v, "agg" + std::to_string(v), {}};
  for (int i = 0; i < 2; ++i)
    a.v.push_back(co_await fz::quiet(t, v + i));
  co_return a;
}
""",
    "h_cls": """hoist::Async<fz::Cls> h_cls(int t, const char *name, int v) {
  fz::Cls c(name, v);
  c.bump(co_await fz::quiet(t, 1));
  co_return c;
}
""",
    "h_pair": """hoist::Async<std::pair<int, std::string>> h_pair(int t, int v) {
  co_await fz::quiet(t, 0);
  co_return std::make_pair(v, "p" + std::to_string(v));
}
""",
    "h_both": """template <class F1, class F2> hoist::Async<int> h_both(F1 f1, F2 f2) {
  int x = co_await std::move(f1);
  fz::lg("both.x", x);
  int y = co_await std::move(f2);
  fz::lg("both.y", y);
  co_return (x * 3 + y) & 1023;
}
""",
    "h_sum": """template <class... Ts> hoist::Async<int> h_sum(Ts... xs) {
  co_await fz::quiet(1, 0);
  long s = (0L + ... + xs);
  fz::lg("sum.n", static_cast<int>(sizeof...(Ts)));
  co_await fz::quiet(1, 0);
  co_return static_cast<int>(s & 1023);
}
""",
    "h_all": """template <class... Fs> hoist::Async<int> h_all(Fs... fs) {
  int s = 0;
  auto outs = co_await hoist::join(std::move(fs)...);
  co_await fz::quiet(1, 0);
  std::apply([&](auto... v) { ((s = (s * 3 + fz::lg("all", v)) & 1023), ...); }, outs);
  co_return s;
}
""",
}

# Class results (class_results): type, helper, show it with fz::show.
CLASS_RESULTS = [
    ("std::string", "h_str"),
    ("std::vector<std::unique_ptr<int>>", "h_vec"),
    ("std::optional<int>", "h_opt"),
    ("std::variant<int, std::string>", "h_var"),
    ("std::map<std::string, int>", "h_map"),
    ("fz::Agg", "h_agg"),
    ("fz::Cls", "h_cls"),
    ("std::pair<int, std::string>", "h_pair"),
]


class E:
    """A generated expression and what evaluating it may do."""
    __slots__ = ("t", "loud", "susp", "writes", "reads", "isbool", "top")

    def __init__(self, t, loud=False, susp=False, writes=False, reads=False):
        self.t = t
        self.loud = loud      # prints something (logs, constructs an Obj, ...)
        self.susp = susp      # contains a co_await
        self.writes = writes  # may write a variable (a call with int& args, ...)
        self.reads = reads    # reads a variable
        self.isbool = False   # a comparison or a logical operator (bool)
        self.top = None       # the outermost operator, if that matters

    def union(self, *others, t=None):
        e = E(self.t if t is None else t, self.loud, self.susp, self.writes, self.reads)
        for o in others:
            e.loud |= o.loud
            e.susp |= o.susp
            e.writes |= o.writes
            e.reads |= o.reads
        return e


class C:
    """What an expression may do, given its siblings (see the module comment)."""
    __slots__ = ("loud", "susp", "writes", "reads", "await_ok", "temps",
                 "no_await_after_await")

    def __init__(self, loud=True, susp=True, writes=True, reads=True, await_ok=True,
                 temps=True):
        self.loud, self.susp, self.writes, self.reads, self.await_ok = \
            loud, susp, writes, reads, await_ok
        self.temps = temps    # may make a temporary that logs (fz::Obj)
        # Two operands of one expression may not both await.
        self.no_await_after_await = False

    def but(self, **kw):
        c = C(self.loud, self.susp, self.writes, self.reads, self.await_ok, self.temps)
        c.no_await_after_await = self.no_await_after_await
        for k, v in kw.items():
            setattr(c, k, v)
        return c

    def after(self, e):
        """The constraints on an operand unsequenced with the operand `e`."""
        return C(loud=self.loud and not (e.loud or e.susp or e.writes),
                 susp=self.susp and not (e.loud or e.writes) and
                 not (e.susp and self.no_await_after_await),
                 writes=self.writes and not (e.loud or e.susp or e.writes or e.reads),
                 reads=self.reads and not e.writes,
                 await_ok=self.await_ok, temps=self.temps).but(
                     no_await_after_await=self.no_await_after_await)

    def can_await(self):
        return self.await_ok and self.susp


class Var:
    __slots__ = ("name", "kind", "writable", "bindable", "local_ref", "fn", "deduced")

    def __init__(self, name, kind, writable=True, bindable=True, local_ref=False, fn=None):
        self.name = name
        self.kind = kind            # int | iref | ptr | obj | cobj | lambda
        self.writable = writable    # may be assigned (loop counters may not)
        self.bindable = bindable    # may be bound to int& / int*
        self.local_ref = local_ref  # a local reference (int &r = x;), not a parameter
        self.fn = fn                # for a lambda: its Fn
        self.deduced = False        # declared with `auto`

    def read(self):
        if self.kind in ("int", "iref"):
            return self.name
        if self.kind == "ptr":
            return "(*{})".format(self.name)
        return self.name + ".v"

    def lvalue(self):
        if self.kind == "ptr":
            return "*" + self.name
        return self.name


class Fn:
    """An async function (or lambda) of the program."""

    def __init__(self, name, ret, params, kind="free", tag=None):
        self.name = name
        self.ret = ret          # int | void | obj
        self.params = params    # [(kind, name)]: int | obj | iref | cobj | auto
        self.kind = kind        # free | member | const_member | static | template | lambda
        self.tag = tag or name  # prefix of its log lines
        self.cost = 1           # about how many lines one call prints
        self.writes = any(k == "iref" for k, _ in params)

    @property
    def owner(self):
        return "S" + self.name[1:]

    def ret_type(self):
        if self.ret == "obj":
            return "fz::Obj"
        if self.kind == "template" and self.ret == "int":
            return "T"
        return self.ret


ATTRS = ("fn", "scopes", "lines", "indent", "mult", "loop_depth", "in_switch_case",
         "in_try", "in_catch", "in_args", "budget", "in_lambda", "dependent", "outer")


class Gen:
    def __init__(self, seed, features):
        self.rng = random.Random(seed)
        self.seed = seed
        self.feat = features
        self.fns = []
        self.site = 0        # await sites, numbered over the whole program
        self.counter = 0
        self.helpers = set()  # the HELPERS the program calls

    # -- helpers ---------------------------------------------------------

    def p(self, prob):
        return self.rng.random() < prob

    def pick(self, weighted):
        """weighted: list of (weight, value); entries with weight 0 skipped."""
        items = [(w, v) for w, v in weighted if w > 0]
        total = sum(w for w, _ in items)
        r = self.rng.random() * total
        for w, v in items:
            r -= w
            if r < 0:
                return v
        return items[-1][1]

    def new_site(self):
        self.site += 1
        return self.site

    def fresh(self, prefix):
        self.counter += 1
        return "{}{}".format(prefix, self.counter)

    def tag(self, what):
        return '"{}.{}"'.format(self.fn.tag, what)

    def vars(self, *kinds):
        return [v for scope in self.scopes for v in scope if v.kind in kinds]

    def arg_vars(self, *kinds):
        """Variables that may be passed to an awaited call."""
        return [v for v in self.vars(*kinds)
                if self.feat["local_ref_args"] or not v.local_ref]

    def add_cost(self, n):
        self.fn.cost += self.mult * n

    def emit(self, line):
        self.lines.append("  " * self.indent + line)

    def times(self):
        return self.rng.choice([0, 1, 1, 2, 3])

    def c(self):
        c = C(await_ok=not self.in_catch)
        c.no_await_after_await = self.dependent and not self.feat["dependent_kept_operand"]
        return c

    def cond_await(self):
        """Whether the condition of an if, switch or loop may await."""
        return not self.dependent or self.feat["dependent_await_condition"]

    def cond_c(self):
        """The constraints on the condition of an if, switch or loop."""
        return self.c() if self.cond_await() else self.c().but(susp=False)

    def local_arrays(self):
        return not self.dependent or self.feat["dependent_local_array"]

    def mask(self, t):
        """Keeps stored values small (no overflow anywhere)."""
        if t.isdigit():
            return t
        return "({}) & 1023".format(t)

    def paren(self, t):
        return t if t.startswith("(") and t.endswith(")") and self.balanced(t[1:-1]) \
            else "(" + t + ")"

    @staticmethod
    def balanced(t):
        d = 0
        for ch in t:
            if ch == "(":
                d += 1
            elif ch == ")":
                d -= 1
                if d < 0:
                    return False
        return d == 0

    @staticmethod
    def same_value(a, b):
        """Whether comparing a with b may warn as a self-comparison
        (-Wtautological-compare): the same text, also as the right operand
        of a comma, or the same variables combined with constants only
        (`(0 ^ x) < (x ^ 0)`)."""
        def core(e):
            return e.top[len("comma:"):] if e.top and e.top.startswith("comma:") else e.t
        ta, tb = core(a), core(b)
        if ta == tb:
            return True
        if re.search(r"\w\(", ta + tb):
            return False  # calls: not folded
        ids = lambda t: sorted(re.findall(r"[A-Za-z_]\w*", t))
        return ids(ta) == ids(tb)

    @staticmethod
    def constant(e):
        """A constant expression (g++ warns comparing one with a bool)."""
        return not (e.loud or e.susp or e.reads or e.writes) and "fz::" not in e.t

    @staticmethod
    def boolean(e):
        e.isbool = True
        return e

    # -- calls -----------------------------------------------------------

    def movable_objs(self):
        if not self.feat["move_obj"]:
            return []
        return [v for v in self.vars("obj") if v.writable]

    def temp_args(self, c):
        """Whether a temporary fz::Obj may be bound to a const& parameter."""
        return c.temps and (not self.dependent or self.feat["dependent_temp_arg"])

    def args_feasible(self, fn, c):
        """Whether a call of `fn` can get its arguments with at most one of
        them printing something (the one unsequenced side effect allowed)."""
        n_obj = sum(1 for k, _ in fn.params if k == "obj")
        n_cobj = sum(1 for k, _ in fn.params if k == "cobj")
        loud = max(0, n_obj - len(self.movable_objs()))
        if not self.arg_vars("obj", "cobj"):
            if n_cobj and not self.temp_args(c):
                return False
            loud += n_cobj
        if loud > 1:
            return False
        if any(k == "iref" for k, _ in fn.params):
            return bool([v for v in self.arg_vars("int", "iref", "ptr")
                         if v.writable and v.bindable])
        return True

    def call_args(self, fn, c, depth):
        """Arguments for a call of `fn`; returns (texts, flags). The arguments
        are unsequenced with each other: at most one of them may print (by
        constructing or copying an fz::Obj, or by any loud expression); the
        other fz::Obj arguments are moved from distinct locals, or bound."""
        saved_args = self.in_args
        self.in_args = True
        params = fn.params
        texts = [None] * len(params)
        flags = E("")
        movable = self.movable_objs()
        objs = self.arg_vars("obj", "cobj")
        moved = []
        slot = c.loud   # the one argument that may print is still free
        # Objects first (they decide who prints), then the rest.
        order = sorted(range(len(params)),
                       key=lambda i: {"obj": 0, "cobj": 1}.get(params[i][0], 2))
        n_obj_left = sum(1 for k, _ in params if k == "obj")
        for i in order:
            kind = params[i][0]
            if kind == "obj":
                n_obj_left -= 1
                # Printing here must leave enough locals to move for the rest.
                can_print = slot and n_obj_left <= len(movable)
                if movable and (not can_print or self.p(0.3)):
                    v = movable.pop(self.rng.randrange(len(movable)))
                    moved.append(v)
                    texts[i] = "std::move({})".format(v.name)
                    # Moving clears the name: nothing beside it may print it.
                    flags = flags.union(E("", writes=True))
                    continue
                assert can_print, "args_feasible() said yes"
                slot = False
                # A copy (logs "+name'") of an object no other argument moves.
                sources = [v for v in objs if v not in moved and
                           (v not in movable or len(movable) > n_obj_left)]
                if sources and self.p(0.3):
                    v = self.rng.choice(sources)
                    if v in movable:
                        movable.remove(v)
                    texts[i] = v.name
                    flags = flags.union(E("", loud=True, reads=True))
                else:
                    e = self.simple(c) if depth <= 0 else \
                        self.expr(c.but(loud=False, writes=False), depth - 1)
                    texts[i] = "fz::Obj({}, {})".format(self.tag(self.fresh("a")), e.t)
                    flags = flags.union(e, E("", loud=True))
            elif kind == "cobj":
                if objs and (not slot or not self.temp_args(c) or self.p(0.7)):
                    texts[i] = self.rng.choice(objs).name
                    continue
                assert slot, "args_feasible() said yes"
                slot = False
                e = self.simple(c)
                texts[i] = "fz::Obj({}, {})".format(self.tag(self.fresh("r")), e.t)
                flags = flags.union(e, E("", loud=True))
            elif kind == "iref":
                targets = [v for v in self.arg_vars("int", "iref", "ptr")
                           if v.writable and v.bindable]
                texts[i] = self.rng.choice(targets).lvalue()
            else:
                cc = c.after(flags)
                e = self.expr(cc, depth) if depth > 0 else self.simple(cc)
                texts[i] = self.mask(e.t)
                flags = flags.union(e)
        if fn.writes:
            flags = flags.union(E("", writes=True))
        self.in_args = saved_args
        return texts, flags

    def callable_fns(self, rets, c):
        """Async functions and lambdas this one may await here (acyclic,
        within budget)."""
        out = []
        lambdas = [v.fn for v in self.vars("lambda")]
        fns = self.fns
        if self.in_lambda and self.outer in ("member", "const_member", "template") and \
                not self.feat["lambda_awaits_fn_in_member"]:
            fns = []
        if (self.fn.kind == "template" or self.outer == "template") and \
                not self.feat["template_awaits_fn"]:
            fns = []
        for fn in fns + lambdas:
            if fn.ret not in rets:
                continue
            if self.mult * fn.cost > self.budget - self.fn.cost:
                continue
            if fn.writes and not c.writes:
                continue
            if not c.temps and any(k == "obj" for k, _ in fn.params):
                continue   # its future holds the fz::Obj like a temporary
            if not self.args_feasible(fn, c):
                continue
            if fn.kind in ("member", "const_member") and not \
                    self.feat["member_on_temporary"] and not self.member_object(fn):
                continue
            out.append(fn)
        return out

    def member_object(self, fn):
        """A local object to call the member `fn` on, if one is in scope."""
        objs = [v for v in self.vars("sobj") if v.fn is fn]
        return objs[0].name if objs else None

    def callee(self, fn):
        """How a call names `fn` (a member needs an object: a local declared
        at the top of the function, or a temporary)."""
        if fn.kind in ("member", "const_member"):
            obj = self.member_object(fn)
            if obj and (not self.feat["member_on_temporary"] or self.p(0.5)):
                return "{}.{}".format(obj, fn.name)
            return "{}{{{}}}.{}".format(fn.owner, self.rng.randint(0, 9), fn.name)
        if fn.kind == "static":
            return "{}::{}".format(fn.owner, fn.name)
        if fn.kind == "template" and self.p(0.5):
            return fn.name + "<int>"
        return fn.name

    def await_call(self, fn, c, depth):
        ca = c
        if self.dependent and not self.feat["dependent_call_arg_await"]:
            ca = c.but(susp=False)
        texts, flags = self.call_args(fn, ca, depth - 1)
        self.add_cost(fn.cost)
        e = flags.union(E(""), t="co_await {}({})".format(self.callee(fn), ", ".join(texts)))
        e.loud = e.susp = True
        return e

    # -- expressions -----------------------------------------------------

    def simple(self, c):
        """A constant or a variable read: no effects."""
        readable = []
        if c.reads:
            kinds = ("int", "iref", "ptr", "obj", "cobj")
            readable = self.arg_vars(*kinds) if self.in_args else self.vars(*kinds)
        if readable and self.p(0.6):
            return E(self.rng.choice(readable).read(), reads=True)
        return E(str(self.rng.randint(0, 12)))

    def leaf_value(self, c, depth):
        """The value a leaf future is made with: a constant or an expression
        (which may await: a nested await)."""
        if depth > 0 and self.p(0.25):
            return self.expr(c, depth - 1)
        return E(str(self.rng.randint(0, 9)))

    def await_leaf(self, c, depth):
        v = self.leaf_value(c, depth)
        self.add_cost(3)
        e = v.union(E("", loud=True, susp=True))
        if self.feat["into_future"] and self.p(0.1):
            e.t = "co_await fz::lazy({}, {}, {})".format(self.new_site(), self.times(), v.t)
        else:
            e.t = "co_await fz::leaf({}, {}, {})".format(self.new_site(), self.times(), v.t)
        return e

    def expr(self, c, depth):
        """An int expression."""
        if depth <= 0:
            return self.simple(c)
        aw = c.can_await()
        fns = self.callable_fns(("int",), c) if aw and c.loud else []
        ofns = self.callable_fns(("obj",), c) \
            if aw and c.loud and self.feat["class_await_temp"] else []
        objs = self.vars("obj", "cobj") if c.reads else []
        k = self.pick([
            (3, "simple"),
            (2 if c.loud else 0, "lg"),
            (4 if aw and c.loud else 0, "leaf"),
            (3 if aw else 0, "quiet"),
            (4 if fns else 0, "call"),
            (1 if ofns else 0, "ocall"),
            (1 if aw and c.loud and self.feat["exceptions"] and self.in_try else 0, "boom"),
            (1 if aw and c.loud and self.feat["objleaf"] and self.feat["class_await_temp"]
             else 0, "objleaf"),
            (1 if c.loud and c.temps and self.feat["temporaries"] else 0, "touch"),
            (1 if objs and c.loud else 0, "get"),
            (5, "binop"),
            (2, "mix"),
            (3, "logic"),
            (2 if self.feat["ternary"] else 0, "ternary"),
            (1 if self.feat["comma"] and (c.loud or aw) else 0, "comma"),
        ])
        if k == "simple":
            return self.simple(c)
        if k == "lg":
            inner = self.expr(c, depth - 1)
            self.add_cost(1)
            return inner.union(E("", loud=True),
                               t="fz::lg({}, {})".format(self.tag(self.fresh("v")), inner.t))
        if k == "leaf":
            return self.await_leaf(c, depth)
        if k == "quiet":
            v = self.leaf_value(c, depth)
            return v.union(E("", susp=True),
                           t="co_await fz::quiet({}, {})".format(self.times(), v.t))
        if k == "call":
            return self.await_call(self.rng.choice(fns), c, depth)
        if k == "ocall":
            e = self.await_call(self.rng.choice(ofns), c, depth)
            member = self.rng.choice([".get()", ".v"])
            e.t = "({}){}".format(e.t, member)
            return e
        if k == "boom":
            self.add_cost(3)
            return E("co_await fz::boom({}, {}, {})".format(
                self.new_site(), self.times(), self.rng.randint(1, 99)), loud=True, susp=True)
        if k == "objleaf":
            self.add_cost(4)
            v = self.simple(c)
            member = self.rng.choice([".get()", ".v"])
            return v.union(E("", loud=True, susp=True),
                           t="(co_await fz::objleaf({}, {}, {}, {})){}".format(
                               self.new_site(), self.times(), self.tag(self.fresh("ol")),
                               v.t, member))
        if k == "touch":
            inner = self.expr(c, depth - 1)
            self.add_cost(2)
            return inner.union(E("", loud=True), t="fz::touch(fz::Obj({}, {}))".format(
                self.tag(self.fresh("t")), inner.t))
        if k == "get":
            self.add_cost(1)
            return E(self.rng.choice(objs).name + ".get()", loud=True, reads=True)
        if k == "binop":
            op = self.rng.choice(["+", "-", "^", "|", "&", "+", "<", "==", "!="])
            a = self.expr(c, depth - 1)
            b = self.expr(c.after(a), depth - 1)
            if self.p(0.5):
                a, b = b, a
            if op in ("<", "==", "!="):
                if self.same_value(a, b):
                    # `x == x` is a warning (-Wtautological-compare).
                    b = E(str(self.rng.randint(0, 12)))
                if (a.isbool or a.top in ("&", "|")) and \
                        (self.constant(b) or b.top == "const") or \
                        (b.isbool or b.top in ("&", "|")) and \
                        (self.constant(a) or a.top == "const") or \
                        a.isbool != b.isbool:
                    op = "+"   # `(x < 1) < 5`, `(x & 8) == 4`: warnings
                else:
                    if op == "<" and a.isbool:
                        # `(3 != 1 || x) < (y == z)` is always false
                        # (-Wtautological-constant-compare).
                        op = "!="
                    return self.boolean(a.union(b, t="({} {} {})".format(a.t, op, b.t)))
            if op in ("&", "|") and a.isbool and b.isbool:
                op = "+"   # `(x < 1) & f()` is a warning (-Wbitwise-instead-of-logical)
            if op == "^" and a.isbool and b.isbool and a.t != b.t:
                # clang takes `(x < 1) ^ (y > 2)` for a boolean: compared with
                # a constant it warns (-Wtautological-constant-out-of-range-compare).
                return self.boolean(a.union(b, t="({} != {})".format(a.t, b.t)))
            if a.t.isdigit() and b.t.isdigit() and op == "^":
                op = "+"   # `2 ^ 8` is a warning (-Wxor-used-as-pow)
            e = a.union(b, t="({} {} {})".format(a.t, op, b.t))
            e.top = op
            return e
        if k == "mix":
            n = self.rng.choice([2, 3])
            args = []
            flags = E("")
            for _ in range(n):
                e = self.expr(c.after(flags) if args else c, depth - 1)
                args.append(e.t)
                flags = flags.union(e)
            return flags.union(E(""), t="fz::mix{}({})".format("" if n == 2 else "3",
                                                                ", ".join(args)))
        if k == "logic":
            return self.cond(c, depth)
        if k == "ternary":
            return self.split(self.ternary, c, depth)
        if k == "comma":
            left = self.effect_expr(c)
            right = self.expr(c, depth - 1)
            e = left.union(right, t="({}, {})".format(left.t, right.t))
            e.isbool = right.isbool
            if self.constant(right):
                # Its value is a constant: once the lowering has taken the
                # left operand's await out, `(x & 4) != 11` warns as well.
                e.top = "const"
            else:
                # And `(co_await .., x) == x` becomes `(x) == x`.
                e.top = "comma:" + right.t
            return e
        raise AssertionError(k)

    def ternary(self, c, depth):
        """`cond ? a : b` (an int)."""
        if self.dependent and not self.feat["dependent_ternary"]:
            # Its type may depend on T: no awaits inside.
            c = c.but(susp=False)
        cnd = self.cond(c, depth - 1)
        a = self.expr(c, depth - 1)
        b = self.expr(c, depth - 1)
        m = re.match(r"^\((.*) == (\d+)\)$", cnd.t)
        if m and self.balanced(m.group(1)) and not self.feat["ternary_eq_cond"] \
                and (a.susp or b.susp):
            cnd.t = "({} != {})".format(m.group(1), m.group(2))
            a, b = b, a
        e = cnd.union(a, b, t="({} ? {} : {})".format(cnd.t, a.t, b.t))
        e.isbool = a.isbool and b.isbool
        return e

    def split(self, build, c, depth):
        """An expression with operands of ?:, && or || (build(c, depth)),
        without temporaries that log in them unless temp_in_logic is on."""
        if not self.feat["temp_in_logic"]:
            c = c.but(temps=False)
        return build(c, depth)

    def effect_expr(self, c):
        """An expression evaluated for its effect (left of a comma)."""
        options = []
        if c.loud:
            options.append("lg")
        if c.can_await() and c.loud:
            options.append("leaf")
        if c.can_await():
            options.append("quiet")
        k = self.rng.choice(options)
        if k == "lg":
            inner = self.simple(c)
            self.add_cost(1)
            return inner.union(E("", loud=True), t="fz::lg({}, {})".format(
                self.tag(self.fresh("c")), inner.t))
        if k == "leaf":
            return self.await_leaf(c, 0)
        return E("co_await fz::quiet({}, {})".format(self.times(), self.rng.randint(0, 9)),
                 susp=True)

    def cond(self, c, depth):
        """A condition (an int expression used as a truth value)."""
        k = self.pick([(5, "cmp"), (2 if depth > 0 else 0, "and"),
                       (2 if depth > 0 else 0, "or"), (1, "not"),
                       (1 if c.can_await() and c.loud else 0, "await")])
        if k == "cmp":
            a = self.expr(c, max(depth - 1, 0))
            if a.isbool:
                # Comparing a bool with 8 is a warning (always true).
                op, n = self.rng.choice(["==", "!="]), self.rng.randint(0, 1)
            elif a.top in ("&", "|"):
                # `(x & 8) == 4` is a warning too (-Wtautological-bitwise-compare).
                op, n = self.rng.choice(["<", ">", "<=", ">="]), self.rng.randint(0, 12)
            else:
                op, n = self.rng.choice(["<", ">", "<=", ">=", "==", "!="]), \
                    self.rng.randint(0, 12)
            e = self.boolean(a.union(E(""), t="({} {} {})".format(a.t, op, n)))
            e.top = "cmp:" + a.t
            return e
        if k in ("and", "or"):
            return self.split(lambda c, depth: self.andor(k, c, depth), c, depth)
        if k == "not":
            a = self.cond(c, max(depth - 1, 0))
            return self.boolean(a.union(E(""), t="(!{})".format(a.t)))
        return self.await_leaf(c, 0)

    def andor(self, k, c, depth):
        """`a && b` or `a || b`."""
        # Sequenced: the right operand may do anything, and runs only if
        # the left one does not decide.
        a = self.cond(c, depth - 1)
        b = self.cond(c, depth - 1)
        for _ in range(5):
            # `(x < 3) && (x > 5)` is a warning (-Wtautological-overlap-compare).
            if not (a.top and a.top == b.top and a.top.startswith("cmp:")):
                break
            b = self.cond(c, depth - 1)
        else:
            b = self.boolean(E("({} != 0)".format(self.rng.choice(["0", "1"]))))
        return self.boolean(a.union(b, t="({} {} {})".format(
            a.t, "&&" if k == "and" else "||", b.t)))

    # -- statements ------------------------------------------------------

    def block(self, depth, n=None, log_vars=True):
        """Statements of a block, in a new scope (the caller writes braces)."""
        self.scopes.append([])
        if n is None:
            n = self.rng.randint(1, 4 if depth > 0 else 2)
        for _ in range(n):
            self.stmt(depth)
        if log_vars:
            self.log_scope()
        self.scopes.pop()

    def log_scope(self):
        """Reads every int declared in the current scope (they are then used
        at least once, and their values show)."""
        for v in self.scopes[-1]:
            if v.kind in ("int", "iref", "ptr", "cobj"):
                self.emit("fz::lg({}, {});".format(self.tag(v.name), v.read()))
                self.add_cost(1)

    def declare(self, var):
        self.scopes[-1].append(var)

    def stmt(self, depth):
        in_loop = self.loop_depth > 0
        aw = not self.in_catch
        f = self.feat
        k = self.pick([
            (4, "decl"),
            (2, "objdecl"),
            (4, "assign"),
            (3 if aw else 0, "await"),
            (3 if aw else 0, "call"),
            (2, "log"),
            (3 if depth > 0 else 0, "if"),
            (2 if depth > 0 and aw else 0, "for"),
            (1 if depth > 0 and aw else 0, "while"),
            (1 if depth > 0 and aw and f["do_while"] else 0, "do"),
            (2 if depth > 0 and f["switch"] else 0, "switch"),
            (1 if depth > 0 else 0, "block"),
            (2 if in_loop else 0, "break"),
            (2 if in_loop else 0, "continue"),
            (1.5, "return"),
            (2 if depth > 0 and aw and f["exceptions"] else 0, "try"),
            (1.5 if f["exceptions"] and self.in_try else 0, "throw"),
            (0.2 if f["exceptions"] and not self.in_try else 0, "throw"),
            (1 if f["aliases"] else 0, "alias"),
            (1 if f["lifetime_ext"] and aw else 0, "cref"),
            (1 if f["braced_init"] and aw and self.local_arrays() else 0, "braced"),
            (1 if f["nested_braced_await"] and aw and self.local_arrays() else 0,
             "nested_braced"),
            (1 if f["member_lifetime_ext"] and aw else 0, "member_cref"),
            (1 if depth > 0 and aw and f["cond_var_await"] and self.cond_await() else 0,
             "condvar_loop"),
            (1 if f["if_init"] and aw and depth > 0 else 0, "ifinit"),
            (1 if f["tick"] and aw else 0, "tick"),
            (1 if f["range_for"] and aw and depth > 0 and
             (self.local_arrays() or f["await_range"]) else 0, "rangefor"),
            (1 if f["rethrow"] and self.in_catch else 0, "rethrow"),
            (1 if f["lambdas"] and aw and not self.in_lambda and depth > 0 and
             (self.fn.kind != "template" or f["lambda_in_template"]) else 0, "lambda"),
            (1 if f["goto"] and aw else 0, "goto"),
            (0.6 if f["auto_await"] and aw else 0, "auto"),
            (0.6 if f["auto_await_expr"] and aw else 0, "auto_expr"),
            (0.6 if f["class_results"] and aw else 0, "class"),
            (0.6 if f["const_views"] and aw else 0, "const_view"),
            (0.6 if f["structured_bindings"] and aw else 0, "bindings"),
            (0.6 if f["local_types"] and aw else 0, "local_type"),
            (0.6 if f["lambda_locals"] and aw else 0, "lambda_local"),
            (0.4 if f["join"] and aw else 0, "join"),
            (0.4 if f["select"] and aw else 0, "select"),
            (0.4 if f["join_all"] and aw else 0, "join_all"),
            (0.4 if f["future_template"] and aw else 0, "future_template"),
            (0.4 if f["variadic"] and aw else 0, "variadic"),
            (0.5 if f["if_constexpr"] and aw and depth > 0 and self.fn.kind == "template" and
             not self.in_lambda else 0, "if_constexpr"),
        ])
        if self.in_switch_case and k == "continue" and not in_loop:
            k = "log"
        getattr(self, "s_" + k)(depth)

    def s_decl(self, depth):
        e = self.expr(self.c(), self.rng.randint(0, 3))
        name = self.fresh("x")
        t = "T" if self.fn.kind == "template" and self.p(0.4) else "int"
        self.emit("{} {} = {};".format(t, name, self.mask(e.t)))
        self.declare(Var(name, "int"))

    def s_objdecl(self, depth):
        name = self.fresh("o")
        ofns = self.callable_fns(("obj",), self.c()) if not self.in_catch else []
        r = self.rng.random()
        if ofns and r < 0.3:
            e = self.await_call(self.rng.choice(ofns), self.c(), 2)
            self.emit("fz::Obj {} = {};".format(name, e.t))
        elif self.feat["objleaf"] and not self.in_catch and r < 0.5:
            self.emit("fz::Obj {} = co_await fz::objleaf({}, {}, {}, {});".format(
                name, self.new_site(), self.times(), self.tag(name), self.rng.randint(0, 9)))
            self.add_cost(4)
        else:
            e = self.expr(self.c(), self.rng.randint(0, 2))
            self.emit("fz::Obj {}({}, {});".format(name, self.tag(name), self.mask(e.t)))
            self.add_cost(2)
        self.declare(Var(name, "obj"))

    def s_assign(self, depth):
        targets = [v for v in self.vars("int", "iref", "ptr") if v.writable]
        if not targets:
            return self.s_decl(depth)
        v = self.rng.choice(targets)
        e = self.expr(self.c(), self.rng.randint(0, 3))
        form = self.rng.randint(0, 2)
        if form == 0:
            self.emit("{} = {};".format(v.lvalue(), self.mask(e.t)))
        elif form == 1:
            # C++17: the right side is sequenced before the left.
            self.emit("{} += {};".format(v.lvalue(), e.t))
            self.emit("{} &= 1023;".format(v.lvalue()))
        elif e.writes or e.loud:
            self.emit("{} = {};".format(v.lvalue(), self.mask(e.t)))
        else:
            # Reads the target beside the right side: fine, nothing else writes it.
            self.emit("{} = {};".format(v.lvalue(), self.mask(
                "{} + {}".format(v.read(), e.t))))

    def s_await(self, depth):
        k = self.rng.choice(["leaf", "leaf", "quiet", "expr"])
        if k == "leaf":
            self.emit(self.await_leaf(self.c(), 1).t + ";")
        elif k == "quiet":
            self.emit("co_await fz::quiet({}, {});".format(self.times(), self.rng.randint(0, 9)))
        else:
            e = self.expr(self.c(), 2)
            self.emit("fz::lg({}, {});".format(self.tag(self.fresh("e")), e.t))
            self.add_cost(1)

    def s_call(self, depth):
        fns = self.callable_fns(("int", "void", "obj"), self.c())
        if not fns:
            return self.s_await(depth)
        fn = self.rng.choice(fns)
        if fn.ret == "obj" and not self.feat["class_await_temp"]:
            # A discarded result is a temporary too: keep it in a local.
            name = self.fresh("o")
            self.emit("fz::Obj {} = {};".format(name, self.await_call(fn, self.c(), 2).t))
            self.declare(Var(name, "obj"))
            return
        e = self.await_call(fn, self.c(), 2)
        if fn.ret == "int" and self.p(0.5):
            self.emit("fz::lg({}, {});".format(self.tag(self.fresh("r")), e.t))
        else:
            self.emit(e.t + ";")

    def s_log(self, depth):
        if self.feat["function_names"] and self.p(0.15):
            # The function's name, written in the body or in a macro's body.
            tag = self.tag(self.fresh("fn"))
            self.emit(self.rng.choice(["FZ_WHERE({});", "fz::where({}, __func__);"]).format(tag))
            self.add_cost(1)
            return
        e = self.expr(self.c(), self.rng.randint(0, 2))
        self.emit("fz::lg({}, {});".format(self.tag(self.fresh("l")), e.t))
        self.add_cost(1)

    def s_tick(self, depth):
        self.emit("co_await fz::tick({}, {});".format(self.new_site(), self.times()))
        self.add_cost(2)

    def inner(self, depth, label, n=None):
        """The statements between braces, with a marker first."""
        self.indent += 1
        self.emit("fz::log({});".format(self.tag(label)))
        self.add_cost(1)
        self.block(depth, n)
        self.indent -= 1

    def sub_block(self, depth, label, n=None):
        """`{ ... }` with a marker at its start."""
        self.emit("{")
        self.inner(depth, label, n)
        self.emit("}")

    def s_block(self, depth):
        self.sub_block(depth - 1, self.fresh("blk"))

    def s_if(self, depth):
        label = self.fresh("if")
        cnd = self.cond(self.cond_c(), self.rng.randint(0, 2))
        self.emit("if {} {{".format(self.paren(cnd.t)))
        self.inner(depth - 1, label + ".then")
        k = 0
        while self.p(0.6):
            if self.p(0.3) and k < 2:
                k += 1
                cnd = self.cond(self.cond_c(), self.rng.randint(0, 2))
                self.emit("}} else if {} {{".format(self.paren(cnd.t)))
                self.inner(depth - 1, "{}.elif{}".format(label, k))
                continue
            self.emit("} else {")
            self.inner(depth - 1, label + ".else")
            break
        self.emit("}")

    def s_if_constexpr(self, depth):
        """`if constexpr` on T (always int): one branch is kept, the other
        awaits what does not compile for int (T::discarded)."""
        label = self.fresh("ifc")
        keep_then = self.p(0.5)
        self.emit("if constexpr (sizeof(T) {} sizeof(int)) {{".format(
            "==" if keep_then else "!="))
        discarded = "co_await fz::tick({}, T::discarded);".format(self.new_site())
        if keep_then:
            self.inner(depth - 1, label + ".then")
            self.emit("} else {")
            self.emit("  " + discarded)
        else:
            self.emit("  " + discarded)
            self.emit("} else {")
            self.inner(depth - 1, label + ".else")
        self.emit("}")

    def s_ifinit(self, depth):
        t = self.fresh("t")
        e = self.expr(self.c(), 2)
        self.emit("if (int {} = {}; {} > {}) {{".format(t, self.mask(e.t), t,
                                                       self.rng.randint(0, 8)))
        self.scopes.append([Var(t, "int")])
        label = self.fresh("ifi")
        self.inner(depth - 1, label)
        if self.p(0.4):
            self.emit("} else {")
            self.inner(depth - 1, label + ".else")
        self.emit("}")
        self.scopes.pop()

    def trip(self):
        return self.rng.randint(1, 3)

    def enter_loop(self, n):
        saved = (self.mult, self.in_switch_case)
        self.mult *= n
        self.loop_depth += 1
        self.in_switch_case = False
        return saved

    def leave_loop(self, saved):
        self.mult, self.in_switch_case = saved
        self.loop_depth -= 1

    def s_for(self, depth):
        i = self.fresh("i")
        n = self.trip()
        bound = str(n)
        if self.feat["await_in_loop_cond"] and self.cond_await() and self.p(0.3):
            if self.p(0.5):
                bound = "co_await fz::leaf({}, {}, {})".format(self.new_site(), self.times(), n)
                self.add_cost(3 * (n + 1))
            else:
                bound = "co_await fz::quiet({}, {})".format(self.times(), n)
        inc = "++" + i
        if self.feat["await_in_for_inc"] and self.p(0.2):
            inc = "{} += co_await fz::quiet({}, 1)".format(i, self.times())
        self.emit("for (int {0} = 0; {0} < {1}; {2}) {{".format(i, bound, inc))
        saved = self.enter_loop(n)
        self.scopes.append([Var(i, "int", writable=False, bindable=False)])
        self.inner(depth - 1, i)
        self.scopes.pop()
        self.leave_loop(saved)
        self.emit("}")

    def s_while(self, depth):
        w = self.fresh("w")
        n = self.trip()
        self.emit("int {} = 0;".format(w))
        self.declare(Var(w, "int", writable=False, bindable=False))
        cnd = "{} < {}".format(w, n)
        if self.feat["await_in_loop_cond"] and self.cond_await() and self.p(0.4):
            k = self.rng.randint(0, 2)
            if k == 0:
                cnd = "co_await fz::leaf({}, {}, {}) < {}".format(
                    self.new_site(), self.times(), w, n)
                self.add_cost(3 * (n + 1))
            elif k == 1:
                cnd = "co_await fz::quiet({}, {}) < {}".format(self.times(), w, n)
            else:
                # The await runs only while the left side holds.
                cnd = "{} < {} && co_await fz::leaf({}, {}, 1) > 0".format(
                    w, n, self.new_site(), self.times())
                self.add_cost(3 * n)
        self.emit("while ({}) {{".format(cnd))
        saved = self.enter_loop(n)
        # The counter moves first, so `continue` cannot skip it.
        self.indent += 1
        self.emit("++{};".format(w))
        self.indent -= 1
        self.inner(depth - 1, w)
        self.leave_loop(saved)
        self.emit("}")

    def s_do(self, depth):
        d = self.fresh("d")
        n = self.trip()
        self.emit("int {} = 0;".format(d))
        self.declare(Var(d, "int", writable=False, bindable=False))
        saved = self.enter_loop(n)
        self.emit("do {")
        self.indent += 1
        self.emit("++{};".format(d))
        self.indent -= 1
        self.inner(depth - 1, d)
        cnd = "{} < {}".format(d, n)
        if self.feat["await_in_do_cond"] and self.cond_await() and self.p(0.3):
            cnd = "co_await fz::leaf({}, {}, {}) < {}".format(
                self.new_site(), self.times(), d, n)
            self.add_cost(3 * n)
        self.emit("}} while ({});".format(cnd))
        self.leave_loop(saved)

    def s_rangefor(self, depth):
        v = self.fresh("e")
        n = 3
        if self.feat["await_range"] and (self.p(0.4) or not self.local_arrays()):
            vals = [str(self.rng.randint(0, 9)) for _ in range(3)]
            rng = "co_await fz::arr({}, {}, {})".format(self.new_site(), self.times(),
                                                        ", ".join(vals))
            self.add_cost(3)
        else:
            arr = self.fresh("arr")
            n = self.trip()
            vals = [self.mask(self.expr(self.c(), 1).t) for _ in range(n)]
            self.emit("int {}[{}] = {{{}}};".format(arr, n, ", ".join(vals)))
            rng = arr
        ref = self.rng.choice(["int ", "const int &", "auto "])
        self.emit("for ({}{} : {}) {{".format(ref, v, rng))
        saved = self.enter_loop(n)
        self.indent += 1
        self.emit("fz::lg({}, {});".format(self.tag(v), v))
        self.add_cost(1)
        self.indent -= 1
        var = Var(v, "int", writable=False, bindable=False)
        var.deduced = ref == "auto "
        self.scopes.append([var])
        self.inner(depth - 1, v)
        self.scopes.pop()
        self.leave_loop(saved)
        self.emit("}")

    def s_switch(self, depth):
        init = self.feat["switch_init"] and not self.in_catch and self.p(0.3)
        e = self.expr(self.cond_c(), self.rng.randint(0, 2))
        if not (e.reads or e.susp or e.loud):
            # A constant condition that matches no case is a warning.
            e = self.await_leaf(self.c(), 0) if not self.in_catch and self.cond_await() else \
                E("fz::lg({}, {})".format(self.tag(self.fresh("k")), self.rng.randint(0, 3)))
        labels = self.rng.sample(range(0, 4), self.rng.randint(2, 4))
        entries = ["case {}".format(x) for x in labels]
        if self.p(0.7):
            entries.insert(self.rng.randint(0, len(entries)), "default")
        elif len(labels) < 4:
            # clang folds what it can (`(co_await q(), 4)`): a condition that
            # folds to a value no case matches is a warning.
            e = e.union(E(""), t="fz::lg({}, {})".format(self.tag(self.fresh("k")), e.t))
        sw = self.fresh("sw")
        if init:
            s = self.fresh("s")
            self.emit("switch (int {} = {}; {} & 3) {{".format(s, self.mask(e.t), s))
            self.scopes.append([Var(s, "int")])
        else:
            self.emit("switch (({}) & 3) {{".format(e.t))
        saved = self.in_switch_case
        self.in_switch_case = True
        for idx, entry in enumerate(entries):
            self.emit(entry + ": {")
            self.inner(depth - 1, "{}.{}".format(sw, entry.replace(" ", "")),
                       n=self.rng.randint(0, 3))
            self.emit("}")
            last = idx == len(entries) - 1
            r = self.rng.random()
            if not last and r < 0.4:
                self.emit("[[fallthrough]];")
            elif r < 0.85 or not last:
                self.emit("break;")
        self.emit("}")
        if init:
            self.scopes.pop()
        self.in_switch_case = saved

    def guard(self):
        """A condition for a jump (so the code after it stays reachable)."""
        return self.paren(self.cond(self.cond_c(), self.rng.randint(0, 1)).t)

    def s_break(self, depth):
        if self.p(0.8):
            self.emit("if {} break;".format(self.guard()))
        else:
            self.emit("break;")

    def s_continue(self, depth):
        if self.in_switch_case and self.loop_depth == 0:
            return self.s_log(depth)
        if self.p(0.8):
            self.emit("if {} continue;".format(self.guard()))
        else:
            self.emit("continue;")

    def ret_value(self):
        if self.fn.ret == "void":
            return "co_return;"
        if self.fn.ret == "obj":
            locals_ = [v for v in self.vars("obj") if v.writable and v.name.startswith("o")]
            if self.feat["co_return_local"] and locals_ and self.p(0.4):
                return "co_return {};".format(self.rng.choice(locals_).name)
            e = self.expr(self.c(), self.rng.randint(0, 1))
            return "co_return fz::Obj({}, {});".format(self.tag(self.fresh("res")),
                                                      self.mask(e.t))
        e = self.expr(self.c(), self.rng.randint(0, 2))
        return "co_return {};".format(self.mask(e.t))

    def s_return(self, depth):
        if self.in_catch and not self.feat["jump_in_catch"]:
            return self.s_log(depth)
        self.emit("if {} {{".format(self.guard()))
        self.indent += 1
        self.emit("fz::log({});".format(self.tag(self.fresh("ret"))))
        self.emit(self.ret_value())
        self.indent -= 1
        self.emit("}")

    def s_try(self, depth):
        saved = self.in_try
        self.in_try = True
        label = self.fresh("try")
        self.emit("try {")
        self.inner(depth - 1, label)
        self.in_try = saved
        handlers = self.rng.choice([["err"], ["int"], ["err", "int"], ["all"], ["err", "all"],
                                    ["int", "err", "all"]])
        for h in handlers:
            decl = {"err": "const fz::Err &e", "int": "int e", "all": "..."}[h]
            self.emit("} catch (" + decl + ") {")
            self.indent += 1
            what = {"err": "e.code", "int": "e", "all": "-1"}[h]
            self.emit("fz::lg({}, {});".format(self.tag(label + ".catch." + h), what))
            self.add_cost(1)
            saved_c = self.in_catch
            self.in_catch = True
            saved_loop, saved_sw = self.loop_depth, self.in_switch_case
            if not self.feat["jump_in_catch"]:
                self.loop_depth, self.in_switch_case = 0, False
            self.block(0, n=self.rng.randint(0, 2))
            self.loop_depth, self.in_switch_case = saved_loop, saved_sw
            self.in_catch = saved_c
            self.indent -= 1
        self.emit("}")

    def s_throw(self, depth):
        what = "fz::Err{{{}}}".format(self.rng.randint(1, 99)) if self.p(0.5) \
            else str(self.rng.randint(1, 99))
        self.emit("if {} {{".format(self.guard()))
        self.indent += 1
        self.emit("fz::log({});".format(self.tag(self.fresh("throw"))))
        self.emit("throw {};".format(what))
        self.indent -= 1
        self.emit("}")

    def s_rethrow(self, depth):
        self.emit("if {} throw;".format(self.guard()))

    def s_alias(self, depth):
        targets = [v for v in self.vars("int") if v.writable and v.bindable]
        if not targets:
            return self.s_decl(depth)
        t = self.rng.choice(targets)
        if self.p(0.5):
            name = self.fresh("p")
            self.emit("int *{} = &{};".format(name, t.name))
            self.declare(Var(name, "ptr", local_ref=True))
        else:
            name = self.fresh("r")
            self.emit("int &{} = {};".format(name, t.name))
            self.declare(Var(name, "iref", local_ref=True))

    def s_cref(self, depth):
        name = self.fresh("cr")
        e = self.expr(self.c(), 1)
        self.emit("const fz::Obj &{} = fz::Obj({}, {});".format(name, self.tag(name),
                                                                 self.mask(e.t)))
        self.add_cost(2)
        self.declare(Var(name, "cobj", local_ref=True))

    def s_member_cref(self, depth):
        name = self.fresh("mr")
        e = self.expr(self.c(), 1)
        self.emit("const int &{} = fz::Obj({}, {}).v;".format(name, self.tag(name),
                                                               self.mask(e.t)))
        self.emit("fz::lg({}, {});".format(self.tag(name), name))
        self.add_cost(3)
        self.declare(Var(name, "iref", writable=False, bindable=False, local_ref=True))

    def s_nested_braced(self, depth):
        # Braced lists are evaluated left to right, nested ones too.
        name = self.fresh("np")
        if self.p(0.5):
            self.emit("std::pair<fz::Obj, fz::Obj> {}{{co_await fz::objleaf({}, {}, {}, {}), "
                      "co_await fz::objleaf({}, {}, {}, {})}};".format(
                          name, self.new_site(), self.times(), self.tag(name + "a"),
                          self.rng.randint(0, 9), self.new_site(), self.times(),
                          self.tag(name + "b"), self.rng.randint(0, 9)))
            self.emit("fz::lg({}, {}.first.v + {}.second.v);".format(self.tag(name), name,
                                                                     name))
            self.add_cost(10)
            return
        a = self.expr(self.c(), 2)
        b = self.expr(self.c(), 2)
        self.emit("int {}[2][2]{{{{{}, 1}}, {{2, {}}}}};".format(name, self.mask(a.t),
                                                                 self.mask(b.t)))
        self.emit("fz::lg({}, {}[0][0] + {}[1][1]);".format(self.tag(name), name, name))
        self.add_cost(1)

    def s_condvar_loop(self, depth):
        """A loop whose condition declares a variable initialized by an await."""
        w = self.fresh("w")
        x = self.fresh("cv")
        n = self.trip()
        self.emit("int {} = 0;".format(w))
        self.declare(Var(w, "int", writable=False, bindable=False))
        init = "co_await fz::quiet({}, {}) - {}".format(self.times(), n, w)
        if self.p(0.5):
            self.emit("while (int {} = {}) {{".format(x, init))
        else:
            self.emit("for (; int {} = {};) {{".format(x, init))
        saved = self.enter_loop(n)
        self.indent += 1
        self.emit("++{};".format(w))
        self.emit("fz::lg({}, {});".format(self.tag(x), x))
        self.indent -= 1
        self.add_cost(1)
        self.scopes.append([Var(x, "int", writable=False, bindable=False)])
        self.inner(depth - 1, x)
        self.scopes.pop()
        self.leave_loop(saved)
        self.emit("}")

    def s_braced(self, depth):
        # Braced initializers are evaluated left to right: loud awaits are fine.
        name = self.fresh("pr")
        a = self.expr(self.c(), 2)
        b = self.expr(self.c(), 2)
        self.emit("int {}[2] = {{{}, {}}};".format(name, self.mask(a.t), self.mask(b.t)))
        self.emit("fz::lg({}, {}[0] + {}[1]);".format(self.tag(name), name, name))
        self.add_cost(1)

    def s_goto(self, depth):
        """A goto that crosses no await: a backward retry loop, or a forward
        skip over statements without declarations or awaits."""
        lab = self.fresh("L")
        if self.p(0.5):
            k = self.fresh("k")
            n = self.trip()
            self.emit("int {} = 0;".format(k))
            self.declare(Var(k, "int", writable=False, bindable=False))
            self.emit("{}:".format(lab))
            self.emit("++{};".format(k))
            saved = self.mult
            self.mult *= n
            self.emit("fz::lg({}, {});".format(self.tag(k), k))
            self.add_cost(1)
            self.mult = saved
            self.emit("if ({} < {}) goto {};".format(k, n, lab))
        else:
            saved_c = self.in_catch
            self.in_catch = True   # no awaits in between
            self.emit("if {} goto {};".format(self.guard(), lab))
            self.emit("fz::log({});".format(self.tag(lab + ".skipped")))
            for _ in range(self.rng.randint(0, 2)):
                # No declarations here: the goto may not jump over one.
                if self.p(0.5) and [v for v in self.vars("int", "iref", "ptr") if v.writable]:
                    self.s_assign(0)
                else:
                    self.s_log(0)
            self.in_catch = saved_c
            self.emit("{}:;".format(lab))

    def s_lambda(self, depth):
        """An async lambda, awaited right away and perhaps later."""
        name = self.fresh("lam")
        # (`base` is a member: a lambda captures it through `this` only.)
        ints = [v for v in self.vars("int", "iref")
                if v.name.isidentifier() and v.name != "base" and
                (not v.deduced or self.feat["lambda_captures_auto"])]
        caps = []
        cap_vars = []
        for v in self.rng.sample(ints, min(len(ints), self.rng.randint(0, 2))):
            if self.p(0.5) and v.writable and v.bindable:
                caps.append("&" + v.name)
                cap_vars.append(Var(v.name, "int", writable=True, bindable=False))
            else:
                caps.append(v.name)
                # A copy, const in a lambda that is not mutable.
                cap_vars.append(Var(v.name, "int", writable=False, bindable=False))
        if self.feat["star_this"] and self.fn.kind in ("member", "const_member") and \
                not self.in_lambda and self.p(0.3):
            # The body reads `base` of the object, or of the closure's copy of it.
            caps.append(self.rng.choice(["this", "*this"]))
            cap_vars.append(Var("base", "int", writable=False, bindable=False))
        if self.feat["await_in_capture"] and self.c().can_await() and self.p(0.3):
            # Evaluated when the closure is made, in this function.
            k = self.fresh("k")
            e = self.await_leaf(self.c(), 1)
            # First (after a capture-default), or with copy_before_capture
            # anywhere before `*this` (whose early copy hoist diagnoses):
            # C++ copies the captures before it before the await suspends.
            at = 1 if caps and caps[0] in ("=", "&") else 0
            if self.feat["copy_before_capture"] and self.p(0.6):
                end = caps.index("*this") if "*this" in caps else len(caps)
                at = self.rng.randint(at, end)
            caps.insert(at, "{} = {}".format(k, e.t))
            cap_vars.append(Var(k, "int", writable=False, bindable=False))
        nparams = self.rng.randint(0, 2)
        params = [("int", "q{}".format(j)) for j in range(nparams)]
        generic = self.feat["generic_lambdas"] and params and self.p(0.4) and \
            (self.fn.kind != "template" or self.feat["generic_lambda_in_template"])
        ret = self.rng.choice(["int", "int", "void"]) if self.feat["void_fns"] else "int"
        fn = Fn(name, ret, params, kind="lambda", tag="{}.{}".format(self.fn.tag, name))
        fn.writes = any(c.startswith("&") for c in caps)
        ps = ", ".join(("auto " if generic and j == 0 else "int ") + p
                       for j, (_, p) in enumerate(params))
        self.emit("auto {} = [{}]({}) -> hoist::Async<{}> {{".format(
            name, ", ".join(caps), ps, ret))
        # The body: a function of its own.
        saved = {a: getattr(self, a) for a in ATTRS}
        self.fn = fn
        self.scopes = [cap_vars, [Var(p, "int") for _, p in params]]
        self.lines = saved["lines"]
        self.indent = saved["indent"] + 1
        self.mult = 1
        self.loop_depth = 0
        self.in_switch_case = False
        self.in_try = False
        self.in_catch = False
        self.in_args = False
        self.in_lambda = True
        self.outer = saved["fn"].kind
        self.dependent = saved["dependent"] or bool(generic)
        self.budget = max(20, (saved["budget"] - saved["fn"].cost) // 3)
        for v in cap_vars:
            # Every capture is used (clang warns about unused ones).
            self.emit("fz::lg({}, {});".format(self.tag(v.name), v.name))
        self.body(depth=max(1, depth - 1), nstmts=self.rng.randint(1, 3))
        for a in ATTRS:
            if a != "lines":
                setattr(self, a, saved[a])
        self.emit("};")
        self.declare(Var(name, "lambda", fn=fn))
        # Await it now (it is then used, and its cost is known).
        e = self.await_call(fn, self.c(), 1)
        if ret == "int":
            self.emit("fz::lg({}, {});".format(self.tag(self.fresh("r")), e.t))
        else:
            self.emit(e.t + ";")

    # -- the forms real code writes (issue 12) ---------------------------

    def helper(self, name, *args):
        """A call of one of HELPERS (the program then defines it)."""
        self.helpers.add(name)
        return "{}({})".format(name, ", ".join(str(a) for a in args))

    def class_call(self, helper):
        """`helper(..)`: a call of a class-result helper, with its arguments."""
        self.add_cost(3)
        t = self.times()
        if helper == "h_vec":
            return self.helper(helper, t, self.rng.randint(0, 3))
        if helper == "h_map":
            return self.helper(helper, t, self.rng.randint(0, 3))
        if helper == "h_cls":
            return self.helper(helper, t, self.tag(self.fresh("cls")), self.rng.randint(0, 9))
        return self.helper(helper, t, self.rng.randint(0, 9))

    def gap(self, depth):
        """What stands between a declaration and its use: at least one await
        (so the declared value lives across it), perhaps more statements."""
        if depth > 0 and self.p(0.4):
            self.stmt(depth - 1)
        r = self.rng.random()
        if r < 0.5:
            self.emit(self.await_leaf(self.c(), 0).t + ";")
        elif r < 0.8 or not self.feat["tick"]:
            self.emit("co_await fz::quiet({}, {});".format(self.times(), self.rng.randint(0, 9)))
        else:
            self.s_tick(0)

    def show(self, what, value):
        self.emit("fz::show({}, {});".format(self.tag(self.fresh(what)), value))
        self.add_cost(1)

    def lg(self, what, value):
        self.emit("fz::lg({}, {});".format(self.tag(self.fresh(what)), value))
        self.add_cost(1)

    def int_var(self, name, form):
        """Declares an int local introduced with `form` (auto, auto &&, ...)."""
        const = form.startswith("const")
        v = Var(name, "int", writable=not const, bindable=not const,
                local_ref="&" in form)
        v.deduced = "auto" in form
        self.declare(v)

    def s_auto(self, depth):
        """`auto x = co_await ..;` (auto&&, const auto&, decltype(auto)): the
        value lives across a later await."""
        form = self.rng.choice(["auto ", "auto &&", "const auto &", "decltype(auto) "])
        name = self.fresh("au")
        fns = self.callable_fns(("int",), self.c())
        k = self.pick([(3, "leaf"), (2 if fns else 0, "call"),
                       (1 if self.feat["objleaf"] else 0, "obj"),
                       (1 if self.feat["class_results"] else 0, "class")])
        if k in ("leaf", "call"):
            e = self.await_leaf(self.c(), 1) if k == "leaf" else \
                self.await_call(self.rng.choice(fns), self.c(), 2)
            self.emit("{}{} = {};".format(form, name, e.t))
            self.gap(depth)
            self.lg(name, name)
            self.int_var(name, form)
        elif k == "obj":
            self.emit("{}{} = co_await fz::objleaf({}, {}, {}, {});".format(
                form, name, self.new_site(), self.times(), self.tag(name),
                self.rng.randint(0, 9)))
            self.add_cost(4)
            self.gap(depth)
            self.lg(name, name + ".v")
            self.declare(Var(name, "obj" if form in ("auto ", "decltype(auto) ") else "cobj",
                             local_ref="&" in form))
        else:
            _, helper = self.rng.choice(CLASS_RESULTS)
            self.emit("{}{} = co_await {};".format(form, name, self.class_call(helper)))
            self.gap(depth)
            self.show(name, name)

    def s_auto_expr(self, depth):
        """An auto local initialized by an expression that contains an await."""
        name = self.fresh("ax")
        k = self.rng.choice(["uptr", "uobj", "find", "concat", "pair", "vector"])
        if k == "uptr":
            e = self.await_leaf(self.c(), 1) if self.p(0.6) else self.expr(self.c(), 2)
            self.emit("auto {} = std::make_unique<int>({});".format(name, self.mask(e.t)))
            self.gap(depth)
            self.lg(name, "*" + name)
        elif k == "uobj":
            e = self.await_leaf(self.c(), 1) if self.p(0.6) else self.expr(self.c(), 2)
            self.emit("auto {} = std::make_unique<fz::Obj>({}, {});".format(
                name, self.tag(name), self.mask(e.t)))
            self.add_cost(2)
            self.gap(depth)
            self.lg(name, name + "->v")
        elif k == "find":
            m = self.fresh("m")
            if self.p(0.5):
                self.emit("auto {} = co_await {};".format(m, self.class_call("h_map")))
            else:
                self.emit('std::map<std::string, int> {} = {{{{"s0", 5}}, {{"s2", 7}}}};'
                          .format(m))
            self.emit("auto {} = {}.find(co_await {});".format(
                name, m, self.class_call("h_str")))
            self.gap(depth)
            self.lg(name, "{0} == {1}.end() ? -1 : {0}->second".format(name, m))
            self.show(m, m)
        elif k == "concat":
            form = self.rng.choice(["auto ", "auto ", "const auto &", "auto &&"])
            self.emit('{}{} = std::string("a") + co_await {};'.format(
                form, name, self.class_call("h_str")))
            self.gap(depth)
            self.show(name, name)
        elif k == "pair":
            e = self.await_leaf(self.c(), 1)
            if self.feat["ctad_locals"] and self.p(0.5):
                self.emit('std::pair {}({}, std::string("x"));'.format(name, e.t))
            else:
                self.emit('auto {} = std::make_pair({}, std::string("x"));'.format(name, e.t))
            self.gap(depth)
            self.show(name, name)
        else:
            a = self.expr(self.c(), 2)
            b = self.expr(self.c(), 2)
            # A braced list is evaluated left to right: both may print.
            form = ("std::vector {}{{{}, {}}};" if self.feat["ctad_locals"] and self.p(0.5)
                    else "auto {} = std::vector<int>{{{}, {}}};")
            self.emit(form.format(name, self.mask(a.t), self.mask(b.t)))
            self.gap(depth)
            self.show(name, name)

    def s_class(self, depth):
        """A local of class type from an async function, used (and perhaps
        changed) after a later await; or the result used as a temporary."""
        ty, helper = self.rng.choice(CLASS_RESULTS)
        name = self.fresh("c")
        if self.p(0.2):
            # The result as a temporary.
            self.show(name, "co_await " + self.class_call(helper))
            return
        self.emit("{} {} = co_await {};".format(self.rng.choice([ty, "auto"]), name,
                                              self.class_call(helper)))
        self.gap(depth)
        self.show(name, name)
        if not self.p(0.5):
            return
        q = "co_await fz::quiet({}, {})".format(self.times(), self.rng.randint(0, 9))
        change = {
            "h_str": '{} += "!";',
            "h_vec": "{}.push_back(std::make_unique<int>(" + q + "));",
            "h_opt": "{} = " + q + ";",
            "h_var": "{} = std::string(\"w\");",
            "h_map": '{}["new"] = ' + q + ";",
            "h_agg": "{}.v.push_back(" + q + ");",
            "h_cls": "{}.bump(" + q + ");",
            "h_pair": "{}.second += \"!\";",
        }[helper]
        self.emit(change.format(name))
        self.gap(depth)
        self.show(name, name)

    def s_const_view(self, depth):
        """A pointer or reference to const held across an await, then passed
        to fz::which, overloaded on const (it prints "c", or "m")."""
        name = self.fresh("cv")
        ints = [v for v in self.vars("int", "iref", "ptr")]
        k = self.pick([(2, "cstr"), (2, "objptr"), (2 if ints else 0, "intref"),
                       (1, "tempref"), (2 if ints else 0, "intptr"), (1, "strref")])
        if k == "cstr":
            s = self.fresh("s")
            if self.p(0.6):
                self.emit("std::string {} = co_await {};".format(s, self.class_call("h_str")))
            else:
                self.emit('std::string {} = "lit{}";'.format(s, self.rng.randint(0, 9)))
            self.emit("const char *{} = {}.c_str();".format(name, s))
            self.gap(depth)
            self.emit("fz::which({}, {});".format(self.tag(name), name))
            self.show(name, name)
        elif k == "objptr":
            o = self.fresh("o")
            e = self.expr(self.c(), 1)
            self.emit("fz::Obj {}({}, {});".format(o, self.tag(o), self.mask(e.t)))
            self.add_cost(2)
            if self.p(0.5):
                self.emit("const fz::Obj *{} = &{};".format(name, o))
                self.gap(depth)
                self.emit("fz::which({}, {});".format(self.tag(name), name))
                self.lg(name, name + "->v")
            else:
                self.emit("const fz::Obj &{} = {};".format(name, o))
                self.gap(depth)
                self.emit("fz::which({}, {});".format(self.tag(name), name))
                self.lg(name, name + ".v")
            self.declare(Var(o, "obj"))
        elif k in ("intref", "intptr"):
            v = self.rng.choice(ints)
            if k == "intref":
                self.emit("const int &{} = {};".format(name, v.lvalue()))
                read = name
            else:
                self.emit("const int *{} = &{};".format(name, v.lvalue()))
                read = "*" + name
            self.gap(depth)
            self.emit("fz::which({}, {});".format(self.tag(name), name))
            self.lg(name, read)
        elif k == "tempref":
            e = self.expr(self.c(), 2)
            # Binds a temporary int: its lifetime is the reference's.
            self.emit("const int &{} = {};".format(name, self.mask(e.t)))
            self.gap(depth)
            self.emit("fz::which({}, {});".format(self.tag(name), name))
            self.lg(name, name)
        else:
            s = self.fresh("s")
            self.emit("std::string {} = co_await {};".format(s, self.class_call("h_str")))
            self.emit("const std::string &{} = {};".format(name, s))
            self.gap(depth)
            self.emit('{} += "+";'.format(s))
            self.emit("fz::which({}, {});".format(self.tag(name), name))
            self.show(name, name)

    def s_bindings(self, depth):
        """Structured bindings, used after a later await."""
        a, b = self.fresh("sb"), self.fresh("sb")
        kinds = ["pair_fn", "ref_pair", "tuple", "struct", "agg", "array"]
        if self.feat["bindings_by_value"]:
            kinds.append("by_value")
        k = self.rng.choice(kinds)
        if k == "by_value":
            e = self.expr(self.c(), 2)
            self.emit('auto [{}, {}] = fz::Rec({}, "r{}");'.format(
                a, b, self.mask(e.t), self.rng.randint(0, 9)))
            self.gap(depth)
            self.emit("{0} = ({0} + 5) & 1023;".format(b))
            self.show(a, a)
            self.emit('fz::which("{}", {});'.format(a, a))
            self.lg(b, b)
            return
        if k in ("ref_pair", "struct", "array") and self.feat["captured_bindings"] and \
                self.feat["lambdas"] and not self.in_lambda and \
                (self.fn.kind != "template" or self.feat["lambda_in_template"]) and self.p(0.5):
            self.s_captured_bindings(depth, k, a, b)
            return
        if k == "pair_fn":
            form = self.rng.choice(["auto ", "auto &&", "const auto &"])
            self.emit("{}[{}, {}] = co_await {};".format(form, a, b, self.class_call("h_pair")))
            self.gap(depth)
            self.lg(a, a)
            self.show(b, b)
        elif k == "ref_pair":
            pr = self.fresh("pr")
            x = self.expr(self.c(), 1)
            y = self.expr(self.c(), 1)
            self.emit("std::pair<int, int> {}{{{}, {}}};".format(pr, self.mask(x.t),
                                                                 self.mask(y.t)))
            self.emit("auto &[{}, {}] = {};".format(a, b, pr))
            self.gap(depth)
            self.emit("{0} = ({0} + 1) & 1023;".format(a))
            self.lg(pr, pr + ".first")
            self.lg(b, b)
        elif k == "tuple":
            e = self.expr(self.c(), 2)
            self.emit('const auto [{}, {}] = std::tuple<int, std::string>({}, "t{}");'.format(
                a, b, self.mask(e.t), self.rng.randint(0, 9)))
            self.gap(depth)
            self.lg(a, a)
            self.show(b, b)
        elif k == "struct":
            x = self.expr(self.c(), 1)
            y = self.expr(self.c(), 1)
            self.emit("auto [{}, {}] = fz::Pt{{{}, {}}};".format(a, b, self.mask(x.t),
                                                                 self.mask(y.t)))
            self.gap(depth)
            self.lg(a, a)
            self.lg(b, b)
        elif k == "agg":
            c = self.fresh("sb")
            self.emit("auto [{}, {}, {}] = co_await {};".format(a, b, c,
                                                              self.class_call("h_agg")))
            self.gap(depth)
            self.lg(a, a)
            self.show(b, b)
            self.show(c, c)
        else:
            arr = self.fresh("arr")
            x = self.expr(self.c(), 1)
            y = self.expr(self.c(), 1)
            self.emit("int {}[2] = {{{}, {}}};".format(arr, self.mask(x.t), self.mask(y.t)))
            ref = self.p(0.5)
            self.emit("auto {}[{}, {}] = {};".format("&" if ref else "", a, b, arr))
            self.gap(depth)
            if ref:
                self.emit("{0} = ({0} + 2) & 1023;".format(b))
                self.lg(arr, arr + "[1]")
            self.lg(a, a)
            self.lg(b, b)

    def s_captured_bindings(self, depth, k, a, b):
        """Structured bindings captured by an async lambda, one by copy and
        one by reference, awaited after a later await."""
        x = self.expr(self.c(), 1)
        y = self.expr(self.c(), 1)
        if k == "ref_pair":
            pr = self.fresh("pr")
            self.emit("std::pair<int, int> {}{{{}, {}}};".format(pr, self.mask(x.t),
                                                                 self.mask(y.t)))
            self.emit("auto &[{}, {}] = {};".format(a, b, pr))
        elif k == "struct":
            self.emit("auto [{}, {}] = fz::Pt{{{}, {}}};".format(a, b, self.mask(x.t),
                                                                 self.mask(y.t)))
        else:
            arr = self.fresh("arr")
            self.emit("int {}[2] = {{{}, {}}};".format(arr, self.mask(x.t), self.mask(y.t)))
            self.emit("auto [{}, {}] = {};".format(a, b, arr))
        name = self.fresh("cb")
        self.emit("auto {} = [{}, &{}](int k) -> hoist::Async<int> {{".format(name, a, b))
        self.emit("  co_await fz::quiet({}, 0);".format(self.times()))
        self.emit("  {0} = ({0} + k) & 1023;".format(b))
        self.emit("  co_return ({} * 3 + {}) & 1023;".format(a, b))
        self.emit("};")
        self.gap(depth)
        self.lg(name, "co_await {}({})".format(name, self.rng.randint(0, 9)))
        self.lg(b, b)
        self.lg(a, a)

    def s_local_type(self, depth):
        """A type declared in the async function, for a local held across an
        await."""
        k = self.rng.choice(["using", "typedef", "enum", "enum_class", "struct"])
        n = self.fresh("")
        name = "lt" + n
        if k == "using":
            t = "V" + n
            a = self.expr(self.c(), 1)
            b = self.expr(self.c(), 1)
            self.emit("using {} = std::vector<int>;".format(t))
            self.emit("{} {}{{{}, {}}};".format(t, name, self.mask(a.t), self.mask(b.t)))
            self.gap(depth)
            self.emit("{}.push_back(co_await fz::quiet({}, {}));".format(
                name, self.times(), self.rng.randint(0, 9)))
            self.show(name, name)
        elif k == "typedef":
            t = "Num" + n
            e = self.expr(self.c(), 2)
            self.emit("typedef int {};".format(t))
            self.emit("{} {} = {};".format(t, name, self.mask(e.t)))
            self.gap(depth)
            self.lg(name, name)
            self.declare(Var(name, "int"))
        elif k == "enum":
            t = "Color" + n
            self.emit("enum {0} {{ Red{1}, Green{1} = 5, Blue{1} }};".format(t, n))
            cnd = self.cond(self.c(), 1)
            self.emit("{0} {1} = {2} ? Green{3} : Blue{3};".format(t, name, self.paren(cnd.t),
                                                                   n))
            self.gap(depth)
            self.lg(name, name)
            self.emit("{} = Red{};".format(name, n))
            self.lg(name, name)
        elif k == "enum_class":
            t = "Kind" + n
            self.emit("enum class {} : int {{ A, B = 7, C }};".format(t))
            cnd = self.cond(self.c(), 1)
            self.emit("{0} {1} = {2} ? {0}::B : {0}::C;".format(t, name, self.paren(cnd.t)))
            self.gap(depth)
            self.lg(name, "static_cast<int>({})".format(name))
            self.lg(name, "{0} == {1}::B".format(name, t))
        else:
            t = "Loc" + n
            e = self.expr(self.c(), 2)
            self.emit("struct {} {{".format(t))
            self.emit("  int a;")
            self.emit("  int twice() const { return (a * 2) & 1023; }")
            self.emit("  void add(int d) { a = (a + d) & 1023; }")
            self.emit("};")
            self.emit("{} {}{{{}}};".format(t, name, self.mask(e.t)))
            self.gap(depth)
            self.emit("{}.add(co_await fz::quiet({}, {}));".format(
                name, self.times(), self.rng.randint(0, 9)))
            self.lg(name, name + ".twice()")

    def s_lambda_local(self, depth):
        """A plain lambda with captures, in an auto local, called after a
        later await (a by-reference capture sees what changed)."""
        name = self.fresh("fn")
        ints = [v for v in self.vars("int", "iref", "ptr")
                if v.name.isidentifier() and v.name != "base" and
                (not v.deduced or self.feat["lambda_captures_auto"])]
        objs = [v for v in self.vars("obj", "cobj") if v.name.isidentifier()]
        caps, reads, byref = [], [], []
        for v in self.rng.sample(ints, min(len(ints), self.rng.randint(0, 2))):
            if self.p(0.5):
                caps.append("&" + v.name)
                byref.append(v)
            else:
                caps.append(v.name)
            reads.append(v.read())
        if objs and self.p(0.3):
            o = self.rng.choice(objs)
            # By value: a copy (logs "+name'"), destroyed with the lambda.
            caps.append(("&" if self.p(0.5) else "") + o.name)
            reads.append(o.name + ".v")
        if self.fn.kind in ("member", "const_member") and not self.in_lambda and self.p(0.5):
            # A copy of the object reads `base` as it was when the lambda was made.
            caps.append(self.rng.choice(["this", "*this"]) if self.feat["star_this"]
                        else "this")
            reads.append("base")
        mutable = ""
        if self.p(0.3):
            e = self.expr(self.c(), 1)
            n = self.fresh("n")
            # First: an await in it must not follow a copy (hoist diagnoses it).
            caps.insert(0, "{} = {}".format(n, self.mask(e.t)))
            reads.append(n)
            mutable = " mutable"
            body = "{0} = ({0} + k) & 1023; return ({1}) & 1023;".format(n, " + ".join(reads))
        else:
            body = "return ({} + k) & 1023;".format(" + ".join(reads + ["0"]))
        self.emit("auto {} = [{}](int k){} {{ {} }};".format(name, ", ".join(caps), mutable,
                                                              body))
        if self.p(0.5):
            self.lg(name, "{}({})".format(name, self.rng.randint(0, 9)))
        self.gap(depth)
        writable = [v for v in byref if v.writable]
        if writable and self.p(0.6):
            v = self.rng.choice(writable)
            self.emit("{0} = ({1} + 1) & 1023;".format(v.lvalue(), v.read()))
        self.lg(name, "{}({})".format(name, self.rng.randint(0, 9)))

    def future_expr(self, outputs=("int",)):
        """A future (not awaited) for a combinator: a leaf, or a call of an
        async function with plain arguments (calling it runs nothing)."""
        c = self.c().but(loud=False, susp=False, writes=False, temps=False)
        objs = self.arg_vars("obj", "cobj")
        fns = [fn for fn in self.callable_fns(("int",), self.c())
               if not any(k == "obj" or (k == "cobj" and not objs) for k, _ in fn.params)] \
            if "int" in outputs else []
        k = self.pick([(3 if "int" in outputs else 0, "leaf"),
                       (1 if "int" in outputs else 0, "quiet"),
                       (1 if "void" in outputs and self.feat["tick"] else 0, "tick"),
                       (3 if fns else 0, "call")])
        if k == "leaf":
            self.add_cost(3)
            return "fz::leaf({}, {}, {})".format(self.new_site(), self.times(),
                                                 self.rng.randint(0, 9)), "int"
        if k == "quiet":
            return "fz::quiet({}, {})".format(self.times(), self.rng.randint(0, 9)), "int"
        if k == "tick":
            self.add_cost(2)
            return "fz::tick({}, {})".format(self.new_site(), self.times()), "void"
        fn = self.rng.choice(fns)
        texts, _ = self.call_args(fn, c, 0)
        self.add_cost(fn.cost)
        return "{}({})".format(self.callee(fn), ", ".join(texts)), "int"

    def s_join(self, depth):
        n = self.rng.randint(2, 3)
        futs = [self.future_expr(("int", "void")) for _ in range(n)]
        call = "co_await hoist::join({})".format(", ".join(f for f, _ in futs))
        if self.p(0.6):
            names = [self.fresh("j") for _ in futs]
            self.emit("auto [{}] = {};".format(", ".join(names), call))
            self.gap(depth)
            for nm, (_, out) in zip(names, futs):
                if out == "int":
                    self.lg(nm, nm)
                else:
                    self.show(nm, nm)
        else:
            name = self.fresh("jr")
            self.emit("auto {} = {};".format(name, call))
            self.gap(depth)
            self.show(name, name)
            i = self.rng.randrange(len(futs))
            self.show(name, "std::get<{}>({})".format(i, name))

    def s_select(self, depth):
        # Pending different numbers of times: one completes first.
        n = self.rng.randint(2, 3)
        counts = self.rng.sample(range(0, 5), n)
        futs = []
        for t in counts:
            if self.feat["tick"] and self.p(0.2):
                futs.append("fz::tick({}, {})".format(self.new_site(), t))
            else:
                futs.append("fz::leaf({}, {}, {})".format(self.new_site(), t,
                                                          self.rng.randint(0, 9)))
            self.add_cost(3)
        name = self.fresh("sel")
        self.emit("auto {} = co_await hoist::select_biased({});".format(name, ", ".join(futs)))
        self.gap(depth)
        self.lg(name, "static_cast<int>({}.index())".format(name))
        self.show(name, name)

    def s_join_all(self, depth):
        name = self.fresh("ja")
        v = self.fresh("futs")
        fns = [fn for fn in self.callable_fns(("int", "void"), self.c())
               if all(k == "int" for k, _ in fn.params) and
               fn.kind in ("free", "static", "template", "lambda")]
        n = self.rng.randint(0, 3)
        if fns and self.p(0.6):
            fn = self.rng.choice(fns)
            callee = self.callee(fn)
            zeros = ", ".join("0" for _ in fn.params)
            self.emit("std::vector<decltype({}({}))> {};".format(callee, zeros, v))
            for _ in range(n):
                args = [self.mask(self.simple(self.c()).t) for _ in fn.params]
                self.emit("{}.push_back({}({}));".format(v, callee, ", ".join(args)))
                self.add_cost(fn.cost)
        else:
            futs = []
            for _ in range(n):
                futs.append("fz::leaf({}, {}, {})".format(self.new_site(), self.times(),
                                                          self.rng.randint(0, 9)))
                self.add_cost(3)
            self.emit("std::vector<fz::Leaf> {}{{{}}};".format(v, ", ".join(futs)))
        self.emit("auto {} = co_await hoist::join_all(std::move({}));".format(name, v))
        self.gap(depth)
        self.show(name, name)

    def s_future_template(self, depth):
        a, _ = self.future_expr()
        b, _ = self.future_expr()
        call = "co_await " + self.helper("h_both", a, b)
        self.add_cost(2)
        if self.p(0.5):
            self.lg("both", call)
        else:
            name = self.fresh("bo")
            self.emit("int {} = {};".format(name, call))
            self.gap(depth)
            self.lg(name, name)
            self.declare(Var(name, "int"))

    def s_variadic(self, depth):
        if self.p(0.5):
            n = self.rng.randint(0, 4)
            args = []
            flags = E("")
            for _ in range(n):
                e = self.expr(self.c().after(flags) if args else self.c(), 1)
                flags = flags.union(e)
                t = self.mask(e.t)
                if self.p(0.25):
                    t = "static_cast<long>({})".format(t)
                args.append(t)
            call = "co_await " + self.helper("h_sum", *args)
        else:
            self.add_cost(1)
            args = [self.future_expr()[0] for _ in range(self.rng.randint(1, 3))]
            call = "co_await " + self.helper("h_all", *args)
            self.add_cost(len(args))
        if self.p(0.5):
            self.lg("va", call)
        else:
            name = self.fresh("va")
            self.emit("int {} = {};".format(name, call))
            self.gap(depth)
            self.lg(name, name)
            self.declare(Var(name, "int"))

    # -- functions and main ----------------------------------------------

    def body(self, depth, nstmts):
        """A function body (after the opening brace)."""
        fn = self.fn
        for kind, name in fn.params:
            what = name if kind in ("int", "iref") else name + ".get()"
            self.emit("fz::lg({}, {});".format(self.tag(name), what))
        if fn.kind in ("member", "const_member"):
            self.emit("fz::lg({}, base);".format(self.tag("base")))
        self.emit("fz::log({});".format(self.tag("enter")))
        if fn.kind != "lambda":
            # Objects to call the members of the other functions on.
            for other in self.fns:
                if other.kind in ("member", "const_member") and self.p(0.7):
                    name = self.fresh("s")
                    self.emit("{} {}{{{}}};".format(other.owner, name, self.rng.randint(0, 9)))
                    self.emit("fz::lg({}, {}.base);".format(self.tag(name), name))
                    self.declare(Var(name, "sobj", fn=other))
        # The body must await (or co_return) to be a coroutine.
        if self.p(0.7):
            self.emit(self.await_leaf(self.c(), 1).t + ";")
        else:
            self.emit("co_await fz::quiet({}, {});".format(self.times(), self.rng.randint(0, 9)))
        self.scopes.append([])
        for _ in range(nstmts):
            self.stmt(depth)
        self.log_scope()
        if fn.ret == "void":
            self.emit("fz::log({});".format(self.tag("exit")))
            if self.p(0.5):
                self.emit("co_return;")
        else:
            self.emit(self.ret_value())
        self.scopes.pop()

    def param_type(self, fn, kind, index):
        if fn.kind == "template" and kind == "int" and index == fn.tparam:
            return "T "
        return {"int": "int ", "obj": "fz::Obj ", "iref": "int &",
                "cobj": "const fz::Obj &"}[kind]

    def function(self, index, nfns):
        top = index == nfns - 1
        f = self.feat
        ret = self.pick([(8, "int"), (2 if f["void_fns"] and not top else 0, "void"),
                         (1 if f["obj_return"] else 0, "obj")])
        kind = self.pick([(10, "free"), (2 if f["members"] else 0, "member"),
                          (1 if f["members"] else 0, "const_member"),
                          (1 if f["static_members"] else 0, "static"),
                          (2 if f["templates"] else 0, "template")])
        kinds = ["int", "int", "int"]
        if f["obj_params"]:
            kinds += ["obj"]
        if f["ref_params"]:
            kinds += ["iref", "cobj"]
        params = [(self.rng.choice(kinds), "a{}".format(i))
                  for i in range(self.rng.randint(0, 4))]
        fn = Fn("f{}".format(index), ret, params, kind)
        if kind == "template":
            ints = [i for i, (k, _) in enumerate(params) if k == "int"]
            if not ints:
                params.append(("int", "a{}".format(len(params))))
                ints = [len(params) - 1]
            fn.tparam = self.rng.choice(ints)
        self.fn = fn
        self.counter = 0
        self.scopes = [[]]
        self.lines = []
        member = kind in ("member", "const_member", "static")
        self.indent = 2 if member else 1
        self.mult = 1
        self.loop_depth = 0
        self.in_switch_case = False
        self.in_try = False
        self.in_catch = False
        self.in_args = False
        self.in_lambda = False
        self.outer = None
        self.dependent = kind == "template"
        self.budget = 60 + 40 * index
        if kind in ("member", "const_member"):
            w = kind == "member"
            # One spelling per function: clang sees through `base == this->base`.
            self.declare(Var(self.rng.choice(["base", "this->base"]), "int",
                             writable=w, bindable=w))
        for pk, name in params:
            self.declare(Var(name, pk))
        self.body(depth=3, nstmts=self.rng.randint(2, 7))
        self.fns.append(fn)
        ps = ", ".join(self.param_type(fn, k, i) + n for i, (k, n) in enumerate(params))
        sig = "hoist::Async<{}> {}({})".format(fn.ret_type(), fn.name, ps)
        body = "\n".join(self.lines)
        if kind == "template":
            return "template <class T>\n{} {{\n{}\n}}\n".format(sig, body)
        if not member:
            return "{} {{\n{}\n}}\n".format(sig, body)
        out = ["struct {} {{".format(fn.owner)]
        if kind != "static":
            out.append("  int base;")
        out.append("  {}{}{} {{".format("static " if kind == "static" else "", sig,
                                        " const" if kind == "const_member" else ""))
        out.append(body)
        out.append("  }")
        out.append("};")
        return "\n".join(out) + "\n"

    def main_call(self, fn, decls):
        """A call from main(). Objects passed by value are declared first
        (in `decls`) and moved: the order in which a call's arguments are
        evaluated is unspecified. A member's object is declared there too."""
        args = []
        for kind, name in fn.params:
            if kind == "int":
                args.append(str(self.rng.randint(0, 12)))
            elif kind == "obj":
                self.counter += 1
                decls.append('fz::Obj a{0}("main.a{0}", {1});'.format(
                    self.counter, self.rng.randint(0, 9)))
                args.append("std::move(a{})".format(self.counter))
            elif kind == "iref":
                args.append(self.rng.choice(["g0", "g1"]))
            else:
                args.append(self.rng.choice(["m0", "m1"]))
        callee = fn.name
        if fn.kind in ("member", "const_member"):
            self.counter += 1
            obj = "s{}".format(self.counter)
            decls.append("{} {}{{{}}};".format(fn.owner, obj, self.rng.randint(0, 9)))
            callee = "{}.{}".format(obj, fn.name)
        elif fn.kind == "static":
            callee = "{}::{}".format(fn.owner, fn.name)
        return "{}({})".format(callee, ", ".join(args))

    def program(self, namespace=None):
        """The program's text: a whole program, or (with `namespace`) its
        declarations in that namespace, main() renamed to main_() in it."""
        nfns = self.rng.randint(2, 6)
        parts = []
        for i in range(nfns):
            parts.append(self.function(i, nfns))
        self.counter = 0
        parts[:0] = [HELPERS[h] for h in HELPERS if h in self.helpers]
        top = self.fns[-1]
        m = ["int main_() {" if namespace else "int main() {",
             "  fz::init();",
             "  int g0 = 1, g1 = 2;",
             '  fz::Obj m0("main.m0", 10), m1("main.m1", 11);',
             "  {"]
        decls = []
        call = self.main_call(top, decls)
        m.extend("    " + d for d in decls)
        m.append('    fz::run("{}", {});'.format(top.name, call))
        m.append("  }")
        m.append('  fz::lg("g0", g0);')
        m.append('  fz::lg("g1", g1);')
        for k in range(self.rng.randint(1, 4)):
            fn = self.rng.choice(self.fns)
            n = self.rng.choice([0, 1, 2, 3, 5, 8, 13, 21])
            m.append("  {")
            m.append('    fz::log("cancel {} {} after {} polls");'.format(k, fn.name, n))
            decls = []
            call = self.main_call(fn, decls)
            m.extend("    " + d for d in decls)
            m.append("    auto fut = {};".format(call))
            m.append("    fz::poll_n(fut, {});".format(n))
            m.append('    fz::log("drop {}");'.format(k))
            m.append("  }")
            m.append('  fz::log("dropped {}");'.format(k))
            m.append('  fz::lg("g0", g0);')
            m.append('  fz::lg("g1", g1);')
        m.append("}")
        if namespace:
            m.insert(-1, "  return 0;")
            return "namespace {} {{\n\n{}\n{}\n}} // namespace {}\n".format(
                namespace, "\n".join(parts), "\n".join(m), namespace)
        head = ["// Generated by test/fuzz/gen.py, seed {}.".format(self.seed),
                "#include <hoist/hoist.hpp>",
                '#include "fuzz_support.hpp"', "", "#include <utility>", ""]
        return "\n".join(head) + "\n" + "\n".join(parts) + "\n" + "\n".join(m) + "\n"


def features_from(enable=None, disable=None):
    """The default features, with the comma-separated lists in `enable` and
    `disable` (lists of strings) turned on and off ("all" for every one)."""
    feat = {k: v[0] for k, v in FEATURES.items()}
    for value, names in ((True, enable), (False, disable)):
        for group in names or []:
            for n in filter(None, group.split(",")):
                if n == "all":
                    feat = {k: value for k in feat}
                elif n not in feat:
                    raise SystemExit("gen.py: unknown feature {!r} (see --list-features)"
                                     .format(n))
                else:
                    feat[n] = value
    return feat


def generate(seed, feat=None):
    return Gen(seed, feat or features_from()).program()


SECTION = "@@@ seed "


def generate_batch(seeds, feat=None):
    """Several seeds' programs in one translation unit: each in a namespace
    seed_N with its main() renamed, and a main() that runs them in turn,
    printing SECTION and the seed before each. Each section prints what the
    seed's own program prints (fz::init() is idempotent)."""
    feat = feat or features_from()
    head = ["// Generated by test/fuzz/gen.py, seeds {}.".format(
        " ".join(str(s) for s in seeds)),
        "#include <hoist/hoist.hpp>",
        '#include "fuzz_support.hpp"', "", "#include <cstdio>", "#include <utility>", ""]
    parts = [Gen(s, feat).program(namespace="seed_{}".format(s)) for s in seeds]
    m = ["int main() {", "  fz::init();"]
    for s in seeds:
        m.append('  std::printf("{}{}\\n");'.format(SECTION, s))
        m.append("  seed_{}::main_();".format(s))
    m.append("}")
    return "\n".join(head) + "\n" + "\n".join(parts) + "\n" + "\n".join(m) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seed", type=int, nargs="*",
                    help="one seed: its program; several: one batch (see generate_batch)")
    ap.add_argument("-o", "--output")
    ap.add_argument("--enable", action="append", help="features to turn on (comma-separated)")
    ap.add_argument("--disable", action="append", help="features to turn off")
    ap.add_argument("--list-features", action="store_true")
    a = ap.parse_args()
    if a.list_features:
        for k, (on, what) in FEATURES.items():
            print("{:26} {:4} {}".format(k, "on" if on else "off", what))
            if k in KNOWN_BUGS:
                print("{:31} off for: {}".format("", KNOWN_BUGS[k]))
        return
    if not a.seed:
        ap.error("a seed is required")
    feat = features_from(a.enable, a.disable)
    text = generate(a.seed[0], feat) if len(a.seed) == 1 else generate_batch(a.seed, feat)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
