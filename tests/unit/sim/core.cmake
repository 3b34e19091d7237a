# sim/cpu: the Cortex-M core on Unicorn, tested on its own over test
# regions (flash-like CPU_RO, RAM, one register block), with the real
# clock.c for sim_stats; no chip, DAP or probe.
file(GLOB SIM_CPU_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/cpu/*.c)
sd_unit_test(sim_test_core
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_core.c ${SIM_CPU_SOURCES}
          ${PROJECT_SOURCE_DIR}/sim/clock.c)
target_include_directories(sim_test_core PRIVATE ${PROJECT_SOURCE_DIR}/sim)
target_link_libraries(sim_test_core PRIVATE PkgConfig::UNICORN)
