# F0/F1/F3 peers (flash controller sim/chips/fc_f1*.c): OpenOCD with
# stm32f1x/f0x/f3x.cfg, OpenOCD's stm32f1x lock/unlock, st-flash.
sd_peer_test(f0f1f3-openocd 120)   # program+verify on 5 scenarios (V2, V2-1), XL bank 2
sd_peer_test(f0f1f3-rdp 120)       # stm32f1x lock -> RDP 1, unlock -> mass erase, RDP 0
sd_peer_test(f0f1f3-st-flash 120)  # st-flash write/read on the same parts
