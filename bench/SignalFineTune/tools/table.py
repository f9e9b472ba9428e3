#!/usr/bin/env python3
"""Markdown tables from one or more train results files (.tandem/ft/results-*.json).

usage: tools/table.py RESULTS.json...
"""
import json
import sys

SIGNALS = ["complaint", "vulnerability", "self_harm", "human_request"]
NAMES = {
    "probe": "frozen MiniLM + linear head",
    "fine_tuned": "fine-tuned + linear head",
    "probe_ngrams": "frozen MiniLM + head with words",
    "fine_tuned_ngrams": "fine-tuned + head with words",
    "shipped": "shipped heads (1e91d34588bd)",
}


def pct(x):
    return "–" if x is None else f"{100 * x:.1f}"


def main():
    rows = {}
    for path in sys.argv[1:]:
        results = json.load(open(path))
        layers = results["training"]["settings"]["Layers"]
        lr = results["training"]["settings"]["Lr"]
        for key, value in results.items():
            if key == "training":
                continue
            figures = value.get("figures", value)
            name = NAMES[key] + ("" if key.startswith("probe") or key == "shipped" else f" (top {layers}, lr {lr:g})")
            rows.setdefault(name, figures)
    for set_name in ["odd", "holdout6"]:
        print(f"\n{set_name}: model alone P/R at the chosen threshold · AP · oracle R@P85 (per signal: {', '.join(SIGNALS)})\n")
        print("| variant | " + " | ".join(SIGNALS) + " |")
        print("|---|" + "---|" * len(SIGNALS))
        for name, figures in rows.items():
            cells = []
            for s in SIGNALS:
                f = figures[s]["sets"][set_name]
                f = f.get("figures", f)
                cells.append(f"{pct(f['precision'])}/{pct(f['recall'])} · {f['average_precision']:.3f} · {pct(f['oracle_recall_at_precision'])}")
            print(f"| {name} | " + " | ".join(cells) + " |")
        print(f"\n{set_name}: rules OR model, P/R at the chosen threshold · oracle R@P85\n")
        print("| variant | " + " | ".join(SIGNALS) + " |")
        print("|---|" + "---|" * len(SIGNALS))
        for name, figures in rows.items():
            cells = []
            for s in SIGNALS:
                f = figures[s]["sets"][set_name]
                g = f.get("figures", f)
                extra = f" (pipeline {pct(f['pipeline_precision'])}/{pct(f['pipeline_recall'])})" if "pipeline_precision" in f else ""
                cells.append(f"{pct(g['rules_or_model_precision'])}/{pct(g['rules_or_model_recall'])} · {pct(g['rules_or_model_oracle_recall_at_precision'])}{extra}")
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
