# `swdoctor doctor` and `swdoctor recover` end to end (doctor.sh,
# recover.sh; helpers in doctor-lib.sh), split into groups that CTest runs
# in parallel.  Label: e2e;doctor.
function(sd_doctor_e2e script group timeout)
  add_test(NAME e2e_${script}_${group}
    COMMAND ${BASH_PROGRAM} ${CMAKE_CURRENT_LIST_DIR}/${script}.sh ${group})
  set_tests_properties(e2e_${script}_${group} PROPERTIES
    LABELS "e2e;doctor"
    TIMEOUT ${timeout}
    ENVIRONMENT "SWDOCTOR=${CMAKE_BINARY_DIR}/bin/swdoctor;SWDOCTOR_SIM=${CMAKE_BINARY_DIR}/bin/swdoctor-sim;SIM_LIB=${CMAKE_BINARY_DIR}/sim/lib/libusb-1.0.so.0;FW_DIR=${CMAKE_BINARY_DIR}/firmware;WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/${script}-${group}")
endfunction()

sd_doctor_e2e(doctor probe 300)      # no probe, permissions, busy, flaky USB, old firmware, clone
sd_doctor_e2e(doctor wire 300)       # power, SWD, clock, NRST; healthy boards of four families
sd_doctor_e2e(doctor firmware 400)   # forensics: swd-off (F4, F1, L4), STOP, watchdog, lockup
sd_doctor_e2e(doctor protect 300)    # RDP 1, the combined fault, BOOT0, WRP
sd_doctor_e2e(doctor seeds 400)      # the user reports replayed (flash, then diagnose)
sd_doctor_e2e(recover pins 400)      # swd-off F407/F103/L476
sd_doctor_e2e(recover lowpower 400)  # STOP F407/L476, watchdog, lockup
sd_doctor_e2e(recover protect 400)   # RDP 1 with and without --unlock, the combined fault
sd_doctor_e2e(recover boot0 400)     # clone F103 and H747 supply: hardware step, BOOT0 twin
sd_doctor_e2e(recover hardware 300)  # NRST held low, unpowered, no NRST: hardware step
