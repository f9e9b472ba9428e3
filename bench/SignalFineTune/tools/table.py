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
    def table(title, cell):
        print(f"\n{title}\n")
        print("| variant | " + " | ".join(SIGNALS) + " |")
        print("|---|" + "---|" * len(SIGNALS))
        for name, figures in rows.items():
            print(f"| {name} | " + " | ".join(cell(figures[s]["sets"][set_name]) for s in SIGNALS) + " |")

    def alone(f):
        f = f.get("figures", f)
        return f"{pct(f['precision'])}/{pct(f['recall'])} · {f['average_precision']:.3f} · {pct(f['oracle_recall_at_precision'])}"

    def with_rules(f):
        g = f.get("figures", f)
        extra = f" (pipeline {pct(f['pipeline_precision'])}/{pct(f['pipeline_recall'])})" if "pipeline_precision" in f else ""
        return f"{pct(g['rules_or_model_precision'])}/{pct(g['rules_or_model_recall'])} · {pct(g['rules_or_model_oracle_recall_at_precision'])}{extra}"

    for set_name in ["odd", "holdout6"]:
        table(f"{set_name}: model alone P/R at the chosen threshold · AP · oracle R@P85 (per signal: {', '.join(SIGNALS)})", alone)
        table(f"{set_name}: rules OR model, P/R at the chosen threshold · oracle R@P85", with_rules)


if __name__ == "__main__":
    main()
