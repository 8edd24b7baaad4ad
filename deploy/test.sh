#!/usr/bin/env bash
# Set up everything the test suite needs and run it: setup.sh --with-test-tools (Docker
# engine, sandbox image, chromium and chromedriver, gVisor where possible), a JDK 21+,
# Maven, then `mvn -B verify -Pheavy`. Arguments go to Maven, e.g.  deploy/test.sh -Dtest=LessonTest
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    bash "$DEPLOY_DIR/setup.sh" --with-test-tools
    cd "$REPO_ROOT"
    select_jdk
    ensure_maven
    # -Pheavy: the attack cases that take minutes run too (a plain `mvn verify` skips them)
    say "Running the whole test suite: mvn -B verify -Pheavy $*"
    exec mvn -B verify -Pheavy "$@"
}

# Sourcing this file (to try one function) defines everything but runs nothing.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
