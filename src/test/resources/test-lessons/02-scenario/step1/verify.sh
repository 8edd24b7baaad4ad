#!/bin/bash
test -f /tmp/scenario-file
