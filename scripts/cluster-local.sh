#!/usr/bin/env bash
# One server node and two device nodes as separate JVMs on 127.0.0.1, running conf/cluster.conf
# (or CONFIG) to completion; the server node writes the usual output directory. The nodes are
# stopped when the job ends, fails, or the script is interrupted.
#   scripts/cluster-local.sh [--check] [--stagger S] [--encoders N [--pin-encoders]] [OUT_DIR] [CONFIG]
# The server starts the run once both device nodes are up (edgetune.cluster.device-nodes = 2).
# --encoders N also starts N encoder nodes (edgetune node --role encoder), which then run every
#   encoder pass (edgetune.cluster.encoder-nodes = N); --pin-encoders pins encoder node i to core
#   i mod (cores) with taskset (node 1 on core 1, node 2 on core 0, ...), for scale-out measurements.
# --stagger S starts the nodes S seconds apart in the order device node 2, server, device node 1
#   (default: the server first, the device nodes once it has loaded the model).
# --check then runs the same config in one JVM, without faults (OUT_DIR/single), and compares
#   metrics.jsonl line by line (wall time, and the faults and retries marking a round, aside);
#   any difference fails the check.
# Ports: EDGETUNE_PORT (default 2551) for the server, the next two for the device nodes, then the encoder nodes.
# EDGETUNE_FAULTS=FILE layers a fault plan over the config on every node (e.g. conf/faults/node-loss.conf).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=false
stagger=""
encoders=0
pin=false
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=true; shift ;;
    --encoders)
      encoders=${2:-}
      if ! [[ "$encoders" =~ ^[0-9]+$ ]]; then
        echo "cluster-local: --encoders needs a whole number of nodes, not '${encoders}'" >&2
        exit 2
      fi
      shift 2 ;;
    --pin-encoders) pin=true; shift ;;
    --stagger)
      stagger=${2:-}
      if ! [[ "$stagger" =~ ^[0-9]+$ ]]; then
        echo "cluster-local: --stagger needs a whole number of seconds, not '${stagger}'" >&2
        exit 2
      fi
      shift 2 ;;
    *) break ;;
  esac
done
out=${1:-runs/cluster-$(date +%Y%m%d-%H%M%S)}
config=${2:-$root/conf/cluster.conf}
port=${EDGETUNE_PORT:-2551}
seeds="127.0.0.1:$port"
device_nodes=2
fault_args=()
if [ -n "${EDGETUNE_FAULTS:-}" ]; then
  fault_args=(--faults "$EDGETUNE_FAULTS")
fi

# The nodes' own logs go beside the run's directory: the server node creates OUT_DIR itself and
# refuses one that holds files (it would mix two runs).
nodes="$out-nodes"
for dir in "$out" "$nodes"; do
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    echo "cluster-local: $dir already holds files; choose another OUT_DIR" >&2
    exit 2
  fi
done
mkdir -p "$nodes"

# Build once (and fetch the corpus) before three JVMs start at the same time.
"$root/scripts/edgetune" --version >/dev/null
"$root/scripts/fetch-corpus.sh" --quiet

pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_nodes EXIT
trap 'echo "cluster-local: interrupted; stopping the nodes" >&2; exit 130' INT TERM

start_server() {
  EDGETUNE_JAVA_OPTS=${EDGETUNE_SERVER_JAVA_OPTS:--Xmx4g} "$root/scripts/edgetune" node --role server \
    --host 127.0.0.1 --port "$port" --seed-nodes "$seeds" --config "$config" "${fault_args[@]}" \
    --set edgetune.cluster.device-nodes=$device_nodes --set edgetune.cluster.encoder-nodes=$encoders --out "$out" \
    > "$nodes/server.out" 2>&1 &
  server=$!
  pids+=("$server")
}

start_device_node() {
  local i=$1
  EDGETUNE_JAVA_OPTS=${EDGETUNE_DEVICE_JAVA_OPTS:--Xmx2g} "$root/scripts/edgetune" node --role device \
    --host 127.0.0.1 --port $((port + i)) --seed-nodes "$seeds" --config "$config" "${fault_args[@]}" \
    --log "$nodes/device-$i.log" > "$nodes/device-$i.out" 2>&1 &
  pids+=("$!")
}

start_encoder_node() {
  local i=$1
  local pin_cmd=()
  if $pin; then
    pin_cmd=(taskset -c $(( i % $(nproc) )))
  fi
  EDGETUNE_JAVA_OPTS=${EDGETUNE_ENCODER_JAVA_OPTS:--Xmx2g} "${pin_cmd[@]}" "$root/scripts/edgetune" node --role encoder \
    --host 127.0.0.1 --port $((port + device_nodes + i)) --seed-nodes "$seeds" --config "$config" "${fault_args[@]}" \
    --log "$nodes/encoder-$i.log" > "$nodes/encoder-$i.out" 2>&1 &
  pids+=("$!")
}

started=$(date +%s)
if [ -n "$stagger" ]; then
  start_device_node 2
  sleep "$stagger"
  start_server
  sleep "$stagger"
  start_device_node 1
else
  start_server
  # The server has loaded the model (and unpacked PyTorch, if this is the first run) once it waits.
  for _ in $(seq 1 180); do
    grep -q "waiting for" "$out/edgetune.log" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || break
    sleep 1
  done
  start_device_node 1
  start_device_node 2
fi
for i in $(seq 1 "$encoders"); do
  start_encoder_node "$i"
done

echo "cluster-local: server on 127.0.0.1:$port, device nodes on :$((port + 1)) and :$((port + 2)), $encoders encoder nodes; logs in $nodes" >&2
status=0
wait "$server" || status=$?
tr '\r' '\n' < "$nodes/server.out" | grep '^node server:' || true
if [ "$status" -ne 0 ]; then
  echo "cluster-local: the server node failed (exit $status); see $nodes/server.out and $out/edgetune.log" >&2
  exit "$status"
fi
# Device and encoder nodes leave by themselves once the server has left; give them a moment, then stop them.
for _ in $(seq 1 30); do
  alive=0
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && alive=1
  done
  [ "$alive" -eq 0 ] && break
  sleep 1
done
echo "cluster-local: done in $(( $(date +%s) - started )) s -> $out/report.html" >&2

if $check; then
  "$root/scripts/edgetune" simulate --config "$config" --out "$out/single" | tr '\r' '\n' | grep '^simulate:' || true
  python3 - "$out" "$out/single" <<'PY'
import json, sys
def lines(run):
    with open(run + "/metrics.jsonl") as f:
        records = [json.loads(line) for line in f]
    for r in records:
        r.pop("wall_seconds", None)
    return records
cluster, single = lines(sys.argv[1]), lines(sys.argv[2])
# A fault marks its round (faults, retries); what the round computed must not change.
retried = sum(1 for r in cluster if r.pop("retries", None))
faulted = sum(len(r.pop("faults", None) or []) for r in cluster)
differing = [i for i, (a, b) in enumerate(zip(cluster, single)) if a != b]
same = len(cluster) == len(single) and not differing
summaries = [json.load(open(run + "/summary.json")) for run in sys.argv[1:3]]
print(f"cluster-local: metrics.jsonl {'identical' if same else 'DIFFERENT'} to the one-JVM run "
      f"({len(cluster)} vs {len(single)} lines, wall time, faults and retries aside; "
      f"{faulted} faults injected, {retried} rounds retried"
      + (f"; first difference in round {differing[0]}" if differing else "") + "); "
      f"accuracy {summaries[0]['final_accuracy']:.4f} vs {summaries[1]['final_accuracy']:.4f}; "
      f"wall {summaries[0]['wall_seconds']:.0f} s vs {summaries[1]['wall_seconds']:.0f} s")
sys.exit(0 if same else 1)
PY
fi
