# Sourced by setup.sh (after lib.sh): what Docker inside the sandboxes needs on the host.
#   - /dev/net/tun usable by the learner (the inner engine's network, slirp4netns)
#   - loop devices: each Docker-enabled sandbox's storage is a file system of its own on one
#     (dockerlab.docker.storage-size, docs/operations.md)
#   - the Docker-enabled sandbox image (deploy/sandbox-docker)
#   - two registries (deploy/registry): "dockerlab-registry" serves the lesson images and is
#     the inner engines' mirror; "dockerlab-registry-push" keeps what learners push. Both are
#     published on 127.0.0.1 only: sandboxes reach them through the dockerlab server, which
#     allows reads and, for each learner, writes under their own name only.
#   - the lesson images (deploy/images), built from Debian packages and pushed to the first
#     registry ("machine", root scenarios' machine, is built from the two sandbox images)
#     registry under the names lessons use (deploy/images/tags); with DOCKERLAB_REGISTRY_UPSTREAM
#     set, that registry is a pull-through cache of it instead.
#   - the lesson images' store: a volume holding the data root of a rootless engine that pulled
#     every lesson image once. The server mounts it read-only into each Docker-enabled sandbox,
#     whose engine starts with its layers and so pulls nothing but manifests
#     (deploy/sandbox-docker/dockerlab-engine, docs/architecture.md).
# Each step only looks when everything is there and current. See deploy/README.md.

DOCKER_SANDBOX_IMAGE=${DOCKERLAB_DOCKER_IMAGE:-dockerlab/sandbox-docker:latest}
DOCKER_SANDBOX_DIR="$DEPLOY_DIR/sandbox-docker"
REGISTRY_IMAGE=dockerlab/registry:latest
REGISTRY_DIR="$DEPLOY_DIR/registry"
IMAGES_DIR="$DEPLOY_DIR/images"
REGISTRY_PORT=${DOCKERLAB_REGISTRY_PORT:-5000}
PUSH_REGISTRY_PORT=${DOCKERLAB_PUSH_REGISTRY_PORT:-5001}
REGISTRY_UPSTREAM=${DOCKERLAB_REGISTRY_UPSTREAM:-}
MANIFEST_V2=application/vnd.docker.distribution.manifest.v2+json
# A registry's memory ceiling: a class pulling at once holds a buffer per blob it streams, and
# 256 MiB was killed (out of memory) by 100 engines pulling nginx together.
# In bytes, as the engine reports it back (HostConfig.Memory): a container made with another
# ceiling is replaced.
REGISTRY_MEMORY_BYTES=$((1024 * 1024 * 1024))

# dir_hash DIR [EXTRA]: sha256 over the names and contents of DIR's files (and EXTRA, such as
# the id of the image it builds on); kept on the image as a label so it is rebuilt exactly
# when something changed.
dir_hash() {
    { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); echo "${2-}"; } | sha256sum | cut -c1-64
}

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# build_current IMAGE DIR BASE WHAT [DOCKER]: build IMAGE from DIR (FROM BASE, and DOCKER as the
# build argument of that name when given) unless it is current.
build_current() {
    local image=$1 dir=$2 base=$3 what=$4 docker_image=${5-} want have old_id start args=()
    want=$(dir_hash "$dir" "$(image_id "$base")${docker_image:+ $(image_id "$docker_image")}")
    [ -z "$docker_image" ] || args=(--build-arg "DOCKER=$docker_image")
    have=$(docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$image" 2>/dev/null || true)
    if [ "$have" = "$want" ]; then
        return 0
    fi
    CHANGED=1
    say "Building $what $image"
    old_id=$(image_id "$image")
    start=$(now_ms)
    local output
    if ! output=$(docker build --build-arg "BASE=$base" "${args[@]}" --label "$HASH_LABEL=$want" --tag "$image" "$dir" 2>&1); then
        printf '%s\n' "$output" | tail -n 30 >&2
        die "Building $image failed (see above): fix $dir/Dockerfile or the network to the Debian mirror, then run this script again."
    fi
    say "Built $image in $(elapsed "$start")"
    if [ -n "$old_id" ] && [ "$old_id" != "$(image_id "$image")" ]; then
        docker image rm "$old_id" >/dev/null 2>&1 || true
    fi
}

# The inner engine's network (slirp4netns) opens /dev/net/tun as the learner. Debian's udev
# makes it 0666; machines without udev leave it 0600, which only root could open.
ensure_tun_device() {
    if engine_is_remote; then
        return 0
    fi
    if [ ! -c /dev/net/tun ]; then
        is_root || die "/dev/net/tun is missing: load the tun module (modprobe tun) as root, then run this script again."
        modprobe tun 2>/dev/null || true
        if [ ! -c /dev/net/tun ]; then
            mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200 \
                || die "/dev/net/tun is missing and could not be made: load the tun module (modprobe tun), then run this script again."
        fi
    fi
    if [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
        is_root || die "/dev/net/tun is mode $(stat -c %a /dev/net/tun): make it 0666 as root (chmod 0666 /dev/net/tun), then run this script again."
        CHANGED=1
        say "Making /dev/net/tun usable by unprivileged users (0666, as Debian's udev does)"
        chmod 0666 /dev/net/tun
    fi
}

# The server gives each Docker-enabled sandbox's engine a file system of its own, on a loop
# device (the kernel caps what the learner stores). The kernel adds loop devices as they are
# needed once its loop driver is there; /dev/loop-control says it is.
ensure_loop_devices() {
    if engine_is_remote || [ -c /dev/loop-control ]; then
        return 0
    fi
    is_root || die "/dev/loop-control is missing: load the loop module as root (modprobe loop), then run this script again."
    modprobe loop 2>/dev/null || true
    [ -c /dev/loop-control ] \
        || die "/dev/loop-control is missing and the loop module does not load: Docker-enabled sandboxes need loop devices for their storage (or set dockerlab.docker.storage-size=0 for no cap, docs/operations.md)."
    CHANGED=1
    say "Loaded the loop module (the storage of Docker-enabled sandboxes)"
}

ensure_docker_sandbox_image() {
    build_current "$DOCKER_SANDBOX_IMAGE" "$DOCKER_SANDBOX_DIR" "$SANDBOX_IMAGE" "Docker-enabled sandbox image"
    say "Image $DOCKER_SANDBOX_IMAGE is present and current"
}

registry_answers() { curl -fsS --max-time 2 "http://127.0.0.1:$1/v2/" >/dev/null 2>&1; }

# ensure_registry NAME PORT [proxy]: the registry container NAME, running the current
# registry image, published on 127.0.0.1:PORT, its storage in volume NAME-data.
ensure_registry() {
    local name=$1 port=$2 mode=${3-} volume="$1-data" current running env=()
    if [ "$mode" = proxy ] && [ -n "$REGISTRY_UPSTREAM" ]; then
        env=(-e "REGISTRY_PROXY_REMOTEURL=$REGISTRY_UPSTREAM")
    fi
    current=$(docker container inspect --format '{{.Image}} {{index .Config.Labels "dockerlab.upstream"}} {{.HostConfig.Memory}}' "$name" 2>/dev/null || true)
    if [ -n "$current" ] && [ "$current" != "$(image_id "$REGISTRY_IMAGE") $REGISTRY_UPSTREAM $REGISTRY_MEMORY_BYTES" ]; then
        say "Replacing $name (its image, upstream or memory limit changed; the stored images stay in volume $volume)"
        docker rm -f "$name" >/dev/null
        current=
    fi
    if [ -z "$current" ]; then
        CHANGED=1
        docker volume inspect "$volume" >/dev/null 2>&1 || docker volume create \
            --label dockerlab.managed=true --label dockerlab.learner=shared --label dockerlab.role=registry \
            "$volume" >/dev/null
        say "Starting $name on 127.0.0.1:$port"
        docker run -d --name "$name" --restart unless-stopped \
            --label dockerlab.managed=true --label dockerlab.learner=shared --label dockerlab.role=registry \
            --label "dockerlab.upstream=$REGISTRY_UPSTREAM" \
            --cap-drop ALL --security-opt no-new-privileges --read-only --memory "$REGISTRY_MEMORY_BYTES" --pids-limit 256 \
            --log-opt max-size=1m --log-opt max-file=1 \
            -p "127.0.0.1:$port:5000" -v "$volume:/var/lib/docker-registry" "${env[@]}" \
            "$REGISTRY_IMAGE" >/dev/null \
            || die "Starting $name failed (see above): is port $port taken? Set DOCKERLAB_REGISTRY_PORT / DOCKERLAB_PUSH_REGISTRY_PORT to free ports, then run this script again."
    else
        running=$(docker container inspect --format '{{.State.Running}}' "$name")
        if [ "$running" != true ]; then
            CHANGED=1
            say "Starting $name"
            docker start "$name" >/dev/null
        fi
    fi
    local deadline=$((SECONDS + 20))
    until registry_answers "$port"; do
        [ "$SECONDS" -lt "$deadline" ] || die "The registry $name does not answer on 127.0.0.1:$port: read docker logs $name, then run this script again."
        sleep 0.2
    done
}

# config digest the registry holds for NAME:TAG (empty when it has none)
registry_config_digest() {
    curl -fsS --max-time 5 -H "Accept: $MANIFEST_V2" "http://127.0.0.1:$REGISTRY_PORT/v2/library/$1/manifests/$2" 2>/dev/null \
        | tr -d ' \n' | sed -n 's/.*"config":{[^}]*"digest":"\([^"]*\)".*/\1/p'
}

# Every lesson image built (when its folder changed) and in the registry under each of its names.
ensure_lesson_images() {
    if [ -n "$REGISTRY_UPSTREAM" ]; then
        say "Lesson images come from $REGISTRY_UPSTREAM through the registry's cache"
        return 0
    fi
    local dir names image name repo tag id pushed=0
    while read -r dir names; do
        case $dir in '' | '#'*) continue ;; esac
        if [ "$dir" = debian ]; then
            image=$BASE_IMAGE
        elif [ "$dir" = machine ]; then
            # the sandbox's own Debian and tools, with the docker CLI of the Docker-enabled image
            image="dockerlab/lesson-machine:latest"
            build_current "$image" "$IMAGES_DIR/$dir" "$SANDBOX_IMAGE" "root scenarios' machine image" \
                "$DOCKER_SANDBOX_IMAGE"
        else
            image="dockerlab/lesson-$dir:latest"
            build_current "$image" "$IMAGES_DIR/$dir" "$BASE_IMAGE" "lesson image"
        fi
        id=$(image_id "$image")
        for name in $names; do
            repo=${name%%:*} tag=${name#*:}
            if [ "$(registry_config_digest "$repo" "$tag")" = "$id" ]; then
                continue
            fi
            CHANGED=1
            docker tag "$image" "127.0.0.1:$REGISTRY_PORT/library/$repo:$tag"
            docker push -q "127.0.0.1:$REGISTRY_PORT/library/$repo:$tag" >/dev/null \
                || die "Pushing $name to the registry on 127.0.0.1:$REGISTRY_PORT failed (see above): read docker logs dockerlab-registry, then run this script again."
            docker rmi "127.0.0.1:$REGISTRY_PORT/library/$repo:$tag" >/dev/null 2>&1 || true
            pushed=$((pushed + 1))
        done
    done <"$IMAGES_DIR/tags"
    if [ "$pushed" -gt 0 ]; then
        say "Pushed $pushed lesson image name(s) to the registry"
    else
        say "Lesson images are in the registry and current"
    fi
}

STORE_ROLE=lesson-image-store
STORE_PREFIX=dockerlab-lesson-images-

# The lesson images' names the store pulls: every name in deploy/images/tags but the root
# scenarios' machine, which runs on the host's engine, never inside a sandbox.
store_names() {
    local dir names
    while read -r dir names; do
        case $dir in '' | '#'* | machine) continue ;; esac
        printf '%s\n' $names
    done <"$IMAGES_DIR/tags"
}

# The store's key: what the registry holds under those names, and the engine that pulled them
# (its data root's layout is that engine's).
store_key() {
    local name
    {
        echo "store format 4: data root and seed, every layer committed"
        image_id "$DOCKER_SANDBOX_IMAGE"
        for name in $(store_names); do
            printf '%s %s\n' "$name" "$(registry_config_digest "${name%%:*}" "${name#*:}")"
        done
    } | sha256sum | cut -c1-16
}

# The store of the current lesson images, made once: a rootless engine in a Docker-enabled
# sandbox, set as sandboxes are (the server's Docker profile: docs/security.md), pulls every
# lesson image into a volume, stops, and marks the volume complete. It reaches the registry from
# inside the registry container's network (rootlesskit's network cannot reach the host's
# loopback). Stores of earlier lesson images go once no sandbox mounts them.
ensure_lesson_image_store() {
    local key volume registry_ip start
    key=$(store_key)
    volume="$STORE_PREFIX$key"
    if [ "$(docker volume inspect --format '{{index .Labels "dockerlab.lesson-images.complete"}}' "$volume" 2>/dev/null)" = true ]; then
        remove_old_stores "$volume"
        say "The lesson images' store is current ($volume)"
        return 0
    fi
    CHANGED=1
    start=$(now_ms)
    say "Filling the lesson images' store $volume (every lesson image pulled once, about 15 s)"
    docker volume rm "$volume" >/dev/null 2>&1 || true
    docker volume rm "$volume-partial" >/dev/null 2>&1 || true
    registry_ip=$(docker container inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' dockerlab-registry | cut -d' ' -f1)
    [ -n "$registry_ip" ] || die "The registry dockerlab-registry has no address on a network: read docker logs dockerlab-registry, then run this script again."
    docker volume create --label dockerlab.managed=true --label dockerlab.learner=shared \
        --label "dockerlab.role=$STORE_ROLE-partial" "$volume-partial" >/dev/null
    # shellcheck disable=SC2016 # expanded by the builder's shell
    if ! docker run --rm --name "dockerlab-lesson-images-build-$key" --network container:dockerlab-registry \
        --label dockerlab.managed=true --label dockerlab.learner=shared --label "dockerlab.role=$STORE_ROLE-build" \
        --cap-drop ALL --cap-add SETUID --cap-add SETGID --cap-add SYS_CHROOT \
        --security-opt "seccomp=$REPO_ROOT/src/main/resources/sandbox/docker-seccomp.json" \
        --security-opt systempaths=unconfined --device /dev/net/tun \
        --tmpfs /run/user/1000:rw,exec,nosuid,nodev,size=64m,uid=1000,gid=1000,mode=0700 \
        --memory 1g --pids-limit 1024 -e "DOCKERLAB_REGISTRY=$registry_ip:5000" \
        -v "$volume-partial:/var/lib/dockerlab" "$DOCKER_SANDBOX_IMAGE" sh -c '
            set -e
            dockerlab-engine ensure
            for name in "$@"; do docker pull -q "$name" >/dev/null; done
            dockerlab-engine stop
            while pgrep -x dockerd >/dev/null; do sleep 0.1; done
            dockerlab-engine skeleton /var/lib/dockerlab/docker /var/lib/dockerlab/seed' builder $(store_names); then
        docker volume rm "$volume-partial" >/dev/null 2>&1 || true
        die "Filling the lesson images' store failed (see above): read docker logs dockerlab-registry, then run this script again."
    fi
    move_store "$volume-partial" "$volume"
    remove_old_stores "$volume"
    say "Filled the lesson images' store in $(elapsed "$start")"
}

# move_store FROM TO: TO is made complete in one step (a label, which the server looks for,
# beside the time it was made: the newest store wins) with FROM's content, copied as root with owners, modes and extended attributes (the layers'
# overlay attributes) kept; FROM is removed.
move_store() {
    docker volume create --label dockerlab.managed=true --label dockerlab.learner=shared \
        --label "dockerlab.role=$STORE_ROLE" --label dockerlab.lesson-images.complete=true \
        --label "dockerlab.lesson-images.made=$(date +%s)" "$2" >/dev/null
    docker run --rm --network none --cap-drop ALL --cap-add CHOWN --cap-add FOWNER --cap-add DAC_OVERRIDE \
        --cap-add DAC_READ_SEARCH --cap-add FSETID --cap-add MKNOD --cap-add SETFCAP --user 0 \
        -v "$1:/from:ro" -v "$2:/to" "$DOCKER_SANDBOX_IMAGE" \
        cp -R --no-dereference --preserve=mode,ownership,timestamps,links,xattr /from/docker /from/seed /to/ \
        || { docker volume rm "$2" >/dev/null 2>&1; die "Copying the lesson images' store failed (see above); run this script again."; }
    docker volume rm "$1" >/dev/null
}

# Stores of other lesson images: removed unless a sandbox still mounts one (docker refuses).
remove_old_stores() {
    local old
    for old in $(docker volume ls -q --filter "label=dockerlab.role=$STORE_ROLE"); do
        [ "$old" = "$1" ] || docker volume rm "$old" >/dev/null 2>&1 || true
    done
}

ensure_docker_in_sandbox() {
    command -v curl >/dev/null 2>&1 || apt_install curl
    ensure_tun_device
    ensure_loop_devices
    ensure_docker_sandbox_image
    build_current "$REGISTRY_IMAGE" "$REGISTRY_DIR" "$BASE_IMAGE" "registry image"
    ensure_registry dockerlab-registry "$REGISTRY_PORT" proxy
    ensure_registry dockerlab-registry-push "$PUSH_REGISTRY_PORT"
    ensure_lesson_images
    ensure_lesson_image_store
}
