#include "runtime_slowlog.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <main/php.h>
#include <Zend/zend_execute.h>

#include "runtime_annotations.h"

#define RS_SLOWLOG_MAX_LINE 8192
#define RS_SLOWLOG_MAX_FRAMES 50

static uint32_t g_threshold_ms;
static timer_t g_timer;
static pid_t g_timer_owner;            /* timers do not survive fork: the process that made it */
static atomic_int g_fired;             /* set by the timer thread, taken by the interrupt hook */
static int g_armed;
static const char *g_method;
static const char *g_uri;
static uint64_t g_armed_at_ns;
static void (*g_previous_interrupt)(zend_execute_data *execute_data);

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Runs on the timer's helper thread: atomics only, the PHP thread does the rest. */
static void on_threshold(union sigval value)
{
    (void)value;
    atomic_store(&g_fired, 1);
    zend_atomic_bool_store_ex(&EG(vm_interrupt), true);
}

static int ensure_timer(void)
{
    if (g_timer_owner == getpid()) {
        return 0;
    }
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD;
    event.sigev_notify_function = on_threshold;
    if (timer_create(CLOCK_MONOTONIC, &event, &g_timer) != 0) {
        return -1;
    }
    g_timer_owner = getpid();
    return 0;
}

static void set_timer(uint32_t ms)
{
    struct itimerspec spec;
    memset(&spec, 0, sizeof spec);
    spec.it_value.tv_sec = ms / 1000;
    spec.it_value.tv_nsec = (long)(ms % 1000) * 1000000L;
    timer_settime(g_timer, 0, &spec, NULL);
}

typedef struct line_buffer {
    char data[RS_SLOWLOG_MAX_LINE];
    size_t len;
} line_buffer;

static void append(line_buffer *line, const char *format, ...)
{
    if (line->len >= sizeof line->data - 1) {
        return;
    }
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line->data + line->len, sizeof line->data - line->len, format, args);
    va_end(args);
    if (n > 0) {
        line->len += (size_t)n < sizeof line->data - line->len ? (size_t)n : sizeof line->data - 1 - line->len;
    }
}

/* The nearest user-code frame at or above ex: where a call was made from. */
static zend_execute_data *user_frame(zend_execute_data *ex)
{
    while (ex && (!ex->func || !ZEND_USER_CODE(ex->func->common.type))) {
        ex = ex->prev_execute_data;
    }
    return ex;
}

/* "#0 /app/src/Foo.php(12): App\Foo->bar() #1 ... #2 {main}", like getTraceAsString(). */
static void append_backtrace(line_buffer *line, zend_execute_data *ex)
{
    int depth = 0;
    for (; ex && depth < RS_SLOWLOG_MAX_FRAMES; ex = ex->prev_execute_data) {
        zend_function *func = ex->func;
        if (!func) {
            continue;
        }
        zend_execute_data *caller = user_frame(ex->prev_execute_data);
        if (!func->common.function_name) {
            /* Top-level code: the script itself, or a file included from a caller. */
            if (caller && caller->opline && ZEND_USER_CODE(func->type)) {
                append(line, " #%d %s(%u): include(%s)", depth++, ZSTR_VAL(caller->func->op_array.filename),
                       caller->opline->lineno, ZSTR_VAL(func->op_array.filename));
            } else {
                append(line, " #%d {main}", depth++);
            }
            continue;
        }
        if (caller && caller->opline) {
            append(line, " #%d %s(%u): ", depth, ZSTR_VAL(caller->func->op_array.filename), caller->opline->lineno);
        } else {
            append(line, " #%d [internal function]: ", depth);
        }
        depth++;
        if (func->common.scope) {
            const int is_static = (func->common.fn_flags & ZEND_ACC_STATIC) != 0;
            append(line, "%s%s", ZSTR_VAL(func->common.scope->name), is_static ? "::" : "->");
        }
        append(line, "%s()", ZSTR_VAL(func->common.function_name));
    }
    if (ex) {
        append(line, " ...");
    }
}

static void write_slow_line(zend_execute_data *execute_data)
{
    const uint64_t elapsed_ms = (monotonic_ns() - g_armed_at_ns) / 1000000u;
    line_buffer line;
    line.len = 0;
    append(&line, "slow request (%llu ms) %s %s", (unsigned long long)elapsed_ms, g_method ? g_method : "-",
           g_uri ? g_uri : "-");
    if (zend_is_executing()) {
        append(&line, ", at %s:%u:", zend_get_executed_filename(), zend_get_executed_lineno());
    }
    append_backtrace(&line, execute_data);
    /* One write: the master relays stderr line by line, with the worker's pid and pool. */
    for (size_t i = 0; i < line.len; i++) {
        if (line.data[i] == '\n' || line.data[i] == '\r') {
            line.data[i] = ' ';
        }
    }
    line.data[line.len++] = '\n';
    ssize_t written = write(STDERR_FILENO, line.data, line.len);
    (void)written;

    char ms[32];
    const int ms_len = snprintf(ms, sizeof ms, "%llu", (unsigned long long)elapsed_ms);
    rs_annotations_add("slow", 4, ms, (size_t)ms_len);
}

static void slowlog_interrupt(zend_execute_data *execute_data)
{
    /* A notification from the previous request's timer can land just after this request
     * armed a new one: only a request that really ran past the threshold is slow. */
    if (atomic_exchange(&g_fired, 0) && g_armed &&
        monotonic_ns() - g_armed_at_ns >= (uint64_t)g_threshold_ms * 1000000u) {
        g_armed = 0;  /* one line per request */
        write_slow_line(execute_data);
    }
    if (g_previous_interrupt) {
        g_previous_interrupt(execute_data);
    }
}

void rs_slowlog_install(void)
{
    if (zend_interrupt_function == slowlog_interrupt) {
        return;
    }
    g_previous_interrupt = zend_interrupt_function;
    zend_interrupt_function = slowlog_interrupt;
}

void rs_slowlog_set_threshold(uint32_t threshold_ms)
{
    g_threshold_ms = threshold_ms;
}

void rs_slowlog_arm(const char *method, const char *uri)
{
    if (g_threshold_ms == 0 || ensure_timer() != 0) {
        return;
    }
    atomic_store(&g_fired, 0);
    g_method = method;
    g_uri = uri;
    g_armed_at_ns = monotonic_ns();
    g_armed = 1;
    set_timer(g_threshold_ms);
}

void rs_slowlog_disarm(void)
{
    if (!g_armed && atomic_load(&g_fired) == 0) {
        return;
    }
    g_armed = 0;
    if (g_timer_owner == getpid()) {
        set_timer(0);
    }
    atomic_store(&g_fired, 0);
    g_method = NULL;
    g_uri = NULL;
}
