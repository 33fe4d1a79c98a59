/* SPDX-License-Identifier: MIT */
/* wordbreak.h - word boundaries: libicu's iterator and a fast path */
#ifndef KJ_WORDBREAK_H
#define KJ_WORDBREAK_H

#include <stddef.h>

/* A segment between two word boundaries: bytes [start, end). */
typedef struct kj_piece {
    size_t start;
    size_t end;
} kj_piece;

typedef struct kj_pieces {
    kj_piece *p;
    size_t n, cap;
    int printable;   /* every piece starts and ends with printable ASCII */
} kj_pieces;

typedef struct kj_wb kj_wb;

/* A word breaker (one ICU iterator; not for two threads at once), or NULL.
 * Free with kj_wb_free(). */
kj_wb *kj_wb_new(void);
void kj_wb_free(kj_wb *wb);

/* Segment t[0..n) (valid UTF-8) into out (emptied first).
 * With icu_only, every segment ICU reports, white space included. Without,
 * the fast path: the same segments except that runs of ASCII white space
 * may be left out or cut differently (white space is never part of a token,
 * so tokens come out the same; tests/unit/test_tokenize.c checks it).
 * Returns KJ_OK, KJ_ENOMEM, or KJ_EINVAL for texts of 2 GiB and more
 * (beyond ICU's int32_t offsets). */
int kj_wb_segment(kj_wb *wb, const char *t, size_t n, int icu_only,
                  kj_pieces *out);

/* Does the fast path run? It is off when the self-check at start-up found
 * this ICU tailoring its word rules differently from what it knows. */
int kj_wb_fast_path_ok(void);

#endif
