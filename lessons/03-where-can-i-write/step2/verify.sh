#!/bin/bash
test -s /tmp/mine.txt
