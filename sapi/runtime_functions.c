/*
 * PHP functions of the worker:
 *   runtime_supercharger_handle_request(callable $handler, ?callable $reset = null): bool
 *       waits for the next HTTP request, populates the superglobals, runs $handler, sends the
 *       response, runs $reset, cleans up; false when the worker must stop.
 *   fastcgi_finish_request(): bool
 *       sends the response now (Symfony calls it after Response::send()); terminate listeners
 *       and the reset then run after the client has its answer, as under php-fpm.
 *   runtime_supercharger_options(): array
 *       the worker's options (entry, warmup hooks...) as strings.
 *   getallheaders(): array (alias apache_request_headers())
 *       the request's headers, named as the client sent them in HTTP/1 form, like php-fpm's.
 *   runtime_supercharger_annotate(string $key, string $value): bool
 *       attaches a fact to the current request's report to the master (the Symfony route,
 *       state leaks); false when the key/value is too long or the request has too many.
 *   runtime_supercharger_send_early_hints(array $links): bool
 *       sends a 103 Early Hints interim response with one Link header per value (RFC 8297);
 *       false when the response head already left, outside a request, or for a bad value.
 */
#include "runtime_functions.h"

#include <ctype.h>
#include <main/SAPI.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "runtime_annotations.h"
#include "runtime_sapi.h"

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_handle_request, 0, 1, _IS_BOOL, 0)
    ZEND_ARG_TYPE_INFO(0, handler, IS_CALLABLE, 0)
    ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reset, IS_CALLABLE, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_finish_request, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_options, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_annotate, 0, 2, _IS_BOOL, 0)
    ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
    ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
ZEND_END_ARG_INFO()

/* clang-format off */
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_send_early_hints, 0, 1, _IS_BOOL, 0)
    ZEND_ARG_TYPE_INFO(0, links, IS_ARRAY, 0)
ZEND_END_ARG_INFO()
/* clang-format on */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_getallheaders, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

static rs_sapi_pair *g_options;
static size_t g_option_count;

void rs_php_set_options(const rs_sapi_pair *options, size_t count)
{
    g_options = calloc(count ? count : 1, sizeof(*g_options));
    for (size_t i = 0; i < count; i++) {
        g_options[i].name.data = strndup(options[i].name.data, options[i].name.len);
        g_options[i].name.len = options[i].name.len;
        g_options[i].value.data = strndup(options[i].value.data, options[i].value.len);
        g_options[i].value.len = options[i].value.len;
    }
    g_option_count = count;
}

PHP_FUNCTION(runtime_supercharger_options)
{
    ZEND_PARSE_PARAMETERS_NONE();
    array_init_size(return_value, (uint32_t)g_option_count);
    for (size_t i = 0; i < g_option_count; i++) {
        add_assoc_stringl_ex(return_value, g_options[i].name.data, g_options[i].name.len,
                             g_options[i].value.data, g_options[i].value.len);
    }
}

int rs_php_option_enabled(const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < g_option_count; i++) {
        if (g_options[i].name.len == len && memcmp(g_options[i].name.data, name, len) == 0) {
            const char *v = g_options[i].value.data;
            return strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 ||
                   strcasecmp(v, "yes") == 0;
        }
    }
    return 0;
}

/* HTTP_ACCEPT_LANGUAGE -> Accept-Language. */
static zend_string *header_name(const char *cgi, size_t len)
{
    zend_string *name = zend_string_alloc(len, 0);
    char *out = ZSTR_VAL(name);
    int word_start = 1;
    for (size_t i = 0; i < len; i++) {
        char c = cgi[i];
        if (c == '_') {
            out[i] = '-';
            word_start = 1;
            continue;
        }
        out[i] = word_start ? (char)toupper((unsigned char)c) : (char)tolower((unsigned char)c);
        word_start = 0;
    }
    out[len] = '\0';
    return name;
}

/* Like php-fpm's: HTTP_* variables, plus CONTENT_TYPE and CONTENT_LENGTH. */
PHP_FUNCTION(getallheaders)
{
    ZEND_PARSE_PARAMETERS_NONE();
    array_init(return_value);
    const rs_sapi_request *req = rs_sapi_current_request();
    if (!req) {
        return;
    }
    for (size_t i = 0; i < req->server_count; i++) {
        const rs_sapi_pair *p = &req->server[i];
        const char *name = p->name.data;
        size_t len = p->name.len;
        if (len > 5 && memcmp(name, "HTTP_", 5) == 0) {
            name += 5;
            len -= 5;
        } else if (!((len == 12 && memcmp(name, "CONTENT_TYPE", 12) == 0) ||
                     (len == 14 && memcmp(name, "CONTENT_LENGTH", 14) == 0))) {
            continue;
        }
        zend_string *key = header_name(name, len);
        add_assoc_stringl_ex(return_value, ZSTR_VAL(key), ZSTR_LEN(key), p->value.data, p->value.len);
        zend_string_release(key);
    }
}

PHP_FUNCTION(runtime_supercharger_handle_request)
{
    zend_fcall_info handler = empty_fcall_info;
    zend_fcall_info_cache handler_cache = empty_fcall_info_cache;
    zend_fcall_info reset = empty_fcall_info;
    zend_fcall_info_cache reset_cache = empty_fcall_info_cache;

    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_FUNC(handler, handler_cache)
        Z_PARAM_OPTIONAL
        Z_PARAM_FUNC_OR_NULL(reset, reset_cache)
    ZEND_PARSE_PARAMETERS_END();

    int has_reset = ZEND_FCI_INITIALIZED(reset);
    RETURN_BOOL(rs_sapi_handle_one(&handler, &handler_cache, has_reset ? &reset : NULL,
                                   has_reset ? &reset_cache : NULL));
}

PHP_FUNCTION(runtime_supercharger_annotate)
{
    zend_string *key;
    zend_string *value;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_STR(key)
        Z_PARAM_STR(value)
    ZEND_PARSE_PARAMETERS_END();
    RETURN_BOOL(rs_annotations_add(ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value)) == 0);
}

/* Bounds keep the interim response well inside any client's header limits. */
#define RS_EARLY_HINTS_MAX 64
#define RS_EARLY_HINT_MAX_LEN 4096

PHP_FUNCTION(runtime_supercharger_send_early_hints)
{
    HashTable *links;
    /* clang-format off */
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ARRAY_HT(links)
    ZEND_PARSE_PARAMETERS_END();

    rs_sapi_pair headers[RS_EARLY_HINTS_MAX];
    size_t count = 0;
    zval *link;
    ZEND_HASH_FOREACH_VAL(links, link) {
        if (Z_TYPE_P(link) != IS_STRING || count == RS_EARLY_HINTS_MAX) {
            RETURN_FALSE;
        }
        const char *value = Z_STRVAL_P(link);
        size_t len = Z_STRLEN_P(link);
        if (len == 0 || len > RS_EARLY_HINT_MAX_LEN || memchr(value, '\r', len) ||
            memchr(value, '\n', len) || memchr(value, '\0', len)) {
            RETURN_FALSE;
        }
        headers[count].name.data = "Link";
        headers[count].name.len = 4;
        headers[count].value.data = value;
        headers[count].value.len = len;
        count++;
    } ZEND_HASH_FOREACH_END();
    /* clang-format on */
    RETURN_BOOL(count > 0 && rs_sapi_send_early_hints(headers, count) == 1);
}

PHP_FUNCTION(fastcgi_finish_request)
{
    ZEND_PARSE_PARAMETERS_NONE();
    rs_sapi_finish_request();
    RETURN_TRUE;
}

/* clang-format off */
static const zend_function_entry runtime_functions[] = {
    ZEND_FE(runtime_supercharger_handle_request, arginfo_handle_request)
    ZEND_FE(fastcgi_finish_request, arginfo_finish_request)
    ZEND_FE(runtime_supercharger_options, arginfo_options)
    ZEND_FE(runtime_supercharger_annotate, arginfo_annotate)
    ZEND_FE(runtime_supercharger_send_early_hints, arginfo_send_early_hints)
    ZEND_FE(getallheaders, arginfo_getallheaders)
    ZEND_FALIAS(apache_request_headers, getallheaders, arginfo_getallheaders)
    ZEND_FE_END
};
/* clang-format on */

static PHP_MINIT_FUNCTION(runtime_supercharger)
{
    (void)type;
    (void)module_number;
    rs_sapi_borrow_known_name();
    return SUCCESS;
}

zend_module_entry runtime_functions_module_entry = {
    STANDARD_MODULE_HEADER,
    "runtime_supercharger",
    runtime_functions,
    PHP_MINIT(runtime_supercharger),
    NULL,
    NULL,
    NULL,
    NULL,
    "0.1.0",
    STANDARD_MODULE_PROPERTIES
};
