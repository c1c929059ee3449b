#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 300) each, seeding the corpora
# from the test fixtures, fuzz/seeds/ and fuzz/kept/ (the minimised corpora of
# earlier runs, see keep-corpus.sh) first, and prints per target:
# executions, coverage (libFuzzer's `cov`) at half time and at the end, and
# whether it still grew in the second half (no growth: a plateau at this budget).
#
# Usage: fuzz/run-all.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(normalise code_spec scan_body mail_template mail_message import_csv import_xlsx import_ods import_xls import_xlsb)
cases=../ticketcore/tests/fixtures/cases
for ext in xlsx ods xls xlsb csv; do
  mkdir -p "corpus/import_$ext"
  cp -n "$cases"/*."$ext" "corpus/import_$ext/" 2>/dev/null || true
  cp -n ../ticketcore/tests/fixtures/fuzz/*."$ext" "corpus/import_$ext/" 2>/dev/null || true
done
for seeds in seeds/*/ kept/*/; do
  [ -d "$seeds" ] || continue # an unmatched pattern stays literal
  t=$(basename "$seeds")
  mkdir -p "corpus/$t"
  cp -n "$seeds"* "corpus/$t/" 2>/dev/null || true
done
mkdir -p logs
printf "%-14s %12s %10s %10s %s\n" target runs "cov@half" "cov@end" verdict
for t in "${targets[@]}"; do
  log="logs/$t.log"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" -- -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1 || {
    echo "$t: the fuzzer stopped with a finding; see $log and fuzz/artifacts/$t/" >&2
  }
  python3 - "$log" "$t" <<'PY'
import re, sys
log, name = sys.argv[1], sys.argv[2]
text = open(log, errors="replace").read()
# Status lines: "#<executions> <kind> cov: <edges> ..."; executions grow about
# linearly with time, so coverage at half the executions is coverage at half time.
points = [(int(n), int(c)) for n, c in re.findall(r"^#(\d+)\s+\w+\s+cov: (\d+)", text, re.M)]
if not points:
    print(f"{name:<14} {'-':>12} {'-':>10} {'-':>10} no status lines (see {log})")
    sys.exit()
total = points[-1][0]
half = max((c for n, c in points if n <= total // 2), default=points[0][1])
end = points[-1][1]
crash = "FINDING, " if re.search(r"^SUMMARY: |panicked at|deadly signal", text, re.M) else ""
growth = 100.0 * (end - half) / max(half, 1)
verdict = "plateau" if end == half else f"still growing (+{end - half}, +{growth:.1f}%)"
print(f"{name:<14} {total:>12} {half:>10} {end:>10} {crash}{verdict}")
PY
done
