# L4-class peers (L4, L4+, G0, G4, WB, WL, C0): OpenOCD with each family's
# target file, st-flash where stlink-tools 1.7 knows the part.
sd_peer_test(l4-openocd 120)
sd_peer_test(l4-st-flash 120)
