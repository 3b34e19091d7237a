# STM32L5/U5, TrustZone off (scenarios sim/scenarios/l552ze-v3, u585ai-v3):
# OpenOCD's stm32l4x driver with stm32l5x.cfg / stm32u5x.cfg, and what
# stlink-tools 1.7 can do with them (identify only; no L5/U5 flash support).
sd_peer_test(l5u5-openocd 120)     # program+verify L552ZE (hla) and U585AI (dap); lock/unlock erases
sd_peer_test(l5u5-st-info 60)      # st-info --probe ids; st-flash 1.7 "unknown chip id"
