#!/usr/bin/env bash
# One server node and two device nodes as separate JVMs on 127.0.0.1, running conf/cluster.conf
# (or CONFIG) to completion; the server node writes the usual output directory. The nodes are
# stopped when the job ends, fails, or the script is interrupted.
#   scripts/cluster-local.sh [--check] [OUT_DIR] [CONFIG]
# --check then runs the same config in one JVM, without faults (OUT_DIR/single), and compares the summaries:
# accuracy within 0.5 percentage points and identical energy accounting.
# Ports: EDGETUNE_PORT (default 2551) for the server, the next two for the device nodes.
# EDGETUNE_FAULTS=FILE layers a fault plan over the config on every node (e.g. conf/faults/node-loss.conf).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=false
if [ "${1:-}" = "--check" ]; then
  check=true
  shift
fi
out=${1:-runs/cluster-$(date +%Y%m%d-%H%M%S)}
config=${2:-$root/conf/cluster.conf}
port=${EDGETUNE_PORT:-2551}
seeds="127.0.0.1:$port"
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

started=$(date +%s)
EDGETUNE_JAVA_OPTS=${EDGETUNE_SERVER_JAVA_OPTS:--Xmx4g} "$root/scripts/edgetune" node --role server \
  --host 127.0.0.1 --port "$port" --seed-nodes "$seeds" --config "$config" "${fault_args[@]}" --out "$out" \
  > "$nodes/server.out" 2>&1 &
server=$!
pids+=("$server")

# The server has loaded the model (and unpacked PyTorch, if this is the first run) once it waits.
for _ in $(seq 1 180); do
  grep -q "waiting for" "$out/edgetune.log" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done

for i in 1 2; do
  EDGETUNE_JAVA_OPTS=${EDGETUNE_DEVICE_JAVA_OPTS:--Xmx2g} "$root/scripts/edgetune" node --role device \
    --host 127.0.0.1 --port $((port + i)) --seed-nodes "$seeds" --config "$config" "${fault_args[@]}" \
    --log "$nodes/device-$i.log" > "$nodes/device-$i.out" 2>&1 &
  pids+=("$!")
done

echo "cluster-local: server on 127.0.0.1:$port, device nodes on :$((port + 1)) and :$((port + 2)); logs in $nodes" >&2
status=0
wait "$server" || status=$?
tr '\r' '\n' < "$nodes/server.out" | grep '^node server:' || true
if [ "$status" -ne 0 ]; then
  echo "cluster-local: the server node failed (exit $status); see $nodes/server.out and $out/edgetune.log" >&2
  exit "$status"
fi
# Device nodes leave by themselves once the server has left; give them a moment, then stop them.
for _ in $(seq 1 30); do
  alive=0
  for pid in "${pids[@]:1}"; do
    kill -0 "$pid" 2>/dev/null && alive=1
  done
  [ "$alive" -eq 0 ] && break
  sleep 1
done
echo "cluster-local: done in $(( $(date +%s) - started )) s -> $out/report.html" >&2

if $check; then
  "$root/scripts/edgetune" simulate --config "$config" --out "$out/single" | tr '\r' '\n' | grep '^simulate:' || true
  python3 - "$out/summary.json" "$out/single/summary.json" <<'PY'
import json, sys
cluster, single = (json.load(open(p)) for p in sys.argv[1:3])
acc = abs(cluster["final_accuracy"] - single["final_accuracy"])
energy_keys = ["avg_energy_j", "total_energy_j", "max_energy_ratio", "mean_scheduled"]
same_energy = all(cluster[k] == single[k] for k in energy_keys)
print(f"cluster-local: accuracy cluster {cluster['final_accuracy']:.4f} vs one JVM {single['final_accuracy']:.4f} "
      f"(|diff| {100 * acc:.2f} pp); energy accounting {'identical' if same_energy else 'DIFFERENT'}; "
      f"wall {cluster['wall_seconds']:.0f} s vs {single['wall_seconds']:.0f} s")
sys.exit(0 if acc <= 0.005 and same_energy else 1)
PY
fi
