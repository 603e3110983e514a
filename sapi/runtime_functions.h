/* The PHP functions runtime-supercharger adds, and the SAPI internals they call. */
#ifndef RUNTIME_FUNCTIONS_H
#define RUNTIME_FUNCTIONS_H

#include <main/php.h>

#include "runtime_sapi.h"

extern zend_module_entry runtime_functions_module_entry;

void rs_sapi_borrow_known_name(void);
int rs_sapi_handle_one(zend_fcall_info *handler, zend_fcall_info_cache *handler_cache,
                       zend_fcall_info *reset, zend_fcall_info_cache *reset_cache);
void rs_sapi_finish_request(void);
/* 1 when the interim response left: a request is in flight and its head was not sent yet. */
int rs_sapi_send_early_hints(const rs_sapi_pair *headers, size_t count);
/* The request being served, or NULL (for getallheaders()). */
const struct rs_sapi_request *rs_sapi_current_request(void);
/* 1 when the worker option is set to a true value ("1", "true", "on", "yes"). */
int rs_php_option_enabled(const char *name);

#endif
