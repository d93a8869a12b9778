# minsense_install.cmake: `cmake --install` rules and the CMake package.
#
# Installs the libraries (static minsense, minsense_kernels, minsense_proto,
# and the shared C API libminsense_c), the C++ and C headers, the generated
# protobuf headers and the .proto files under include/minsense/, and a package
# config so that consumers can write
#
#   find_package(minsense CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE minsense::minsense)   # C++ API
#   target_link_libraries(app PRIVATE minsense::c)          # C API (shared)
#
# Included from the root CMakeLists.txt after the library targets exist.
include(CMakePackageConfigHelpers)

set(MINSENSE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/minsense)

install(TARGETS minsense minsense_kernels minsense_proto minsense_c
  EXPORT minsense-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${MINSENSE_INSTALL_INCLUDEDIR})

# Every header of pipeline/ and kernels/: the public ones include some of the
# others (pipeline.h -> ledger.h, status.h, ...), and a glob keeps the install
# right when a header is added.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/pipeline ${PROJECT_SOURCE_DIR}/kernels
  DESTINATION ${MINSENSE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
# The schemas beside their generated headers, so that one include directory
# serves both the C++ compiler and protoc (-I <prefix>/include/minsense).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/proto/minsense
  DESTINATION ${MINSENSE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.proto")
install(DIRECTORY ${PROJECT_BINARY_DIR}/proto/minsense
  DESTINATION ${MINSENSE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.pb.h")

install(EXPORT minsense-targets
  NAMESPACE minsense::
  DESTINATION ${MINSENSE_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/minsense-config.cmake.in
  ${PROJECT_BINARY_DIR}/minsense-config.cmake
  INSTALL_DESTINATION ${MINSENSE_INSTALL_CMAKEDIR}
  PATH_VARS MINSENSE_INSTALL_INCLUDEDIR)
# 0.x: a minor release may break the API, so only the same minor matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/minsense-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/minsense-config.cmake
  ${PROJECT_BINARY_DIR}/minsense-config-version.cmake
  DESTINATION ${MINSENSE_INSTALL_CMAKEDIR})
