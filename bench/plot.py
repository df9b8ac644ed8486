#!/usr/bin/python3
"""Draws bench/results/latest.png from the benchmark's raw numbers (Debian python3-matplotlib).

  plot.py latest.json latest.png
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(data_path, png_path):
    with open(data_path) as f:
        res = json.load(f)
    s = res["sections"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5.5))

    sc = s.get("scaling")
    if sc:
        sizes = sc["sizes"]
        for variant, color in (("baseline", "tab:blue"), ("+wdk", "tab:red")):
            for metric, style, label in (("wall_net_ms", "-o", "wall, net"),
                                         ("cpu_net_ms", "--s", "CPU, net"),
                                         ("wall_raw_ms", ":^", "wall, raw")):
                ys = [sc["points"][str(n)]["per_function"][variant][metric] for n in sizes]
                left.plot(sizes, ys, style, color=color, label="%s %s" % (variant, label),
                          alpha=1.0 if metric == "wall_net_ms" else 0.6)
        ir = s.get("callgrind", {}).get("scaling", {}).get("per_function_net", {})
        if ir:
            twin = left.twinx()
            ks = sorted(ir, key=int)
            twin.plot([int(k) for k in ks], [ir[k] / 1e6 for k in ks], "-x", color="black",
                      label="+wdk instructions, net (right axis)")
            twin.set_ylim(0, max(ir.values()) / 1e6 * 1.6)
            twin.set_ylabel("million instructions per function (callgrind)")
            twin.legend(fontsize=8, loc="lower right")
        left.set_xscale("log", base=2)
        left.set_xticks(sizes)
        left.set_xticklabels([str(n) for n in sizes])
        left.set_ylim(bottom=0)
        left.set_xlabel("generated functions in the translation unit")
        left.set_ylabel("analysis time per function (ms)")
        left.set_title("Scaling (median of %d runs; net = minus the empty file)" % sc["reps"])
        left.grid(True, alpha=0.3)
        left.legend(fontsize=8, loc="lower left")
    else:
        left.text(0.5, 0.5, "scaling not run", ha="center", va="center")

    groups = []   # (label, {metric: ratio})
    if "main" in s:
        groups.append(("%d fns" % s["main"]["functions"],
                       {m: s["main"]["ratio"][m]["of_medians"] for m in ("wall", "cpu", "rss_kb")}))
    for name, e in s.get("examples", {}).items():
        groups.append((name.replace(".c", "").replace("_", "_\n", 1) + "\n(example)",
                       {m: e["ratio"][m]["of_medians"] for m in ("wall", "cpu", "rss_kb")}))
    if sc:
        for n in sc["sizes"]:
            p = sc["points"][str(n)]
            groups.append(("%d fns\n(scaling)" % n, {m: p["ratio"][m]["of_medians"] for m in ("wall", "cpu", "rss_kb")}))
    if "callgrind" in s:
        groups.append(("%d fns\n(callgrind)" % s["callgrind"]["functions"], {"ir": s["callgrind"]["ratio"]}))
    metrics = [("wall", "wall", "tab:orange"), ("cpu", "CPU", "tab:green"),
               ("rss_kb", "peak RSS", "tab:purple"), ("ir", "instructions", "tab:gray")]
    width = 0.2
    for k, (m, label, color) in enumerate(metrics):
        xs, ys = [], []
        for i, (_, vals) in enumerate(groups):
            if m in vals and vals[m] is not None:
                xs.append(i + (k - 1.5) * width)
                ys.append(vals[m])
        if xs:
            bars = right.bar(xs, ys, width, label=label, color=color)
            for x, y in zip(xs, ys):
                right.text(x, y, "%.3f" % y, ha="center", va="bottom", fontsize=6, rotation=90)
    t = res.get("targets", {})
    right.axhline(1.0, color="black", linewidth=0.8)
    if t:
        right.axhline(t["wall"], color="tab:orange", linestyle="--", linewidth=0.8,
                      label="target wall %.2f×" % t["wall"])
        right.axhline(t["rss"], color="tab:purple", linestyle=":", linewidth=0.8,
                      label="target memory %.2f×" % t["rss"])
    right.set_xticks(range(len(groups)))
    right.set_xticklabels([g[0] for g in groups], fontsize=7)
    vals = [v for _, g in groups for v in g.values() if v is not None]
    if vals:
        right.set_ylim(min(0.9, min(vals) - 0.02), max(1.1, max(vals) + 0.04))
    right.set_ylabel("+wdk / baseline")
    right.set_title("Checker overhead (ratio of medians)")
    right.grid(True, axis="y", alpha=0.3)
    right.legend(fontsize=8, loc="upper left")
    m = res["machine"]
    fig.suptitle("wdklock benchmarks, %s, %s, %s" % (m["date"], m["clang"], m.get("cpu", "")), fontsize=10)
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
