#!/bin/sh
# Entry point of the EdgeTune image: one cluster node, configured from the environment.
#   EDGETUNE_ROLE        server | device | encoder
#   EDGETUNE_HOST        address other nodes reach this one at (default: the container's IP address,
#                        which every container of the compose network can reach; scaled replicas
#                        share a service name, so that name cannot tell them apart)
#   EDGETUNE_PORT        Artery port (default 2551)
#   EDGETUNE_SEED_NODES  host:port[,host:port...] (the server node first)
#   EDGETUNE_CONFIG      scenario file (default conf/cluster.conf); every node must use the same one
#   EDGETUNE_OUT         server only: output directory (default /home/edgetune/runs/cluster)
# Extra arguments are passed on to `edgetune node`, e.g. --set edgetune.seed=7.
set -eu
: "${EDGETUNE_SEED_NODES:?set EDGETUNE_SEED_NODES to host:port of the server node}"
host=${EDGETUNE_HOST:-$(hostname -i | cut -d' ' -f1)}
out_args=""
if [ "$EDGETUNE_ROLE" = "server" ]; then
  out_args="--out ${EDGETUNE_OUT:-/home/edgetune/runs/cluster}"
fi
# shellcheck disable=SC2086 # JAVA_OPTS and out_args are word lists on purpose
exec java $JAVA_OPTS -Dai.djl.offline=true -jar /opt/edgetune/edgetune.jar node \
  --role "$EDGETUNE_ROLE" --host "$host" --port "$EDGETUNE_PORT" --seed-nodes "$EDGETUNE_SEED_NODES" \
  --config "$EDGETUNE_CONFIG" $out_args "$@"
