#!/usr/bin/env python3
"""How often a second labeller agrees with a set's labels, per signal.

Usage: agreement.py GOLD_DIR SECOND_DIR
  GOLD_DIR    a signals set (text,label,note per <signal>.csv), e.g. eval/signals/holdout4
  SECOND_DIR  <signal>.csv with columns id,label,confidence,reason, where id is the row's position
              (0-based, header not counted) in GOLD_DIR's file of the same name

Prints, per signal: rows, raw agreement, Cohen's kappa, and the second labeller scored as if it were a
detector against the set's labels (precision / recall), all rows and only the rows it marked `sure`.
A detector cannot be expected to beat the agreement of two careful people on the same definitions.
"""
import csv
import os
import sys


def main(gold_dir: str, second_dir: str) -> None:
    print(f"{'signal':15} {'n':>4} {'agree':>6} {'kappa':>6} {'P':>6} {'R':>6}   {'sure n':>6} {'P':>6} {'R':>6}")
    for name in sorted(os.listdir(second_dir)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(gold_dir, name), newline="") as f:
            gold = [int(r["label"]) for r in csv.DictReader(f)]
        with open(os.path.join(second_dir, name), newline="") as f:
            second = {int(r["id"]): (int(r["label"]), r["confidence"]) for r in csv.DictReader(f)}
        if sorted(second) != list(range(len(gold))):
            sys.exit(f"{name}: the second labels must cover rows 0..{len(gold) - 1} exactly once")

        def score(rows):
            tp = sum(1 for i in rows if gold[i] and second[i][0])
            fp = sum(1 for i in rows if not gold[i] and second[i][0])
            fn = sum(1 for i in rows if gold[i] and not second[i][0])
            return (tp / (tp + fp) if tp + fp else float("nan")), (tp / (tp + fn) if tp + fn else float("nan"))

        n = len(gold)
        everyone = range(n)
        agree = sum(1 for i in everyone if gold[i] == second[i][0]) / n
        p_gold = sum(gold) / n
        p_second = sum(second[i][0] for i in everyone) / n
        chance = p_gold * p_second + (1 - p_gold) * (1 - p_second)
        kappa = (agree - chance) / (1 - chance)
        precision, recall = score(everyone)
        sure = [i for i in everyone if second[i][1] == "sure"]
        sure_p, sure_r = score(sure)
        print(f"{name[:-4]:15} {n:4} {agree:6.3f} {kappa:6.3f} {precision:6.3f} {recall:6.3f}   {len(sure):6} {sure_p:6.3f} {sure_r:6.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
