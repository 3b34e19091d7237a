# Virtual clock and cost model: clock.c alone.
sd_unit_test(sim_test_clock SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_clock.c
             ${PROJECT_SOURCE_DIR}/sim/clock.c)
target_include_directories(sim_test_clock PRIVATE ${PROJECT_SOURCE_DIR}/sim)
