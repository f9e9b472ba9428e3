#!/usr/bin/env bash
# Tandem's topic classifier and nlp.js (node-nlp) side by side on the same public splits, from one run.
#   bench/peers/run.sh [DATA_DIR]     (default: ../shared/data beside the repository)
# Needs node and npm (installs node-nlp into bench/peers/nlpjs/node_modules on first use). Benchmark only:
# nothing here is a dependency of Tandem, and its tests never run it. Results: bench/peers/results/*.json
# and one table on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:-$root/../shared/data}"
out="$here/results"
mkdir -p "$out"

if [[ ! -d "$here/nlpjs/node_modules/node-nlp" ]]; then
  (cd "$here/nlpjs" && npm install --no-audit --no-fund >&2)
fi

b77_train="$data/banking77/splits/train_minus_dev.csv"; b77_test="$data/banking77/splits/dev.csv"
bx_train="$data/bitext/intent_train.csv"; bx_test="$data/bitext/intent_dev.csv"
clinc="$data/clinc150/data_full_public.json"

last() { tail -n 1; }
run_tandem() { (cd "$root" && ./tandem eval "$@" --json) | last; }
run_peer() { (cd "$here/nlpjs" && node eval.js "$@") | last; }

run_tandem intents --train "$b77_train" --test "$b77_test" > "$out/tandem-banking77.json"
run_peer intents --train "$b77_train" --test "$b77_test" > "$out/nlpjs-banking77.json"
run_tandem intents --train "$bx_train" --test "$bx_test" > "$out/tandem-bitext.json"
run_peer intents --train "$bx_train" --test "$bx_test" > "$out/nlpjs-bitext.json"
run_tandem oos --data "$clinc" > "$out/tandem-clinc150.json"
run_peer oos --data "$clinc" > "$out/nlpjs-clinc150.json"

python3 "$here/table.py" "$out"
