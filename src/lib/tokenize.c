/* SPDX-License-Identifier: MIT */
/* tokenize.c - tokens for Indonesian news on top of ICU word boundaries
 *
 * Word boundaries come from wordbreak.c (libicu's iterator, or the fast path
 * that gives the same pieces). Pieces that are only white space or control
 * characters are dropped and the rest trimmed of them; then, left to right,
 * the news rules merge or split pieces:
 *   - URLs, e-mail addresses, #hashtags and @handles are one token;
 *   - dates and times ("11/1/2022", "10:42") are one token (ICU already keeps
 *     "2,35", "1.500.000", "4.0" and "Ma'ruf" whole);
 *   - WORD-WORD stays whole when neither side starts with a capital letter
 *     ("negara-negara", "kerja-sama", "ke-18") or both sides are the same word
 *     ("Undang-Undang"); otherwise the hyphen splits ("Jakarta-Surabaya");
 *   - listed abbreviations keep their period ("Dr.", "dkk.", "K.H."), and so
 *     do initials ("B.J. Habibie", "A.S.", and "M." before a capitalised
 *     word); "..." and "?!" stay together;
 *   - currency prefixes split from amounts ("Rp140" -> "Rp" "140") and join
 *     their "$" ("US" "$" -> "US$");
 *   - an English possessive splits from a capitalised word ("Asia's").
 * Every rule looks only at pieces and the bytes they cover, so the fast
 * path and the ICU path, which give the same pieces, give the same tokens.
 */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "abbrev.h"
#include "mem.h"
#include "tokenize.h"
#include "utf8.h"

/* Classes of bytes for the rules' fast path (apply_rules). next_cls[b]: what
 * follows a piece that touches a next piece starting with byte b; NX_NONE
 * stands for a piece that touches nothing after it. */
enum {
    NX_NONE = 1,
    NX_ANY = 2,     /* every next piece */
    NX_WORD = 4,    /* "$" "." "-" 0xE2: rule_currency_sign, rule_abbrev and
                       rule_hyphen may start at a word before it */
    NX_DIGITS = 8,  /* "/" ":": rule_date_time may start at digits before it */
    ST_CUT = 16,    /* start_cls only: a capital or non-ASCII first byte:
                       a possessive may cut the piece if it ends in 's' */
    ST_CAP = 32     /* start_cls only: A-Z: a currency prefix may cut the
                       piece if a digit follows (maybe_currency) */
};

struct kj_tokenizer {
    kj_wb *wb;
    kj_pieces pieces;
    int icu_only;
    unsigned char next_cls[256];
    /* start_cls[v][b]: the NX_* bits of what may follow a piece starting
     * with byte b for some rule of match_rules to start at it, and ST_CUT
     * and ST_CAP; v is 2 * (the document has '@') + (it may have URLs) */
    unsigned char start_cls[4][256];
    int bmi;   /* tokenize_windows_bmi() may run (the processor has BMI1
                  and BMI2) */
};

static void init_classes(kj_tokenizer *tk);
static void abbrev_init(void);

/* tokenize_windows() has a way with BMI1 and BMI2 (chosen at run time);
 * -DKJ_NO_BMI leaves it out. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(KJ_NO_BMI)
#define KJ_TOK_BMI 1
#endif

kj_tokenizer *
kj_tokenizer_new(void)
{
    kj_tokenizer *tk = kj_calloc(1, sizeof *tk);

    if (tk == NULL)
        return NULL;
    tk->wb = kj_wb_new();
    if (tk->wb == NULL) {
        kj_free(tk);
        return NULL;
    }
    init_classes(tk);
    abbrev_init();   /* for tk_abbrev_kind */
#ifdef KJ_TOK_BMI
    __builtin_cpu_init();
    tk->bmi = __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
#endif
    return tk;
}

void
kj_tokenizer_free(kj_tokenizer *tk)
{
    if (tk == NULL)
        return;
    kj_wb_free(tk->wb);
    kj_free(tk->pieces.p);
    kj_free(tk);
}

void
kj_tokenizer_set_icu_only(kj_tokenizer *tk, int icu_only)
{
    tk->icu_only = icu_only;
}

/* The abbreviation list by binary search (the reference). */
static int
abbrev_search(const char *s, size_t n)
{
    size_t lo = 0, hi = kj_num_abbrevs;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const kj_abbrev *a = &kj_abbrevs[mid];
        size_t m = a->len < n ? a->len : n;
        int c = memcmp(a->s, s, m);
        if (c == 0)
            c = a->len < n ? -1 : a->len > n;
        if (c == 0)
            return a->kind;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return KJ_ABBREV_NONE;
}

/* The abbreviations of up to 8 bytes in an open-addressing table, built
 * once: a text's bytes as a number (little-endian, the rest 0) and its
 * length. Longer ones (none so far) are searched in the list. */
#define ABBREV_SLOTS 512   /* a power of 2, over twice the list */
static struct {
    uint64_t word;
    unsigned char len, kind;   /* len 0: an empty slot */
} abbrev_tab[ABBREV_SLOTS];
static size_t abbrev_longest;   /* bytes of the longest abbreviation */
static pthread_once_t abbrev_once = PTHREAD_ONCE_INIT;

/* s[0..n) as a number, n <= 8: overlapping loads, no loop. */
static inline uint64_t
short_word(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t a, b;
    uint16_t x, y;

    if (n >= 4) {
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        return (uint64_t)a | (uint64_t)b << (8 * (n - 4));
    }
    if (n >= 2) {
        memcpy(&x, p, 2);
        memcpy(&y, p + n - 2, 2);
        return (uint64_t)x | (uint64_t)y << (8 * (n - 2));
    }
    return n ? p[0] : 0;
}

static size_t
abbrev_slot(uint64_t w, size_t n)
{
    return (size_t)(((w ^ (uint64_t)n << 59) * UINT64_C(0x9E3779B97F4A7C15)) >> 55) &
           (ABBREV_SLOTS - 1);
}

static void
build_abbrev_tab(void)
{
    size_t i, h;

    for (i = 0; i < kj_num_abbrevs; i++) {
        const kj_abbrev *a = &kj_abbrevs[i];
        uint64_t w;
        if (a->len > abbrev_longest)
            abbrev_longest = a->len;
        if (a->len == 0 || a->len > 8)
            continue;
        w = short_word(a->s, a->len);
        for (h = abbrev_slot(w, a->len); abbrev_tab[h].len != 0; h = (h + 1) & (ABBREV_SLOTS - 1))
            if (abbrev_tab[h].len == a->len && abbrev_tab[h].word == w)
                break;   /* listed twice: the first (sorted) one stays */
        if (abbrev_tab[h].len == 0) {
            abbrev_tab[h].word = w;
            abbrev_tab[h].len = (unsigned char)a->len;
            abbrev_tab[h].kind = (unsigned char)a->kind;
        }
    }
}

int
kj_abbrev_kind(const char *s, size_t n)
{
    uint64_t w;
    size_t h;

    pthread_once(&abbrev_once, build_abbrev_tab);
    if (n == 0 || n > abbrev_longest)
        return KJ_ABBREV_NONE;
    if (n > 8)
        return abbrev_search(s, n);
    w = short_word(s, n);
    for (h = abbrev_slot(w, n); abbrev_tab[h].len != 0; h = (h + 1) & (ABBREV_SLOTS - 1))
        if (abbrev_tab[h].len == n && abbrev_tab[h].word == w)
            return abbrev_tab[h].kind;
    return KJ_ABBREV_NONE;
}

/* Build the abbreviations' table (once). */
static void
abbrev_init(void)
{
    pthread_once(&abbrev_once, build_abbrev_tab);
}

/* kj_abbrev_kind() where a tokenizer exists (kj_tokenizer_new() built the
 * table): a text longer than every abbreviation is none, without a call. */
static inline int
tk_abbrev_kind(const char *s, size_t n)
{
    return n > abbrev_longest ? KJ_ABBREV_NONE : kj_abbrev_kind(s, n);
}

/* ---- characters ---------------------------------------------------------- */

/* Never part of a token: white space, controls, invisible separators. */
int
kj_is_space_cp(int32_t c)
{
    if (c < 0x80)
        return c <= 0x20 || c == 0x7F;
    if (c == 0x200B || c == 0xFEFF || c == 0x2060)
        return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

static int32_t
first_cp(const char *t, size_t s, size_t e)
{
    size_t len;

    return s < e ? kj_utf8_decode(t + s, e - s, &len) : -1;
}

static int
is_upper_cp(int32_t c)
{
    utf8proc_category_t cat;

    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int
is_alnum_cp(int32_t c)
{
    utf8proc_category_t cat;

    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
is_ascii_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- the piece cursor ---------------------------------------------------- */

/* Pieces of one document, trimmed of white space, as the rules see them:
 * p[i] for i in [0, n), which they make tokens of; p[n] too when look is
 * n + 1 (the piece after them, which the rules may look at). */
typedef struct cursor {
    const char *t;
    size_t len;
    kj_piece *p;
    size_t n;
    size_t look;
} cursor;

static size_t
plen(const cursor *c, size_t i)
{
    return c->p[i].end - c->p[i].start;
}

static const char *
ptext(const cursor *c, size_t i)
{
    return c->t + c->p[i].start;
}

static inline int
is_n(const cursor *c, size_t i, const char *s, size_t n)
{
    return i < c->n && plen(c, i) == n && memcmp(ptext(c, i), s, n) == 0;
}

/* Is piece i the string literal s? */
#define is(c, i, s) is_n((c), (i), "" s, sizeof(s) - 1)  /* literals only */

/* p[i] and p[i+1] touch. */
static int
adjacent(const cursor *c, size_t i)
{
    return i + 1 < c->n && c->p[i].end == c->p[i + 1].start;
}

static int
all_digits(const cursor *c, size_t i, size_t max)
{
    size_t k, n = plen(c, i);

    if (n == 0 || n > max)
        return 0;
    for (k = 0; k < n; k++)
        if (!is_digit(ptext(c, i)[k]))
            return 0;
    return 1;
}

/* Piece i (which is there) is of letters, digits or marks (what ICU calls
 * a word). */
static int
word_at(const cursor *c, size_t i)
{
    return is_alnum_cp(first_cp(c->t, c->p[i].start, c->p[i].end));
}

/* A piece of letters, digits or marks, among those to make tokens of. */
static int
is_word(const cursor *c, size_t i)
{
    return i < c->n && word_at(c, i);
}

static int
is_hyphen(const cursor *c, size_t i)
{
    return is(c, i, "-") || is(c, i, "\xE2\x80\x90") || is(c, i, "\xE2\x80\x91");
}

/* Drop white-space pieces, trim the others. */
static void
trim_pieces(const char *t, kj_pieces *ps)
{
    size_t i, k;

    /* most pieces end in printable ASCII at both ends and stay where they
     * are: nothing is moved before the first that does not */
    for (i = 0; i < ps->n; i++) {
        unsigned char a, z;
        if (ps->p[i].start >= ps->p[i].end)
            break;
        a = (unsigned char)t[ps->p[i].start];
        z = (unsigned char)t[ps->p[i].end - 1];
        if (!(a > 0x20 && a < 0x7F && z > 0x20 && z < 0x7F))
            break;
    }
    for (k = i; i < ps->n; i++) {
        size_t s = ps->p[i].start, e = ps->p[i].end, len;
        unsigned char a, z;
        if (s >= e)
            continue;   /* empty: dropped */
        a = (unsigned char)t[s];
        z = (unsigned char)t[e - 1];
        if (a > 0x20 && a < 0x7F && z > 0x20 && z < 0x7F) {
            ps->p[k++] = ps->p[i];   /* printable ASCII at both ends: most */
            continue;
        }
        while (s < e && kj_is_space_cp(kj_utf8_decode(t + s, e - s, &len)))
            s += len;
        while (e > s) {
            size_t b = e - 1;
            while (b > s && ((unsigned char)t[b] & 0xC0) == 0x80)
                b--;
            if (!kj_is_space_cp(kj_utf8_decode(t + b, e - b, &len)))
                break;
            e = b;
        }
        if (s < e) {
            ps->p[k].start = s;
            ps->p[k].end = e;
            k++;
        }
    }
    ps->n = k;
}

/* ---- rules: each returns the number of pieces it consumed (0: no match)
 * and sets *end to the end of the token it makes. -------------------------- */

static int
url_char(unsigned char b)
{
    return b > 0x20 && b < 0x7F && b != '"' && b != '<' && b != '>' &&
           b != '\\' && b != '^' && b != '`' && b != '{' && b != '|' && b != '}';
}

static int
starts_ci(const char *t, size_t n, const char *s)
{
    size_t k, m = strlen(s);

    if (n < m)
        return 0;
    for (k = 0; k < m; k++) {
        char a = t[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != s[k])
            return 0;
    }
    return 1;
}

/* Pieces that lie before byte `end` (the last one may stick out). */
static size_t
pieces_until(const cursor *c, size_t i, size_t end)
{
    size_t k = i;

    while (k < c->n && c->p[k].start < end)
        k++;
    return k - i;
}

/* http://..., https://..., www.x.y: up to white space, without trailing
 * punctuation, and without a closing bracket it did not open. */
static size_t
rule_url(const cursor *c, size_t i, size_t *end)
{
    const char *t = c->t;
    size_t s = c->p[i].start, e = s, open = 0, close = 0;

    if (!(starts_ci(t + s, c->len - s, "http://") ||
          starts_ci(t + s, c->len - s, "https://") ||
          (starts_ci(t + s, c->len - s, "www.") && s + 4 < c->len &&
           is_ascii_alnum(t[s + 4]))))
        return 0;
    while (e < c->len && url_char((unsigned char)t[e])) {
        open += t[e] == '(';
        close += t[e] == ')';
        e++;
    }
    while (e > s) {
        char b = t[e - 1];
        if (b == ')' && close > open) {
            close--;
            e--;
        } else if (strchr(".,;:!?'\"]", b))
            e--;
        else
            break;
    }
    if (e - s < 8)
        return 0;
    *end = e;
    return pieces_until(c, i, e);
}

static int
email_local(char b)
{
    return is_ascii_alnum(b) || b == '.' || b == '_' || b == '%' || b == '+' ||
           b == '-';
}

/* local@domain.tld, starting at a piece that does not continue a word. */
static size_t
rule_email(const cursor *c, size_t i, size_t *end)
{
    const char *t = c->t;
    size_t s = c->p[i].start, e = s, at, dot = 0;

    if (!is_ascii_alnum(t[s]) || (s > 0 && email_local(t[s - 1])))
        return 0;
    while (e < c->len && email_local(t[e]))
        e++;
    if (e >= c->len || t[e] != '@' || e == s)
        return 0;
    at = e++;
    while (e < c->len && (is_ascii_alnum(t[e]) || t[e] == '.' || t[e] == '-')) {
        if (t[e] == '.')
            dot = e;
        e++;
    }
    while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-'))
        e--;
    if (dot <= at + 1 || dot + 2 >= e)
        return 0;
    for (size_t k = dot + 1; k < e; k++)
        if (is_digit(t[k]) || t[k] == '-')
            return 0; /* the top-level domain is letters */
    *end = e;
    return pieces_until(c, i, e);
}

/* #hashtag and @handle: the sign, then a word, not after a word. */
static size_t
rule_tag(const cursor *c, size_t i, size_t *end)
{
    if (!(is(c, i, "#") || is(c, i, "@")) || !adjacent(c, i) ||
        !is_word(c, i + 1))
        return 0;
    if (i > 0 && c->p[i - 1].end == c->p[i].start && is_word(c, i - 1))
        return 0;
    *end = c->p[i + 1].end;
    return 2;
}

/* Dates "11/1/2022", "2021/2022" and times "10:42", "10:42:05". */
static size_t
rule_date_time(const cursor *c, size_t i, size_t *end)
{
    size_t k = i;
    const char *sep;

    if (!all_digits(c, i, 4) || !adjacent(c, i) || !adjacent(c, i + 1))
        return 0;
    if (is(c, i + 1, "/"))
        sep = "/";
    else if (is(c, i + 1, ":") && plen(c, i) <= 2)
        sep = ":";
    else
        return 0;
    while (k + 2 < c->n && adjacent(c, k) && adjacent(c, k + 1) &&
           is_n(c, k + 1, sep, 1) && all_digits(c, k + 2, 4) &&
           (sep[0] == '/' || plen(c, k + 2) == 2) && k - i < 4)
        k += 2;
    if (k == i)
        return 0;
    *end = c->p[k].end;
    return k - i + 1;
}

/* Same word on both sides, ignoring case (ASCII): "Undang-Undang". */
static int
same_word(const cursor *c, size_t a, size_t b)
{
    size_t n = plen(c, a), k;

    if (n != plen(c, b))
        return 0;
    for (k = 0; k < n; k++) {
        char x = ptext(c, a)[k], y = ptext(c, b)[k];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

static int
capitalised(const cursor *c, size_t i)
{
    return is_upper_cp(first_cp(c->t, c->p[i].start, c->p[i].end));
}

/* WORD(-WORD)+ where each hyphen joins two parts neither of which starts
 * with a capital letter, or the same word twice. */
static size_t
rule_hyphen(const cursor *c, size_t i, size_t *end)
{
    size_t k = i;

    if (!is_word(c, i))
        return 0;
    while (k + 2 < c->n && adjacent(c, k) && adjacent(c, k + 1) &&
           is_hyphen(c, k + 1) && is_word(c, k + 2) &&
           ((!capitalised(c, k) && !capitalised(c, k + 2)) ||
            same_word(c, k, k + 2)))
        k += 2;
    if (k == i)
        return 0;
    *end = c->p[k].end;
    return k - i + 1;
}

/* Single letters joined by periods: "B.J" (ICU keeps it one piece). */
static int
initials(const char *s, size_t n)
{
    size_t k;

    if (n == 0 || n % 2 == 0)
        return 0;
    for (k = 0; k < n; k++)
        if (k % 2 ? s[k] != '.' : !((s[k] >= 'A' && s[k] <= 'Z') ||
                                     (s[k] >= 'a' && s[k] <= 'z')))
            return 0;
    return 1;
}

/* An abbreviation from the list, or initials ("M.", "B.J."), keeps its
 * period. */
static size_t
rule_abbrev(const cursor *c, size_t i, size_t *end)
{
    size_t n;
    const char *s;

    if (!is_word(c, i) || !adjacent(c, i) || !is(c, i + 1, "."))
        return 0;
    n = plen(c, i) + 1;
    s = ptext(c, i);
    if (kj_abbrev_kind(s, n) == KJ_ABBREV_NONE) {
        /* Initials: "B.J.", "A.S." always; a single capital only before a
         * capitalised word ("M. Nuh"), not "Hamengku Buwono X." at the end
         * of a sentence. */
        if (!initials(s, n - 1))
            return 0;
        if (n - 1 == 1 &&
            (!(s[0] >= 'A' && s[0] <= 'Z') || i + 2 >= c->look ||
             c->p[i + 1].end == c->p[i + 2].start || !word_at(c, i + 2) ||
             !capitalised(c, i + 2)))
            return 0;
    }
    *end = c->p[i + 1].end;
    return 2;
}

/* "US" "$" -> "US$". */
static size_t
rule_currency_sign(const cursor *c, size_t i, size_t *end)
{
    if (!is_word(c, i) || !adjacent(c, i) || !is(c, i + 1, "$") ||
        kj_abbrev_kind(ptext(c, i), plen(c, i) + 1) != KJ_ABBREV_CURRENCY)
        return 0;
    *end = c->p[i + 1].end;
    return 2;
}

/* Runs of "." (an ellipsis), of "!" and "?", of "-". */
static size_t
rule_punct_run(const cursor *c, size_t i, size_t *end)
{
    size_t k = i;
    int dots = is(c, i, "."), marks = is(c, i, "!") || is(c, i, "?"),
        dash = is(c, i, "-");

    if (!dots && !marks && !dash)
        return 0;
    while (adjacent(c, k) &&
           ((dots && is(c, k + 1, ".")) ||
            (marks && (is(c, k + 1, "!") || is(c, k + 1, "?"))) ||
            (dash && is(c, k + 1, "-"))))
        k++;
    if (k == i)
        return 0;
    *end = c->p[k].end;
    return k - i + 1;
}

/* The length of a currency prefix at the start of a word piece that runs on
 * into digits ("Rp140", "RM5"), or 0. */
static size_t
currency_prefix(const cursor *c, size_t i)
{
    const char *s = ptext(c, i);
    size_t n = plen(c, i), k = 0;

    /* no longer run of letters can be a listed prefix */
    while (k < n && k <= kj_max_currency_len &&
           ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z')))
        k++;
    if (k == 0 || k >= n || k > kj_max_currency_len || !is_digit(s[k]) ||
        kj_abbrev_kind(s, k) != KJ_ABBREV_CURRENCY)
        return 0;
    return k;
}

/* The digits among the bytes t[s .. s + 3]: the high bit of byte k of the
 * result is set when t[s + k] is one. One load and no branch on the bytes;
 * near the end of the text (len bytes) or on a big-endian machine: all
 * (perhaps). */
static inline uint32_t
digits4(const char *t, size_t len, size_t s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (s + 4 <= len) {
        uint32_t w, x;
        memcpy(&w, t + s, 4);
        x = w ^ 0x30303030u;                     /* digits become 0 .. 9 */
        return ~(((x & 0x7F7F7F7Fu) + 0x76767676u) | x) & 0x80808080u;
    }
#else
    (void)t;
    (void)len;
    (void)s;
#endif
    return 0x80808080u;
}

/* Is one of the bytes t[s .. s + 3] a digit (perhaps: see digits4)? */
static inline unsigned
digit_near(const char *t, size_t len, size_t s)
{
    return digits4(t, len, s) != 0;
}

/* Is one of the bytes 1 .. min(e - s, 4) - 1 of t[s..e) a digit (perhaps:
 * see digits4; also when the list has currency prefixes of more than 3
 * letters)? */
static inline unsigned
digit_after_first(const char *t, size_t len, size_t s, size_t e)
{
    /* the high bit of byte k, for k = 1 .. min(n, 4) - 1 */
    static const uint32_t after_first[5] = {0, 0, 0x8000, 0x808000, 0x80808000};
    size_t n = e - s;

    return kj_max_currency_len > 3 ||
           (digits4(t, len, s) & after_first[n < 4 ? n : 4]) != 0;
}

/* Might the piece t[s..e) start with a currency prefix ("Rp10.000")? A
 * capital with a digit within the next three bytes (capitals are common,
 * amounts after them rare); when that cannot be told, any capital. */
static inline int
maybe_currency(const char *t, size_t len, size_t s, size_t e)
{
    return ((unsigned)((unsigned char)t[s] - 'A') < 26) &
           digit_after_first(t, len, s, e);
}

/* An English possessive "'s" at the end of a capitalised word splits off
 * ("Asia's" -> "Asia" "'s"); returns the length of the word before it. */
static size_t
possessive(const cursor *c, size_t i)
{
    const char *s = ptext(c, i);
    size_t n = plen(c, i);

    if (!capitalised(c, i))
        return 0;
    if (n > 3 && s[n - 1] == 's' && s[n - 2] == '\'')
        return n - 2;
    if (n > 5 && s[n - 1] == 's' && memcmp(s + n - 4, "\xE2\x80\x99", 3) == 0)
        return n - 4;
    return 0;
}

/* Does t[0..n) contain the three bytes s? */
static int
contains(const char *t, size_t n, const char *s)
{
    const char *p = t, *e = t + n;

    while (e - p >= 3 && (p = memchr(p, s[0], (size_t)(e - p - 2))) != NULL) {
        if (p[1] == s[1] && p[2] == s[2])
            return 1;
        p++;
    }
    return 0;
}

/* What the document holds, so that rules it cannot need are not tried. */
typedef struct doc_has {
    int at;    /* '@': e-mail addresses, handles */
    int url;   /* "://" or "www." */
    int hash;  /* '#' */
} doc_has;

/* Try the rules that can start at piece i, in order of precedence; the
 * first that matches wins. Returns the pieces consumed (0: none). */
static size_t
match_rules(const cursor *c, size_t i, const doc_has *has, size_t *end)
{
    unsigned char b = (unsigned char)c->t[c->p[i].start];
    int adj = adjacent(c, i);
    unsigned char nb = adj ? (unsigned char)c->t[c->p[i + 1].start] : 0;
    size_t used;

    if (has->url && (b == 'h' || b == 'H' || b == 'w' || b == 'W') &&
        (used = rule_url(c, i, end)))
        return used;
    if (has->at && b < 0x80 && (used = rule_email(c, i, end)))
        return used;
    if ((b == '#' || b == '@') && (has->at || has->hash) &&
        (used = rule_tag(c, i, end)))
        return used;
    if (!adj)
        return 0;
    if (b >= '0' && b <= '9' && (nb == '/' || nb == ':') &&
        (used = rule_date_time(c, i, end)))
        return used;
    if (nb == '$' && (used = rule_currency_sign(c, i, end)))
        return used;
    if (nb == '.' && (used = rule_abbrev(c, i, end)))
        return used;
    if ((nb == '-' || nb == 0xE2) && (used = rule_hyphen(c, i, end)))
        return used;
    if ((b == '.' || b == '!' || b == '?' || b == '-') &&
        (used = rule_punct_run(c, i, end)))
        return used;
    return 0;
}

/* start_cls and next_cls of a tokenizer (see struct kj_tokenizer). */
static void
init_classes(kj_tokenizer *tk)
{
    int b, v;

    for (b = 0; b < 256; b++) {
        unsigned char st;

        tk->next_cls[b] = NX_ANY |
            (b == '$' || b == '.' || b == '-' || b == 0xE2 ? NX_WORD : 0) |
            (b == '/' || b == ':' ? NX_DIGITS : 0);
        if (b <= 0x20 || b == 0x7F)
            st = NX_NONE | NX_ANY;   /* starts no piece after trim_pieces */
        else if (is_digit((char)b))
            st = NX_WORD | NX_DIGITS;
        else if (is_ascii_alnum((char)b) || b >= 0x80)
            st = NX_WORD;            /* perhaps a word (is_word) */
        else if (strchr(".!?-#@", b))
            st = NX_ANY;             /* rule_punct_run, rule_tag */
        else
            st = 0;
        if ((b >= 'A' && b <= 'Z') || b >= 0x80)
            st |= ST_CUT;            /* possessive */
        /* currency_prefix: plain_run looks for a digit in the first four
         * bytes (digit_near), enough for prefixes of up to 3 letters */
        if (b >= 'A' && b <= 'Z')
            st |= kj_max_currency_len <= 3 ? ST_CAP : NX_NONE | NX_ANY;
        for (v = 0; v < 4; v++) {
            tk->start_cls[v][b] = st;
            if (((v & 2) && is_ascii_alnum((char)b)) ||          /* rule_email */
                ((v & 1) && (b == 'h' || b == 'H' || b == 'w' || b == 'W')))
                tk->start_cls[v][b] |= NX_NONE | NX_ANY;        /* rule_url */
        }
    }
}

/* Emit pieces i, i + 1, ... as tokens while no rule can start at them and
 * none can cut them (st: the start_cls of the document); stop before the
 * first for which one might, or at lim. Returns where it stopped.
 * Needs c->p[c->n].start == SIZE_MAX and room for lim - i more tokens. */
static size_t
plain_run(kj_doc *doc, const cursor *c, size_t i, size_t lim,
          const unsigned char *st, const unsigned char *next_cls)
{
    const unsigned char *t = (const unsigned char *)c->t;
    const kj_piece *p = c->p;
    kj_token *out = doc->tokens + doc->num_tokens;
    size_t k;

    for (k = i; k < lim; k++) {
        size_t s = p[k].start, e = p[k].end;
        unsigned f = st[t[s]];
        /* t[e]: the next piece's first byte when it touches this one; else
         * white space or the NUL after the text. Read either way, so that
         * the choice needs no branch (nor does anything up to the test). */
        unsigned nx = next_cls[t[e]], none = NX_NONE;
        unsigned stop = e == p[k + 1].start ? nx : none;
        stop |= (t[e - 1] == 's') * ST_CUT | digit_near(c->t, c->len, s) * ST_CAP;
        if (f & stop)
            break;
        out->start = s;
        out->end = e;
        out++;
    }
    doc->num_tokens += k - i;
    return k;
}

/* The rules at piece *i: emit one token, advance *i past the pieces it
 * consumed, or cut it (a piece the token ended inside keeps its rest). */
static int
rule_step(kj_doc *doc, cursor *c, size_t *i, const doc_has *has)
{
    size_t used, end = 0, cut, k = *i;
    unsigned char z = (unsigned char)c->t[c->p[k].end - 1];

    used = match_rules(c, k, has, &end);
    if (!used) {
        if ((maybe_currency(c->t, c->len, c->p[k].start, c->p[k].end) &&
             (cut = currency_prefix(c, k)) != 0) ||
            (z == 's' && (cut = possessive(c, k)) != 0)) {
            if (kj_doc_push_token(doc, c->p[k].start, c->p[k].start + cut) != KJ_OK)
                return KJ_ENOMEM;
            c->p[k].start += cut;
            return KJ_OK;
        }
        used = 1;
        end = c->p[k].end;
    }
    if (kj_doc_push_token(doc, c->p[k].start, end) != KJ_OK)
        return KJ_ENOMEM;
    k += used;
    /* A piece the token ended inside keeps its rest. */
    if (k > 0 && c->p[k - 1].end > end) {
        k--;
        c->p[k].start = end;
    }
    *i = k;
    return KJ_OK;
}

/* What the text t[0..len) holds (*has), and the start_cls of the
 * tokenizer for it. */
static const unsigned char *
doc_features(const kj_tokenizer *tk, const char *t, size_t len, doc_has *has)
{
    has->at = memchr(t, '@', len) != NULL;
    has->hash = memchr(t, '#', len) != NULL;
    has->url = contains(t, len, "://") || contains(t, len, "ww.");
    return tk->start_cls[has->at * 2 + has->url];
}

/* Emit tokens for the pieces; p[] may be changed in place (a piece cut by
 * a URL's end keeps its rest). Pieces no rule can start at are emitted by
 * plain_run, the others by rule_step. has and st: doc_features() of the
 * text. Needs c->p[c->n].start to be SIZE_MAX or not c->p[c->n - 1].end
 * (nothing touches the last piece). */
static int
apply_rules(kj_doc *doc, cursor *c, const kj_tokenizer *tk, const doc_has *has,
            const unsigned char *st)
{
    size_t i = 0;

    if (kj_grow((void **)&doc->tokens, &doc->cap_tokens,
                doc->num_tokens + c->n, sizeof *doc->tokens) != KJ_OK)
        return KJ_ENOMEM;
    while (i < c->n) {
        size_t lim = c->n - i < doc->cap_tokens - doc->num_tokens ?
                     c->n : i + (doc->cap_tokens - doc->num_tokens);

        i = plain_run(doc, c, i, lim, st, tk->next_cls);
        if (i < c->n && rule_step(doc, c, &i, has) != KJ_OK)
            return KJ_ENOMEM;
    }
    return KJ_OK;
}

/* The bits among cand (bytes of m->rule after a word and before white
 * space; the window at t[base]) at which a rule may start or cut: "$" "-"
 * ":" "/" (currency signs, hyphens, dates and times, URLs), and a dot that
 * rule_abbrev may keep with the word: after a listed abbreviation, initials
 * ("B.J"), or a single letter or digit. "!" and "?" start nothing there.
 * start: the bits of the words' first bytes. */
static uint64_t
rule_cands(const char *t, size_t base, uint64_t cand, uint64_t start)
{
    uint64_t keep = 0;

    for (; cand != 0; cand &= cand - 1) {
        unsigned b = kj_ctz64(cand), s;
        char c = t[base + b];
        if (c == '!' || c == '?')
            continue;
        s = 63 - kj_clz64(start & ((UINT64_C(1) << b) - 1));
        if (c != '.' || b - s == 1 || initials(t + base + s, b - s) ||
            tk_abbrev_kind(t + base + s, b - s + 1) != KJ_ABBREV_NONE)
            keep |= UINT64_C(1) << b;
    }
    return keep;
}

/* Bits of the window m (at t[base]) where a rule may start or cut a piece
 * of a plain run (match_rules, rule_step), or close to one: a byte of
 * m->rule that is a piece of its own, before anything but white space
 * (runs of "." "!" "?" "-"; what follows a word), or after a word
 * (rule_cands); a word that starts with a letter and has a digit among the
 * next three bytes (currency prefixes of up to three letters; all such
 * words when the list has longer ones); an apostrophe inside a word
 * (possessives); when the text may hold URLs (url: all bits set, else
 * none), a dot inside a word ("www.x.id"). "#" and "@" (tags, and e-mail
 * addresses, which need an "@" in their run) are in m->bad. */
static inline uint64_t
rule_bits(const kj_wbwin *m, const char *t, size_t base, uint64_t url)
{
    /* the bytes of m->rule that are pieces of their own */
    uint64_t w = m->word, d = m->digit, sp = m->space, rule = m->rule & ~m->joined;
    uint64_t start = w & ~(w << 1), end = w & ~(w >> 1);
    uint64_t near = kj_max_currency_len > 3 ? ~UINT64_C(0) : (d >> 1) | (d >> 2) | (d >> 3);
    uint64_t cand = rule & (end << 1) & (sp >> 1);
    /* of the punctuation inside words, "'" is the one not in m->rule but
     * after a letter ("," and ";" join digits only) */
    uint64_t bits = (rule & ~(sp >> 1)) | (start & ~d & near) |
                    (m->joined & ~m->rule & ~(d << 1)) | (m->joined & m->rule & url);

    return cand != 0 ? bits | rule_cands(t, base, cand, start) : bits;
}

/* Make tokens of the pieces gathered in tk->pieces, then empty it. look:
 * the piece after them, when look->start < look->end. */
static int
flush_pieces(kj_tokenizer *tk, kj_doc *doc, const doc_has *has,
             const unsigned char *st, kj_piece look)
{
    kj_pieces *ps = &tk->pieces;
    cursor c;
    int rc;

    if (!ps->printable)
        trim_pieces(doc->text.data, ps);
    /* the piece after them, or the sentinel, which touches nothing */
    if (kj_grow((void **)&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p) != KJ_OK)
        return KJ_ENOMEM;
    if (look.start < look.end)
        ps->p[ps->n] = look;
    else
        ps->p[ps->n].start = ps->p[ps->n].end = SIZE_MAX;
    c.t = doc->text.data;
    c.len = doc->text.len;
    c.p = ps->p;
    c.n = ps->n;
    c.look = ps->n + (look.start < look.end);
    rc = apply_rules(doc, &c, tk, has, st);
    ps->n = 0;
    ps->printable = 1;
    return rc;
}

/* Is every bit of trig (of the window at t[base]) a "-" between two words
 * (wstart: the bits of the words' first bytes, wend: of their last)? */
static int
hyphens_only(const char *t, size_t base, uint64_t trig, uint64_t wstart,
             uint64_t wend)
{
    if (trig & ~((wend << 1) & (wstart >> 1)))
        return 0;
    for (; trig != 0; trig &= trig - 1)
        if (t[base + kj_ctz64(trig)] != '-')
            return 0;
    return 1;
}

/* Tokens of the pieces p[0..n) of a plain run in which rule_hyphen is the
 * only rule that may start (hyphens_only()), as apply_rules() makes them. */
static int
hyphen_tokens(kj_doc *doc, kj_piece *p, size_t n)
{
    const char *t = doc->text.data;
    cursor c;
    size_t i = 0, used, end = 0;

    c.t = t;
    c.len = doc->text.len;
    c.p = p;
    c.n = c.look = n;
    while (i < n) {
        /* t[p[i].end] is in the text: white space ends the run */
        if (t[p[i].end] != '-' || (used = rule_hyphen(&c, i, &end)) == 0) {
            used = 1;
            end = p[i].end;
        }
        if (kj_doc_push_token(doc, p[i].start, end) != KJ_OK)
            return KJ_ENOMEM;
        i += used;
    }
    return KJ_OK;
}

/* The plain run at bits [r, e) of the window m (at t[pos]), where a rule
 * may start (trig: the window's rule_bits()): its pieces from the window
 * are made tokens right away when rule_hyphen is the only such rule, after
 * the pieces gathered before it; else gathered in tk->pieces for the
 * rules. */
static int
rules_run(kj_tokenizer *tk, kj_doc *doc, const kj_wbwin *m, size_t pos,
          unsigned r, unsigned e, uint64_t trig, const doc_has *has,
          const unsigned char *st)
{
    kj_pieces *ps = &tk->pieces;
    uint64_t in = (~UINT64_C(0) << r) & ((UINT64_C(1) << e) - 1);
    uint64_t first, last, w = m->word;
    kj_piece look;
    size_t np;
    int rc;

    if (kj_grow((void **)&ps->p, &ps->cap, ps->n + KJ_WB_WIN,
                sizeof *ps->p) != KJ_OK)
        return KJ_ENOMEM;
    kj_wb_piece_bits(m, &first, &last);
    first &= in;
    last &= in;
    if (!hyphens_only(doc->text.data, pos, trig & in, w & ~(w << 1),
                      w & ~(w >> 1))) {
        ps->n = (size_t)(kj_wb_put_pieces(ps->p + ps->n, pos, first, last) - ps->p);
        return KJ_OK;
    }
    look.start = pos + kj_ctz64(first);
    look.end = pos + kj_ctz64(last) + 1;
    if (ps->n > 0 && (rc = flush_pieces(tk, doc, has, st, look)) != KJ_OK)
        return rc;
    np = (size_t)(kj_wb_put_pieces(ps->p, pos, first, last) - ps->p);
    return hyphen_tokens(doc, ps->p, np);
}

/* kj_tokenize() 64 bytes at a time (kj_wb_window()): the plain runs at
 * which no rule can start or cut a piece (rule_bits) are made tokens
 * straight from the window's masks, one per piece; the other runs are
 * gathered as pieces (kj_wb_segment_run()) and go through the rules
 * together, with the piece after them to look at. Every rule makes its
 * token of adjacent pieces, or of a URL or e-mail address, none of which
 * spans ASCII white space; and only rule_abbrev looks at a piece past
 * white space, the next one. */
KJ_WB_INLINE int
tokenize_windows_body(kj_tokenizer *tk, kj_doc *doc)
{
    const char *t = doc->text.data;
    size_t n = doc->text.len, pos = 0;
    kj_pieces *ps = &tk->pieces;
    kj_piece none = {0, 0};
    kj_wbscan sc;
    doc_has has;
    const unsigned char *st = doc_features(tk, t, n, &has);
    uint64_t url = has.url ? ~UINT64_C(0) : 0;
    int rc = KJ_OK;

    ps->n = 0;
    ps->printable = 1;
    if (kj_grow((void **)&doc->stop_blocks, &doc->cap_stop_blocks,
                (n + KJ_WB_WIN - 1) / KJ_WB_WIN, sizeof *doc->stop_blocks) != KJ_OK)
        return KJ_ENOMEM;
    kj_wb_scan_init(&sc, t, n, doc->stop_blocks);
    while (pos < n && rc == KJ_OK) {
        kj_wbwin m;
        uint64_t first, last, trig;
        unsigned r, e;
        int stop;

        kj_wb_window(&sc, pos, &m);
        trig = rule_bits(&m, t, pos, url);
        r = kj_wb_prefix(&m, trig, &first, &last, &stop);
        if (r > 0) {
            if (ps->n > 0 && first != 0) {
                kj_piece look;
                look.start = pos + kj_ctz64(first);
                look.end = pos + kj_ctz64(last) + 1;
                if ((rc = flush_pieces(tk, doc, &has, st, look)) != KJ_OK)
                    break;
            }
            if (kj_grow((void **)&doc->tokens, &doc->cap_tokens,
                        doc->num_tokens + KJ_WB_WIN, sizeof *doc->tokens) != KJ_OK)
                return KJ_ENOMEM;
            doc->num_tokens = (size_t)(kj_wb_put_pieces(doc->tokens + doc->num_tokens,
                                                        pos, first, last) - doc->tokens);
        }
        if (!stop && r > 0)
            pos += r;
        else if (stop && (e = kj_wb_run_end(&m, r)) != 0) {
            rc = rules_run(tk, doc, &m, pos, r, e, trig, &has, st);
            pos += e;
        } else      /* one that is not plain, or too long for a window */
            rc = kj_wb_segment_run(tk->wb, t, n, pos + r, ps, &pos);
    }
    if (rc == KJ_OK && ps->n > 0)
        rc = flush_pieces(tk, doc, &has, st, none);
    if (rc == KJ_OK) {
        kj_wb_scan_finish(&sc);
        doc->num_stop_blocks = sc.nstops;
    }
    return rc;
}

#ifdef KJ_TOK_BMI
/* tokenize_windows_body() with BMI1 and BMI2 (for the bit operations on
 * the windows' masks: blsr, andn, tzcnt, shifts by a register). */
__attribute__((target("bmi,bmi2"))) static int
tokenize_windows_bmi(kj_tokenizer *tk, kj_doc *doc)
{
    return tokenize_windows_body(tk, doc);
}
#endif

/* tokenize_windows_body(), with BMI where the processor has it. */
static int
tokenize_windows(kj_tokenizer *tk, kj_doc *doc)
{
#ifdef KJ_TOK_BMI
    if (tk->bmi && kj_wb_wide_isa())
        return tokenize_windows_bmi(tk, doc);
#endif
    return tokenize_windows_body(tk, doc);
}

int
kj_tokenize(kj_tokenizer *tk, kj_doc *doc)
{
    cursor c;
    doc_has has;
    const unsigned char *st;
    int rc;

    doc->num_stop_blocks = 0;
    if (!tk->icu_only && doc->text.len > 0 && kj_wb_windows_ok())
        return tokenize_windows(tk, doc);
    rc = kj_wb_segment(tk->wb, doc->text.data ? doc->text.data : "",
                       doc->text.len, tk->icu_only, &tk->pieces);
    if (rc != KJ_OK)
        return rc;
    if (!tk->pieces.printable)   /* else nothing to trim */
        trim_pieces(doc->text.data, &tk->pieces);
    /* the sentinel after the last piece, which touches nothing */
    if (kj_grow((void **)&tk->pieces.p, &tk->pieces.cap, tk->pieces.n + 1,
                sizeof *tk->pieces.p) != KJ_OK)
        return KJ_ENOMEM;
    tk->pieces.p[tk->pieces.n].start = tk->pieces.p[tk->pieces.n].end = SIZE_MAX;
    c.t = doc->text.data;
    c.len = doc->text.len;
    c.p = tk->pieces.p;
    c.n = c.look = tk->pieces.n;
    st = doc_features(tk, c.t, c.len, &has);
    return apply_rules(doc, &c, tk, &has, st);
}
