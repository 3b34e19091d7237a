#!/usr/bin/env bash
# `make demo`: the main job on the virtual bench, as a user would type it.
set -uo pipefail
build=${1:-build}
sd=$build/bin/swdoctor
sim=$build/bin/swdoctor-sim
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say swdoctor --version
"$sd" --version
say swdoctor help flash
"$sd" help flash | head -20
if [ -x "$sim" ] && [ -f sim/scenarios/f407-v2.json ]; then
  say "swdoctor-sim run sim/scenarios/f407-v2.json -- st-info --probe"
  "$sim" run sim/scenarios/f407-v2.json -- st-info --probe
fi
