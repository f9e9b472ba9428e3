#!/usr/bin/env python3
"""Keeps a new held-out signals set off every other set.

Usage: check-overlap.py NEW_SET_DIR   (e.g. eval/signals/holdout4)

Reads every message of eval/signals/*.csv, train*/ and holdout*/ other than NEW_SET_DIR, then walks
NEW_SET_DIR's files (complaint, vulnerability, self_harm, human_request, in that order) row by row
and rejects a row whose text matches an earlier message exactly or nearly (difflib ratio >= 0.8,
case-insensitive, whitespace collapsed). "Earlier" includes the rows of the new set already
accepted, across all four files, so a message cannot repeat inside the new set either.

The writer never reads the other sets' text: the script only prints the NEW set's rejected rows
(and the ratio), not the message they collided with. Exit code 1 when anything was rejected.
"""
import csv
import glob
import os
import re
import sys

from overlap import Pool, normalise

SIGNAL_ORDER = ["complaint", "vulnerability", "self_harm", "human_request"]


def read_texts(path: str) -> list[str]:
    with open(path, newline="", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f)]


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    new_dir = os.path.abspath(sys.argv[1])
    signals_dir = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

    reference_files = sorted(glob.glob(os.path.join(signals_dir, "*.csv")))
    # Every training folder (train/, train10/, …) and every other held-out set.
    for sub in sorted(os.path.basename(d) for d in glob.glob(os.path.join(signals_dir, "train*")) + glob.glob(os.path.join(signals_dir, "holdout*"))):
        d = os.path.join(signals_dir, sub)
        if os.path.abspath(d) != new_dir:
            reference_files += sorted(glob.glob(os.path.join(d, "*.csv")))

    seen = Pool()
    for path in reference_files:
        for text in read_texts(path):
            seen.add(normalise(text))
    print(f"reference messages (distinct): {len(seen.items)} from {len(reference_files)} files")

    rejected = 0
    checked = 0
    for signal in SIGNAL_ORDER:
        path = os.path.join(new_dir, f"{signal}.csv")
        if not os.path.exists(path):
            continue
        for line_no, text in enumerate(read_texts(path), start=2):
            checked += 1
            n = normalise(text)
            if reason := seen.match(n):
                rejected += 1
                print(f"REJECT {signal}.csv line {line_no} [{reason}]: {text}")
            else:
                seen.add(n)
    print(f"checked {checked}, rejected {rejected}")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
