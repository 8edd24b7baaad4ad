#!/usr/bin/env bash
# Checks lessons the way the server reads them and prints every problem as file:line: message
# (bad front matter, an empty step, a check without a command, a missing image or translation
# key, a quiz without a right answer, a bad lessons/course.yml). Exits 1 when there is any; a
# "warning:" line (a course lesson whose folder does not exist yet) does not count. Arguments: lesson folders (default: lessons).
#   deploy/validate-lessons.sh                 # the lessons/ folder of this checkout
#   deploy/validate-lessons.sh ~/my-lessons    # another one
# It runs from the built server (target/quarkus-app); it builds it first when it is missing or older than the sources.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
    local folders=() arg
    for arg in "${@:-lessons}"; do
        # relative to where the author stands, not to the checkout
        if [ "${arg#/}" = "$arg" ] && [ -e "$arg" ]; then arg="$(cd "$arg" && pwd)"; fi
        folders+=("$arg")
    done
    cd "$REPO_ROOT"
    select_jdk >/dev/null
    # a server built before the sources changed would judge lessons by an older format
    if server_needs_build; then
        ensure_maven
        say "Building the server first (mvn package, tests skipped)"
        mvn -B -q -DskipTests package
    fi
    exec java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*" dev.dockerlab.lesson.LessonValidator "${folders[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
