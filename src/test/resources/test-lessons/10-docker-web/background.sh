#!/bin/bash
docker run -d --name sleeper busybox sleep 3600
touch /tmp/docker-ready
