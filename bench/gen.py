#!/usr/bin/env python3
"""Generates synthetic Windows driver translation units for the wdklock benchmarks.

Every generated function is CORRECT: on every path each acquire is released exactly once, by
the release variant that pairs with it, no handle is acquired while it is held, no spin lock is
taken twice on one path, and entry points return holding nothing. The wdk checkers must
therefore stay silent on any output of this script; a finding is a false alarm (or a generator
bug) and bench/run fails loudly on it.

The output is deterministic for a given seed and set of parameters:

  gen.py --functions 400 --seed 1 -o bench.c
  clang --analyze <ddk flags> -I test/lit/Inputs bench.c     # storport_locks.h for StorPort

Shapes generated (weights depend on the parameters):
  * in-stack queued regions on local handles, a handle array element and the extension's handle,
    in all three pairings (plain, AtDpcLevel/FromDpcLevel, ForDpc), on five spin locks
    (four extension fields and a global), nested with distinct locks;
  * StorPort regions (StorPortAcquireSpinLock and StorPortNotification(AcquireSpinLock, ...),
    released by either form) on five lock kinds, and the storahci shape (interrupt lock or MSI
    lock chosen by a flag of the extension and released by re-reading it);
  * if/else, switch, for/while loops, early returns, break/continue and goto-cleanup exits
    that release what is held, correlated conditional acquires (if (f) acquire ... if (f)
    release), acquire/release helpers choosing the variant by a flag, work helpers with their
    own locked regions, helpers that drop and retake the caller's lock, opaque external calls;
  * driver entry points declared with role types (DRIVER_DISPATCH, KDEFERRED_ROUTINE,
    HW_STARTIO, HW_BUILDIO, HW_TIMER, HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE).
"""
import argparse
import random
import re
import sys

QUEUED_LOCKS = ["&Ext->Lock0", "&Ext->Lock1", "&Ext->Lock2", "&Ext->Lock3", "&BenchGlobalLock"]
QUEUED_VARIANTS = [
    ("KeAcquireInStackQueuedSpinLock", "KeReleaseInStackQueuedSpinLock"),
    ("KeAcquireInStackQueuedSpinLockAtDpcLevel", "KeReleaseInStackQueuedSpinLockFromDpcLevel"),
    ("KeAcquireInStackQueuedSpinLockForDpc", "KeReleaseInStackQueuedSpinLockForDpc"),
]
STOR_KINDS = ["DpcLock", "StartIoLock", "InterruptLock", "ThreadedDpcLock", "DpcLevelLock"]
STOR_INTERRUPT = STOR_KINDS.index("InterruptLock")

PRELUDE = r"""
#include <ntddk.h>
{storport_include}
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef struct _BENCH_EXT {{
  KSPIN_LOCK Lock0;
  KSPIN_LOCK Lock1;
  KSPIN_LOCK Lock2;
  KSPIN_LOCK Lock3;
  KLOCK_QUEUE_HANDLE DpcHandle;
  LONG Count[4];
  ULONG Flags;
}} BENCH_EXT, *PBENCH_EXT;

static KSPIN_LOCK BenchGlobalLock;

/* Code the analyzer cannot see: it invalidates what it is given. */
VOID BenchExternal(PBENCH_EXT Ext, ULONG Value);

/* Acquire/release helpers that choose the variant by a flag the caller keeps. */
static VOID BenchUnlock(PKLOCK_QUEUE_HANDLE Handle, BOOLEAN AtDpc) {{
  if (AtDpc)
    KeReleaseInStackQueuedSpinLockFromDpcLevel(Handle);
  else
    KeReleaseInStackQueuedSpinLock(Handle);
}}
{lock_helpers}
"""

STORPORT_PRELUDE = r"""
typedef struct _BENCH_SP_EXT {
  BOOLEAN UseInterruptLock;
  ULONG MessageId;
  ULONG MsiOldIrql;
  ULONG Outstanding;
  LONG Count[4];
  STOR_LOCK_HANDLE StartIoHandle;
} BENCH_SP_EXT, *PBENCH_SP_EXT;

VOID SpExternal(PBENCH_SP_EXT Ext, ULONG Value);

/* storahci's shape: the interrupt lock or the message's MSI lock, chosen by a flag of the
   extension and released by re-reading it. */
static VOID SpAcquireInterruptLock(PBENCH_SP_EXT Ext, PSTOR_LOCK_HANDLE Handle) {
  if (Ext->UseInterruptLock)
    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, Handle);
  else
    StorPortAcquireMSISpinLock(Ext, Ext->MessageId, &Ext->MsiOldIrql);
}

static VOID SpReleaseInterruptLock(PBENCH_SP_EXT Ext, PSTOR_LOCK_HANDLE Handle) {
  if (Ext->UseInterruptLock)
    StorPortReleaseSpinLock(Ext, Handle);
  else
    StorPortReleaseMSISpinLock(Ext, Ext->MessageId, Ext->MsiOldIrql);
}
"""

LOCK_HELPER = r"""
static VOID BenchLock{k}(PBENCH_EXT Ext, PKLOCK_QUEUE_HANDLE Handle, BOOLEAN AtDpc) {{
  if (AtDpc)
    KeAcquireInStackQueuedSpinLockAtDpcLevel({lock}, Handle);
  else
    KeAcquireInStackQueuedSpinLock({lock}, Handle);
}}
"""

# Entry-point roles: (role type, family, signature, prologue lines, return statement).
WDM_ENTRIES = [
    ("DRIVER_DISPATCH", "NTSTATUS {name}(PDEVICE_OBJECT DeviceObject, PIRP Irp)",
     ["PBENCH_EXT Ext = (PBENCH_EXT)DeviceObject->DeviceExtension;",
      "ULONG a = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.IoControlCode;",
      "ULONG b = (ULONG)Irp->IoStatus.Information;"],
     "return STATUS_SUCCESS;"),
    ("KDEFERRED_ROUTINE", "VOID {name}(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)",
     ["PBENCH_EXT Ext = (PBENCH_EXT)Context;",
      "ULONG a = (ULONG)(ULONG_PTR)Arg1;",
      "ULONG b = (ULONG)(ULONG_PTR)Arg2;"],
     "return;"),
]
SP_ENTRIES = [
    ("HW_STARTIO", "BOOLEAN {name}(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)",
     ["PBENCH_SP_EXT Ext = (PBENCH_SP_EXT)DeviceExtension;",
      "ULONG a = (ULONG)(ULONG_PTR)Srb;", "ULONG b = Ext->Outstanding;"],
     "return TRUE;"),
    ("HW_BUILDIO", "BOOLEAN {name}(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)",
     ["PBENCH_SP_EXT Ext = (PBENCH_SP_EXT)DeviceExtension;",
      "ULONG a = (ULONG)(ULONG_PTR)Srb;", "ULONG b = Ext->MessageId;"],
     "return TRUE;"),
    ("HW_TIMER", "VOID {name}(PVOID DeviceExtension)",
     ["PBENCH_SP_EXT Ext = (PBENCH_SP_EXT)DeviceExtension;",
      "ULONG a = Ext->Outstanding;", "ULONG b = Ext->MessageId;"],
     "return;"),
    ("HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE", "BOOLEAN {name}(PVOID HwDeviceExtension, ULONG MessageId)",
     ["PBENCH_SP_EXT Ext = (PBENCH_SP_EXT)HwDeviceExtension;",
      "ULONG a = MessageId;", "ULONG b = Ext->Outstanding;"],
     "return TRUE;"),
]


# The generated functions' names, renamed in the copies of --repeat.
RENAME = re.compile(r"\b(?:BenchWork|BenchUnder|SpWork|BenchFn|SpFn|BenchEntry|SpEntry)\d+\b")


def indent(lines, n=1):
    pad = "  " * n
    return [pad + l if l else l for l in lines]


class Held:
    """A handle held at this point of the generated code."""

    def __init__(self, handle, lock, release, loop):
        self.handle = handle      # the handle's name in the source ("h0", "Ext->DpcHandle")
        self.lock = lock          # lock index (queued) or lock kind index (StorPort)
        self.release = release    # the statement that releases it
        self.loop = loop          # loop nesting level at which it was acquired


class Helper:
    """A generated helper function and the locks it may take (callers must not hold them)."""

    def __init__(self, name, family, kind, locks, lock=None):
        self.name = name
        self.family = family      # "q" or "s"
        self.kind = kind          # "work" or "under"
        self.locks = locks        # set of lock indices it may acquire
        self.lock = lock          # "under": the lock its handle parameter holds


class Ctx:
    """What the generator knows at the current point of a function body."""

    def __init__(self, family, handles, ret, budget, allow_calls, helpers):
        self.family = family
        self.free = list(handles)  # handles not held
        self.held = []             # Held, outermost first
        self.ret = ret
        self.budget = budget
        self.loop = 0              # enclosing loops
        self.breakable = False     # innermost breakable construct is a loop (not a switch)
        self.exits = True          # early exits allowed (not inside a conditional hold)
        self.calls = allow_calls   # calls allowed (no storahci flag region open)
        self.goto_label = None     # goto-cleanup label, valid while only the base is held
        self.goto_depth = 0
        self.helpers = helpers
        self.tmp = 0

    def held_locks(self):
        return {h.lock for h in self.held}

    def name(self, prefix):
        self.tmp += 1
        return "%s%d" % (prefix, self.tmp)


class Generator:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)

    # ---- small pieces --------------------------------------------------------------------

    def cond(self, ctx):
        r = self.rng
        k = r.randrange(4)
        n = r.randrange(1, 16)
        bit = 1 << r.randrange(8)
        choices = ["(a & 0x%x) != 0" % bit, "b > %du" % n, "Ext->Count[%d] > %d" % (k, n),
                   "((a ^ b) & 0x%x) == 0" % bit]
        choices.append("(Ext->Flags & 0x%x) != 0" % bit if ctx.family == "q"
                       else "Ext->Outstanding > %du" % n)
        return r.choice(choices)

    def simple(self, ctx):
        r = self.rng
        k = r.randrange(4)
        return [r.choice(["Ext->Count[%d] += (LONG)a;" % k, "Ext->Count[%d] ^= (LONG)b;" % k,
                          "Ext->Count[%d]--;" % k, "Ext->Count[%d] += %d;" % (k, r.randrange(1, 9)),
                          ("Ext->Flags |= 0x%x;" if ctx.family == "q" else "Ext->Outstanding += 0x%x;")
                          % (1 << r.randrange(8))])]

    def release_all(self, held):
        return [h.release for h in reversed(held)]

    # ---- statements ----------------------------------------------------------------------

    def block(self, ctx, bdepth, ldepth, max_stmts):
        """A sequence of statements; never ends in an unconditional exit."""
        lines = []
        count = self.rng.randint(1, max_stmts)
        for _ in range(count):
            if ctx.budget <= 0:
                break
            ctx.budget -= 1
            lines += self.statement(ctx, bdepth, ldepth)
        if not lines:
            lines = self.simple(ctx)
        return lines

    def statement(self, ctx, bdepth, ldepth):
        r = self.rng
        a = self.a
        options = [("simple", 3.0)]
        free_locks = self.free_locks(ctx)
        if ctx.free and free_locks:
            options.append(("region", 4.0))
            if ctx.exits:
                options.append(("cond_region", 1.0))
            if ctx.family == "q" and ctx.calls and a.helpers > 0:
                options.append(("helper_region", 4.0 * a.helpers))
            if ctx.family == "s" and ctx.calls and STOR_INTERRUPT in free_locks:
                options.append(("storahci_region", 1.0))
        if bdepth > 0:
            options += [("if", 2.5), ("switch", 0.7)]
        if ldepth > 0:
            options.append(("loop", 1.5))
        if ctx.exits and ctx.held:
            options.append(("exit", 0.8))
            if ctx.loop and ctx.breakable:
                options.append(("break", 0.6))
            if ctx.goto_label and len(ctx.held) == ctx.goto_depth:
                options.append(("goto", 0.8))
        if ctx.calls:
            if a.helpers > 0 and self.callable_helpers(ctx, "work"):
                options.append(("call", 6.0 * a.helpers))
            if a.helpers > 0 and self.under_candidates(ctx):
                options.append(("under", 3.0 * a.helpers))
            options.append(("external", 0.4))
        kinds, weights = zip(*options)
        kind = r.choices(kinds, weights)[0]
        return getattr(self, "st_" + kind)(ctx, bdepth, ldepth)

    def free_locks(self, ctx):
        n = len(QUEUED_LOCKS) if ctx.family == "q" else len(STOR_KINDS)
        held = ctx.held_locks()
        return [i for i in range(n) if i not in held]

    def callable_helpers(self, ctx, kind):
        held = ctx.held_locks()
        return [h for h in ctx.helpers if h.family == ctx.family and h.kind == kind
                and not (h.locks & held)]

    def under_candidates(self, ctx):
        """Held local handles that an "under" helper may drop and retake: plain variant."""
        out = []
        for h in ctx.held:
            if ctx.family != "q" or not (h.release or "").startswith("KeReleaseInStackQueuedSpinLock("):
                continue
            for hp in ctx.helpers:
                if hp.kind == "under" and hp.family == "q" and hp.lock == h.lock:
                    out.append((h, hp))
        return out

    def st_simple(self, ctx, bdepth, ldepth):
        return self.simple(ctx)

    def acquire_queued(self, ctx, handle, lock):
        acq, rel = self.rng.choice(QUEUED_VARIANTS)
        return "%s(%s, &%s);" % (acq, QUEUED_LOCKS[lock], handle), "%s(&%s);" % (rel, handle)

    def acquire_stor(self, ctx, handle, kind):
        r = self.rng
        if r.random() < 0.5:
            acq = "StorPortAcquireSpinLock(Ext, %s, NULL, &%s);" % (STOR_KINDS[kind], handle)
        else:
            acq = "StorPortNotification(AcquireSpinLock, Ext, %s, NULL, &%s);" % (STOR_KINDS[kind], handle)
        if r.random() < 0.5:
            rel = "StorPortReleaseSpinLock(Ext, &%s);" % handle
        else:
            rel = "StorPortNotification(ReleaseSpinLock, Ext, &%s);" % handle
        return acq, rel

    def region(self, ctx, bdepth, ldepth, acq, rel, handle, lock, inner_ctx=None):
        ctx.free.remove(handle)
        h = Held(handle, lock, rel, ctx.loop)
        ctx.held.append(h)
        body = self.block(ctx, bdepth, ldepth, 3)
        ctx.held.pop()
        ctx.free.append(handle)
        return [acq] + body + [rel]

    def pick_acquire(self, ctx):
        """A free handle, a lock no handle holds, and the acquire and release statements."""
        handle = self.rng.choice(ctx.free)
        lock = self.rng.choice(self.free_locks(ctx))
        if ctx.family == "q":
            acq, rel = self.acquire_queued(ctx, handle, lock)
        else:
            acq, rel = self.acquire_stor(ctx, handle, lock)
        return handle, lock, acq, rel

    def st_region(self, ctx, bdepth, ldepth):
        handle, lock, acq, rel = self.pick_acquire(ctx)
        return self.region(ctx, bdepth, ldepth, acq, rel, handle, lock)

    def st_cond_region(self, ctx, bdepth, ldepth):
        """if (f) acquire; ...; if (f) release; with f a local the body never changes."""
        r = self.rng
        handle, lock, acq, rel = self.pick_acquire(ctx)
        flag = ctx.name("c")
        ctx.free.remove(handle)
        # Inside, the handle is held on some paths only: no exits, and its lock counts as held.
        ctx.held.append(Held(handle, lock, None, ctx.loop))
        saved = ctx.exits
        ctx.exits = False
        body = self.block(ctx, bdepth, ldepth, 2)
        ctx.exits = saved
        ctx.held.pop()
        ctx.free.append(handle)
        return (["BOOLEAN %s = (a & 0x%x) != 0;" % (flag, 1 << r.randrange(8)),
                 "if (%s)" % flag] + indent([acq]) + body + ["if (%s)" % flag] + indent([rel]))

    def st_helper_region(self, ctx, bdepth, ldepth):
        r = self.rng
        handle = r.choice(ctx.free)
        lock = r.choice(self.free_locks(ctx))
        flag = ctx.name("d")
        decl = "BOOLEAN %s = (b & 0x%x) != 0;" % (flag, 1 << r.randrange(8))
        acq = "BenchLock%d(Ext, &%s, %s);" % (lock, handle, flag)
        rel = "BenchUnlock(&%s, %s);" % (handle, flag)
        return [decl] + self.region(ctx, bdepth, ldepth, acq, rel, handle, lock)

    def st_storahci_region(self, ctx, bdepth, ldepth):
        """The flag is re-read from the extension at release: nothing in between may call out."""
        handle = self.rng.choice(ctx.free)
        acq = "SpAcquireInterruptLock(Ext, &%s);" % handle
        rel = "SpReleaseInterruptLock(Ext, &%s);" % handle
        saved = ctx.calls
        ctx.calls = False
        out = self.region(ctx, bdepth, ldepth, acq, rel, handle, STOR_INTERRUPT)
        ctx.calls = saved
        return out

    def st_if(self, ctx, bdepth, ldepth):
        lines = ["if (%s) {" % self.cond(ctx)] + indent(self.block(ctx, bdepth - 1, ldepth, 3))
        if self.rng.random() < 0.6:
            lines += ["} else {"] + indent(self.block(ctx, bdepth - 1, ldepth, 3))
        return lines + ["}"]

    def st_switch(self, ctx, bdepth, ldepth):
        saved = ctx.breakable
        ctx.breakable = False
        ncases = self.rng.randint(2, 4)
        lines = ["switch (a %% %d) {" % (ncases + 1)]
        for i in range(ncases):
            lines += ["case %d: {" % i] + indent(self.block(ctx, bdepth - 1, ldepth, 2)) + ["  break;", "}"]
        lines += ["default:", "  break;", "}"]
        ctx.breakable = saved
        return lines

    def st_loop(self, ctx, bdepth, ldepth):
        r = self.rng
        var = ctx.name("i")
        saved = ctx.breakable
        ctx.breakable = True
        ctx.loop += 1
        body = self.block(ctx, bdepth, ldepth - 1, 3)
        ctx.loop -= 1
        ctx.breakable = saved
        if r.random() < 0.6:
            return (["for (ULONG %s = 0; %s < (b & 7u); %s++) {" % (var, var, var)]
                    + indent(body) + ["}"])
        return (["ULONG %s = a & 3u;" % var, "while (%s > 0) {" % var, "  %s--;" % var]
                + indent(body) + ["}"])

    def st_exit(self, ctx, bdepth, ldepth):
        return (["if (%s) {" % self.cond(ctx)] + indent(self.release_all(ctx.held) + [ctx.ret])
                + ["}"])

    def st_break(self, ctx, bdepth, ldepth):
        inner = [h for h in ctx.held if h.loop == ctx.loop]
        word = self.rng.choice(["break;", "continue;"])
        return ["if (%s) {" % self.cond(ctx)] + indent(self.release_all(inner) + [word]) + ["}"]

    def st_goto(self, ctx, bdepth, ldepth):
        return ["if (%s)" % self.cond(ctx), "  goto %s;" % ctx.goto_label]

    def st_call(self, ctx, bdepth, ldepth):
        h = self.rng.choice(self.callable_helpers(ctx, "work"))
        return ["%s(Ext, a, b + %du);" % (h.name, self.rng.randrange(4))]

    def st_under(self, ctx, bdepth, ldepth):
        held, hp = self.rng.choice(self.under_candidates(ctx))
        return ["%s(Ext, &%s, a, b);" % (hp.name, held.handle)]

    def st_external(self, ctx, bdepth, ldepth):
        fn = "BenchExternal" if ctx.family == "q" else "SpExternal"
        return ["%s(Ext, a);" % fn]

    # ---- functions -----------------------------------------------------------------------

    def local_handles(self, family, count):
        ty = "KLOCK_QUEUE_HANDLE" if family == "q" else "STOR_LOCK_HANDLE"
        names = ["h%d" % i for i in range(count)]
        decls = ["%s %s;" % (ty, n) for n in names]
        # One handle in an array, at a constant index, when there are several.
        if count >= 2 and self.rng.random() < 0.3:
            names[-1] = "hs[1]"
            decls[-1] = "%s hs[2];" % ty
        return names, decls

    def body(self, family, handles, ret, budget, allow_calls, helpers, allow_goto):
        a = self.a
        ctx = Ctx(family, handles, ret, budget, allow_calls, helpers)
        lines = []
        tail = []
        if allow_goto and self.rng.random() < 0.35 and ctx.free:
            # goto-cleanup: one function-level lock, exits jump to the release.
            handle, lock, acq, rel = self.pick_acquire(ctx)
            ctx.free.remove(handle)
            ctx.held.append(Held(handle, lock, rel, 0))
            ctx.goto_label = "Cleanup"
            ctx.goto_depth = 1
            lines.append(acq)
            tail = ["Cleanup:", rel]
        while ctx.budget > 0:
            ctx.budget -= 1
            lines += self.statement(ctx, a.branch_depth, a.loop_depth)
        if tail:
            ctx.held.pop()
        return lines + tail + ([ret] if ret != "return;" else [])

    def helpers(self, count, storport_count):
        """Work helpers (own locked regions) and under helpers (drop and retake the caller's
        lock); generated before the functions that call them."""
        out = []
        code = []
        r = self.rng
        for i in range(count):
            # One stream per function: a function's text does not depend on the others.
            self.rng = r = random.Random("%d/helper/%d" % (self.a.seed, i))
            family = "s" if i < storport_count else "q"
            name = ("SpWork%d" if family == "s" else "BenchWork%d") % i
            if family == "q" and r.random() < 0.3:
                lock = r.randrange(len(QUEUED_LOCKS))
                name = "BenchUnder%d" % i
                ctx_lines = self.simple(Ctx("q", [], "", 0, False, [])) + [
                    "KeReleaseInStackQueuedSpinLock(Handle);",
                    "if ((a & 0x%x) != 0)" % (1 << r.randrange(8)),
                    "  BenchExternal(Ext, a);",
                    "KeAcquireInStackQueuedSpinLock(%s, Handle);" % QUEUED_LOCKS[lock],
                ] + self.simple(Ctx("q", [], "", 0, False, []))
                code += ["static VOID %s(PBENCH_EXT Ext, PKLOCK_QUEUE_HANDLE Handle, ULONG a, ULONG b) {" % name]
                code += indent(ctx_lines) + ["}", ""]
                out.append(Helper(name, "q", "under", {lock}, lock))
                continue
            handles, decls = self.local_handles(family, 2)
            ctx = Ctx(family, handles, "return;", max(2, self.a.stmts // 3), True, [])
            lines = []
            while ctx.budget > 0:
                ctx.budget -= 1
                lines += self.statement(ctx, 1, 1)
            used = self.locks_in(lines, family)
            ext = "PBENCH_EXT" if family == "q" else "PBENCH_SP_EXT"
            code += ["static VOID %s(%s Ext, ULONG a, ULONG b) {" % (name, ext)]
            code += indent(decls + lines) + ["}", ""]
            out.append(Helper(name, family, "work", used))
        return out, code

    def locks_in(self, lines, family):
        text = "\n".join(lines)
        if family == "q":
            used = {i for i, l in enumerate(QUEUED_LOCKS) if l + "," in text}
            used |= {i for i in range(len(QUEUED_LOCKS)) if "BenchLock%d(" % i in text}
        else:
            used = {i for i, k in enumerate(STOR_KINDS) if k + "," in text}
            if "SpAcquireInterruptLock" in text:
                used.add(STOR_INTERRUPT)
        return used

    def function(self, index, family, helpers, bug=False):
        r = self.rng
        a = self.a
        lines = []
        entry = r.random() < a.entry_share
        handles, decls = self.local_handles(family, a.handles)
        if family == "q" and r.random() < 0.25:
            handles.append("Ext->DpcHandle")
        if entry:
            role, sig, prologue, ret = r.choice(WDM_ENTRIES if family == "q" else SP_ENTRIES)
            name = ("BenchEntry%d" if family == "q" else "SpEntry%d") % index
            lines.append("%s %s;" % (role, name))
            lines.append(sig.format(name=name) + " {")
        else:
            name = ("BenchFn%d" if family == "q" else "SpFn%d") % index
            prologue = []
            if family == "q":
                lines.append("NTSTATUS %s(PBENCH_EXT Ext, ULONG a, ULONG b) {" % name)
                ret = "return STATUS_SUCCESS;"
            else:
                lines.append("ULONG %s(PBENCH_SP_EXT Ext, ULONG a, ULONG b) {" % name)
                ret = "return 0;"
        body = self.body(family, handles, ret, a.stmts, True, helpers, True)
        if bug:
            # The one seeded bug (--seed-bug): a release no path acquired, before anything else.
            rel = ("KeReleaseInStackQueuedSpinLock(&%s);" if family == "q"
                   else "StorPortReleaseSpinLock(Ext, &%s);") % handles[0]
            body = ["/* SEEDED BUG: never acquired. */", rel] + body
        if entry:
            prologue = prologue + ["(void)a;", "(void)b;"]
        lines += indent(prologue + decls + body) + ["}", ""]
        return lines

    def generate(self):
        a = self.a
        r = self.rng
        n_helpers = int(round(a.functions * a.helper_share)) if a.helpers > 0 else 0
        n_main = a.functions - n_helpers
        n_sp_helpers = int(round(n_helpers * a.storport))
        use_sp = a.storport > 0
        lock_helpers = "".join(LOCK_HELPER.format(k=k, lock=l) for k, l in enumerate(QUEUED_LOCKS))
        params = " ".join("--%s %s" % (k.replace("_", "-"), v) for k, v in sorted(vars(a).items())
                          if k not in ("output", "seed_bug"))
        if a.seed_bug:
            params += " --seed-bug"
        out = ["/* Generated by bench/gen.py %s" % params,
               "   %d functions (%d helpers, %d others)%s after a fixed prelude of lock helpers."
               % (a.functions, n_helpers, n_main,
                  ", %d times under new names" % a.repeat if a.repeat > 1 else ""),
               "   Every function is correct: the wdk checkers must report nothing%s. */"
               % (" (but for the one --seed-bug)" if a.seed_bug else "")]
        out.append(PRELUDE.format(
            storport_include='#include "storport_locks.h"' if use_sp else "",
            lock_helpers=lock_helpers))
        if use_sp:
            out.append(STORPORT_PRELUDE)
        helpers, code = self.helpers(n_helpers, n_sp_helpers)
        unit = list(code)
        for i in range(n_main):
            self.rng = r = random.Random("%d/function/%d" % (a.seed, i))
            family = "s" if r.random() < a.storport else "q"
            unit += self.function(i, family, helpers, bug=a.seed_bug and i == n_main - 1)
        unit = "\n".join(unit) + "\n"
        # --repeat: the same unit again under new names, for scaling runs whose per-function
        # work does not depend on the size.
        copies = [unit] + [RENAME.sub(lambda m, k=k: "%s_%d" % (m.group(0), k), unit)
                           for k in range(1, a.repeat)]
        return "\n".join(out) + "\n" + "".join(copies)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--functions", type=int, default=400,
                   help="function definitions generated (helpers included; a fixed prelude of "
                        "lock helpers is added) [400]")
    p.add_argument("--seed", type=int, default=1, help="random seed [1]")
    p.add_argument("--handles", type=int, default=3, help="local lock handles per function [3]")
    p.add_argument("--branch-depth", type=int, default=2, help="nesting depth of if/switch [2]")
    p.add_argument("--loop-depth", type=int, default=1, help="nesting depth of loops [1]")
    p.add_argument("--stmts", type=int, default=6,
                   help="statement budget per function (size of a function) [6]")
    p.add_argument("--helpers", type=float, default=0.5,
                   help="weight of helper calls and helper lock pairs, 0 turns them off [0.5]")
    p.add_argument("--helper-share", type=float, default=0.15,
                   help="share of the functions that are helpers [0.15]")
    p.add_argument("--storport", type=float, default=0.25,
                   help="share of StorPort functions (they need -I test/lit/Inputs) [0.25]")
    p.add_argument("--entry-share", type=float, default=0.2,
                   help="share of functions declared as driver entry points [0.2]")
    p.add_argument("--repeat", type=int, default=1,
                   help="write the generated functions this many times, renamed: a file of "
                        "repeat x functions whose per-function work does not depend on its size [1]")
    p.add_argument("--seed-bug", action="store_true",
                   help="make the last function wrong (a release that no path acquired), to "
                        "show that the checkers do look at generated code")
    p.add_argument("-o", "--output", default="-", help="output file [stdout]")
    args = p.parse_args(argv)
    if args.functions < 0 or args.handles < 1 or args.repeat < 1:
        p.error("--functions must be at least 0 (the prelude alone), --handles and --repeat at "
                "least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    text = Generator(args).generate()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
