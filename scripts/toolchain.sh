#!/usr/bin/env bash
# Builds the real control-plane toolchain used by the e2e tests from Go modules:
#   etcd, kube-apiserver, kube-controller-manager, pulumi, pulumi-resource-kubernetes,
#   kubectl + kube-scheduler (kube-clients), the Gatekeeper manager + gator, the Kyverno
#   admission controller + the kyverno CLI, pulumi-language-yaml (the Pulumi YAML language host),
#   pulumi-sdkgen (Python/Go SDKs from a package schema, offline), pulumi-java-gen (Java/C# SDKs from a
#   package schema, offline).
# (pulumi-language-nodejs cannot be built here: see build_pulumi.)
# The real worker node of the e2e tests (test/e2e/support/node.ts): kubelet (kube-node), containerd +
# containerd-shim-runc-v2 + ctr, runc (with seccomp: needs cgo, libseccomp-dev and pkg-config, apt-get
# installed when missing), the CNI plugins bridge/host-local/loopback/portmap, crictl, kube-router
# (NetworkPolicy enforcement only — a TEST PEER: cvmkit never ships, installs or recommends it) and
# node-images (cvmkit-image-builder + cvmkit-probe: offline images for the node).
# Every tool has its own wrapper module under tools/toolchain/<tool> (go.mod + go.sum pin
# the exact versions). Binaries are cached outside the repository, keyed by version:
#   ${CVMKIT_TOOLCHAIN_DIR:-$HOME/.cache/cvmkit/toolchain}/<tool>-<version>/bin/
# plus stable symlinks in $CVMKIT_TOOLCHAIN_DIR/bin/ and an env file
#   $CVMKIT_TOOLCHAIN_DIR/env.sh   (source it: PATH, PULUMI_HOME, offline Pulumi settings).
# Idempotent: a second run finds the cache and returns in seconds.
#
# Usage: scripts/toolchain.sh [--print-env] [tool...]
#   tools: etcd kube pulumi pulumi-kubernetes kube-clients gatekeeper kyverno pulumi-language-yaml
#          pulumi-sdkgen pulumi-java-gen kube-node containerd runc cni-plugins crictl kube-router
#          node-images (default: all)
#   --print-env  print env.sh to stdout at the end (progress goes to stderr)
# Needs: Go >= 1.26 (on PATH or /usr/local/go/bin), jq (apt-get installed when missing).
set -euo pipefail

# ---- pinned versions (must match tools/toolchain/*/go.mod; checked below) -------------
ETCD_VERSION=3.6.16
KUBE_VERSION=1.35.4
PULUMI_VERSION=3.276.0
# pulumi-resource-kubernetes: registered under the version that the npm package
# @pulumi/kubernetes declares ("pulumi": {"version": ...}) ...
PULUMI_K8S_VERSION=4.34.2
# ... built from this source (the newest provider source the Go module proxy serves;
# see tools/toolchain/README.md for the difference).
PULUMI_K8S_SOURCE_VERSION=4.25.0
GATEKEEPER_VERSION=3.23.1
KYVERNO_VERSION=1.19.1
PULUMI_YAML_VERSION=1.25.0
# pulumi-java-gen: pulumi-java's codegen with the pulumi/pkg it pins (it does not compile against
# PULUMI_VERSION's pkg, and pkg v3.276.0 has no codegen/dotnet any more)
PULUMI_JAVA_VERSION=1.16.0
PULUMI_JAVA_PKG_VERSION=3.182.0
# the real node (kubelet is KUBE_VERSION, from tools/toolchain/kube-node)
CONTAINERD_VERSION=2.4.2
RUNC_VERSION=1.5.3
CNI_PLUGINS_VERSION=1.10.0
CRICTL_VERSION=1.37.0
# kube-router: the only v2 the Go module proxy serves; security flaws are reported against it. A test
# peer that enforces NetworkPolicies on the e2e node, never something cvmkit installs or recommends.
KUBE_ROUTER_VERSION=2.1.0
GGCR_VERSION=0.22.1

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TC="${CVMKIT_TOOLCHAIN_DIR:-$HOME/.cache/cvmkit/toolchain}"
PRINT_ENV=0
TOOLS=()
for a in "$@"; do
  case "$a" in
    --print-env) PRINT_ENV=1 ;;
    etcd|kube|pulumi|pulumi-kubernetes|kube-clients|gatekeeper|kyverno|pulumi-language-yaml|pulumi-sdkgen|pulumi-java-gen) TOOLS+=("$a") ;;
    kube-node|containerd|runc|cni-plugins|crictl|kube-router|node-images) TOOLS+=("$a") ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "toolchain: unknown argument: $a" >&2; exit 2 ;;
  esac
done
[ ${#TOOLS[@]} -gt 0 ] || TOOLS=(etcd kube pulumi pulumi-kubernetes kube-clients gatekeeper kyverno pulumi-language-yaml pulumi-sdkgen pulumi-java-gen kube-node containerd runc cni-plugins crictl kube-router node-images)

log() { echo "toolchain: $*" >&2; }
die() { echo "toolchain: ERROR: $*" >&2; exit 1; }

# ---- prerequisites -----------------------------------------------------------------
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || die "Go >= 1.26 is required (not found on PATH or in /usr/local/go/bin)"
go_minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
[ "${go_minor:-0}" -ge 26 ] 2>/dev/null || die "Go >= 1.26 is required, found $(go env GOVERSION)"

apt_install() { # apt_install <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "'$1' is missing and apt-get is unavailable; install $2"
  log "installing Debian package $2 (for '$1')"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >&2 \
    || die "apt-get install $2 failed"
}
apt_install jq jq

export CGO_ENABLED=0
export GOFLAGS="-trimpath -mod=readonly"
# keep GOMODCACHE / GOCACHE at their defaults so a machine that has them is fast

mkdir -p "$TC/bin"
# one build at a time per cache directory
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TC/.lock"
  flock -n 9 || { log "waiting for another toolchain.sh run to finish ($TC/.lock)"; flock 9; }
fi

# inputs_hash <wrapper dir> <extra...>: identifies what a cached build was made from
inputs_hash() {
  local d="$1"; shift
  { (cd "$d" && find . -maxdepth 1 -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) | LC_ALL=C sort | xargs cat)
    printf '%s\n' "$@" "$(go env GOVERSION)"; } | sha256sum | cut -c1-16
}

# cached <dir> <hash>: true when <dir> holds a complete build of exactly these inputs
cached() { [ -f "$1/.complete" ] && [ "$(cat "$1/.complete")" = "$2" ]; }

# check_pin <wrapper dir> <module> <version>
check_pin() {
  local got
  got="$(go mod edit -json "$1/go.mod" | jq -r --arg m "$2" '.Require[] | select(.Path == $m) | .Version')"
  [ "$got" = "$3" ] || die "$1/go.mod pins $2 at '$got', scripts/toolchain.sh expects $3"
}

mod_time() { (cd "$1" && go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "$2"); }

# begin <tool> <version> -> sets OUT (final dir) and TMP (staging dir); returns 1 when cached
begin() {
  local tool="$1" version="$2" hash="$3"
  OUT="$TC/$tool-v$version"
  if cached "$OUT" "$hash"; then
    log "$tool v$version: cached in $OUT"
    return 1
  fi
  TMP="$TC/.tmp-$tool-v$version-$$"
  rm -rf "$TMP"; mkdir -p "$TMP/bin"
  trap 'rm -rf "$TMP"' EXIT
  return 0
}
finish() { # finish <hash>
  echo "$1" > "$TMP/.complete"
  rm -rf "$OUT"; mv "$TMP" "$OUT"
  trap - EXIT
}
link() { ln -sfn "$1" "$TC/bin/$(basename "$1")"; }

# ---- etcd --------------------------------------------------------------------------
build_etcd() {
  local w="$REPO/tools/toolchain/etcd" h t0 ldflags="-s -w"
  check_pin "$w" go.etcd.io/etcd/server/v3 "v$ETCD_VERSION"
  h="$(inputs_hash "$w" "$ETCD_VERSION" "$ldflags")"
  if begin etcd "$ETCD_VERSION" "$h"; then
    log "building etcd v$ETCD_VERSION (first time takes about a minute)…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/etcd" -ldflags "$ldflags" go.etcd.io/etcd/server/v3) \
      || die "building etcd failed"
    finish "$h"
    log "built etcd v$ETCD_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/etcd"
  ETCD_BIN_DIR="$OUT/bin"
}

# kube_ldflags <wrapper dir>: the version-stamping ldflags of a k8s.io/kubernetes binary — the same
# symbols as kubernetes' hack/lib/version.sh (kube::version::ldflags); the commit is not known from a
# module zip, so gitCommit is left empty. Part of the kube and kube-clients cache keys.
kube_ldflags() {
  local major minor date p flags="-s -w"
  major="${KUBE_VERSION%%.*}"; minor="${KUBE_VERSION#*.}"; minor="${minor%%.*}"
  date="$(mod_time "$1" k8s.io/kubernetes)"; date="${date:-1970-01-01T00:00:00Z}"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $p.gitVersion=v$KUBE_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    flags+=" -X $p.gitCommit= -X $p.gitTreeState=clean -X $p.buildDate=$date"
  done
  printf '%s' "$flags"
}

# ---- kube-apiserver + kube-controller-manager -------------------------------------
build_kube() {
  local w="$REPO/tools/toolchain/kube" h t0 ldflags p
  check_pin "$w" k8s.io/kubernetes "v$KUBE_VERSION"
  ldflags="$(kube_ldflags "$w")"
  h="$(inputs_hash "$w" "$KUBE_VERSION" "$ldflags")"
  if begin kube "$KUBE_VERSION" "$h"; then
    log "building kube-apiserver and kube-controller-manager v$KUBE_VERSION (first time takes several minutes)…"
    t0=$SECONDS
    for p in kube-apiserver kube-controller-manager; do
      log "  compiling $p v$KUBE_VERSION…"
      (cd "$w" && go build -o "$TMP/bin/$p" -ldflags "$ldflags" "k8s.io/kubernetes/cmd/$p") \
        || die "building $p failed"
    done
    finish "$h"
    log "built kube v$KUBE_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/kube-apiserver"
  link "$OUT/bin/kube-controller-manager"
  KUBE_BIN_DIR="$OUT/bin"
}

# ---- pulumi CLI + pulumi-language-nodejs ------------------------------------------
build_pulumi() {
  local w="$REPO/tools/toolchain/pulumi" h t0 ldflags sdkdir f
  check_pin "$w" github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_VERSION"
  check_pin "$w" github.com/pulumi/pulumi/sdk/v3 "v$PULUMI_VERSION"
  # same flags as upstream's .goreleaser.yml
  ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
  h="$(inputs_hash "$w" "$PULUMI_VERSION" "$ldflags" osusergo,grpcnotrace)"
  if begin pulumi "$PULUMI_VERSION" "$h"; then
    log "building pulumi v$PULUMI_VERSION (first time takes several minutes)…"
    t0=$SECONDS
    log "  compiling pulumi v$PULUMI_VERSION…"
    (cd "$w" && go build -tags osusergo,grpcnotrace -o "$TMP/bin/pulumi" -ldflags "$ldflags" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) || die "building pulumi failed"
    # pulumi-language-nodejs is NOT built: its module
    # (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, untagged, pseudo-versions
    # only) is refused by the Go module proxy reachable here ("403 Forbidden: This module
    # version is not available"). Node.js programs therefore run through the Automation API's
    # inline programs (LocalWorkspace with `program`), where the SDK serves the language
    # runtime in-process and the CLI needs no language plugin.
    # shell-script plugins that upstream ships next to the CLI (dynamic providers, policy packs)
    sdkdir="$(cd "$w" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
    for f in pulumi-resource-pulumi-nodejs pulumi-analyzer-policy; do
      if [ -f "$sdkdir/nodejs/dist/$f" ]; then
        install -m 0755 "$sdkdir/nodejs/dist/$f" "$TMP/bin/$f"
      fi
    done
    finish "$h"
    log "built pulumi v$PULUMI_VERSION in $((SECONDS - t0))s"
  fi
  PULUMI_BIN_DIR="$OUT/bin"
  link "$OUT/bin/pulumi"
}

# ---- pulumi-resource-kubernetes ----------------------------------------------------
build_pulumi_kubernetes() {
  local w="$REPO/tools/toolchain/pulumi-kubernetes" h t0 src gen
  local ldflags="-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PULUMI_K8S_VERSION"
  h="$(inputs_hash "$w" "$PULUMI_K8S_VERSION" "$PULUMI_K8S_SOURCE_VERSION" "$ldflags")"
  if begin pulumi-kubernetes "$PULUMI_K8S_VERSION" "$h"; then
    log "building pulumi-resource-kubernetes v$PULUMI_K8S_VERSION from provider source v$PULUMI_K8S_SOURCE_VERSION (first time takes several minutes)…"
    t0=$SECONDS
    # The upstream main package go:embeds files that `go generate` writes and that are not
    # in the module zip. Generate them from the module cache into a scratch copy of the
    # wrapper (the repository stays clean).
    gen="$TMP/src"
    mkdir -p "$gen"
    cp "$w"/go.mod "$w"/go.sum "$w"/*.go "$gen"/
    src="$(cd "$gen" && go mod download -json github.com/pulumi/pulumi-kubernetes/provider/v4 \
      | jq -r .Dir)/cmd/pulumi-resource-kubernetes"
    [ -f "$src/schema.json" ] || die "provider schema not found in $src"
    jq -c --arg v "$PULUMI_K8S_VERSION" '.version = $v' "$src/schema.json" > "$gen/schema-embed.json"
    jq -c . "$src/terraform-mapping.json" > "$gen/terraform-mapping-embed.json"
    if [ -f "$src/helm-mapping.json" ]; then cp "$src/helm-mapping.json" "$gen/"; fi
    (cd "$gen" && go build -o "$TMP/bin/pulumi-resource-kubernetes" -ldflags "$ldflags" .) \
      || die "building pulumi-resource-kubernetes failed"
    rm -rf "$gen"
    finish "$h"
    log "built pulumi-resource-kubernetes v$PULUMI_K8S_VERSION in $((SECONDS - t0))s"
  fi
  PULUMI_K8S_BIN_DIR="$OUT/bin"
  link "$OUT/bin/pulumi-resource-kubernetes"
}

# ---- kubectl + kube-scheduler (same Kubernetes source as kube-apiserver) --------------
# A wrapper module of its own (tools/toolchain/kube-clients) so the apiserver build's cache
# key stays as it is; the version ldflags are the same symbols build_kube sets.
build_kube_clients() {
  local w="$REPO/tools/toolchain/kube-clients" h t0 ldflags p
  check_pin "$w" k8s.io/kubernetes "v$KUBE_VERSION"
  ldflags="$(kube_ldflags "$w")"
  h="$(inputs_hash "$w" "$KUBE_VERSION" "$ldflags")"
  if begin kube-clients "$KUBE_VERSION" "$h"; then
    log "building kubectl and kube-scheduler v$KUBE_VERSION (first time takes a few minutes)…"
    t0=$SECONDS
    for p in kubectl kube-scheduler; do
      log "  compiling $p v$KUBE_VERSION…"
      (cd "$w" && go build -o "$TMP/bin/$p" -ldflags "$ldflags" "k8s.io/kubernetes/cmd/$p") \
        || die "building $p failed"
    done
    finish "$h"
    log "built kubectl and kube-scheduler v$KUBE_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/kubectl"
  link "$OUT/bin/kube-scheduler"
  KUBE_CLIENTS_BIN_DIR="$OUT/bin"
}

# ---- Gatekeeper manager + gator ----------------------------------------------------
build_gatekeeper() {
  local w="$REPO/tools/toolchain/gatekeeper" h t0 src m="github.com/open-policy-agent/gatekeeper/v3"
  # same -X as upstream's Makefile (LDFLAGS)
  local ldflags="-s -w -X $m/pkg/version.Version=v$GATEKEEPER_VERSION"
  check_pin "$w" "$m" "v$GATEKEEPER_VERSION"
  # "crds+psp-templates": what the cache dir holds besides the binaries (bump it when that changes)
  h="$(inputs_hash "$w" "$GATEKEEPER_VERSION" "$ldflags" crds+psp-templates)"
  if begin gatekeeper "$GATEKEEPER_VERSION" "$h"; then
    log "building Gatekeeper v$GATEKEEPER_VERSION (first time takes about 5 minutes)…"
    t0=$SECONDS
    log "  compiling gatekeeper (manager) v$GATEKEEPER_VERSION…"
    (cd "$w" && go build -o "$TMP/bin/gatekeeper" -ldflags "$ldflags" "$m") || die "building gatekeeper failed"
    log "  compiling gator v$GATEKEEPER_VERSION…"
    (cd "$w" && go build -o "$TMP/bin/gator" -ldflags "$ldflags" "$m/cmd/gator") || die "building gator failed"
    # the CRDs the manager serves, from the same module (config/crd/bases)
    src="$(cd "$w" && go list -m -f '{{.Dir}}' "$m")"
    cp -r "$src/config/crd/bases" "$TMP/crds"
    # the PSP-library ConstraintTemplates Gatekeeper's own webhook tests use (privileged containers,
    # host filesystem), from the same module
    mkdir -p "$TMP/psp-templates"
    cp "$src"/pkg/webhook/testdata/psp-all-violations/psp-templates/{privileged-containers,host-filesystem}-template.yaml \
      "$TMP/psp-templates/"
    chmod -R u+w "$TMP/crds" "$TMP/psp-templates"
    finish "$h"
    log "built Gatekeeper v$GATEKEEPER_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/gatekeeper"
  link "$OUT/bin/gator"
  GATEKEEPER_BIN_DIR="$OUT/bin"
}

# ---- Kyverno admission controller + CLI (installed as kyverno-cli) -----------------
build_kyverno() {
  local w="$REPO/tools/toolchain/kyverno" h t0 m="github.com/kyverno/kyverno"
  # same -X as upstream's Makefile (LD_FLAGS)
  local ldflags="-s -w -X $m/pkg/version.BuildVersion=v$KYVERNO_VERSION"
  check_pin "$w" "$m" "v$KYVERNO_VERSION"
  h="$(inputs_hash "$w" "$KYVERNO_VERSION" "$ldflags")"
  if begin kyverno "$KYVERNO_VERSION" "$h"; then
    log "building Kyverno v$KYVERNO_VERSION (first time takes about 6 minutes)…"
    t0=$SECONDS
    log "  compiling kyverno (admission controller) v$KYVERNO_VERSION…"
    (cd "$w" && go build -o "$TMP/bin/kyverno" -ldflags "$ldflags" "$m/cmd/kyverno") || die "building kyverno failed"
    log "  compiling the kyverno CLI v$KYVERNO_VERSION…"
    (cd "$w" && go build -o "$TMP/bin/kyverno-cli" -ldflags "$ldflags" "$m/cmd/cli/kubectl-kyverno") \
      || die "building the kyverno CLI failed"
    # the CRDs, from the same module (config/crds)
    cp -r "$(cd "$w" && go list -m -f '{{.Dir}}' "$m")/config/crds" "$TMP/crds"
    chmod -R u+w "$TMP/crds"
    finish "$h"
    log "built Kyverno v$KYVERNO_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/kyverno"
  link "$OUT/bin/kyverno-cli"
  KYVERNO_BIN_DIR="$OUT/bin"
}

# ---- pulumi-language-yaml (runs Pulumi YAML programs: runtime: yaml) ---------------
build_pulumi_language_yaml() {
  local w="$REPO/tools/toolchain/pulumi-language-yaml" h t0 m="github.com/pulumi/pulumi-yaml"
  # same -X as upstream's .goreleaser.yml
  local ldflags="-s -w -X $m/pkg/version.Version=v$PULUMI_YAML_VERSION"
  check_pin "$w" "$m" "v$PULUMI_YAML_VERSION"
  h="$(inputs_hash "$w" "$PULUMI_YAML_VERSION" "$ldflags")"
  if begin pulumi-language-yaml "$PULUMI_YAML_VERSION" "$h"; then
    log "building pulumi-language-yaml v$PULUMI_YAML_VERSION (first time takes about a minute)…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/pulumi-language-yaml" -ldflags "$ldflags" "$m/cmd/pulumi-language-yaml") \
      || die "building pulumi-language-yaml failed"
    finish "$h"
    log "built pulumi-language-yaml v$PULUMI_YAML_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/pulumi-language-yaml"
  PULUMI_YAML_BIN_DIR="$OUT/bin"
}

# ---- pulumi-sdkgen (tools/toolchain/pulumi-sdkgen/main.go) ---------------------------
# pulumi-language-python and pulumi-language-go, which `pulumi package gen-sdk` calls, are nested
# modules the proxy refuses (as pulumi-language-nodejs); this calls the same code generators of
# pkg/v3 (the CLI's version) directly.
build_pulumi_sdkgen() {
  local w="$REPO/tools/toolchain/pulumi-sdkgen" h t0 ldflags="-s -w"
  check_pin "$w" github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_VERSION"
  h="$(inputs_hash "$w" "$PULUMI_VERSION" "$ldflags")"
  if begin pulumi-sdkgen "$PULUMI_VERSION" "$h"; then
    log "building pulumi-sdkgen (pulumi/pkg v$PULUMI_VERSION codegen; first time takes about a minute)…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/pulumi-sdkgen" -ldflags "$ldflags" .) || die "building pulumi-sdkgen failed"
    finish "$h"
    log "built pulumi-sdkgen in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/pulumi-sdkgen"
  PULUMI_SDKGEN_BIN_DIR="$OUT/bin"
}

# ---- pulumi-java-gen (tools/toolchain/pulumi-java-gen/main.go) -----------------------
# Java SDKs with pulumi-java's codegen (pulumi-language-java's GeneratePackage calls), C# SDKs with
# codegen/dotnet of the pulumi/pkg that pulumi-java pins; offline like pulumi-sdkgen.
build_pulumi_java_gen() {
  local w="$REPO/tools/toolchain/pulumi-java-gen" h t0 ldflags="-s -w"
  check_pin "$w" github.com/pulumi/pulumi-java/pkg "v$PULUMI_JAVA_VERSION"
  check_pin "$w" github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_JAVA_PKG_VERSION"
  h="$(inputs_hash "$w" "$PULUMI_JAVA_VERSION" "$PULUMI_JAVA_PKG_VERSION" "$ldflags")"
  if begin pulumi-java-gen "$PULUMI_JAVA_VERSION" "$h"; then
    log "building pulumi-java-gen (pulumi-java v$PULUMI_JAVA_VERSION + pulumi/pkg v$PULUMI_JAVA_PKG_VERSION codegen; first time takes about 2 minutes)…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/pulumi-java-gen" -ldflags "$ldflags" .) || die "building pulumi-java-gen failed"
    finish "$h"
    log "built pulumi-java-gen in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/pulumi-java-gen"
  PULUMI_JAVA_GEN_BIN_DIR="$OUT/bin"
}

# ---- the real node: kubelet (same Kubernetes source and version ldflags as kube-apiserver) ---------
# A wrapper module of its own (tools/toolchain/kube-node, generated by regen-go-mod.sh kube-node) so the
# kube and kube-clients cache keys stay as they are.
build_kube_node() {
  local w="$REPO/tools/toolchain/kube-node" h t0 ldflags
  check_pin "$w" k8s.io/kubernetes "v$KUBE_VERSION"
  ldflags="$(kube_ldflags "$w")"
  h="$(inputs_hash "$w" "$KUBE_VERSION" "$ldflags")"
  if begin kube-node "$KUBE_VERSION" "$h"; then
    log "building kubelet v$KUBE_VERSION (first time takes several minutes)…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/kubelet" -ldflags "$ldflags" k8s.io/kubernetes/cmd/kubelet) \
      || die "building kubelet failed"
    finish "$h"
    log "built kubelet v$KUBE_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/kubelet"
  NODE_BIN_DIRS+="$OUT/bin:"
}

# ---- containerd + containerd-shim-runc-v2 + ctr (CGO_ENABLED=0) -----------------------------------
build_containerd() {
  local w="$REPO/tools/toolchain/containerd" h t0 p m="github.com/containerd/containerd/v2"
  # the -X of upstream's Makefile (GO_LDFLAGS); no git revision in a module zip
  local ldflags="-s -w -X $m/version.Version=v$CONTAINERD_VERSION -X $m/version.Revision= -X $m/version.Package=$m"
  check_pin "$w" "$m" "v$CONTAINERD_VERSION"
  h="$(inputs_hash "$w" "$CONTAINERD_VERSION" "$ldflags")"
  if begin containerd "$CONTAINERD_VERSION" "$h"; then
    log "building containerd v$CONTAINERD_VERSION (first time takes about 3 minutes)…"
    t0=$SECONDS
    for p in containerd containerd-shim-runc-v2 ctr; do
      log "  compiling $p v$CONTAINERD_VERSION…"
      (cd "$w" && go build -o "$TMP/bin/$p" -ldflags "$ldflags" "$m/cmd/$p") || die "building $p failed"
    done
    finish "$h"
    log "built containerd v$CONTAINERD_VERSION in $((SECONDS - t0))s"
  fi
  for p in containerd containerd-shim-runc-v2 ctr; do link "$OUT/bin/$p"; done
  NODE_BIN_DIRS+="$OUT/bin:"
}

# ---- runc with seccomp (cgo + libseccomp) ---------------------------------------------------------
build_runc() {
  local w="$REPO/tools/toolchain/runc" h t0 m="github.com/opencontainers/runc"
  local ldflags="-s -w -X main.version=$RUNC_VERSION -X main.gitCommit="
  check_pin "$w" "$m" "v$RUNC_VERSION"
  h="$(inputs_hash "$w" "$RUNC_VERSION" "$ldflags" seccomp cgo)"
  if begin runc "$RUNC_VERSION" "$h"; then
    apt_install pkg-config pkg-config
    if ! pkg-config --exists libseccomp 2>/dev/null; then
      log "installing Debian package libseccomp-dev (runc -tags seccomp)"
      local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
      $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libseccomp-dev >&2 \
        || die "apt-get install libseccomp-dev failed"
    fi
    command -v gcc >/dev/null 2>&1 || apt_install gcc gcc
    log "building runc v$RUNC_VERSION with seccomp (first time takes about a minute)…"
    t0=$SECONDS
    (cd "$w" && CGO_ENABLED=1 go build -tags seccomp -o "$TMP/bin/runc" -ldflags "$ldflags" "$m") \
      || die "building runc failed"
    finish "$h"
    log "built runc v$RUNC_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/runc"
  NODE_BIN_DIRS+="$OUT/bin:"
}

# ---- CNI plugins (into their own dir: containerd's CNI bin_dirs) ----------------------------------
build_cni_plugins() {
  local w="$REPO/tools/toolchain/cni-plugins" h t0 p m="github.com/containernetworking/plugins"
  local ldflags="-s -w -X $m/pkg/utils/buildversion.BuildVersion=v$CNI_PLUGINS_VERSION"
  check_pin "$w" "$m" "v$CNI_PLUGINS_VERSION"
  h="$(inputs_hash "$w" "$CNI_PLUGINS_VERSION" "$ldflags")"
  if begin cni-plugins "$CNI_PLUGINS_VERSION" "$h"; then
    log "building CNI plugins v$CNI_PLUGINS_VERSION (bridge, host-local, loopback, portmap)…"
    t0=$SECONDS
    for p in main/bridge ipam/host-local main/loopback meta/portmap; do
      (cd "$w" && go build -o "$TMP/bin/$(basename "$p")" -ldflags "$ldflags" "$m/plugins/$p") \
        || die "building CNI plugin $p failed"
    done
    finish "$h"
    log "built CNI plugins v$CNI_PLUGINS_VERSION in $((SECONDS - t0))s"
  fi
  # not linked into bin/ (a "bridge" on PATH would be confusing): env.sh exports CVMKIT_CNI_BIN_DIR
  CNI_BIN_DIR="$OUT/bin"
}

# ---- crictl -------------------------------------------------------------------------------------
build_crictl() {
  local w="$REPO/tools/toolchain/crictl" h t0 m="sigs.k8s.io/cri-tools"
  local ldflags="-s -w -X $m/pkg/version.Version=v$CRICTL_VERSION"
  check_pin "$w" "$m" "v$CRICTL_VERSION"
  h="$(inputs_hash "$w" "$CRICTL_VERSION" "$ldflags")"
  if begin crictl "$CRICTL_VERSION" "$h"; then
    log "building crictl v$CRICTL_VERSION…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/crictl" -ldflags "$ldflags" "$m/cmd/crictl") || die "building crictl failed"
    finish "$h"
    log "built crictl v$CRICTL_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/crictl"
  NODE_BIN_DIRS+="$OUT/bin:"
}

# ---- kube-router (TEST PEER ONLY: enforces NetworkPolicies on the e2e node) ------------------------
build_kube_router() {
  local w="$REPO/tools/toolchain/kube-router" h t0 m="github.com/cloudnativelabs/kube-router/v2" date
  check_pin "$w" "$m" "v$KUBE_ROUTER_VERSION"
  date="$(mod_time "$w" "$m")"
  local ldflags="-s -w -X $m/pkg/version.Version=v$KUBE_ROUTER_VERSION -X $m/pkg/version.BuildDate=${date:-unknown}"
  h="$(inputs_hash "$w" "$KUBE_ROUTER_VERSION" "$ldflags")"
  if begin kube-router "$KUBE_ROUTER_VERSION" "$h"; then
    log "building kube-router v$KUBE_ROUTER_VERSION (a test peer, not shipped; first time takes about 4 minutes)…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/kube-router" -ldflags "$ldflags" "$m/cmd/kube-router") \
      || die "building kube-router failed"
    finish "$h"
    log "built kube-router v$KUBE_ROUTER_VERSION in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/kube-router"
  NODE_BIN_DIRS+="$OUT/bin:"
}

# ---- cvmkit-image-builder + cvmkit-probe (offline images for the node) -----------------------------
build_node_images() {
  local w="$REPO/tools/toolchain/node-images" h t0 probe_hash
  check_pin "$w" github.com/google/go-containerregistry "v$GGCR_VERSION"
  probe_hash="$(sha256sum "$w/probe/main.go" | cut -c1-16)"
  h="$(inputs_hash "$w" "$GGCR_VERSION" "$probe_hash" "-s -w")"
  if begin node-images "$GGCR_VERSION" "$h"; then
    log "building cvmkit-image-builder (go-containerregistry v$GGCR_VERSION) and cvmkit-probe…"
    t0=$SECONDS
    (cd "$w" && go build -o "$TMP/bin/cvmkit-image-builder" -ldflags "-s -w" .) || die "building cvmkit-image-builder failed"
    (cd "$w" && go build -o "$TMP/bin/cvmkit-probe" -ldflags "-s -w" ./probe) || die "building cvmkit-probe failed"
    finish "$h"
    log "built cvmkit-image-builder and cvmkit-probe in $((SECONDS - t0))s"
  fi
  link "$OUT/bin/cvmkit-image-builder"
  link "$OUT/bin/cvmkit-probe"
  NODE_BIN_DIRS+="$OUT/bin:"
}

# install the provider into the cache's PULUMI_HOME (offline: `plugin install --file`)
install_pulumi_plugin() {
  local pulumi="$TC/pulumi-v$PULUMI_VERSION/bin/pulumi"
  local bin="$TC/pulumi-kubernetes-v$PULUMI_K8S_VERSION/bin/pulumi-resource-kubernetes"
  local dest="$TC/pulumi-home/plugins/resource-kubernetes-v$PULUMI_K8S_VERSION"
  [ -x "$pulumi" ] && [ -x "$bin" ] || return 0
  if [ -f "$dest/pulumi-resource-kubernetes" ] && [ ! -e "$dest.partial" ] \
     && cmp -s "$bin" "$dest/pulumi-resource-kubernetes"; then
    return 0
  fi
  log "installing plugin resource kubernetes v$PULUMI_K8S_VERSION into $TC/pulumi-home"
  PULUMI_HOME="$TC/pulumi-home" PULUMI_SKIP_UPDATE_CHECK=true \
    "$pulumi" plugin install resource kubernetes "$PULUMI_K8S_VERSION" --file "$bin" --reinstall >&2 \
    || die "pulumi plugin install failed"
}

write_env() {
  local path=""
  [ -n "${ETCD_BIN_DIR:-}" ] && path+="$ETCD_BIN_DIR:"
  [ -n "${KUBE_BIN_DIR:-}" ] && path+="$KUBE_BIN_DIR:"
  [ -n "${PULUMI_BIN_DIR:-}" ] && path+="$PULUMI_BIN_DIR:"
  [ -n "${KUBE_CLIENTS_BIN_DIR:-}" ] && path+="$KUBE_CLIENTS_BIN_DIR:"
  [ -n "${GATEKEEPER_BIN_DIR:-}" ] && path+="$GATEKEEPER_BIN_DIR:"
  [ -n "${KYVERNO_BIN_DIR:-}" ] && path+="$KYVERNO_BIN_DIR:"
  [ -n "${PULUMI_YAML_BIN_DIR:-}" ] && path+="$PULUMI_YAML_BIN_DIR:"
  [ -n "${PULUMI_SDKGEN_BIN_DIR:-}" ] && path+="$PULUMI_SDKGEN_BIN_DIR:"
  [ -n "${PULUMI_JAVA_GEN_BIN_DIR:-}" ] && path+="$PULUMI_JAVA_GEN_BIN_DIR:"
  path+="${NODE_BIN_DIRS:-}"
  cat > "$TC/env.sh.tmp" <<EOF
# generated by scripts/toolchain.sh — source this file
export CVMKIT_TOOLCHAIN_DIR="$TC"
export PATH="$path\$PATH"
export PULUMI_HOME="$TC/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export CVMKIT_ETCD_VERSION=$ETCD_VERSION
export CVMKIT_KUBE_VERSION=$KUBE_VERSION
export CVMKIT_PULUMI_VERSION=$PULUMI_VERSION
export CVMKIT_PULUMI_KUBERNETES_VERSION=$PULUMI_K8S_VERSION
export CVMKIT_GATEKEEPER_VERSION=$GATEKEEPER_VERSION
export CVMKIT_KYVERNO_VERSION=$KYVERNO_VERSION
export CVMKIT_PULUMI_YAML_VERSION=$PULUMI_YAML_VERSION
export CVMKIT_PULUMI_JAVA_VERSION=$PULUMI_JAVA_VERSION
export CVMKIT_CONTAINERD_VERSION=$CONTAINERD_VERSION
export CVMKIT_RUNC_VERSION=$RUNC_VERSION
export CVMKIT_CNI_PLUGINS_VERSION=$CNI_PLUGINS_VERSION
export CVMKIT_CRICTL_VERSION=$CRICTL_VERSION
export CVMKIT_KUBE_ROUTER_VERSION=$KUBE_ROUTER_VERSION
${CNI_BIN_DIR:+export CVMKIT_CNI_BIN_DIR="$CNI_BIN_DIR"}
${GATEKEEPER_BIN_DIR:+export CVMKIT_GATEKEEPER_DIR="$TC/gatekeeper-v$GATEKEEPER_VERSION"}
${KYVERNO_BIN_DIR:+export CVMKIT_KYVERNO_DIR="$TC/kyverno-v$KYVERNO_VERSION"}
EOF
  mv "$TC/env.sh.tmp" "$TC/env.sh"
}

T_START=$SECONDS
for t in "${TOOLS[@]}"; do
  case "$t" in
    etcd) build_etcd ;;
    kube) build_kube ;;
    pulumi) build_pulumi ;;
    pulumi-kubernetes) build_pulumi_kubernetes ;;
    kube-clients) build_kube_clients ;;
    gatekeeper) build_gatekeeper ;;
    kyverno) build_kyverno ;;
    pulumi-language-yaml) build_pulumi_language_yaml ;;
    pulumi-sdkgen) build_pulumi_sdkgen ;;
    pulumi-java-gen) build_pulumi_java_gen ;;
    kube-node) build_kube_node ;;
    containerd) build_containerd ;;
    runc) build_runc ;;
    cni-plugins) build_cni_plugins ;;
    crictl) build_crictl ;;
    kube-router) build_kube_router ;;
    node-images) build_node_images ;;
  esac
done
# bin dirs of tools not requested this run, when already built
if [ -z "${ETCD_BIN_DIR:-}" ] && [ -f "$TC/etcd-v$ETCD_VERSION/.complete" ]; then ETCD_BIN_DIR="$TC/etcd-v$ETCD_VERSION/bin"; fi
if [ -z "${KUBE_BIN_DIR:-}" ] && [ -f "$TC/kube-v$KUBE_VERSION/.complete" ]; then KUBE_BIN_DIR="$TC/kube-v$KUBE_VERSION/bin"; fi
if [ -z "${PULUMI_BIN_DIR:-}" ] && [ -f "$TC/pulumi-v$PULUMI_VERSION/.complete" ]; then PULUMI_BIN_DIR="$TC/pulumi-v$PULUMI_VERSION/bin"; fi
if [ -z "${KUBE_CLIENTS_BIN_DIR:-}" ] && [ -f "$TC/kube-clients-v$KUBE_VERSION/.complete" ]; then KUBE_CLIENTS_BIN_DIR="$TC/kube-clients-v$KUBE_VERSION/bin"; fi
if [ -z "${GATEKEEPER_BIN_DIR:-}" ] && [ -f "$TC/gatekeeper-v$GATEKEEPER_VERSION/.complete" ]; then GATEKEEPER_BIN_DIR="$TC/gatekeeper-v$GATEKEEPER_VERSION/bin"; fi
if [ -z "${KYVERNO_BIN_DIR:-}" ] && [ -f "$TC/kyverno-v$KYVERNO_VERSION/.complete" ]; then KYVERNO_BIN_DIR="$TC/kyverno-v$KYVERNO_VERSION/bin"; fi
if [ -z "${PULUMI_SDKGEN_BIN_DIR:-}" ] && [ -f "$TC/pulumi-sdkgen-v$PULUMI_VERSION/.complete" ]; then PULUMI_SDKGEN_BIN_DIR="$TC/pulumi-sdkgen-v$PULUMI_VERSION/bin"; fi
if [ -z "${PULUMI_JAVA_GEN_BIN_DIR:-}" ] && [ -f "$TC/pulumi-java-gen-v$PULUMI_JAVA_VERSION/.complete" ]; then PULUMI_JAVA_GEN_BIN_DIR="$TC/pulumi-java-gen-v$PULUMI_JAVA_VERSION/bin"; fi
if [ -z "${PULUMI_YAML_BIN_DIR:-}" ] && [ -f "$TC/pulumi-language-yaml-v$PULUMI_YAML_VERSION/.complete" ]; then PULUMI_YAML_BIN_DIR="$TC/pulumi-language-yaml-v$PULUMI_YAML_VERSION/bin"; fi
# the node's tools not requested this run, when already built
node_dir() { # node_dir <tool> <version>: add its bin dir when built and not yet added
  local d="$TC/$1-v$2/bin"
  [ -f "$TC/$1-v$2/.complete" ] || return 0
  case ":${NODE_BIN_DIRS:-}" in *":$d:"*) return 0 ;; esac
  if [ "$1" = cni-plugins ]; then CNI_BIN_DIR="$d"; else NODE_BIN_DIRS+="$d:"; fi
}
NODE_BIN_DIRS="${NODE_BIN_DIRS:-}"
node_dir kube-node "$KUBE_VERSION"; node_dir containerd "$CONTAINERD_VERSION"; node_dir runc "$RUNC_VERSION"
node_dir crictl "$CRICTL_VERSION"; node_dir kube-router "$KUBE_ROUTER_VERSION"; node_dir node-images "$GGCR_VERSION"
[ -n "${CNI_BIN_DIR:-}" ] || node_dir cni-plugins "$CNI_PLUGINS_VERSION"
install_pulumi_plugin
write_env
log "toolchain ready in $((SECONDS - T_START))s; use: source $TC/env.sh"
if [ "$PRINT_ENV" = 1 ]; then cat "$TC/env.sh"; fi
