#include "runtime_boot_state.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <Zend/zend_exceptions.h>
#include <Zend/zend_ini.h>
#include <Zend/zend_operators.h>
#include <Zend/zend_stack.h>
#include <ext/standard/basic_functions.h>
#include <ext/standard/file.h>
#include <main/php_streams.h>

/* Everything below lives in the worker's one long PHP request (emalloc is fine). */
static int g_taken;
static HashTable g_ini;                 /* name -> post-boot value of entries boot changed */
static zend_string *g_timezone;
static char *g_cwd;                     /* malloc */
static zval g_autoloaders;              /* spl_autoload_functions() after boot */
static zval g_error_handler;
static int g_error_handler_depth;
static zval g_exception_handler;
static int g_exception_handler_depth;
static php_stream_context *g_context;   /* FG(default_context) after boot, may be NULL */
static HashTable *g_context_options;
static php_stream_notifier *g_context_notifier;
static HashTable *g_wrappers;           /* copy of FG(stream_wrappers) after boot, or NULL */
static HashTable *g_filters;
static uint32_t g_resource_watermark;   /* first resource handle a request can create */
static HashTable *g_server;
static HashTable *g_env;
static zend_string *g_mb_encoding;
static char *g_locale;                  /* malloc; NULL: boot left the locale alone */

int rs_call_php(const char *name, uint32_t argc, zval *argv, zval *retval)
{
    zval function;
    ZVAL_UNDEF(retval);
    if (!zend_hash_str_exists(CG(function_table), name, strlen(name))) {
        return 0;
    }
    ZVAL_STRING(&function, name);
    int ok = call_user_function(CG(function_table), NULL, &function, retval, argc, argv) == SUCCESS;
    zval_ptr_dtor(&function);
    if (EG(exception)) {
        zend_clear_exception();
        zval_ptr_dtor(retval);
        ZVAL_UNDEF(retval);
        return 0;
    }
    return ok && !Z_ISUNDEF_P(retval);
}

static HashTable *superglobal_copy(const char *name)
{
    zval *value = zend_hash_str_find(&EG(symbol_table), name, strlen(name));
    if (!value) {
        return NULL;
    }
    if (Z_TYPE_P(value) == IS_INDIRECT) {
        value = Z_INDIRECT_P(value);
    }
    ZVAL_DEREF(value);
    return Z_TYPE_P(value) == IS_ARRAY ? zend_array_dup(Z_ARRVAL_P(value)) : NULL;
}

static HashTable *table_copy(HashTable *source)
{
    return source ? zend_array_dup(source) : NULL;
}

static void take_ini(void)
{
    zend_hash_init(&g_ini, 8, NULL, ZVAL_PTR_DTOR, 0);
    if (!EG(modified_ini_directives)) {
        return;
    }
    zend_ini_entry *entry;
    ZEND_HASH_FOREACH_PTR(EG(modified_ini_directives), entry) {
        zval value;
        if (entry->value) {
            ZVAL_STR_COPY(&value, entry->value);
        } else {
            ZVAL_NULL(&value);
        }
        zend_hash_update(&g_ini, entry->name, &value);
    } ZEND_HASH_FOREACH_END();
}

static void take_stream_context(void)
{
    g_context = FG(default_context);
    if (g_context) {
        g_context_options = zend_array_dup(Z_ARRVAL(g_context->options));
        g_context_notifier = g_context->notifier;
    }
}

static void take_locale(void)
{
    if (BG(locale_changed)) {
        const char *current = setlocale(LC_ALL, NULL);
        g_locale = current ? strdup(current) : NULL;
        BG(locale_changed) = 0; /* boot's locale is the baseline, not "C" */
    }
}

void rs_boot_state_take(void)
{
    zval retval;
    take_ini();
    if (rs_call_php("date_default_timezone_get", 0, NULL, &retval) && Z_TYPE(retval) == IS_STRING) {
        g_timezone = zend_string_copy(Z_STR(retval));
    }
    zval_ptr_dtor(&retval);
    char cwd[4096];
    if (getcwd(cwd, sizeof(cwd))) {
        g_cwd = strdup(cwd);
    }
    if (!rs_call_php("spl_autoload_functions", 0, NULL, &g_autoloaders)) {
        ZVAL_EMPTY_ARRAY(&g_autoloaders);
    }
    ZVAL_COPY(&g_error_handler, &EG(user_error_handler));
    g_error_handler_depth = zend_stack_count(&EG(user_error_handlers));
    ZVAL_COPY(&g_exception_handler, &EG(user_exception_handler));
    g_exception_handler_depth = zend_stack_count(&EG(user_exception_handlers));
    take_stream_context();
    g_wrappers = table_copy(FG(stream_wrappers));
    g_filters = table_copy(FG(stream_filters));
    g_resource_watermark = (uint32_t)EG(regular_list).nNextFreeElement;
    g_server = superglobal_copy("_SERVER");
    g_env = superglobal_copy("_ENV");
    if (rs_call_php("mb_internal_encoding", 0, NULL, &retval) && Z_TYPE(retval) == IS_STRING) {
        g_mb_encoding = zend_string_copy(Z_STR(retval));
    }
    zval_ptr_dtor(&retval);
    take_locale();
    g_taken = 1;
}

int rs_boot_state_taken(void)
{
    return g_taken;
}

HashTable *rs_boot_state_server(void)
{
    return g_server;
}

HashTable *rs_boot_state_env(void)
{
    return g_env;
}

/* ---- ini ------------------------------------------------------------------------------ */

static int is_kept(const zend_string *name, const char *const *keep)
{
    for (; keep && *keep; keep++) {
        if (zend_string_equals_cstr(name, *keep, strlen(*keep))) {
            return 1;
        }
    }
    return 0;
}

int rs_boot_state_restore_ini(const char *const *keep)
{
    if (!g_taken || !EG(modified_ini_directives)) {
        return 0;
    }
    /* Collected first: restoring an entry removes it from the table being walked. */
    uint32_t count = zend_hash_num_elements(EG(modified_ini_directives));
    if (count == 0) {
        return 0;
    }
    zend_ini_entry **entries = emalloc(sizeof(*entries) * count);
    uint32_t n = 0;
    zend_ini_entry *entry;
    ZEND_HASH_FOREACH_PTR(EG(modified_ini_directives), entry) {
        if (is_kept(entry->name, keep)) {
            continue;
        }
        zval *boot = zend_hash_find(&g_ini, entry->name);
        if (boot && Z_TYPE_P(boot) == IS_STRING && entry->value && zend_string_equals(entry->value, Z_STR_P(boot))) {
            continue; /* still what boot set */
        }
        entries[n++] = entry;
    } ZEND_HASH_FOREACH_END();

    for (uint32_t i = 0; i < n; i++) {
        zend_string *name = zend_string_copy(entries[i]->name);
        zval *boot = zend_hash_find(&g_ini, name);
        /* The deactivate stage is the one php_request_shutdown() restores with: handlers
         * that refuse runtime changes once headers are sent (session.*) accept it. */
        if (boot && Z_TYPE_P(boot) == IS_STRING) {
            zend_alter_ini_entry_ex(name, Z_STR_P(boot), ZEND_INI_SYSTEM, ZEND_INI_STAGE_DEACTIVATE, 1);
        } else {
            zend_restore_ini_entry(name, ZEND_INI_STAGE_DEACTIVATE);
        }
        zend_string_release(name);
    }
    efree(entries);
    return n > 0;
}

/* ---- values the engine has no request hook for ------------------------------------------ */

int rs_boot_state_restore_timezone(void)
{
    zval current;
    int restored = 0;
    if (!g_timezone || !rs_call_php("date_default_timezone_get", 0, NULL, &current)) {
        return 0;
    }
    if (Z_TYPE(current) != IS_STRING || !zend_string_equals(Z_STR(current), g_timezone)) {
        zval arg, ignored;
        ZVAL_STR_COPY(&arg, g_timezone);
        rs_call_php("date_default_timezone_set", 1, &arg, &ignored);
        zval_ptr_dtor(&arg);
        zval_ptr_dtor(&ignored);
        restored = 1;
    }
    zval_ptr_dtor(&current);
    return restored;
}

int rs_boot_state_restore_cwd(void)
{
    char cwd[4096];
    if (!g_cwd || (getcwd(cwd, sizeof(cwd)) && strcmp(cwd, g_cwd) == 0)) {
        return 0;
    }
    return chdir(g_cwd) == 0;
}

static int array_has_identical(zval *array, zval *needle)
{
    zval *entry;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(array), entry) {
        if (zend_is_identical(entry, needle)) {
            return 1;
        }
    } ZEND_HASH_FOREACH_END();
    return 0;
}

int rs_boot_state_restore_autoloaders(void)
{
    zval current;
    if (!g_taken || !rs_call_php("spl_autoload_functions", 0, NULL, &current)) {
        return 0;
    }
    int restored = 0;
    if (Z_TYPE(current) == IS_ARRAY && !zend_is_identical(&current, &g_autoloaders)) {
        zval *entry, ignored;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL(current), entry) {
            if (!array_has_identical(&g_autoloaders, entry)) {
                rs_call_php("spl_autoload_unregister", 1, entry, &ignored);
                zval_ptr_dtor(&ignored);
            }
        } ZEND_HASH_FOREACH_END();
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL(g_autoloaders), entry) {
            if (!array_has_identical(&current, entry)) {
                rs_call_php("spl_autoload_register", 1, entry, &ignored);
                zval_ptr_dtor(&ignored);
            }
        } ZEND_HASH_FOREACH_END();
        restored = 1;
    }
    zval_ptr_dtor(&current);
    return restored;
}

static int same_handler(zval *a, zval *b)
{
    int a_unset = Z_ISUNDEF_P(a) || Z_TYPE_P(a) == IS_NULL;
    int b_unset = Z_ISUNDEF_P(b) || Z_TYPE_P(b) == IS_NULL;
    return (a_unset && b_unset) || (!a_unset && !b_unset && zend_is_identical(a, b));
}

/* set_error_handler() pushes the previous handler: pop what the request pushed, then put
 * the boot handler back if the request replaced it some other way. */
static int restore_handler(zval *handler, zend_stack *stack, zval *boot, int boot_depth,
                           const char *restore_function, const char *set_function)
{
    int restored = 0;
    zval ignored;
    while (zend_stack_count(stack) > boot_depth) {
        rs_call_php(restore_function, 0, NULL, &ignored);
        zval_ptr_dtor(&ignored);
        restored = 1;
    }
    if (!same_handler(handler, boot)) {
        zval arg;
        if (Z_ISUNDEF_P(boot)) {
            ZVAL_NULL(&arg);
        } else {
            ZVAL_COPY(&arg, boot);
        }
        rs_call_php(set_function, 1, &arg, &ignored);
        zval_ptr_dtor(&ignored);
        zval_ptr_dtor(&arg);
        /* set_*_handler() pushed the request's handler: drop it again. */
        while (zend_stack_count(stack) > boot_depth) {
            zval *top = zend_stack_top(stack);
            zval_ptr_dtor(top);
            zend_stack_del_top(stack);
        }
        restored = 1;
    }
    return restored;
}

int rs_boot_state_restore_error_handler(void)
{
    if (!g_taken) {
        return 0;
    }
    int restored = restore_handler(&EG(user_error_handler), &EG(user_error_handlers), &g_error_handler,
                                   g_error_handler_depth, "restore_error_handler", "set_error_handler");
    while (zend_stack_count(&EG(user_error_handlers_error_reporting)) > g_error_handler_depth) {
        zend_stack_del_top(&EG(user_error_handlers_error_reporting));
    }
    return restored;
}

int rs_boot_state_restore_exception_handler(void)
{
    if (!g_taken) {
        return 0;
    }
    return restore_handler(&EG(user_exception_handler), &EG(user_exception_handlers), &g_exception_handler,
                           g_exception_handler_depth, "restore_exception_handler", "set_exception_handler");
}

/* ---- streams ------------------------------------------------------------------------- */

int rs_boot_state_restore_stream_context(void)
{
    php_stream_context *context = FG(default_context);
    if (!context) {
        return 0;
    }
    if (context != g_context) {
        /* Created during a request: from now on it is the baseline, with no options, as the
         * default context every php-fpm request starts with. */
        int had_options = zend_hash_num_elements(Z_ARRVAL(context->options)) > 0 || context->notifier;
        if (had_options) {
            zval_ptr_dtor(&context->options);
            array_init(&context->options);
            if (context->notifier) {
                php_stream_notification_free(context->notifier);
                context->notifier = NULL;
            }
        }
        g_context = context;
        g_context_options = zend_array_dup(Z_ARRVAL(context->options));
        g_context_notifier = NULL;
        return had_options;
    }
    int restored = 0;
    zval boot;
    ZVAL_ARR(&boot, g_context_options);
    if (!zend_is_identical(&context->options, &boot)) {
        zval_ptr_dtor(&context->options);
        ZVAL_ARR(&context->options, zend_array_dup(g_context_options));
        restored = 1;
    }
    if (context->notifier != g_context_notifier) {
        if (context->notifier) {
            php_stream_notification_free(context->notifier);
        }
        context->notifier = g_context_notifier;
        restored = 1;
    }
    return restored;
}

static int same_table(HashTable *a, HashTable *b)
{
    if (!a || !b) {
        return a == b;
    }
    if (zend_hash_num_elements(a) != zend_hash_num_elements(b)) {
        return 0;
    }
    zend_string *key;
    zval *value;
    ZEND_HASH_FOREACH_STR_KEY_VAL(a, key, value) {
        zval *other = key ? zend_hash_find(b, key) : NULL;
        if (!other || Z_PTR_P(other) != Z_PTR_P(value)) {
            return 0;
        }
    } ZEND_HASH_FOREACH_END();
    return 1;
}

/* The request's copy of the wrapper or filter table goes; the boot one comes back. */
static int restore_table(HashTable **live, HashTable *boot)
{
    if (same_table(*live, boot)) {
        return 0;
    }
    if (*live) {
        zend_hash_destroy(*live);
        efree(*live);
    }
    *live = table_copy(boot);
    return 1;
}

/* stream_wrapper_register() keeps each user wrapper as a resource until request end. */
static void free_request_user_wrappers(void)
{
    int type = zend_fetch_list_dtor_id("stream factory");
    if (type <= 0) {
        return;
    }
    zend_ulong handle;
    zval *zv;
    zend_resource **stale = NULL;
    uint32_t n = 0, capacity = 0;
    ZEND_HASH_FOREACH_NUM_KEY_VAL(&EG(regular_list), handle, zv) {
        if (handle >= g_resource_watermark && Z_RES_P(zv)->type == type) {
            if (n == capacity) {
                capacity = capacity ? capacity * 2 : 4;
                stale = erealloc(stale, sizeof(*stale) * capacity);
            }
            stale[n++] = Z_RES_P(zv);
        }
    } ZEND_HASH_FOREACH_END();
    for (uint32_t i = 0; i < n; i++) {
        zend_list_delete(stale[i]);
    }
    if (stale) {
        efree(stale);
    }
}

int rs_boot_state_restore_stream_wrappers(void)
{
    if (!g_taken || !restore_table(&FG(stream_wrappers), g_wrappers)) {
        return 0;
    }
    free_request_user_wrappers();
    return 1;
}

int rs_boot_state_restore_stream_filters(void)
{
    return g_taken && restore_table(&FG(stream_filters), g_filters);
}

/* ---- re-applied after a module's own reset ---------------------------------------------- */

void rs_boot_state_reapply_mbstring(int touched)
{
    /* mbstring's request startup resets to its ini values: that differs from boot only if
     * boot set an encoding, which the first call finds out; later calls act only then, or
     * when the request changed it. */
    static int checked, differs;
    zval current, ignored;
    if (!g_mb_encoding || (checked && !differs && !touched)) {
        return;
    }
    if (!rs_call_php("mb_internal_encoding", 0, NULL, &current)) {
        return;
    }
    int same = Z_TYPE(current) == IS_STRING && zend_string_equals(Z_STR(current), g_mb_encoding);
    if (!checked) {
        checked = 1;
        differs = !same;
    }
    if (!same) {
        zval arg;
        ZVAL_STR_COPY(&arg, g_mb_encoding);
        rs_call_php("mb_internal_encoding", 1, &arg, &ignored);
        zval_ptr_dtor(&ignored);
        zval_ptr_dtor(&arg);
    }
    zval_ptr_dtor(&current);
}

void rs_boot_state_reapply_locale(void)
{
    if (g_locale) {
        setlocale(LC_ALL, g_locale);
        zend_update_current_locale();
    }
}
