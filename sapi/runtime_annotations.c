#include "runtime_annotations.h"

#include <stdlib.h>
#include <string.h>

static rs_sapi_pair g_annotations[RS_ANNOTATION_MAX_COUNT];
static size_t g_annotation_count;

static rs_sapi_string copy_string(const char *data, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, data, len);
        copy[len] = '\0';
    }
    rs_sapi_string s = {copy, copy ? len : 0};
    return s;
}

int rs_annotations_add(const char *key, size_t key_len, const char *value, size_t value_len)
{
    if (key_len == 0 || key_len > RS_ANNOTATION_MAX_KEY || value_len > RS_ANNOTATION_MAX_VALUE ||
        g_annotation_count == RS_ANNOTATION_MAX_COUNT) {
        return -1;
    }
    rs_sapi_pair *pair = &g_annotations[g_annotation_count];
    pair->name = copy_string(key, key_len);
    pair->value = copy_string(value, value_len);
    if (!pair->name.data || !pair->value.data) {
        free((void *)pair->name.data);
        free((void *)pair->value.data);
        return -1;
    }
    g_annotation_count++;
    return 0;
}

void rs_annotations_view(const rs_sapi_pair **pairs, size_t *count)
{
    *pairs = g_annotation_count ? g_annotations : NULL;
    *count = g_annotation_count;
}

void rs_annotations_clear(void)
{
    for (size_t i = 0; i < g_annotation_count; i++) {
        free((void *)g_annotations[i].name.data);
        free((void *)g_annotations[i].value.data);
    }
    g_annotation_count = 0;
}
