# shellcheck shell=bash disable=SC2034 # its globals are read by the scripts that source it
# Shared by setup.sh, run.sh and test.sh (sourced, never run): messages, installing Debian
# packages, and choosing the JDK and Maven that build and run the server.

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/.." && pwd)"
SCRIPT_NAME="$(basename "$0")"

# The oldest Java the project accepts.
MIN_JAVA=21
# Preferred when JAVA_HOME is unset or too old: the JDK the project is developed with.
PREFERRED_JDK=/usr/lib/jvm/temurin-25-jdk-amd64

# --- messages ---------------------------------------------------------------------------

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf '%s: warning: %s\n' "$SCRIPT_NAME" "$*" >&2; }

# die SENTENCE: stop with one sentence that tells the reader what to do.
die() {
    printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2
    exit 1
}

# Milliseconds since the epoch, for "done in 1.2 s" lines.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
elapsed() { # elapsed START_MS -> "1.2 s"
    local ms=$(($(now_ms) - $1))
    printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100))
}

# --- installing -------------------------------------------------------------------------

is_root() { [ "$(id -u)" -eq 0 ]; }
is_debian_like() { [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }
# Only root on Debian or Ubuntu may be helped by installing packages.
can_install() { is_root && is_debian_like; }

APT_UPDATED=
CHANGED= # set by anything that changed the machine, for a closing "nothing to do" line
# apt_install PKG...: install Debian packages (without recommends, to stay small). Runs
# `apt-get update` once per script run, right before the first install that needs it.
apt_install() {
    can_install || die "Install the Debian packages $* (this script installs them itself only when run as root on Debian or Ubuntu)."
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$APT_UPDATED" ]; then
        say "Updating the package lists (apt-get update)"
        apt-get update -q || die "apt-get update failed: make sure this machine reaches its Debian package mirror, then run $SCRIPT_NAME again."
        APT_UPDATED=1
    fi
    say "Installing $*"
    CHANGED=1
    # Wait for a concurrent apt (another setup, unattended-upgrades) instead of failing.
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 "$@" \
        || die "apt-get install $* failed (see above): fix the package manager, then run $SCRIPT_NAME again."
}

# --- JDK and Maven ----------------------------------------------------------------------

# jdk_major DIR: print the major Java version of the JDK in DIR; fail when DIR holds no JDK
# (a JRE cannot build the server, so javac must be there too).
jdk_major() {
    local dir=$1 version=
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || return 1
    if [ -r "$dir/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$dir/release")
    fi
    if [ -z "$version" ]; then
        version=$("$dir/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
    fi
    version=${version#1.} # 1.8.0_402 -> 8.0_402
    version=${version%%[!0-9]*}
    [ -n "$version" ] || return 1
    echo "$version"
}

# select_jdk: export JAVA_HOME (and PATH) for a JDK >= MIN_JAVA. Order: JAVA_HOME when new
# enough, the preferred Temurin, the newest JDK under /usr/lib/jvm, the javac on PATH.
select_jdk() {
    local dir major best="" best_major=0
    if [ -n "${JAVA_HOME-}" ]; then
        if major=$(jdk_major "$JAVA_HOME") && [ "$major" -ge "$MIN_JAVA" ]; then
            best=$JAVA_HOME best_major=$major
        else
            warn "JAVA_HOME=$JAVA_HOME is not a JDK $MIN_JAVA or newer; looking for another one."
        fi
    fi
    if [ -z "$best" ] && major=$(jdk_major "$PREFERRED_JDK") && [ "$major" -ge "$MIN_JAVA" ]; then
        best=$PREFERRED_JDK best_major=$major
    fi
    if [ -z "$best" ]; then
        for dir in /usr/lib/jvm/*; do
            # Skip links such as default-java: the directories they point at are listed too.
            if [ ! -d "$dir" ] || [ -L "$dir" ]; then continue; fi
            if major=$(jdk_major "$dir") && [ "$major" -ge "$MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
                best=$dir best_major=$major
            fi
        done
    fi
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
        dir=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        if major=$(jdk_major "$dir") && [ "$major" -ge "$MIN_JAVA" ]; then
            best=$dir best_major=$major
        fi
    fi
    [ -n "$best" ] || die "No JDK $MIN_JAVA or newer found: install one (for example Temurin $MIN_JAVA) and point JAVA_HOME at it."
    export JAVA_HOME=$best JAVA_MAJOR=$best_major
    export PATH="$JAVA_HOME/bin:$PATH"
    say "Using JDK $best_major at $JAVA_HOME"
}

# ensure_maven: make `mvn` available, from Debian's maven package when it is missing.
# Call after select_jdk.
ensure_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        can_install || die "Maven is missing: install Maven 3.8 or newer so that mvn is on PATH (on Debian or Ubuntu: apt-get install maven)."
        apt_install maven
    fi
    # Maven's own libraries (Guava) use sun.misc.Unsafe, which JDK 24+ warns about on every
    # run; the option that allows it quietly does not exist before JDK 24.
    if [ "${JAVA_MAJOR:-0}" -ge 24 ] && [[ ${MAVEN_OPTS-} != *sun-misc-unsafe-memory-access* ]]; then
        export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    fi
}

# --- the built server -------------------------------------------------------------------

SERVER_JAR=target/quarkus-app/quarkus-run.jar

# Whether the jar at hand was built with OIDC sign-in (written beside it by ensure_server_built;
# a jar built by hand, without this file or newer than it, is taken as the default build, without OIDC).
SERVER_OIDC_MARK=target/quarkus-app/oidc-built

# server_oidc_wanted JAVA_OPTION...: whether this start's configuration turns OIDC sign-in on
# (quarkus.oidc.tenant-enabled), read from Quarkus' run-time sources that deploy/run.sh can see, in
# Quarkus' order: an option, the environment, ./.env, ./config/application.properties (run from
# REPO_ROOT, where the server starts). A build has OIDC only when asked: set up at every start, used
# or not, it slows the start (docs/operations.md, "Instructors").
server_oidc_wanted() {
    local arg value=""
    for arg in "$@"; do
        case "$arg" in -Dquarkus.oidc.tenant-enabled=*) value=${arg#*=} ;; esac
    done
    [ -n "$value" ] || value=${QUARKUS_OIDC_TENANT_ENABLED:-}
    [ -n "$value" ] || [ ! -f .env ] \
        || value=$(sed -nE 's/^[[:space:]]*QUARKUS_OIDC_TENANT_ENABLED[[:space:]]*=[[:space:]]*//p' .env | tail -n 1)
    [ -n "$value" ] || [ ! -f config/application.properties ] \
        || value=$(sed -nE 's/^[[:space:]]*quarkus\.oidc\.tenant-enabled[[:space:]]*[=:][[:space:]]*//p' \
            config/application.properties | tail -n 1)
    # as the configuration reads a boolean: true, 1, yes, y or on, in any case
    value=$(printf '%s' "$value" | tr -d '[:space:]"'"'" | tr '[:upper:]' '[:lower:]')
    case "$value" in true | 1 | yes | y | on) return 0 ;; *) return 1 ;; esac
}

# server_needs_build [OIDC]: the jar is missing, anything that goes into it is newer (run from
# REPO_ROOT), or it was built with OIDC and OIDC (true or false, default false) says otherwise.
# lessons/ is read at run time, so editing a lesson needs no rebuild.
server_needs_build() {
    [ -f "$SERVER_JAR" ] || return 0
    local built=false
    if [ -f "$SERVER_OIDC_MARK" ] && ! [ "$SERVER_JAR" -nt "$SERVER_OIDC_MARK" ]; then
        built=$(cat "$SERVER_OIDC_MARK")
    fi
    [ "$built" = "${1:-false}" ] || return 0
    local inputs=() path
    for path in pom.xml src frontend; do
        [ -e "$path" ] && inputs+=("$path")
    done
    [ -n "$(find "${inputs[@]}" -name node_modules -prune -o -newer "$SERVER_JAR" -print -quit)" ]
}

# ensure_server_built [JAVA_OPTION...]: build the server (mvn package, tests skipped) when
# server_needs_build says so, with OIDC sign-in when server_oidc_wanted says this start's
# configuration turns it on. Run from REPO_ROOT after select_jdk.
ensure_server_built() {
    local oidc=false
    server_oidc_wanted "$@" && oidc=true
    server_needs_build "$oidc" || return 0
    ensure_maven
    local start
    start=$(now_ms)
    if [ "$oidc" = true ]; then
        say "Building the server with OIDC sign-in, which quarkus.oidc.tenant-enabled=true asks for (mvn package, tests skipped)"
    else
        say "Building the server (mvn package, tests skipped)"
    fi
    mvn -B -q -DskipTests "-Dquarkus.oidc.enabled=$oidc" package \
        || die "The build failed (see above): fix it, or run mvn -B package to see every step."
    echo "$oidc" >"$SERVER_OIDC_MARK"
    say "Built $SERVER_JAR in $(elapsed "$start")"
}

# --- the class cache --------------------------------------------------------------------
# What a start would otherwise spend loading and linking classes, kept beside a build
# (docs/operations.md, "The JVM"). On JDK 25 and later, where the pom packages the server as an
# aot-jar, it is the JDK's AOT cache, made by one training start and stop of the built
# application; before 25, a class-data archive that the first start writes itself.

# free_port: print a TCP port nothing on this machine listens on.
free_port() {
    local port
    for port in $(shuf -i 20000-59999 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# http_answer PORT PATH: print what a local server answers for PATH, headers and body (nothing if none).
http_answer() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
        timeout 10 cat <&3
    ) 2>/dev/null || true
}

# http_status PORT PATH: print the HTTP status a local server answers for PATH (empty if none).
http_status() {
    http_answer "$1" "$2" | { read -r _ status _ && echo "$status"; } || true
}

# ensure_class_cache APP_DIR [JAVA_OPTION...]: write APP_DIR/class-cache.options, the options
# that give the application in APP_DIR (a Quarkus build) its class cache, training the AOT cache
# first when it is missing or older than the build. Run from REPO_ROOT after select_jdk; the
# options are run as  java @deploy/jvm.options @APP_DIR/class-cache.options -jar APP_DIR/quarkus-run.jar.
# JAVA_OPTION... are for the training start only (another port, instance, data folder).
ensure_class_cache() {
    local app=$1
    shift
    local jar=$app/quarkus-run.jar cache=$app/app.aot
    if [ "${JAVA_MAJOR:-0}" -ge 25 ]; then
        # a cache newer than the build was trained on it (an aot-jar): no need to look inside the jar
        if { [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ]; } && is_aot_jar "$jar"; then
            train_aot_cache "$jar" "$cache" "$@"
        fi
        if [ -f "$cache" ] && [ ! "$jar" -nt "$cache" ]; then
            # the cache holds no training (train_aot_cache): nothing for the JDK to replay at each start
            local no_replay
            read -r -a no_replay <<<"$(aot_without_training replay)"
            printf '%s\n' "-XX:AOTCache=$cache" "${no_replay[@]}" >"$app/class-cache.options"
            return 0
        fi
    fi
    printf '%s\n' -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$app/app.jsa" >"$app/class-cache.options"
}

# aot_without_training record|replay: the JDK's options that make an AOT cache without method
# profiles (record, for the training) or that skip replaying them at a start (replay); nothing
# when the JDK does not know them. Only C1 runs (deploy/jvm.options), for which the profiles
# served nothing but a replay of the training's compilations at each start, 0.3 s of CPU
# (docs/performance.md); replaying a cache without them still cost about 0.07 s of the start.
aot_without_training() {
    local flag=-XX:-AOTRecordTraining
    [ "$1" = replay ] && flag=-XX:-AOTReplayTraining
    if java -XX:+UnlockDiagnosticVMOptions "$flag" -version >/dev/null 2>&1; then
        echo -XX:+UnlockDiagnosticVMOptions "$flag"
    fi
}

# is_aot_jar JAR: the build is an aot-jar (its classes on the JDK's own class path), not a fast-jar.
is_aot_jar() {
    local dir
    dir=$(mktemp -d)
    (cd "$dir" && "$JAVA_HOME/bin/jar" xf "$REPO_ROOT/$1" META-INF/MANIFEST.MF 2>/dev/null)
    grep -q AotQuarkusEntryPoint "$dir/META-INF/MANIFEST.MF" 2>/dev/null
    local found=$?
    rm -rf "$dir"
    return $found
}

# ensure_server_class_cache: ensure_class_cache for the server; its training start is an instance
# of its own (aot-training) on a free port, its registry gate on a port of its choosing (whose
# firewall opening goes when it stops), with a throwaway data folder and no warm pool.
ensure_server_class_cache() {
    local data
    data=$(mktemp -d)
    ensure_class_cache target/quarkus-app -Ddockerlab.sandbox.instance=aot-training -Ddockerlab.docker.gate-port=0 \
        "-Ddockerlab.data-dir=$data" -Ddockerlab.sandbox.pool-size=0 -Ddockerlab.sandbox.remove-on-shutdown=true
    rm -rf "$data"
}

# train_aot_cache JAR CACHE [JAVA_OPTION...]: start JAR with the JDK recording what it loads and
# runs, wait until it is ready, ask it for a few pages, stop it; the JDK writes CACHE as it exits
# (about 20 s on 2 cores, once per build). Without a cache the server still runs, only slower.
train_aot_cache() {
    local jar=$1 cache=$2
    shift 2
    local port log pid path lesson began status=""
    began=$(now_ms)
    port=$(free_port) || { warn "No free port to train the AOT cache on; starting without it."; return 0; }
    log=$(mktemp)
    say "Training the JDK's AOT cache for $jar (one start and stop, once per build)"
    rm -f "$cache"
    # The cache keeps the classes, loaded and linked, but not the training's method profiles: with
    # C1 only (deploy/jvm.options) they serve nothing but a replay of the training's compilations
    # at each start, which compiled ahead what the start never runs hot (about 0.3 s of CPU and
    # 0.2 s to ready on 2 cores, docs/performance.md). A JDK without the switch records them.
    local no_profiles
    read -r -a no_profiles <<<"$(aot_without_training record)"
    java @"$DEPLOY_DIR/jvm.options" "${no_profiles[@]}" "-XX:AOTCacheOutput=$cache" "-Dquarkus.http.port=$port" "$@" \
        -jar "$jar" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
        status=$(http_status "$port" /q/health/ready)
        [ "$status" = 200 ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ "$status" = 200 ]; then
        # the catalog's first lesson, as a learner opens it (its page and its API answer)
        lesson=$(http_answer "$port" / | grep -o 'href="/lessons/[^"/?#]*"' | head -n 1 | cut -d'"' -f2)
        for path in / ${lesson:+"$lesson" "/api$lesson"} /q/health /q/metrics /instructor/sign-in; do
            http_status "$port" "$path" >/dev/null
        done
    fi
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ "$status" = 200 ] && [ -f "$cache" ]; then
        say "AOT cache $cache written in $(elapsed "$began")"
    else
        rm -f "$cache"
        warn "Training the AOT cache failed, so the server starts without it (slower). The training start's last lines:"
        tail -n 5 "$log" >&2
    fi
    rm -f "$log"
}
