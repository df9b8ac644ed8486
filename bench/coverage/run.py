#!/usr/bin/env python3
"""The coverage benchmark: what each wdklock --depth preset explores, and what it costs.

    bench/coverage/run.py [--wdklock BIN] [--reps 3] [--out bench/coverage/results.md]
                          [--general] [gen.py options: --dispatchers 30,40,50,60 ...]

Generates the lock-heavy translation unit of bench/coverage/gen.py (IOCTL dispatchers with
30-60 cases, cleanup loops with a constant bound of 16, nested loops), runs

    wdklock --depth=<preset> --format=sarif --show-unexplored -o <log> <file>

for quick, default and deep, and reads the lock-site counts from the log
(invocations[0].properties.lockSites) and the sites not explored from its wdk.coverage results.
Wall time is the median of --reps runs; CPU time and peak RSS come from the same runs (the
wrapper and its analysis child). Every generated function is correct, so a finding is a false
alarm and is shown in the table.

With --general, the presets are also timed on the general benchmark workload of bench/gen.py
(when it is there), to show what they cost on code that is not lock-heavy.

Prints the markdown tables and writes them to --out.
"""
import argparse
import collections
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PRESETS = ["quick", "default", "deep"]
SHAPES = [("CovIoctlDispatch", "IOCTL dispatchers"), ("CovCleanupQueues", "cleanup loops (16)"),
          ("CovDrainChannels", "nested loops (4x8)")]
LOCK_CALL = re.compile(r"\b(KeAcquireInStackQueuedSpinLock|KeReleaseInStackQueuedSpinLock)\s*\(")
FUNCTION = re.compile(r"^\w[\w\s\*]*\b(\w+)\(.*\)\s*\{\s*$")


def sites_per_function(path):
    """Lock call sites per generated function, counted in the source."""
    counts = collections.Counter()
    current = None
    with open(path) as f:
        for line in f:
            m = FUNCTION.match(line)
            if m:
                current = m.group(1)
            elif current:
                counts[current] += len(LOCK_CALL.findall(line))
    return counts


def shape_of(function):
    for prefix, name in SHAPES:
        if function.startswith(prefix):
            return name
    return "other"


def run_once(argv):
    """Runs argv; returns (exit status, wall seconds, CPU seconds, peak RSS in MB) of it and
    the processes it waited for."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit("benchmark: %s failed (%d):\n%s" % (" ".join(argv), proc.returncode,
                                                     stderr.decode(errors="replace")))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def measure(wdklock, preset, source, compile_args, reps, workdir):
    log = os.path.join(workdir, "%s-%s.sarif" % (os.path.basename(source), preset))
    argv = [wdklock, "--depth=" + preset, "--format=sarif", "--show-unexplored", "-j1",
            "-o", log, source]
    if compile_args:
        argv += ["--"] + compile_args
    runs = [run_once(argv) for _ in range(reps)]
    with open(log) as f:
        run = json.load(f)["runs"][0]
    counts = run["invocations"][0].get("properties", {}).get("lockSites")
    if counts is None:
        sys.exit("benchmark: %s counted no lock sites (a plugin without the site ledger?)"
                 % wdklock)
    findings = sum(1 for r in run.get("results", []) if r.get("ruleId") != "wdk.coverage")
    unexplored = collections.Counter(r["properties"]["function"]
                                     for r in run.get("results", [])
                                     if r.get("ruleId") == "wdk.coverage")
    return {
        "counts": counts,
        "findings": findings,
        "unexplored": unexplored,
        "wall": statistics.median(r[0] for r in runs),
        "cpu": statistics.median(r[1] for r in runs),
        "rss": max(r[2] for r in runs),
    }


def pct(part, whole):
    return "%.1f%%" % (100.0 * part / whole) if whole else "-"


def preset_table(results, detailed):
    """One row per preset: sites explored, findings, and the cost relative to default."""
    head = ["preset", "explored", "explored %"]
    if detailed:
        head += ["not explored (budget)", "in functions", "unreachable"]
    head += ["findings", "wall time", "CPU time", "peak RSS"]
    rows = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    base = results["default"]["wall"]
    for preset in PRESETS:
        r = results[preset]
        c = r["counts"]
        total = c["explored"] + c["budget"] + c["notAnalysed"] + c["unreachable"]
        cells = [preset, "%d / %d" % (c["explored"], total), pct(c["explored"], total)]
        if detailed:
            cells += [str(c["budget"]), str(c["budgetFunctions"]), str(c["unreachable"])]
        cells += [str(r["findings"]),
                  "%.2f s (%.2fx)" % (r["wall"], r["wall"] / base if base else 0),
                  "%.2f s" % r["cpu"], "%.0f MB" % r["rss"]]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--wdklock", default=os.environ.get("WDKLOCK",
                                                       os.path.join(ROOT, "build", "bin", "wdklock")))
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--out", default=os.path.join(HERE, "results.md"))
    p.add_argument("--general", action="store_true",
                   help="also time the presets on bench/gen.py's default workload")
    p.add_argument("--dispatchers", default="30,40,50,60")
    p.add_argument("--prologue", type=int, default=4)
    p.add_argument("--cleanup-loops", type=int, default=6)
    p.add_argument("--nested-loops", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if not os.access(a.wdklock, os.X_OK):
        sys.exit("benchmark: no wdklock at %s (give --wdklock)" % a.wdklock)
    version = subprocess.run([a.wdklock, "--version"], capture_output=True,
                             text=True).stdout.strip()

    with tempfile.TemporaryDirectory(prefix="wdklock-coverage-") as work:
        gen_args = ["--dispatchers", a.dispatchers, "--prologue", str(a.prologue),
                    "--cleanup-loops", str(a.cleanup_loops), "--nested-loops",
                    str(a.nested_loops), "--seed", str(a.seed)]
        source = os.path.join(work, "coverage_bench.c")
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py")] + gen_args +
                       ["-o", source], check=True)
        per_function = sites_per_function(source)
        per_shape = collections.Counter()
        for fn, n in per_function.items():
            per_shape[shape_of(fn)] += n
        lines = sum(1 for _ in open(source))

        results = {}
        for preset in PRESETS:
            sys.stderr.write("benchmark: --depth=%s ...\n" % preset)
            results[preset] = measure(a.wdklock, preset, source, None, a.reps, work)

        general = {}
        general_gen = os.path.join(ROOT, "bench", "gen.py")
        if a.general and os.path.exists(general_gen):
            gsource = os.path.join(work, "general_bench.c")
            subprocess.run([sys.executable, general_gen, "--functions", "400", "--seed", "1",
                            "-o", gsource], check=True)
            inc = "/usr/x86_64-w64-mingw32/include"
            cargs = ["--target=x86_64-w64-mingw32", "-isystem", inc + "/ddk", "-isystem", inc,
                     "-Wno-#warnings", "-I", os.path.join(ROOT, "test", "lit", "Inputs")]
            for preset in PRESETS:
                sys.stderr.write("benchmark: general workload, --depth=%s ...\n" % preset)
                general[preset] = measure(a.wdklock, preset, gsource, cargs, a.reps, work)

    out = []
    out.append("# Coverage benchmark: explored lock sites and cost per `--depth` preset")
    out.append("")
    out.append("Generated by `bench/coverage/run.py` (%s; %s, %d cores; %d runs per preset, "
               "median wall time)." % (version, platform.platform(), os.cpu_count() or 0,
                                       a.reps))
    out.append("Workload: `bench/coverage/gen.py %s` — %d lines, %d lock call sites."
               % (" ".join(gen_args), lines, sum(per_function.values())))
    out.append("")
    out += preset_table(results, detailed=True)
    out.append("")
    out.append("Explored share per shape:")
    out.append("")
    shapes = [name for _, name in SHAPES if per_shape[name]]
    out.append("| preset | " + " | ".join("%s (%d sites)" % (s, per_shape[s]) for s in shapes)
               + " |")
    out.append("|---|" + "---:|" * len(shapes))
    for preset in PRESETS:
        missing = collections.Counter()
        for fn, n in results[preset]["unexplored"].items():
            missing[shape_of(fn)] += n
        out.append("| %s | " % preset + " | ".join(
            pct(per_shape[s] - missing[s], per_shape[s]) for s in shapes) + " |")
    if general:
        out.append("")
        out.append("Cost on the general workload (`bench/gen.py --functions 400 --seed 1`, "
                   "not lock-heavy):")
        out.append("")
        out += preset_table(general, detailed=False)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open(a.out, "w") as f:
        f.write(text)
    sys.stderr.write("benchmark: wrote %s\n" % a.out)


if __name__ == "__main__":
    main()
