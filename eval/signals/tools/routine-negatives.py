#!/usr/bin/env python3
"""Routine customer-service messages as negatives for the signal encoder's training (round 8).

Usage:
    eval/signals/tools/routine-negatives.py OUT_CSV ../shared/data/bitext/intent_train.csv [--per-intent 60]
    dotnet run -c Release --project bench/SignalFineTune -- train --pool all --negatives OUT_CSV ...

The encoder fine-tuned on eval/signals alone learnt from messages written to be hard: nearly every one carries
feeling or trouble. On plain requests it had never seen ("it's not what I expected" as a return reason, "locked out
after too many goes at my password") it raised complaints and vulnerability. Bitext's customer-support intents are
plain requests written by another writer; the intents that ask for a person, complain, review or report a problem
(complaint, contact_human_agent, contact_customer_service, review, payment_issue, registration_problems) are left
out, and a fixed sample of each other intent is written as text,label,note with label 0 for every targeted signal.

Only the TRAIN split is read: Bitext's dev split stays an outside measure (bitext-signals.py with intent_dev.csv).
Bitext is CDLA-Sharing-1.0 (see its SOURCE.md and LICENSE.txt); the rows are never committed to the repository.
"""
import csv
import random
import sys

EXCLUDED = {"complaint", "contact_human_agent", "contact_customer_service", "review", "payment_issue", "registration_problems"}


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    out, source = argv[1], argv[2]
    per_intent = int(argv[argv.index("--per-intent") + 1]) if "--per-intent" in argv else 60
    by_intent = {}
    with open(source, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["intent"] not in EXCLUDED:
                by_intent.setdefault(row["intent"], []).append(row["utterance"].strip())
    rng = random.Random(8)
    written = 0
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label", "note"])
        for intent in sorted(by_intent):
            texts = sorted(set(by_intent[intent]))
            rng.shuffle(texts)
            for text in texts[:per_intent]:
                w.writerow([text, 0, f"bitext:{intent}"])
                written += 1
    print(f"wrote {out}: {written} routine messages from {len(by_intent)} intents")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
