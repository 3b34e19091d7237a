# The bench's world and the drop-in libusb over fake boards/probes
# (fake_probe_board.c), so they are tested before the real models land.
set(SIM_WORLD_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/fake_probe_board.c
  ${PROJECT_SOURCE_DIR}/sim/clock.c
  ${PROJECT_SOURCE_DIR}/sim/bench/scenario.c
  ${PROJECT_SOURCE_DIR}/sim/bench/state.c
  ${PROJECT_SOURCE_DIR}/sim/bench/world.c
  ${PROJECT_SOURCE_DIR}/sim/bench/env.c)
sd_unit_test(sim_test_world SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_world.c
             ${SIM_WORLD_TEST_SOURCES})
target_include_directories(sim_test_world PRIVATE ${PROJECT_SOURCE_DIR}/sim)
target_link_libraries(sim_test_world PRIVATE PkgConfig::JANSSON)

file(GLOB SIM_LIBUSB_TEST_SOURCES ${PROJECT_SOURCE_DIR}/sim/libusb/*.c)
sd_unit_test(sim_test_libusb SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_libusb.c
             ${SIM_WORLD_TEST_SOURCES} ${SIM_LIBUSB_TEST_SOURCES})
target_include_directories(sim_test_libusb PRIVATE ${PROJECT_SOURCE_DIR}/sim
                           ${LIBUSB_INCLUDE_DIRS})
target_link_libraries(sim_test_libusb PRIVATE PkgConfig::JANSSON ${CMAKE_DL_LIBS} pthread)
