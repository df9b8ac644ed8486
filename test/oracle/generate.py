#!/usr/bin/env python3
"""Generates small driver functions for the differential lock oracle (docs/oracle.md).

Each generated *unit* is one top-level function `F<id>(PCTX ctx, int b0, ...)` plus the static
helpers only it calls. Its inputs are its int parameters and up to two flags of the context
(ctx->Mode, ctx->Flag) that the harness sets; there are at most four inputs, so the native
harness runs every combination. The code is built from lock patterns real drivers use (an
acquire and its release; the same condition twice; a `locked` flag; a variant chosen by a mode
flag, by if or by switch; helpers that lock through a pointer; a try-lock helper whose result
guards the release; a helper with its own handle; handle and lock pointers chosen by a
condition; copies; early returns; goto to an exit label; do/while(0) with break; short
constant loops, some indexing a handle array), nested up to two deep, and some patterns are
mutated (a release dropped, a variant changed, a condition inverted, an acquire doubled, the
same spin lock taken twice, ...). Whether the result is right or wrong is not decided here:
the native run decides it.

Every unit comes from its own random stream, seeded by (seed, id), so a unit can be rebuilt
alone: `generate.py --seed S --only ID` prints the self-contained C file of that one unit.
"""
import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

ACQUIRE = {
    "plain": "KeAcquireInStackQueuedSpinLock",
    "dpc": "KeAcquireInStackQueuedSpinLockAtDpcLevel",
    "fordpc": "KeAcquireInStackQueuedSpinLockForDpc",
}
RELEASE = {
    "plain": "KeReleaseInStackQueuedSpinLock",
    "dpc": "KeReleaseInStackQueuedSpinLockFromDpcLevel",
    "fordpc": "KeReleaseInStackQueuedSpinLockForDpc",
}
VARIANTS = tuple(ACQUIRE)
MAX_INPUTS = 4
LOCKS = ("&ctx->Lock0", "&ctx->Lock1", "&ctx->Locks[0]", "&ctx->Locks[1]")

# Shapes the checker is known to get wrong (docs/oracle.md, "Known checker bugs"). They are
# generated only when asked for (--known-bug SHAPE, or all).
KNOWN_BUG_SHAPES = (
    # None open. Fixed: memcpy-escapes-handles (test/lit/oracle/memcpy-keeps-other-handles.c),
    # copy-from-copy-destination (test/lit/oracle/copy-of-a-copy.c).
)

# Pattern kinds and their weights.
WEIGHTS = {
    "simple": 3, "cond": 2, "locked": 2, "mode": 2, "helper": 2, "trylock": 1.2, "local": 1.5,
    "copy": 1.2, "alias": 1.2, "ret": 1.2, "brk": 1, "goto": 1.2, "loop": 1.2, "arrayloop": 0.8,
    "storport": 1.2,
}
# StorPort: a STOR_LOCK_HANDLE local (sh0, sh1) acquired for (ctx, kind), by the wrapper or by
# StorPortNotification directly; one pairing, so the two forms may be mixed freely.
STOR_KINDS = ("DpcLock", "StartIoLock", "InterruptLock")
STOR_HANDLES = ("&sh0", "&sh1")
STOR_FORMS = ("wrapper", "notification")
# What a helper with its own handle may contain: no function-level variables, no goto/loop.
HELPER_KINDS = ("simple", "cond", "mode", "helper", "trylock", "ret", "brk")


def prelude():
    """The declarations every generated file starts with (test/oracle/oracle_ke.h), with its
    quoted includes (the shared StorPort types) pasted in, so that a generated file stands
    alone wherever it is written."""
    def expand(path):
        out = []
        with open(path) as f:
            for line in f:
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if m:
                    out.append(expand(os.path.join(os.path.dirname(path), m.group(1))))
                else:
                    out.append(line)
        return "".join(out)
    return expand(os.path.join(HERE, "oracle_ke.h"))


# Statements are tuples; the first item names the kind:
#   ("acq", addr, lock, variant)      ("rel", addr, variant)
#   ("sacq", addr, kind, form)        ("srel", addr, form)    StorPort, form wrapper|notification
#   ("if", cond, then, else)          ("switch", atom, when_zero, otherwise)
#   ("for", header, body)             ("dowhile0", body)      ("break",)
#   ("call", name, args)              ("copy", dst, src, how)   dst/src are lvalues
#   ("set", lvalue, value)            ("work",)   ("return",)  ("retval", value)  ("goto",)


class Busy:
    """A handle (or lock) an enclosing pattern holds, with the statements that release it."""

    def __init__(self, addr, lock, release):
        self.addr, self.lock, self.release = addr, lock, release


class Unit:
    def __init__(self, gid, name, params, flags, text, known_bugs, standalone):
        self.gid, self.name, self.params, self.flags = gid, name, params, flags
        self.text = text  # helpers and the function, as C
        self.known_bugs = known_bugs  # the KNOWN_BUG_SHAPES the unit contains
        # Helpers with their own handle and the function's inputs as parameters: when no run
        # of the function reaches one, the analyzer analyzes it alone (it was never inlined),
        # and the harness runs it alone.
        self.standalone = standalone

    @property
    def inputs(self):
        return len(self.params) + len(self.flags)


class UnitBuilder:
    def __init__(self, seed, gid, known_bugs=(), mutation_rate=0.22, attempt=0):
        self.rng = r = random.Random("%s:%d" % (seed, gid) + (":%d" % attempt if attempt else ""))
        self.gid = gid
        self.name = "F%d" % gid
        self.allowed_bugs = set(known_bugs)
        self.known_bugs = set()
        nparams = r.choice((1, 2, 2, 3, 3))
        nflags = min(r.choice((0, 1, 1, 2)), MAX_INPUTS - nparams)
        self.params = ["b%d" % k for k in range(nparams)]
        self.flags = r.sample(["Mode", "Flag"], nflags)
        self.locks = r.sample(LOCKS, r.choice((1, 2, 2)))
        # Handle storage: one or two plain variables, an array of two, a local struct.
        storage = set(r.sample(["var", "var2", "array", "field", "fieldarray"],
                               r.choice((1, 2, 2, 3))))
        self.handles = []
        if "var" in storage or "var2" in storage:
            self.handles.append("h0")
        if "var2" in storage:
            self.handles.append("h1")
        if "array" in storage:
            self.handles += ["ha[0]", "ha[1]"]
        if "field" in storage:
            self.handles += ["lc.HandleA", "lc.HandleB"]
        if "fieldarray" in storage:
            self.handles += ["lcs[1].HandleA", "lcs[0].HandleB"]
        if len(self.handles) < 2:
            self.handles.append("h1")
        self.storage = storage
        self.scope = list(self.handles)  # the handles the code being generated can name
        self.in_helper = False
        self.locals = []  # function-level variables: (type, name, initialiser)
        self.helpers = []  # C text of each helper, callees first
        self.cleanup = []  # statements after the exit label
        self.uses_goto = False
        self.uses_loop = False
        self.mutation_rate = mutation_rate
        self.copy_helper = None
        self.copies = []  # (destination, source, how) of every copy, in the order generated
        self.uses_current = False  # a handle pointer is stored in lc.Current
        self.standalone = []
        self.stor_handles = set()  # the STOR_LOCK_HANDLE locals used

    # -- small choices -------------------------------------------------------------------------

    def atoms(self):
        return self.params + ["ctx->%s" % f for f in self.flags]

    def cond(self):
        r = self.rng
        atoms = self.atoms()
        if len(atoms) >= 2 and r.random() < 0.12:
            a, b = r.sample(atoms, 2)
            return "%s %s %s" % (self.maybe_not(a), r.choice(("&&", "||")), self.maybe_not(b))
        return self.maybe_not(r.choice(atoms))

    def maybe_not(self, atom):
        return "!" + atom if self.rng.random() < 0.25 else atom

    @staticmethod
    def negate(cond):
        if cond.startswith("!") and " " not in cond and "(" not in cond:
            return cond[1:]
        if " " in cond or "(" in cond:
            return "!(%s)" % cond
        return "!" + cond

    def mode_cond(self):
        """A condition for choosing a variant: a context flag when there is one."""
        flags = ["ctx->%s" % f for f in self.flags]
        return self.rng.choice(flags) if flags and self.rng.random() < 0.8 else self.cond()

    def uses_params(self, cond):
        """True when cond names a parameter (a helper cannot read it; it is passed)."""
        return any(re.search(r"\b%s\b" % p, cond) for p in self.params)

    def other_variant(self, v):
        return self.rng.choice([w for w in VARIANTS if w != v])

    def new_local(self, ctype, prefix, init=None):
        name = "%s%d" % (prefix, sum(1 for _, n, _ in self.locals if n.startswith(prefix)))
        self.locals.append((ctype, name, init))
        return name

    def mutation(self, options):
        if options and self.rng.random() < self.mutation_rate:
            return self.rng.choice(options)
        return None

    def free_handles(self, busy, exclude=()):
        held = {b.addr for b in busy}
        return ["&" + h for h in self.scope if "&" + h not in held and "&" + h not in exclude]

    def pick_handle(self, busy, exclude=()):
        free = self.free_handles(busy, exclude)
        return self.rng.choice(free) if free else None

    def free_locks(self, busy):
        held = {b.lock for b in busy}
        return [l for l in self.locks if l not in held]

    def pick_lock(self, busy, force_lock):
        if force_lock:
            return force_lock
        free = self.free_locks(busy)
        return self.rng.choice(free) if free else None

    # -- patterns ------------------------------------------------------------------------------

    def inner(self, depth, busy, in_loop, force_lock=None):
        """The statements inside a pattern, between its acquire and its release."""
        r = self.rng
        if force_lock or (depth < 2 and r.random() < 0.5):
            body = self.pattern(depth + 1, busy, in_loop, force_lock)
            if r.random() < 0.3:
                body = body + [("work",)]
            return body
        return [("work",)]

    def block(self):
        body = []
        for _ in range(self.rng.choice((1, 1, 2, 2, 3))):
            body += self.pattern(0, [], False)
        return body

    def pattern(self, depth, busy, in_loop, force_lock=None):
        kinds = dict(WEIGHTS)
        if self.in_helper:
            kinds = {k: w for k, w in kinds.items() if k in HELPER_KINDS}
        if force_lock:
            kinds.pop("storport", None)
        if depth != 0 or in_loop:
            kinds.pop("goto", None)
        if in_loop or depth > 1:
            kinds.pop("loop", None)
            kinds.pop("arrayloop", None)
        if "array" not in self.storage or not {"&ha[0]", "&ha[1]"} <= set(self.free_handles(busy)):
            kinds.pop("arrayloop", None)
        names = sorted(kinds)
        kind = self.rng.choices(names, [kinds[k] for k in names])[0]
        if kind == "local":
            return self.p_local(busy, force_lock)
        if kind == "storport":
            return self.p_storport(depth, busy, in_loop)
        lock = self.pick_lock(busy, force_lock)
        h = self.pick_handle(busy)
        if lock is None or h is None:
            return [("work",)]
        return getattr(self, "p_" + kind)(depth, busy, in_loop, h, lock)

    def release_variant(self, h, v, m):
        """The release that ends an acquire of h by variant v, after mutation m."""
        if m == "drop_rel":
            return []
        if m == "wrong_var":
            return [("rel", h, self.other_variant(v))]
        if m == "double_rel":
            return [("rel", h, v), ("rel", h, self.rng.choice(VARIANTS))]
        return [("rel", h, v)]

    def p_simple(self, depth, busy, in_loop, h, lock):
        v = self.rng.choice(VARIANTS)
        m = self.mutation(["drop_rel", "wrong_var", "double_acq", "double_rel", "wrong_handle",
                           "same_lock"])
        s = [("acq", h, lock, v)]
        if m == "double_acq":
            s.append(("acq", h, self.rng.choice(self.locks), self.rng.choice(VARIANTS)))
        me = Busy(h, lock, [("rel", h, v)])
        s += self.inner(depth, busy + [me], in_loop, lock if m == "same_lock" else None)
        if m == "wrong_handle":
            other = self.pick_handle(busy + [me])
            s.append(("rel", other or h, v))
        else:
            s += self.release_variant(h, v, m)
        return s

    def p_storport(self, depth, busy, in_loop):
        """A StorPort lock: acquire and release of a local STOR_LOCK_HANDLE for (ctx, kind)."""
        r = self.rng
        held = {b.addr for b in busy}
        free = [h for h in STOR_HANDLES if h not in held]
        kinds = [k for k in STOR_KINDS if ("stor", k) not in {b.lock for b in busy}]
        if not free or not kinds:
            return [("work",)]
        h, k = r.choice(free), r.choice(kinds)
        form = lambda: r.choice(STOR_FORMS)
        m = self.mutation(["cond_acq", "double_rel", "drop_rel", "same_kind", "double_acq"])
        self.stor_handles.add(h)
        me = Busy(h, ("stor", k), [("srel", h, form())])
        if m == "cond_acq":
            s = [("if", self.cond(), [("sacq", h, k, form())], [])]
        else:
            s = [("sacq", h, k, form())]
        if m == "double_acq":
            s.append(("sacq", h, r.choice(STOR_KINDS), form()))
        if m == "same_kind":
            other = [x for x in STOR_HANDLES if x != h and x not in held]
            if other:
                self.stor_handles.add(other[0])
                s += [("sacq", other[0], k, form()), ("work",), ("srel", other[0], form())]
        s += self.inner(depth, busy + [me], in_loop)
        if m == "double_rel":
            s += [("srel", h, form()), ("srel", h, form())]
        elif m != "drop_rel":
            s.append(("srel", h, form()))
        return s

    def p_cond(self, depth, busy, in_loop, h, lock):
        v = self.rng.choice(VARIANTS)
        c = self.cond()
        m = self.mutation(["invert", "other_cond", "drop_rel", "wrong_var", "unguarded_rel"])
        me = Busy(h, lock, [("if", c, [("rel", h, v)], [])])
        s = [("if", c, [("acq", h, lock, v)], [])]
        s += self.inner(depth, busy + [me], in_loop)
        rc = {"invert": self.negate(c), "other_cond": self.cond()}.get(m, c)
        rel = self.release_variant(h, v, m)
        if m == "unguarded_rel":
            s += rel
        elif rel:
            s.append(("if", rc, rel, []))
        return s

    def p_locked(self, depth, busy, in_loop, h, lock):
        """classpnp: a `locked` flag guards the release."""
        v = self.rng.choice(VARIANTS)
        c = self.cond()
        lk = self.new_local("int", "locked", "0")
        m = self.mutation(["invert", "forget_set", "drop_rel", "wrong_var", "keep_flag"])
        then = [("acq", h, lock, v)]
        if m != "forget_set":
            then.append(("set", lk, 1))
        rel_body = self.release_variant(h, v, m) + ([] if m == "keep_flag" else [("set", lk, 0)])
        me = Busy(h, lock, [("if", lk, [("rel", h, v), ("set", lk, 0)], [])])
        s = [("set", lk, 0), ("if", c, then, [])]
        s += self.inner(depth, busy + [me], in_loop)
        s.append(("if", self.negate(lk) if m == "invert" else lk, rel_body, []))
        if m == "keep_flag" and self.rng.random() < 0.7:
            s.append(("if", lk, [("rel", h, v)], []))  # a second, stale release
        return s

    def choose(self, c, when_true, when_false):
        """if/else on c, or a switch when c is a plain input."""
        if re.fullmatch(r"[\w>-]+", c) and self.rng.random() < 0.35:
            return ("switch", c, when_false, when_true)
        return ("if", c, when_true, when_false)

    def p_mode(self, depth, busy, in_loop, h, lock):
        """ReactOS, storahci: the variant is chosen by a flag that is read again to release."""
        v1, v2 = self.rng.sample(VARIANTS, 2)
        c = self.mode_cond()
        m = self.mutation(["swap", "one_wrong", "drop_one", "invert"])
        right = self.choose(c, [("rel", h, v1)], [("rel", h, v2)])
        me = Busy(h, lock, [right])
        s = [self.choose(c, [("acq", h, lock, v1)], [("acq", h, lock, v2)])]
        s += self.inner(depth, busy + [me], in_loop)
        if m == "swap":
            s.append(self.choose(c, [("rel", h, v2)], [("rel", h, v1)]))
        elif m == "one_wrong":
            s.append(("rel", h, v1))
        elif m == "drop_one":
            s.append(("if", c, [("rel", h, v1)], []))
        elif m == "invert":
            s.append(("if", self.negate(c), [("rel", h, v1)], [("rel", h, v2)]))
        else:
            s.append(right)
        return s

    def helper(self, kind, params, body, local=False, returns="void"):
        """Adds a static helper; returns its name."""
        name = "%s_%s%d" % (self.name, kind, len(self.helpers))
        lines = ["static %s %s(%s) {" % (returns, name, ", ".join(params))]
        if local:
            lines.append("  KLOCK_QUEUE_HANDLE LocalHandle;")
        lines.append("  ORACLE_ENTER();")
        if local:
            lines.append("  ORACLE_LOCAL(&LocalHandle);")
        lines += render(body, 1)
        if returns == "void":
            lines.append("  ORACLE_LEAVE();")
        lines.append("}")
        self.helpers.append("\n".join(lines))
        return name

    def helper_cond(self, params, args, name):
        """A condition a helper reads: a context flag, or one the caller passes as `name`."""
        c = self.mode_cond()
        if self.uses_params(c):
            params.append("int " + name)
            args.append(c)
            return name
        return c

    def p_helper(self, depth, busy, in_loop, h, lock):
        """Acquire and release through helpers that take the handle's address."""
        r = self.rng
        params = ["PCTX ctx", "PKLOCK_QUEUE_HANDLE Handle"]
        args = ["ctx", h]
        m = self.mutation(["wrong_var", "drop_rel", "double_acq", "double_rel", "invert_mode"])
        if r.random() < 0.5:
            # The variant is chosen by a mode, re-read by the release helper (storahci).
            c = self.helper_cond(params, args, "Mode")
            v1, v2 = r.sample(VARIANTS, 2)
            acq_body = [("if", c, [("acq", "Handle", lock, v1)], [("acq", "Handle", lock, v2)])]
            rc = self.negate(c) if m == "invert_mode" else c
            rv1 = self.other_variant(v1) if m == "wrong_var" else v1
            rel_body = [("if", rc, [("rel", "Handle", rv1)], [("rel", "Handle", v2)])]
        else:
            v = r.choice(VARIANTS)
            acq_body = [("acq", "Handle", lock, v)]
            rel_body = [("rel", "Handle", self.other_variant(v) if m == "wrong_var" else v)]
        acq = self.helper("Lock", params, acq_body)
        rel = self.helper("Unlock", params, rel_body)
        call_acq, call_rel = ("call", acq, args), ("call", rel, args)
        me = Busy(h, lock, [call_rel])
        s = [call_acq] + ([call_acq] if m == "double_acq" else [])
        s += self.inner(depth, busy + [me], in_loop)
        if m != "drop_rel":
            s.append(call_rel)
        if m == "double_rel":
            s.append(call_rel)
        return s

    def p_trylock(self, depth, busy, in_loop, h, lock):
        """A helper that may not acquire, and says so; its result guards the release."""
        v = self.rng.choice(VARIANTS)
        params, args = ["PCTX ctx", "PKLOCK_QUEUE_HANDLE Handle"], ["ctx", h]
        take = self.helper_cond(params, args, "Take")
        body = [("if", self.negate(take), [("retval", "0")], []),
                ("acq", "Handle", lock, v), ("retval", "1")]
        name = self.helper("TryLock", params, body, returns="int")
        call = "%s(%s)" % (name, ", ".join(args))
        m = self.mutation(["ignore_result", "invert", "drop_rel", "wrong_var"])
        me = Busy(h, lock, [("rel", h, v)])
        guarded = self.inner(depth, busy + [me], in_loop) + self.release_variant(h, v, m)
        if m == "ignore_result":
            return [("call", name, args)] + guarded
        return [("if", self.negate(call) if m == "invert" else call, guarded, [])]

    def p_local(self, busy, force_lock):
        """A helper with its own handle, called under whatever the caller holds."""
        r = self.rng
        held = [b.lock for b in busy if b.lock and not isinstance(b.lock, tuple)]
        m = self.mutation(["same_lock"] if held else [])
        if m == "same_lock":
            force_lock = r.choice(held)
        if not force_lock and not self.free_locks(busy):
            return [("work",)]
        saved = (self.scope, self.in_helper)
        self.scope, self.in_helper = ["LocalHandle"], True
        # The caller's locks are held, its handles are out of reach.
        body = self.pattern(1, [Busy(None, l, []) for l in held], False, force_lock)
        self.scope, self.in_helper = saved
        params = ["PCTX ctx"] + ["int %s" % p for p in self.params]
        name = self.helper("Locked", params, body, local=True)
        self.standalone.append(name)
        return [("call", name, ["ctx"] + self.params)]

    def p_copy(self, depth, busy, in_loop, h, lock):
        """Copy a handle right after acquiring it; the original must be the one released."""
        dst = self.pick_handle(busy, exclude=(h,))
        if dst is None:
            return self.p_simple(depth, busy, in_loop, h, lock)
        v = self.rng.choice(VARIANTS)
        m = self.mutation(["copy_rel", "copy_both", "drop_rel", "acquire_copy", "onto_held"])
        if m == "onto_held":
            # Copying over a held handle: the destination becomes a copy, its own hold is lost.
            held = [b.addr for b in busy if b.addr and b.addr.startswith("&") and b.addr != h
                    and b.addr not in STOR_HANDLES]
            if held:
                dst = self.rng.choice(held)
        how = self.rng.choice(("assign", "memcpy", "helper"))
        if how == "helper":
            if self.copy_helper is None:
                # A "save the handle" helper, inlined: the copy happens in another frame.
                self.copy_helper = (self.rng.choice(("assign", "memcpy")), None)
                body = [("copy", "*Destination", "*Source", self.copy_helper[0])]
                self.copy_helper = (self.copy_helper[0], self.helper(
                    "Save", ["PKLOCK_QUEUE_HANDLE Destination", "PKLOCK_QUEUE_HANDLE Source"], body))
        self.copies.append((dst, h, self.copy_helper[0] if how == "helper" else how))
        if how == "helper":
            copy = ("call", self.copy_helper[1], [dst, h])
        else:
            copy = ("copy", dst[1:], h[1:], how)
        me = Busy(h, lock, [("rel", h, v)])
        s = [("acq", h, lock, v), copy]
        if m == "acquire_copy":
            # The copy is not held: acquiring into it is allowed, but not with the same lock.
            s.append(("acq", dst, self.rng.choice(self.locks), v))
            s.append(("rel", dst, v))
        s += self.inner(depth, busy + [me], in_loop)
        if m == "copy_rel":
            s.append(("rel", dst, v))
        elif m == "copy_both":
            s += [("rel", h, v), ("rel", dst, v)]
        elif m != "drop_rel":
            s.append(("rel", h, v))
        return s

    def p_alias(self, depth, busy, in_loop, h, lock):
        """The handle, and maybe the lock, chosen by a condition and used through a pointer."""
        r = self.rng
        v = r.choice(VARIANTS)
        if "field" in self.storage and r.random() < 0.3 and \
                not any(b.addr == "lc.Current" for b in busy):
            pv = "lc.Current"
            self.uses_current = True
        else:
            pv = self.new_local("PKLOCK_QUEUE_HANDLE", "p")
        other = self.pick_handle(busy, exclude=(h,))
        mine = [Busy("lc.Current", None, [])] if pv == "lc.Current" else []
        if other and r.random() < 0.6:
            s = [("set", pv, "%s ? %s : %s" % (self.cond(), h, other))]
            mine.append(Busy(other, None, []))
        else:
            s = [("set", pv, h)]
        lockexpr = lock
        free = [l for l in self.free_locks(busy) if l != lock]
        if free and r.random() < 0.4:
            lockexpr = self.new_local("PKSPIN_LOCK", "lock")
            s.append(("set", lockexpr, "%s ? %s : %s" % (self.cond(), lock, free[0])))
            mine.append(Busy(None, free[0], []))
        m = self.mutation(["direct_rel", "drop_rel", "wrong_var", "double_rel"])
        s.append(("acq", pv, lockexpr, v))
        mine.append(Busy(h, lock, [("rel", pv, v)]))
        s += self.inner(depth, busy + mine, in_loop)
        s += [("rel", h, v)] if m == "direct_rel" else self.release_variant(pv, v, m)
        return s

    def p_ret(self, depth, busy, in_loop, h, lock):
        """An early return that must release what is held."""
        v = self.rng.choice(VARIANTS)
        m = self.mutation(["leak", "wrong_var", "leak_outer"])
        me = Busy(h, lock, [("rel", h, v)])
        s = [("acq", h, lock, v)] + self.inner(depth, busy + [me], in_loop)
        exit_body = []
        if m != "leak":
            exit_body += [("rel", h, self.other_variant(v) if m == "wrong_var" else v)]
        outer = list(reversed(busy))
        if m == "leak_outer" and outer:
            outer = outer[1:]
        for b in outer:
            exit_body += b.release
        exit_body.append(("return",))
        s.append(("if", self.cond(), exit_body, []))
        s += [("work",), ("rel", h, v)]
        return s

    def p_brk(self, depth, busy, in_loop, h, lock):
        """do { ... if (error) break; ... } while (0); then the one release."""
        v = self.rng.choice(VARIANTS)
        m = self.mutation(["release_then_break", "drop_rel", "wrong_var"])
        me = Busy(h, lock, [("rel", h, v)])
        out = [("break",)]
        if m == "release_then_break":
            out = [("rel", h, v), ("break",)]
        body = self.inner(depth, busy + [me], False) + [("if", self.cond(), out, []), ("work",)]
        return [("acq", h, lock, v), ("dowhile0", body)] + self.release_variant(h, v, m)

    def p_goto(self, depth, busy, in_loop, h, lock):
        """classpnp: one acquire, a goto to the exit label, a `locked` flag for the cleanup."""
        v = self.rng.choice(VARIANTS)
        lk = self.new_local("int", "locked", "0")
        m = self.mutation(["drop_cleanup", "unguarded_cleanup", "wrong_var", "keep_flag"])
        self.uses_goto = True
        me = Busy(h, lock, [("rel", h, v), ("set", lk, 0)])
        s = [("acq", h, lock, v), ("set", lk, 1)]
        s += self.inner(depth, busy + [me], in_loop)
        s += [("if", self.cond(), [("goto",)], []), ("work",), ("rel", h, v)]
        if m != "keep_flag":
            s.append(("set", lk, 0))
        rel = [("rel", h, self.other_variant(v) if m == "wrong_var" else v)]
        if m == "unguarded_cleanup":
            self.cleanup += rel
        elif m != "drop_cleanup":
            self.cleanup.append(("if", lk, rel, []))
        return s

    def p_loop(self, depth, busy, in_loop, h, lock):
        """A constant-bounded loop (bound 1..3) that locks per iteration."""
        r = self.rng
        self.uses_loop = True
        header = "i = 0; i < %d; i++" % r.choice((1, 2, 3))
        v = r.choice(VARIANTS)
        m = self.mutation(["acquire_in_loop", "release_in_loop"])
        if m == "acquire_in_loop":
            return [("for", header, [("acq", h, lock, v), ("work",)]), ("rel", h, v)]
        if m == "release_in_loop":
            return [("acq", h, lock, v), ("for", header, [("work",), ("rel", h, v)])]
        return [("for", header, self.pattern(depth + 1, busy, True))]

    def p_arrayloop(self, depth, busy, in_loop, h, lock):
        """Lock each element of the handle array, each with its own spin lock, in a loop."""
        r = self.rng
        self.uses_loop = True
        v = r.choice(VARIANTS)
        m = self.mutation(["same_lock", "short_release", "one_handle", "wrong_var"])
        lockexpr = "&ctx->Locks[i]" if m != "same_lock" else r.choice(LOCKS[:2])
        target = "&ha[0]" if m == "one_handle" else "&ha[i]"
        releases = r.choice(("i = 0; i < 2; i++", "i = 1; i >= 0; i--"))
        if m == "short_release":
            releases = "i = 0; i < 1; i++"
        rel_loop = ("for", releases, [("rel", "&ha[i]", self.other_variant(v) if m == "wrong_var" else v)])
        mine = [Busy("&ha[0]", "&ctx->Locks[0]", [("for", "i = 0; i < 2; i++", [("rel", "&ha[i]", v)])]),
                Busy("&ha[1]", "&ctx->Locks[1]", [])]
        if m == "same_lock":
            mine.append(Busy(None, lockexpr, []))
        s = [("for", "i = 0; i < 2; i++", [("acq", target, lockexpr, v)])]
        s += self.inner(depth, busy + mine, False)
        return s + [rel_loop]

    # -- the unit ------------------------------------------------------------------------------

    def build(self):
        body = self.block()
        sig = ", ".join(["PCTX ctx"] + ["int %s" % p for p in self.params])
        lines = ["void %s(%s) {" % (self.name, sig)]
        for h in self.handles:
            if h in ("h0", "h1"):
                lines.append("  KLOCK_QUEUE_HANDLE %s;" % h)
        if "array" in self.storage:
            lines.append("  KLOCK_QUEUE_HANDLE ha[2];")
        if "field" in self.storage:
            lines.append("  LOCAL_CTX lc;")
        if "fieldarray" in self.storage:
            lines.append("  LOCAL_CTX lcs[2];")
        for h in sorted(self.stor_handles):
            lines.append("  STOR_LOCK_HANDLE %s;" % h[1:])
        for ctype, name, init in self.locals:
            lines.append("  %s %s%s;" % (ctype, name, " = " + init if init else ""))
        if self.uses_loop:
            lines.append("  int i;")
        lines.append("  ORACLE_ENTER();")
        for h in self.handles:
            lines.append("  ORACLE_LOCAL(&%s);" % h)
        for h in sorted(self.stor_handles):
            lines.append("  ORACLE_LOCAL(%s);" % h)
        lines += render(body, 1)
        if self.uses_goto:
            lines.append("out:")
            lines += render(self.cleanup, 1)
        lines += ["  ORACLE_LEAVE();", "}"]
        text = "\n\n".join(self.helpers + ["\n".join(lines)])
        return Unit(self.gid, self.name, self.params, self.flags, text, sorted(self.known_bugs),
                    self.standalone)


def render(stmts, ind):
    pad = "  " * ind
    out = []
    for s in stmts:
        k = s[0]
        if k == "acq":
            out.append("%s%s(%s, %s);" % (pad, ACQUIRE[s[3]], s[2], s[1]))
        elif k == "rel":
            out.append("%s%s(%s);" % (pad, RELEASE[s[2]], s[1]))
        elif k == "sacq":
            if s[3] == "wrapper":
                out.append("%sStorPortAcquireSpinLock(ctx, %s, 0, %s);" % (pad, s[2], s[1]))
            else:
                out.append("%sStorPortNotification(AcquireSpinLock, ctx, %s, 0, %s);"
                           % (pad, s[2], s[1]))
        elif k == "srel":
            if s[2] == "wrapper":
                out.append("%sStorPortReleaseSpinLock(ctx, %s);" % (pad, s[1]))
            else:
                out.append("%sStorPortNotification(ReleaseSpinLock, ctx, %s);" % (pad, s[1]))
        elif k == "if":
            out.append("%sif (%s) {" % (pad, s[1]))
            out += render(s[2], ind + 1)
            if s[3]:
                out.append("%s} else {" % pad)
                out += render(s[3], ind + 1)
            out.append(pad + "}")
        elif k == "switch":
            out.append("%sswitch (%s) {" % (pad, s[1]))
            out.append("%scase 0:" % pad)
            out += render(s[2], ind + 1) + [pad + "  break;"]
            out.append("%sdefault:" % pad)
            out += render(s[3], ind + 1) + [pad + "  break;"]
            out.append(pad + "}")
        elif k == "for":
            out.append("%sfor (%s) {" % (pad, s[1]))
            out += render(s[2], ind + 1)
            out.append(pad + "}")
        elif k == "dowhile0":
            out.append(pad + "do {")
            out += render(s[1], ind + 1)
            out.append(pad + "} while (0);")
        elif k == "call":
            out.append("%s%s(%s);" % (pad, s[1], ", ".join(s[2])))
        elif k == "copy":
            dst, src = s[1], s[2]
            addr = lambda lv: lv[1:] if lv.startswith("*") else "&" + lv
            if s[3] == "memcpy":
                out.append("%smemcpy(%s, %s, sizeof %s);" % (pad, addr(dst), addr(src), src))
            else:
                out.append("%s%s = %s;" % (pad, dst, src))
            out.append("%sORACLE_COPY(%s, %s);" % (pad, addr(dst), addr(src)))
        elif k == "set":
            out.append("%s%s = %s;" % (pad, s[1], s[2]))
        elif k == "work":
            out.append(pad + "ctx->Count++;")
        elif k == "return":
            out += [pad + "ORACLE_LEAVE();", pad + "return;"]
        elif k == "retval":
            out += [pad + "ORACLE_LEAVE();", pad + "return %s;" % s[1]]
        elif k == "goto":
            out.append(pad + "goto out;")
        elif k == "break":
            out.append(pad + "break;")
        else:
            raise ValueError(k)
    return out


def harness(units):
    """The native-only runner: every unit, every combination of its inputs."""
    lines = ["#ifdef ORACLE_NATIVE"]
    for u in units:
        lines += ["static void Run_%s(void) {" % u.name,
                  "  unsigned m;",
                  "  for (m = 0; m < %du; m++) {" % (1 << u.inputs),
                  "    CTX c = {0};"]
        for k, f in enumerate(u.flags):
            lines.append("    c.%s = (m >> %d) & 1;" % (f, len(u.params) + k))
        args = ["&c"] + ["(m >> %d) & 1" % k for k in range(len(u.params))]
        lines += ["    oracle_begin(%d);" % u.gid,
                  "    %s(%s);" % (u.name, ", ".join(args)),
                  "    oracle_end();",
                  "  }"]
        for k, h in enumerate(u.standalone):
            lines.append("  int alone%d = !oracle_reached(\"%s\");" % (k, h))
        for k, h in enumerate(u.standalone):
            lines += ["  for (m = 0; alone%d && m < %du; m++) {" % (k, 1 << u.inputs),
                      "    CTX c = {0};"]
            for j, f in enumerate(u.flags):
                lines.append("    c.%s = (m >> %d) & 1;" % (f, len(u.params) + j))
            lines += ["    oracle_begin(%d);" % u.gid,
                      "    %s(%s);" % (h, ", ".join(args)),
                      "    oracle_end();",
                      "  }"]
        lines.append("}")
    lines.append("int main(void) {")
    lines += ["  Run_%s();" % u.name for u in units]
    lines += ["  oracle_finish();", "  return 0;", "}", "#endif"]
    return "\n".join(lines)


def build_unit(seed, gid, known_bugs=(), mutation_rate=0.22):
    """The unit `gid`; drawn again (deterministically) while it has a known-bug shape that
    was not asked for."""
    for attempt in range(100):
        u = UnitBuilder(seed, gid, known_bugs, mutation_rate, attempt).build()
        if set(u.known_bugs) <= set(known_bugs):
            return u
    raise RuntimeError("unit %d: no draw without known-bug shapes" % gid)


def generate_file(seed, gids, known_bugs=(), mutation_rate=0.22):
    """Returns (C text, units, {gid: (first line, last line)})."""
    units = [build_unit(seed, g, known_bugs, mutation_rate) for g in gids]
    head = prelude().rstrip("\n") + "\n\n/* oracle units, seed %s */\n\n" % seed
    parts, ranges = [head], {}
    line = head.count("\n") + 1
    for u in units:
        text = u.text + "\n\n"
        ranges[u.gid] = (line, line + text.count("\n") - 1)
        line += text.count("\n")
        parts.append(text)
    parts.append(harness(units) + "\n")
    return "".join(parts), units, ranges


def known_bug_list(values):
    """--known-bug values (repeatable, comma-separated, or `all`) as a tuple of shapes."""
    shapes = set()
    for v in values or ():
        for s in v.split(","):
            if s == "all":
                shapes.update(KNOWN_BUG_SHAPES)
            elif s in KNOWN_BUG_SHAPES:
                shapes.add(s)
            else:
                raise SystemExit("unknown --known-bug shape '%s' (known: %s, all)"
                                 % (s, ", ".join(KNOWN_BUG_SHAPES)))
    return tuple(sorted(shapes))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Print a generated oracle file.")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--first", type=int, default=0, help="id of the first unit")
    ap.add_argument("--only", type=int, action="append", help="just these unit ids")
    ap.add_argument("--known-bug", action="append", metavar="SHAPE",
                    help="also generate this known checker-bug shape (%s, or all)"
                    % ", ".join(KNOWN_BUG_SHAPES))
    ap.add_argument("--mutation-rate", type=float, default=0.22,
                    help="chance that a pattern is mutated (default 0.22)")
    a = ap.parse_args(argv)
    gids = a.only or range(a.first, a.first + a.count)
    text, _, _ = generate_file(a.seed, gids, known_bug_list(a.known_bug), a.mutation_rate)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
