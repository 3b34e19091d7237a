# swdoctor-sim, the launcher: scenario checking, usage errors, and virtual
# time in a host that never touches USB (coreutils `sleep 30` must return
# at once on the bench).
set(SIM_LAUNCHER_SCENARIO_DIR ${PROJECT_SOURCE_DIR}/sim/scenarios)
file(GLOB SIM_LAUNCHER_SCENARIOS ${SIM_LAUNCHER_SCENARIO_DIR}/*.json)

add_test(NAME sim_launcher_check
         COMMAND swdoctor-sim check ${SIM_LAUNCHER_SCENARIOS})
set_tests_properties(sim_launcher_check PROPERTIES LABELS unit TIMEOUT 60)

add_test(NAME sim_launcher_usage_exit_2
         COMMAND sh -c "\"$0\" run; test $? -eq 2" $<TARGET_FILE:swdoctor-sim>)
set_tests_properties(sim_launcher_usage_exit_2 PROPERTIES LABELS unit TIMEOUT 30)

file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/sim-bad-nrst.json
     "{\"board\": {\"part\": \"STM32F407VG\", \"nrst\": \"loose\"}}\n")
add_test(NAME sim_launcher_check_names_key
         COMMAND swdoctor-sim check ${CMAKE_CURRENT_BINARY_DIR}/sim-bad-nrst.json)
set_tests_properties(sim_launcher_check_names_key PROPERTIES LABELS unit TIMEOUT 30
  WILL_FAIL FALSE
  PASS_REGULAR_EXPRESSION "board\\.nrst: expected one of \"wired\", \"unconnected\", \"stuck_low\"")

# Preloading a sanitized library into an uninstrumented host cannot work.
if(NOT SWDOCTOR_SANITIZE)
  add_test(NAME sim_launcher_virtual_sleep
           COMMAND swdoctor-sim run ${SIM_LAUNCHER_SCENARIO_DIR}/f407-v2.json -- sleep 30)
  set_tests_properties(sim_launcher_virtual_sleep PROPERTIES LABELS unit TIMEOUT 10)
endif()
