# STM32F7 (F2/F4/F7 flash interface, Cortex-M7) against OpenOCD's stm32f2x
# driver (target/stm32f7x.cfg) and st-flash 1.7 on the bench
# (scenarios sim/scenarios/f767zi-v3.json, f746zg-v2-1.json).
sd_peer_test(f7-peers 120)         # OpenOCD program+verify F767/F746, st-flash write/read F746
