# Warning set shared by every project target (third-party code such as llhttp is built without it).
add_library(runtime_warnings INTERFACE)
target_compile_options(runtime_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra>)
