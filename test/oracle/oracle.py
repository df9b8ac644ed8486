#!/usr/bin/env python3
"""Differential test of the wdk lock checkers against an executable oracle (docs/oracle.md).

For each generated function (test/oracle/generate.py):
  * the oracle: the file is compiled natively with -DORACLE_NATIVE and linked with
    test/oracle/mock_ke.c; the harness runs the function on every combination of its inputs,
    and the union of the violation kinds the mock records is what is expected;
  * the analyzer: clang --analyze with the plugin runs on the same file (the instrumentation
    is compiled out) and each wdk warning is mapped to its function by line range;
  * the two sets of kinds must be equal.

Exit status: 0 when every function agreed; 1 on a disagreement or an analyzer crash; 2 when
the test itself could not run (a generated file that does not compile, a mock failure).
"""
import argparse
import collections
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402

KINDS = ("release-not-held", "variant-mismatch", "acquire-held", "same-lock", "held-at-return")

WARNING = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*) "
                     r"\[(?P<checker>wdk\.[A-Za-z]+)\]$")

# (checker, message fragment) -> kind
MESSAGES = (
    ("wdk.QueuedSpinLockRelease", "never acquired", "release-not-held"),
    ("wdk.QueuedSpinLockRelease", "already released", "release-not-held"),
    ("wdk.QueuedSpinLockRelease", "is a copy of", "release-not-held"),
    ("wdk.QueuedSpinLock", "which pairs with", "variant-mismatch"),
    ("wdk.QueuedSpinLock", "while it is still held", "acquire-held"),
    ("wdk.QueuedSpinLock", "already holds it through", "same-lock"),
    ("wdk.QueuedSpinLock", "is still held when", "held-at-return"),
    ("wdk.StorPortSpinLock", "never acquired", "release-not-held"),
    ("wdk.StorPortSpinLock", "already released", "release-not-held"),
    ("wdk.StorPortSpinLock", "while it is still held", "acquire-held"),
    ("wdk.StorPortSpinLock", "already holds it through", "same-lock"),
    ("wdk.StorPortSpinLock", "is still held when", "held-at-return"),
)


def kind_of(checker, msg):
    for c, fragment, kind in MESSAGES:
        if c == checker and fragment in msg:
            return kind
    return "unexpected(%s: %s)" % (checker, msg)


class Fatal(Exception):
    """The test could not run."""


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


class Oracle:
    def __init__(self, args):
        self.a = args
        self.work = args.work_dir
        self.stor_kinds = {}  # gid -> the kinds the runs saw from StorPort locks

    def analyzer_cmd(self, path):
        return self.a.clang_cmd + ["--analyze", "--analyzer-output", "text",
                "-fplugin=" + self.a.plugin, "-Xclang", "-analyzer-checker=wdk",
                "-fno-crash-diagnostics", "-o", "/dev/null"] + self.a.analyzer_arg + [path]

    def build_mock(self):
        obj = os.path.join(self.work, "mock_ke.o")
        r = run(self.a.cc_cmd + ["-c", "-O1", "-DORACLE_NATIVE", "-I", HERE,
                 os.path.join(HERE, "mock_ke.c"), "-o", obj])
        if r.returncode:
            raise Fatal("mock_ke.c does not compile:\n" + r.stderr)
        self.mock = obj

    def native(self, path, gids):
        """Runs the oracle: {gid: set of kinds}."""
        exe = path[:-2] + ".bin"
        r = run(self.a.cc_cmd + ["-O0", "-w", "-DORACLE_NATIVE", path, self.mock, "-o", exe])
        if r.returncode:
            raise Fatal("generated file %s does not compile natively:\n%s" % (path, r.stderr))
        try:
            r = run([exe], timeout=self.a.timeout)
        except subprocess.TimeoutExpired:
            raise Fatal("native run of %s did not finish in %ds" % (path, self.a.timeout))
        if r.returncode or not r.stdout.rstrip().split("\n")[-1].startswith("runs "):
            raise Fatal("native run of %s failed (status %d):\n%s%s"
                        % (path, r.returncode, r.stdout[-2000:], r.stderr))
        seen = {g: set() for g in gids}
        for line in r.stdout.splitlines():
            if line.startswith("F"):
                fid, kind = line.split()
                seen[int(fid[1:])].add(kind)
            elif line.startswith("S"):  # the kind came from a StorPort lock (statistics)
                fid, kind = line.split()
                self.stor_kinds.setdefault(int(fid[1:]), set()).add(kind)
        return seen

    def analyze(self, path, ranges):
        """Runs the analyzer: ({gid: set of kinds}, crashed, output)."""
        r = run(self.analyzer_cmd(path), timeout=self.a.timeout)
        crashed = r.returncode != 0
        got = {g: set() for g in ranges}
        starts = sorted((lo, hi, g) for g, (lo, hi) in ranges.items())
        for line in r.stderr.splitlines():
            m = WARNING.match(line)
            if not m:
                continue
            n = int(m.group("line"))
            owner = [g for lo, hi, g in starts if lo <= n <= hi]
            if not owner:
                raise Fatal("analyzer warning outside every generated unit: " + line)
            got[owner[0]].add(kind_of(m.group("checker"), m.group("msg")))
        return got, crashed, r.stderr

    def batch(self, index, gids):
        """One generated file: returns a list of per-function results."""
        text, units, ranges = generate.generate_file(self.a.seed, gids, self.a.known_bugs,
                                                     self.a.mutation_rate)
        path = os.path.join(self.work, "batch%04d.c" % index)
        with open(path, "w") as f:
            f.write(text)
        expected = self.native(path, gids)
        try:
            reported, crashed, _ = self.analyze(path, ranges)
        except subprocess.TimeoutExpired:
            crashed = True
        results = []
        for u in units:
            crash = None
            if crashed:
                # Find which functions crash the analyzer: analyze each one alone.
                solo, solo_ranges = self.solo_file(u)
                try:
                    got, c, out = self.analyze(solo, solo_ranges)
                except subprocess.TimeoutExpired:
                    got, c, out = {u.gid: set()}, True, "timeout after %ds" % self.a.timeout
                if c:
                    crash = out[-3000:]
                rep = got[u.gid]
            else:
                rep = reported[u.gid]
            results.append((u, expected[u.gid], rep, crash))
        if not self.a.keep:
            for p in (path, path[:-2] + ".bin"):
                if os.path.exists(p):
                    os.remove(p)
        return results

    def solo_file(self, unit):
        text, _, ranges = generate.generate_file(self.a.seed, [unit.gid], self.a.known_bugs,
                                                 self.a.mutation_rate)
        path = os.path.join(self.work, "solo%d.c" % unit.gid)
        with open(path, "w") as f:
            f.write(text)
        return path, ranges


def summarize(results, args, elapsed, stor_kinds=None):
    stor_per_kind = collections.Counter(k for ks in (stor_kinds or {}).values() for k in ks)
    agreed = disagreed = crashes = clean = 0
    per_kind = collections.Counter()
    by_shape = collections.Counter()
    bad = []
    for u, exp, rep, crash in results:
        for k in exp:
            per_kind[k] += 1
        if not exp:
            clean += 1
        if crash is not None:
            crashes += 1
            bad.append((u, exp, rep, crash))
        elif exp == rep:
            agreed += 1
        else:
            disagreed += 1
            bad.append((u, exp, rep, None))
            for s in u.known_bugs:
                by_shape[s] += 1
    out = sys.stdout
    for u, exp, rep, crash in bad[: args.max_report]:
        out.write("=" * 78 + "\n")
        what = "analyzer CRASH" if crash is not None else "DISAGREEMENT"
        out.write("%s: %s (seed %s, id %d, inputs %s)\n"
                  % (what, u.name, args.seed, u.gid, ", ".join(u.params + ["ctx->" + f for f in u.flags])))
        out.write("  oracle (native runs): %s\n" % (", ".join(sorted(exp)) or "clean"))
        out.write("  analyzer reported:    %s\n" % (", ".join(sorted(rep)) or "nothing"))
        if crash is not None:
            out.write("  analyzer output:\n" + crash + "\n")
        if u.known_bugs:
            out.write("  known checker-bug shapes in it: %s\n" % ", ".join(u.known_bugs))
        out.write("  reproduce: %s %s --seed %s --only %d%s > F%d.c\n"
                  % (sys.executable, os.path.join(HERE, "generate.py"), args.seed, u.gid,
                     "".join(" --known-bug " + b for b in u.known_bugs)
                     + ("" if args.mutation_rate == 0.22 else " --mutation-rate %s" % args.mutation_rate),
                     u.gid))
        out.write(u.text + "\n")
    if len(bad) > args.max_report:
        out.write("... and %d more\n" % (len(bad) - args.max_report))
    n = len(results)
    out.write("oracle: %d functions, %d agreed, %d disagreed, %d crashes\n"
              % (n, agreed, disagreed, crashes))
    out.write("oracle: functions per kind (oracle side): %s; clean %d\n"
              % (", ".join("%s %d" % (k, per_kind[k]) for k in KINDS), clean))
    out.write("oracle: StorPort functions per kind (oracle side): %s\n"
              % ", ".join("%s %d" % (k, stor_per_kind[k]) for k in KINDS if k != "variant-mismatch"))
    if by_shape:
        out.write("oracle: disagreements in known-bug shapes: %s\n"
                  % ", ".join("%s %d" % kv for kv in sorted(by_shape.items())))
    out.write("oracle: seed %s, %.1f s\n" % (args.seed, elapsed))
    missing = [k for k in KINDS if per_kind[k] == 0]
    if args.require_all_kinds and (missing or clean == 0):
        out.write("oracle: the generated functions did not cover: %s\n"
                  % ", ".join(missing + (["clean"] if clean == 0 else [])))
        return 1
    return 1 if disagreed or crashes else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clang", default="/usr/lib/llvm-19/bin/clang",
                    help="the clang that loads the plugin, as a command line (lit's %%clang "
                    "may be 'env LD_PRELOAD=... clang')")
    ap.add_argument("--plugin", required=True, help="WdkLockCheckers.so")
    ap.add_argument("--cc", help="native C compiler, a command line (default: --clang)")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=300, help="functions to generate")
    ap.add_argument("--first", type=int, default=0, help="id of the first function")
    ap.add_argument("--only", type=int, action="append", help="just these function ids")
    ap.add_argument("--batch", type=int, default=100, help="functions per generated file")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=600, help="seconds per analyzer run")
    ap.add_argument("--work-dir", help="where generated files go (default: a temporary dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--known-bug", action="append", metavar="SHAPE",
                    help="also generate this shape the checker is known to get wrong "
                    "(%s, or all; repeatable)" % ", ".join(generate.KNOWN_BUG_SHAPES))
    ap.add_argument("--mutation-rate", type=float, default=0.22,
                    help="chance that a generated pattern is mutated (default 0.22)")
    ap.add_argument("--analyzer-arg", action="append", default=[], metavar="ARG",
                    help="one more argument for the analyzer's clang (repeatable), e.g. "
                    "--analyzer-arg=-Xclang --analyzer-arg=-analyzer-config ...")
    ap.add_argument("--require-all-kinds", action="store_true",
                    help="fail unless every kind, and a clean function, was generated")
    ap.add_argument("--max-report", type=int, default=20,
                    help="print at most this many disagreements in full")
    a = ap.parse_args(argv)
    a.clang_cmd = shlex.split(a.clang)
    a.cc_cmd = shlex.split(a.cc) if a.cc else a.clang_cmd
    a.known_bugs = generate.known_bug_list(a.known_bug)
    for tool in (a.clang_cmd[0], a.cc_cmd[0], a.plugin):
        if not os.path.exists(tool) and not shutil.which(tool):
            print("oracle: %s not found" % tool, file=sys.stderr)
            return 2
    tmp = None
    if not a.work_dir:
        tmp = a.work_dir = tempfile.mkdtemp(prefix="wdklock-oracle-")
    os.makedirs(a.work_dir, exist_ok=True)
    gids = a.only or list(range(a.first, a.first + a.count))
    batches = [gids[i:i + a.batch] for i in range(0, len(gids), a.batch)]
    start = time.time()
    o = Oracle(a)
    try:
        o.build_mock()
        results = []
        with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as pool:
            for r in pool.map(lambda ib: o.batch(*ib), enumerate(batches)):
                results += r
    except Fatal as e:
        print("oracle: cannot run: %s" % e, file=sys.stderr)
        return 2
    status = summarize(results, a, time.time() - start, o.stor_kinds)
    if tmp and not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
