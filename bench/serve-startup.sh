#!/usr/bin/env bash
# Start-up time and memory of `./tandem serve` with the reference firm, on a fresh data directory.
# Prints: time from launch to /health 200 (cold database: migrations + firm import; then warm: second
# start on the same directory), RSS when healthy, and RSS after N customer turns.
#   bench/serve-startup.sh [TURNS]      (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
turns="${1:-50}"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 5190)
url="http://127.0.0.1:$port"
dir="$(mktemp -d /tmp/tandem-bench-XXXX)"
./tandem --help >/dev/null  # build first, so the build is not timed

now_ms() { date +%s%3N; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
start() {
  local t0; t0=$(now_ms)
  Tandem__Bootstrap__AdminApiKey=bench-key ./tandem serve --urls "$url" --data-dir "$dir" >"$dir/serve.log" 2>&1 &
  pid=$!
  until curl -sf "$url/health" >/dev/null; do sleep 0.05; done
  elapsed=$(( $(now_ms) - t0 ))
}

start; cold=$elapsed; cold_rss=$(rss_mib "$pid")
ids=()
for i in $(seq 1 "$turns"); do
  c=$(curl -s -XPOST "$url/api/v1/conversations" -H 'content-type: application/json' -d '{"firm":"harbour-home"}')
  id=$(echo "$c" | sed -E 's/.*"id":"([^"]+)".*/\1/'); tok=$(echo "$c" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  curl -s -XPOST "$url/api/v1/conversations/$id/messages" -H "authorization: Bearer $tok" -H 'content-type: application/json' \
    -d "{\"text\":\"How much does next-day delivery cost? ($i)\"}" >/dev/null
  ids+=("$id")
  sleep 0.1
done
sleep 2
after_rss=$(rss_mib "$pid")
# Pipeline time per turn (accepted -> decided), from the turn records themselves.
latency=$(for id in "${ids[@]}"; do curl -s "$url/api/v1/conversations/$id/turns" -H "authorization: Bearer bench-key"; echo; done | python3 -c '
import sys, json, datetime
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
ms = sorted((t(x["completedAt"]) - t(x["createdAt"])).total_seconds() * 1000 for line in sys.stdin if line.strip() for x in json.loads(line) if x.get("completedAt"))
print(f"p50 {ms[len(ms)//2]:.0f} ms, p99 {ms[min(len(ms)-1, int(len(ms)*0.99))]:.0f} ms over {len(ms)} turns")')
kill "$pid"; wait "$pid" 2>/dev/null || true
start; warm=$elapsed; warm_rss=$(rss_mib "$pid")
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$dir"
echo "start-up to healthy, fresh data dir:   ${cold} ms (RSS ${cold_rss} MiB)"
echo "start-up to healthy, existing data dir: ${warm} ms (RSS ${warm_rss} MiB)"
echo "RSS after ${turns} turns:                ${after_rss} MiB"
echo "turn pipeline (accepted -> decided):    ${latency}"
