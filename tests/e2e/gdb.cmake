# `swdoctor gdbserver` end to end with gdb-multiarch (gdb.sh; helpers in
# gdb-lib.sh), one group per test so that CTest runs them in parallel.
# Label: e2e;gdb.
function(sd_gdb_e2e group timeout)
  add_test(NAME e2e_gdb_${group}
    COMMAND ${BASH_PROGRAM} ${CMAKE_CURRENT_LIST_DIR}/gdb.sh ${group})
  set_tests_properties(e2e_gdb_${group} PROPERTIES
    LABELS "e2e;gdb"
    TIMEOUT ${timeout}
    ENVIRONMENT "SWDOCTOR=${CMAKE_BINARY_DIR}/bin/swdoctor;SWDOCTOR_SIM=${CMAKE_BINARY_DIR}/bin/swdoctor-sim;SIM_LIB=${CMAKE_BINARY_DIR}/sim/lib/libusb-1.0.so.0;FW_DIR=${CMAKE_BINARY_DIR}/firmware;WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/gdb-${group}")
endfunction()

sd_gdb_e2e(session 180)  # swdoctor: load, break, regs, memory, step, watch, Ctrl-C, reset; vs OpenOCD
sd_gdb_e2e(openocd 120)  # the same script against OpenOCD alone
sd_gdb_e2e(robust 180)   # a second client refused; bad checksum, oversized, garbage, mid-packet
sd_gdb_e2e(fault 120)    # hardfault.elf: the fault stop, monitor doctor names it
