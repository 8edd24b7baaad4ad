#!/usr/bin/env bash
# dockerlab's benchmark, one command: sets up what is missing (engine, image, JDK), builds the
# server when the sources are newer than the jar, and runs every figure beside its baseline.
#
#   bench/run.sh                 # everything (about 5 minutes on 2 cores)
#   bench/run.sh p2              # one figure: start, p1, p2, p3, burst, p4, panel, browser, group
#   bench/run.sh -Dbench.density=50 p4
#
# Results: printed, and written as a Markdown table to target/bench-results.md.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib.sh"

main() {
    bash "$DEPLOY_DIR/setup.sh"
    cd "$REPO_ROOT"
    select_jdk
    ensure_server_built
    # P5's baseline: a bare Quarkus application of the same version (bench/bare)
    if [ ! -f bench/bare/target/quarkus-app/quarkus-run.jar ] || [ -n "$(find bench/bare/pom.xml bench/bare/src -newer bench/bare/target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
        ensure_maven
        say "Building the bare Quarkus baseline (bench/bare)"
        mvn -B -q -DskipTests -f bench/bare/pom.xml package
    fi
    # Both start as deploy/run.sh starts the server: with the class cache of their build (on JDK 25
    # and later the JDK's AOT cache, trained once per build; docs/operations.md, "The JVM").
    ensure_server_class_cache
    ensure_class_cache bench/bare/target/quarkus-app
    local props=() args=()
    for arg in "$@"; do
        case "$arg" in -D*) props+=("$arg") ;; *) args+=("$arg") ;; esac
    done
    # The bench reuses the server's own classes (its engine, hardening, keeper frames): it is
    # compiled against the packaged server and its libraries, and runs beside them.
    local cp="target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*"
    # The browser figure drives Chromium through Selenium, a test dependency: its jars (and what
    # they need) from the local Maven repository, after the server's own libraries.
    if [ ! -s target/bench-selenium.classpath ] || [ pom.xml -nt target/bench-selenium.classpath ]; then
        ensure_maven
        mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-test.classpath
        tr ':' '\n' < target/bench-test.classpath \
            | grep -E '/(seleniumhq|opentelemetry|bytebuddy|jspecify|guava)/' | paste -sd: > target/bench-selenium.classpath
    fi
    cp="$cp:$(cat target/bench-selenium.classpath)"
    say "Compiling the bench (bench/src)"
    rm -rf target/bench-classes
    javac -nowarn -d target/bench-classes -cp "$cp" bench/src/*.java \
        || die "The bench does not compile against the server (see above): fix bench/src, or the server class it uses."
    say "Benchmarking (baselines measured in the same run)"
    # the server's classes log through JBoss LogManager, as they do in the server
    exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager "${props[@]}" \
        -cp "target/bench-classes:$cp" Bench "${args[@]}"
}

main "$@"
