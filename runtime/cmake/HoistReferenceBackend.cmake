# hoist_add_reference_executable(<name> SOURCES <files>... [LIBS <targets>...])
#
# Builds <name> from async sources as C++20 coroutines (the reference backend)
# with clang++ 19, linked against hoist_runtime. If the project's own compiler
# is clang >= 19 this is an ordinary target; otherwise the sources are
# compiled by a custom command that calls clang++-19 and links the runtime
# built by the project's compiler (both use the same libstdc++ ABI). g++-12
# is never used for coroutines: it miscompiles parts of the input language.
#
# Sets HOIST_REFERENCE_<name> to the path of the executable and defines the
# target <name> (a custom target in the second case), or sets
# HOIST_REFERENCE_BACKEND_AVAILABLE to FALSE when no clang++-19 is found.
find_program(HOIST_CLANGXX19 NAMES clang++-19 DOC "clang++ 19 for the C++20 reference backend")

if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND
   CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 19)
  set(HOIST_REFERENCE_BACKEND_MODE native)
elseif(HOIST_CLANGXX19)
  set(HOIST_REFERENCE_BACKEND_MODE command)
else()
  set(HOIST_REFERENCE_BACKEND_MODE none)
  message(STATUS "Hoist: no clang++-19; reference-backend tests and examples are skipped")
endif()

function(hoist_add_reference_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;INCLUDES" ${ARGN})
  if(HOIST_REFERENCE_BACKEND_MODE STREQUAL "native")
    add_executable(${name} ${ARG_SOURCES})
    target_compile_features(${name} PRIVATE cxx_std_20)
    target_compile_options(${name} PRIVATE -Wall -Wextra -Werror -O1 -g1)
    target_include_directories(${name} PRIVATE ${ARG_INCLUDES})
    target_link_libraries(${name} PRIVATE hoist_runtime ${ARG_LIBS})
    set(HOIST_REFERENCE_${name} $<TARGET_FILE:${name}> PARENT_SCOPE)
  elseif(HOIST_REFERENCE_BACKEND_MODE STREQUAL "command")
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${name}.bin)
    set(srcs)
    foreach(s ${ARG_SOURCES})
      get_filename_component(abs ${s} ABSOLUTE)
      list(APPEND srcs ${abs})
    endforeach()
    set(incs -I${PROJECT_SOURCE_DIR}/runtime/include)
    foreach(i ${ARG_INCLUDES})
      list(APPEND incs -I${i})
    endforeach()
    set(libs $<TARGET_FILE:hoist_runtime>)
    set(deps hoist_runtime)
    foreach(l ${ARG_LIBS})
      # Imported GoogleTest targets: their include directories and archives.
      list(APPEND incs "-I$<JOIN:$<TARGET_PROPERTY:${l},INTERFACE_INCLUDE_DIRECTORIES>,;-I>")
      list(PREPEND libs $<TARGET_FILE:${l}>)
    endforeach()
    file(GLOB_RECURSE runtime_headers CONFIGURE_DEPENDS
         ${PROJECT_SOURCE_DIR}/runtime/include/*.hpp)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${HOIST_CLANGXX19} -std=c++20 -O1 -g1 -Wall -Wextra -Werror
              ${incs} ${srcs} ${libs} -pthread -o ${out}
      DEPENDS ${srcs} ${deps} ${runtime_headers}
      COMMAND_EXPAND_LISTS
      COMMENT "Building ${name} (C++20 reference backend, clang++-19)"
      VERBATIM)
    add_custom_target(${name} ALL DEPENDS ${out})
    set(HOIST_REFERENCE_${name} ${out} PARENT_SCOPE)
  endif()
endfunction()
