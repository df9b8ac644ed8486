#!/usr/bin/env python3
"""The wdklock benchmark suite (run it through bench/run, which installs and builds first).

Measures the wdk checkers' cost inside `clang --analyze` (baseline: clang's default checkers;
+wdk: the same plus -fplugin=WdkLockCheckers.so -analyzer-checker=wdk), A/B interleaved:

  1. a 400-function generated translation unit: wall, CPU (user+sys), peak RSS;
  2. the two example drivers;
  3. scaling: 100, 400, 1600, 6400 generated functions, analysis time per function;
  4. the wdklock wrapper: -j1 vs -j2 on a 40-file project with a compile_commands.json,
     and its overhead against running clang --analyze -fplugin on the same files;
  5. instruction counts (callgrind) of baseline and +wdk, and the instructions attributable
     to the checker (code in WdkLockCheckers.so and what it calls).

Every generated file is correct code: any wdk finding on one stops the run (exit 1).
Results: <out>/latest.md, latest.json, latest.png.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "bench", "gen.py")
TESTINC = os.path.join(ROOT, "test", "lit", "Inputs")
DDK_COMPAT = os.path.join(ROOT, "include", "wdklock", "ddk")
TIME = "/usr/bin/time"
TIME_FORMAT = "%e %U %S %M"

# Targets from issue #7.
TARGET_WALL = 1.03
TARGET_RSS = 1.02
TARGET_FLAT = 1.20        # max/min of the net per-function time over the sizes
TARGET_JOBS = 1.8
TARGET_WRAPPER = 1.05
SHARED_LOAD = 0.25  # median cores busy with other processes above which wall times are noisy


class BenchError(Exception):
    pass


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def rel(path):
    """A path as the report prints it: relative to the repository when inside it."""
    try:
        r = os.path.relpath(path, ROOT)
    except ValueError:
        return path
    return path if r.startswith("..") else r


def show(cmd):
    """A command as the report prints it, with paths inside the repository made relative."""
    return " ".join(shlex.quote(c.replace(ROOT + "/", "")) for c in cmd)


# ---- measuring ---------------------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_busy_seconds():
    """CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = v
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def measure(cmd, cwd=None, env=None):
    """Runs cmd under /usr/bin/time. Wall time by the clock here, CPU from wait4 (microsecond
    resolution, the time process included, which is negligible), peak RSS from time's %M."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, \
            tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        full = [TIME, "-f", TIME_FORMAT, "-o", tf.name] + cmd
        busy0 = cpu_busy_seconds()
        t0 = time.perf_counter()
        p = subprocess.Popen(full, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        busy1 = cpu_busy_seconds()
        cpu = ru.ru_utime + ru.ru_stime
        # Cores that other processes kept busy meanwhile (the noise in the wall time).
        other = max(0.0, (busy1 - busy0 - cpu) / wall) if busy0 is not None and wall > 0 else None
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        fields = tf.read().strip().splitlines()
        e, u, s, m = fields[-1].split() if fields else ("nan", "nan", "nan", "0")
        return {"wall": wall, "cpu": cpu, "rss_kb": int(m), "other_load": other,
                "time_e": float(e), "time_cpu": float(u) + float(s),
                "rc": p.returncode, "stdout": out.read(), "stderr": err.read()}


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


WDK_WARNING = re.compile(r"^(.*): warning: (.*) \[wdk\.[A-Za-z]+\]$", re.M)
ANY_WARNING = re.compile(r"^.*: warning: .*$", re.M)


def wdk_findings(text):
    return [m.group(0) for m in WDK_WARNING.finditer(text)]


def require_silent(label, path, result):
    """A generated file is correct code: any wdk finding is a false alarm."""
    findings = wdk_findings(result["stderr"]) + wdk_findings(result["stdout"])
    if findings:
        raise BenchError(
            "FALSE ALARM: the wdk checkers reported %d finding(s) on generated correct code "
            "(%s, %s):\n  %s\nThe file is kept; report this as a checker (or generator) bug."
            % (len(findings), label, path, "\n  ".join(findings[:20])))


def require_ok(label, result, rcs=(0,)):
    if result["rc"] not in rcs:
        raise BenchError("%s failed with status %d:\n%s%s" % (label, result["rc"],
                                                             result["stdout"][-3000:],
                                                             result["stderr"][-3000:]))


class Runner:
    def __init__(self, args):
        self.a = args
        self.build = os.path.abspath(args.build)
        self.plugin = os.path.join(self.build, "lib", "WdkLockCheckers.so")
        self.wdklock = os.path.join(self.build, "bin", "wdklock")
        self.clang = args.clang
        inc = args.wdk_include
        # wdklock's DDK compatibility headers first (examples/storport_miniport.c includes
        # <storport.h>), as the wrapper's default flags have them.
        self.ddk = ["--target=x86_64-w64-mingw32", "-isystem", DDK_COMPAT,
                    "-isystem", os.path.join(inc, "ddk"), "-isystem", inc, "-Wno-#warnings"]
        self.work = os.path.join(self.build, "bench")
        os.makedirs(self.work, exist_ok=True)
        self.results = {"sections": {}}
        self.other_loads = []  # cores other processes kept busy, one value per measured run

    # Commands.
    def base_cmd(self, src, extra=()):
        return [self.clang, "--analyze", "-o", "/dev/null"] + self.ddk + ["-I", TESTINC] + \
            list(extra) + [src]

    def wdk_cmd(self, src, extra=()):
        return self.base_cmd(src, list(extra) + ["-fplugin=" + self.plugin, "-Xclang",
                                                 "-analyzer-checker=wdk"])

    def generate(self, name, functions, seed, extra=()):
        path = os.path.join(self.work, name)
        cmd = [sys.executable, GEN, "--functions", str(functions), "--seed", str(seed)] + \
            list(extra) + ["-o", path]
        subprocess.run(cmd, check=True)
        return path, cmd

    # A/B interleaved: rep i runs A then B when i is even, B then A when odd, after one
    # discarded warm-up of each (page cache, dynamic loader).
    def ab(self, label, variants, reps, warmup=1, silent_path=None):
        samples = {name: [] for name, _ in variants}
        order = list(variants)
        load_start = os.getloadavg()[0]
        for w in range(warmup):
            for name, cmd in order:
                r = measure(cmd)
                self.check(label, name, r, silent_path)
        for i in range(reps):
            seq = order if i % 2 == 0 else list(reversed(order))
            if len(order) > 2:  # rotate for more than two variants
                k = i % len(order)
                seq = order[k:] + order[:k]
            for name, cmd in seq:
                r = measure(cmd)
                self.check(label, name, r, silent_path)
                samples[name].append({k: r[k] for k in ("wall", "cpu", "rss_kb", "other_load",
                                                         "time_e", "time_cpu", "rc")})
                if r.get("other_load") is not None:
                    self.other_loads.append(r["other_load"])
            log("%s: rep %d/%d: %s" % (label, i + 1, reps, ", ".join(
                "%s %.2fs" % (n, samples[n][-1]["wall"]) for n, _ in order)))
        self.results.setdefault("load", {})[label] = [load_start, os.getloadavg()[0]]
        return samples

    def check(self, label, variant, r, silent_path):
        if variant.startswith("wdklock"):
            # 0: no findings. 1 would be findings, 2 a failure: both are errors here.
            require_ok("%s (%s)" % (label, variant), r, rcs=(0,))
            require_silent(label, silent_path, r)
            return
        require_ok("%s (%s)" % (label, variant), r)
        if silent_path:
            require_silent(label, silent_path, r)

    @staticmethod
    def summarize(samples):
        out = {}
        for name, runs in samples.items():
            out[name] = {m: stats([r.get(m) for r in runs])
                         for m in ("wall", "cpu", "rss_kb", "other_load")}
        return out

    @staticmethod
    def ratios(samples, a, b):
        """Ratio of medians, and the median of the per-rep (paired) ratios."""
        out = {}
        for m in ("wall", "cpu", "rss_kb"):
            ma = statistics.median(r[m] for r in samples[a])
            mb = statistics.median(r[m] for r in samples[b])
            paired = [rb[m] / ra[m] for ra, rb in zip(samples[a], samples[b]) if ra[m]]
            out[m] = {"of_medians": mb / ma if ma else None,
                      "paired_median": statistics.median(paired) if paired else None,
                      "paired_min": min(paired) if paired else None,
                      "paired_max": max(paired) if paired else None}
        return out

    # ---- sections ------------------------------------------------------------------------

    def machine(self):
        info = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "host": platform.node(), "kernel": platform.release(), "cores": os.cpu_count()}
        try:
            with open("/proc/cpuinfo") as f:
                m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
                info["cpu"] = m.group(1) if m else "?"
            with open("/proc/meminfo") as f:
                m = re.search(r"^MemTotal:\s*(\d+) kB", f.read(), re.M)
                info["mem_gib"] = round(int(m.group(1)) / 1048576, 1) if m else None
            with open("/etc/debian_version") as f:
                info["debian"] = f.read().strip()
        except OSError:
            pass
        info["load_start"] = os.getloadavg()
        v = subprocess.run([self.clang, "--version"], capture_output=True, text=True).stdout
        info["clang"] = v.splitlines()[0] if v else "?"
        g = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h %s"],
                           capture_output=True, text=True).stdout.strip()
        info["commit"] = g
        info["plugin"] = rel(self.plugin)
        info["wdklock"] = rel(self.wdklock) if os.path.exists(self.wdklock) else None
        self.results["machine"] = info

    def sanity(self):
        """The checkers do look at generated code: a seeded bug is found."""
        path, gen = self.generate("sanity-bug.c", 30, 7, ["--storport", "0.5", "--seed-bug"])
        r = measure(self.wdk_cmd(path))
        n = len(wdk_findings(r["stderr"]))
        if n != 1:
            raise BenchError("sanity: expected exactly 1 wdk finding on %s (--seed-bug), got %d:\n%s"
                             % (path, n, r["stderr"][-2000:]))
        self.results["sections"]["sanity"] = {"generator": show(gen), "findings": n}
        log("sanity: the seeded bug is found")

    def main_file(self):
        a = self.a
        n = a.main_functions or 400
        path, gen = self.generate("main-%d.c" % n, n, a.seed)
        variants = [("baseline", self.base_cmd(path)), ("+wdk", self.wdk_cmd(path))]
        samples = self.ab("main %d functions" % n, variants, a.reps, silent_path=path)
        base_warn = len(ANY_WARNING.findall(measure(self.base_cmd(path))["stderr"]))
        self.results["sections"]["main"] = {
            "functions": n, "file": rel(path), "generator": show(gen),
            "commands": {k: show(v) for k, v in variants}, "reps": a.reps,
            "samples": samples, "summary": self.summarize(samples),
            "ratio": self.ratios(samples, "baseline", "+wdk"), "baseline_warnings": base_warn}
        self.main_path = path
        self.main_samples = samples

    def examples(self):
        out = {}
        for name in ("wdm_driver.c", "storport_miniport.c"):
            path = os.path.join(ROOT, "examples", name)
            variants = [("baseline", self.base_cmd(path)), ("+wdk", self.wdk_cmd(path))]
            samples = self.ab("example %s" % name, variants, self.a.reps)
            findings = len(wdk_findings(measure(self.wdk_cmd(path))["stderr"]))
            out[name] = {"commands": {k: show(v) for k, v in variants}, "samples": samples,
                         "summary": self.summarize(samples),
                         "ratio": self.ratios(samples, "baseline", "+wdk"),
                         "seeded_findings": findings}
        self.results["sections"]["examples"] = out

    def scaling(self):
        """Sizes are copies of one generated unit (gen.py --repeat): the per-function work is
        the same at every size, so only the analyzer's own scaling shows. (Unique functions
        would not do: their analysis times are heavy-tailed, a few functions take 100x the
        median, and the mean of a sample of 100 says more about the sample than the size.)"""
        a = self.a
        unit = a.scaling_unit
        reps = a.scaling_reps
        out = {"sizes": a.sizes, "unit": unit, "reps": reps, "points": {}}
        for n in [0] + a.sizes:
            if n % unit and n:
                raise BenchError("scaling size %d is not a multiple of the unit %d" % (n, unit))
            extra = ["--repeat", str(n // unit)] if n else []
            path, gen = self.generate("scale-%d.c" % n, unit if n else 0, a.seed, extra)
            variants = [("baseline", self.base_cmd(path)), ("+wdk", self.wdk_cmd(path))]
            load = os.getloadavg()[0]
            # Small files are cheap and noisiest: they get the full number of repetitions.
            samples = self.ab("scaling %d functions" % n, variants, a.reps if n <= 400 else reps,
                              warmup=1 if n <= 400 else 0, silent_path=path if n else None)
            out["points"][str(n)] = {"file": rel(path), "generator": show(gen), "samples": samples,
                                     "summary": self.summarize(samples), "load_start": load,
                                     "ratio": self.ratios(samples, "baseline", "+wdk")}
        # Per function: raw (total / N) and net of the fixed cost (prelude and headers, N = 0).
        fixed = out["points"]["0"]["summary"]
        for n in a.sizes:
            p = out["points"][str(n)]
            per = {}
            for v in ("baseline", "+wdk"):
                per[v] = {}
                for m in ("wall", "cpu"):
                    med = p["summary"][v][m]["median"]
                    per[v][m + "_raw_ms"] = 1000 * med / n
                    per[v][m + "_net_ms"] = 1000 * (med - fixed[v][m]["median"]) / n
            p["per_function"] = per
        self.results["sections"]["scaling"] = out

    def project(self):
        a = self.a
        if not os.path.exists(self.wdklock):
            log("wrapper: %s does not exist: skipped" % rel(self.wdklock))
            self.results["sections"]["wrapper"] = {"skipped": "%s does not exist" % rel(self.wdklock)}
            return
        proj = os.path.join(self.work, "project")
        src = os.path.join(proj, "src")
        os.makedirs(src, exist_ok=True)
        for f in os.listdir(src):
            os.unlink(os.path.join(src, f))
        entries = []
        files = []
        gen_cmd = None
        for i in range(a.project_files):
            path = os.path.join(src, "drv%02d.c" % i)
            cmd = [sys.executable, GEN, "--functions", str(a.project_functions),
                   "--seed", str(1000 + i), "-o", path]
            subprocess.run(cmd, check=True)
            gen_cmd = gen_cmd or show(cmd[:-1] + ["src/drvNN.c"]).replace("1000", "1000+NN")
            args = [self.clang] + self.ddk + ["-I", TESTINC, "-c", "src/drv%02d.c" % i,
                                              "-o", "obj/drv%02d.o" % i]
            entries.append({"directory": proj, "file": "src/drv%02d.c" % i, "arguments": args})
            files.append(path)
        with open(os.path.join(proj, "compile_commands.json"), "w") as f:
            json.dump(entries, f, indent=1)
        wl = [self.wdklock, "-p", proj, "-q", "--plugin=" + self.plugin]
        # What the wrapper runs: clang's core and apiModeling (modelling only) and the wdk
        # checkers, no other default checker.
        same_checkers = ["--analyzer-no-default-checks", "-Xclang",
                         "-analyzer-checker=core,apiModeling"]

        def loop(extra):
            body = " ".join(shlex.quote(c) for c in self.wdk_cmd("@F@", extra))
            run = ["sh", "-ec", "for f in %s; do %s; done" % (
                " ".join(shlex.quote(f) for f in files), body.replace("@F@", '"$f"'))]
            shown = "for f in %s/src/*.c; do %s; done" % (
                rel(proj), show(self.wdk_cmd("@F@", extra)).replace("@F@", '"$f"'))
            return run, shown

        direct, direct_shown = loop([])
        matched, matched_shown = loop(same_checkers)
        variants = [("wdklock -j1", wl + ["-j1"]), ("wdklock -j2", wl + ["-j2"]),
                    ("clang sequential", direct), ("clang sequential, wrapper's checkers", matched)]
        shown = {"wdklock -j1": show(wl + ["-j1"]), "wdklock -j2": show(wl + ["-j2"]),
                 "clang sequential": direct_shown,
                 "clang sequential, wrapper's checkers": matched_shown}
        samples = self.ab("wrapper %d files" % len(files), variants, a.project_reps,
                          warmup=0, silent_path=proj)
        summary = self.summarize(samples)
        med = lambda v: summary[v]["wall"]["median"]
        self.results["sections"]["wrapper"] = {
            "files": len(files), "functions_per_file": a.project_functions, "generator": gen_cmd,
            "project": rel(proj), "reps": a.project_reps,
            "commands": shown,
            "samples": samples, "summary": summary,
            "speedup_j2": med("wdklock -j1") / med("wdklock -j2"),
            "overhead_vs_clang": med("wdklock -j1") / med("clang sequential"),
            "overhead_vs_matched": med("wdklock -j1") / med("clang sequential, wrapper's checkers"),
            "cpu_overhead_vs_clang": summary["wdklock -j1"]["cpu"]["median"] /
            summary["clang sequential"]["cpu"]["median"],
            "cpu_overhead_vs_matched": summary["wdklock -j1"]["cpu"]["median"] /
            summary["clang sequential, wrapper's checkers"]["cpu"]["median"]}

    def callgrind(self):
        a = self.a
        n = a.callgrind_functions or (100 if a.quick else 400)
        if n == self.results["sections"].get("main", {}).get("functions"):
            path = self.main_path
        else:
            path, _ = self.generate("callgrind-%d.c" % n, n, a.seed)
        outs = {"baseline": os.path.join(self.work, "callgrind.baseline.out"),
                "+wdk": os.path.join(self.work, "callgrind.wdk.out")}
        cmds = {"baseline": self.base_cmd(path), "+wdk": self.wdk_cmd(path)}
        vg = lambda v: ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + outs[v]] + cmds[v]
        # Also the +wdk instructions of the smaller scaling files: per-function instructions
        # are the size-independent check of the scaling (timings on a shared machine are not).
        scale = {}
        for sn in a.callgrind_sizes:
            spath, sgen = self.generate("scale-%d.c" % sn, a.scaling_unit if sn else 0, a.seed,
                                        ["--repeat", str(sn // a.scaling_unit)] if sn else [])
            sout = os.path.join(self.work, "callgrind.scale-%d.out" % sn)
            scale[sn] = {"path": spath, "out": sout,
                         "cmd": ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + sout]
                         + self.wdk_cmd(spath)}
        jobs = [("baseline", vg("baseline"), path), ("+wdk", vg("+wdk"), path)] + \
            [("scale-%d" % sn, j["cmd"], j["path"]) for sn, j in sorted(scale.items(), reverse=True)]
        # Instruction counts do not depend on the load: as many at once as there are cores.
        width = max(1, os.cpu_count() or 1)
        log("callgrind: %d functions, baseline and +wdk, and +wdk on %s scaling functions "
            "(%d at once; this takes minutes)" % (n, "/".join(str(x) for x in a.callgrind_sizes), width))
        t0 = time.perf_counter()
        running = []
        pending = list(jobs)
        while pending or running:
            while pending and len(running) < width:
                name, cmd, src = pending.pop(0)
                running.append((name, src, subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                                             stderr=subprocess.PIPE, text=True)))
            name, src, p = running.pop(0)
            out, err = p.communicate()
            if p.returncode != 0:
                raise BenchError("callgrind %s failed:\n%s" % (name, err[-3000:]))
            if name != "baseline":
                require_silent("callgrind " + name, src, {"stderr": err, "stdout": out})
        res = {"baseline": parse_callgrind(outs["baseline"], self.plugin),
               "+wdk": parse_callgrind(outs["+wdk"], self.plugin)}
        scale_ir = {sn: callgrind_total(j["out"]) for sn, j in scale.items()}
        elapsed = time.perf_counter() - t0
        ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", outs["+wdk"]],
                             capture_output=True, text=True).stdout
        self_ann = subprocess.run(["callgrind_annotate", "--inclusive=no", outs["+wdk"]],
                                  capture_output=True, text=True).stdout
        annotate_path = os.path.join(self.a.out, "%s-callgrind.txt" % results_stem(self.a))
        with open(annotate_path, "w") as f:
            f.write("# callgrind_annotate of the +wdk run on %s (%d functions)\n" % (rel(path), n))
            f.write("# command: %s\n\n" % show(vg("+wdk")))
            f.write("## The checker's heaviest functions and what they spend it on\n\n")
            f.write("(from bench/bench.py's own reading of the profile: Ir inclusive, calls)\n\n")
            for b in res["+wdk"]["breakdown"]:
                f.write("%s\n    inclusive %s Ir (%.3f%% of all), self %s, called %s times (%s Ir per call)\n" % (
                    b["function"], format(b["inclusive"], ","), 100.0 * b["inclusive"] / res["+wdk"]["total"],
                    format(b["self"], ","), format(b["calls"], ","),
                    format(b["inclusive"] // b["calls"], ",") if b["calls"] else "–"))
                for c in b["callees"]:
                    f.write("    %14s Ir %9s calls  %s\n" % (format(c["ir"], ","), format(c["calls"], ","),
                                                          c["function"][:150]))
                f.write("\n")
            f.write("## --inclusive=no (self), top 60\n\n")
            f.write("\n".join(self_ann.splitlines()[:90]) + "\n\n")
            f.write("## --inclusive=yes, top 60\n\n")
            f.write("\n".join(ann.splitlines()[:90]) + "\n")
        base, wdk = res["baseline"], res["+wdk"]
        self.results["sections"]["callgrind"] = {
            "functions": n, "file": rel(path), "seconds": elapsed,
            "commands": {v: show(vg(v)) for v in vg_keys()},
            "annotate": rel(annotate_path),
            "annotate_command": "callgrind_annotate --inclusive=no %s" % rel(outs["+wdk"]),
            "baseline_ir": base["total"], "wdk_ir": wdk["total"],
            "ratio": wdk["total"] / base["total"],
            "delta_ir": wdk["total"] - base["total"],
            "plugin_self_ir": wdk["plugin_self"], "plugin_calls_out_ir": wdk["plugin_calls_out"],
            "attributable_ir": wdk["plugin_self"] + wdk["plugin_calls_out"],
            "engine": {"baseline": base["engine"], "+wdk": wdk["engine"]},
            "top_self": wdk["top_self"], "top_inclusive": wdk["top_inclusive"],
            "top_callees": wdk["top_callees"],
            "scaling": {"sizes": a.callgrind_sizes,
                        "commands": {str(sn): show(j["cmd"]) for sn, j in scale.items()},
                        "wdk_ir": {str(sn): v for sn, v in scale_ir.items()},
                        "per_function_net": {str(sn): (scale_ir[sn] - scale_ir[0]) / sn
                                             for sn in scale_ir if sn and 0 in scale_ir}}}


def callgrind_total(path):
    """The instruction count of a callgrind profile (its summary or totals line)."""
    total = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
    return total


def vg_keys():
    return ("baseline", "+wdk")


# ---- callgrind output ------------------------------------------------------------------

# How much the engine did, counted as calls in the callgrind output.
ENGINE_COUNTERS = [
    ("exploded nodes created or found", "clang::ento::ExplodedGraph::getNode("),
    ("calls evaluated conservatively (opaque)", "clang::ento::ExprEngine::conservativeEvalCall("),
    ("calls inlined", "clang::ento::ExprEngine::inlineCall("),
    ("branches", "clang::ento::ExprEngine::processBranch("),
    ("region invalidations", "clang::ento::ProgramState::invalidateRegions("),
]


def parse_callgrind(path, plugin):
    """Totals, and the instructions attributable to the plugin: its own code (self cost of
    functions in the plugin object, which includes the clang templates instantiated there)
    plus the inclusive cost of its calls into code outside it."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    space = {"ob": "ob", "cob": "ob", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl",
             "cfl": "fl", "fn": "fn", "cfn": "fn"}

    def resolve(kind, value):
        m = re.match(r"\((\d+)\)(?:\s+(.*))?$", value)
        table = names[space[kind]]
        if not m:
            return value
        if m.group(2) is not None:
            table[m.group(1)] = m.group(2)
            return m.group(2)
        return table.get(m.group(1), value)

    self_cost = defaultdict(int)          # (ob, fn) -> Ir
    counts = defaultdict(int)             # engine work: calls of ENGINE_COUNTERS
    call_cost = defaultdict(int)          # (ob, fn, cob, cfn) -> Ir inclusive
    call_count = defaultdict(int)         # (ob, fn, cob, cfn) -> calls
    ncalls = 0
    total = None
    ob = fn = None
    cob = cfn = None
    in_call = False
    plugin_real = os.path.realpath(plugin)
    with open(path, errors="replace") as f:
        for line in f:
            c = line[0] if line else ""
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if in_call:
                    edge = (ob, fn, cob if cob is not None else ob, cfn)
                    call_cost[edge] += cost
                    call_count[edge] += ncalls
                    in_call = False
                    cob = cfn = None
                else:
                    self_cost[(ob, fn)] += cost
                continue
            if "=" in line:
                key, _, value = line.rstrip("\n").partition("=")
                if key == "ob":
                    ob = resolve("ob", value)
                elif key == "fn":
                    fn = resolve("fn", value)
                elif key == "cob":
                    cob = resolve("cob", value)
                elif key == "cfn":
                    cfn = resolve("cfn", value)
                elif key in ("fl", "fi", "fe", "cfi", "cfl"):
                    resolve(key, value)
                elif key == "calls":
                    in_call = True
                    ncalls = int(value.split()[0])
                    for label, pattern in ENGINE_COUNTERS:
                        if cfn and pattern in cfn:
                            counts[label] += int(value.split()[0])
                continue
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
    is_plugin = lambda o: o is not None and os.path.realpath(o) == plugin_real
    if total is None:
        total = sum(self_cost.values())
    plugin_self = sum(v for (o, _), v in self_cost.items() if is_plugin(o))
    out_calls = defaultdict(int)
    for (o, f, co, cf), v in call_cost.items():
        if is_plugin(o) and not is_plugin(co):
            out_calls[(co, cf)] += v
    inclusive = defaultdict(int)
    for (o, f), v in self_cost.items():
        if is_plugin(o):
            inclusive[f] += v
    for (o, f, co, cf), v in call_cost.items():
        if is_plugin(o) and not (is_plugin(co) and cf == f):
            inclusive[f] += v
    top_self = sorted(((f, v) for (o, f), v in self_cost.items() if is_plugin(o)),
                      key=lambda x: -x[1])[:15]
    # The Checker<> thunks (_evalCall, _checkCall, ...) forward to the callbacks: list one
    # only when the callback was inlined into it (checkPostCall is).
    def forwards(f):
        if not re.search(r"clang::ento::(check|eval)::\w+::_", f):
            return False
        return any(is_plugin(o) and ff == f and is_plugin(co) and v >= 0.9 * inclusive[f]
                   for (o, ff, co, cf), v in call_cost.items())
    top_incl = sorted(((f, v) for f, v in inclusive.items() if not forwards(f)),
                      key=lambda x: -x[1])[:15]
    top_callees = sorted(((os.path.basename(co or "?"), cf, v) for (co, cf), v in out_calls.items()),
                         key=lambda x: -x[2])[:15]
    # For the heaviest checker functions: self cost, how often they were called, and what
    # they spend it on (the evidence for a proposed change).
    called = defaultdict(int)
    for (o, f, co, cf), n in call_count.items():
        if is_plugin(co) and not (is_plugin(o) and f == cf):
            called[cf] += n
    breakdown = []
    for f, v in top_incl[:8]:
        callees = sorted(((cf, call_cost[e], call_count[e]) for e in call_cost
                          for (o, ff, co, cf) in [e] if is_plugin(o) and ff == f and cf != f),
                         key=lambda x: -x[1])[:10]
        breakdown.append({"function": f, "inclusive": v, "calls": called.get(f, 0),
                          "self": sum(c for (o, ff), c in self_cost.items() if is_plugin(o) and ff == f),
                          "callees": [{"function": cf, "ir": c, "calls": n} for cf, c, n in callees]})
    return {"total": total, "plugin_self": plugin_self, "engine": dict(counts),
            "breakdown": breakdown,
            "plugin_calls_out": sum(out_calls.values()),
            "top_self": [{"function": f, "ir": v, "share": v / total} for f, v in top_self],
            "top_inclusive": [{"function": f, "ir": v, "share": v / total} for f, v in top_incl],
            "top_callees": [{"object": o, "function": f, "ir": v, "share": v / total}
                            for o, f, v in top_callees]}


# ---- report ------------------------------------------------------------------------------

def fmt_s(st, scale=1.0, unit="s", prec=3):
    if not st:
        return "–"
    return "%.*f%s (%.*f–%.*f)" % (prec, st["median"] * scale, " " + unit if unit else "", prec,
                                   st["min"] * scale, prec, st["max"] * scale)


def fmt_mib(st):
    if not st:
        return "–"
    return "%.1f MiB (%.1f–%.1f)" % (st["median"] / 1024, st["min"] / 1024, st["max"] / 1024)


def fmt_ratio(r):
    if not r or r["of_medians"] is None:
        return "–"
    return "**%.3f×** (paired %.3f, %.3f–%.3f)" % (r["of_medians"], r["paired_median"],
                                                  r["paired_min"], r["paired_max"])


def ab_table(summary, ratio, names=("baseline", "+wdk")):
    rows = ["| metric | %s | %s | ratio +wdk/baseline |" % names, "|---|---|---|---|"]
    rows.append("| wall | %s | %s | %s |" % (fmt_s(summary[names[0]]["wall"]),
                                             fmt_s(summary[names[1]]["wall"]), fmt_ratio(ratio["wall"])))
    rows.append("| CPU (user+sys) | %s | %s | %s |" % (fmt_s(summary[names[0]]["cpu"]),
                                                       fmt_s(summary[names[1]]["cpu"]), fmt_ratio(ratio["cpu"])))
    rows.append("| peak RSS | %s | %s | %s |" % (fmt_mib(summary[names[0]]["rss_kb"]),
                                                  fmt_mib(summary[names[1]]["rss_kb"]),
                                                  fmt_ratio(ratio["rss_kb"])))
    if summary[names[0]].get("other_load"):
        rows.append("| other processes' load (cores busy) | %s | %s | |" % (
            fmt_s(summary[names[0]]["other_load"], unit="", prec=2),
            fmt_s(summary[names[1]]["other_load"], unit="", prec=2)))
    return rows


def met(ok):
    return "met" if ok else "**missed**"


def write_markdown(res, path, args):
    m = res["machine"]
    s = res["sections"]
    L = ["# wdklock benchmark results", "",
         "Generated by `bench/run%s` (see [bench/README.md](../README.md)). Medians of interleaved "
         "A/B runs, (min–max) over the runs; ratios are +wdk/baseline: the ratio of the medians, "
         "and in parentheses the median and range of the per-repetition paired ratios."
         % "".join(" " + x for x in args.shown_argv), "",
         "| | |", "|---|---|",
         "| date | %s |" % m["date"],
         "| machine | %s, %s cores, %s GiB, Debian %s, kernel %s |" % (
             m.get("cpu", "?"), m["cores"], m.get("mem_gib"), m.get("debian", "?"), m["kernel"]),
         "| load average (1/5/15 min) | start %s, end %s |" % (
             "/".join("%.2f" % x for x in m["load_start"]),
             "/".join("%.2f" % x for x in m.get("load_end", (0, 0, 0)))),
         "| clang | %s |" % m["clang"],
         "| commit | %s |" % m["commit"],
         "| plugin | `%s` |" % m["plugin"], ""]
    # The load average counts the benchmark's own processes; what other processes did during
    # each measured run is the number that says whether wall times can be trusted.
    ol = m.get("other_load")
    if ol and ol["median"] > SHARED_LOAD:
        L += ["> The machine was shared: other processes kept a median of %.2f (at most %.2f) of "
              "the %s cores busy during the measured runs, so wall times are noisy. CPU time is "
              "less so, and instruction counts not at all." % (ol["median"], ol["max"], m["cores"]), ""]
    elif ol:
        L += ["> Other processes kept a median of %.2f (at most %.2f) of the %s cores busy during "
              "the measured runs: the machine was idle enough for wall times to mean what they "
              "say." % (ol["median"], ol["max"], m["cores"]), ""]

    # Targets.
    L += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    if "main" in s:
        r = s["main"]["ratio"]
        L.append("| checker overhead ≤ %.2f× wall (%d functions, median) | %.3f× (CPU %.3f×) | %s |" % (
            TARGET_WALL, s["main"]["functions"], r["wall"]["of_medians"], r["cpu"]["of_medians"],
            met(r["wall"]["of_medians"] <= TARGET_WALL)))
        L.append("| checker overhead ≤ %.2f× peak memory | %.3f× | %s |" % (
            TARGET_RSS, r["rss_kb"]["of_medians"], met(r["rss_kb"]["of_medians"] <= TARGET_RSS)))
    if "callgrind" in s:
        c = s["callgrind"]
        L.append("| (instructions, the robust number) | %.4f× (%d functions) | |" % (c["ratio"], c["functions"]))
    if "scaling" in s:
        sc = s["scaling"]
        per = [sc["points"][str(n)]["per_function"]["+wdk"]["wall_net_ms"] for n in sc["sizes"]]
        cpu = [sc["points"][str(n)]["per_function"]["+wdk"]["cpu_net_ms"] for n in sc["sizes"]]
        spread = max(per) / min(per) if min(per) > 0 else float("inf")
        cspread = max(cpu) / min(cpu) if min(cpu) > 0 else float("inf")
        ir = s.get("callgrind", {}).get("scaling", {}).get("per_function_net", {})
        ir_txt, ir_ok = "", None
        if len(ir) >= 2:
            vals = [ir[k] for k in sorted(ir, key=int)]
            ir_ok = max(vals) / min(vals) <= TARGET_FLAT
            ir_txt = "; instructions %s: %s M (%.3f×)" % (
                "/".join(sorted(ir, key=int)), " / ".join("%.2f" % (v / 1e6) for v in vals),
                max(vals) / min(vals))
        verdict = met(cspread <= TARGET_FLAT)
        if cspread > TARGET_FLAT and ir_ok:
            verdict = "**missed** on CPU time; flat in instructions"
        L.append("| per-function time flat %s→%s (max/min ≤ %.2f; net of the fixed cost) | "
                 "CPU %s ms (%.2f×); wall %s ms (%.2f×)%s | %s |" % (
                     sc["sizes"][0], sc["sizes"][-1], TARGET_FLAT, " / ".join("%.2f" % x for x in cpu),
                     cspread, " / ".join("%.2f" % x for x in per), spread, ir_txt, verdict))
    w = s.get("wrapper", {})
    if "skipped" in w:
        L.append("| wdklock -j2 ≥ %.1f× faster than -j1 | skipped: %s | – |" % (TARGET_JOBS, w["skipped"]))
        L.append("| wrapper overhead ≤ 5%% vs clang --analyze -fplugin | skipped | – |")
    elif w:
        L.append("| wdklock -j2 ≥ %.1f× faster than -j1 | %.2f× | %s |" % (
            TARGET_JOBS, w["speedup_j2"], met(w["speedup_j2"] >= TARGET_JOBS)))
        L.append("| wrapper overhead ≤ 5%% vs clang --analyze -fplugin (wall, -j1 vs one clang per file) "
                 "| %+.1f%% (CPU %+.1f%%); vs the same checker set %+.1f%% (CPU %+.1f%%) | %s |" % (
                     100 * (w["overhead_vs_clang"] - 1), 100 * (w["cpu_overhead_vs_clang"] - 1),
                     100 * (w["overhead_vs_matched"] - 1), 100 * (w["cpu_overhead_vs_matched"] - 1),
                     met(w["overhead_vs_clang"] <= TARGET_WRAPPER)))
    L.append("")

    if "sanity" in s:
        L += ["Every generated file was analysed with the plugin and gave **no wdk finding** "
              "(any would have stopped the run). The checkers do look at the generated code: "
              "`%s` (one seeded bug) gives exactly %d finding." % (s["sanity"]["generator"],
                                                                  s["sanity"]["findings"]), ""]

    if "main" in s:
        mm = s["main"]
        L += ["## Checker overhead: %d generated functions" % mm["functions"], "",
              "%d interleaved repetitions (ABBA order) after one warm-up run of each." % mm["reps"], "",
              "```sh", mm["generator"],
              "/usr/bin/time -f '%s' %s   # baseline" % (TIME_FORMAT, mm["commands"]["baseline"]),
              "/usr/bin/time -f '%s' %s   # +wdk" % (TIME_FORMAT, mm["commands"]["+wdk"]), "```", ""]
        L += ab_table(mm["summary"], mm["ratio"]) + [""]
        L += ["Baseline warnings on the generated file (clang's default checkers): %d." % mm["baseline_warnings"], ""]

    if "callgrind" in s:
        c = s["callgrind"]
        L += ["## Instructions (callgrind, %d functions)" % c["functions"], "",
              "```sh", c["commands"]["baseline"], c["commands"]["+wdk"],
              c["annotate_command"], "```", "",
              "| | instructions |", "|---|---|",
              "| baseline | %s |" % format(c["baseline_ir"], ","),
              "| +wdk | %s |" % format(c["wdk_ir"], ","),
              "| ratio | **%.4f×** (%s) |" % (c["ratio"], format(c["delta_ir"], "+,")),
              "| attributable to the checker: code in WdkLockCheckers.so | %s (%.3f%% of +wdk) |" % (
                  format(c["plugin_self_ir"], ","), 100 * c["plugin_self_ir"] / c["wdk_ir"]),
              "| … plus what that code calls outside the plugin | %s (%.3f%%) |" % (
                  format(c["attributable_ir"], ","), 100 * c["attributable_ir"] / c["wdk_ir"]), "",
              "The engine's work in both runs (call counts from the same profiles): the checker "
              "evaluates the lock routines itself (eval::Call), where the baseline evaluates them "
              "as opaque calls that invalidate the extension and the handle, or inlines StorPort's "
              "inline wrappers.", "",
              "| engine work | baseline | +wdk | ratio |", "|---|---|---|---|"]
        for label, _ in ENGINE_COUNTERS:
            b = c["engine"]["baseline"].get(label, 0)
            w_ = c["engine"]["+wdk"].get(label, 0)
            L.append("| %s | %s | %s | %s |" % (label, format(b, ","), format(w_, ","),
                                                "%.3f×" % (w_ / b) if b else "–"))
        L += ["",
              "Top checker functions, inclusive of what they call (share of all +wdk instructions):", "",
              "| function | Ir | share |", "|---|---|---|"]
        for t in c["top_inclusive"][:10]:
            L.append("| `%s` | %s | %.3f%% |" % (short(t["function"]), format(t["ir"], ","), 100 * t["share"]))
        L += ["", "Code outside the plugin that the checker calls most (inclusive):", "",
              "| object | function | Ir | share |", "|---|---|---|---|"]
        for t in c["top_callees"][:10]:
            L.append("| %s | `%s` | %s | %.3f%% |" % (t["object"], short(t["function"]),
                                                     format(t["ir"], ","), 100 * t["share"]))
        L += ["", "Full annotation: [%s](%s)." % (os.path.basename(c["annotate"]),
                                                 os.path.basename(c["annotate"])), ""]

    if "examples" in s:
        L += ["## The example drivers", ""]
        for name, e in s["examples"].items():
            L += ["### examples/%s (%d seeded findings)" % (name, e["seeded_findings"]), "",
                  "```sh", e["commands"]["baseline"], e["commands"]["+wdk"], "```", ""]
            L += ab_table(e["summary"], e["ratio"]) + [""]

    if "scaling" in s:
        sc = s["scaling"]
        L += ["## Scaling", "",
              "Each size is a %d-function unit (seed %d) written N/%d times under new names "
              "(`gen.py --repeat`), so that the work per function is the same at every size; "
              "%d interleaved repetitions per size (%d up to 400 functions). *Net* subtracts the "
              "fixed cost of a file with no generated function (headers and prelude): "
              "`gen.py --functions 0`." % (sc["unit"], args.seed, sc["unit"], sc["reps"], args.reps), "",
              "| functions | baseline wall | +wdk wall | wall ratio | +wdk ms/function (raw) | "
              "+wdk ms/function (net) | baseline ms/function (net) | +wdk CPU ms/function (net) | "
              "+wdk instructions/function (net, callgrind) | +wdk peak RSS |",
              "|---|---|---|---|---|---|---|---|---|---|"]
        cg = s.get("callgrind", {}).get("scaling", {})
        z = sc["points"]["0"]
        z_ir = cg.get("wdk_ir", {}).get("0")
        L.append("| 0 (fixed cost) | %s | %s | %.3f× | – | – | – | – | %s | %s |" % (
            fmt_s(z["summary"]["baseline"]["wall"]), fmt_s(z["summary"]["+wdk"]["wall"]),
            z["ratio"]["wall"]["of_medians"],
            "(%s in all)" % format(z_ir, ",") if z_ir else "–",
            fmt_mib(z["summary"]["+wdk"]["rss_kb"])))
        for n in sc["sizes"]:
            p = sc["points"][str(n)]
            pf = p["per_function"]
            ir = cg.get("per_function_net", {}).get(str(n))
            L.append("| %d | %s | %s | %.3f× | %.2f | %.2f | %.2f | %.2f | %s | %s |" % (
                n, fmt_s(p["summary"]["baseline"]["wall"]), fmt_s(p["summary"]["+wdk"]["wall"]),
                p["ratio"]["wall"]["of_medians"], pf["+wdk"]["wall_raw_ms"], pf["+wdk"]["wall_net_ms"],
                pf["baseline"]["wall_net_ms"], pf["+wdk"]["cpu_net_ms"],
                format(int(ir), ",") if ir else "–", fmt_mib(p["summary"]["+wdk"]["rss_kb"])))
        L += ["", "```sh"]
        for n in ["0"] + [str(x) for x in sc["sizes"]]:
            L.append(sc["points"][n]["generator"])
        L += ["# then the baseline and +wdk commands above on each file, and"]
        for n, c in sorted(cg.get("commands", {}).items(), key=lambda x: int(x[0])):
            L.append(c)
        L += ["```", ""]

    if "wrapper" in s:
        w = s["wrapper"]
        L += ["## The wdklock wrapper", ""]
        if "skipped" in w:
            L += ["Skipped: %s (the wrapper is built by `cmake --build` when src/wdklock is present)."
                  % w["skipped"], ""]
        else:
            L += ["%d generated files of %d functions each, with a compile_commands.json; %d interleaved "
                  "repetitions. The wrapper runs clang's `core` and `apiModeling` checkers (modelling "
                  "only) and the wdk checkers; plain `clang --analyze` runs all default checkers, so "
                  "both comparisons are given." % (w["files"], w["functions_per_file"], w["reps"]), "",
                  "```sh", "%s   # NN = 00..%02d" % (w["generator"], w["files"] - 1)]
            for k, v in w["commands"].items():
                L.append("%s   # %s" % (v, k))
            L += ["```", "", "| run | wall | CPU (user+sys) | peak RSS (largest process) | other processes' load (cores busy) |",
                  "|---|---|---|---|---|"]
            for k in w["commands"]:
                sm = w["summary"][k]
                L.append("| %s | %s | %s | %s | %s |" % (k, fmt_s(sm["wall"]), fmt_s(sm["cpu"]), fmt_mib(sm["rss_kb"]),
                                                         fmt_s(sm.get("other_load"), unit="", prec=2)))
            ol = (w["summary"]["wdklock -j2"].get("other_load") or {}).get("median")
            if ol is not None and ol > 0.25:
                L += ["", "While -j2 ran, other processes kept %.2f of the %s cores busy on average: "
                      "-j2 cannot be faster than the cores they leave free." % (ol, m["cores"])]
            L += ["", "-j2 speedup: **%.2f×**. Wrapper (-j1) against one clang per file: wall %+.1f%%, "
                  "CPU %+.1f%%; against clang with the wrapper's checker set: wall %+.1f%%, CPU %+.1f%%."
                  % (w["speedup_j2"], 100 * (w["overhead_vs_clang"] - 1), 100 * (w["cpu_overhead_vs_clang"] - 1),
                     100 * (w["overhead_vs_matched"] - 1), 100 * (w["cpu_overhead_vs_matched"] - 1)), ""]

    L += ["Raw numbers: [latest.json](latest.json). Plot: ![scaling and overhead](latest.png)", ""]
    with open(path, "w") as f:
        f.write("\n".join(L))


def short(name, width=110):
    name = re.sub(r"\(anonymous namespace\)::", "", name)
    return name if len(name) <= width else name[:width - 1] + "…"


def plot(res, path):
    """The PNG, drawn by Debian's python3-matplotlib (/usr/bin/python3)."""
    script = os.path.join(ROOT, "bench", "plot.py")
    data = path + ".json.tmp"
    with open(data, "w") as f:
        json.dump(res, f)
    try:
        p = subprocess.run(["/usr/bin/python3", script, data, path], capture_output=True, text=True)
        if p.returncode != 0:
            log("plot failed (is python3-matplotlib installed?):\n" + p.stderr[-2000:])
            return False
    finally:
        os.unlink(data)
    return True


# ---- main ----------------------------------------------------------------------------------

ALL = ("main", "callgrind", "examples", "scaling", "wrapper")


def results_stem(a):
    """latest.* for a run of every section, partial.* for a run of some."""
    return "latest" if set(a.only) == set(ALL) else "partial"


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    p.add_argument("--reps", type=int, default=7,
                   help="interleaved repetitions for the 400-function file and the examples [7; "
                        "--quick: 3]")
    p.add_argument("--scaling-reps", type=int, help="repetitions per scaling size [reps // 2, at least 1]")
    p.add_argument("--project-reps", type=int, help="repetitions of the wrapper runs [reps // 2, at least 1]")
    p.add_argument("--quick", action="store_true",
                   help="a short run: 3 reps, scaling to 1600, 20-file project, callgrind on 100 functions")
    p.add_argument("--only", default=",".join(ALL),
                   help="comma-separated sections to run, of: %s [all]; a run of fewer than all "
                        "writes partial.{md,json,png} instead of latest.*" % ",".join(ALL))
    p.add_argument("--sizes", help="scaling sizes [100,400,1600,6400; --quick: 100,400,1600]")
    p.add_argument("--seed", type=int, default=1, help="generator seed [1]")
    p.add_argument("--scaling-unit", type=int, default=100,
                   help="functions in the unit the scaling files repeat [100]")
    p.add_argument("--main-functions", type=int, help="functions in the overhead file [400]")
    p.add_argument("--callgrind-functions", type=int, help="functions in the callgrind file [400; --quick: 100]")
    p.add_argument("--callgrind-sizes",
                   help="scaling sizes whose +wdk instructions callgrind counts [0,100,400; --quick: 0,100]")
    p.add_argument("--project-files", type=int, help="files in the wrapper project [40; --quick: 20]")
    p.add_argument("--project-functions", type=int, default=25, help="functions per project file [25]")
    p.add_argument("--no-build", action="store_true",
                   help="(bench/run) do not install packages or build; measure the build as it is")
    p.add_argument("--build", default=os.path.join(ROOT, "build-bench"),
                   help="build directory with lib/WdkLockCheckers.so and bin/wdklock [build-bench]")
    p.add_argument("--clang", default="/usr/lib/llvm-19/bin/clang", help="the clang the plugin was built for")
    p.add_argument("--wdk-include", default="/usr/x86_64-w64-mingw32/include",
                   help="include directory holding ddk/ [/usr/x86_64-w64-mingw32/include]")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results"), help="results directory [bench/results]")
    a = p.parse_args(argv)
    a.argv = argv
    # bench/run passes its own arguments on for the report (it adds --build and --clang).
    run_args = os.environ.get("BENCH_RUN_ARGS")
    a.shown_argv = shlex.split(run_args) if run_args is not None else argv
    if a.quick and "--reps" not in " ".join(argv):
        a.reps = 3
    a.scaling_reps = a.scaling_reps or max(1, a.reps // 2)
    a.project_reps = a.project_reps or max(1, a.reps // 2)
    a.sizes = [int(x) for x in (a.sizes or ("100,400,1600" if a.quick else "100,400,1600,6400")).split(",")]
    a.project_files = a.project_files or (20 if a.quick else 40)
    a.callgrind_sizes = sorted({0} | {int(x) for x in (a.callgrind_sizes or ("0,100" if a.quick else "0,100,400")).split(",")})
    a.only = [x.strip() for x in a.only.split(",") if x.strip()]
    for x in a.only:
        if x not in ALL:
            p.error("unknown section '%s' (of %s)" % (x, ",".join(ALL)))
    a.out = os.path.abspath(a.out)
    return a


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    a = parse_args(argv)
    r = Runner(a)
    if not os.path.exists(r.plugin):
        log("no plugin at %s: build first (bench/run does)" % r.plugin)
        return 2
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    r.machine()
    try:
        r.sanity()
        if "main" in a.only:
            r.main_file()
        if "callgrind" in a.only:
            r.callgrind()
        if "examples" in a.only:
            r.examples()
        if "scaling" in a.only:
            r.scaling()
        if "wrapper" in a.only:
            r.project()
    except BenchError as e:
        print("\nbench: FAILED: %s" % e, file=sys.stderr)
        return 1
    r.results["machine"]["load_end"] = os.getloadavg()
    if r.other_loads:
        r.results["machine"]["other_load"] = {"median": statistics.median(r.other_loads),
                                              "max": max(r.other_loads)}
    r.results["machine"]["seconds"] = time.perf_counter() - t0
    r.results["options"] = {k: v for k, v in vars(a).items() if k not in ("argv", "shown_argv")}
    r.results["targets"] = {"wall": TARGET_WALL, "rss": TARGET_RSS, "flat": TARGET_FLAT,
                            "jobs": TARGET_JOBS, "wrapper": TARGET_WRAPPER}
    # A run of some sections only must not replace the full results the README links to.
    stem = results_stem(a)
    with open(os.path.join(a.out, stem + ".json"), "w") as f:
        json.dump(r.results, f, indent=1, sort_keys=True)
    write_markdown(r.results, os.path.join(a.out, stem + ".md"), a)
    plot(r.results, os.path.join(a.out, stem + ".png"))
    log("done in %.0fs: %s" % (time.perf_counter() - t0, rel(os.path.join(a.out, stem + ".md"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
