#!/usr/bin/env python3
"""Prints bench/peers/results/*.json as one comparison table: table.py [RESULTS_DIR]."""
import json, sys, os
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'results')
rows = [("BANKING77 dev", "banking77"), ("Bitext dev", "bitext"), ("CLINC150 val odd half", "clinc150")]
print(f"{'data':<22}{'system':<9}{'accuracy':>9}{'macro_f1':>9}{'in-scope':>9}{'oos rec':>8}{'reject':>8}{'train s':>9}{'p50 ms':>8}{'p99 ms':>8}")
for title, key in rows:
    for system in ("tandem", "nlpjs"):
        r = json.load(open(os.path.join(out, f"{system}-{key}.json")))
        f = lambda k: f"{r[k]:.4f}" if k in r else "-"
        print(f"{title:<22}{system:<9}{f('accuracy'):>9}{f('macro_f1'):>9}{f('in_scope_accuracy'):>9}{f('oos_recall'):>8}{f('in_scope_rejection'):>8}"
              f"{r['train_seconds']:>9.2f}{r['latency_p50_ms']:>8.2f}{r['latency_p99_ms']:>8.2f}")
