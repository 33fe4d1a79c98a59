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

#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <utf8proc.h>

#include "abbrev.h"
#include "mem.h"
#include "sentence.h"
#include "utf8.h"

struct kj_splitter {
    UBreakIterator *bi;
    UText *ut;
    int exhaustive;       /* iterate every ICU boundary (the reference) */
    unsigned char *brk;   /* brk[k]: ICU breaks before token k */
    size_t cap_brk;
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
    kj_free(sp->brk);
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

/* A sentence never ends after token k. */
static int
never_ends_after(const kj_doc *doc, size_t k)
{
    size_t n;
    const char *t = tok(doc, k, &n);

    switch (kj_abbrev_kind(t, n)) {
    case KJ_ABBREV_TITLE: return 1;
    case KJ_ABBREV_NONE: return is_initials(t, n);  /* names go on */
    default: return 0;                              /* the list decides */
    }
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

/* Newlines in the gap before token k: 0, 1, or 2 for a blank line. */
static int
newlines_before(const kj_doc *doc, size_t k)
{
    const char *t = doc->text.data;
    size_t i, from = doc->tokens[k - 1].end, to = doc->tokens[k].start;
    int nl = 0;

    for (i = from; i < to; i++) {
        if (t[i] == '\n') {
            if (++nl == 2)
                return 2;
        } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            nl = 0; /* something else between the line ends */
    }
    if (nl == 0)
        for (i = from; i < to; i++) {
            const unsigned char *u = (const unsigned char *)t + i;
            if (u[0] == '\r' || u[0] == '\f' || u[0] == '\v' ||
                (u[0] == 0xC2 && i + 1 < to && u[1] == 0x85) ||      /* NEL */
                (u[0] == 0xE2 && i + 2 < to && u[1] == 0x80 &&
                 (u[2] == 0xA8 || u[2] == 0xA9)))   /* U+2028, U+2029 */
                return 1;
        }
    return nl;
}

/* A line that ends with one of these goes on in the next line. */
static int
continues_line(const kj_doc *doc, size_t k)
{
    return tok_is(doc, k, ",") || tok_is(doc, k, ":") || tok_is(doc, k, ";") ||
           tok_is(doc, k, "-") || tok_is(doc, k, "(") || tok_is(doc, k, "[") ||
           tok_is(doc, k, "\xE2\x80\x9C") /* “ */;
}

/* Can ICU put a sentence break after token k? Only after sentence-final
 * punctuation (Sentence_Break ATerm or STerm: ". ! ? 。"), possibly followed
 * by closing quotes and brackets (SB9-SB11); line ends are decided apart. */
static int
after_terminal(const kj_doc *doc, size_t k)
{
    for (;;) {
        const char *t = doc->text.data;
        size_t s = doc->tokens[k].start, e = doc->tokens[k].end, b = e - 1, len;
        int32_t c;
        int sb;

        /* The last character decides (SB11: ATerm|STerm Close* Sp* ÷). */
        if ((unsigned char)t[b] < 0x80) {
            c = (unsigned char)t[b];
            sb = c == '.' ? U_SB_ATERM : (c == '!' || c == '?') ? U_SB_STERM
                 : (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}')
                     ? U_SB_CLOSE : U_SB_OTHER;
        } else {
            while (b > s && ((unsigned char)t[b] & 0xC0) == 0x80)
                b--;
            c = kj_utf8_decode(t + b, e - b, &len);
            sb = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
        }
        if (sb == U_SB_ATERM || sb == U_SB_STERM)
            return 1;
        if (sb != U_SB_CLOSE || b > s)
            return 0;
        /* A closing quote or bracket alone: look at what comes before it. */
        if (k == 0 || doc->tokens[k - 1].end != s)
            return 0;
        k--;
    }
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
        if (k > 0 && k < n && doc->tokens[k - 1].end <= (size_t)b)
            sp->brk[k] = 1;
    }
    return KJ_OK;
}

/* Mark in sp->brk the tokens ICU puts a sentence break before (line ends
 * aside). Normally ICU is asked only where such a break can be:
 * ubrk_isBoundary() at the start of the token after sentence-final
 * punctuation; the exhaustive reference gives the same marks. */
static int
icu_breaks(kj_splitter *sp, const kj_doc *doc)
{
    UErrorCode e = U_ZERO_ERROR;
    size_t k, n = doc->num_tokens;
    int set = 0;

    if (kj_grow((void **)&sp->brk, &sp->cap_brk, n + 1, 1) != KJ_OK)
        return KJ_ENOMEM;
    memset(sp->brk, 0, n + 1);
    if (doc->text.len > INT32_MAX)
        return KJ_EINVAL;
    if (sp->exhaustive)
        return icu_breaks_all(sp, doc);
    for (k = 1; k < n; k++) {
        if (!after_terminal(doc, k - 1))
            continue;
        if (!set) {
            sp->ut = utext_openUTF8(sp->ut, doc->text.data,
                                    (int64_t)doc->text.len, &e);
            ubrk_setUText(sp->bi, sp->ut, &e);
            if (U_FAILURE(e))
                return KJ_ENOMEM;
            set = 1;
        }
        sp->brk[k] = ubrk_isBoundary(sp->bi, (int32_t)doc->tokens[k].start) != 0;
    }
    return KJ_OK;
}

int
kj_split_sentences(kj_splitter *sp, kj_doc *doc)
{
    size_t n = doc->num_tokens, first = 0, k;
    int rc;

    if (n == 0)
        return KJ_OK;
    if ((rc = icu_breaks(sp, doc)) != KJ_OK)
        return rc;
    for (k = 1; k < n; k++) {
        int nl = newlines_before(doc, k), brk;

        if (nl == 2)
            brk = 1;
        else if (nl == 1)
            brk = !starts_lower(doc, k) && !continues_line(doc, k - 1);
        else
            brk = sp->brk[k] && !starts_lower(doc, k) &&
                  !never_ends_after(doc, k - 1) && !list_marker(doc, first, k);
        if (brk) {
            if (kj_doc_push_sentence(doc, first, k) != KJ_OK)
                return KJ_ENOMEM;
            first = k;
        }
    }
    return kj_doc_push_sentence(doc, first, n);
}
