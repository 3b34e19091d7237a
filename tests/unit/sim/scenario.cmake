# Scenario parser and state file, without the rest of the bench.
sd_unit_test(sim_test_scenario SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_scenario.c
             ${PROJECT_SOURCE_DIR}/sim/bench/scenario.c
             ${PROJECT_SOURCE_DIR}/sim/bench/state.c)
target_include_directories(sim_test_scenario PRIVATE ${PROJECT_SOURCE_DIR}/sim)
target_link_libraries(sim_test_scenario PRIVATE PkgConfig::JANSSON)
target_compile_definitions(sim_test_scenario PRIVATE
  SIM_SCENARIO_DIR="${PROJECT_SOURCE_DIR}/sim/scenarios")
