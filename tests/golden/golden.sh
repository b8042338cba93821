#!/usr/bin/env bash
# The golden check: every shipped scenario and tutorial run with fixed replications and seed,
# and the SHA-256 of what the run prints and writes (summary.json, every CSV, the report less its
# run time), and of what `estimate` and `graph` print, compared with the hashes stored in
# results.sha256 beside this script. A restructuring or a speed change must keep every hash; a change that means to move
# a number updates the file (--update) and says why in its commit.
# Usage: golden.sh FLOWSIM SOURCE_DIR WORK_DIR [--update]
set -euo pipefail
flowsim=$1 source=$2 work=$3 update=${4:-}
stored="$source/tests/golden/results.sha256"
rm -rf "$work" && mkdir -p "$work"
actual="$work/results.sha256"

cd "$source"
for scenario in scenarios/*.json scenarios/tutorial/*.json; do
  case "$scenario" in *.schema.json) continue ;; esac  # the format's JSON Schema
  name=${scenario%.json}
  out="$work/$name"
  mkdir -p "$(dirname "$out")"
  # The table, less its last line (the run's wall time).
  "$flowsim" run "$scenario" --reps 3 --seed 20261204 --threads 2 --quiet --out "$out" \
    | grep -v '^Results in ' > "$out.table"
  # The report, less its run time (in the settings and in the STRESS-DES table).
  sed -E -e 's#<dt>run time</dt><dd>[^<]*</dd>#<dt>run time</dt><dd></dd>#' \
    -e 's#Run time [^<]*</p>#Run time</p>#' "$out/report.html" > "$out.report"
  "$flowsim" estimate "$scenario" > "$out.estimate"
  "$flowsim" graph "$scenario" > "$out.dot"
  (cd "$work" && sha256sum "$name.table" "$name.report" "$name.estimate" "$name.dot" \
     "$name"/summary.json "$name"/*.csv) >> "$actual"
done

if [ "$update" = "--update" ]; then
  cp "$actual" "$stored"
  echo "golden: stored $(wc -l < "$stored") hashes in $stored"
  exit 0
fi
if ! diff -u "$stored" "$actual"; then
  echo "golden: results differ from the stored hashes (above: - stored, + now)." >&2
  echo "golden: the run's files are in $work" >&2
  exit 1
fi
echo "golden: all $(wc -l < "$stored") hashes match"
