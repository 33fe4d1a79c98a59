/* SPDX-License-Identifier: MIT */
/* buf.h - growable byte buffer with a sticky failure flag
 *
 * Writers append freely and check `failed` once before they flush: after the
 * first allocation failure every append is a no-op and `failed` stays set.
 * `data` is always NUL-terminated when `len > 0` and not failed, so a buffer
 * holding text can be passed to functions that want a C string.
 */
#ifndef KJ_BUF_H
#define KJ_BUF_H

#include <stddef.h>

typedef struct kj_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} kj_buf;

void kj_buf_init(kj_buf *b);
void kj_buf_free(kj_buf *b);
/* Forget the contents, keep the capacity, clear `failed`. */
void kj_buf_reset(kj_buf *b);
/* Make room for `n` more bytes; 0 on success, -1 (and `failed` set) if not. */
int kj_buf_reserve(kj_buf *b, size_t n);
void kj_buf_append(kj_buf *b, const void *p, size_t n);
void kj_buf_puts(kj_buf *b, const char *s);
void kj_buf_putc_slow(kj_buf *b, char c);
/* Append one byte (inline: the writers call it for every separator). */
static inline void
kj_buf_putc(kj_buf *b, char c)
{
    if (b->cap - b->len > 1 && !b->failed) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
    } else {
        kj_buf_putc_slow(b, c);
    }
}
/* Append the decimal form of `v`. */
void kj_buf_putu(kj_buf *b, unsigned long long v);
void kj_buf_printf(kj_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
