#!/usr/bin/env bash
# `make bench`: every benchmark, in the bench's virtual time.
set -euo pipefail
here=$(dirname "$0")
"$here/flash.sh" "${1:-build}"
