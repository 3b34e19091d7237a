# The independent watchdog and the RCC reset flags of the generic STM32
# (sim/chips/mcu_iwdg.c, mcu_sysctl.c) on one part of every family, with
# the fake core and hand-driven clock of test_f4_fakes.c.
file(GLOB SIM_IWDG_CHIP_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/chips/*.c)
sd_unit_test(sim_test_iwdg
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_iwdg.c
          ${CMAKE_CURRENT_LIST_DIR}/test_f4_fakes.c
          ${SIM_IWDG_CHIP_SOURCES})
target_include_directories(sim_test_iwdg PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${CMAKE_CURRENT_LIST_DIR})

# The same with the real core (sim/cpu) and bench clock: a firmware that
# starts the watchdog and never refreshes it, and what the debugger sees
# in DHCSR (S_RESET_ST each period, under NRST, S_SLEEP, S_LOCKUP).
sd_unit_test(sim_test_iwdg_core
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_iwdg_core.c
  LIBS swdoctor_simcore)
