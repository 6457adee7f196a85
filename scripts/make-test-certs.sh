#!/usr/bin/env bash
# Creates a local TEST certificate authority and PKCS12 stores for Artery TLS with mutual
# authentication (edgetune.cluster.tls). Uses only the JDK's keytool, so it runs wherever Java 17
# does. TEST USE ONLY: the CA key sits next to the node stores and the default password is public.
#
#   make-test-certs.sh OUT_DIR [NODE_NAME ...]          (default nodes: node1 node2 node3)
#     OUT_DIR/ca.p12          the test CA's key; keep it to sign more nodes, never ship it
#     OUT_DIR/ca.pem          the test CA's certificate
#     OUT_DIR/truststore.p12  the CA certificate: edgetune.cluster.tls.trust-store of every node
#     OUT_DIR/NODE.p12        the node's key and certificate chain: edgetune.cluster.tls.key-store
#
#   make-test-certs.sh --rogue OUT_DIR [NODE_NAME ...]  (default node: rogue)
#     OUT_DIR/rogue-ca.p12, OUT_DIR/rogue-ca.pem  a second, unrelated CA
#     OUT_DIR/NODE.p12        a node store signed by that CA, which the cluster must refuse
#
# Every store is protected by $EDGETUNE_TLS_PASSWORD (default: the public test password below).
# Idempotent: a store that is present and signed by the right CA is kept, so running it again
# never invalidates stores already handed to nodes; a store signed by another CA is an error.
set -euo pipefail

readonly TEST_ONLY_PASSWORD="edgetune-test-only"
export EDGETUNE_TLS_PASSWORD="${EDGETUNE_TLS_PASSWORD:-$TEST_ONLY_PASSWORD}"

log() { echo "make-test-certs: $*" >&2; }
fail() { log "ERROR: $*"; exit 1; }
usage() { fail "usage: make-test-certs.sh [--rogue] OUT_DIR [NODE_NAME ...]"; }

rogue=false
if [[ "${1:-}" == "--rogue" ]]; then
  rogue=true
  shift
fi
[[ $# -ge 1 ]] || usage
readonly out="$1"
shift
if [[ $# -gt 0 ]]; then
  nodes=("$@")
elif $rogue; then
  nodes=(rogue)
else
  nodes=(node1 node2 node3)
fi

command -v keytool >/dev/null || fail "keytool (from a JDK 17) is required"
# keytool reads PKCS12 passwords shorter than 6 characters but refuses to write them.
[[ ${#EDGETUNE_TLS_PASSWORD} -ge 6 ]] || fail "EDGETUNE_TLS_PASSWORD must have at least 6 characters"
for node in "${nodes[@]}"; do
  # The name becomes a file name and a DNS subject alternative name.
  [[ "$node" =~ ^[A-Za-z0-9][A-Za-z0-9-]*$ ]] || fail "node name '$node' must be letters, digits and '-'"
  [[ "$node" != ca && "$node" != truststore && "$node" != rogue-ca ]] || fail "node name '$node' is reserved"
done

# Each keytool call starts a JVM; these flags cut its start-up on a busy machine.
keytool_fast() { keytool -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC "$@"; }
# keytool chats on stderr even when all is well; show what it said only when it fails.
kt() {
  local said
  said=$(keytool_fast "$@" 2>&1) || fail "keytool $1 failed: $said"
}
pass=(-storepass:env EDGETUNE_TLS_PASSWORD)

if $rogue; then
  ca_name="rogue-ca"
  ca_dn="CN=EdgeTune rogue test CA,O=EdgeTune test only"
else
  ca_name="ca"
  ca_dn="CN=EdgeTune test CA,O=EdgeTune test only"
fi
readonly ca_store="$out/$ca_name.p12" ca_pem="$out/$ca_name.pem"

mkdir -p "$out"
made=()

sha256_of_pem() {
  keytool_fast -printcert -file "$1" | sed -n 's/^[[:space:]]*SHA256: //p' | head -n1
}

# True when the store exists and holds the CA certificate (in its chain or as a trusted entry).
holds_ca() {
  [[ -f "$1" ]] || return 1
  local listing
  listing=$(keytool_fast -list -v -keystore "$1" "${pass[@]}" 2>/dev/null) \
    || fail "$1 exists but does not open with EDGETUNE_TLS_PASSWORD; remove it or set the password"
  grep -qF "SHA256: $ca_sha256" <<<"$listing"
}

if [[ ! -f "$ca_store" ]]; then
  # pathlen 0: this CA signs node certificates only, never another CA.
  kt -genkeypair -keystore "$ca_store" "${pass[@]}" -alias ca -dname "$ca_dn" \
    -keyalg EC -groupname secp256r1 -validity 825 \
    -ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign
  made+=("$ca_store")
fi
if [[ ! -f "$ca_pem" || "$ca_store" -nt "$ca_pem" ]]; then
  kt -exportcert -rfc -keystore "$ca_store" "${pass[@]}" -alias ca -file "$ca_pem"
  made+=("$ca_pem")
fi
ca_sha256=$(sha256_of_pem "$ca_pem")
[[ -n "$ca_sha256" ]] || fail "cannot read the fingerprint of $ca_pem"

if ! $rogue; then
  truststore="$out/truststore.p12"
  if ! holds_ca "$truststore"; then
    [[ ! -e "$truststore" ]] || fail "$truststore trusts another CA; remove it to make a new one"
    kt -importcert -noprompt -keystore "$truststore" "${pass[@]}" -alias edgetune-ca \
      -file "$ca_pem"
    made+=("$truststore")
  fi
fi

# A store left half-made by a failed step would later look "signed by another CA"; remove it.
csr="" chain="" partial=""
trap 'rm -f "$csr" "$chain" "$partial"' EXIT
for node in "${nodes[@]}"; do
  store="$out/$node.p12"
  if holds_ca "$store"; then
    continue
  fi
  [[ ! -e "$store" ]] || fail "$store is signed by another CA; remove it to make a new one"
  csr="$out/$node.csr" chain="$out/$node.chain.pem" partial="$store"
  kt -genkeypair -keystore "$store" "${pass[@]}" -alias node \
    -dname "CN=$node,O=EdgeTune test only" -keyalg EC -groupname secp256r1 -validity 365
  kt -certreq -keystore "$store" "${pass[@]}" -alias node -file "$csr"
  # Both usages: every node is a TLS server for inbound and a TLS client for outbound connections.
  kt -gencert -rfc -keystore "$ca_store" "${pass[@]}" -alias ca -infile "$csr" -outfile "$chain" \
    -validity 365 -ext ku:c=digitalSignature -ext eku=serverAuth,clientAuth \
    -ext "san=dns:$node,dns:localhost,ip:127.0.0.1"
  cat "$ca_pem" >>"$chain"
  # -noprompt installs the chain although its root is not in the store; the chain is checked
  # against the trust store at handshake time, which is where it matters.
  kt -importcert -noprompt -keystore "$store" "${pass[@]}" -alias node -file "$chain"
  rm -f "$csr" "$chain"
  partial=""
  made+=("$store")
done

if [[ ${#made[@]} -eq 0 ]]; then
  log "everything was already in $out"
else
  for f in "${made[@]}"; do log "made $f"; done
fi
if [[ "$EDGETUNE_TLS_PASSWORD" == "$TEST_ONLY_PASSWORD" ]]; then
  log "stores use the public TEST-ONLY password '$TEST_ONLY_PASSWORD'; set EDGETUNE_TLS_PASSWORD for anything else"
fi
