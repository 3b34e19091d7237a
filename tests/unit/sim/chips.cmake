# sim/chips: the STM32 models, tested against their reference manuals with
# a fake core and a hand-driven clock (test_f4_fakes.c) in place of
# sim/cpu and sim/clock.c, so the chip is tested on its own.
file(GLOB SIM_CHIP_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/chips/*.c)
sd_unit_test(sim_test_f4
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_f4.c
          ${CMAKE_CURRENT_LIST_DIR}/test_f4_fakes.c
          ${SIM_CHIP_SOURCES})
target_include_directories(sim_test_f4 PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${CMAKE_CURRENT_LIST_DIR})

# The same model with the real core (sim/cpu on Unicorn) and bench clock:
# small hand-assembled firmwares take the SWD pins, sleep in STOP, run a
# flash loader from SRAM.
sd_unit_test(sim_test_f4_core
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_f4_core.c
  LIBS swdoctor_simcore)

# The STM32F7 parts (F2/F4/F7 flash interface on a Cortex-M7) with the
# same fakes: geometry in single- and dual-bank mode, OPTCR1 boot address.
sd_unit_test(sim_test_mcu_f7
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_mcu_f7.c
          ${CMAKE_CURRENT_LIST_DIR}/test_f4_fakes.c
          ${SIM_CHIP_SOURCES})
target_include_directories(sim_test_mcu_f7 PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${CMAKE_CURRENT_LIST_DIR})

# The generic shell (sim/chips/mcu*.c) with a made-up controller plug-in
# and made-up layouts (F1-style AFIO, register-file RCC/PWR, APB DBGMCU,
# AP routes, second core).
sd_unit_test(sim_test_mcu
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_mcu.c
          ${CMAKE_CURRENT_LIST_DIR}/test_f4_fakes.c
          ${SIM_CHIP_SOURCES})
target_include_directories(sim_test_mcu PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${CMAKE_CURRENT_LIST_DIR})
