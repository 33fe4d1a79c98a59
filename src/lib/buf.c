/* SPDX-License-Identifier: MIT */
/* buf.c - growable byte buffer with a sticky failure flag */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "kijang.h"
#include "mem.h"

void
kj_buf_init(kj_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void
kj_buf_free(kj_buf *b)
{
    kj_free(b->data);
    kj_buf_init(b);
}

void
kj_buf_reset(kj_buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->data)
        b->data[0] = '\0';
}

int
kj_buf_reserve(kj_buf *b, size_t n)
{
    void *p = b->data;

    if (b->failed)
        return -1;
    /* +1 keeps room for the terminating NUL. */
    if (n > (size_t)-1 - b->len - 1 ||
        kj_grow(&p, &b->cap, b->len + n + 1, 1) != KJ_OK) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->data[b->len] = '\0';
    return 0;
}

void
kj_buf_append(kj_buf *b, const void *p, size_t n)
{
    if (b->cap - b->len <= n && kj_buf_reserve(b, n) != 0)
        return;
    if (b->failed)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
kj_buf_puts(kj_buf *b, const char *s)
{
    kj_buf_append(b, s, strlen(s));
}

void
kj_buf_putc_slow(kj_buf *b, char c)
{
    if (b->cap - b->len <= 1 && kj_buf_reserve(b, 1) != 0)
        return;
    if (b->failed)
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void
kj_buf_putu(kj_buf *b, unsigned long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    kj_buf_append(b, tmp + i, sizeof tmp - i);
}

void
kj_buf_printf(kj_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (kj_buf_reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
