#!/usr/bin/env bash
# Installs what the tests need when it is missing (Chromium, PostgreSQL), starts PostgreSQL by hand on
# a loopback port, builds, runs every test project (HTTP tests on SQLite and PostgreSQL, rules tests,
# browser tests in Chromium) and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "Installing ${missing[*]} with apt…"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

export TANDEM_PG_PORT="${TANDEM_PG_PORT:-55432}"
scripts/postgres.sh start || { echo "PostgreSQL did not start"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
trap 'scripts/postgres.sh stop' EXIT
export TANDEM_TEST_PG="Host=127.0.0.1;Port=$TANDEM_PG_PORT;Username=postgres;Database=postgres;Include Error Detail=true"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if ! dotnet build Tandem.slnx -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"; then
  echo "The build failed."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

log="$(mktemp)"
status=0
for project in tests/Tandem.Rules.Tests tests/Tandem.Server.Tests tests/Tandem.Browser.Tests; do
  echo "== $project"
  out="$(mktemp)"
  dotnet test "$project" -c Release --no-build -nologo >"$out" 2>&1
  rc=$?
  grep -E "^\s+Skipped |^(Passed|Failed)! |error [A-Z]+[0-9]+" "$out" || tail -20 "$out"
  # A failure prints its message and the first lines of its stack trace, so a failure seen once in CI
  # (a flaky browser journey) can be diagnosed from the log alone.
  awk '/^[[:space:]]+Failed [A-Za-z]/ {n = 30} n > 0 {print; n--}' "$out"
  cat "$out" >> "$log"; rm -f "$out"
  [[ $rc -eq 0 ]] || status=1
done

sum() { grep -E "(Passed|Failed)! +-" "$log" | sed -E "s/.*$1: +([0-9]+).*/\1/" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi   # a test host crash counts as a failure
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $status -eq 0 && $failed -eq 0 ]]
