#!/usr/bin/env bash
# Makes a fresh Debian/Ubuntu machine ready to build and run dfdetect's images, as CI needs it:
#   - installs the Docker engine, mmdebstrap and docker-compose (v1) when they are missing;
#   - starts dockerd when no engine answers (its log in target/dockerd.log; it is left running for the
#     test run, and its pid written to target/dockerd.pid);
#   - makes the base image the Dockerfile names (debian:trixie-slim) from Debian's own packages with
#     mmdebstrap + `docker import` when it is not there and cannot be pulled (no registry reachable).
# Safe to run again: each step does nothing when its work is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

base_image=${DFDETECT_BASE_IMAGE:-debian:trixie-slim}
debian_mirror=${DFDETECT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

say() { echo "docker-setup: $*"; }

# --- packages ---------------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- the engine -------------------------------------------------------------------------------------
# Nothing starts dockerd on a fresh CI machine (no systemd there); started here, it keeps running after
# this script so that the builds and the tests can use it.
docker_answers() { timeout 20 docker info >/dev/null 2>&1; }
if ! docker_answers; then
    mkdir -p target
    say "no Docker engine answers: starting dockerd (log: target/dockerd.log)"
    "${as_root[@]}" sh -c 'nohup dockerd >"$1" 2>&1 & echo $! >"$2"' sh "$PWD/target/dockerd.log" "$PWD/target/dockerd.pid"
    for _ in $(seq 1 60); do
        docker_answers && break
        sleep 1
    done
    if ! docker_answers; then
        say "dockerd did not answer within 60 s; its log:"
        tail -n 40 target/dockerd.log >&2 || true
        exit 1
    fi
    # A non-root CI user reaches the socket dockerd created for root.
    [ "$(id -u)" -eq 0 ] || "${as_root[@]}" chmod 666 /var/run/docker.sock
fi
say "engine $(docker version --format '{{.Server.Version}}') answers"

# --- the base image ---------------------------------------------------------------------------------
if docker image inspect "$base_image" >/dev/null 2>&1; then
    say "$base_image is there"
elif timeout 120 docker pull -q "$base_image" >/dev/null 2>&1; then
    say "pulled $base_image"
else
    # No registry: the same distribution made from Debian's packages. minbase is what the -slim images
    # hold (dpkg, apt, the essential set); ca-certificates for apt over https later.
    suite=${base_image##*:}
    suite=${suite%-slim}
    tarball=$(mktemp --suffix=.tar)
    say "$base_image cannot be pulled: making it from Debian's packages ($suite, $debian_mirror)"
    "${as_root[@]}" mmdebstrap --quiet --variant=minbase --include=ca-certificates "$suite" "$tarball" "$debian_mirror"
    docker import "$tarball" "$base_image" >/dev/null
    "${as_root[@]}" rm -f "$tarball"
    say "imported $base_image"
fi
