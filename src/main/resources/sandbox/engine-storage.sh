# The Docker-enabled sandboxes' own file systems, on the engine's host: one ext4 file system in
# a sparse file per sandbox, on a loop device, so the kernel caps what the learner's engine
# stores. The server runs this in a one-shot container (root, every capability dropped, only the
# loop devices reachable) with dockerlab.docker.storage-dir at /storage and the instance's name
# in DOCKERLAB_INSTANCE (a directory of its own); the engine mounts
# the loop device as the sandbox's volume (sandbox/EngineStorage.java, docs/security.md).
#
#   attach NAME BYTES   a fresh file system of BYTES for sandbox NAME; prints its loop device
#   check NAME DEVICE   exit 0 when DEVICE holds NAME's file system
#   release NAME...     detach and delete these sandboxes' file systems
#   list                the sandboxes that have one
set -eu
mkdir -p "/storage/$DOCKERLAB_INSTANCE"
cd "/storage/$DOCKERLAB_INSTANCE"

# A device still mounted is only marked to detach itself at its last unmount (the kernel's
# autoclear), so this is safe while a sandbox is being removed.
detach() {
    for device in $(losetup --noheadings --output NAME --associated "$1" 2>/dev/null); do
        losetup --detach "$device" || true
    done
}

command=$1
shift
case "$command" in
    attach)
        detach "$1.img"
        rm -f "$1.img"
        truncate --size "$2" "$1.img"
        chmod 0600 "$1.img"
        # -m 0: the learner is not root, so blocks reserved for root would be space they never get.
        # Lazy init: the journal and inode tables are not zeroed now (a fresh 2 GiB file system
        # takes 1 MiB of the host's disk, not 66); the file system never outlives a crash anyway.
        mkfs.ext4 -q -F -m 0 -E root_owner=1000:1000,lazy_itable_init=1,lazy_journal_init=1 "$1.img"
        # direct I/O: the file's pages are not cached a second time beside the file system's own
        losetup --find --show --direct-io=on "$1.img"
        ;;
    check)
        losetup --noheadings --output NAME --associated "$1.img" | grep -qx "$2"
        ;;
    release)
        for name in "$@"; do
            detach "$name.img"
            rm -f "$name.img"
        done
        # an instance with nothing left leaves no directory behind (test runs make many)
        cd /storage && rmdir "$DOCKERLAB_INSTANCE" 2>/dev/null || true
        ;;
    list)
        for file in *.img; do
            if [ -e "$file" ]; then echo "${file%.img}"; fi
        done
        ;;
    *)
        echo "usage: engine-storage attach NAME BYTES | check NAME DEVICE | release NAME... | list" >&2
        exit 2
        ;;
esac
