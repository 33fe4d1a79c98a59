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

/* Classes of U+0000..U+2FFF from ICU's properties, in blocks of 256 code
 * points built on first use (most texts need one or two besides the first,
 * which build_table() makes with the other tables; classifying all 48 would
 * cost 12,288 lookups of three or four properties at every start):
 * wb_built[b] is set, with release, once block b of wb_table is filled. */
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
static unsigned char wb_built[KJ_WB_TABLE >> 8];
static pthread_mutex_t wb_lock = PTHREAD_MUTEX_INITIALIZER;
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

/* Fill block b of wb_table (once; any thread). */
static void
build_wb_block(int32_t b)
{
    UChar32 c;

    pthread_mutex_lock(&wb_lock);
    if (!__atomic_load_n(&wb_built[b], __ATOMIC_RELAXED)) {
        for (c = b << 8; c < (b + 1) << 8; c++)
            wb_table[c] = (c >= 0xD800 && c <= 0xDFFF) ? W_COMPLEX : classify(c);
        if (b == 0) {
            /* ICU's word rules tailor UAX #29: "@" is a letter (e-mail
             * addresses stay whole) and ":" does not join letters. */
            wb_table['@'] = W_ALETTER;
            wb_table[':'] = W_OTHER;
        }
        __atomic_store_n(&wb_built[b], 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&wb_lock);
}

/* The class of the code point c < KJ_WB_TABLE (its block built first if
 * need be). */
static inline unsigned char
wb_class(int32_t c)
{
    if (!__atomic_load_n(&wb_built[c >> 8], __ATOMIC_ACQUIRE))
        build_wb_block(c >> 8);
    return wb_table[c];
}

static void
build_table(void)
{
    UChar32 c;

    build_wb_block(0);
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
    return c < KJ_WB_TABLE ? wb_class(c) : W_COMPLEX;
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
 * The common case, without classifying every character: plain runs
 * (wordbreak.h), found 64 bytes at a time. UAX #29 joins a plain run's
 * letters and digits (WB5, WB8-WB10) and nothing else: a mid-word or
 * mid-number character joins only between two letters or digits (WB6, WB7,
 * WB11, WB12), which this shape never has.
 *
 * The masks are made with SSE2 where the compiler has it, with 64-bit
 * arithmetic otherwise or with KJ_WB_PORTABLE defined (build with
 * -DKJ_WB_PORTABLE to test that path). build_table() checks them against
 * plain_cls, ascii_space and the byte classes for every byte value, and
 * leaves only the byte loops of plain_bytes() if one differs. */

#define KJ_WIN KJ_WB_WIN

/* The masks of a block: bit i of each is byte i of KJ_WIN bytes, in the
 * order of KJ_WB_M_* (wordbreak.h). */
#define M_W KJ_WB_M_W
#define M_S KJ_WB_M_S
#define M_X KJ_WB_M_X
#define M_RULE KJ_WB_M_RULE
#define M_DIGIT KJ_WB_M_DIGIT
#define M_MNL KJ_WB_M_MNL
#define M_MN KJ_WB_M_MN
typedef uint64_t winmask[KJ_WB_NMASK];

/* The bytes of kj_wbwin.rule, and those put with M_X for the tokenizer. */
static const char rule_bytes[] = "$-:/.!?", sign_bytes[] = "#@";

/* Of the bytes that are neither letters, digits nor white space: BC_X for
 * those of M_X, BC_RULE for those of M_RULE, BC_MNL for MidNumLet (and
 * Single_Quote), BC_MN for MidNum (built with the tables). */
enum { BC_X = 1, BC_RULE = 2, BC_MNL = 4, BC_MN = 8 };
static unsigned char byte_cls[256];

/* Set when the masks agree with plain_cls, ascii_space and the classes for
 * every byte. */
static int masks_ok;

/* The masks of 16 bytes, or 32 (bit i: byte i), that are made a lane at a time:
 * letters and digits, white space, digits, bytes >= 0x80, white space but
 * " " (tab and line ends). */
typedef struct mask16 {
    unsigned w, s, d, h, tl;
} mask16;

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

/* The masks of the 16 bytes at b. */
static inline mask16
masks16(const unsigned char *b)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
    __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));     /* ASCII lower */
    __m128i d = sse_range(v, '0', 10);
    __m128i w = _mm_or_si128(sse_range(l, 'a', 26), d);
    __m128i tl = sse_range(v, '\t', 5);                  /* \t \n \v \f \r */
    __m128i sp = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), tl);
    mask16 r;

    r.w = (unsigned)_mm_movemask_epi8(w);
    r.s = (unsigned)_mm_movemask_epi8(sp);
    r.d = (unsigned)_mm_movemask_epi8(d);
    r.h = (unsigned)_mm_movemask_epi8(v);
    r.tl = (unsigned)_mm_movemask_epi8(tl);
    return r;
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(KJ_WB_NO_AVX2)
/* With AVX2, where the processor has it (use_avx2): 32 bytes a lane. */
#define KJ_WB_AVX2 1
#include <immintrin.h>

/* The constants of the AVX2 way, 32 bytes each, filled at start-up
 * (build_avx2_consts()): loaded from memory, as the compiler would not
 * (it builds each constant from a general register, three instructions,
 * every block). */
enum {
    VK_LOWER,           /* 0x20 */
    VK_D_ADD, VK_D_LIM, /* sse_range()'s two constants for "0".."9", */
    VK_L_ADD, VK_L_LIM, /* "a".."z", */
    VK_T_ADD, VK_T_LIM, /* "\t".."\r" */
    VK_NIB,             /* 0x0F */
    VK_OC_LO, VK_OC_HI, /* OC_LO, OC_HI in both lanes */
    VK_MN_G, VK_MN_A, VK_RULE_G, VK_RULE_A, VK_X_G, VK_X_A, /* any_bits() */
    VK_N
};
static unsigned char vk[VK_N][32] __attribute__((aligned(32)));

/* Constant i of vk. */
__attribute__((target("avx2"))) static inline __m256i
vk_get(int i)
{
    return _mm256_load_si256((const __m256i *)(const void *)vk[i]);
}

/* As sse_range(), on 32 bytes, with the constants of rows add and lim of
 * vk (0x80 - lo, and len - 0x80). */
__attribute__((target("avx2"))) static inline __m256i
avx_range(__m256i v, int add, int lim)
{
    return _mm256_cmpgt_epi8(vk_get(lim), _mm256_add_epi8(v, vk_get(add)));
}

/* The masks of the 32 bytes at b (bit i: byte i). */
__attribute__((target("avx2"))) static inline mask16
masks32(const unsigned char *b)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)b);
    __m256i lower = vk_get(VK_LOWER);
    __m256i l = _mm256_or_si256(v, lower);
    __m256i d = avx_range(v, VK_D_ADD, VK_D_LIM);
    __m256i w = _mm256_or_si256(avx_range(l, VK_L_ADD, VK_L_LIM), d);
    __m256i tl = avx_range(v, VK_T_ADD, VK_T_LIM);
    __m256i sp = _mm256_or_si256(_mm256_cmpeq_epi8(v, lower), tl);   /* " " */
    mask16 r;

    r.w = (unsigned)_mm256_movemask_epi8(w);
    r.s = (unsigned)_mm256_movemask_epi8(sp);
    r.d = (unsigned)_mm256_movemask_epi8(d);
    r.h = (unsigned)_mm256_movemask_epi8(v);
    r.tl = (unsigned)_mm256_movemask_epi8(tl);
    return r;
}
#endif

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
static inline unsigned
swar_bits(uint64_t h)
{
    return (unsigned)(((h & KJ_HIGH) * UINT64_C(0x0002040810204081)) >> 56);
}

/* The masks of the 8 bytes at b, shifted to bit `at` of r. */
static inline void
masks8(const unsigned char *b, unsigned at, mask16 *r)
{
    uint64_t x = load_le64(b);
    uint64_t ascii = ~x & KJ_HIGH, x7 = x & ~KJ_HIGH;
    uint64_t d = swar_range(x7, '0', 10) & ascii;
    uint64_t w = (swar_range(x7 | KJ_ONES * 0x20, 'a', 26) | d) & ascii;
    uint64_t tl = swar_range(x7, '\t', 5) & ascii;
    uint64_t sp = (swar_range(x7, ' ', 1) & ascii) | tl;

    r->w |= swar_bits(w) << at;
    r->s |= swar_bits(sp) << at;
    r->d |= swar_bits(d) << at;
    r->h |= swar_bits(~ascii) << at;
    r->tl |= swar_bits(tl) << at;
}

/* The masks of the 16 bytes at b. */
static inline mask16
masks16(const unsigned char *b)
{
    mask16 r = {0, 0, 0, 0, 0};

    masks8(b, 0, &r);
    masks8(b + 8, 8, &r);
    return r;
}
#endif

#ifdef KJ_WB_AVX2
/* Set when block_masks() takes 32 bytes a lane (AVX2, with BMI1 and BMI2
 * for the other bytes: the processor has them and the masks passed their
 * check, and kj_wb_set_wide_isa() has not turned them off); avx2_ok says
 * whether they may. */
static int use_avx2, avx2_ok;
#endif
/* kj_wb_set_wide_isa() */
static int wide_isa = 1;

/* Store the masks of a block whose letters and digits are w, white space
 * s, digits d, bytes >= 0x80 h, tabs and line ends tl, and whose other
 * bytes are those of x (kj_wbwin.bad but h), rule, mnl (MidNumLet) and mn
 * (MidNum); and, unless stop is NULL, its stop bits (block_masks()). */
KJ_WB_INLINE void
put_masks(winmask m, uint64_t *stop, uint64_t w, uint64_t s, uint64_t d,
          uint64_t h, uint64_t tl, uint64_t x, uint64_t rule, uint64_t mnl,
          uint64_t mn)
{
    m[M_W] = w;
    m[M_S] = s;
    m[M_DIGIT] = d;
    m[M_X] = x | h;
    m[M_RULE] = rule;
    m[M_MNL] = mnl;
    m[M_MN] = mn;
    if (stop != NULL)
        *stop = rule | m[M_X] | tl;
}

/* The masks of a block whose letters and digits are w, white space s,
 * digits d, bytes >= 0x80 h, tabs and line ends tl: the other bytes (in
 * news, one or two in 64) one by one; and, unless stop is NULL, its stop
 * bits (block_masks()). */
KJ_WB_INLINE void
other_masks(const unsigned char *b, winmask m, uint64_t *stop, uint64_t w,
            uint64_t s, uint64_t d, uint64_t h, uint64_t tl)
{
    uint64_t x = 0, rule = 0, mnl = 0, mn = 0, o;

    for (o = ~(w | s | h); o != 0; o &= o - 1) {
        unsigned k = kj_ctz64(o), c = byte_cls[b[k]];
        x |= (uint64_t)(c & BC_X) << k;
        rule |= (uint64_t)((c >> 1) & 1) << k;
        mnl |= (uint64_t)((c >> 2) & 1) << k;
        mn |= (uint64_t)(c >> 3) << k;
    }
    put_masks(m, stop, w, s, d, h, tl, x, rule, mnl, mn);
}

/* The 64 bits of the masks f of the four lanes q0..q3. */
#define JOIN4(f) ((uint64_t)q0.f | (uint64_t)q1.f << 16 | \
                  (uint64_t)q2.f << 32 | (uint64_t)q3.f << 48)

/* block_masks() 16 bytes a lane. */
static void
block_masks16(const unsigned char *b, winmask m, uint64_t *stop)
{
    mask16 q0 = masks16(b), q1 = masks16(b + 16), q2 = masks16(b + 32),
           q3 = masks16(b + 48);

    other_masks(b, m, stop, JOIN4(w), JOIN4(s), JOIN4(d), JOIN4(h), JOIN4(tl));
}
#undef JOIN4

#ifdef KJ_WB_AVX2
/* The other bytes' classes of 32 bytes a lane, from two tables of 16 bytes
 * (vpshufb): a byte's class bits are those of OC_LO[its low nibble] &
 * OC_HI[its high nibble], each bit a set of low nibbles by a set of high
 * nibbles (letters and digits may fall in them: only the other bytes'
 * bits are kept):
 *   0x80 MidNumLet   2x: 7 E          "'" "."
 *   0x40, 0x20 MidNum  2x: C; 3x: B   "," ";"
 *   0x10, 0x08 rule  2x: 1 4 D E F; 3x: A F   "!" "$" "-" "." "/" ":" "?"
 *   0x04, 0x02, 0x01 x  4x 5x 7x: 0 F; 2x: 3; 0x 1x: all
 *                                     "@" "_" DEL, "#", controls
 * avx2_agrees() checks them against byte_cls at start-up. */
static const unsigned char OC_LO[16] = {
    0x05, 0x11, 0x01, 0x03, 0x11, 0x01, 0x01, 0x81,
    0x01, 0x01, 0x09, 0x21, 0x41, 0x11, 0x91, 0x1D
};
static const unsigned char OC_HI[16] = {
    0x01, 0x01, 0xD2, 0x28, 0x04, 0x04, 0x00, 0x04,
    0, 0, 0, 0, 0, 0, 0, 0
};

/* The masks of the other bytes' classes of the 32 bytes at b (bit i: byte
 * i; bits of other bytes may be set too): x, rule, MidNumLet, MidNum. */
typedef struct other32 {
    unsigned x, rule, mnl, mn;
} other32;

/* The bits of c's bytes that have one of the bits of row g of vk set: row a
 * added to those bits sets the high bit exactly when one is. */
__attribute__((target("avx2"))) static inline unsigned
any_bits(__m256i c, int g, int a)
{
    return (unsigned)_mm256_movemask_epi8(
        _mm256_add_epi8(_mm256_and_si256(c, vk_get(g)), vk_get(a)));
}

/* The other bytes' classes of the 32 bytes at b. */
__attribute__((target("avx2"))) static inline other32
other_classes32(const unsigned char *b)
{
    __m256i nib = vk_get(VK_NIB);
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)b);
    __m256i c = _mm256_and_si256(
        _mm256_shuffle_epi8(vk_get(VK_OC_LO), _mm256_and_si256(v, nib)),
        _mm256_shuffle_epi8(vk_get(VK_OC_HI),
                            _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
    other32 r;

    r.mnl = (unsigned)_mm256_movemask_epi8(c);   /* 0x80 */
    r.mn = any_bits(c, VK_MN_G, VK_MN_A);
    r.rule = any_bits(c, VK_RULE_G, VK_RULE_A);
    r.x = any_bits(c, VK_X_G, VK_X_A);
    return r;
}

/* Fill vk. */
static void
build_avx2_consts(void)
{
    static const unsigned char rows[VK_N] = {
        [VK_LOWER] = 0x20,
        [VK_D_ADD] = 0x80 - '0', [VK_D_LIM] = 10 - 0x80,
        [VK_L_ADD] = 0x80 - 'a', [VK_L_LIM] = 26 - 0x80,
        [VK_T_ADD] = 0x80 - '\t', [VK_T_LIM] = 5 - 0x80,
        [VK_NIB] = 0x0F,
        /* the bits of a class, and what sets the high bit when one is */
        [VK_MN_G] = 0x60, [VK_MN_A] = 0x60,
        [VK_RULE_G] = 0x18, [VK_RULE_A] = 0x78,
        [VK_X_G] = 0x07, [VK_X_A] = 0x7F,
    };
    int i;

    for (i = 0; i < VK_N; i++)
        memset(vk[i], rows[i], sizeof vk[i]);
    for (i = 0; i < 32; i++) {
        vk[VK_OC_LO][i] = OC_LO[i % 16];
        vk[VK_OC_HI][i] = OC_HI[i % 16];
    }
}

#define JOIN2(f) ((uint64_t)q0.f | (uint64_t)q1.f << 32)

/* block_masks() 32 bytes a lane, the other bytes' classes too. */
__attribute__((target("avx2,bmi,bmi2"))) static inline void
block_masks32(const unsigned char *b, winmask m, uint64_t *stop)
{
    mask16 q0 = masks32(b), q1 = masks32(b + 32);
    other32 c0 = other_classes32(b), c1 = other_classes32(b + 32);
    uint64_t w = JOIN2(w), s = JOIN2(s), h = JOIN2(h);

    /* only x's sets hold letters and white space (OC_LO, OC_HI) */
#define JOINC(f) ((uint64_t)c0.f | (uint64_t)c1.f << 32)
    put_masks(m, stop, w, s, JOIN2(d), h, JOIN2(tl), JOINC(x) & ~(w | s | h),
              JOINC(rule), JOINC(mnl), JOINC(mn));
#undef JOINC
}
#undef JOIN2
#endif

/* The masks of the KJ_WIN bytes at b: letters, digits and white space a
 * lane at a time, the other bytes one by one (with AVX2, their classes a
 * lane at a time too); and, unless stop is NULL,
 * the bits of the bytes where a sentence may stop or a line end ("." "!"
 * "?", tab and line ends, non-ASCII) in *stop, with those of some other
 * bytes (kj_wbwin.rule and .bad). */
static inline void
block_masks(const unsigned char *b, winmask m, uint64_t *stop)
{
#ifdef KJ_WB_AVX2
    if (use_avx2) {
        block_masks32(b, m, stop);
        return;
    }
#endif
    block_masks16(b, m, stop);
}

/* Is c a byte of M_X: neither plain punctuation, a letter, a digit nor
 * white space (plain_cls 0), "#" or "@", or punctuation that joins letters
 * only (MidLetter, which the windows leave to fast_run)? */
static int
x_byte(int c)
{
    return (plain_cls[c] == 0 && !is_ascii_space((unsigned char)c)) ||
           (c != 0 && strchr(sign_bytes, c)) ||
           (plain_cls[c] == 2 && wb_table[c] == W_MIDLETTER);
}

/* The byte classes of block_masks(), from plain_cls, ascii_space and
 * wb_table. */
static void
build_byte_cls(void)
{
    int c;

    for (c = 0; c < 256; c++)
        byte_cls[c] = (unsigned char)(
            (x_byte(c) ? BC_X : 0) |
            (c != 0 && strchr(rule_bytes, c) ? BC_RULE : 0) |
            (c < 0x80 && plain_cls[c] == 2 && wb_table[c] == W_MIDNUMLET ? BC_MNL : 0) |
            (c < 0x80 && plain_cls[c] == 2 && wb_table[c] == W_MIDNUM ? BC_MN : 0));
}

/* Is bit k of mask equal to whether the byte c is in the string set? */
static int
bit_is(uint64_t mask, unsigned k, const char *set, unsigned char c)
{
    return ((mask >> k) & 1u) == (c != 0 && strchr(set, c) != NULL);
}

/* The test block `i` (0-31) of the masks' checks: every byte value at
 * eight positions, every position with 32 values. */
static void
test_block(unsigned i, unsigned char *b)
{
    unsigned rot = i / 4, base = i % 4 * KJ_WIN, k;

    for (k = 0; k < KJ_WIN; k++)
        b[k] = (unsigned char)(base + (k + rot) % KJ_WIN);
}

/* Do the masks of block_masks16() agree with plain_cls, ascii_space and the
 * byte classes (on every test block)? */
static int
masks_agree(void)
{
    unsigned char b[KJ_WIN];
    winmask m;
    uint64_t stop;
    unsigned i, k;
    int ok = 1;

    for (i = 0; i < 32; i++) {
        test_block(i, b);
        block_masks16(b, m, &stop);
        for (k = 0; k < KJ_WIN; k++)
            if (((stop >> k) & 1u) !=
                (((m[M_RULE] | m[M_X]) >> k & 1u) ||
                 (b[k] >= '\t' && b[k] <= '\r')) ||
                (((stop >> k) & 1u) == 0 &&
                 (b[k] >= 0x80 || (b[k] && strchr(".!?", b[k])))) ||
                ((m[M_W] >> k) & 1u) != (plain_cls[b[k]] == 1 && b[k] != '@') ||
                ((m[M_S] >> k) & 1u) != (unsigned)is_ascii_space(b[k]) ||
                ((m[M_X] >> k) & 1u) != (unsigned)x_byte(b[k]) ||
                ((m[M_MNL] >> k) & 1u) != (b[k] < 0x80 && plain_cls[b[k]] == 2 &&
                                           wb_table[b[k]] == W_MIDNUMLET) ||
                ((m[M_MN] >> k) & 1u) != (b[k] < 0x80 && plain_cls[b[k]] == 2 &&
                                          wb_table[b[k]] == W_MIDNUM) ||
                !bit_is(m[M_RULE], k, rule_bytes, b[k]) ||
                !bit_is(m[M_DIGIT], k, "0123456789", b[k]))
                ok = 0;
    }
    return ok;
}

#ifdef KJ_WB_AVX2
/* Does block_masks32() give block_masks16()'s masks and stop bits (on
 * every test block)? */
static int
avx2_agrees(void)
{
    unsigned char b[KJ_WIN];
    winmask m16, m32;
    uint64_t stop16, stop32;
    unsigned i;

    for (i = 0; i < 32; i++) {
        test_block(i, b);
        block_masks16(b, m16, &stop16);
        block_masks32(b, m32, &stop32);
        if (memcmp(m16, m32, sizeof m16) != 0 || stop16 != stop32)
            return 0;
    }
    return 1;
}
#endif

/* Check the masks of block_masks() (each way it has on this processor):
 * sets masks_ok, and use_avx2 where AVX2 gives the same masks. Defining
 * KJ_WB_NO_AVX2 leaves the 16-byte lanes (to test them on a machine that
 * has AVX2). */
static void
check_window_masks(void)
{
    build_byte_cls();
    masks_ok = masks_agree();
#ifdef KJ_WB_AVX2
    __builtin_cpu_init();
    build_avx2_consts();
    avx2_ok = masks_ok && __builtin_cpu_supports("avx2") &&
              __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
              avx2_agrees();
    use_avx2 = avx2_ok && wide_isa;
#endif
}

void
kj_wb_set_wide_isa(int on)
{
    pthread_once(&wb_once, self_check);
    wide_isa = on != 0;
#ifdef KJ_WB_AVX2
    use_avx2 = avx2_ok && wide_isa;
#endif
}

int
kj_wb_wide_isa(void)
{
    return wide_isa;
}

int
kj_wb_avx2_ok(void)
{
    pthread_once(&wb_once, self_check);
#ifdef KJ_WB_AVX2
    return avx2_ok;
#else
    return 0;
#endif
}

int
kj_wb_windows_ok(void)
{
    pthread_once(&wb_once, self_check);
    return masks_ok && !fast_path_off;
}

/* The masks of block k of the scan's text (bytes past its end are white
 * space), and its stop bits if the scan keeps them. */
static void
scan_block(const kj_wbscan *sc, size_t k, winmask m)
{
    unsigned char pad[KJ_WIN];
    size_t at = k * KJ_WIN, lim = at < sc->n ? sc->n - at : 0;
    uint64_t *stop = k < sc->nstops ? &sc->stops[k] : NULL;

    if (lim >= KJ_WIN) {
        block_masks((const unsigned char *)sc->t + at, m, stop);
        return;
    }
    if (lim == 0) {     /* past the text: all white space */
        memset(m, 0, sizeof(winmask));
        m[M_S] = ~UINT64_C(0);
        return;
    }
    memset(pad, ' ', sizeof pad);   /* the text's end: a copy */
    memcpy(pad, sc->t + at, lim);
    block_masks(pad, m, stop);
}

/* The stop bits of the blocks from blk + 2 up to k (not included), which
 * the scan passes over. */
static void
scan_stops_to(kj_wbscan *sc, size_t k)
{
    winmask m;
    size_t j;

    for (j = sc->blk + 2; j < k && j < sc->nstops; j++)
        scan_block(sc, j, m);
}

#ifdef KJ_WB_AVX2
__attribute__((target("avx2,bmi,bmi2"))) static void
scan_to_avx2(kj_wbscan *sc, size_t k);
#endif

void
kj_wb_scan_init(kj_wbscan *sc, const char *t, size_t n, uint64_t *stops)
{
    sc->t = t;
    sc->n = n;
    sc->stops = stops;
    sc->nstops = stops != NULL ? (n + KJ_WIN - 1) / KJ_WIN : 0;
    sc->blk = 0;
    sc->to = kj_wb_scan_to;
#ifdef KJ_WB_AVX2
    if (use_avx2)
        sc->to = scan_to_avx2;
#endif
    scan_block(sc, 0, sc->m[0]);
    scan_block(sc, 1, sc->m[1]);
}

/* kj_wb_scan_to() from anywhere: a jump over blocks (their stops kept),
 * or a block k + 1 at the text's end. (Not inlined: kj_wb_scan_to's
 * common way needs no stack frame.) */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void
scan_to_far(kj_wbscan *sc, size_t k)
{
    if (k != sc->blk + 1) {
        scan_stops_to(sc, k);
        scan_block(sc, k, sc->m[k & 1]);
    }
    scan_block(sc, k + 1, sc->m[(k + 1) & 1]);
    sc->blk = k;
}

void
kj_wb_scan_to(kj_wbscan *sc, size_t k)
{
    size_t next = k + 1;

    /* most often: the next block, and the one after it is whole */
    if (k == sc->blk + 1 && (next + 1) * KJ_WIN <= sc->n) {
        block_masks((const unsigned char *)sc->t + next * KJ_WIN, sc->m[next & 1],
                    sc->stops != NULL ? &sc->stops[next] : NULL);
        sc->blk = k;
    } else
        scan_to_far(sc, k);
}

#ifdef KJ_WB_AVX2
/* kj_wb_scan_to() where block_masks() takes 32 bytes a lane: the common
 * way with block_masks32() inlined, without a call and a frame more. */
__attribute__((target("avx2,bmi,bmi2"))) static void
scan_to_avx2(kj_wbscan *sc, size_t k)
{
    size_t next = k + 1;

    if (k == sc->blk + 1 && (next + 1) * KJ_WIN <= sc->n) {
        block_masks32((const unsigned char *)sc->t + next * KJ_WIN, sc->m[next & 1],
                      sc->stops != NULL ? &sc->stops[next] : NULL);
        sc->blk = k;
    } else
        scan_to_far(sc, k);
}
#endif

void
kj_wb_scan_finish(kj_wbscan *sc)
{
    scan_stops_to(sc, sc->nstops);
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

int
kj_wb_segment_run(kj_wb *wb, const char *t, size_t n, size_t s,
                  kj_pieces *out, size_t *end)
{
    size_t i = s, nc = 0, len, from = out->n;
    int rc = KJ_OK, complex = 0;

    if (plain_bytes(t, s, n, out, &rc, &i) != 0) {
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
        for (; from < out->n && out->printable; from++)
            out->printable = printable_ends(t, &out->p[from]);
    }
    while (i < n && is_ascii_space((unsigned char)t[i]))
        i++;
    *end = i;
    return rc;
}

/* The pieces of the plain runs at the start of the window at t[i] (white
 * space, or a run's start) appended to out; returns the bytes they take up
 * with the white space between them (0: the first run is not plain, or
 * there is no room). */
static size_t
plain_prefix(kj_wbscan *sc, size_t i, kj_pieces *out)
{
    kj_wbwin m;
    uint64_t first, last;
    unsigned r;
    int stop;

    if (kj_grow((void **)&out->p, &out->cap, out->n + KJ_WIN,
                sizeof *out->p) != KJ_OK)
        return 0;   /* the byte loops find out */
    kj_wb_window(sc, i, &m);
    r = kj_wb_prefix(&m, 0, &first, &last, &stop);
    out->n = (size_t)(kj_wb_put_pieces(out->p + out->n, i, first, last) - out->p);
    return r;
}

static int
kj_wb_segment_mode(kj_wb *wb, const char *t, size_t n, int icu_only,
                   kj_pieces *out)
{
    size_t i = 0, r;
    int rc = KJ_OK;
    kj_wbscan sc;

    out->n = 0;
    out->printable = 0;
    if (icu_only)
        return icu_range(wb, t, 0, n, out);
    out->printable = 1;   /* plain runs are: the others are checked */
    if (masks_ok)
        kj_wb_scan_init(&sc, t, n, NULL);
    while (i < n && rc == KJ_OK) {
        if (masks_ok && (r = plain_prefix(&sc, i, out)) != 0)
            i += r;
        else if (is_ascii_space((unsigned char)t[i]))
            i++;
        else
            rc = kj_wb_segment_run(wb, t, n, i, out, &i);
    }
    return rc;
}

int
kj_wb_segment(kj_wb *wb, const char *t, size_t n, int icu_only,
              kj_pieces *out)
{
    return kj_wb_segment_mode(wb, t, n, icu_only || fast_path_off, out);
}

/* The self-check's texts: each character of these (every printable ASCII
 * character, then some common others) between each pair of check_ctx. */
static const char *const check_extra[] = {
    "\xE2\x80\x99", "\xE2\x80\x98", "\xE2\x80\x9C", "\xE2\x80\x94",
    "\xE2\x80\x93", "\xE2\x80\xA6", "\xC2\xB7", "\xC2\xB0", "\xE2\x82\xAC",
    "\xC3\xA9", "\xC3\x9F", "\xC2\xA0", "\xE2\x80\xA2", "\xE2\x80\xA4",
};
static const char *const check_ctx[][2] = {
    {"a", "a"}, {"1", "1"}, {"a", "1"}, {"1", "a"}, {"", "a"}, {"a", ""},
    {"", "1"}, {"1", ""}, {"_", "a"}, {"a", "_"},
};
#define CHECK_ASCII (0x7F - 0x21)
#define CHECK_NCTX (sizeof check_ctx / sizeof check_ctx[0])
#define CHECK_TEXTS ((CHECK_ASCII + sizeof check_extra / sizeof check_extra[0]) * \
                     CHECK_NCTX)
#define CHECK_ROOM 32     /* the longest text, and more */

/* Write self-check text i (< CHECK_TEXTS) to s (room for CHECK_ROOM
 * bytes); returns its length. */
static size_t
check_text(size_t i, char *s)
{
    size_t ci = i / CHECK_NCTX, k = i % CHECK_NCTX, la, lb, lc;
    char one[2] = {(char)(0x21 + ci), 0};
    const char *a = check_ctx[k][0], *b = ci < CHECK_ASCII ? one : check_extra[ci - CHECK_ASCII],
               *c = check_ctx[k][1];

    la = strlen(a);
    lb = strlen(b);
    lc = strlen(c);
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc);
    return la + lb + lc;
}

/* Does the piece p of t hold only ASCII white space? */
static int
space_piece(const char *t, const kj_piece *p)
{
    size_t i;

    for (i = p->start; i < p->end; i++)
        if (!is_ascii_space((unsigned char)t[i]))
            return 0;
    return 1;
}

/* Are the pieces a and b of t the same, but for those that hold only ASCII
 * white space (which the fast path may leave out or cut otherwise)? */
static int
same_but_space(const char *t, const kj_pieces *a, const kj_pieces *b)
{
    size_t i = 0, j = 0;

    for (;; i++, j++) {
        while (i < a->n && space_piece(t, &a->p[i]))
            i++;
        while (j < b->n && space_piece(t, &b->p[j]))
            j++;
        if (i == a->n || j == b->n)
            return i == a->n && j == b->n;
        if (a->p[i].start != b->p[j].start || a->p[i].end != b->p[j].end)
            return 0;
    }
}

/* Build the table, then make sure this ICU agrees with it: every printable
 * ASCII character and some common others, between letters and digits
 * (check_text()). A newer ICU with other tailorings turns the fast path
 * off rather than give different tokens. The texts are segmented in one
 * go, a line end after each: UAX #29 breaks before and after one, as at a
 * text's ends (WB3a, WB3b), so that ICU's pieces of each text are those
 * of the text alone; and the fast path cuts the text at white space (what
 * is between is segmented on its own). */
static void
self_check(void)
{
    kj_wb *wb = kj_calloc(1, sizeof *wb);
    kj_pieces fast = {NULL, 0, 0, 0}, icu = {NULL, 0, 0, 0};
    UErrorCode e = U_ZERO_ERROR;
    char *buf = kj_malloc(CHECK_TEXTS * (CHECK_ROOM + 1));
    size_t i, n = 0;

    build_table();
    if (wb == NULL || buf == NULL)
        goto off;
    wb->bi = ubrk_open(UBRK_WORD, "id", NULL, 0, &e);
    if (U_FAILURE(e))
        goto off;
    for (i = 0; i < CHECK_TEXTS; i++) {
        n += check_text(i, buf + n);
        buf[n++] = '\n';
    }
    if (kj_wb_segment_mode(wb, buf, n, 1, &icu) == 0 &&
        kj_wb_segment_mode(wb, buf, n, 0, &fast) == 0 &&
        same_but_space(buf, &fast, &icu))
        goto done;
off:
    fast_path_off = 1;
done:
    kj_free(buf);
    kj_free(fast.p);
    kj_free(icu.p);
    kj_wb_free(wb);
}
