#!/usr/bin/env bash
# Compiles the example policy against EdgeTune's jar into target/policy-example.jar (of the checkout):
#   examples/policy-example/build.sh
#   scripts/edgetune simulate --classpath target/policy-example.jar \
#     --set edgetune.schedule.policy=class:com.example.EqualShareDriftPolicy
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$root/target/edgetune.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac --release 17 -cp "$jar" -d "$classes" "$root"/examples/policy-example/src/main/java/com/example/*.java
jar cf "$root/target/policy-example.jar" -C "$classes" .
echo "$root/target/policy-example.jar"
