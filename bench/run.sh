#!/usr/bin/env bash
# dockerlab's benchmark, one command: sets up what is missing (engine, image, JDK), builds the
# server when the sources are newer than the jar, and runs every figure beside its baseline.
#
#   bench/run.sh                 # everything (about 5 minutes on 2 cores)
#   bench/run.sh p2              # one figure: start, p1, p2, p3, burst, p4
#   bench/run.sh -Dbench.density=50 p4
#
# Results: printed, and written as a Markdown table to target/bench-results.md.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"

JAR=target/quarkus-app/quarkus-run.jar

main() {
    bash "$DEPLOY_DIR/setup.sh"
    cd "$REPO_ROOT"
    select_jdk
    if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src frontend -newer "$JAR" -print -quit)" ]; then
        ensure_maven
        say "Building the server (mvn package, tests skipped)"
        mvn -B -q -DskipTests package
    fi
    local props=() args=()
    for arg in "$@"; do
        case "$arg" in -D*) props+=("$arg") ;; *) args+=("$arg") ;; esac
    done
    say "Benchmarking (baselines measured in the same run)"
    # The bench is one source file, run by the java launcher against the server's own libraries.
    exec java "${props[@]}" -cp "target/quarkus-app/lib/main/*" bench/src/Bench.java "${args[@]}"
}

main "$@"
