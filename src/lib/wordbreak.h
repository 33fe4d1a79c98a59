/* SPDX-License-Identifier: MIT */
/* wordbreak.h - word boundaries: libicu's iterator and a fast path */
#ifndef KJ_WORDBREAK_H
#define KJ_WORDBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "kijang.h"

/* A segment between two word boundaries: bytes [start, end). A token's
 * layout: the pieces of plain runs go out as tokens as they are. */
typedef kj_token kj_piece;

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

/* Append the pieces of the run at t[s] (not ASCII white space; s == 0 or
 * t[s - 1] is ASCII white space) up to the next ASCII white space, as
 * kj_wb_segment's fast path cuts them, to out (out->printable cleared when
 * one of them does not start and end with printable ASCII); *end is set
 * past the run and the white space after it. Returns KJ_OK or KJ_ENOMEM. */
int kj_wb_segment_run(kj_wb *wb, const char *t, size_t n, size_t s,
                      kj_pieces *out, size_t *end);

/* ---- the fast path's windows ---------------------------------------------
 * A plain run is a run of printable ASCII up to ASCII white space (or the
 * text's ends) without "_", "#" or "@" ("(Jakarta),", "2022.", "M.Si",
 * "1.500", "a,b"). UAX #29 makes a piece of each stretch of letters and
 * digits (WB5, WB8-WB10) together with each "." or "'" between two letters
 * or two digits and each "," or ";" between two digits (WB6, WB7, WB11,
 * WB12), and one of each other byte: nothing else in ASCII joins (ICU's
 * ":" does not). The text is looked at 64 bytes at a time, as masks with
 * one bit per byte (bit i: byte i of the window). */
#define KJ_WB_WIN 64

typedef struct kj_wbwin {
    uint64_t word;   /* letters and digits, and the punctuation joined to
                        them (so that a piece is a stretch of word bytes,
                        or one punct byte) */
    uint64_t joined; /* that punctuation */
    uint64_t space;  /* ASCII white space; bytes past the text */
    uint64_t punct;  /* printable ASCII but for those, "_", "#" and "@" */
    uint64_t bad;    /* bytes whose run is left to kj_wb_segment_run():
                        all but those (non-ASCII, controls, "_", and "#" and
                        "@", which the tokenizer's rules look at) */
    uint64_t rule;   /* "$" "-" ":" "/" "." "!" "?", which the tokenizer's
                        rules look at */
    uint64_t digit;  /* 0-9 */
} kj_wbwin;

/* Inlined always, also into functions built for other instruction sets
 * (tokenize.c's tokenize_windows_bmi). */
#if defined(__GNUC__)
#define KJ_WB_INLINE static inline __attribute__((always_inline))
#else
#define KJ_WB_INLINE static inline
#endif

/* Trailing zero bits of x, which is not 0. */
static inline unsigned
kj_ctz64(uint64_t x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned k = 0;

    while (!(x & 1u)) {
        x >>= 1;
        k++;
    }
    return k;
#endif
}

/* Leading zero bits of x, which is not 0. */
static inline unsigned
kj_clz64(uint64_t x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_clzll(x);
#else
    unsigned k = 0;

    while (!(x >> 63)) {
        x <<= 1;
        k++;
    }
    return k;
#endif
}

/* The state of a scan over a text with kj_wb_window(): the masks of the
 * two blocks of 64 bytes it looks at, block k in m[k % 2] (private to
 * wordbreak.c and wordbreak.h), in this order: */
enum {
    KJ_WB_M_W,       /* letters and digits */
    KJ_WB_M_S,       /* ASCII white space */
    KJ_WB_M_X,       /* bytes of kj_wbwin.bad but for the runs not plain */
    KJ_WB_M_RULE,    /* kj_wbwin.rule */
    KJ_WB_M_DIGIT,   /* kj_wbwin.digit */
    KJ_WB_M_MNL,     /* "." "'": join two letters or two digits */
    KJ_WB_M_MN,      /* "," ";": join two digits */
    KJ_WB_NMASK
};
typedef struct kj_wbscan {
    const char *t;
    size_t n;
    size_t blk;                    /* blocks blk and blk + 1 are in m */
    /* (rows of 8 masks, the last unused: a row is found by a shift) */
    uint64_t m[2][KJ_WB_NMASK + 1];
    uint64_t *stops;               /* kj_wb_scan_init() */
    size_t nstops;
    /* kj_wb_scan_to(), or its AVX2 way (chosen by kj_wb_scan_init()) */
    void (*to)(struct kj_wbscan *sc, size_t k);
} kj_wbscan;

/* Can kj_wb_window() be used? (Its masks passed their check at start-up
 * and the fast path is on.) */
int kj_wb_windows_ok(void);

/* 0 makes the segmenter and the tokenizer take their 16-byte and
 * non-BMI ways even where the processor has AVX2 and BMI, 1 (the start)
 * lets them use those where it has them: so that the tests run both ways
 * on any machine. Not for use with documents in flight. */
void kj_wb_set_wide_isa(int on);
/* May the AVX2 and BMI ways run (kj_wb_set_wide_isa())? */
int kj_wb_wide_isa(void);
/* Has the processor AVX2, BMI1 and BMI2, and did the AVX2 way's masks
 * pass their check at start-up (they are used unless kj_wb_set_wide_isa()
 * turned them off)? 0 where the AVX2 way is not built. */
int kj_wb_avx2_ok(void);

/* Start a scan of t[0..n). Unless stops is NULL, it has room for a mask
 * per block of 64 bytes ((n + 63) / 64): bit j of stops[b] is set for byte
 * 64 b + j when it is ".", "!", "?", a tab or a line end (ASCII white space
 * but " "), or non-ASCII, and for some other bytes, none past n; every
 * block the scan looks at is written, and the others by
 * kj_wb_scan_finish(). */
void kj_wb_scan_init(kj_wbscan *sc, const char *t, size_t n, uint64_t *stops);

/* Write the stops of the blocks the scan did not look at. */
void kj_wb_scan_finish(kj_wbscan *sc);

/* Make blocks k and k + 1 the scan's (for kj_wb_window()). */
void kj_wb_scan_to(kj_wbscan *sc, size_t k);

/* The masks of t[at..at+64) (at < n, and not below the `at` of the call
 * before); bytes past n count as white space. Each block of 64 bytes is
 * classified once while `at` grows by less than 64 bytes from call to
 * call. */
KJ_WB_INLINE void
kj_wb_window(kj_wbscan *sc, size_t at, kj_wbwin *win)
{
    size_t k = at / KJ_WB_WIN;
    unsigned o = (unsigned)(at % KJ_WB_WIN);
    const uint64_t *lo, *hi;
    uint64_t w, d, l, s, x, mnl, mn, join;

    if (k != sc->blk)
        sc->to(sc, k);
    lo = sc->m[k & 1];
    hi = sc->m[(k + 1) & 1];
    /* hi's bits after lo's (shifted in two steps: o may be 0) */
#define KJ_WB_SHIFT(i) (lo[i] >> o | (hi[i] << 1) << (KJ_WB_WIN - 1 - o))
    w = KJ_WB_SHIFT(KJ_WB_M_W);
    s = KJ_WB_SHIFT(KJ_WB_M_S);
    x = KJ_WB_SHIFT(KJ_WB_M_X);
    d = KJ_WB_SHIFT(KJ_WB_M_DIGIT);
    mnl = KJ_WB_SHIFT(KJ_WB_M_MNL);
    mn = KJ_WB_SHIFT(KJ_WB_M_MN);
    win->rule = KJ_WB_SHIFT(KJ_WB_M_RULE);
#undef KJ_WB_SHIFT
    l = w & ~d;
    /* between two letters or two digits (the window starts a run: nothing
     * before bit 0 joins) */
    join = (mnl & ((l << 1 & l >> 1) | (d << 1 & d >> 1))) | (mn & d << 1 & d >> 1);
    win->digit = d;
    win->joined = join;
    win->word = w | join;
    win->space = s;
    win->punct = ~(w | join | s | x);
    win->bad = x;
}

/* The bits of the first bytes of the pieces of plain runs in the window m
 * (*first), and of their last bytes (*last). */
static inline void
kj_wb_piece_bits(const kj_wbwin *m, uint64_t *first, uint64_t *last)
{
    *first = (m->word & ~(m->word << 1)) | m->punct;
    *last = (m->word & ~(m->word >> 1)) | m->punct;
}

/* The longest prefix of the window m (which starts with white space or at a
 * run's start) that holds only white space and whole plain runs without a
 * bit of m->bad or `bad`; a run that reaches the window's last byte, unless
 * that is white space, is not whole. Returns its length, and the bits of
 * its pieces' first bytes in *first, of their last bytes in *last (as
 * many); *stop is 1 when a run that is not such follows the prefix, 0 when
 * the window ends or a run that reaches its end follows. */
static inline unsigned
kj_wb_prefix(const kj_wbwin *m, uint64_t bad, uint64_t *first, uint64_t *last,
             int *stop)
{
    uint64_t keep, below, low;
    uint64_t end = ~m->space & UINT64_C(1) << (KJ_WB_WIN - 1);
    unsigned c;

    /* a run that reaches the last byte may go on past the window */
    bad |= m->bad;
    low = (bad | end) & (0 - (bad | end));    /* the first such byte */
    *stop = (low & bad) != 0;
    /* the white space before it (all of it when there is none) ends the
     * prefix */
    below = m->space & (low - 1);
    if (below == 0) {
        *first = *last = 0;
        return 0;
    }
    c = kj_clz64(below);
    keep = ~UINT64_C(0) >> c;
    kj_wb_piece_bits(m, first, last);
    *first &= keep;
    *last &= keep;
    return KJ_WB_WIN - c;
}


/* The end (a bit number) of the run that starts at bit `at` of the window m
 * when it is plain and ends before the window's last byte or at white space
 * there; 0 otherwise. */
static inline unsigned
kj_wb_run_end(const kj_wbwin *m, unsigned at)
{
    uint64_t from = ~UINT64_C(0) << at, sp = m->space & from;
    unsigned e;

    if (sp == 0)
        return 0;   /* it may go on past the window */
    e = kj_ctz64(sp);
    return (m->bad & from & ((UINT64_C(1) << e) - 1)) ? 0 : e;
}

/* Write the pieces of a window at byte `base` whose first bytes are the
 * bits of `first` and last bytes those of `last` (as many), in order, from
 * o on (room for as many); returns the end of what it wrote. */
static inline kj_piece *
kj_wb_put_pieces(kj_piece *o, size_t base, uint64_t first, uint64_t last)
{
    for (; first != 0; first &= first - 1, last &= last - 1, o++) {
        o->start = base + kj_ctz64(first);
        o->end = base + kj_ctz64(last) + 1;
    }
    return o;
}

/* Does the fast path run? It is off when the self-check at start-up found
 * this ICU tailoring its word rules differently from what it knows. */
int kj_wb_fast_path_ok(void);

#endif
