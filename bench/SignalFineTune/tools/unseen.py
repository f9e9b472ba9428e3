#!/usr/bin/env python3
"""Figures on the odd rows whose message is nowhere in the training pool.

The main files hold the same messages in different orders, so most odd (measuring) rows of one signal's file are
even (training) rows of another file: the shared encoder has read their text, under another signal's label. This
recomputes average precision and the oracle recall at 85 % precision on the odd rows whose message the pool does not
hold at all, for each variant in a results .rows.csv, so that exposure can be judged.

usage: tools/unseen.py RESULTS.rows.csv [EVAL_SIGNALS_DIR]
"""
import csv
import os
import sys

SIGNALS = ["complaint", "vulnerability", "self_harm", "human_request"]
EXTRA = ["train", "holdout", "holdout2", "holdout3", "holdout4", "holdout5"]


def texts(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f)]


def curve(rows):
    rows = sorted(rows, key=lambda r: -r[0])
    pos = sum(1 for r in rows if r[1])
    tp = fp = 0
    out = []
    for i, (s, y) in enumerate(rows):
        tp += y
        fp += not y
        if i + 1 < len(rows) and rows[i + 1][0] == s:
            continue
        out.append((tp / (tp + fp), tp / pos if pos else 0))
    return out


def ap(rows):
    area, prev = 0.0, 0.0
    for p, r in curve(rows):
        area += (r - prev) * p
        prev = r
    return area


def oracle(rows, floor=0.85):
    ok = [r for p, r in curve(rows) if p >= floor]
    return max(ok) if ok else None


def main():
    results = sys.argv[1]
    folder = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "eval", "signals")
    pool = set()
    for s in SIGNALS:
        pool.update(texts(os.path.join(folder, s + ".csv"))[0::2])
        for e in EXTRA:
            p = os.path.join(folder, e, s + ".csv")
            if os.path.exists(p):
                pool.update(texts(p))
    by = {}
    with open(results, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["set"] != "odd":
                continue
            key = (r["variant"], r["signal"])
            by.setdefault(key, []).append((float(r["score"]), r["label"] == "1", r["message"] in pool))
    print("variant | signal | all odd rows: n, pos, AP, R@P85 | unseen rows: n, pos, AP, R@P85")
    for (variant, signal), rows in by.items():
        allr = [(s, y) for s, y, _ in rows]
        unseen = [(s, y) for s, y, seen in rows if not seen]
        fmt = lambda x: "-" if x is None else f"{x:.3f}"
        print(f"{variant} | {signal} | {len(allr)}, {sum(y for _, y in allr)}, {ap(allr):.3f}, {fmt(oracle(allr))} | "
              f"{len(unseen)}, {sum(y for _, y in unseen)}, {ap(unseen):.3f}, {fmt(oracle(unseen))}")


if __name__ == "__main__":
    main()
