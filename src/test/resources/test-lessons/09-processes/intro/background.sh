#!/bin/bash
# starts a process for the learner to find; runs once per machine
echo "intro background ran" >> /tmp/intro-background-count
nohup sleep 3600 > /dev/null 2>&1 &
echo "started the sleeper"
touch /tmp/intro-ready
