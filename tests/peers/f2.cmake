# STM32F2 (Cortex-M3, the F2/F4 flash interface) against OpenOCD's
# target/stm32f2x.cfg and st-flash 1.7 (scenario sim/scenarios/f207zg-v2.json).
sd_peer_test(f2-peers 120)         # OpenOCD program+verify F207ZG, st-flash write/read
