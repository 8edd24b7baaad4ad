#!/bin/bash
docker ps -a --format '{{.Names}}' | grep -qx sleeper && exit 1
exit 0
