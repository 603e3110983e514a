/* The PHP functions runtime-supercharger adds, and the SAPI internals they call. */
#ifndef RUNTIME_FUNCTIONS_H
#define RUNTIME_FUNCTIONS_H

#include <main/php.h>

extern zend_module_entry runtime_functions_module_entry;

void rs_sapi_borrow_known_name(void);
int rs_sapi_handle_one(zend_fcall_info *handler, zend_fcall_info_cache *handler_cache,
                       zend_fcall_info *reset, zend_fcall_info_cache *reset_cache);
void rs_sapi_finish_request(void);

#endif
