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
/* Bytes for plain_run(): 1 joins with its kind (letters, digits, "@"),
 * 2 stands alone unless between two of kind 1, 0 anything else (white
 * space, non-ASCII, "_"). */
static unsigned char plain_cls[256];
static pthread_once_t wb_once = PTHREAD_ONCE_INIT;
/* Set when the self-check found this ICU segmenting differently from the
 * table: then ICU does all the work. */
static int fast_path_off;

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
        /* ASCII white space ends a run: never part of one */
        plain_cls[c] = is_ascii_space((unsigned char)c) ? 0
                     : (k == W_ALETTER || k == W_NUMERIC) ? 1
                     : (k == W_OTHER || k == W_MIDLETTER || k == W_MIDNUM ||
                        k == W_MIDNUMLET) ? 2 : 0;
    }   /* bytes >= 0x80 stay 0: not plain */
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

/* The common case, without classifying every character: a run of ASCII
 * that is punctuation, then letters and digits, then punctuation ("(Jakarta),"
 * "2022.", "itu"), up to ASCII white space or the end. UAX #29 joins the
 * letters and digits (WB5, WB8-WB10) and nothing else: a mid-word or
 * mid-number character joins only between two letters or digits (WB6, WB7,
 * WB11, WB12), which this shape never has. Returns 1 when the run at s had
 * that shape: its pieces are appended and *end is where it stopped (*rc set
 * on failure); 0 and nothing appended otherwise. */
static int
plain_run(const char *t, size_t s, size_t n, kj_pieces *out, int *rc,
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
        return 0;
    *rc = KJ_OK;
    for (*end = i, i = s; i < w0 && *rc == KJ_OK; i++)
        *rc = push(out, i, i + 1);
    if (w1 > w0 && *rc == KJ_OK)
        *rc = push(out, w0, w1);
    for (i = w1; i < *end && *rc == KJ_OK; i++)
        *rc = push(out, i, i + 1);
    return 1;
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

static int
kj_wb_segment_mode(kj_wb *wb, const char *t, size_t n, int icu_only,
                   kj_pieces *out)
{
    size_t i = 0;
    int rc = KJ_OK;

    out->n = 0;
    if (icu_only)
        return icu_range(wb, t, 0, n, out);
    while (i < n && rc == KJ_OK) {
        size_t s, nc = 0, len;
        int complex = 0;

        if (is_ascii_space((unsigned char)t[i])) {
            i++;
            continue;
        }
        /* One run up to the next ASCII white space. */
        s = i;
        if (plain_run(t, s, n, out, &rc, &i))
            continue;
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
        if (!complex)
            rc = fast_run(wb->run, nc, i, out);
        else
            /* The white space before the run goes along: an Extend or
             * Format character at the start attaches to it (WB4). */
            rc = icu_range(wb, t, s > 0 ? s - 1 : s, i, out);
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
    kj_pieces fast = {NULL, 0, 0}, icu = {NULL, 0, 0};
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
