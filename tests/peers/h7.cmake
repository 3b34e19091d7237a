# STM32H7 peers (bench: sim/chips/fc_h7*.c, h7_pwr.c; scenarios h7*.json).
sd_peer_test(h7-openocd 120)       # OpenOCD program+verify on H743/H747/H723/H7A3, H747 APs
sd_peer_test(h7-st-flash 120)      # st-flash write/read on H743 and H7A3
sd_peer_test(h7-supply-lock 60)    # PWR_CR3 mismatch kills the debug port until power-off
