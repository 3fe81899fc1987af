#!/usr/bin/env bash
# Provides the etcd and kube-apiserver binaries the tests run against, in the envtest layout
# (a directory holding `etcd` and `kube-apiserver`), and prints that directory.
#
# 1. KUBEBUILDER_ASSETS set: use it as it is (users with envtest binaries skip the build).
# 2. Otherwise build both once from the Go module proxy into a cache outside the checkout, so every
#    clone on this machine reuses it. A second run with the cache present does no Go work at all.
set -euo pipefail

K8S_VERSION="${PVE_OPERATOR_K8S_VERSION:-1.34.4}"
ETCD_VERSION="${PVE_OPERATOR_ETCD_VERSION:-3.6.16}"

log() { printf 'envtest: %s\n' "$*" >&2; }

if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
  for bin in etcd kube-apiserver; do
    [[ -x "$KUBEBUILDER_ASSETS/$bin" ]] || { log "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS has no executable $bin"; exit 1; }
  done
  printf '%s\n' "$KUBEBUILDER_ASSETS"
  exit 0
fi

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pve-operator/envtest"
dest="$cache_root/$K8S_VERSION"
if [[ -x "$dest/etcd" && -x "$dest/kube-apiserver" ]]; then
  printf '%s\n' "$dest"
  exit 0
fi

command -v go >/dev/null || { log "Go is needed to build kube-apiserver $K8S_VERSION (or set KUBEBUILDER_ASSETS)"; exit 1; }
mkdir -p "$cache_root"
# One builder at a time: parallel first runs (two clones, two CI jobs) wait instead of racing.
exec 9>"$cache_root/.build.lock"
flock 9
if [[ -x "$dest/etcd" && -x "$dest/kube-apiserver" ]]; then
  printf '%s\n' "$dest"
  exit 0
fi

work="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOWORK=off CGO_ENABLED=0
staging_version="v0.${K8S_VERSION#1.}"

build_etcd() {
  local dir="$work/etcd"
  mkdir -p "$dir"
  cat >"$dir/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$dir" && go mod init pve-operator.local/etcd >/dev/null 2>&1 \
    && go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >/dev/null \
    && go mod tidy >/dev/null \
    && go build -trimpath -o "$work/out/etcd" .)
}

build_kube_apiserver() {
  local dir="$work/kube-apiserver"
  mkdir -p "$dir"
  (cd "$dir" && go mod init pve-operator.local/kube-apiserver >/dev/null 2>&1)
  # k8s.io/kubernetes points its staging modules at ./staging, which a dependent module cannot
  # use; replace each with the published module of the matching version.
  local gomod
  gomod="$(cd "$dir" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk '{print $1}' | sort -u | while read -r module; do
    (cd "$dir" && go mod edit -replace "$module=$module@$staging_version")
  done
  (cd "$dir" && go mod edit -require "k8s.io/kubernetes@v$K8S_VERSION")
  cat >"$dir/tools.go" <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
  local major="${K8S_VERSION%%.*}" minor
  minor="$(cut -d. -f2 <<<"$K8S_VERSION")"
  local pkg=k8s.io/component-base/version
  (cd "$dir" && go mod tidy >/dev/null \
    && go build -trimpath -ldflags "-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean" \
      -o "$work/out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)
}

mkdir -p "$work/out"
log "building etcd v$ETCD_VERSION and kube-apiserver v$K8S_VERSION into $dest (once per machine)"
start=$SECONDS
build_etcd
log "etcd built ($((SECONDS - start)) s)"
build_kube_apiserver
log "kube-apiserver built ($((SECONDS - start)) s)"
rm -rf "$dest"
mv "$work/out" "$dest"
printf '%s\n' "$dest"
