/* SPDX-License-Identifier: MIT */
/* utf8.h - UTF-8 validation, decoding and offset units
 *
 * Validation follows the Unicode Standard's table of well-formed byte
 * sequences (no overlongs, no surrogates, nothing above U+10FFFF).
 */
#ifndef KJ_UTF8_H
#define KJ_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the longest prefix of p[0..n) that is well-formed UTF-8. */
size_t kj_utf8_valid_prefix(const char *p, size_t n);

/* p[0..n) starts with an ill-formed sequence (n > 0): the length of its
 * maximal subpart (Unicode's "maximal subpart of an ill-formed subsequence"),
 * which is one U+FFFD when replaced. Always 1..3. */
size_t kj_utf8_invalid_length(const char *p, size_t n);

/* Decode the code point at p[0..n) of well-formed text; its length in *len. */
int32_t kj_utf8_decode(const char *p, size_t n, size_t *len);

/* Counts code points (units = 0) or UTF-16 code units (units = 1) of
 * well-formed text, converting increasing byte offsets in one pass.
 * Converting offset o costs O(o - previous o). */
typedef struct kj_offconv {
    const unsigned char *text;
    size_t byte;   /* byte offset reached */
    size_t count;  /* units before `byte` */
    int utf16;
} kj_offconv;

void kj_offconv_init(kj_offconv *c, const char *text, int utf16);
/* Units before byte `off`. A smaller offset than the last restarts. */
size_t kj_offconv_units(kj_offconv *c, size_t off);

#endif
