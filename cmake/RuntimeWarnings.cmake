# Warning set shared by every project target (third-party code such as llhttp is built without it).
# CI builds with RUNTIME_WERROR=ON (.ci/run), so a new warning fails the build there.
option(RUNTIME_WERROR "Treat warnings as errors in project targets" OFF)
add_library(runtime_warnings INTERFACE)
target_compile_options(runtime_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra>
  # GCC 12 reports -Wmaybe-uninitialized falsely inside std::variant moves (decoder.cpp's
  # push_back of an event); it stays a warning.
  $<$<BOOL:${RUNTIME_WERROR}>:-Werror -Wno-error=maybe-uninitialized>)
