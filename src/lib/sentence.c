/* SPDX-License-Identifier: MIT */
/* sentence.c - group a document's tokens into sentences
 *
 * libicu's sentence break iterator proposes the breaks; a break that falls
 * inside a token is ignored; then corrections for news text:
 *   - no break after a title abbreviation or an initial ("Dr. Budi",
 *     "Susilo B. Yudhoyono"), nor when the next token starts with a lower-case
 *     letter ("Budi dkk. meneliti", “Hebat!” kata Budi), nor after a list
 *     number where a list item starts ("1. Pertama", "Syarat: 1. Berusia");
 *   - line ends decide for themselves (ICU breaks at every one): a blank
 *     line always breaks (paragraphs); a single line end breaks too (a
 *     headline, a title-like line, a paragraph per line) unless the text
 *     plainly goes on: the next token starts with a lower-case letter, or the
 *     line ends with a comma, a colon, a hyphen or an opening bracket.
 */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "abbrev.h"
#include "mem.h"
#include "sentence.h"
#include "utf8.h"

struct kj_splitter {
    UBreakIterator *bi;
    UText *ut;
    int exhaustive;       /* iterate every ICU boundary (the reference) */
    /* the marked tokens (0..num_tokens), k << 2 | its MARK_* bits, by k,
     * each once (but while `unsorted`) */
    uint64_t *marks;
    size_t nmarks, cap_marks;
    int unsorted;         /* a mark came before one already made */
};

/* What may decide a break before token k; a token without a mark never
 * starts a sentence. */
enum {
    MARK_ICU = 1,   /* ICU breaks before it (line ends aside) */
    MARK_LINE = 2   /* the gap before it may hold a line end; every gap
                       that holds one is marked */
};

kj_splitter *
kj_splitter_new(void)
{
    kj_splitter *sp = kj_calloc(1, sizeof *sp);
    UErrorCode e = U_ZERO_ERROR;

    if (sp == NULL)
        return NULL;
    sp->bi = ubrk_open(UBRK_SENTENCE, "id", NULL, 0, &e);
    if (U_FAILURE(e)) {
        kj_free(sp);
        return NULL;
    }
    return sp;
}

void
kj_splitter_set_exhaustive(kj_splitter *sp, int on)
{
    sp->exhaustive = on;
}

void
kj_splitter_free(kj_splitter *sp)
{
    if (sp == NULL)
        return;
    ubrk_close(sp->bi);
    utext_close(sp->ut);
    kj_free(sp->marks);
    kj_free(sp);
}

static const char *
tok(const kj_doc *doc, size_t k, size_t *n)
{
    *n = doc->tokens[k].end - doc->tokens[k].start;
    return doc->text.data + doc->tokens[k].start;
}

static int
tok_is(const kj_doc *doc, size_t k, const char *s)
{
    size_t n;
    const char *t = tok(doc, k, &n);

    return n == strlen(s) && memcmp(t, s, n) == 0;
}

static int32_t
tok_first_cp(const kj_doc *doc, size_t k)
{
    size_t n, len;
    const char *t = tok(doc, k, &n);

    return kj_utf8_decode(t, n, &len);
}

static int
starts_lower(const kj_doc *doc, size_t k)
{
    int32_t c = tok_first_cp(doc, k);

    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* "M." or "B.J.": letters and periods, ending with a period, every letter
 * alone. */
static int
is_initials(const char *t, size_t n)
{
    size_t k;

    if (n < 2 || n % 2)
        return 0;
    for (k = 0; k < n; k++)
        if (k % 2 ? t[k] != '.' : !((t[k] >= 'A' && t[k] <= 'Z') ||
                                     (t[k] >= 'a' && t[k] <= 'z')))
            return 0;
    return 1;
}

/* A sentence never ends after the token t[0..n). */
static int
never_ends_text(const char *t, size_t n)
{
    switch (kj_abbrev_kind(t, n)) {
    case KJ_ABBREV_TITLE: return 1;
    case KJ_ABBREV_NONE: return is_initials(t, n);  /* names go on */
    default: return 0;                              /* the list decides */
    }
}

/* never_ends_text of every one-byte token ("." "?" ")": most tokens before
 * a break), built once. */
static unsigned char never_ends_byte[256];

/* A sentence never ends after token k. */
static int
never_ends_after(const kj_doc *doc, size_t k)
{
    size_t n;
    const char *t = tok(doc, k, &n);

    return n == 1 ? never_ends_byte[(unsigned char)*t] : never_ends_text(t, n);
}

/* Tokens k-2, k-1 are a list marker ("1." "2)" "a.") where a list item
 * starts: at the start of the sentence or of a line, or after a colon. */
static int
list_marker(const kj_doc *doc, size_t first, size_t k)
{
    size_t n, i, m;
    const char *t;

    if (k < first + 2)
        return 0;
    m = k - 2;
    t = tok(doc, m, &n);
    if (n == 0 || n > 3)
        return 0;
    for (i = 0; i < n; i++)
        if (!(t[i] >= '0' && t[i] <= '9') && !(n == 1 && t[i] >= 'a' && t[i] <= 'z'))
            return 0;
    if (!tok_is(doc, k - 1, ".") && !tok_is(doc, k - 1, ")"))
        return 0;
    if (m > first && tok_is(doc, m - 1, "("))
        m--;
    return m == first || tok_is(doc, m - 1, ":") ||
           memchr(doc->text.data + doc->tokens[m - 1].end, '\n',
                  doc->tokens[m].start - doc->tokens[m - 1].end) != NULL;
}

/* Line ends in the gap before token k: 0, 1, or 2 when two of them have
 * only white space between (a blank line). LF, CR, CRLF, VT, FF, NEL,
 * U+2028 and U+2029 end lines. */
static int
newlines_before(const kj_doc *doc, size_t k)
{
    const unsigned char *t = (const unsigned char *)doc->text.data;
    size_t i = doc->tokens[k - 1].end, to = doc->tokens[k].start;
    int any = 0, run = 0;

    if (to - i <= 1 && (i == to || t[i] == ' '))
        return 0;   /* adjacent, or one space: most tokens */
    while (i < to) {
        size_t len = 1;
        int end = 0;
        if (t[i] == '\r') {
            end = 1;
            if (i + 1 < to && t[i + 1] == '\n')
                len = 2;
        } else if (t[i] == '\n' || t[i] == '\v' || t[i] == '\f')
            end = 1;
        else if (t[i] == 0xC2 && i + 1 < to && t[i + 1] == 0x85)
            end = 1, len = 2;
        else if (t[i] == 0xE2 && i + 2 < to && t[i + 1] == 0x80 &&
                 (t[i + 2] == 0xA8 || t[i + 2] == 0xA9))
            end = 1, len = 3;
        if (end) {
            any = 1;
            if (++run == 2)
                return 2;
        } else if (t[i] != ' ' && t[i] != '\t')
            run = 0;  /* something else between the line ends */
        i += len;
    }
    return any;
}

/* A line that ends with one of these goes on in the next line. */
static int
continues_line(const kj_doc *doc, size_t k)
{
    return tok_is(doc, k, ",") || tok_is(doc, k, ":") || tok_is(doc, k, ";") ||
           tok_is(doc, k, "-") || tok_is(doc, k, "(") || tok_is(doc, k, "[") ||
           tok_is(doc, k, "\xE2\x80\x9C") /* “ */;
}

/* Sentence_Break classes of the BMP, from ICU's data, in blocks of 256 code
 * points built on first use (news text needs a few; the whole table would
 * cost 65,536 property lookups): sb_built[b] is set, with release, once
 * block b of sb_bmp is filled. Block 0 (ASCII) is built with the other
 * tables, once. */
static unsigned char sb_bmp[0x10000];
static unsigned char sb_built[256];
static pthread_mutex_t sb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void
build_sb_block(int32_t b)
{
    int32_t c;

    pthread_mutex_lock(&sb_lock);
    if (!__atomic_load_n(&sb_built[b], __ATOMIC_RELAXED)) {
        for (c = b << 8; c < (b + 1) << 8; c++)
            sb_bmp[c] = (unsigned char)u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
        __atomic_store_n(&sb_built[b], 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&sb_lock);
}

static void
build_tables(void)
{
    int c;

    build_sb_block(0);
    for (c = 0; c < 256; c++) {
        char b = (char)c;
        never_ends_byte[c] = (unsigned char)never_ends_text(&b, 1);
    }
}

static int
sb_class(int32_t c)
{
    if (c >= 0x10000)
        return u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    if (!__atomic_load_n(&sb_built[c >> 8], __ATOMIC_ACQUIRE))
        build_sb_block(c >> 8);
    return sb_bmp[c];
}

/* The character at t[i] and its class; its length in *len. Inline: most
 * calls are for ASCII, a table lookup. */
static inline int
sb_at(const char *t, size_t n, size_t i, size_t *len)
{
    unsigned char b = (unsigned char)t[i];

    if (b < 0x80) {
        *len = 1;
        return sb_bmp[b];
    }
    return sb_class(kj_utf8_decode(t + i, n - i, len));
}

/* The class of the character before t[i], skipping Extend and Format (SB5);
 * -1 at the start. */
static int
sb_before(const char *t, size_t i)
{
    while (i > 0) {
        size_t b = i - 1, len;
        int c;
        while (b > 0 && ((unsigned char)t[b] & 0xC0) == 0x80)
            b--;
        c = sb_at(t, i, b, &len);
        if (c != U_SB_EXTEND && c != U_SB_FORMAT)
            return c;
        i = b;
    }
    return -1;
}

/* Past Extend and Format characters from t[i] (SB5). */
static inline size_t
skip_ext(const char *t, size_t n, size_t i)
{
    size_t len;

    while (i < n) {
        int c = sb_at(t, n, i, &len);
        if (c != U_SB_EXTEND && c != U_SB_FORMAT)
            break;
        i += len;
    }
    return i;
}

static int
is_saterm(int c)
{
    return c == U_SB_ATERM || c == U_SB_STERM;
}

/* break_after_terminal() for an ASCII terminal t[p] followed by ASCII
 * bytes in the common cases, as its rules decide them (ASCII holds no
 * Extend or Format character): a line end ((size_t)-1: decided apart); a
 * digit or a small letter after "." ("1.500", "detik.com": -1, SB6, SB8);
 * a space and a capital ("Budi. Dia", "Ya? Dia": the capital, SB11).
 * Returns 0 for the others (a break never falls at byte 0). */
static inline size_t
break_after_ascii(const unsigned char *t, size_t n, size_t p, int term)
{
    int c1;

    if (t[p] >= 0x80 || p + 1 >= n || t[p + 1] >= 0x80)
        return 0;
    c1 = sb_bmp[t[p + 1]];
    if (c1 == U_SB_CR || c1 == U_SB_LF ||
        (term == U_SB_ATERM && (c1 == U_SB_NUMERIC || c1 == U_SB_LOWER)))
        return (size_t)-1;
    if (c1 == U_SB_SP && p + 2 < n && t[p + 2] < 0x80 &&
        sb_bmp[t[p + 2]] == U_SB_UPPER)
        return p + 2;
    return 0;
}

/* UAX #29 at a sentence-final character t[p] of class `term` (SB6-SB11):
 * where ICU breaks after it, or (size_t)-1 when it does not. */
static size_t
break_after_terminal(const char *t, size_t n, size_t p, int term)
{
    size_t len, q, i;
    int c, next;

    if ((q = break_after_ascii((const unsigned char *)t, n, p, term)) != 0)
        return q;
    (void)sb_at(t, n, p, &len);
    q = skip_ext(t, n, p + len);
    if (q < n && term == U_SB_ATERM) {
        next = sb_at(t, n, q, &len);
        if (next == U_SB_NUMERIC)                                /* SB6 */
            return (size_t)-1;
        if (next == U_SB_UPPER) {                                /* SB7 */
            int prev = sb_before(t, p);
            if (prev == U_SB_UPPER || prev == U_SB_LOWER)
                return (size_t)-1;
        }
    }
    while (q < n && sb_at(t, n, q, &len) == U_SB_CLOSE)          /* SB9 */
        q = skip_ext(t, n, q + len);
    while (q < n && sb_at(t, n, q, &len) == U_SB_SP)             /* SB10 */
        q = skip_ext(t, n, q + len);
    if (q >= n)
        return (size_t)-1;
    c = sb_at(t, n, q, &len);
    if (c == U_SB_SCONTINUE || is_saterm(c))                     /* SB8a */
        return (size_t)-1;
    if (c == U_SB_SEP || c == U_SB_CR || c == U_SB_LF)
        return (size_t)-1;  /* a line end: decided apart */
    if (term == U_SB_ATERM)                                      /* SB8 */
        for (i = q; i < n; i += len) {
            int d = sb_at(t, n, i, &len);
            if (d == U_SB_LOWER)
                return (size_t)-1;
            if (d == U_SB_UPPER || d == U_SB_OLETTER || d == U_SB_SEP ||
                d == U_SB_CR || d == U_SB_LF || is_saterm(d))
                break;
        }
    return q;                                                    /* SB11 */
}

/* Room for one more mark in sp->marks: KJ_OK or KJ_ENOMEM. */
static int
grow_marks(kj_splitter *sp)
{
    return kj_grow((void **)&sp->marks, &sp->cap_marks, sp->nmarks + 1,
                   sizeof *sp->marks);
}

/* Mark token k with the MARK_* bits `bits` (appended to sp->marks, or
 * added to its last mark when that is k's). Returns KJ_OK or KJ_ENOMEM. */
static inline int
add_mark(kj_splitter *sp, size_t k, unsigned bits)
{
    uint64_t last;

    if (sp->nmarks > 0 && (last = sp->marks[sp->nmarks - 1]) >> 2 >= k) {
        if (last >> 2 == k) {
            sp->marks[sp->nmarks - 1] = last | bits;
            return KJ_OK;
        }
        sp->unsorted = 1;
    }
    if (sp->nmarks == sp->cap_marks && grow_marks(sp) != KJ_OK)
        return KJ_ENOMEM;
    sp->marks[sp->nmarks++] = (uint64_t)k << 2 | bits;
    return KJ_OK;
}

/* Order of two marks (qsort). */
static int
cmp_mark(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* Put sp->marks in order of their tokens, each once (its bits merged). */
static void
sort_marks(kj_splitter *sp)
{
    size_t i, o = 0;

    qsort(sp->marks, sp->nmarks, sizeof *sp->marks, cmp_mark);
    for (i = 0; i < sp->nmarks; i++) {
        if (o > 0 && sp->marks[o - 1] >> 2 == sp->marks[i] >> 2)
            sp->marks[o - 1] |= sp->marks[i];
        else
            sp->marks[o++] = sp->marks[i];
    }
    sp->nmarks = o;
    sp->unsorted = 0;
}

/* The reference: iterate over every ICU boundary, keep those between
 * tokens. */
static int
icu_breaks_all(kj_splitter *sp, const kj_doc *doc)
{
    UErrorCode e = U_ZERO_ERROR;
    size_t k = 0, n = doc->num_tokens;
    int32_t b;

    sp->ut = utext_openUTF8(sp->ut, doc->text.data, (int64_t)doc->text.len, &e);
    ubrk_setUText(sp->bi, sp->ut, &e);
    if (U_FAILURE(e))
        return KJ_ENOMEM;
    ubrk_first(sp->bi);
    while ((b = ubrk_next(sp->bi)) != UBRK_DONE) {
        while (k < n && doc->tokens[k].start < (size_t)b)
            k++;
        /* A break inside a token (a URL, "4.0") is not one. */
        if (k > 0 && k < n && doc->tokens[k - 1].end <= (size_t)b &&
            add_mark(sp, k, MARK_ICU) != KJ_OK)
            return KJ_ENOMEM;
    }
    return KJ_OK;
}

/* Bytes the text scan stops at: where a sentence terminal (".", "!", "?",
 * any non-ASCII character) or a line end (LF, VT, FF, CR; NEL, U+2028 and
 * U+2029 are non-ASCII) may start. */
static const unsigned char scan_stop[256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1,
    ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
#define R16(x) [x] = 1, [x + 1] = 1, [x + 2] = 1, [x + 3] = 1, [x + 4] = 1, \
    [x + 5] = 1, [x + 6] = 1, [x + 7] = 1, [x + 8] = 1, [x + 9] = 1,        \
    [x + 10] = 1, [x + 11] = 1, [x + 12] = 1, [x + 13] = 1, [x + 14] = 1,   \
    [x + 15] = 1
    R16(0x80), R16(0x90), R16(0xA0), R16(0xB0), R16(0xC0), R16(0xD0),
    R16(0xE0), R16(0xF0)
#undef R16
};

#ifdef __SSE2__
/* A bit for each of the 16 bytes at p that may be a scan_stop[] byte (bit
 * j: p[j]): every stop byte has its bit, and so have the other bytes below
 * 0x0E (tab, controls). */
static inline unsigned
stop_bits(const char *p)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')),
                     /* signed: bytes above 0x7F are below 0 */
                     _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));

    return (unsigned)_mm_movemask_epi8(m);
}
#else
/* Might the 8 bytes at p hold a scan_stop[] byte? 0 means none does; 1 may
 * also come from another byte below 0x0E (tab, controls). (A byte equal to
 * v is a zero byte of w ^ v*0x01..01; bytes below 0x0E, which include the
 * line ends, and above 0x7F have tests of their own.) */
static inline int
may_hold_stop(const char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t w, a, b, c;

    memcpy(&w, p, 8);
    a = w ^ (ones * '.');
    b = w ^ (ones * '!');
    c = w ^ (ones * '?');
    return ((w | ((w - ones * 0x0E) & ~w) | ((a - ones) & ~a) |
             ((b - ones) & ~b) | ((c - ones) & ~c)) & highs) != 0;
}
#endif

/* Bits for the 64 bytes at p (bit j: p[j]) that may be scan_stop[] bytes:
 * every stop byte has its bit (with SSE2 so have the other bytes below
 * 0x0E; without, all eight of a group of eight that may hold one). */
static inline uint64_t
stop_bits64(const char *p)
{
#ifdef __SSE2__
    return (uint64_t)stop_bits(p) | (uint64_t)stop_bits(p + 16) << 16 |
           (uint64_t)stop_bits(p + 32) << 32 | (uint64_t)stop_bits(p + 48) << 48;
#else
    uint64_t bits = 0;
    unsigned k;

    for (k = 0; k < 64; k += 8)
        bits |= (uint64_t)(may_hold_stop(p + k) ? 0xFF : 0) << k;
    return bits;
#endif
}

/* A scan for stop bytes: `bits`, the stop_bits64() of the 64 bytes from
 * `base`, less those before where it got to; or, when blocks is not NULL,
 * the tokenizer's bits for the text (doc->stop_blocks, nblocks of them),
 * from which `bits` is taken block by block (base then a multiple of 64,
 * or (size_t)-64 before the first). */
typedef struct stopscan {
    size_t base;
    uint64_t bits;
    const uint64_t *blocks;
    size_t nblocks;     /* of blocks */
} stopscan;

/* next_stop() with the tokenizer's bits (sc->blocks): the blocks without
 * a stop bit are passed in a loop of their own. */
static inline size_t
next_stop_blocks(stopscan *sc, const char *t, size_t i, size_t len)
{
    size_t b = i / 64;
    uint64_t bits;

    if (i >= len)
        return len;
    bits = (b == sc->base / 64 ? sc->bits : sc->blocks[b]) & ~UINT64_C(0) << (i % 64);
    for (;;) {
        while (bits == 0) {
            if (++b >= sc->nblocks)
                return len;
            bits = sc->blocks[b];
        }
        i = b * 64 + (size_t)__builtin_ctzll(bits);   /* i < len: no bit past it */
        if (scan_stop[(unsigned char)t[i]]) {
            sc->base = b * 64;
            sc->bits = bits;
            return i;
        }
        bits &= bits - 1;
    }
}

/* The first i' >= i, i' < len with scan_stop[t[i']], or len; a block of 64
 * bytes is looked at once while i grows (the calls' i must not go down).
 * The last bytes are looked at one by one, but with the tokenizer's bits. */
static size_t
next_stop(stopscan *sc, const char *t, size_t i, size_t len)
{
    if (sc->blocks != NULL)
        return next_stop_blocks(sc, t, i, len);
    for (;;) {
        uint64_t bits;
        if (i - sc->base >= 64) {   /* past the block (or before the first) */
            if (len - i < 64)
                break;
            sc->base = i;
            sc->bits = stop_bits64(t + i);
        }
        for (bits = sc->bits & ~UINT64_C(0) << (i - sc->base); bits != 0;
             bits &= bits - 1) {
            size_t j = sc->base + (size_t)__builtin_ctzll(bits);
            if (scan_stop[(unsigned char)t[j]]) {
                sc->bits = bits;
                return j;
            }
        }
        i = sc->base + 64;
    }
    while (i < len && !scan_stop[(unsigned char)t[i]])
        i++;
    return i;
}

/* The length of the line end at t[i] of t[0..n) as newlines_before counts
 * them (CR LF: 2), 0 when none starts there. */
static size_t
line_end_at(const unsigned char *t, size_t n, size_t i)
{
    if (t[i] > '\r' && t[i] < 0xC2)   /* most stops: ".", "!", "?" */
        return 0;
    switch (t[i]) {
    case '\r': return i + 1 < n && t[i + 1] == '\n' ? 2 : 1;
    case '\n': case '\v': case '\f': return 1;
    case 0xC2: return i + 1 < n && t[i + 1] == 0x85 ? 2 : 0;
    case 0xE2:
        return i + 2 < n && t[i + 1] == 0x80 &&
               (t[i + 2] == 0xA8 || t[i + 2] == 0xA9) ? 3 : 0;
    default: return 0;
    }
}

/* The first token from k on that starts at or after byte `at`
 * (num_tokens when none does); every token before k starts before `at`.
 * rate: the document's tokens per byte, in 1/65536. A guess from it, else
 * galloping: the cost grows with the logarithm of the tokens passed. */
static size_t
first_token_from(const kj_doc *doc, size_t k, size_t at, uint64_t rate)
{
    const kj_token *tk = doc->tokens;
    size_t n = doc->num_tokens, lo = k, hi, step = 1, skip, g;

    if (k >= n || tk[k].start >= at)
        return k;
    /* A guess at the document's rate, and 16 tokens around it: most often
     * the token is among them, found in four steps without a branch. */
    g = k + (size_t)(((uint64_t)(at - tk[k].start) * rate) >> 16);
    g = g >= k + 8 ? g - 8 : k;
    if (g + 16 < n && tk[g].start < at && tk[g + 16].start >= at) {
        g += (size_t)(tk[g + 8].start < at) * 8;   /* (arithmetic: the */
        g += (size_t)(tk[g + 4].start < at) * 4;   /* compiler branched on */
        g += (size_t)(tk[g + 2].start < at) * 2;   /* the last choice) */
        g += (size_t)(tk[g + 1].start < at);
        return g + 1;
    }
    /* A token and the gap after it take some 6 bytes of news text: the
     * first probe is a token per 7 bytes on; it bounds the search either
     * way. */
    skip = (at - tk[k].start) / 7;
    hi = lo + 1;
    if (skip > 1 && skip < n - k) {
        if (tk[k + skip].start < at) {
            lo = k + skip;
            hi = lo + 1;
        } else
            hi = k + skip;
    }
    while (hi < n && tk[hi].start < at) {   /* tk[lo] starts before at */
        lo = hi;
        hi = lo + (step *= 2);
    }
    if (hi > n)
        hi = n;
    while (hi - lo > 1) {   /* tk[lo] starts before at; tk[hi] not, or n */
        size_t mid = lo + (hi - lo) / 2;
        int before = tk[mid].start < at;
        /* without a branch on the comparison, which goes either way */
        lo = before ? mid : lo;
        hi = before ? hi : mid;
    }
    return hi;
}

/* Mark the tokens of doc in sp->marks (add_mark()):
 * MARK_LINE on the token after every line end (a line end before the
 * first token marks token 0, after the last token num_tokens); with `icu`,
 * MARK_ICU where ICU puts a sentence break (line ends aside): every
 * sentence-final character is judged by UAX #29's rules
 * (break_after_terminal), which is what ICU's iterator computes; the
 * exhaustive reference gives the same marks (tested over the bench corpus
 * and random text). The text must be well-formed UTF-8. Returns KJ_OK or
 * KJ_ENOMEM. */
static int
mark_tokens(kj_splitter *sp, const kj_doc *doc, int icu)
{
    const char *t = doc->text.data;
    size_t n = doc->num_tokens, len = doc->text.len, i = 0, clen;
    size_t kb = 0, kl = 0;  /* cursors: ICU breaks, line ends */
    /* tokens per byte, in 1/65536 (len > 0 when there are tokens) */
    uint64_t rate = len > 0 ? ((uint64_t)n << 16) / len : 0;
    stopscan sc;

    sc.base = (size_t)0 - 64;     /* before the first block */
    sc.bits = 0;
    sc.blocks = doc->num_stop_blocks == (len + 63) / 64 ? doc->stop_blocks : NULL;
    sc.nblocks = doc->num_stop_blocks;

    while (i < len) {
        int c;
        size_t q;

        if ((i = next_stop(&sc, t, i, len)) >= len)
            break;
        if ((clen = line_end_at((const unsigned char *)t, len, i)) != 0) {
            kl = first_token_from(doc, kl, i + 1, rate);
            if (add_mark(sp, kl, MARK_LINE) != KJ_OK)
                return KJ_ENOMEM;
            i += clen;
            continue;
        }
        c = sb_at(t, len, i, &clen);
        if (icu && is_saterm(c) &&
            (q = break_after_terminal(t, len, i, c)) != (size_t)-1) {
            /* The break falls before the first token that starts at or
             * after q (q grows from terminal to terminal), if it is not
             * inside a token. */
            kb = first_token_from(doc, kb, q, rate);
            if (kb > 0 && kb < n && doc->tokens[kb - 1].end <= q &&
                add_mark(sp, kb, MARK_ICU) != KJ_OK)
                return KJ_ENOMEM;
        }
        i += clen;
    }
    return KJ_OK;
}

/* Mark the tokens of doc in sp->marks, in order: ICU's breaks and line
 * ends. */
static int
icu_breaks(kj_splitter *sp, const kj_doc *doc)
{
    int rc;

    sp->nmarks = 0;
    sp->unsorted = 0;
    if (doc->text.len > INT32_MAX)
        return KJ_EINVAL;
    if (sp->exhaustive && (rc = icu_breaks_all(sp, doc)) != KJ_OK)
        return rc;
    if ((rc = mark_tokens(sp, doc, !sp->exhaustive)) != KJ_OK)
        return rc;
    if (sp->unsorted)   /* the reference's line ends, after its breaks */
        sort_marks(sp);
    return KJ_OK;
}

int
kj_split_sentences(kj_splitter *sp, kj_doc *doc)
{
    size_t n = doc->num_tokens, first = 0, m;
    int rc;

    if (n == 0)
        return KJ_OK;
    pthread_once(&tables_once, build_tables);
    if ((rc = icu_breaks(sp, doc)) != KJ_OK)
        return rc;
    /* Only marked tokens (but token 0, and num_tokens): before the others
     * there is no line end and no ICU break, so no sentence starts. */
    for (m = 0; m < sp->nmarks; m++) {
        size_t k = (size_t)(sp->marks[m] >> 2);
        unsigned bits = (unsigned)(sp->marks[m] & 3);
        int nl, brk;

        if (k == 0 || k >= n)
            continue;
        nl = bits & MARK_LINE ? newlines_before(doc, k) : 0;

        if (nl == 2)
            brk = 1;
        else if (nl == 1)
            brk = !starts_lower(doc, k) && !continues_line(doc, k - 1);
        else
            brk = (bits & MARK_ICU) && !starts_lower(doc, k) &&
                  !never_ends_after(doc, k - 1) && !list_marker(doc, first, k);
        if (brk) {
            if (kj_doc_push_sentence(doc, first, k) != KJ_OK)
                return KJ_ENOMEM;
            first = k;
        }
    }
    return kj_doc_push_sentence(doc, first, n);
}
