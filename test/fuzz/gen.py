#!/usr/bin/env python3
"""Generates a random async C++ program for the differential tester.

    python3 gen.py SEED [-o prog.cpp] [--enable FEATURE] [--disable FEATURE]

The program is in Hoist's input language (C++20 that clang parses, async
functions returning hoist::Async<T>), includes <hoist/hoist.hpp> and
fuzz_support.hpp, and logs every step worth seeing, so that two backends
that disagree on its meaning print different things. The same seed and the
same features give the same program, byte for byte.

What the programs are made of:
  - async functions f0..fN; fK may await fJ for J < K (no recursion);
    parameters are ints, fz::Obj by value, int& and const fz::Obj&;
    results are int or void;
  - locals: ints, fz::Obj (logs its construction and destruction), int&
    and int* aliases of other locals, const fz::Obj& bound to a temporary;
  - statements: blocks, if/else, for, while, do, switch (fallthrough,
    default), break, continue, co_return from anywhere, try/catch/throw;
  - co_await of leaf futures (pending k times, then ready), of futures that
    throw, and of the other async functions, in every expression position:
    statements, initializers, assignments, co_return, conditions, call
    arguments, operands of && || ?: and the comma, nested awaits;
  - main() runs the last function with hoist::block_on, then creates
    futures, polls them a few times with a no-op waker and destroys them
    (cancellation).

C++ leaves the order of some evaluations unspecified (the operands of `+`,
the arguments of a call). Two correct backends may pick different orders,
so an operand with a visible effect (it logs, or it may write a variable
through a reference) never stands beside another operand that has one, or
that suspends, or (for writes) that reads a variable. Awaits of fz::quiet
(no logging) may stand side by side: `co_await q(..) + co_await q(..)`.

Constructs the tool cannot lower yet are behind features (FEATURES below),
off by default until they work; --enable turns one on.
"""
import argparse
import random
import sys

# Features: name -> (on by default, what it generates)
FEATURES = {
    "void_fns": (True, "async functions returning hoist::Async<void>"),
    "obj_params": (True, "fz::Obj parameters by value"),
    "ref_params": (True, "int& and const fz::Obj& parameters"),
    "aliases": (True, "int& and int* locals aliasing other locals"),
    "switch": (True, "switch statements with fallthrough and default"),
    "do_while": (True, "do-while loops"),
    "exceptions": (True, "try/catch/throw, futures that throw"),
    "rethrow": (True, "`throw;` in a catch handler"),
    "jump_in_catch": (True, "break/continue/co_return inside a catch handler"),
    "objleaf": (True, "awaiting a future whose output is a fz::Obj"),
    "temporaries": (True, "fz::Obj temporaries whose full-expression spans an await"),
    "lifetime_ext": (True, "const fz::Obj& bound to a temporary, held across awaits"),
    "comma": (True, "co_await in operands of the comma operator"),
    "ternary": (True, "co_await in operands of ?:"),
    "await_in_for_inc": (True, "co_await in the increment of a for loop"),
    "await_in_loop_cond": (True, "co_await in loop conditions"),
    "if_init": (True, "if (init; cond) with an await in the init"),
    "switch_init": (False, "switch (init; cond)"),
    "range_for": (False, "range-for over a local array, awaits in the body"),
    "braced_init": (True, "a braced aggregate initializer with several awaits"),
    "move_obj": (True, "passing std::move(local) to an Obj parameter"),
    "tick": (True, "awaiting void leaf futures"),
    "goto": (False, "goto that does not cross an await"),
    "lambdas": (False, "async lambdas"),
    "members": (False, "async member functions"),
    "templates": (False, "async function templates"),
}


class E:
    """A generated expression and what evaluating it may do."""
    __slots__ = ("t", "loud", "susp", "writes", "reads", "isbool", "top")

    def __init__(self, t, loud=False, susp=False, writes=False, reads=False):
        self.t = t
        self.isbool = False   # a comparison or a logical operator (bool)
        self.top = None       # the outermost binary operator, if any
        self.loud = loud      # prints something (logs, constructs an Obj, ...)
        self.susp = susp      # contains a co_await
        self.writes = writes  # may write a variable (an async call with int& args)
        self.reads = reads    # reads a variable

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
    __slots__ = ("loud", "susp", "writes", "reads", "await_ok")

    def __init__(self, loud=True, susp=True, writes=True, reads=True, await_ok=True):
        self.loud, self.susp, self.writes, self.reads, self.await_ok = \
            loud, susp, writes, reads, await_ok

    def after(self, e):
        """The constraints on an operand unsequenced with the operand `e`."""
        return C(loud=self.loud and not (e.loud or e.susp or e.writes),
                 susp=self.susp and not (e.loud or e.writes),
                 writes=self.writes and not (e.loud or e.susp or e.writes or e.reads),
                 reads=self.reads and not e.writes,
                 await_ok=self.await_ok)

    def can_await(self):
        return self.await_ok and self.susp


class Var:
    __slots__ = ("name", "kind", "writable", "bindable")

    def __init__(self, name, kind, writable=True, bindable=True):
        self.name = name
        self.kind = kind          # int | iref | ptr | obj | cobj
        self.writable = writable  # may be assigned (loop counters may not)
        self.bindable = bindable  # may be bound to int& / int*

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
    def __init__(self, name, ret, params):
        self.name = name
        self.ret = ret          # "int" | "void"
        self.params = params    # [(kind, name)]: int | obj | iref | cobj
        self.cost = 1


class Gen:
    def __init__(self, seed, features):
        self.rng = random.Random(seed)
        self.seed = seed
        self.feat = features
        self.fns = []
        self.site = 0        # await sites, numbered over the whole program
        self.out = []

    # -- helpers ---------------------------------------------------------

    def p(self, prob):
        return self.rng.random() < prob

    def pick(self, weighted):
        """weighted: list of (weight, value); entries with weight 0 skipped."""
        total = sum(w for w, _ in weighted if w > 0)
        r = self.rng.random() * total
        for w, v in weighted:
            if w <= 0:
                continue
            r -= w
            if r < 0:
                return v
        return [v for w, v in weighted if w > 0][-1]

    def new_site(self):
        self.site += 1
        return self.site

    def fresh(self, prefix):
        self.counter += 1
        return "{}{}".format(prefix, self.counter)

    def tag(self, what):
        return '"{}.{}"'.format(self.fn.name, what)

    def vars(self, *kinds):
        return [v for scope in self.scopes for v in scope if v.kind in kinds]

    def add_cost(self, n):
        self.fn.cost += self.mult * n

    def emit(self, line):
        self.lines.append("  " * self.indent + line)

    # -- expressions -----------------------------------------------------

    def leaf_value(self, c, depth):
        """The value a leaf future is made with: a constant or an expression."""
        if depth > 0 and self.p(0.25):
            return self.expr(c, depth - 1)
        return E(str(self.rng.randint(0, 9)))

    def times(self):
        return self.rng.choice([0, 1, 1, 2, 3])

    def await_leaf(self, c, depth):
        v = self.leaf_value(c, depth)
        self.add_cost(2 + 1)
        return v.union(E(""), t="co_await fz::leaf({}, {}, {})".format(
            self.new_site(), self.times(), v.t))._set(loud=True, susp=True)

    def call_args(self, fn, c, depth, in_main=False):
        """Arguments for a call of `fn`; returns (texts, flags). The arguments
        are unsequenced with each other."""
        texts = []
        flags = E("")
        for kind, _ in fn.params:
            cc = c.after(flags) if texts else c
            cc = C(cc.loud, cc.susp, cc.writes, cc.reads, c.await_ok)
            if kind == "int":
                e = self.expr(cc, depth) if depth > 0 else self.simple(cc)
                texts.append(self.mask(e.t))
                flags = flags.union(e)
            elif kind == "obj":
                objs = self.vars("obj", "cobj")
                movable = [v for v in self.vars("obj") if v.writable]
                r = self.rng.random()
                if self.feat["move_obj"] and movable and r < 0.15:
                    v = self.rng.choice(movable)
                    texts.append("std::move({})".format(v.name))
                    flags = flags.union(E("", writes=True))
                elif objs and r < 0.4 and cc.loud:
                    # A copy: logs "+name'".
                    texts.append(self.rng.choice(objs).name)
                    flags = flags.union(E("", loud=True, reads=True))
                else:
                    e = self.expr(cc, depth - 1) if depth > 0 else self.simple(cc)
                    texts.append("fz::Obj({}, {})".format(self.tag(self.fresh("a")), e.t))
                    flags = flags.union(e, E("", loud=True))
            elif kind == "iref":
                targets = [v for v in self.vars("int", "iref", "ptr")
                           if v.writable and v.bindable]
                texts.append(self.rng.choice(targets).lvalue())
            elif kind == "cobj":
                objs = self.vars("obj", "cobj")
                if objs and (in_main or self.p(0.7)):
                    texts.append(self.rng.choice(objs).name)
                else:
                    e = self.simple(cc)
                    texts.append("fz::Obj({}, {})".format(self.tag(self.fresh("r")), e.t))
                    flags = flags.union(e, E("", loud=True))
        if any(k == "iref" for k, _ in fn.params):
            flags = flags.union(E("", writes=True))
        return texts, flags

    def callable_fns(self, ret, c):
        """Async functions this one may await here (acyclic, within budget)."""
        out = []
        for fn in self.fns:
            if ret is not None and fn.ret != ret:
                continue
            if self.mult * fn.cost > self.budget - self.fn.cost:
                continue
            if any(k == "iref" for k, _ in fn.params):
                if not c.writes:
                    continue
                if not [v for v in self.vars("int", "iref", "ptr") if v.writable and v.bindable]:
                    continue
            out.append(fn)
        return out

    def await_call(self, fn, c, depth):
        texts, flags = self.call_args(fn, c, depth - 1)
        self.add_cost(fn.cost)
        e = flags.union(E(""), t="co_await {}({})".format(fn.name, ", ".join(texts)))
        e.loud = e.susp = True
        return e

    def simple(self, c):
        """A constant or a variable read: no effects."""
        readable = self.vars("int", "iref", "ptr", "obj", "cobj") if c.reads else []
        if readable and self.p(0.6):
            return E(self.rng.choice(readable).read(), reads=True)
        return E(str(self.rng.randint(0, 12)))

    def mask(self, t):
        """Keeps stored values small (no overflow anywhere)."""
        if t.isdigit():
            return t
        return "({}) & 1023".format(t)

    def expr(self, c, depth):
        """An int expression."""
        if depth <= 0:
            return self.simple(c)
        aw = c.can_await()
        fns = self.callable_fns("int", c) if aw and c.loud else []
        objs = self.vars("obj", "cobj") if c.reads else []
        choices = [
            (3, "simple"),
            (2 if c.loud else 0, "lg"),
            (4 if aw and c.loud else 0, "leaf"),
            (3 if aw else 0, "quiet"),
            (3 if fns else 0, "call"),
            (1 if aw and c.loud and self.feat["exceptions"] and self.in_try else 0, "boom"),
            (1 if aw and c.loud and self.feat["objleaf"] else 0, "objleaf"),
            (1 if c.loud and self.feat["temporaries"] else 0, "touch"),
            (1 if objs and c.loud else 0, "get"),
            (5, "binop"),
            (2, "mix"),
            (3, "logic"),
            (2 if self.feat["ternary"] else 0, "ternary"),
            (1 if self.feat["comma"] and (c.loud or aw) else 0, "comma"),
        ]
        k = self.pick(choices)
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
                if a.t == b.t:
                    # `x == x` is a warning (-Wtautological-compare).
                    b = E(str(self.rng.randint(0, 12)))
                if (a.isbool or a.top in ("&", "|")) and b.t.isdigit() or \
                        (b.isbool or b.top in ("&", "|")) and a.t.isdigit():
                    op = "+"
                else:
                    return self.boolean(a.union(b, t="({} {} {})".format(a.t, op, b.t)))
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
            cnd = self.cond(c, depth - 1)
            a = self.expr(c, depth - 1)
            b = self.expr(c, depth - 1)
            return cnd.union(a, b, t="({} ? {} : {})".format(cnd.t, a.t, b.t))
        if k == "comma":
            left = self.effect_expr(c, depth - 1)
            right = self.expr(c, depth - 1)
            return left.union(right, t="({}, {})".format(left.t, right.t))
        raise AssertionError(k)

    def effect_expr(self, c, depth):
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

    @staticmethod
    def boolean(e):
        e.isbool = True
        return e

    def cond(self, c, depth):
        """A condition (an int expression used as a truth value)."""
        k = self.pick([(5, "cmp"), (2 if depth > 0 else 0, "and"),
                       (2 if depth > 0 else 0, "or"), (1, "not"),
                       (1 if c.can_await() and c.loud else 0, "await")])
        if k == "cmp":
            a = self.expr(c, max(depth - 1, 0))
            if a.isbool:
                # Comparing a bool with 8 is a warning (always true).
                op, k = self.rng.choice(["==", "!="]), self.rng.randint(0, 1)
            elif a.top in ("&", "|"):
                # `(x & 8) == 4` is a warning too (-Wtautological-bitwise-compare).
                op, k = self.rng.choice(["<", ">", "<=", ">="]), self.rng.randint(0, 12)
            else:
                op, k = self.rng.choice(["<", ">", "<=", ">=", "==", "!="]), \
                    self.rng.randint(0, 12)
            return self.boolean(a.union(E(""), t="({} {} {})".format(a.t, op, k)))
        if k in ("and", "or"):
            # Sequenced: the right operand may do anything, and runs only if
            # the left one does not decide.
            a = self.cond(c, depth - 1)
            b = self.cond(c, depth - 1)
            return self.boolean(a.union(b, t="({} {} {})".format(
                a.t, "&&" if k == "and" else "||", b.t)))
        if k == "not":
            a = self.cond(c, max(depth - 1, 0))
            return self.boolean(a.union(E(""), t="(!{})".format(a.t)))
        return self.await_leaf(c, 0)

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
        choices = [
            (4, "decl"),
            (2, "objdecl"),
            (4, "assign"),
            (3, "await") if aw else (0, None),
            (2, "call") if aw else (0, None),
            (2, "log"),
            (3 if depth > 0 else 0, "if"),
            (2 if depth > 0 and aw else 0, "for"),
            (1 if depth > 0 and aw else 0, "while"),
            (1 if depth > 0 and aw and self.feat["do_while"] else 0, "do"),
            (2 if depth > 0 and self.feat["switch"] else 0, "switch"),
            (1 if depth > 0 else 0, "block"),
            (2 if in_loop else 0, "break"),
            (2 if in_loop else 0, "continue"),
            (1.5, "return"),
            (2 if depth > 0 and aw and self.feat["exceptions"] else 0, "try"),
            (1.5 if self.feat["exceptions"] and self.in_try else 0, "throw"),
            (0.2 if self.feat["exceptions"] and not self.in_try else 0, "throw"),
            (1 if self.feat["aliases"] else 0, "alias"),
            (1 if self.feat["lifetime_ext"] and aw else 0, "cref"),
            (1 if self.feat["braced_init"] and aw else 0, "braced"),
            (1 if self.feat["if_init"] and aw and depth > 0 else 0, "ifinit"),
            (1 if self.feat["tick"] and aw else 0, "tick"),
            (1 if self.feat["range_for"] and aw and depth > 0 else 0, "rangefor"),
            (1 if self.feat["rethrow"] and self.in_catch else 0, "rethrow"),
        ]
        k = self.pick(choices)
        if self.in_switch_case and k == "continue" and not in_loop:
            k = "log"
        getattr(self, "s_" + k)(depth)

    def c(self):
        return C(await_ok=not self.in_catch)

    def s_decl(self, depth):
        e = self.expr(self.c(), self.rng.randint(0, 3))
        name = self.fresh("x")
        self.emit("int {} = {};".format(name, self.mask(e.t)))
        self.declare(Var(name, "int"))

    def s_objdecl(self, depth):
        name = self.fresh("o")
        if self.feat["objleaf"] and not self.in_catch and self.p(0.25):
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
        if form == 0 or not e.susp and e.t.isdigit():
            self.emit("{} = {};".format(v.lvalue(), self.mask(e.t)))
        elif form == 1:
            # C++17: the right side is sequenced before the left.
            self.emit("{} += {};".format(v.lvalue(), e.t))
            self.emit("{} &= 1023;".format(v.lvalue()))
        else:
            # Reads the target and awaits in one full-expression: fine only if
            # the other operand cannot write it.
            if e.writes or e.loud:
                self.emit("{} = {};".format(v.lvalue(), self.mask(e.t)))
            else:
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
        fns = self.callable_fns(None, self.c())
        if not fns:
            return self.s_await(depth)
        fn = self.rng.choice(fns)
        e = self.await_call(fn, self.c(), 2)
        if fn.ret == "int" and self.p(0.5):
            self.emit("fz::lg({}, {});".format(self.tag(self.fresh("r")), e.t))
        else:
            self.emit(e.t + ";")

    def s_log(self, depth):
        e = self.expr(self.c(), self.rng.randint(0, 2))
        self.emit("fz::lg({}, {});".format(self.tag(self.fresh("l")), e.t))
        self.add_cost(1)

    def s_tick(self, depth):
        self.emit("co_await fz::tick({}, {});".format(self.new_site(), self.times()))
        self.add_cost(2)

    def sub_block(self, depth, label, n=None):
        """`{ ... }` with a marker at its start."""
        self.emit("{")
        self.inner(depth, label, n)
        self.emit("}")

    def inner(self, depth, label, n=None):
        """The statements between braces, with a marker first."""
        self.indent += 1
        self.emit("fz::log({});".format(self.tag(label)))
        self.add_cost(1)
        self.block(depth, n)
        self.indent -= 1

    def s_if(self, depth):
        label = self.fresh("if")
        cnd = self.cond(self.c(), self.rng.randint(0, 2))
        self.emit("if {} {{".format(self.paren(cnd.t)))
        self.inner(depth - 1, label + ".then")
        k = 0
        while self.p(0.6):
            if self.p(0.3) and k < 2:
                k += 1
                cnd = self.cond(self.c(), self.rng.randint(0, 2))
                self.emit("}} else if {} {{".format(self.paren(cnd.t)))
                self.inner(depth - 1, "{}.elif{}".format(label, k))
                continue
            self.emit("} else {")
            self.inner(depth - 1, label + ".else")
            break
        self.emit("}")

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

    def trip(self):
        return self.rng.randint(1, 3)

    def loop_body(self, depth, label):
        self.loop_depth += 1
        saved_switch = self.in_switch_case
        self.in_switch_case = False
        self.sub_block(depth - 1, label)
        self.in_switch_case = saved_switch
        self.loop_depth -= 1

    def s_for(self, depth):
        i = self.fresh("i")
        n = self.trip()
        bound = str(n)
        if self.feat["await_in_loop_cond"] and self.p(0.3):
            if self.p(0.5):
                bound = "co_await fz::leaf({}, {}, {})".format(self.new_site(), self.times(), n)
                self.add_cost(3 * (n + 1))
            else:
                bound = "co_await fz::quiet({}, {})".format(self.times(), n)
        inc = "++" + i
        if self.feat["await_in_for_inc"] and self.p(0.2):
            inc = "{} += co_await fz::quiet({}, 1)".format(i, self.times())
        self.emit("for (int {0} = 0; {0} < {1}; {2})".format(i, bound, inc))
        saved = self.mult
        self.mult *= n
        self.scopes.append([Var(i, "int", writable=False, bindable=False)])
        self.loop_body(depth, i)
        self.scopes.pop()
        self.mult = saved

    def s_while(self, depth):
        w = self.fresh("w")
        n = self.trip()
        self.emit("int {} = 0;".format(w))
        self.declare(Var(w, "int", writable=False, bindable=False))
        cnd = "{} < {}".format(w, n)
        if self.feat["await_in_loop_cond"] and self.p(0.4):
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
        self.emit("while ({})".format(cnd))
        saved = self.mult
        self.mult *= n
        # The counter moves first, so `continue` cannot skip it.
        self.loop_depth += 1
        saved_switch = self.in_switch_case
        self.in_switch_case = False
        self.emit("{")
        self.indent += 1
        self.emit("++{};".format(w))
        self.emit("fz::log({});".format(self.tag(w)))
        self.block(depth - 1)
        self.indent -= 1
        self.emit("}")
        self.in_switch_case = saved_switch
        self.loop_depth -= 1
        self.mult = saved

    def s_do(self, depth):
        d = self.fresh("d")
        n = self.trip()
        self.emit("int {} = 0;".format(d))
        self.declare(Var(d, "int", writable=False, bindable=False))
        saved = self.mult
        self.mult *= n
        self.loop_depth += 1
        saved_switch = self.in_switch_case
        self.in_switch_case = False
        self.emit("do {")
        self.indent += 1
        self.emit("++{};".format(d))
        self.emit("fz::log({});".format(self.tag(d)))
        self.block(depth - 1)
        self.indent -= 1
        cnd = "{} < {}".format(d, n)
        if self.feat["await_in_loop_cond"] and self.p(0.3):
            cnd = "co_await fz::leaf({}, {}, {}) < {}".format(
                self.new_site(), self.times(), d, n)
            self.add_cost(3 * n)
        self.emit("}} while ({});".format(cnd))
        self.in_switch_case = saved_switch
        self.loop_depth -= 1
        self.mult = saved

    def s_switch(self, depth):
        e = self.expr(self.c(), self.rng.randint(0, 2))
        ncases = self.rng.randint(2, 4)
        labels = self.rng.sample(range(0, 4), ncases)
        has_default = self.p(0.7)
        entries = ["case {}".format(x) for x in labels]
        if has_default:
            entries.insert(self.rng.randint(0, len(entries)), "default")
        sw = self.fresh("sw")
        self.emit("switch (({}) & 3) {{".format(e.t))
        self.switch_depth += 1
        saved = self.in_switch_case
        self.in_switch_case = True
        for idx, entry in enumerate(entries):
            self.emit(entry + ": {")
            self.indent += 1
            self.emit("fz::log({});".format(self.tag("{}.{}".format(sw, entry.replace(" ", "")))))
            self.add_cost(1)
            self.block(depth - 1, n=self.rng.randint(0, 3))
            self.indent -= 1
            self.emit("}")
            last = idx == len(entries) - 1
            r = self.rng.random()
            if not last and r < 0.4:
                self.emit("[[fallthrough]];")
            elif r < 0.85 or not last:
                self.emit("break;")
        self.emit("}")
        self.in_switch_case = saved
        self.switch_depth -= 1

    def s_block(self, depth):
        self.sub_block(depth - 1, self.fresh("blk"))

    def guard(self):
        """A condition for a jump (so the code after it stays reachable)."""
        return self.paren(self.cond(self.c(), self.rng.randint(0, 1)).t)

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
        e = self.expr(self.c(), self.rng.randint(0, 2))
        return "co_return {};".format(self.mask(e.t))

    def s_return(self, depth):
        if self.in_catch and not self.feat["jump_in_catch"]:
            return self.s_log(depth)
        g = self.guard()
        self.emit("if {} {{".format(g))
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
        name = self.fresh("p" if self.p(0.5) else "r")
        if name.startswith("p"):
            self.emit("int *{} = &{};".format(name, t.name))
            self.declare(Var(name, "ptr"))
        else:
            self.emit("int &{} = {};".format(name, t.name))
            self.declare(Var(name, "iref"))

    def s_cref(self, depth):
        name = self.fresh("cr")
        e = self.expr(self.c(), 1)
        self.emit("const fz::Obj &{} = fz::Obj({}, {});".format(name, self.tag(name),
                                                                 self.mask(e.t)))
        self.add_cost(2)
        self.declare(Var(name, "cobj"))

    def s_braced(self, depth):
        # Braced initializers are evaluated left to right: loud awaits are fine.
        name = self.fresh("pr")
        a = self.expr(self.c(), 2)
        b = self.expr(self.c(), 2)
        self.emit("int {}[2] = {{{}, {}}};".format(name, self.mask(a.t), self.mask(b.t)))
        self.emit("fz::lg({}, {}[0] + {}[1]);".format(self.tag(name), name, name))
        self.add_cost(1)

    def s_ifinit(self, depth):
        t = self.fresh("t")
        e = self.expr(self.c(), 2)
        self.emit("if (int {} = {}; {} > {})".format(t, self.mask(e.t), t,
                                                   self.rng.randint(0, 8)))
        self.scopes.append([Var(t, "int")])
        label = self.fresh("ifi")
        self.sub_block(depth - 1, label)
        self.scopes.pop()

    def s_rangefor(self, depth):
        arr = self.fresh("arr")
        n = self.trip()
        vals = [self.mask(self.expr(self.c(), 1).t) for _ in range(n)]
        self.emit("int {}[{}] = {{{}}};".format(arr, n, ", ".join(vals)))
        v = self.fresh("e")
        self.emit("for (int {} : {})".format(v, arr))
        saved = self.mult
        self.mult *= n
        self.scopes.append([Var(v, "int", writable=False, bindable=False)])
        self.loop_body(depth, v)
        self.scopes.pop()
        self.mult = saved

    # -- functions and main ----------------------------------------------

    def signature(self, fn, with_names=True):
        types = {"int": "int", "obj": "fz::Obj", "iref": "int &", "cobj": "const fz::Obj &"}
        ps = []
        for kind, name in fn.params:
            t = types[kind]
            ps.append(t + ("" if t.endswith("&") else " ") + name if with_names else t)
        return "hoist::Async<{}> {}({})".format(fn.ret, fn.name, ", ".join(ps))

    def function(self, index, nfns):
        ret = "void" if self.feat["void_fns"] and self.p(0.2) and index < nfns - 1 else "int"
        kinds = ["int", "int", "int"]
        if self.feat["obj_params"]:
            kinds += ["obj"]
        if self.feat["ref_params"]:
            kinds += ["iref", "cobj"]
        params = [(self.rng.choice(kinds), "a{}".format(i))
                  for i in range(self.rng.randint(0, 4))]
        fn = Fn("f{}".format(index), ret, params)
        self.fn = fn
        self.counter = 0
        self.scopes = [[]]
        self.lines = []
        self.indent = 1
        self.mult = 1
        self.loop_depth = 0
        self.switch_depth = 0
        self.in_switch_case = False
        self.in_try = False
        self.in_catch = False
        self.budget = 60 + 40 * index
        for kind, name in params:
            self.declare(Var(name, {"int": "int", "obj": "obj", "iref": "iref",
                                    "cobj": "cobj"}[kind]))
        # Every parameter is used (and shown) on entry.
        for kind, name in params:
            what = name if kind in ("int", "iref") else name + ".get()"
            self.emit("fz::lg({}, {});".format(self.tag(name), what))
        self.emit("fz::log({});".format(self.tag("enter")))
        # The body must await or co_return to be a coroutine.
        self.s_await(0)
        self.scopes.append([])
        for _ in range(self.rng.randint(2, 6)):
            self.stmt(3)
        self.log_scope()
        self.scopes.pop()
        if ret == "void":
            self.emit("fz::log({});".format(self.tag("exit")))
            if self.p(0.5):
                self.emit("co_return;")
        else:
            self.emit(self.ret_value())
        body = "\n".join(self.lines)
        self.fns.append(fn)
        return "{} {{\n{}\n}}\n".format(self.signature(fn), body)

    def main_args(self, fn):
        args = []
        for kind, name in fn.params:
            if kind == "int":
                args.append(str(self.rng.randint(0, 12)))
            elif kind == "obj":
                self.counter += 1
                args.append('fz::Obj("main.a{}", {})'.format(self.counter,
                                                             self.rng.randint(0, 9)))
            elif kind == "iref":
                args.append(self.rng.choice(["g0", "g1"]))
            else:
                args.append(self.rng.choice(["m0", "m1"]))
        return ", ".join(args)

    def program(self):
        nfns = self.rng.randint(2, 6)
        parts = []
        for i in range(nfns):
            parts.append(self.function(i, nfns))
        self.counter = 0
        top = self.fns[-1]
        m = []
        m.append("int main() {")
        m.append("  fz::init();")
        m.append("  int g0 = 1, g1 = 2;")
        m.append('  fz::Obj m0("main.m0", 10), m1("main.m1", 11);')
        m.append('  fz::run("{}", {}({}));'.format(top.name, top.name, self.main_args(top)))
        m.append('  fz::lg("g0", g0);')
        m.append('  fz::lg("g1", g1);')
        for k in range(self.rng.randint(1, 4)):
            fn = self.rng.choice(self.fns)
            n = self.rng.choice([0, 1, 2, 3, 5, 8, 13, 21])
            m.append("  {")
            m.append('    fz::log("cancel {} {} after {} polls");'.format(k, fn.name, n))
            m.append("    auto fut = {}({});".format(fn.name, self.main_args(fn)))
            m.append("    fz::poll_n(fut, {});".format(n))
            m.append('    fz::log("drop {}");'.format(k))
            m.append("  }")
            m.append('  fz::log("dropped {}");'.format(k))
            m.append('  fz::lg("g0", g0);')
            m.append('  fz::lg("g1", g1);')
        m.append("}")
        head = ["// Generated by test/fuzz/gen.py, seed {}.".format(self.seed),
                "#include <hoist/hoist.hpp>",
                '#include "fuzz_support.hpp"', "", "#include <utility>", ""]
        return "\n".join(head) + "\n" + "\n".join(parts) + "\n" + "\n".join(m) + "\n"


def _set(self, **kw):
    for k, v in kw.items():
        setattr(self, k, v)
    return self


E._set = _set


def features_from(enable, disable):
    feat = {k: v[0] for k, v in FEATURES.items()}
    for name in enable or []:
        for n in name.split(","):
            if n == "all":
                feat = {k: True for k in feat}
                continue
            if n not in feat:
                raise SystemExit("gen.py: unknown feature {!r}".format(n))
            feat[n] = True
    for name in disable or []:
        for n in name.split(","):
            if n not in feat:
                raise SystemExit("gen.py: unknown feature {!r}".format(n))
            feat[n] = False
    return feat


def generate(seed, feat):
    return Gen(seed, feat).program()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seed", type=int)
    ap.add_argument("-o", "--output")
    ap.add_argument("--enable", action="append", help="features to turn on (comma-separated)")
    ap.add_argument("--disable", action="append", help="features to turn off")
    ap.add_argument("--list-features", action="store_true")
    a = ap.parse_args()
    if a.list_features:
        for k, (on, what) in FEATURES.items():
            print("{:20} {:4} {}".format(k, "on" if on else "off", what))
        return
    text = generate(a.seed, features_from(a.enable, a.disable))
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
