/* SPDX-License-Identifier: MIT */
/* wordbreak.c - word boundaries: libicu's word break iterator, and a fast
 * path that gives the same boundaries for common text
 *
 * The reference is ICU's word break iterator (UAX #29 plus ICU's dictionary
 * segmentation for Chinese, Japanese, Thai and similar scripts) run over the
 * UTF-8 text through a UText, so boundaries are byte offsets.
 *
 * The fast path implements the UAX #29 rules that matter for text made of
 * "simple" characters only: letters and digits of alphabetic scripts,
 * punctuation, symbols, spaces. The text is cut at ASCII white space, which
 * is a boundary on both sides whenever the next character is not Extend,
 * Format or ZWJ (rules WB3a, WB3b, WB3d, WB4, WB999), so each run between
 * white space can be segmented on its own. A run holding any other character
 * (combining marks, emoji sequences, Hebrew, Katakana, CJK, Thai...) goes to
 * ICU, together with the white-space character before it. A differential
 * test checks that both paths give the same pieces.
 */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "kijang.h"
#include "mem.h"
#include "utf8.h"
#include "wordbreak.h"

/* Word_Break classes the fast path knows; anything else is W_COMPLEX. */
enum {
    W_OTHER = 0,
    W_ALETTER,
    W_NUMERIC,
    W_MIDLETTER,
    W_MIDNUM,
    W_MIDNUMLET,   /* also Single_Quote outside Hebrew */
    W_EXTNUMLET,
    W_WSEG,
    W_NEWLINE,     /* CR, LF, Newline: a boundary on both sides */
    W_COMPLEX
};

/* Classes of U+0000..U+2FFF, built once from ICU's properties. */
#define KJ_WB_TABLE 0x3000
static const unsigned char ascii_space[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1
};

static inline int
is_ascii_space(unsigned char b)
{
    return ascii_space[b];
}

static unsigned char wb_table[KJ_WB_TABLE];
/* Bytes for plain runs: 1 joins with its kind (letters, digits, "@"),
 * 2 stands alone unless between two of kind 1, 0 anything else (white
 * space, non-ASCII, "_"). */
static unsigned char plain_cls[256];
static pthread_once_t wb_once = PTHREAD_ONCE_INIT;
/* Set when the self-check found this ICU segmenting differently from the
 * table: then ICU does all the work. */
static int fast_path_off;
static void check_window_masks(void);

static unsigned char
classify(UChar32 c)
{
    int wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);

    /* Scripts that ICU segments with dictionaries (Thai, Lao, Khmer,
     * Myanmar...) and emoji (which rule WB3c joins after ZWJ) need ICU. */
    if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT ||
        u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
        u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))
        return W_COMPLEX;
    switch (wb) {
    case U_WB_OTHER: return W_OTHER;
    case U_WB_ALETTER: return W_ALETTER;
    case U_WB_NUMERIC: return W_NUMERIC;
    case U_WB_MIDLETTER: return W_MIDLETTER;
    case U_WB_MIDNUM: return W_MIDNUM;
    case U_WB_MIDNUMLET: case U_WB_SINGLE_QUOTE: return W_MIDNUMLET;
    case U_WB_EXTENDNUMLET: return W_EXTNUMLET;
    case U_WB_WSEGSPACE: return W_WSEG;
    case U_WB_CR: case U_WB_LF: case U_WB_NEWLINE: return W_NEWLINE;
    case U_WB_DOUBLE_QUOTE: return W_OTHER; /* matters next to Hebrew only */
    default: return W_COMPLEX;
    }
}

static void
build_table(void)
{
    UChar32 c;

    for (c = 0; c < KJ_WB_TABLE; c++)
        wb_table[c] = (c >= 0xD800 && c <= 0xDFFF) ? W_COMPLEX : classify(c);
    /* ICU's word rules tailor UAX #29: "@" is a letter (e-mail addresses
     * stay whole) and ":" does not join letters. */
    wb_table['@'] = W_ALETTER;
    wb_table[':'] = W_OTHER;
    for (c = 0; c < 128; c++) {
        unsigned char k = wb_table[c];
        /* ASCII white space ends a run: never part of one; nor is a
         * control character (so that plain runs are printable) */
        plain_cls[c] = is_ascii_space((unsigned char)c) || c < 0x20 || c == 0x7F ? 0
                     : (k == W_ALETTER || k == W_NUMERIC) ? 1
                     : (k == W_OTHER || k == W_MIDLETTER || k == W_MIDNUM ||
                        k == W_MIDNUMLET) ? 2 : 0;
    }   /* bytes >= 0x80 stay 0: not plain */
    check_window_masks();
}

/* One character of a run: its offset and class. */
typedef struct wbchar {
    size_t off;
    unsigned char cls;
} wbchar;

struct kj_wb {
    UBreakIterator *bi;
    UText *ut;
    wbchar *run;           /* the run being segmented, reused */
    size_t cap_run;
};

static int same_pieces(const kj_pieces *a, const kj_pieces *b);
static void self_check(void);
static int kj_wb_segment_mode(kj_wb *wb, const char *t, size_t n, int icu_only,
                              kj_pieces *out);

kj_wb *
kj_wb_new(void)
{
    kj_wb *wb = kj_calloc(1, sizeof *wb);
    UErrorCode e = U_ZERO_ERROR;

    if (wb == NULL)
        return NULL;
    wb->bi = ubrk_open(UBRK_WORD, "id", NULL, 0, &e);
    if (U_FAILURE(e)) {
        kj_free(wb);
        return NULL;
    }
    pthread_once(&wb_once, self_check);
    return wb;
}

int
kj_wb_fast_path_ok(void)
{
    pthread_once(&wb_once, self_check);
    return !fast_path_off;
}

void
kj_wb_free(kj_wb *wb)
{
    if (wb == NULL)
        return;
    ubrk_close(wb->bi);
    utext_close(wb->ut);
    kj_free(wb->run);
    kj_free(wb);
}


/* Class of the character at t[i]; its length in *len. */
static inline unsigned char
class_at(const char *t, size_t n, size_t i, size_t *len)
{
    unsigned char b = (unsigned char)t[i];
    int32_t c;

    if (b < 0x80) {
        *len = 1;
        return wb_table[b];
    }
    c = kj_utf8_decode(t + i, n - i, len);
    return c < KJ_WB_TABLE ? wb_table[c] : W_COMPLEX;
}

static int
is_ahletter(int c)
{
    return c == W_ALETTER;
}

static inline int
push(kj_pieces *out, size_t start, size_t end)
{
    if (out->n == out->cap &&
        kj_grow((void **)&out->p, &out->cap, out->n + 1, sizeof *out->p) != KJ_OK)
        return KJ_ENOMEM;
    out->p[out->n].start = start;
    out->p[out->n].end = end;
    out->n++;
    return KJ_OK;
}

/* Segment the run c[0..nc) (ending at byte e) of simple characters with
 * UAX #29's rules. */
static int
fast_run(const wbchar *c, size_t nc, size_t e, kj_pieces *out)
{
    size_t i, start = c[0].off;

    for (i = 1; i < nc; i++) {
        int a = c[i - 1].cls, b = c[i].cls, join = 0;
        int a2 = i >= 2 ? c[i - 2].cls : -1, b2 = i + 1 < nc ? c[i + 1].cls : -1;

        if (a == W_WSEG && b == W_WSEG)
            join = 1;                                           /* WB3d */
        else if (is_ahletter(a) && is_ahletter(b))
            join = 1;                                           /* WB5 */
        else if (is_ahletter(a) && (b == W_MIDLETTER || b == W_MIDNUMLET) &&
                 is_ahletter(b2))
            join = 1;                                           /* WB6 */
        else if (is_ahletter(a2) && (a == W_MIDLETTER || a == W_MIDNUMLET) &&
                 is_ahletter(b))
            join = 1;                                           /* WB7 */
        else if (a == W_NUMERIC && b == W_NUMERIC)
            join = 1;                                           /* WB8 */
        else if (is_ahletter(a) && b == W_NUMERIC)
            join = 1;                                           /* WB9 */
        else if (a == W_NUMERIC && is_ahletter(b))
            join = 1;                                           /* WB10 */
        else if (a2 == W_NUMERIC && (a == W_MIDNUM || a == W_MIDNUMLET) &&
                 b == W_NUMERIC)
            join = 1;                                           /* WB11 */
        else if (a == W_NUMERIC && (b == W_MIDNUM || b == W_MIDNUMLET) &&
                 b2 == W_NUMERIC)
            join = 1;                                           /* WB12 */
        else if ((is_ahletter(a) || a == W_NUMERIC || a == W_EXTNUMLET) &&
                 b == W_EXTNUMLET)
            join = 1;                                           /* WB13a */
        else if (a == W_EXTNUMLET && (is_ahletter(b) || b == W_NUMERIC))
            join = 1;                                           /* WB13b */
        if (!join) {
            if (push(out, start, c[i].off) != KJ_OK)
                return KJ_ENOMEM;
            start = c[i].off;
        }
    }
    return push(out, start, e);
}

/* ---- plain runs ----------------------------------------------------------
 * The common case, without classifying every character: a run of ASCII
 * that is punctuation, then letters and digits, then punctuation ("(Jakarta),"
 * "2022.", "itu"), up to ASCII white space or the end. UAX #29 joins the
 * letters and digits (WB5, WB8-WB10) and nothing else: a mid-word or
 * mid-number character joins only between two letters or digits (WB6, WB7,
 * WB11, WB12), which this shape never has.
 *
 * Such runs are found 64 bytes at a time, from masks with one bit per byte:
 * letters and digits (plain_cls 1), ASCII white space, and the bytes that
 * are neither nor punctuation (plain_cls 0: "_", bytes >= 0x80). The masks
 * are made with SSE2 where the compiler has it, with 64-bit arithmetic
 * otherwise or with KJ_WB_PORTABLE defined (build with -DKJ_WB_PORTABLE to
 * test that path). build_table() checks them against plain_cls and
 * ascii_space for every byte value, and leaves only the byte loops of
 * plain_bytes() if one differs. */

#define KJ_WIN 64

/* Bit i of each mask is byte i of a window of KJ_WIN bytes. */
typedef struct winmask {
    uint64_t w;    /* letters and digits: plain_cls 1 */
    uint64_t s;    /* ASCII white space */
    uint64_t x;    /* neither, nor punctuation: plain_cls 0, not space */
} winmask;

/* Set when the masks agree with plain_cls and ascii_space for every byte. */
static int masks_ok;

/* Trailing zero bits of x, which is not 0. */
static inline unsigned
ctz64(uint64_t x)
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

#if defined(__SSE2__) && !defined(KJ_WB_PORTABLE)
#include <emmintrin.h>

/* 0xFF in the bytes b of v with lo <= b < lo + len (unsigned; lo >= 1,
 * lo + len <= 0x80), 0 in the others. */
static inline __m128i
sse_range(__m128i v, int lo, int len)
{
    __m128i d = _mm_add_epi8(v, _mm_set1_epi8((char)(signed char)(0x80 - lo)));

    return _mm_cmplt_epi8(d, _mm_set1_epi8((char)(signed char)(len - 0x80)));
}

/* The masks of the 16 bytes at b, shifted to bit `at`. */
static inline void
masks16(const unsigned char *b, unsigned at, winmask *m)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
    __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));     /* ASCII lower */
    __m128i w = _mm_or_si128(_mm_or_si128(sse_range(l, 'a', 26),
                                          sse_range(v, '0', 10)),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('@')));
    __m128i sp = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                              sse_range(v, '\t', 5));     /* \t \n \v \f \r */
    /* "_", a byte >= 0x80 (its high bit), or a control character: below
     * 0x20 (signed, as the bytes >= 0x80 are) but not white space, 0x7F */
    __m128i ctl = _mm_andnot_si128(sp, _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                                    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
    __m128i x = _mm_or_si128(_mm_or_si128(v, ctl), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));

    m->w |= (uint64_t)(unsigned)_mm_movemask_epi8(w) << at;
    m->s |= (uint64_t)(unsigned)_mm_movemask_epi8(sp) << at;
    m->x |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << at;
}

#else
#define KJ_ONES UINT64_C(0x0101010101010101)
#define KJ_HIGH (KJ_ONES * 0x80)

/* The 8 bytes at b, the first in the low bits. */
static inline uint64_t
load_le64(const unsigned char *b)
{
    uint64_t x = 0;
    int i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&x, b, 8);
    (void)i;
#else
    for (i = 0; i < 8; i++)
        x |= (uint64_t)b[i] << (8 * i);
#endif
    return x;
}

/* The high bit set in the bytes b of x7 (bytes < 0x80) with
 * lo <= b < lo + len (lo + len <= 0x80), clear elsewhere; no carry crosses
 * a byte. */
static inline uint64_t
swar_range(uint64_t x7, unsigned lo, unsigned len)
{
    return (x7 + KJ_ONES * (0x80 - lo)) & ~(x7 + KJ_ONES * (0x80 - lo - len)) &
           KJ_HIGH;
}

/* Bit i set where byte i of h has its high bit. */
static inline uint64_t
swar_bits(uint64_t h)
{
    return ((h & KJ_HIGH) * UINT64_C(0x0002040810204081)) >> 56;
}

/* The masks of the 8 bytes at b, shifted to bit `at`. */
static inline void
masks8(const unsigned char *b, unsigned at, winmask *m)
{
    uint64_t x = load_le64(b);
    uint64_t ascii = ~x & KJ_HIGH, x7 = x & ~KJ_HIGH;
    uint64_t w = (swar_range(x7 | KJ_ONES * 0x20, 'a', 26) |
                  swar_range(x7, '0', 10) | swar_range(x7, '@', 1)) & ascii;
    uint64_t sp = (swar_range(x7, ' ', 1) | swar_range(x7, '\t', 5)) & ascii;

    m->w |= swar_bits(w) << at;
    m->s |= swar_bits(sp) << at;
    m->x |= swar_bits(~ascii | swar_range(x7, '_', 1) |
                      ((swar_range(x7, 0, 0x20) | swar_range(x7, 0x7F, 1)) & ascii & ~sp))
            << at;
}

/* The masks of the 16 bytes at b, shifted to bit `at`. */
static inline void
masks16(const unsigned char *b, unsigned at, winmask *m)
{
    masks8(b, at, m);
    masks8(b + 8, at + 8, m);
}
#endif

/* The masks of the first 16 * nb bytes at b (nb <= KJ_WIN / 16), which
 * must all be readable; the bits of the others are 0. */
static inline void
window_masks(const unsigned char *b, unsigned nb, winmask *m)
{
    unsigned k;

    m->w = m->s = m->x = 0;
    for (k = 0; k < nb; k++)
        masks16(b + 16 * k, 16 * k, m);
}

/* Check window_masks() against plain_cls and ascii_space: every byte value
 * at eight positions, every position with 32 values. Sets masks_ok. */
static void
check_window_masks(void)
{
    unsigned char b[KJ_WIN];
    winmask m;
    unsigned rot, base, k;

    masks_ok = 1;
    for (rot = 0; rot < 8; rot++)
        for (base = 0; base < 256; base += KJ_WIN) {
            for (k = 0; k < KJ_WIN; k++)
                b[k] = (unsigned char)(base + (k + rot) % KJ_WIN);
            window_masks(b, KJ_WIN / 16, &m);
            for (k = 0; k < KJ_WIN; k++)
                if (((m.w >> k) & 1u) != (plain_cls[b[k]] == 1) ||
                    ((m.s >> k) & 1u) != (unsigned)is_ascii_space(b[k]) ||
                    ((m.x >> k) & 1u) != (plain_cls[b[k]] == 0 &&
                                          !is_ascii_space(b[k])))
                    masks_ok = 0;
        }
}

/* Write the pieces of the plain run t[s..e) whose letters and digits are
 * t[w0..w1) (s <= w0 <= w1 <= e) from p on: one piece per byte before and
 * after them, one for them unless empty (e - s pieces at most). Returns the
 * end of what it wrote. */
static kj_piece *
put_plain(kj_piece *p, size_t s, size_t w0, size_t w1, size_t e)
{
    size_t i;

    for (i = s; i < w0; i++, p++) {
        p->start = i;
        p->end = i + 1;
    }
    if (w1 > w0) {
        p->start = w0;
        p->end = w1;
        p++;
    }
    for (i = w1; i < e; i++, p++) {
        p->start = i;
        p->end = i + 1;
    }
    return p;
}

/* Bits of the window m that make their run not plain: the bytes in m.x, and
 * letters or digits after punctuation that follows letters or digits
 * ("a.b", "1,5"). Bit KJ_WIN - 1 is set too. */
static inline uint64_t
window_bad(const winmask *m)
{
    uint64_t p = ~(m->w | m->s | m->x);                 /* punctuation */
    uint64_t wend = m->w & ~(m->w >> 1);                /* a word's last byte */
    uint64_t after = (wend << 1) & p;      /* punctuation starting after one */
    /* the carry runs through each such stretch of punctuation, to the byte
     * after it */
    uint64_t next = (after + p) & ~p;

    return m->x | (next & m->w) | UINT64_C(1) << (KJ_WIN - 1);
}

/* Segment the plain runs in the window of KJ_WIN bytes whose masks are m,
 * which holds t[s..s+KJ_WIN), or t[s..s+lim) then white space when
 * lim < KJ_WIN; t[s] is not white space. Goes from run to run over the white space between them,
 * and stops at a run that is not plain, at one that does not end before the
 * window's last byte, or at the window's end; *end is where it stopped.
 * Returns 1 when it stopped at a run that is not plain (*end: its start),
 * -1 when the first run is too long (*end = s), 0 otherwise. Needs
 * out->cap >= out->n + KJ_WIN (a run's common case writes one piece more
 * than it counts). */
static inline int
plain_window(winmask m, size_t s, size_t lim, kj_pieces *out, size_t *end)
{
    kj_piece *q = out->p + out->n;
    uint64_t stop = m.s | UINT64_C(1) << (KJ_WIN - 1), bad = window_bad(&m);
    unsigned o = 0, r, w1, tail;
    int ret = 0;

    for (;;) {
        size_t at = s + o, e1;

        r = ctz64(stop >> o);               /* the run is t[at..at+r) */
        if (o + r == KJ_WIN - 1) {
            ret = o == 0 ? -1 : 0;
            break;
        }
        if (ctz64(bad >> o) < r) {
            ret = 1;
            break;
        }
        /* punctuation, letters and digits, punctuation */
        w1 = ctz64(~(m.w >> o));            /* <= r: t[at+r] is white space */
        tail = r - w1;
        if ((w1 != 0) & (tail <= 1)) {      /* "word" or "word," */
            e1 = at + w1;
            q[0].start = at;
            q[0].end = e1;
            q[1].start = e1;                /* counted only when tail is 1 */
            q[1].end = e1 + 1;
            q += 1 + tail;
        } else {
            uint64_t w = (m.w >> o) & ((UINT64_C(1) << r) - 1);
            unsigned w0 = w ? ctz64(w) : r;

            w1 = w ? w0 + ctz64(~(w >> w0)) : r;
            q = put_plain(q, at, at + w0, at + w1, at + r);
        }
        o += r;
        o += ctz64(~(m.s >> o));            /* the white space after it */
        if (o >= KJ_WIN - 1)
            break;
    }
    out->n = (size_t)(q - out->p);
    *end = s + (o < lim ? o : lim);
    return ret;
}

/* The run at t[s] (not white space) byte by byte: when plain, append its
 * pieces, set *end past it and return 0 (*rc set on failure); return 1 and
 * append nothing otherwise. */
static int
plain_bytes(const char *t, size_t s, size_t n, kj_pieces *out, int *rc,
            size_t *end)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = s, w0, w1;

    while (i < n && plain_cls[u[i]] == 2)
        i++;
    w0 = i;
    while (i < n && plain_cls[u[i]] == 1)
        i++;
    w1 = i;
    while (i < n && plain_cls[u[i]] == 2)
        i++;
    if (i < n && !is_ascii_space(u[i]))
        return 1;
    *end = i;
    *rc = kj_grow((void **)&out->p, &out->cap, out->n + (i - s),
                  sizeof *out->p);
    if (*rc == KJ_OK)
        out->n = (size_t)(put_plain(out->p + out->n, s, w0, w1, i) - out->p);
    return 0;
}

/* Append the pieces of the plain runs from t[s] (not white space) on, as far
 * as it goes; *end is where it stopped (*rc set on failure, then stop).
 * Returns 1 when it stopped at the start of a run that is not plain, which
 * the caller segments, 0 otherwise. */
static int
plain_runs(const char *t, size_t s, size_t n, kj_pieces *out, int *rc,
           size_t *end)
{
    unsigned char pad[KJ_WIN];
    size_t lim = n - s;
    winmask m;
    int k;

    if (!masks_ok)
        return plain_bytes(t, s, n, out, rc, end);
    if (lim >= KJ_WIN)
        window_masks((const unsigned char *)t + s, KJ_WIN / 16, &m);
    else {      /* the text's end: a copy, as many blocks as it needs */
        memset(pad, ' ', sizeof pad);
        memcpy(pad, t + s, lim);
        window_masks(pad, (unsigned)(lim + 15) / 16, &m);
        m.s |= ~UINT64_C(0) << lim;                 /* white space after */
    }
    *rc = kj_grow((void **)&out->p, &out->cap, out->n + KJ_WIN, sizeof *out->p);
    if (*rc != KJ_OK)
        return 0;
    k = plain_window(m, s, lim, out, end);
    return k >= 0 ? k : plain_bytes(t, s, n, out, rc, end);
}

/* ICU over t[s..e): append its segments. */
static int
icu_range(kj_wb *wb, const char *t, size_t s, size_t e, kj_pieces *out)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t prev, b;

    /* UText takes 64-bit lengths but boundaries are int32_t. */
    if (e - s > INT32_MAX)
        return KJ_EINVAL;
    wb->ut = utext_openUTF8(wb->ut, t + s, (int64_t)(e - s), &err);
    ubrk_setUText(wb->bi, wb->ut, &err);
    if (U_FAILURE(err))
        return KJ_ENOMEM;
    prev = ubrk_first(wb->bi);
    while ((b = ubrk_next(wb->bi)) != UBRK_DONE) {
        if (push(out, s + (size_t)prev, s + (size_t)b) != KJ_OK)
            return KJ_ENOMEM;
        prev = b;
    }
    return KJ_OK;
}

/* Does the piece start and end with printable ASCII (nothing to trim)? */
static inline int
printable_ends(const char *t, const kj_piece *p)
{
    unsigned char a, z;

    if (p->start >= p->end)
        return 0;
    a = (unsigned char)t[p->start];
    z = (unsigned char)t[p->end - 1];
    return a > 0x20 && a < 0x7F && z > 0x20 && z < 0x7F;
}

static int
kj_wb_segment_mode(kj_wb *wb, const char *t, size_t n, int icu_only,
                   kj_pieces *out)
{
    size_t i = 0;
    int rc = KJ_OK;

    out->n = 0;
    out->printable = 0;
    if (icu_only)
        return icu_range(wb, t, 0, n, out);
    out->printable = 1;   /* plain runs are: the others are checked */
    while (i < n && rc == KJ_OK) {
        size_t s, nc = 0, len, from;
        int complex = 0;

        if (is_ascii_space((unsigned char)t[i])) {
            i++;
            continue;
        }
        /* Plain runs, then one that is not, up to the next ASCII white
         * space. */
        if (!plain_runs(t, i, n, out, &rc, &i) || rc != KJ_OK)
            continue;
        s = i;
        while (i < n && !is_ascii_space((unsigned char)t[i])) {
            unsigned char c = class_at(t, n, i, &len);
            if (nc == wb->cap_run &&
                kj_grow((void **)&wb->run, &wb->cap_run, nc + 1,
                        sizeof *wb->run) != KJ_OK)
                return KJ_ENOMEM;
            wb->run[nc].off = i;
            wb->run[nc].cls = c;
            nc++;
            complex |= c == W_COMPLEX || c == W_NEWLINE;
            i += len;
        }
        from = out->n;
        if (!complex)
            rc = fast_run(wb->run, nc, i, out);
        else
            /* The white space before the run goes along: an Extend or
             * Format character at the start attaches to it (WB4). */
            rc = icu_range(wb, t, s > 0 ? s - 1 : s, i, out);
        for (; from < out->n && out->printable; from++)
            out->printable = printable_ends(t, &out->p[from]);
    }
    return rc;
}

int
kj_wb_segment(kj_wb *wb, const char *t, size_t n, int icu_only,
              kj_pieces *out)
{
    return kj_wb_segment_mode(wb, t, n, icu_only || fast_path_off, out);
}

static int
same_pieces(const kj_pieces *a, const kj_pieces *b)
{
    size_t i;

    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (a->p[i].start != b->p[i].start || a->p[i].end != b->p[i].end)
            return 0;
    return 1;
}

/* Build the table, then make sure this ICU agrees with it: every printable
 * ASCII character and some common others, between letters and digits. A
 * newer ICU with other tailorings turns the fast path off rather than give
 * different tokens. */
static void
self_check(void)
{
    static const char *const extra[] = {
        "\xE2\x80\x99", "\xE2\x80\x98", "\xE2\x80\x9C", "\xE2\x80\x94",
        "\xE2\x80\x93", "\xE2\x80\xA6", "\xC2\xB7", "\xC2\xB0", "\xE2\x82\xAC",
        "\xC3\xA9", "\xC3\x9F", "\xC2\xA0", "\xE2\x80\xA2", "\xE2\x80\xA4",
    };
    static const char *const ctx[][2] = {
        {"a", "a"}, {"1", "1"}, {"a", "1"}, {"1", "a"}, {"", "a"}, {"a", ""},
        {"", "1"}, {"1", ""}, {"_", "a"}, {"a", "_"},
    };
    kj_wb *wb = kj_calloc(1, sizeof *wb);
    kj_pieces fast = {NULL, 0, 0, 0}, icu = {NULL, 0, 0, 0};
    UErrorCode e = U_ZERO_ERROR;
    char s[32], ch[8];
    size_t c, k;

    build_table();
    if (wb == NULL)
        goto off;
    wb->bi = ubrk_open(UBRK_WORD, "id", NULL, 0, &e);
    if (U_FAILURE(e))
        goto off;
    for (c = 0x21; c < 0x7F + sizeof extra / sizeof extra[0]; c++) {
        if (c < 0x7F) {
            ch[0] = (char)c;
            ch[1] = '\0';
        } else if (c == 0x7F)
            continue;
        else
            snprintf(ch, sizeof ch, "%s", extra[c - 0x80]);
        for (k = 0; k < sizeof ctx / sizeof ctx[0]; k++) {
            int n = snprintf(s, sizeof s, "%s%s%s", ctx[k][0], ch, ctx[k][1]);
            if (kj_wb_segment_mode(wb, s, (size_t)n, 0, &fast) != 0 ||
                kj_wb_segment_mode(wb, s, (size_t)n, 1, &icu) != 0 ||
                !same_pieces(&fast, &icu))
                goto off;
        }
    }
    goto done;
off:
    fast_path_off = 1;
done:
    kj_free(fast.p);
    kj_free(icu.p);
    kj_wb_free(wb);
}
