#include "runtime_watch.h"

#include <main/php.h>

static uint32_t g_touched;

/* One wrapper per watched function: raise the flag, then run the original. */
#define RS_WATCHED(fn, kind)                                  \
    static zif_handler original_##fn;                         \
    static ZEND_NAMED_FUNCTION(watched_##fn)                  \
    {                                                         \
        g_touched |= (kind);                                  \
        original_##fn(INTERNAL_FUNCTION_PARAM_PASSTHRU);      \
    }

RS_WATCHED(chdir, RS_WATCH_CWD)
RS_WATCHED(date_default_timezone_set, RS_WATCH_TIMEZONE)
RS_WATCHED(mt_srand, RS_WATCH_RANDOM_SEED)
RS_WATCHED(srand, RS_WATCH_RANDOM_SEED)
RS_WATCHED(spl_autoload_register, RS_WATCH_AUTOLOADER)
RS_WATCHED(spl_autoload_unregister, RS_WATCH_AUTOLOADER)
RS_WATCHED(opendir, RS_WATCH_DIR_HANDLE)
RS_WATCHED(dir, RS_WATCH_DIR_HANDLE)
RS_WATCHED(libxml_use_internal_errors, RS_WATCH_LIBXML)
RS_WATCHED(libxml_set_external_entity_loader, RS_WATCH_LIBXML)
RS_WATCHED(mb_internal_encoding, RS_WATCH_MBSTRING)
RS_WATCHED(mb_substitute_character, RS_WATCH_MBSTRING)
RS_WATCHED(mb_detect_order, RS_WATCH_MBSTRING)
RS_WATCHED(mb_language, RS_WATCH_MBSTRING)
RS_WATCHED(mb_http_output, RS_WATCH_MBSTRING)
RS_WATCHED(mb_regex_encoding, RS_WATCH_MBSTRING)
RS_WATCHED(pcntl_signal, RS_WATCH_PCNTL_SIGNAL)
RS_WATCHED(output_add_rewrite_var, RS_WATCH_URL_REWRITER)
RS_WATCHED(opcache_reset, RS_WATCH_OPCACHE_RESET)

static void wrap(const char *name, size_t len, zif_handler *original, zif_handler wrapper)
{
    zend_function *fn = zend_hash_str_find_ptr(CG(function_table), name, len);
    if (!fn || fn->type != ZEND_INTERNAL_FUNCTION || *original) {
        return; /* extension not loaded, or already wrapped */
    }
    *original = fn->internal_function.handler;
    fn->internal_function.handler = wrapper;
}

#define RS_WRAP(fn) wrap(#fn, sizeof(#fn) - 1, &original_##fn, watched_##fn)

void rs_watch_install(void)
{
    RS_WRAP(chdir);
    RS_WRAP(date_default_timezone_set);
    RS_WRAP(mt_srand);
    RS_WRAP(srand);
    RS_WRAP(spl_autoload_register);
    RS_WRAP(spl_autoload_unregister);
    RS_WRAP(opendir);
    RS_WRAP(dir);
    RS_WRAP(libxml_use_internal_errors);
    RS_WRAP(libxml_set_external_entity_loader);
    RS_WRAP(mb_internal_encoding);
    RS_WRAP(mb_substitute_character);
    RS_WRAP(mb_detect_order);
    RS_WRAP(mb_language);
    RS_WRAP(mb_http_output);
    RS_WRAP(mb_regex_encoding);
    RS_WRAP(pcntl_signal);
    RS_WRAP(output_add_rewrite_var);
    RS_WRAP(opcache_reset);
}

uint32_t rs_watch_take(void)
{
    uint32_t touched = g_touched;
    g_touched = 0;
    return touched;
}

void rs_watch_forget(uint32_t kinds)
{
    g_touched &= ~kinds;
}
