# The learner's own Docker engine (rootless, started on first use by `docker`).
export XDG_RUNTIME_DIR=/run/user/1000
export DOCKER_HOST=unix:///run/user/1000/docker.sock
