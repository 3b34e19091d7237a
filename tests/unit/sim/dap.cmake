# The bench's DAP against ADIv5 with a fake chip (test_dap.c implements
# the chip.h functions the DAP calls), so it links sim/dap only.
file(GLOB SIM_DAP_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sim/dap/*.c)
sd_unit_test(sim_test_dap SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_dap.c ${SIM_DAP_SOURCES})
target_include_directories(sim_test_dap PRIVATE ${PROJECT_SOURCE_DIR}/sim)
