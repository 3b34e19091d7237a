#!/usr/bin/env bash
# `make bench`: throughput in the bench's virtual time, next to OpenOCD and st-flash.
set -euo pipefail
build=${1:-build}
echo "bench: no benchmark yet (bench/flash arrives with the flash path)"
