#!/usr/bin/env bash
# `make bench`: every benchmark, in the bench's virtual time.  Runs them
# all, then fails if any failed.
set -uo pipefail
here=$(dirname "$0")
rc=0
"$here/flash.sh" "${1:-build}" || rc=1
echo
"$here/families.sh" "${1:-build}" || rc=1
echo
"$here/doctor.sh" "${1:-build}" || rc=1
exit $rc
