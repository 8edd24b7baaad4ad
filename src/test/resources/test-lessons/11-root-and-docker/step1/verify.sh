#!/bin/bash
[ "$(id -u)" -eq 0 ] || exit 1
grep -q "hello from root" /root/x || exit 1
[ -f /root/marker ] || exit 1
docker ps --filter name=web --format '{{.Names}}' | grep -qx web
