#!/usr/bin/env python3
"""Helpers for tests/bench/run.sh.

  report.py fio-metric JSONFILE read|write bw|iops
      print one number from fio --output-format=json output:
      bw -> MiB/s (bw_bytes / 2^20), iops -> IOPS.
  report.py metabench LINEFILE
      print "create stat unlink" (ops/s) from metabench's METABENCH line.
  report.py table RAWFILE STATUSFILE METAFILE
      print the plain table, then the same as Markdown.

RAWFILE: lines "target<TAB>run<TAB>metric<TAB>value" (value may be "fail").
STATUSFILE: lines "target<TAB>status" in column order (status: ok or a note).
METAFILE: lines "key<TAB>value" (date, kernel, command, ... ) for the header.
"""
import json
import statistics
import sys

# (metric key, row label, decimals)
METRICS = [
    ("create", "create/s", 0),
    ("stat", "stat/s", 0),
    ("unlink", "unlink/s", 0),
    ("seqwrite", "seq write MiB/s", 0),
    ("seqread", "seq read MiB/s", 0),
    ("randread", "4k randread IOPS", 0),
    ("randwrite", "4k randwrite IOPS", 0),
]


def load_fio(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # fio may print warnings before the JSON document even with --output.
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON in " + path)
    obj, _ = json.JSONDecoder().raw_decode(text[start:])
    return obj


def fio_metric(path, direction, kind):
    obj = load_fio(path)
    jobs = obj.get("jobs") or []
    if not jobs:
        raise ValueError("no jobs in " + path)
    if any(j.get("error", 0) for j in jobs):
        raise ValueError("fio job error in " + path)
    if kind == "bw":
        total = sum(j[direction]["bw_bytes"] for j in jobs)
        return total / 1048576.0
    if kind == "iops":
        return sum(j[direction]["iops"] for j in jobs)
    raise ValueError(kind)


def metabench(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("METABENCH "):
                kv = dict(p.split("=", 1) for p in line.split()[1:])
                return kv["create"], kv["stat"], kv["unlink"]
    raise ValueError("no METABENCH line in " + path)


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    return rows


def fmt(v, dec):
    return f"{v:.{dec}f}"


def table(rawfile, statusfile, metafile):
    raw = {}
    for target, run, metric, value in read_tsv(rawfile):
        raw.setdefault((target, metric), []).append(value)
    targets = read_tsv(statusfile)
    meta = dict((r[0], r[1] if len(r) > 1 else "") for r in read_tsv(metafile))

    def values(target, metric):
        vals = raw.get((target, metric), [])
        good = [float(v) for v in vals if v != "fail"]
        return good, len(vals) - len(good)

    def median(target, metric):
        good, failed = values(target, metric)
        return statistics.median(good) if good else None

    # native first: every other column is a ratio against it.
    names = sorted((t for t, _ in targets), key=lambda t: t != "native")
    status = dict(targets)
    has_native = "native" in names and status["native"] == "ok"

    def cell(target, metric, dec):
        """(value text, ratio text)."""
        if status[target] != "ok":
            return status[target], ""
        m = median(target, metric)
        if m is None:
            return "fail", ""
        good, failed = values(target, metric)
        v = fmt(m, dec) + ("*" if failed else "")
        if target == "native" or not has_native:
            return v, ""
        n = median("native", metric)
        if not n:
            return v, ""
        return v, f"({m / n:.2f})"

    # Plain table.
    header = ["operation"]
    for t in names:
        header.append(t)
    lines = []
    rows = []
    for key, label, dec in METRICS:
        row = [label]
        for t in names:
            v, r = cell(t, key, dec)
            row.append((v + " " + r).strip())
        rows.append(row)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    lines.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                           for i, (h, w) in enumerate(zip(header, widths))))
    for row in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))))
    print("\n".join(lines))
    print()

    # Markdown.
    md = []
    md.append(f"## {meta.get('date', '')} — {meta.get('host', '')}")
    md.append("")
    md.append("```")
    md.append(meta.get("command", ""))
    md.append("```")
    md.append("")
    for k in ("kernel", "cpu", "versions", "parameters", "bindfs", "handlefs"):
        if k in meta:
            md.append(f"- {k}: {meta[k]}")
    md.append("")
    mh = ["operation"]
    for t in names:
        mh.append(t)
        if t != "native" and has_native:
            mh.append("× native")
    md.append("| " + " | ".join(mh) + " |")
    md.append("|" + "|".join(["---"] + ["---:"] * (len(mh) - 1)) + "|")
    for key, label, dec in METRICS:
        cells = [label]
        for t in names:
            v, r = cell(t, key, dec)
            cells.append(v)
            if t != "native" and has_native:
                cells.append(r.strip("()"))
        md.append("| " + " | ".join(cells) + " |")
    md.append("")
    md.append(f"Median of {meta.get('runs', '?')} runs; ratio = target / native "
              "(higher is better for every row). `*` = some runs failed.")
    md.append("")
    cache = []
    for key, label in (("cache_seqread", "before seq read"),
                       ("cache_randread", "before 4k randread")):
        parts = []
        for t in names:
            if status[t] == "ok" and median(t, key) is not None:
                parts.append(f"{t} {median(t, key):.0f}%")
        if parts:
            cache.append(f"{label}: " + ", ".join(parts))
    if cache:
        md.append("Share of the test file in the page cache (fincore, median): "
                  + "; ".join(cache) + ".")
        md.append("")
    md.append("<details><summary>all runs</summary>")
    md.append("")
    for key, label, dec in METRICS:
        parts = []
        for t in names:
            if status[t] != "ok":
                continue
            vals = raw.get((t, key), [])
            shown = [v if v == "fail" else fmt(float(v), dec) for v in vals]
            parts.append(f"{t} {' / '.join(shown)}")
        md.append(f"- {label}: " + "; ".join(parts))
    md.append("")
    md.append("</details>")
    print("\n".join(md))


def main(argv):
    if len(argv) >= 2 and argv[1] == "fio-metric" and len(argv) == 5:
        print(f"{fio_metric(argv[2], argv[3], argv[4]):.3f}")
    elif len(argv) == 3 and argv[1] == "metabench":
        print(*metabench(argv[2]))
    elif len(argv) == 5 and argv[1] == "table":
        table(argv[2], argv[3], argv[4])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
