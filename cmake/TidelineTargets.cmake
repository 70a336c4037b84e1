# Helpers shared by every layer: one interface target carries the compile options,
# tideline_add_library() globs a layer's sources, tideline_add_gtest() registers a test.

add_library(tideline_options INTERFACE)
target_compile_options(tideline_options INTERFACE
  -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
target_include_directories(tideline_options INTERFACE ${CMAKE_SOURCE_DIR})
# Qt's `emit`/`signals`/`slots` macros collide with engine names (EmitClause emit): the Qt
# layers write Q_EMIT, Q_SIGNALS and Q_SLOTS instead.
target_compile_definitions(tideline_options INTERFACE QT_NO_KEYWORDS)
# Sanitizers (scripts/sanitize.sh): "address" = AddressSanitizer + UndefinedBehaviorSanitizer,
# "thread" = ThreadSanitizer. UB aborts the test instead of printing and going on.
# TIDELINE_FUZZ adds coverage instrumentation everywhere, so the fuzzers see into every layer.
if(TIDELINE_SANITIZE STREQUAL "thread")
  set(tideline_sanitizers -fsanitize=thread)
elseif(TIDELINE_SANITIZE OR TIDELINE_FUZZ)
  set(tideline_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # vptr checks need RTTI of every class across libraries: Qt's are not built with it.
    list(APPEND tideline_sanitizers -fno-sanitize=vptr)
  endif()
endif()
if(tideline_sanitizers)
  target_compile_options(tideline_options INTERFACE ${tideline_sanitizers} -fno-omit-frame-pointer)
  target_link_options(tideline_options INTERFACE ${tideline_sanitizers})
endif()
if(TIDELINE_FUZZ)
  target_compile_options(tideline_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# tideline_add_library(NAME DIR <dir>... [DEPS ...])
# Every .cpp below the DIRs belongs to the library; a new file needs no CMake edit.
# A folder with no sources yet gives an empty library (an empty placeholder file).
function(tideline_add_library name)
  cmake_parse_arguments(ARG "" "" "DIR;DEPS;EXCLUDE" ${ARGN})
  set(srcs "")
  foreach(d ${ARG_DIR})
    file(GLOB_RECURSE s CONFIGURE_DEPENDS ${d}/*.cpp ${d}/*.h)
    list(APPEND srcs ${s})
  endforeach()
  foreach(x ${ARG_EXCLUDE}) # files another library of the folder builds
    list(FILTER srcs EXCLUDE REGEX "/${x}$")
  endforeach()
  if(NOT srcs MATCHES "\\.cpp")
    set(stub ${CMAKE_CURRENT_BINARY_DIR}/${name}_empty.cpp)
    file(WRITE ${stub} "// ${name} has no sources yet\n")
    list(APPEND srcs ${stub})
  endif()
  add_library(${name} STATIC ${srcs})
  target_link_libraries(${name} PUBLIC tideline_options ${ARG_DEPS})
endfunction()

# tideline_add_gtest(NAME SOURCES ... LIBS ... [LABELS ...])
function(tideline_add_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    LABELS "${ARG_LABELS}"
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;TIDELINE_SOURCE_DIR=${CMAKE_SOURCE_DIR};TIDELINE_BIN_DIR=${CMAKE_BINARY_DIR}/bin"
    TIMEOUT 600)
endfunction()
