#!/usr/bin/env bash
# Set up whatever is missing and run the server: the Docker engine and sandbox image
# (setup.sh), a JDK 21+, Maven, a build when the sources are newer than the jar. Arguments
# go to java before -jar, e.g.  deploy/run.sh -Dquarkus.http.port=9090
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAR=target/quarkus-app/quarkus-run.jar

# The jar is stale when anything that goes into it is newer. lessons/ is read at run time,
# so editing a lesson needs no rebuild.
needs_build() {
    [ -f "$JAR" ] || return 0
    local inputs=() path
    for path in pom.xml src frontend; do
        [ -e "$path" ] && inputs+=("$path")
    done
    [ -n "$(find "${inputs[@]}" -name node_modules -prune -o -newer "$JAR" -print -quit)" ]
}

main() {
    bash "$DEPLOY_DIR/setup.sh"
    cd "$REPO_ROOT"
    select_jdk
    if needs_build; then
        ensure_maven
        local start
        start=$(now_ms)
        say "Building the server (mvn package, tests skipped)"
        mvn -B -q -DskipTests package || die "The build failed (see above): fix it, or run mvn -B package to see every step."
        say "Built $JAR in $(elapsed "$start")"
    fi
    say "Starting the server: java $* -jar $JAR"
    exec java "$@" -jar "$JAR"
}

# Sourcing this file (to try one function) defines everything but runs nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
