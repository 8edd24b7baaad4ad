#!/bin/bash
# done when the learner kept the error that writing into the image gives
grep -q "Read-only file system" ~/error.txt
