# Installing Hoist, and the CMake package find_package(Hoist) loads:
#
#   <prefix>/bin/hoist, <prefix>/bin/hoist-cc
#   <prefix>/include/hoist/...                  the runtime's headers
#   <prefix>/lib/libhoist_runtime.a
#   <prefix>/lib/cmake/Hoist/HoistConfig.cmake, HoistConfigVersion.cmake,
#       HoistTargets*.cmake (Hoist::runtime, Hoist::hoist, Hoist::hoist-cc),
#       HoistFunctions.cmake (hoist_target_sources)
#
# The same package is written into the build tree (<build>/HoistConfig.cmake),
# so that a project can use a build of Hoist without installing it.
# The tool finds the runtime's headers at <its dir>/../include, so bin and
# include stay siblings.
include(CMakePackageConfigHelpers)

set(HOIST_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/Hoist"
    CACHE STRING "Where the CMake package goes, under the prefix")

install(TARGETS hoist_runtime EXPORT HoistTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/hoist
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT HoistTargets
  NAMESPACE Hoist::
  DESTINATION ${HOIST_INSTALL_CMAKEDIR})
export(EXPORT HoistTargets
  NAMESPACE Hoist::
  FILE ${PROJECT_BINARY_DIR}/HoistTargets.cmake)

write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/HoistConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)

# The installed config, and the build tree's.
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/HoistConfig.cmake.in
  ${PROJECT_BINARY_DIR}/CMakeFiles/HoistPackage/HoistConfig.cmake
  INSTALL_DESTINATION ${HOIST_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/HoistConfig.cmake.in
  ${PROJECT_BINARY_DIR}/HoistConfig.cmake
  INSTALL_DESTINATION ${PROJECT_BINARY_DIR}
  INSTALL_PREFIX ${PROJECT_BINARY_DIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/HoistFunctions.cmake
  ${PROJECT_BINARY_DIR}/HoistFunctions.cmake COPYONLY)

install(FILES
  ${PROJECT_BINARY_DIR}/CMakeFiles/HoistPackage/HoistConfig.cmake
  ${PROJECT_BINARY_DIR}/HoistConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/HoistFunctions.cmake
  DESTINATION ${HOIST_INSTALL_CMAKEDIR})
