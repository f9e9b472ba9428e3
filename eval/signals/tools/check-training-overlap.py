#!/usr/bin/env python3
"""Keeps new training rows off the measuring sets.

Usage:
  check-training-overlap.py --measure FILE... [--code DIR...] [--near FILE...] [--note-prefix PREFIX] -- NEW_FILE...

Walks NEW_FILE's rows (all of them, or only those whose note starts with PREFIX, so the script can be
re-run on a training file after the rows were appended) and REJECTS a row whose text matches a row of a
--measure file (e.g. eval/signals/*.csv, measured on its odd half) or an earlier new row (across all the
new files, so a message is added to one file only) or a string literal of a C# file under a --code
directory (the tests' messages: a test message must not be trained on) exactly or nearly (difflib ratio >= 0.8,
case-insensitive, whitespace collapsed). A match with a --near file (training data: train/, the spent
holdouts) is only reported as NEAR, since training rows may be close to each other, but a writer should
not copy them.

The writer never reads the measuring sets: only the new rows are printed, never the message they
collided with. Exit code 1 when anything was rejected.
"""
import argparse
import csv
import glob
import os
import re
import sys

from overlap import Pool, normalise

def read_rows(path: str) -> list[dict[str, str]]:
    """Rows with a "text" column; eval/routing's files call it "message"."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if "text" not in row:
            row["text"] = row["message"]
        row.setdefault("note", "")
    return rows


def code_literals(directory: str) -> list[str]:
    """String literals of six characters or more in the .cs files under directory."""
    literals = []
    for path in glob.glob(os.path.join(directory, "**", "*.cs"), recursive=True):
        with open(path, encoding="utf-8") as f:
            literals += [m.group(1) for m in re.finditer(r'"((?:[^"\\\n]|\\.){6,})"', f.read())]
    return literals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", nargs="+", required=True, help="measuring sets: a match rejects")
    parser.add_argument("--code", nargs="*", default=[], help="directories of C# tests: a literal's match rejects")
    parser.add_argument("--near", nargs="*", default=[], help="training sets: a match is reported only")
    parser.add_argument("--note-prefix", default=None, help="check only new files' rows whose note starts so")
    parser.add_argument("new", nargs="+", help="files holding the new rows")
    args = parser.parse_args()

    measure = Pool()
    for path in args.measure:
        for row in read_rows(path):
            measure.add(normalise(row["text"]))
    for directory in args.code:
        for literal in code_literals(directory):
            measure.add(normalise(literal))
    near = Pool()
    new_paths = set(args.new)
    for path in args.near:
        for row in read_rows(path):
            is_new = args.note_prefix is not None and path in new_paths and row["note"].startswith(args.note_prefix)
            if not is_new:
                near.add(normalise(row["text"]))
    print(f"measuring messages (distinct): {len(measure.items)}; training messages: {len(near.items)}")

    accepted = Pool()
    checked = rejected = near_count = 0
    for path in args.new:
        for line_no, row in enumerate(read_rows(path), start=2):
            if args.note_prefix is not None and not row["note"].startswith(args.note_prefix):
                continue
            checked += 1
            n = normalise(row["text"])
            reason = measure.match(n)
            if reason is None:
                reason = accepted.match(n)
                if reason is not None:
                    reason = "new row " + reason
            if reason is not None:
                rejected += 1
                print(f"REJECT {path} line {line_no} [{reason}]: {row['text']}")
                continue
            accepted.add(n)
            close = near.match(n)
            if close is not None:
                near_count += 1
                print(f"NEAR   {path} line {line_no} [training {close}]: {row['text']}")
    print(f"checked {checked}, rejected {rejected}, near a training row {near_count}")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
