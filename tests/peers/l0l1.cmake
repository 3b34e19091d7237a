# STM32L0/L1 (PECR flash, erased = 0x00) against OpenOCD's stm32lx driver
# and st-flash 1.7 on the bench (scenarios sim/scenarios/l0*, l1*).
sd_peer_test(l0l1-openocd 120)     # program+verify L053/L073/L152RE, RDP regression mass erase
sd_peer_test(l0l1-st-flash 120)    # st-flash write/read L053, L073, L151C8
