/* SPDX-License-Identifier: MIT */
/* normalize.c - matching keys of tokens (utf8proc, plus ICU's script data) */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include <unicode/uscript.h>
#include <utf8proc.h>

#include "mem.h"
#include "normalize.h"
#include "utf8.h"
#include "lexicon.h"
#include "lexicon_format.h"

/* Typographic apostrophes and look-alikes become "'". */
static utf8proc_int32_t
fold_apostrophe(utf8proc_int32_t c, void *data)
{
    (void)data;
    switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02BB:
    case 0x00B4: case 0x0060: case 0x2032: case 0xFF07:
        return '\'';
    default:
        return c;
    }
}

/* Do marks on this letter go? Only for Latin, Greek and Cyrillic. */
static int
strips_marks(utf8proc_int32_t base)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode s;

    if (base < 0x80)
        return 1;
    s = uscript_getScript(base, &e);
    return U_SUCCESS(e) &&
           (s == USCRIPT_LATIN || s == USCRIPT_GREEK || s == USCRIPT_CYRILLIC);
}

#define KJ_KEY_STACK 256

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* a[0..n) == b[0..n)? Short texts (most tokens) with two overlapping
 * loads each, without a call. */
static inline int
same_bytes(const char *a, const char *b, size_t n)
{
    uint32_t x, y, u, v;

    if (n > 8)
        return memcmp(a, b, n) == 0;
    if (n >= 4) {
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return x == y && u == v;
    }
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

/* Is s[0..n) all ASCII? Eight bytes at a time; the tail with one load that
 * overlaps what was read (two for 4 to 7 bytes), not a byte loop. */
static int
is_ascii(const char *s, size_t n)
{
    uint64_t any = 0, w;
    uint32_t x, y;
    size_t i = 0;

    if (n >= 8) {
        for (; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, 8);
            any |= w;
        }
        memcpy(&w, s + n - 8, 8);
        return ((any | w) & HIGHS) == 0;
    }
    if (n >= 4) {
        memcpy(&x, s, 4);
        memcpy(&y, s + n - 4, 4);
        return ((x | y) & (uint32_t)HIGHS) == 0;
    }
    for (; i < n; i++)
        any |= (unsigned char)s[i];
    return (any & HIGHS) == 0;
}

/* The high bit of each byte of w (eight ASCII bytes) that is A-Z. */
static inline uint64_t
upper8(uint64_t w)
{
    return (w + ONES * (0x80 - 'A')) & ~(w + ONES * (0x7F - 'Z')) & HIGHS;
}

/* w with A-Z lowered, eight ASCII bytes: a byte's high bit says whether it
 * is >= 'A' and whether it is > 'Z'. */
static inline uint64_t
lower8(uint64_t w)
{
    uint64_t ge_a = w + ONES * (0x80 - 'A'), gt_z = w + ONES * (0x7F - 'Z');

    return w | (ge_a & ~gt_z & HIGHS) >> 2;   /* 0x80 >> 2 = 0x20 */
}

static inline uint32_t
lower4(uint32_t w)
{
    const uint32_t ones = (uint32_t)ONES, highs = (uint32_t)HIGHS;
    uint32_t ge_a = w + ones * (0x80 - 'A'), gt_z = w + ones * (0x7F - 'Z');

    return w | (ge_a & ~gt_z & highs) >> 2;
}

/* d[0..n) = s[0..n) with A-Z lowered; s is ASCII. Eight bytes at a time;
 * the tail as is_ascii() reads it (lowering a byte twice changes nothing). */
static void
ascii_lower(char *d, const char *s, size_t n)
{
    size_t i = 0;
    uint64_t w;
    uint32_t x;

    if (n >= 8) {
        for (; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, 8);
            w = lower8(w);
            memcpy(d + i, &w, 8);
        }
        memcpy(&w, s + n - 8, 8);
        w = lower8(w);
        memcpy(d + n - 8, &w, 8);
        return;
    }
    if (n >= 4) {
        memcpy(&x, s, 4);
        x = lower4(x);
        memcpy(d, &x, 4);
        memcpy(&x, s + n - 4, 4);
        x = lower4(x);
        memcpy(d + n - 4, &x, 4);
        return;
    }
    for (; i < n; i++) {
        char c = s[i];
        d[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
}

int
kj_key_append(kj_buf *out, const char *s, size_t n)
{
    utf8proc_int32_t stack[KJ_KEY_STACK], *cp = stack;
    utf8proc_ssize_t m, k, w;
    const utf8proc_option_t opt = UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                  UTF8PROC_DECOMPOSE;
    int strip = 0, rc = KJ_OK;

    if (is_ascii(s, n)) {
        /* ASCII: NFKC is the identity, case folding is tolower. */
        if (kj_buf_reserve(out, n) != 0)
            return KJ_ENOMEM;
        ascii_lower(out->data + out->len, s, n);
        out->len += n;
        out->data[out->len] = '\0';
        return KJ_OK;
    }
    if (n > (size_t)PTRDIFF_MAX / 8)
        return KJ_ENOMEM;
    m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
                                  (utf8proc_ssize_t)n, cp, KJ_KEY_STACK, opt,
                                  fold_apostrophe, NULL);
    if (m > KJ_KEY_STACK) {
        cp = kj_malloc((size_t)m * sizeof *cp);
        if (cp == NULL)
            return KJ_ENOMEM;
        m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)n, cp, m, opt,
                                      fold_apostrophe, NULL);
    }
    if (m < 0) {
        rc = m == UTF8PROC_ERROR_NOMEM ? KJ_ENOMEM : KJ_EINVAL;
        goto done;
    }
    /* Drop combining marks whose base letter is Latin, Greek or Cyrillic. */
    for (k = w = 0; k < m; k++) {
        const utf8proc_property_t *p = utf8proc_get_property(cp[k]);
        if (p->combining_class == 0 && p->category != UTF8PROC_CATEGORY_MN)
            strip = strips_marks(cp[k]);
        else if (p->category == UTF8PROC_CATEGORY_MN && strip)
            continue;
        cp[w++] = cp[k];
    }
    /* Compose again (NFKC) and encode as UTF-8 in place. */
    m = utf8proc_reencode(cp, w, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) {
        rc = KJ_EINVAL;
        goto done;
    }
    kj_buf_append(out, (const char *)cp, (size_t)m);
    if (out->failed)
        rc = KJ_ENOMEM;
done:
    if (cp != stack)
        kj_free(cp);
    return rc;
}

/* Does text[0..n) start with an upper- or titlecase letter? */
static int
starts_capitalised(const char *t, size_t n)
{
    size_t len;
    int32_t c;
    utf8proc_category_t cat;

    if (n == 0)
        return 0;
    if ((unsigned char)t[0] < 0x80)
        return t[0] >= 'A' && t[0] <= 'Z';
    c = kj_utf8_decode(t, n, &len);
    if (c < 0)
        return 0;
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* The first slot of hash h in a table of 2^bits slots: its high bits. */
static inline size_t
slot_of(uint64_t h, unsigned bits)
{
    return (size_t)(h >> (64 - bits));
}

/* log2 of size, a power of 2. */
static unsigned
log2_of(size_t size)
{
    unsigned b = 0;

    while ((size_t)1 << b < size)
        b++;
    return b;
}

/* An empty table of `size` slots (a power of 2). */
static int
table_reset(uint32_t **slots, size_t *cap, size_t size)
{
    if (kj_grow((void **)slots, cap, size, sizeof **slots) != KJ_OK)
        return KJ_ENOMEM;
    memset(*slots, 0, size * sizeof **slots);
    return KJ_OK;
}

/* Double a table holding classes c0..n-1, each placed again by hash[c]. */
static int
table_double(uint32_t **slots, size_t *cap, size_t *size, const uint64_t *hash,
             size_t c0, size_t n)
{
    size_t c, mask;
    unsigned bits;

    if (*size > SIZE_MAX / 4 || table_reset(slots, cap, *size * 2) != KJ_OK)
        return KJ_ENOMEM;
    *size *= 2;
    mask = *size - 1;
    bits = log2_of(*size);
    for (c = c0; c < n; c++) {
        size_t h = slot_of(hash[c], bits);
        while ((*slots)[h] != 0)
            h = (h + 1) & mask;
        (*slots)[h] = (uint32_t)c + 1;
    }
    return KJ_OK;
}

/* The first power of 2 >= max(n, 64). */
static size_t
table_size(size_t n)
{
    size_t size = 64;

    while (size < n && size <= SIZE_MAX / 2)
        size *= 2;
    return size;
}

/* Grow the document's key arrays for n tokens; an empty table sized for
 * about n / 4 distinct texts (it doubles when half full). */
static int
grow_key_arrays(kj_doc *doc, size_t n)
{
    size_t m = n + 1;   /* (the inert class and one per token) */

    if (kj_grow((void **)&doc->cls_off, &doc->cap_cls_off, m + 1, sizeof *doc->cls_off) ||
        kj_grow((void **)&doc->cls_hash, &doc->cap_cls_hash, m, sizeof *doc->cls_hash) ||
        kj_grow((void **)&doc->tok_flags, &doc->cap_tok_flags, m, 1) ||
        kj_grow((void **)&doc->text_cls, &doc->cap_text_cls, m, sizeof *doc->text_cls) ||
        kj_grow((void **)&doc->tcls, &doc->cap_tcls, m, sizeof *doc->tcls) ||
        kj_grow((void **)&doc->thash, &doc->cap_thash, m, sizeof *doc->thash) ||
        kj_grow((void **)&doc->tlist, &doc->cap_tlist, m, sizeof *doc->tlist))
        return KJ_ENOMEM;
    doc->tsize = table_size(n / 2);
    if (table_reset(&doc->tslots, &doc->cap_tslots, doc->tsize) != KJ_OK)
        return KJ_ENOMEM;
    if (++doc->slot_gen == 0) {     /* wrapped: clear the shapes once */
        if (doc->shape_gen)
            memset(doc->shape_gen, 0, doc->cap_shape_gen * sizeof *doc->shape_gen);
        doc->slot_gen = 1;
    }
    return KJ_OK;
}

/* A new text class t for token i: its key (made once per distinct text,
 * kept at keys[cls_off[t] .. cls_off[t + 1]), the key's hash for lexicon
 * lookups, and flags. Texts with the same key ("Jakarta", "jakarta") each
 * keep a copy: lookups are cached per text class. */
static int
new_text_class(kj_doc *doc, size_t i, uint32_t t)
{
    const kj_token *tok = &doc->tokens[i];
    const char *text = doc->text.data + tok->start;
    size_t n = tok->end - tok->start, off = doc->keys.len;
    int rc = kj_key_append(&doc->keys, text, n);

    if (rc == KJ_EINVAL)  /* cannot happen for valid UTF-8: keep the text */
        kj_buf_append(&doc->keys, text, n);
    else if (rc != KJ_OK)
        return rc;
    if (doc->keys.failed)
        return KJ_ENOMEM;
    doc->cls_off[t] = off;
    doc->cls_off[t + 1] = doc->keys.len;
    doc->cls_hash[t] = kj_lexhash(doc->keys.data ? doc->keys.data + off : "",
                                  doc->keys.len - off);
    doc->tcls[t].tok = (uint32_t)i;
    doc->tcls[t].flag = (unsigned char)((starts_capitalised(text, n) ? KJ_TF_CAP : 0) |
                    (n == 1 && text[0] == ',' ? KJ_TF_COMMA : 0) |
                    (n == 1 && text[0] == '(' ? KJ_TF_LPAREN : 0) |
                    (n == 1 && text[0] == ')' ? KJ_TF_RPAREN : 0));
    return KJ_OK;
}

/* kj_lexhash() of a key of n <= 8 bytes, given as the number its bytes
 * make read little-endian and 0-padded, as kj_lexhash() reads them; the
 * unit tests pin the two equal. */
static inline uint64_t
lexhash_short(uint64_t w, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xFF51AFD7ED558CCDULL);

    if (n > 0) {
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
        if (n == 8)
            h ^= h >> 29;
    }
    h ^= h >> 32;
    h *= 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 33);
}

/* Store the 8 bytes of w at d, little-endian. */
static inline void
put_le64(char *d, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(d, &w, 8);
#else
    size_t i;

    for (i = 0; i < 8; i++)
        d[i] = (char)(w >> (8 * i));
#endif
}

/* The flags (KJ_TF_*) of a text of at most 8 ASCII bytes whose head
 * (head8()) is `head`. */
static inline unsigned char
short_flags(uint64_t head)
{
    unsigned first = (unsigned)(head & 0xFF);

    return (unsigned char)((first >= 'A' && first <= 'Z' ? KJ_TF_CAP : 0) |
                           (head == ',' ? KJ_TF_COMMA : 0) |
                           (head == '(' ? KJ_TF_LPAREN : 0) |
                           (head == ')' ? KJ_TF_RPAREN : 0));
}

/* new_text_class() for a text of n <= 8 ASCII bytes, given as its head
 * (head8()): the key is the head lowered, stored with one move, and its
 * hash is made from it without reading it back. */
static int
new_short_class(kj_doc *doc, size_t i, uint32_t t, uint64_t head, size_t n)
{
    uint64_t key = lower8(head);
    size_t off = doc->keys.len;

    if (doc->keys.cap - off <= 8 && kj_buf_reserve(&doc->keys, 8) != 0)
        return KJ_ENOMEM;
    put_le64(doc->keys.data + off, key);   /* its 0 padding ends the key */
    doc->keys.len = off + n;
    doc->keys.data[off + n] = '\0';
    doc->cls_off[t] = off;
    doc->cls_off[t + 1] = off + n;
    doc->cls_hash[t] = lexhash_short(key, n);
    doc->tcls[t].tok = (uint32_t)i;
    doc->tcls[t].flag = short_flags(head);
    return KJ_OK;
}

/* The first min(n, 8) bytes of s as a number, the rest 0; `avail` bytes
 * are readable at s. One load where 8 bytes are there (most tokens). */
static inline uint64_t
head8(const char *s, size_t n, size_t avail)
{
    uint64_t w = 0;
    size_t i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    static const uint64_t keep[9] = {
        0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFF, UINT64_MAX
    };
    if (avail >= 8) {   /* masked without a branch on n */
        memcpy(&w, s, 8);
        return w & keep[n < 8 ? n : 8];
    }
#else
    (void)avail;
#endif
    for (i = 0; i < n && i < 8; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return w;
}

/* The hash of a token text s[0..n) for interning (any good hash will do:
 * it never leaves the document), from its length, head and, past 8 bytes,
 * its last 8 bytes (texts longer than 16 bytes that differ only in
 * between share it: the probe compares them). Multiplicative: a slot is
 * taken from its high bits (slot_of()). */
static inline uint64_t
text_hash(const char *s, size_t n, uint64_t head)
{
    uint64_t tail = 0;

    if (n > 8)
        memcpy(&tail, s + n - 8, 8);    /* within the text */
    return kj_short_key_hash(head, tail, n);
}

/* Text class 0 of a document whose keys are made with a key filter: the
 * inert class, with an empty key (kj_doc.inert). */
static void
inert_class(kj_doc *doc)
{
    doc->cls_off[0] = doc->cls_off[1] = 0;
    doc->cls_hash[0] = kj_lexhash("", 0);
    doc->tcls[0].head = 0;
    doc->tcls[0].len = 0;
    doc->tcls[0].tok = 0;
    doc->tcls[0].flag = 0;
    doc->thash[0] = 0;
}

void
kj_keyfilter_mark_flagged(uint64_t *filter, unsigned bits)
{
    static const char flagged[] = ",()";
    size_t k;

    for (k = 0; flagged[k]; k++) {
        uint64_t h = kj_short_key_hash((unsigned char)flagged[k], 0, 1) >> (64 - bits);
        filter[h / 64] |= UINT64_C(1) << (h % 64);
    }
}

/* Token texts are read 8 bytes at a time: the text buffer has these many
 * bytes readable past its end (kj_doc_make_keys_known() reserves them). */
#define HEAD_PAD 8

/* Find the inert tokens (kj_doc.inert): texts of at most 16 ASCII bytes
 * without capital letters, whose keys (themselves) `known` lacks. Their
 * class and flags (none: `known` holds the texts with flags) are set, and
 * the others' numbers listed in order in doc->tlist (their class and flags
 * are left to set); in one pass without a branch per token. Returns how
 * many others. */
static size_t
find_inert(kj_doc *doc, const kj_keyfilter *known)
{
    /* the bytes of a text of n bytes in its first 8 (min(n, 15)) */
    static const uint64_t keep[16] = {
        0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF,
        0xFFFFFFFFFFFFFF, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
        UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX
    };
    const kj_token *tok = doc->tokens;
    const char *base = doc->text.data;
    const uint64_t *filter = known->filter;
    unsigned shift = 64 - known->bits;
    uint32_t *restrict list = doc->tlist, *restrict cls = doc->text_cls;
    unsigned char *restrict flags = doc->tok_flags;
    size_t i, n = 0, ntok = doc->num_tokens;

    for (i = 0; i < ntok; i++) {
        const char *text = base + tok[i].start;
        size_t len = tok[i].end - tok[i].start;
        uint64_t head, tail, lon = -(uint64_t)(len > 8), h;
        unsigned cand, held;

        /* (HEAD_PAD bytes past the end; a text of 9 bytes or more has a
         * tail within it) */
        memcpy(&head, text, 8);
        memcpy(&tail, text + ((len - 8) & lon), 8);
        head &= keep[len < 15 ? len : 15];
        tail &= lon;
        /* its own key: ASCII without capitals (then the hash that interns
         * it is its key's) */
        cand = (unsigned)(len <= 16) &
               (unsigned)((((head | tail) & HIGHS) | upper8(head) | upper8(tail)) == 0);
        h = kj_short_key_hash(head, tail, len) >> shift;
        held = (unsigned)(filter[h / 64] >> (h % 64)) & 1u;
        cls[i] = KJ_CLS_INERT;
        flags[i] = 0;   /* (the texts with flags are in the filter) */
        list[n] = (uint32_t)i;
        n += (cand & !held) ^ 1u;
    }
    return n;
}

int
kj_doc_make_keys(kj_doc *doc)
{
    return kj_doc_make_keys_known(doc, NULL);
}

int
kj_doc_make_keys_known(kj_doc *doc, const kj_keyfilter *known)
{
    size_t n = doc->num_tokens, mask, i, p;
    const char *base = doc->text.data;
    const uint32_t *list = NULL;
    uint32_t ntext = 0, first = 0;
    unsigned bits;
    int rc;

    kj_buf_reset(&doc->keys);
    doc->inert = 0;
    if (grow_key_arrays(doc, n) != KJ_OK || kj_buf_reserve(&doc->keys, 8) != 0)
        return KJ_ENOMEM;
    mask = doc->tsize - 1;
    bits = log2_of(doc->tsize);
    doc->cls_off[0] = 0;
    if (known != NULL) {
        inert_class(doc);
        doc->inert = 1;
        ntext = first = 1;
        list = doc->tlist;
        if (doc->text.cap - doc->text.len <= HEAD_PAD &&
            kj_buf_reserve(&doc->text, HEAD_PAD) != 0)
            return KJ_ENOMEM;
        base = doc->text.data;
        n = find_inert(doc, known);
    }
    for (p = 0; p < n; p++) {
        const kj_token *tok = &doc->tokens[i = list ? list[p] : p];
        const char *text = base + tok->start;
        size_t len = tok->end - tok->start;
        uint64_t head = head8(text, len, doc->text.len - tok->start);
        uint64_t hash = text_hash(text, len, head);
        size_t h = slot_of(hash, bits);
        const kj_textcls *cls;
        uint32_t t;
        for (;; h = (h + 1) & mask) {
            uint32_t v = doc->tslots[h];
            if (v == 0) {
                t = ntext++;
                doc->tslots[h] = t + 1;
                doc->tcls[t].len = len < UINT32_MAX ? (uint32_t)len : UINT32_MAX;
                doc->tcls[t].head = head;
                doc->thash[t] = hash;
                rc = len <= 8 && (head & HIGHS) == 0
                         ? new_short_class(doc, i, t, head, len)
                         : new_text_class(doc, i, t);
                if (rc != KJ_OK)
                    return rc;
                if (2 * (size_t)ntext > doc->tsize) {
                    if (table_double(&doc->tslots, &doc->cap_tslots, &doc->tsize,
                                     doc->thash, first, ntext) != KJ_OK)
                        return KJ_ENOMEM;
                    mask = doc->tsize - 1;
                    bits = log2_of(doc->tsize);
                }
                break;
            }
            t = v - 1;
            /* the same length and head: the same text when short */
            cls = &doc->tcls[t];
            if (cls->len == len && cls->head == head &&
                (len <= 8 || same_bytes(base + doc->tokens[cls->tok].start + 8,
                                        text + 8, len - 8)))
                break;
        }
        doc->tok_flags[i] = doc->tcls[t].flag;
        doc->text_cls[i] = t;
    }
    doc->num_text_cls = ntext;
    doc->num_keys = doc->num_tokens;
    return KJ_OK;
}

/* The Unicode version of the data keys are made with (utf8proc's): part of
 * a compiled lexicon's identity, since its keys are stored normalised. */
const char *kj_key_unicode_version(void);

const char *
kj_key_unicode_version(void)
{
    return utf8proc_unicode_version();
}
