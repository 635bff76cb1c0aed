# compare.cmake: runs one program and compares its standard output, byte for
# byte, with a golden file; also checks the exit status. ctest runs it for the
# lint corpus (tests/corpus/load) and for beneath-play results (tests/golden).
#
#   cmake -DPROGRAM=exe -DARGS="a|b|c" -DWORKDIR=dir -DEXPECTED=file
#         -DEXPECT_RC=n -DACTUAL=file [-DPATHS_FILE=f -DPATH_NAME=best]
#         -P compare.cmake
#
# ARGS is '|'-separated (ctest would split a ';' list). With PATHS_FILE, the
# argument @CHOICES@ is replaced by the ids on the line "PATH_NAME: ids" of
# that file, so a scenario's paths file stays the one place they are written.
# Set BENEATH_UPDATE_GOLDEN=1 in the environment to rewrite EXPECTED instead
# of comparing (then review the change with git diff before committing).

foreach(var PROGRAM WORKDIR EXPECTED EXPECT_RC ACTUAL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compare.cmake: ${var} is not set")
  endif()
endforeach()

string(REPLACE "|" ";" args "${ARGS}")

if(DEFINED PATHS_FILE)
  file(STRINGS "${PATHS_FILE}" lines REGEX "^${PATH_NAME}:")
  list(LENGTH lines n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "${PATHS_FILE}: expected one line starting \"${PATH_NAME}:\", found ${n}")
  endif()
  string(REGEX REPLACE "^${PATH_NAME}:[ \t]*" "" choices "${lines}")
  string(STRIP "${choices}" choices)
  string(REGEX REPLACE "[ \t]*,[ \t]*" "," choices "${choices}")
  string(REGEX REPLACE "[ \t]+" "," choices "${choices}")
  list(TRANSFORM args REPLACE "@CHOICES@" "${choices}")
endif()

execute_process(COMMAND "${PROGRAM}" ${args}
                WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE out
                ERROR_VARIABLE err
                RESULT_VARIABLE rc)

file(WRITE "${ACTUAL}" "${out}")

if("$ENV{BENEATH_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE "${EXPECTED}" "${out}")
  message(STATUS "updated ${EXPECTED}")
  return()
endif()

if(NOT EXISTS "${EXPECTED}")
  message(FATAL_ERROR "missing golden file ${EXPECTED}; the output was written to ${ACTUAL}")
endif()
file(READ "${EXPECTED}" want)

set(failed FALSE)
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  message(SEND_ERROR "exit status ${rc}, expected ${EXPECT_RC}\nstderr:\n${err}")
  set(failed TRUE)
endif()
if(NOT "${out}" STREQUAL "${want}")
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND "${DIFF}" -u "${EXPECTED}" "${ACTUAL}" OUTPUT_VARIABLE delta)
  else()
    set(delta "expected:\n${want}\nactual:\n${out}")
  endif()
  message(SEND_ERROR "output differs from ${EXPECTED}:\n${delta}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "golden comparison failed (actual output: ${ACTUAL})")
endif()
