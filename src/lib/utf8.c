/* SPDX-License-Identifier: MIT */
/* utf8.c - UTF-8 validation, decoding and offset units */
#include <config.h>

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "utf8.h"

/* Length of the well-formed sequence at p (>= 1), or 0 if ill-formed; for an
 * ill-formed sequence *sub gets the length of its maximal subpart. */
static size_t
seq_len(const unsigned char *p, size_t n, size_t *sub)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t need, i;

    *sub = 1;
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        need = 2;
    else if (c < 0xF0) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    for (i = 1; i < need; i++) {
        if (i >= n || p[i] < lo || p[i] > hi) {
            *sub = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

/* The first i' >= i such that p[i'..i'+8) holds a byte >= 0x80 or goes past
 * n; an ASCII stretch is skipped 64 bytes at a time with SSE2, else 32. */
static size_t
skip_ascii(const unsigned char *p, size_t i, size_t n)
{
#ifdef __SSE2__
    while (i + 64 <= n) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))))
            break;
        i += 64;
    }
#else
    while (i + 32 <= n) {
        uint64_t w[4];
        memcpy(w, p + i, 32);
        if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL)
            break;
        i += 32;
    }
#endif
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    return i;
}

size_t
kj_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, len, sub;

    while (i < n) {
        /* ASCII runs are the common case */
        i = skip_ascii(p, i, n);
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        len = seq_len(p + i, n - i, &sub);
        if (len == 0)
            break;
        i += len;
    }
    return i;
}

size_t
kj_utf8_invalid_length(const char *s, size_t n)
{
    size_t sub;

    (void)seq_len((const unsigned char *)s, n, &sub);
    return sub;
}

int32_t
kj_utf8_decode(const char *s, size_t n, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;

    if (n == 0) {
        *len = 0;
        return -1;
    }
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    if (p[0] < 0xE0 && n >= 2) {
        *len = 2;
        return ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0 && n >= 3) {
        *len = 3;
        return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if (n >= 4) {
        *len = 4;
        return ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
               ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *len = 1;
    return 0xFFFD;
}

void
kj_offconv_init(kj_offconv *c, const char *text, int utf16)
{
    c->text = (const unsigned char *)text;
    c->byte = 0;
    c->count = 0;
    c->utf16 = utf16;
}

size_t
kj_offconv_units(kj_offconv *c, size_t off)
{
    if (off < c->byte) {
        c->byte = 0;
        c->count = 0;
    }
    while (c->byte < off) {
        unsigned char b = c->text[c->byte++];
        /* Every byte but a continuation byte starts a code point; a 4-byte
         * sequence is two UTF-16 units. */
        if ((b & 0xC0) != 0x80)
            c->count += (c->utf16 && b >= 0xF0) ? 2 : 1;
    }
    return c->count;
}
