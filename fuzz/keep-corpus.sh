#!/usr/bin/env bash
# Minimises the working corpus of each TARGET (`cargo fuzz cmin`: the smallest
# set of inputs with the same coverage) and keeps it in kept/TARGET/, which is
# in git and which run-all.sh copies back into the corpus. A new checkout then
# goes on from the coverage the last long run reached instead of the seeds.
#
# Keep only targets whose minimised corpus is small (see README.md).
#
# Usage: fuzz/keep-corpus.sh TARGET...
set -euo pipefail
cd "$(dirname "$0")"
[ $# -gt 0 ] || { echo "usage: $0 TARGET..." >&2; exit 2; }
mkdir -p logs
printf "%-14s %8s %8s %8s\n" target before kept size
for t in "$@"; do
  if [ ! -d "corpus/$t" ]; then
    echo "$t: no corpus/$t yet; run the target first (run-all.sh)" >&2
    exit 1
  fi
  before=$(find "corpus/$t" -type f | wc -l)
  RUSTC_BOOTSTRAP=1 cargo fuzz cmin "$t" >"logs/$t.cmin.log" 2>&1 || {
    echo "$t: cmin failed; see logs/$t.cmin.log" >&2
    exit 1
  }
  rm -rf "kept/$t"
  mkdir -p "kept/$t"
  find "corpus/$t" -maxdepth 1 -type f -exec cp {} "kept/$t/" \;
  printf "%-14s %8d %8d %8s\n" "$t" "$before" "$(find "kept/$t" -type f | wc -l)" "$(du -sh "kept/$t" | cut -f1)"
done
