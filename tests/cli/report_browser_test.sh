#!/usr/bin/env bash
# Opens the report.html of a real run in headless Chromium: the page must log no console error
# and load nothing, and the page Chromium renders must hold every chart the results call for. A
# screenshot of the page is kept in OUT_DIR for people to look at.
#
# Usage: report_browser_test.sh FLOWSIM CHROMIUM SCENARIO OUT_DIR [flowsim run options...]
# The charts expected come from the run's own CSV files: a fan chart per series of daily.csv, a
# forest plot when comparison.csv has rows, a sweep chart per (sweep, metric) of sweep.csv, and
# the pathway network.
set -euo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 FLOWSIM CHROMIUM SCENARIO OUT_DIR [flowsim run options...]" >&2
  exit 2
fi
flowsim=$1
chromium=$2
scenario=$3
out=$4
shift 4

rm -rf "$out"
mkdir -p "$out"
results="$out/results"
"$flowsim" run "$scenario" --out "$results" --quiet "$@" >"$out/table.txt"
report="$(cd "$results" && pwd)/report.html"

# Each Chromium gets a profile of its own in OUT_DIR, so nothing of the user's is touched.
browse() {
  "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --user-data-dir="$out/profile" --enable-logging=stderr --v=0 "$@" "file://$report"
}
browse --dump-dom >"$out/dom.html" 2>"$out/dom.log"
browse --hide-scrollbars --window-size=1280,4000 --screenshot="$out/report.png" \
  >/dev/null 2>"$out/screenshot.log"

failed=0
fail() {
  echo "report_browser_test: $*" >&2
  failed=1
}

# The page's console (script errors, failed loads) reaches the log as CONSOLE lines; Chromium's
# own complaints about the machine (no D-Bus, no GPU) are not the page's and do not count.
if grep -E 'CONSOLE|Uncaught|net::ERR_|Not allowed to load' "$out/dom.log" "$out/screenshot.log"; then
  fail "the page logged the errors above"
fi
[ -s "$out/report.png" ] || fail "no screenshot was written"
grep -q '</html>' "$out/dom.html" || fail "Chromium rendered no page (see $out/dom.log)"

# The number of <svg elements in the rendered section with this id.
svgs_in() {
  awk -v id="$1" 'BEGIN { RS = "<section " } index($0, "id=\"" id "\"") == 1 {
    n += gsub(/<svg[ >]/, "&") } END { print n + 0 }' "$out/dom.html"
}
rows() { if [ -f "$1" ]; then tail -n +2 "$1" | wc -l; else echo 0; fi; }

daily=0
[ -f "$results/daily.csv" ] && daily=$(tail -n +2 "$results/daily.csv" | cut -d, -f5 | sort -u | wc -l)
forest=0
[ "$(rows "$results/comparison.csv")" -gt 0 ] && forest=1
sweeps=0
[ -f "$results/sweep.csv" ] && sweeps=$(tail -n +2 "$results/sweep.csv" | cut -d, -f1,8 | sort -u | wc -l)

check() {  # section, charts expected
  local found
  found=$(svgs_in "$1")
  echo "report_browser_test: section $1: $found charts (expected $2)"
  [ "$found" -eq "$2" ] || fail "section $1 has $found charts, expected $2"
}
check headlines 0
check comparisons "$forest"
check daily "$daily"
check sweeps "$sweeps"
check network 1
check units 0
check stress 0
[ "$daily" -gt 0 ] || fail "the run wrote no daily series"

if [ "$failed" -ne 0 ]; then exit 1; fi
echo "report_browser_test: the report renders with every chart; screenshot in $out/report.png"
