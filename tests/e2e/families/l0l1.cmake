# STM32L0/L1 parts in the family matrix (PECR flash, erased = 0x00).
sd_family_matrix(l053r8-v2-1 "STM32L05x/L06x \\(cat\\.3\\) \\(L0 family\\), DEV_ID 0x417")
sd_family_matrix(l073rz-v2-1 "STM32L07x/L08x \\(cat\\.5\\) \\(L0 family\\), DEV_ID 0x447")
sd_family_matrix(l152re-v2 "STM32L1xx cat\\.5/cat\\.6 .*\\(L1 family\\), DEV_ID 0x437")
sd_family_matrix(l151c8-v2 "STM32L1xx cat\\.1 \\(L1 family\\), DEV_ID 0x416")
