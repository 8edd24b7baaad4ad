#!/bin/bash
touch /tmp/step2-background
