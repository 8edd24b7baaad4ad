#!/bin/bash
test -f /tmp/stopped-it && ! pgrep -f "sleep 3000"
