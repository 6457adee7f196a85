#!/usr/bin/env bash
# The README's fault table: the default scenario once without faults and once per fault kind
# (conf/faults/<kind>.conf, same seed and deadlines), then one markdown row per run. Runs that
# already have a summary.json are kept, so an interrupted table can be finished.
#   scripts/fault-table.sh [OUT_DIR]        (default runs/fault-table; about 50 minutes here)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-runs/fault-table}
kinds=(none device-crash message-loss straggler channel-outage encoder-crash worker-crash server-crash chaos)

for kind in "${kinds[@]}"; do
  dir="$out/$kind"
  if [ -f "$dir/summary.json" ]; then
    echo "fault-table: $kind already done ($dir)" >&2
    continue
  fi
  rm -rf "$dir"
  "$root/scripts/edgetune" simulate --faults "$root/conf/faults/$kind.conf" --out "$dir" \
    | tr '\r' '\n' | grep '^simulate:' || true
done

python3 - "$out" "${kinds[@]}" <<'PY'
import json, sys
out, kinds = sys.argv[1], sys.argv[2:]
runs = {k: json.load(open(f"{out}/{k}/summary.json")) for k in kinds}
evals = {k: [(r["round"], r["accuracy"]) for r in map(json.loads, open(f"{out}/{k}/metrics.jsonl")) if "accuracy" in r]
         for k in kinds}
def at_round(k, t):
    return next((a for r, a in evals[k] if r + 1 == t), float("nan"))
def last4(k):
    tail = [a for _, a in evals[k][-4:]]
    return sum(tail) / len(tail)
base = runs["none"]["final_accuracy"]
print("| fault | injected | device-rounds dropped | rounds retried | rounds all dropped | accuracy at round 20 "
      "| final accuracy (Δ) | mean of the last 4 evaluations | max energy ratio | wall s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for k in kinds:
    s = runs[k]
    delta = "" if k == "none" else f" ({100 * (s['final_accuracy'] - base):+.1f} pp)"
    print(f"| {k} | {s['faults_injected']} | {s['dropped_total']} | {s['rounds_retried']} | {s.get('rounds_all_dropped', s['rounds_without_update'])} "
          f"| {at_round(k, 20):.3f} | {s['final_accuracy']:.4f}{delta} | {last4(k):.4f} | {s['max_energy_ratio']:.3f} "
          f"| {s['wall_seconds']:.0f} |")
PY
