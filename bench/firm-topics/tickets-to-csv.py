#!/usr/bin/env python3
"""Turns a firm pack's topics and its past tickets into `text,category` CSVs for `./tandem eval intents`.

    bench/firm-topics/tickets-to-csv.py PACK_DIR TICKETS_CSV OUT_DIR

Writes pack.csv (each topic's examples, and "name: description" as the Understander anchors it),
tickets-even.csv / tickets-odd.csv (the tickets' first customer messages, their `topic` mapped to the
pack's topics through historyLabels, split by position), and pack+tickets-even.csv.
Needs PyYAML (Debian: python3-yaml). Benchmark only; Tandem never runs it.
"""
import csv, os, sys
import yaml

pack_dir, tickets_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
topics = yaml.safe_load(open(os.path.join(pack_dir, 'topics.yaml'), encoding='utf-8'))['topics']
label_of = {}
pack_rows = []
for t in topics:
    for label in t.get('historyLabels') or []:
        label_of[label] = t['id']
    for example in t.get('examples') or []:
        pack_rows.append((example, t['id']))
    pack_rows.append((f"{t['name']}: {t['description']}", t['id']))

tickets = []
unmapped = 0
for r in csv.DictReader(open(tickets_path, encoding='utf-8')):
    topic = label_of.get(r['topic'])
    text = (r['customer_message'] or '').strip()
    if topic is None or not text:
        unmapped += 1
        continue
    tickets.append((text, topic))

def write(name, rows):
    with open(os.path.join(out, name), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(['text', 'category'])
        w.writerows(rows)

even, odd = tickets[0::2], tickets[1::2]
write('pack.csv', pack_rows)
write('tickets-even.csv', even)
write('tickets-odd.csv', odd)
write('pack+tickets-even.csv', pack_rows + even)
print(f'{len(pack_rows)} pack anchors over {len(topics)} topics; {len(tickets)} tickets mapped ({unmapped} without a mapped topic or text): {len(even)} even, {len(odd)} odd')
