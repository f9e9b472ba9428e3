#!/usr/bin/env python3
"""Turn the Bitext customer-support intent data into signal evaluation files (an outside writer's check).

Usage:
    eval/signals/tools/bitext-signals.py OUT_DIR BITEXT_CSV [BITEXT_CSV ...]
    # e.g. eval/signals/tools/bitext-signals.py /tmp/bitext-signals \
    #        ../shared/data/bitext/intent_train.csv ../shared/data/bitext/intent_dev.csv
    ./tandem eval signals --data /tmp/bitext-signals --json

Writes OUT_DIR/human_request.csv and OUT_DIR/complaint.csv in eval/signals' format (text,label,note):

- human_request: `contact_human_agent` utterances are positives (requests for a person, written by a
  different writer from ours); every other intent is a negative except `contact_customer_service`,
  which mixes asking for a person with asking for opening hours or an e-mail address and is left out.
- complaint: `complaint` utterances ("how do I lodge a complaint against your business") are labelled 1,
  but they ask *how* to complain, usually with no grievance stated; by eval/signals/README.md's decisions
  that counts only when it is about the customer's own experience, so their recall measures how often the
  detector treats a request to complain as a complaint, not recall of complaints as we define them.
  `review` (feedback, which can be either) and `contact_customer_service` are left out; every other
  intent is a negative.

Bitext is CDLA-Sharing-1.0 (see its SOURCE.md and LICENSE.txt). Its rows are never committed to eval/: this
script reads the files from wherever they are and writes to a folder you name. From round 8 the signal encoder
trains on routine intents of the TRAIN split (routine-negatives.py), so measure it with intent_dev.csv only.
"""
import csv
import os
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        print("usage: bitext-signals.py OUT_DIR BITEXT_CSV [BITEXT_CSV ...]", file=sys.stderr)
        return 2
    out_dir, sources = argv[1], argv[2:]
    rows = []
    for source in sources:
        with open(source, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if not {"utterance", "intent"} <= set(reader.fieldnames or []):
                print(f"{source}: needs the columns utterance and intent", file=sys.stderr)
                return 2
            rows.extend((r["utterance"].strip(), r["intent"].strip()) for r in reader if r["utterance"].strip())
    # One row per distinct utterance (the splits do not overlap, but a repeated line would count twice).
    seen, unique = set(), []
    for text, intent in rows:
        if text.lower() not in seen:
            seen.add(text.lower())
            unique.append((text, intent))

    os.makedirs(out_dir, exist_ok=True)
    files = {
        "human_request": ("contact_human_agent", {"contact_customer_service"}),
        "complaint": ("complaint", {"contact_customer_service", "review"}),
    }
    for signal, (positive, left_out) in files.items():
        path = os.path.join(out_dir, signal + ".csv")
        counts = [0, 0]
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["text", "label", "note"])
            for text, intent in unique:
                if intent in left_out:
                    continue
                label = 1 if intent == positive else 0
                counts[label] += 1
                writer.writerow([text, label, "bitext " + intent])
        print(f"{path}: {counts[1]} positives, {counts[0]} negatives")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
