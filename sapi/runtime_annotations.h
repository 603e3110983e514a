/* Per-request annotations: short key/value facts PHP reports about the request it is
 * serving (the Symfony route, state leaks the verifier found). They travel to the master in
 * the request's report and are dropped once it is sent. Plain malloc: they outlive the PHP
 * request in classic mode. Bounded, so a misbehaving app cannot grow the report. */
#ifndef RUNTIME_ANNOTATIONS_H
#define RUNTIME_ANNOTATIONS_H

#include <stddef.h>

#include "runtime_sapi.h"

#define RS_ANNOTATION_MAX_COUNT 64
#define RS_ANNOTATION_MAX_KEY 128
#define RS_ANNOTATION_MAX_VALUE 4096

/* Returns 0 when stored, -1 when the key or value is too long or the request has too many. */
int rs_annotations_add(const char *key, size_t key_len, const char *value, size_t value_len);
void rs_annotations_view(const rs_sapi_pair **pairs, size_t *count);
void rs_annotations_clear(void);

#endif
