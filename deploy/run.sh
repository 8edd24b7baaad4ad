#!/usr/bin/env bash
# Set up whatever is missing and run the server: the Docker engine and sandbox image
# (setup.sh), a JDK 21+, Maven, a build when the sources are newer than the jar (with OIDC sign-in
# when the configuration turns it on). Arguments go to java before -jar, e.g.
# deploy/run.sh -Dquarkus.http.port=9090
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    bash "$DEPLOY_DIR/setup.sh"
    cd "$REPO_ROOT"
    select_jdk
    ensure_server_built "$@"
    # The JVM's options (deploy/jvm.options): the quick compiler only and one GC thread; then the
    # class cache of this build (the JDK's AOT cache, trained once per build on JDK 25 and later).
    # Each saves part of the start (docs/operations.md, "The JVM").
    ensure_server_class_cache
    say "Starting the server: java @deploy/jvm.options @target/quarkus-app/class-cache.options $* -jar $SERVER_JAR"
    exec java @deploy/jvm.options @target/quarkus-app/class-cache.options "$@" -jar "$SERVER_JAR"
}

# Sourcing this file (to try one function) defines everything but runs nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
