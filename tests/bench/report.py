#!/usr/bin/env python3
"""Helpers and the report for tests/bench/run.sh (python3, stdlib only).

  report.py pairio FILE
      print pairio's figures, one per file, in its argument order.
  report.py metabench FILE
      print "create stat unlink cpu_meta cpu_create cpu_stat cpu_unlink
      native_create native_stat native_unlink" from metabench's output: ops/s,
      the daemon's CPU seconds per 100k operations (all three phases, then
      each), then the ops/s of its partner in the lower tree; "-" where there
      is no daemon or no partner.
  report.py duel AB_FILE BA_FILE
      print "A/B a1 b1 a2 b2" from pairio's output on A's and B's file, A's
      first (AB_FILE), then B's first (BA_FILE): A / B is the geometric mean
      of the two orders' ratios.
  report.py table OUTDIR
      print the Markdown report of OUTDIR/raw.tsv ("target run metric value"
      lines, value "fail" for a failed step), with OUTDIR/targets.txt (one
      target a line: the column order) and OUTDIR/meta.tsv ("key value").

Each figure is the median of the runs that succeeded; a ratio is the median
over runs of target / native of the same run (runs of all targets interleave,
so each run's targets saw the same machine load). Where a target has its own
native partner for a metric (native_M: the same I/O in its lower tree, in
turns with its own), the ratio is against that partner instead. A cell
marked "(k/n runs)" had only k of n runs succeed. A duel's figures (metric
duel:B:M of target A: A / B with the two in turns with each other) get a table
of their own.
"""
import math
import os
import statistics
import sys


def in_turns(metric, label, partner):
    """A timed row (ratio vs native makes sense) and its partner's, the same calls in the
    target's lower tree in turns with it (native_METRIC): label "PARTNER, in turns ... (UNIT)"."""
    unit = label[label.rindex("("):]
    return [(metric, label, True),
            ("native_" + metric, f"{partner}, in turns with the target's {unit}", False)]


# The data jobs' rows, each also for ext4 (METRIC_ext4).
DATA_ROWS = [
    *in_turns("seqwrite", "seq write 1M, fdatasync every 64M (MiB/s)", "seq write in the lower tree"),
    *in_turns("seqread", "seq read 1M, FUSE cache dropped (MiB/s)", "seq read of the lower file"),
    *in_turns("randread", "4k rand read, warm (IOPS)", "4k rand read of the lower file"),
    *in_turns("randwrite", "4k rand write, fdatasync at the end (IOPS)", "4k rand write of the lower file"),
]

# (metric, row label, ratio vs native makes sense), in table order
METRICS = [
    *in_turns("create", "create (ops/s)", "create in the lower tree"),
    *in_turns("stat", "stat (ops/s)", "stat in the lower tree"),
    *in_turns("unlink", "unlink (ops/s)", "unlink in the lower tree"),
    *DATA_ROWS,
    *[(m + "_ext4", "ext4: " + label, ratio) for m, label, ratio in DATA_ROWS],
    ("cpu_meta", "daemon CPU s / 100k metadata ops", False),
    ("cpu_create", "daemon CPU s / 100k creates", False),
    ("cpu_stat", "daemon CPU s / 100k stats", False),
    ("cpu_unlink", "daemon CPU s / 100k unlinks", False),
]


def pairio(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        rates = [kv.split("=", 1)[1] for line in f if line.startswith("PAIRIO ")
                 for kv in line.split()[1:] if kv.startswith("rate=")]
    if not rates:
        raise ValueError("no PAIRIO line in " + path)
    return [f"{float(v):.1f}" for v in rates]


def metabench(path):
    kv = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("METABENCH_PARTNER "):
                kv.update(("partner_" + k, v) for k, v in (p.split("=", 1) for p in line.split()[1:]))
            elif line.startswith("METABENCH"):
                kv.update(p.split("=", 1) for p in line.split()[1:])
    if "create" not in kv:
        raise ValueError("no METABENCH line in " + path)
    n = int(kv["n"])
    out = [kv["create"], kv["stat"], kv["unlink"]]
    if "cpu_create_s" in kv:
        phases = [float(kv[f"cpu_{p}_s"]) for p in ("create", "stat", "unlink")]
        out.append(f"{sum(phases) * 1e5 / (3 * n):.3f}")
        out += [f"{c * 1e5 / n:.3f}" for c in phases]
    else:
        out += ["-"] * 4
    partner = kv.get("partner_create")
    out += [kv["partner_" + p] for p in ("create", "stat", "unlink")] if partner else ["-"] * 3
    return out


def duel(ab_path, ba_path):
    a1, b1 = (float(v) for v in pairio(ab_path))
    b2, a2 = (float(v) for v in pairio(ba_path))
    return [f"{math.sqrt(a1 / b1 * a2 / b2):.4f}"] + [f"{v:.1f}" for v in (a1, b1, a2, b2)]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fmt(v):
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def table(outdir):
    raw = {}      # (target, metric) -> values in run order
    by_run = {}   # (target, metric, run) -> value
    for target, run, metric, value in read_tsv(os.path.join(outdir, "raw.tsv")):
        raw.setdefault((target, metric), []).append(value)
        by_run[(target, metric, run)] = value
    with open(os.path.join(outdir, "targets.txt"), encoding="utf-8") as f:
        targets = [t for t in f.read().split() if t]
    meta = {r[0]: (r[1] if len(r) > 1 else "") for r in read_tsv(os.path.join(outdir, "meta.tsv"))}

    def median(target, metric):
        """(median or None, succeeded, attempted)"""
        vals = raw.get((target, metric), [])
        good = [float(v) for v in vals if v != "fail"]
        return (statistics.median(good) if good else None), len(good), len(vals)

    def ratio(target, metric):
        """median over runs of target / native in the same run (its own partner if it has one)."""
        rs = []
        for (t, m, run), v in by_run.items():
            n = by_run.get((t, "native_" + m, run), by_run.get(("native", m, run)))
            if t == target and m == metric and v != "fail" and n not in (None, "fail") and float(n):
                rs.append(float(v) / float(n))
        return statistics.median(rs) if rs else None

    # every other column is compared with native (first if present).
    targets.sort(key=lambda t: t != "native")
    has_native = "native" in targets

    head = ["operation"]
    for t in targets:
        head.append(t)
        if has_native and t != "native":
            head.append(f"{t} / native")

    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for metric, label, comparable in METRICS:
        if not any((t, metric) in raw for t in targets):
            continue
        cells = [label]
        for t in targets:
            m, ok, n = median(t, metric)
            if n == 0:
                cells.append("—")
            elif m is None:
                cells.append("**fail**")
            else:
                cells.append(fmt(m) + (f" ({ok}/{n} runs)" if ok < n else ""))
            if has_native and t != "native":
                q = ratio(t, metric) if comparable else None
                cells.append("" if q is None else f"{q:.2f}")
        lines.append("| " + " | ".join(cells) + " |")

    duel_lines, duel_runs = duel_table(raw)

    out = []
    out.append(f"Date: {meta.get('date', '?')}")
    out.append("")
    out.append("```")
    out.append(meta.get("command", ""))
    out.append("```")
    out.append("")
    for k in ("machine", "kernel", "jdk", "tools", "lower", "handlefs", "bindfs", "handlefs_b", "jnrfuse", "passthrough_ll", "passthrough_hp", "metabench",
              "fio", "data", "duels", "memory", "load at start", "load at end"):
        if k in meta:
            out.append(f"- {k}: {meta[k]}")
    out.append("")
    out += lines
    out.append("")
    out.append(f"Median of {meta.get('runs', '?')} runs; `X / native` = median over "
               "runs of X / native in the same run (higher is better); for the rows with an "
               "\"in turns\" row, of X / the same I/O in its lower tree in turns with it "
               "(pairio.c: 0.1 s turns of 4k reads, 4k writes and 1M reads, 64 MiB turns of 1M writes). "
               "Daemon CPU = utime + stime of the daemon process during the "
               "metadata phases (/proc/PID/stat), per 100k operations.")
    out.append("")
    if duel_lines:
        out.append("Head to head (duels): A / B, each data job through A and through B in turns "
                   "with each other, both orders; median of the runs (higher is better for A).")
        out.append("")
        out += duel_lines
        out.append("")
    out.append("All runs:")
    out.append("")
    for metric, label, _ in METRICS:
        parts = []
        for t in targets:
            vals = raw.get((t, metric))
            if vals:
                parts.append(t + " " + " / ".join(v if v == "fail" else fmt(float(v)) for v in vals))
        if parts:
            out.append(f"- {label}: " + "; ".join(parts))
    out += duel_runs
    print("\n".join(out))


def duel_table(raw):
    """The duels' table (Markdown lines) and their per-run lines, from the duel:B:M metrics."""
    pairs = sorted({(t, m.split(":")[1]) for t, m in raw if m.startswith("duel:")})
    if not pairs:
        return [], []
    lines = ["| operation | " + " | ".join(f"{a} / {b}" for a, b in pairs) + " |",
             "|" + "|".join(["---"] + ["---:"] * len(pairs)) + "|"]
    runs = []
    for metric, label, comparable in METRICS:
        keys = [(a, f"duel:{b}:{metric}") for a, b in pairs]
        if not comparable or not any(k in raw for k in keys):
            continue
        cells = [label]
        for (a, b), k in zip(pairs, keys):
            vals = raw.get(k, [])
            good = [float(v) for v in vals if v != "fail"]
            cells.append("—" if not vals else "**fail**" if not good else
                         f"{statistics.median(good):.3f}" + (f" ({len(good)}/{len(vals)} runs)" if len(good) < len(vals) else ""))
            if vals:
                runs.append(f"- {label}, {a} / {b}: " + " / ".join(v if v == "fail" else f"{float(v):.3f}" for v in vals))
        lines.append("| " + " | ".join(cells) + " |")
    return lines, runs


def main(argv):
    if len(argv) == 3 and argv[1] == "pairio":
        print(*pairio(argv[2]))
    elif len(argv) == 3 and argv[1] == "metabench":
        print(*metabench(argv[2]))
    elif len(argv) == 4 and argv[1] == "duel":
        print(*duel(argv[2], argv[3]))
    elif len(argv) == 3 and argv[1] == "table":
        table(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
