# googletest for wasm32, compiled in-project from Debian's googletest sources
# (/usr/src/googletest): no threads, exceptions or stream redirection there.
# Defines GTest::gtest and GTest::gtest_main as find_package(GTest) does.
set(XQNN_GTEST_SOURCE_DIR /usr/src/googletest/googletest CACHE PATH "googletest sources (Debian package googletest)")
add_library(xqnn_gtest STATIC ${XQNN_GTEST_SOURCE_DIR}/src/gtest-all.cc)
target_include_directories(xqnn_gtest SYSTEM PUBLIC ${XQNN_GTEST_SOURCE_DIR}/include)
target_include_directories(xqnn_gtest PRIVATE ${XQNN_GTEST_SOURCE_DIR})
target_compile_definitions(xqnn_gtest PUBLIC
  GTEST_HAS_PTHREAD=0 GTEST_HAS_STREAM_REDIRECTION=0 GTEST_HAS_EXCEPTIONS=0)
target_compile_options(xqnn_gtest PUBLIC -fno-exceptions)
add_library(xqnn_gtest_main STATIC ${XQNN_GTEST_SOURCE_DIR}/src/gtest_main.cc)
target_link_libraries(xqnn_gtest_main PUBLIC xqnn_gtest)
add_library(GTest::gtest ALIAS xqnn_gtest)
add_library(GTest::gtest_main ALIAS xqnn_gtest_main)
