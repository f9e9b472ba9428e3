#!/usr/bin/env python3
"""Writes a copy of a signal encoder file with other thresholds in its header; the layers and the head are unchanged.

Usage: rethreshold.py IN OUT [SIGNAL=THRESHOLD...] [--rule-assent P] [--rule-assent-for SIGNAL=P]... [--policy TEXT]
  e.g. rethreshold.py src/Tandem.Server/Understanding/signal-encoder.bin /tmp/e.bin human_request=0.4

The file is one line of JSON (the header) and then the layers' half-precision differences (SignalEncoder.Write). Used for
the threshold studies of docs/benchmarks.md (a spent set swept through the product with `./tandem eval signals
--encoder OUT`) and, in round 10, to ship round 9's file with a request for a person's threshold at the validation
split's own balance (the figure the trainer wrote as `unweighted_threshold` in the run's results JSON). The server's
version of a file is the hash of its bytes, so a changed threshold is a new version in the audit record.
"""
import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description="A signal encoder file with other thresholds in its header.")
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("settings", nargs="*", metavar="SIGNAL=THRESHOLD")
    parser.add_argument("--rule-assent", type=float, help="the encoder probability a rule's signal needs to stand (not self-harm's)")
    parser.add_argument("--rule-assent-for", action="append", default=[], metavar="SIGNAL=P",
                        help="one signal's own floor (the header's ruleAssents; the others keep the file's ruleAssent)")
    parser.add_argument("--policy", help="the header's thresholdPolicy text")
    args = parser.parse_args()
    content = open(args.source, "rb").read()
    end = content.index(b"\n")
    header = json.loads(content[:end])
    for setting in args.settings:
        signal, _, value = setting.partition("=")
        if signal not in header["signals"]:
            parser.error(f"{signal} is not one of the file's signals ({', '.join(header['signals'])})")
        header["thresholds"][header["signals"].index(signal)] = float(value)
    if args.rule_assent is not None:
        header["ruleAssent"] = args.rule_assent
    for setting in args.rule_assent_for:
        signal, _, value = setting.partition("=")
        if signal not in header["signals"]:
            parser.error(f"{signal} is not one of the file's signals ({', '.join(header['signals'])})")
        floors = header.get("ruleAssents") or [header["ruleAssent"]] * len(header["signals"])
        floors[header["signals"].index(signal)] = float(value)
        header["ruleAssents"] = floors
    if args.policy is not None:
        header["thresholdPolicy"] = args.policy
    with open(args.target, "wb") as f:
        f.write(json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        f.write(content[end:])
    print(f"wrote {args.target}: thresholds {dict(zip(header['signals'], header['thresholds']))}, rule assent {header.get('ruleAssents') or header['ruleAssent']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
