#!/bin/bash
test -x ~/greet.sh && grep -q "hello from an asset" ~/greeting.txt && test -f /tmp/step2-background
