#!/usr/bin/env bash
# Make this machine ready to run dockerlab: a Docker engine that answers, optionally the
# gVisor runtime, and the sandbox image. Idempotent: when everything is present it only
# looks (well under two seconds). Without an image registry it builds the images from
# Debian packages. See deploy/README.md.
#
#   deploy/setup.sh [--with-gvisor] [--with-test-tools]
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=docker-in-sandbox.sh
source "$(dirname "${BASH_SOURCE[0]}")/docker-in-sandbox.sh"

BASE_IMAGE=dockerlab/debian:bookworm
SANDBOX_IMAGE=${DOCKERLAB_SANDBOX_IMAGE:-dockerlab/sandbox:latest}
SANDBOX_DIR="$DEPLOY_DIR/sandbox"
HASH_LABEL=dockerlab.build-hash
REGISTRY_BASE=debian:bookworm-slim
DEBIAN_MIRROR=${DOCKERLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DOCKERLAB_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
DAEMON_JSON=/etc/docker/daemon.json
DOCKERD_LOG=/var/log/dockerlab-dockerd.log
RUNSC_ARG=--network=host
ENGINE_WAIT_SECONDS=30

usage() {
    cat <<EOF
Usage: deploy/setup.sh [--with-gvisor] [--with-test-tools]

Makes sure a Docker engine answers and that the images $BASE_IMAGE and
$SANDBOX_IMAGE exist and are current; installs what is missing when run as root
on Debian or Ubuntu.

  --with-gvisor      also install gVisor (runsc) and register it with the engine
                     (same as DOCKERLAB_SANDBOX_RUNTIME=runsc)
  --with-test-tools  also install what the test suite uses: chromium, chromium-driver, fonts-noto-cjk, nodejs,
                     and gVisor when this script can set it up
EOF
}

# --- Docker engine ----------------------------------------------------------------------

engine_answers() { docker info >/dev/null 2>&1; }
engine_version() { docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'; }
DOCKERD_PIDFILE=${DOCKERD_PIDFILE:-/var/run/docker.pid}

# local_dockerd_pid: the pid of this machine's own dockerd, never a learner's. A
# Docker-enabled sandbox runs a rootless dockerd of its own, visible to `pidof` on the host;
# signalling it would do nothing for the host's engine and disturb a learner. So: the pid
# file the host's dockerd writes, else the one dockerd that shares this shell's pid and user
# namespaces (a sandbox's engine lives in the sandbox's own namespaces).
local_dockerd_pid() {
    local pid
    if [ -r "$DOCKERD_PIDFILE" ]; then
        pid=$(tr -dc '0-9' <"$DOCKERD_PIDFILE")
        if [ -n "$pid" ] && is_host_dockerd "$pid"; then
            echo "$pid"
            return 0
        fi
    fi
    for pid in $(pgrep -x dockerd 2>/dev/null); do
        if is_host_dockerd "$pid"; then
            echo "$pid"
            return 0
        fi
    done
}

# is_host_dockerd PID: PID is a dockerd in this shell's own pid and user namespaces.
is_host_dockerd() {
    local pid=$1 ns
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
    for ns in pid user; do
        [ "$(readlink "/proc/$pid/ns/$ns" 2>/dev/null)" = "$(readlink "/proc/self/ns/$ns")" ] || return 1
    done
}

# The CLI is pointed somewhere else than the local socket (DOCKER_HOST, or a context):
# then this script must never start or reconfigure a local dockerd.
engine_is_remote() {
    [ -n "${DOCKER_HOST-}" ] && return 0
    [ -n "${DOCKER_CONTEXT-}" ] && [ "$DOCKER_CONTEXT" != default ] && return 0
    local context
    context=$(docker context show 2>/dev/null || echo default)
    [ "$context" != default ]
}

engine_target() {
    if [ -n "${DOCKER_HOST-}" ]; then echo "DOCKER_HOST=$DOCKER_HOST"; else echo "Docker context $(docker context show 2>/dev/null)"; fi
}

ensure_engine() {
    if ! command -v docker >/dev/null 2>&1; then
        can_install || die "Start a Docker engine (docker info must work) or run this script as root on Debian/Ubuntu so it can install docker.io."
        say "Installing Docker (Debian's docker.io; first time only)"
        apt_install docker.io ca-certificates iptables cgroupfs-mount
    fi
    if engine_answers; then
        say "Docker engine $(engine_version) answers"
        return 0
    fi
    if engine_is_remote; then
        die "The Docker engine at $(engine_target) does not answer (docker info fails): start it, or unset DOCKER_HOST to use a local engine."
    fi
    if ! can_install; then
        local why
        why=$(docker info 2>&1 || true)
        if [[ $why == *"ermission denied"* ]]; then
            die "A Docker engine runs but $(id -un) may not use it: add yourself to the docker group (usermod -aG docker $(id -un), then log in again) or run this script as root."
        fi
        die "Start a Docker engine (docker info must work) or run this script as root on Debian/Ubuntu so it can install docker.io."
    fi

    if ! command -v dockerd >/dev/null 2>&1; then
        say "Installing Docker (Debian's docker.io; first time only)"
        apt_install docker.io ca-certificates iptables cgroupfs-mount
    fi
    ensure_cgroups
    write_daemon_json_if_absent

    if [ -n "$(local_dockerd_pid)" ]; then
        say "dockerd runs but does not answer yet; waiting up to ${ENGINE_WAIT_SECONDS} s"
    else
        start_dockerd
    fi
    wait_for_engine "$ENGINE_WAIT_SECONDS" || {
        tail -n 15 "$DOCKERD_LOG" >&2 2>/dev/null || true
        die "dockerd did not answer within ${ENGINE_WAIT_SECONDS} s: read $DOCKERD_LOG (last lines above), fix the cause, then run this script again."
    }
    say "Docker engine $(engine_version) answers"
}

# dockerd needs the cgroup controllers mounted; machines without an init system (this kind
# of VM, some containers) may not have them. cgroupfs-mount does nothing when they are.
ensure_cgroups() {
    grep -qE '^[^ ]+ [^ ]+ cgroup2? ' /proc/mounts && return 0
    command -v cgroupfs-mount >/dev/null 2>&1 || apt_install cgroupfs-mount
    say "Mounting the cgroup controllers (cgroupfs-mount)"
    cgroupfs-mount || die "Mounting cgroups failed: mount the cgroup controllers under /sys/fs/cgroup, then run this script again."
}

write_daemon_json_if_absent() {
    [ -e "$DAEMON_JSON" ] && return 0
    mkdir -p "$(dirname "$DAEMON_JSON")"
    if [ -x /usr/bin/runsc ]; then
        say "Writing $DAEMON_JSON (registers gVisor as runtime \"runsc\")"
        printf '{"runtimes":{"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["%s"]}}}\n' "$RUNSC_ARG" >"$DAEMON_JSON"
    fi
}

# Start dockerd detached from this script: its own session, no terminal, no inherited file
# descriptors (an inherited pipe would keep a CI log or `| tee` open forever).
start_dockerd() {
    CHANGED=1
    say "Starting dockerd in the background (log: $DOCKERD_LOG)"
    (
        for fd in "/proc/$BASHPID/fd/"*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-"
        done
        exec setsid nohup dockerd </dev/null >>"$DOCKERD_LOG" 2>&1
    ) &
}

# wait_for_engine SECONDS: until `docker info` works; gives up early when dockerd has died.
wait_for_engine() {
    local started=$SECONDS deadline=$((SECONDS + $1))
    until engine_answers; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        if [ $((SECONDS - started)) -ge 3 ] && [ -z "$(local_dockerd_pid)" ]; then
            return 1
        fi
        sleep 0.5
    done
}

# --- gVisor -----------------------------------------------------------------------------

engine_has_runsc() {
    docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}' 2>/dev/null | tr ' ' '\n' | grep -qx runsc
}

# gvisor_unavailable required|optional SENTENCE: stop, or only warn when gVisor is optional.
gvisor_unavailable() {
    [ "$1" = required ] && die "$2"
    warn "$2 (tests that need gVisor will be skipped)"
}

# ensure_gvisor required|optional: gVisor installed and registered as runtime "runsc" with
# the engine. "optional" (test tools) warns instead of failing where it cannot be done.
ensure_gvisor() {
    local need=$1
    if engine_has_runsc; then
        say "gVisor runtime runsc is registered with the engine"
        return 0
    fi
    if engine_is_remote; then
        gvisor_unavailable "$need" "The engine at $(engine_target) has no runsc runtime: install gVisor there and register it in its daemon.json (see deploy/README.md)."
        return 0
    fi
    if ! can_install; then
        gvisor_unavailable "$need" "gVisor is not registered with the Docker engine: run this script as root on Debian/Ubuntu, or install runsc and add it under \"runtimes\" in $DAEMON_JSON yourself."
        return 0
    fi
    [ -x /usr/bin/runsc ] || apt_install runsc
    merge_runsc_into_daemon_json

    local pid
    pid=$(local_dockerd_pid)
    if [ -z "$pid" ]; then
        gvisor_unavailable "$need" "The Docker engine answers but no local dockerd runs, so it cannot be told to load $DAEMON_JSON: register runsc with that engine yourself."
        return 0
    fi
    CHANGED=1
    say "Reloading dockerd's configuration (SIGHUP) to load the runsc runtime"
    kill -HUP "$pid"
    local deadline=$((SECONDS + 10))
    until engine_has_runsc; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            gvisor_unavailable "$need" "dockerd did not load the runsc runtime from $DAEMON_JSON: check that file and the end of the dockerd log, then restart dockerd."
            return 0
        fi
        sleep 0.5
    done
    say "gVisor runtime runsc is registered with the engine"
}

# The JSON tool for daemon.json: jq, else python3 (one of them is on most machines).
json_tool() {
    if command -v jq >/dev/null 2>&1; then echo jq; elif command -v python3 >/dev/null 2>&1; then echo python3; fi
}

# json_same FILE1 FILE2: both hold the same JSON value (key order and layout aside).
json_same() {
    if [ "$(json_tool)" = jq ]; then
        [ "$(jq -cS . "$1")" = "$(jq -cS . "$2")" ]
    else
        python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); sys.exit(a != b)' "$1" "$2"
    fi
}

# Add runtime "runsc" to daemon.json without disturbing anything else an operator put there:
# keep other keys and runtimes; an existing runsc entry keeps its arguments and only gets
# --network=host when it names no network mode at all. The file is rewritten only when its
# meaning changes, and the previous version is kept beside it.
merge_runsc_into_daemon_json() {
    mkdir -p "$(dirname "$DAEMON_JSON")"
    if [ ! -s "$DAEMON_JSON" ]; then
        say "Writing $DAEMON_JSON (registers gVisor as runtime \"runsc\")"
        printf '{"runtimes":{"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["%s"]}}}\n' "$RUNSC_ARG" >"$DAEMON_JSON"
        return 0
    fi
    [ -n "$(json_tool)" ] || apt_install jq
    local merged
    merged=$(mktemp "$DAEMON_JSON.XXXXXX")
    if [ "$(json_tool)" = jq ]; then
        jq --arg arg "$RUNSC_ARG" '
            .runtimes.runsc = (.runtimes.runsc // {path: "/usr/bin/runsc"})
            | .runtimes.runsc.runtimeArgs = (.runtimes.runsc.runtimeArgs // [])
            | if any(.runtimes.runsc.runtimeArgs[]; startswith("--network"))
              then . else .runtimes.runsc.runtimeArgs += [$arg] end' \
            "$DAEMON_JSON" >"$merged"
    else
        python3 - "$DAEMON_JSON" "$RUNSC_ARG" >"$merged" <<'PY'
import json, sys
path, arg = sys.argv[1], sys.argv[2]
with open(path) as f:
    config = json.load(f)
runsc = config.setdefault("runtimes", {}).setdefault("runsc", {"path": "/usr/bin/runsc"})
args = runsc.setdefault("runtimeArgs", [])
if not any(a.startswith("--network") for a in args):
    args.append(arg)
json.dump(config, sys.stdout, indent=2)
print()
PY
    fi || {
        rm -f "$merged"
        die "$DAEMON_JSON is not valid JSON: fix it (or move it away), then run this script again."
    }
    if json_same "$merged" "$DAEMON_JSON"; then
        rm -f "$merged"
        return 0
    fi
    say "Adding the runsc runtime to $DAEMON_JSON (previous version kept as $DAEMON_JSON.bak)"
    cp -p "$DAEMON_JSON" "$DAEMON_JSON.bak"
    chmod --reference="$DAEMON_JSON" "$merged"
    mv "$merged" "$DAEMON_JSON"
}

# --- test tools -------------------------------------------------------------------------

ensure_test_tools() {
    if ! command -v node >/dev/null 2>&1; then
        # the browser code's unit tests run on Node's built-in test runner
        can_install || die "The front-end unit tests need Node.js: install it (Debian: nodejs), or run this script as root on Debian/Ubuntu."
        apt_install nodejs
    fi
    if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
        say "Chromium, chromedriver and Node.js are present"
    else
        can_install || die "The browser tests need chromium and chromedriver: install them (Debian: chromium chromium-driver), or run this script as root on Debian/Ubuntu."
        apt_install chromium chromium-driver fonts-liberation
    fi
    # Without a CJK font the Korean pages' screenshots show boxes instead of Hangul.
    if fc-list :lang=ko 2>/dev/null | grep -q .; then
        say "A Korean font is present"
        return 0
    fi
    can_install || die "The browser tests' Korean screenshots need a Korean font: install it (Debian: fonts-noto-cjk), or run this script as root on Debian/Ubuntu."
    apt_install fonts-noto-cjk
}

# --- images -----------------------------------------------------------------------------

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

ensure_base_image() {
    if image_exists "$BASE_IMAGE"; then
        say "Image $BASE_IMAGE is present"
        return 0
    fi
    CHANGED=1
    say "Building base image $BASE_IMAGE (first time)"
    # A registry, where one answers, is the quick way; where none does this fails at once.
    if timeout 20 docker pull "$REGISTRY_BASE"; then
        docker tag "$REGISTRY_BASE" "$BASE_IMAGE"
        say "Tagged $REGISTRY_BASE as $BASE_IMAGE"
        return 0
    fi
    say "No image registry answered; building $BASE_IMAGE from Debian packages (debootstrap, about a minute)"
    debootstrap_base_image
}

ROOTFS_TMP=
cleanup_rootfs() {
    [ -n "$ROOTFS_TMP" ] && [ -d "$ROOTFS_TMP" ] || return 0
    # debootstrap mounts /proc and /sys inside the target while it works; after a failure
    # they may still be there, and deleting through them would be a disaster.
    local mounts
    mounts=$(awk -v dir="$ROOTFS_TMP/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r)
    local mount
    for mount in $mounts; do umount -l "$mount" 2>/dev/null || true; done
    rm -rf --one-file-system "$ROOTFS_TMP"
    ROOTFS_TMP=
}

debootstrap_base_image() {
    is_root || die "Building $BASE_IMAGE needs root (debootstrap): run this script as root once, or load an image of Debian bookworm and tag it $BASE_IMAGE."
    if ! command -v debootstrap >/dev/null 2>&1; then
        apt_install debootstrap debian-archive-keyring
    fi
    ROOTFS_TMP=$(mktemp -d /var/tmp/dockerlab-rootfs.XXXXXX)
    trap cleanup_rootfs EXIT
    trap 'exit 130' INT TERM # so that the EXIT trap cleans up after Ctrl-C too
    local rootfs="$ROOTFS_TMP/rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" \
        || die "debootstrap failed (see above): check that $DEBIAN_MIRROR is reachable, then run this script again."
    slim_rootfs "$rootfs"
    say "Importing the root filesystem as $BASE_IMAGE"
    tar --numeric-owner -C "$rootfs" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . \
        | docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "$BASE_IMAGE" >/dev/null \
        || die "docker import of the new root filesystem failed (see above): check the engine's free disk space, then run this script again."
    cleanup_rootfs
    say "Built $BASE_IMAGE"
}

# Make the debootstrapped tree look like Debian's own slim image: apt sources with updates
# and security, no documentation, manual pages or translations (now or on later installs),
# no caches or logs.
slim_rootfs() {
    local root=$1
    cat >"$root/etc/apt/sources.list" <<EOF
deb $DEBIAN_MIRROR bookworm main
deb $DEBIAN_MIRROR bookworm-updates main
deb $DEBIAN_SECURITY_MIRROR bookworm-security main
EOF
    cat >"$root/etc/dpkg/dpkg.cfg.d/dockerlab-slim" <<'EOF'
# Like Debian's slim images: no documentation, manual pages or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
    cat >"$root/etc/apt/apt.conf.d/dockerlab-slim" <<'EOF'
// Like Debian's container images: no translated package descriptions, no kept .deb files.
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
    find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/*
    # debootstrap copied this host's resolver and name in; Docker provides both at run time.
    rm -f "$root/etc/resolv.conf" "$root/etc/hostname"
    rm -rf "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
        "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/log/apt/*
}

# sha256 over the names and contents of every file in deploy/sandbox: the image is rebuilt
# exactly when this changes (kept on the image as a label).
sandbox_hash() {
    (cd "$SANDBOX_DIR" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
}

ensure_sandbox_image() {
    [ -f "$SANDBOX_DIR/Dockerfile" ] || die "$SANDBOX_DIR/Dockerfile is missing: restore deploy/sandbox from git."
    local want have reason
    want=$(sandbox_hash)
    if image_exists "$SANDBOX_IMAGE"; then
        have=$(docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$SANDBOX_IMAGE" 2>/dev/null || true)
        if [ "$have" = "$want" ]; then
            say "Image $SANDBOX_IMAGE is present and current"
            return 0
        fi
        reason="deploy/sandbox changed, about a minute"
    else
        reason="first time, about a minute"
    fi
    CHANGED=1
    say "Building sandbox image $SANDBOX_IMAGE ($reason)"
    local old_id start
    old_id=$(docker image inspect --format '{{.Id}}' "$SANDBOX_IMAGE" 2>/dev/null || true)
    start=$(now_ms)
    BUILDKIT_PROGRESS=plain docker build \
        --build-arg "BASE=$BASE_IMAGE" \
        --label "$HASH_LABEL=$want" \
        --tag "$SANDBOX_IMAGE" \
        "$SANDBOX_DIR" \
        || die "Building $SANDBOX_IMAGE failed (see the build output above): fix deploy/sandbox/Dockerfile or the network to the Debian mirror, then run this script again."
    say "Built $SANDBOX_IMAGE in $(elapsed "$start")"
    # The compile stage's image (about 300 MB of compiler) is left untagged by the build: drop it.
    docker image prune -f --filter label=dockerlab.build-stage=shell-keeper >/dev/null 2>&1 || true
    # The previous build is now untagged; drop it unless sandboxes still run on it.
    if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$SANDBOX_IMAGE")" ]; then
        docker image rm "$old_id" >/dev/null 2>&1 || true
    fi
}

# --- main -------------------------------------------------------------------------------

main() {
    local with_gvisor="" with_test_tools="" start
    while [ $# -gt 0 ]; do
        case $1 in
            --with-gvisor) with_gvisor=1 ;;
            --with-test-tools) with_test_tools=1 ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; die "Unknown option $1: see the usage above." ;;
        esac
        shift
    done
    [ "${DOCKERLAB_SANDBOX_RUNTIME:-runc}" = runsc ] && with_gvisor=1
    start=$(now_ms)

    # One setup at a time per user (run.sh and test.sh may start together).
    if { exec 9>"${TMPDIR:-/tmp}/dockerlab-setup.$(id -u).lock"; } 2>/dev/null; then
        flock 9 || true
    fi

    ensure_engine
    if [ -n "$with_gvisor" ]; then
        ensure_gvisor required
    elif [ -n "$with_test_tools" ]; then
        ensure_gvisor optional
    fi
    [ -z "$with_test_tools" ] || ensure_test_tools
    ensure_base_image
    ensure_sandbox_image
    ensure_docker_in_sandbox
    if [ -n "$CHANGED" ]; then
        say "Ready: the Docker engine answers and $SANDBOX_IMAGE is current ($(elapsed "$start"))"
    else
        say "All present, nothing to do ($(elapsed "$start"))"
    fi
}

# Sourcing this file (to try one function) defines everything but runs nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
