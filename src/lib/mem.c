/* SPDX-License-Identifier: MIT */
/* mem.c - allocation wrappers and the overflow-checked array growth helper */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kijang.h"
#include "mem.h"

void *
kj_malloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *
kj_calloc(size_t count, size_t size)
{
    return calloc(count ? count : 1, size ? size : 1);
}

void *
kj_realloc(void *p, size_t n)
{
    return realloc(p, n ? n : 1);
}

KJ_API void
kj_free(void *p)
{
    free(p);
}

/* kj_grow() when the array is too small (mem.h holds the check). */
int
kj_grow_to(void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *np;

    if (need <= *cap)
        return KJ_OK;
    ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return KJ_ENOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return KJ_ENOMEM;
    np = kj_realloc(*p, ncap * size);
    if (np == NULL)
        return KJ_ENOMEM;
    *p = np;
    *cap = ncap;
    return KJ_OK;
}

char *
kj_strndup(const char *s, size_t n)
{
    char *d;

    if (n == SIZE_MAX)
        return NULL;
    d = kj_malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
