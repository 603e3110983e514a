/*
 * Watches the PHP functions that change process-wide state the engine keeps no trace of
 * (cwd, default timezone, seeds, autoloaders...): a thin wrapper around each internal
 * function raises a flag, so the request boundary restores only what a request touched and
 * costs nothing for requests that touch nothing.
 */
#ifndef RUNTIME_WATCH_H
#define RUNTIME_WATCH_H

#include <stdint.h>

typedef enum rs_watch_kind {
    RS_WATCH_CWD = 1u << 0,           /* chdir() */
    RS_WATCH_TIMEZONE = 1u << 1,      /* date_default_timezone_set() */
    RS_WATCH_RANDOM_SEED = 1u << 2,   /* mt_srand(), srand() */
    RS_WATCH_AUTOLOADER = 1u << 3,    /* spl_autoload_register(), spl_autoload_unregister() */
    RS_WATCH_DIR_HANDLE = 1u << 4,    /* opendir(), dir(): the default directory handle */
    RS_WATCH_LIBXML = 1u << 5,        /* libxml_use_internal_errors(), libxml entity loader */
    RS_WATCH_MBSTRING = 1u << 6,      /* mb_internal_encoding() and the other mb_* setters */
    RS_WATCH_PCNTL_SIGNAL = 1u << 7,  /* pcntl_signal() */
    RS_WATCH_URL_REWRITER = 1u << 8,  /* output_add_rewrite_var() */
    RS_WATCH_OPCACHE_RESET = 1u << 9, /* opcache_reset() */
} rs_watch_kind;

/* Wraps the watched functions that are loaded. Call once after module startup. */
void rs_watch_install(void);
/* The kinds touched since the last call, then clears them. */
uint32_t rs_watch_take(void);
/* Forgets kinds the server itself just touched (its own calls go through the wrappers). */
void rs_watch_forget(uint32_t kinds);

#endif
