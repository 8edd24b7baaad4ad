#!/bin/sh
echo admin
