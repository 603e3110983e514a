# Debian's libphp8.2-embed has no pkg-config file: ask php-config for headers, link the library by path.
find_program(PHP_CONFIG NAMES php-config8.2 php-config REQUIRED)
execute_process(COMMAND ${PHP_CONFIG} --includes OUTPUT_VARIABLE php_includes OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${PHP_CONFIG} --version OUTPUT_VARIABLE PHP_VERSION OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${PHP_CONFIG} --extension-dir OUTPUT_VARIABLE PHP_EXTENSION_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REPLACE "-I" "" php_includes "${php_includes}")
separate_arguments(PHP_INCLUDE_DIRS UNIX_COMMAND "${php_includes}")
find_library(PHP_EMBED_LIBRARY NAMES php8.2 php PATHS /usr/lib /usr/lib/x86_64-linux-gnu REQUIRED)
add_library(php::embed UNKNOWN IMPORTED)
set_target_properties(php::embed PROPERTIES
  IMPORTED_LOCATION ${PHP_EMBED_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES "${PHP_INCLUDE_DIRS}")
message(STATUS "PHP ${PHP_VERSION}: ${PHP_EMBED_LIBRARY}")
