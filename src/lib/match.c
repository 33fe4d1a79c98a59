/* SPDX-License-Identifier: MIT */
/* match.c - tag the token stream with the gazetteer (every active image)
 *
 * Within each sentence, left to right: at token i every image's trie is
 * walked with the keys of tokens i, i+1, ...; every entry met whose case
 * policy accepts the text is a candidate. The longest candidate wins, then
 * the higher prio, then the later image, then the entry that sorts first.
 * The winner covers its tokens (a stop entry, label O, covers them with no
 * entity: it switches that surface off) and matching goes on after it.
 * Candidates for the same tokens with other labels are kept as the
 * entity's alternatives. No match crosses a sentence boundary.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "lexicon.h"
#include "match.h"
#include "mem.h"
#include "utf8.h"

#define NO_KEY KJ_KEY_NONE

/* ---- case shapes --------------------------------------------------------- */

enum { SHAPE_NONE, SHAPE_LOWER, SHAPE_TITLE, SHAPE_UPPER, SHAPE_MIXED };

/* The shape of a run of text (tokens joined by anything that is not a
 * letter): its cased letters all lower, all upper, title (each word's first
 * cased letter upper, the rest lower), mixed, or none. `pattern` gets one
 * bit per cased letter (1 = upper), up to 64, and *nletters their count. */
typedef struct shape {
    int kind;
    uint64_t pattern;
    unsigned nletters;
    unsigned upper, lower;
    int title;   /* every word is Title-cased */
    size_t at;   /* matcher cache: valid for the span starting at token at-1 */
} shape;

/* Categories of ASCII for shape_add(): A-Z upper, a-z lower, 0-9 digits,
 * anything else punctuation (which starts a word, as white space does). */
#define U UTF8PROC_CATEGORY_LU
#define L UTF8PROC_CATEGORY_LL
#define D UTF8PROC_CATEGORY_ND
#define P UTF8PROC_CATEGORY_PO
static const unsigned char ascii_cat[128] = {
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
    P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
    P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, P,
};
#undef U
#undef L
#undef D
#undef P

/* What a character of each category is to a shape: an upper (or title)
 * case letter, a lower case letter, or a character that joins a word
 * (other letters, marks, digits); every other category starts a new word
 * (spaces, hyphens, dots), but for the apostrophes. */
enum { CH_UP = 1, CH_LOW = 2, CH_JOIN = 4 };
static const unsigned char cat_kind[UTF8PROC_CATEGORY_CO + 1] = {
    [UTF8PROC_CATEGORY_LU] = CH_UP, [UTF8PROC_CATEGORY_LT] = CH_UP,
    [UTF8PROC_CATEGORY_LL] = CH_LOW,
    [UTF8PROC_CATEGORY_LM] = CH_JOIN, [UTF8PROC_CATEGORY_LO] = CH_JOIN,
    [UTF8PROC_CATEGORY_MN] = CH_JOIN, [UTF8PROC_CATEGORY_MC] = CH_JOIN,
    [UTF8PROC_CATEGORY_ME] = CH_JOIN, [UTF8PROC_CATEGORY_ND] = CH_JOIN,
    [UTF8PROC_CATEGORY_NL] = CH_JOIN, [UTF8PROC_CATEGORY_NO] = CH_JOIN,
};

/* Add the cased letters of t[0..n) to the shape; *word_start says whether
 * the next letter starts a word (and is updated). The shape is kept in
 * locals while the text is read; ASCII is not decoded. */
static void
shape_add(shape *sh, const char *t, size_t n, int *word_start)
{
    uint64_t pattern = sh->pattern;
    unsigned nl = sh->nletters, upper = sh->upper, lower = sh->lower;
    unsigned title = sh->title != 0, ws = *word_start != 0;
    size_t i = 0;

    while (i < n) {
        unsigned char b = (unsigned char)t[i];
        int32_t c = b;
        unsigned kind;
        if (b < 0x80) {   /* most text: no decoding */
            kind = cat_kind[ascii_cat[b]];
            i++;
        } else {
            size_t len;
            utf8proc_category_t cat;
            c = kj_utf8_decode(t + i, n - i, &len);
            cat = utf8proc_category(c);
            kind = (unsigned)cat <= UTF8PROC_CATEGORY_CO ? cat_kind[cat] : 0;
            i += len;
        }
        if (kind & (CH_UP | CH_LOW)) {
            unsigned up = kind & CH_UP;
            if (nl < 64)
                pattern |= (uint64_t)up << nl;
            nl++;
            upper += up;
            lower += up ^ 1;
            title &= ws == up;   /* a word's first letter up, the rest not */
            ws = 0;
        } else if (kind == 0 && c != '\'' && c != 0x2019) {
            ws = 1;
        }
    }
    sh->pattern = pattern;
    sh->nletters = nl;
    sh->upper = upper;
    sh->lower = lower;
    sh->title = (int)title;
    *word_start = (int)ws;
}

static void
shape_finish(shape *sh)
{
    if (sh->nletters == 0)
        sh->kind = SHAPE_NONE;
    else if (sh->upper == 0)
        sh->kind = SHAPE_LOWER;
    else if (sh->lower == 0)
        sh->kind = SHAPE_UPPER;
    else if (sh->title)
        sh->kind = SHAPE_TITLE;
    else
        sh->kind = SHAPE_MIXED;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    defined(__GNUC__)
#define SHAPE_WORDS 1
#define ONES8 UINT64_C(0x0101010101010101)
#define HIGHS8 UINT64_C(0x8080808080808080)

/* Are the n (1 to 8) bytes of w (little-endian, the rest 0) all ASCII
 * letters? Then the high bits of its A-Z bytes in *up, of its a-z bytes in
 * *low: from the high bits of sums (no byte of w has its own high bit). */
static int
ascii_letters8(uint64_t w, size_t n, uint64_t *up, uint64_t *low)
{
    static const uint64_t highs[9] = {
        0, 0x80, 0x8080, 0x808080, 0x80808080, 0x8080808080, 0x808080808080,
        0x80808080808080, UINT64_C(0x8080808080808080)
    };

    *up = (w + ONES8 * (0x80 - 'A')) & ~(w + ONES8 * (0x80 - 'Z' - 1)) & HIGHS8;
    *low = (w + ONES8 * (0x80 - 'a')) & ~(w + ONES8 * (0x80 - 'z' - 1)) & HIGHS8;
    return (w & HIGHS8) == 0 && (*up | *low) == highs[n];
}

/* How many high bits are set in x and y (only high bits set): the sum of
 * their bytes' low bits (at most 2 a byte), in the top byte of a product. */
static inline unsigned
count_highs(uint64_t x, uint64_t y)
{
    return (unsigned)((((x >> 7) + (y >> 7)) * ONES8) >> 56);
}

/* The first n (0 to 8) bytes at t, little-endian, the rest 0; 8 bytes are
 * readable there. */
static inline uint64_t
load_bytes(const char *t, size_t n)
{
    uint64_t w;

    memcpy(&w, t, 8);
    return n ? w & (UINT64_MAX >> (64 - 8 * n)) : 0;
}

/* Add t[0..n), a word of 1 to 16 ASCII letters that starts a word, to the
 * shape, as shape_add() would, eight letters at a time (t[0..8), and
 * t[8..16) for more than 8, must be readable). 0, with the shape
 * unchanged, when t is not that (then shape_add() must read it). */
static int
shape_add_letters(shape *sh, const char *t, size_t n)
{
    size_t n0 = n < 8 ? n : 8;
    uint64_t u0, l0, u1 = 0, l1, bits;
    unsigned up;

    if (sh->nletters + n > 64 || !ascii_letters8(load_bytes(t, n0), n0, &u0, &l0))
        return 0;
    if (n > 8) {
        if (!ascii_letters8(load_bytes(t + 8, n - 8), n - 8, &u1, &l1))
            return 0;
    }
    /* byte i -> bit i */
    bits = ((u0 >> 7) * UINT64_C(0x0102040810204080)) >> 56 |
           (((u1 >> 7) * UINT64_C(0x0102040810204080)) >> 56) << 8;
    up = count_highs(u0, u1);
    sh->pattern |= bits << sh->nletters;
    sh->nletters += (unsigned)n;
    sh->upper += up;
    sh->lower += (unsigned)n - up;   /* all n are letters */
    if (bits != 1)   /* a word's first letter up, the rest not */
        sh->title = 0;
    return 1;
}
#endif

/* Add token k of doc to the shape, as a new word: most tokens (a word of
 * at most 16 ASCII letters, with 8 or 16 bytes of text from its start) in
 * one go, the others by shape_add(). */
static void
shape_add_token(shape *sh, const kj_doc *doc, size_t k)
{
    const char *t = doc->text.data + doc->tokens[k].start;
    size_t n = doc->tokens[k].end - doc->tokens[k].start;
    int ws = 1;

#ifdef SHAPE_WORDS
    if (n - 1 < 16 && doc->text.len - doc->tokens[k].start >= (n > 8 ? 16 : 8) &&
        shape_add_letters(sh, t, n))
        return;
#endif
    shape_add(sh, t, n, &ws);
}

static void
shape_of_text(const kj_doc *doc, size_t first, size_t last, shape *sh)
{
    size_t k;

    memset(sh, 0, sizeof *sh);
    sh->title = 1;
    for (k = first; k < last; k++)
        shape_add_token(sh, doc, k);   /* each token starts a word */
    shape_finish(sh);
}

/* What a shape is to case_ok_shape() and its callers once finished (its
 * kind, letters and pattern), in 16 bytes, not a shape's 48: kept per
 * entry for entry surfaces and per text class for texts. */
typedef struct surf_shape {
    uint64_t pattern;
    uint32_t nletters;
    unsigned char kind;
    unsigned char known;   /* in a surface cache: this entry's shape is made */
} surf_shape;

/* The part of a finished shape sh that a surf_shape keeps (known set). */
static surf_shape
surf_of(const shape *sh)
{
    surf_shape ss;

    memset(&ss, 0, sizeof ss);
    ss.pattern = sh->pattern;
    ss.nletters = sh->nletters;
    ss.kind = (unsigned char)sh->kind;
    ss.known = 1;
    return ss;
}

/* The finished shape whose part ss is (what was not kept is 0). */
static void
shape_from(const surf_shape *ss, shape *sh)
{
    memset(sh, 0, sizeof *sh);
    sh->pattern = ss->pattern;
    sh->nletters = ss->nletters;
    sh->kind = ss->kind;
}

/* The shape of token k, whose text class is t: computed once per distinct
 * text of the document (kj_doc_make_keys() numbers them) and kept in 16
 * bytes, or directly when there are no classes. */
static void
shape_of_class(kj_doc *doc, size_t t, size_t k, shape *sh)
{
    size_t n = doc->num_text_cls, old = doc->cap_shape_gen;
    surf_shape *cache;

    if (k >= doc->num_keys || n == 0 ||
        kj_grow(&doc->shapes, &doc->cap_shapes, n, sizeof(surf_shape)) != KJ_OK ||
        kj_grow((void **)&doc->shape_gen, &doc->cap_shape_gen, n,
                sizeof *doc->shape_gen) != KJ_OK) {
        shape_of_text(doc, k, k + 1, sh);
        return;
    }
    if (doc->cap_shape_gen > old)   /* generation 0 is never current */
        memset(doc->shape_gen + old, 0, (doc->cap_shape_gen - old) * sizeof *doc->shape_gen);
    cache = doc->shapes;
    if (doc->shape_gen[t] != doc->slot_gen) {
        shape_of_text(doc, k, k + 1, sh);
        cache[t] = surf_of(sh);
        doc->shape_gen[t] = doc->slot_gen;
        return;
    }
    shape_from(&cache[t], sh);
}

/* The shape of one token (see shape_of_class()). */
static void
shape_of_token(kj_doc *doc, size_t k, shape *sh)
{
    shape_of_class(doc, k < doc->num_keys ? doc->text_cls[k] : 0, k, sh);
}

/* The shape of tokens [first, last). */
static void
shape_of_span(kj_doc *doc, size_t first, size_t last, shape *sh)
{
    if (last == first + 1)
        shape_of_token(doc, first, sh);
    else
        shape_of_text(doc, first, last, sh);
}

static void
shape_of_surface(const char *s, shape *sh)
{
    int ws = 1;

    memset(sh, 0, sizeof *sh);
    sh->title = 1;
    shape_add(sh, s, strlen(s), &ws);
    shape_finish(sh);
}

static int
same_pattern(const surf_shape *a, const shape *b)
{
    return a->nletters == b->nletters && a->pattern == b->pattern;
}

/* Does the case of the text accept an entry of this case policy whose
 * surface has shape es? (see kijang-lexicon(5)) */
static int
case_ok_shape(int policy, const surf_shape *es, const shape *text)
{
    if (policy == KJ_CASE_FOLD)
        return 1;
    if (policy == KJ_CASE_EXACT)
        return es->kind == SHAPE_NONE || same_pattern(es, text);
    switch (es->kind) {
    case SHAPE_NONE:
    case SHAPE_LOWER:
        return 1;                           /* caseless, or any case */
    case SHAPE_UPPER:
        if (es->nletters >= 2)              /* an acronym: only its case */
            return text->kind == SHAPE_UPPER || text->kind == SHAPE_NONE;
        /* one capital letter: like Title Case */
        /* fall through */
    case SHAPE_TITLE:
        return text->kind == SHAPE_TITLE || text->kind == SHAPE_UPPER ||
               text->kind == SHAPE_NONE;
    default:                                /* mixed: its own case or caps */
        return same_pattern(es, text) || text->kind == SHAPE_UPPER;
    }
}

/* The surface shape of entry e. */
static surf_shape
surface_shape(const kj_lexentry *e)
{
    shape sh;

    shape_of_surface(e->surface, &sh);
    return surf_of(&sh);
}

/* Does the case of the text accept the entry? */
static int
case_ok(const kj_lexentry *e, const shape *text)
{
    surf_shape es;

    if (e->case_policy == KJ_CASE_FOLD)
        return 1;
    es = surface_shape(e);
    return case_ok_shape(e->case_policy, &es, text);
}

/* ---- surface shapes, by entry ------------------------------------------- */

#define KJ_SHAPE_CACHE_MAX 65536

struct kj_shape_cache {
    const kj_lexicon *lx;    /* the lexicon the shapes are of */
    surf_shape *shapes;      /* by entry (made where .known) */
    size_t cap;
};

kj_shape_cache *
kj_shape_cache_new(void)
{
    return kj_calloc(1, sizeof(kj_shape_cache));
}

void
kj_shape_cache_free(kj_shape_cache *sc)
{
    if (sc == NULL)
        return;
    kj_free(sc->shapes);
    kj_free(sc);
}

/* Does the case of the text accept entry k (decoded in *e) of lx? Its
 * surface shape from the cache where there is one. */
static int
case_ok_cached(kj_shape_cache *sc, const kj_lexicon *lx, uint32_t k,
               const kj_lexentry *e, const shape *text)
{
    size_t old;

    if (e->case_policy == KJ_CASE_FOLD)
        return 1;
    if (sc == NULL || k >= KJ_SHAPE_CACHE_MAX)
        return case_ok(e, text);
    if (sc->lx != lx) {
        if (sc->shapes)
            memset(sc->shapes, 0, sc->cap * sizeof *sc->shapes);
        sc->lx = lx;
    }
    old = sc->cap;
    if (kj_grow((void **)&sc->shapes, &sc->cap, (size_t)k + 1, sizeof *sc->shapes) != KJ_OK)
        return case_ok(e, text);
    if (sc->cap > old)
        memset(sc->shapes + old, 0, (sc->cap - old) * sizeof *sc->shapes);
    if (!sc->shapes[k].known)
        sc->shapes[k] = surface_shape(e);
    return case_ok_shape(e->case_policy, &sc->shapes[k], text);
}

/* ---- the matcher ---------------------------------------------------------- */

/* What the matcher made of one lexicon entry it emitted: its strings
 * (kept from document to document while the images stay the same), and
 * their copy in the current document (valid when gen is the document's).
 * The memos lie one after another in the order they were first needed,
 * their strings too (the entries most documents emit come first and
 * close together), found by a hash table of small slots. */
typedef struct memo {
    uint32_t gen;         /* the document (kj_match() call) copy is of */
    /* label, "file:line", id and kind, each NUL-terminated, made once at
     * kj_matcher.memo_text + strs (size 0: not yet) and copied into each
     * document that needs them; id and kind are empty when absent */
    uint32_t strs, size, at_source, at_id, at_kind;
    unsigned char has_id, has_kind;
    const char *copy;     /* the copy in the document of gen, or NULL */
} memo;

/* A slot of the memos' hash table: its key (image << 32 | entry) and the
 * index of its memo + 1 (0: an empty slot). */
typedef struct memo_slot {
    uint64_t key;
    uint32_t at;
} memo_slot;

/* Memos whose table grew past this many slots are dropped before the
 * next document (within a document they grow as they must). */
#define KJ_MEMO_MAX 65536
/* Images with at most this many entries in all keep their memos by
 * entry (40 bytes per entry, found in one read), not through the hash
 * table. */
#define KJ_MEMO_DIRECT 65536

/* What matching at a token of some class comes to when only candidates
 * of that token alone start there (alone_at()): no candidate (len 0), a
 * stop entry or an entity over the token (len 1); for an entity, the
 * index of the document's first such entity, whose strings and
 * alternatives the others share. */
typedef struct alone_out {
    size_t ent;
    unsigned char len, emits;
} alone_out;

struct kj_matcher {
    uint32_t *ids;        /* key id of key class c in image m: ids[c * nlx + m] */
    size_t cap_ids;
    unsigned char *rooted; /* per key class: an entry of some image starts
                              with its key */
    size_t cap_rooted;
    uint32_t *rooted_cls; /* the key classes that are rooted, in no order */
    size_t cap_rooted_cls;
    uint32_t *root;       /* per rooted key class c: the node image m's root
                             reaches by its key at root[c * nlx + m], or 0 */
    size_t cap_root;
    size_t *starts;       /* the tokens where a candidate may start, in order */
    size_t cap_starts;
    shape *shapes;        /* text shape of the span being judged, by length */
    size_t cap_shapes;
    memo_slot *memo_tab;  /* open addressing by key, at most half full */
    size_t ntab;
    /* images with few entries in all (KJ_MEMO_DIRECT): the memo of entry
     * e of image i at memo_dir[memo_base[i] + e] (size 0: no strings
     * yet); nmemo_dir memos (0: the images use the hash table) */
    memo *memo_dir;
    size_t nmemo_dir, cap_memo_dir, *memo_base, cap_memo_base;
    memo *memo;           /* the others, in the order first needed */
    size_t nmemo, cap_memo;
    char *memo_text;      /* their strings */
    size_t memo_len, cap_memo_text;
    uint32_t gen;
    const kj_lexicon **memo_lx; /* the images the memo's entries are of */
    size_t memo_nlx, cap_memo_lx;
    kj_shape_cache **surf; /* surface shapes of the entries of image i */
    size_t cap_surf;
    /* the candidates of one token alone, per key class of the document
     * (they depend on its text only): made[c] says they are made (ALONE_*),
     * image i's are pool[spans[2 * (c * nlx + i)] ...] (that many, next) */
    unsigned char *made;
    size_t cap_made;
    uint32_t *spans;
    size_t cap_spans;
    struct cand *pool;
    size_t npool, cap_pool;
    alone_out *outs;      /* class c's at outs[2 * c + opens] (ALONE_OUT) */
    size_t cap_outs;
};

/* Forget every memo and its strings. */
static void
memo_clear(kj_matcher *m)
{
    if (m->memo_tab)
        memset(m->memo_tab, 0, m->ntab * sizeof *m->memo_tab);
    if (m->nmemo_dir)
        memset(m->memo_dir, 0, m->nmemo_dir * sizeof *m->memo_dir);
    m->nmemo = 0;
    m->memo_len = 0;
}

kj_matcher *
kj_matcher_new(void)
{
    return kj_calloc(1, sizeof(kj_matcher));
}

void
kj_matcher_free(kj_matcher *m)
{
    size_t i;

    if (m == NULL)
        return;
    kj_free(m->ids);
    kj_free(m->starts);
    kj_free(m->rooted);
    kj_free(m->root);
    kj_free(m->rooted_cls);
    kj_free(m->shapes);
    kj_free(m->memo_tab);
    kj_free(m->memo_dir);
    kj_free(m->memo_base);
    kj_free(m->memo);
    kj_free(m->memo_text);
    kj_free(m->memo_lx);
    for (i = 0; i < m->cap_surf; i++)
        kj_shape_cache_free(m->surf[i]);
    kj_free(m->surf);
    kj_free(m->made);
    kj_free(m->spans);
    kj_free(m->pool);
    kj_free(m->outs);
    kj_free(m);
}

typedef struct cand {
    uint32_t image, entry, len;
    int32_t prio;
    kj_lexentry e;
} cand;

/* kj_matcher.made[c]: the candidates of class c alone are made; its text
 * is ALL CAPS (two letters or more: support for an ambiguous entry); it
 * has none (a token of class c alone is no candidate in any image); no
 * image's trie goes on from its key (no longer candidate starts with it);
 * its outcome alone (alone_out) at a token that opens its sentence, or
 * not, is made in this document. */
enum {
    ALONE_MADE = 1, ALONE_CAPS = 2, ALONE_NONE = 4, ALONE_LEAF = 8,
    ALONE_OUT = 16   /* << opens */
};

/* Is a label the stop label "O"? (strcmp(label, "O") == 0 without a call.) */
static inline int
is_stop(const char *label)
{
    return label[0] == 'O' && label[1] == '\0';
}

/* Are two labels the same? Entries of one image share their label's
 * string: most labels that are the same are the same pointer. */
static inline int
same_label(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

/* Does a beat b? */
static int
better(const cand *a, const cand *b)
{
    if (a->len != b->len)
        return a->len > b->len;
    if (a->prio != b->prio)
        return a->prio > b->prio;
    if (a->image != b->image)
        return a->image > b->image;
    return a->entry < b->entry;
}

/* The key id of token k in image img (NO_KEY: the image lacks its key);
 * kj_match() resolved every key class up front. */
static inline uint32_t
key_id(const kj_matcher *m, size_t nlx, const kj_doc *doc, size_t k, size_t img)
{
    return m->ids[(size_t)doc->text_cls[k] * nlx + img];
}

/* ":line" of an entry, NUL-terminated, at the end of buf[16]; returns its
 * start. */
static const char *
line_suffix(const kj_lexentry *e, char *buf)
{
    size_t k = 16;
    uint32_t line = e->line;

    buf[--k] = '\0';
    do {
        buf[--k] = (char)('0' + line % 10);
        line /= 10;
    } while (line);
    buf[--k] = ':';
    return buf + k;
}

/* Make the strings of r for entry e at the end of m->memo_text (see
 * memo); KJ_OK or KJ_ENOMEM. */
static int
memo_strings(kj_matcher *m, memo *r, const kj_lexentry *e)
{
    char num[16], id[512], kind[512];
    const char *line = line_suffix(e, num);
    size_t nl = strlen(e->label) + 1, ns = strlen(e->source), nn = strlen(line) + 1;
    size_t ni, nk, size;
    char *p;

    r->has_id = kj_lex_attr(e->attrs, "id", id, sizeof id) != 0;
    r->has_kind = kj_lex_attr(e->attrs, "kind", kind, sizeof kind) != 0;
    ni = r->has_id ? strlen(id) + 1 : 1;
    nk = r->has_kind ? strlen(kind) + 1 : 1;
    size = nl + ns + nn + ni + nk;
    if (m->memo_len + size > UINT32_MAX ||
        kj_grow((void **)&m->memo_text, &m->cap_memo_text, m->memo_len + size, 1) != KJ_OK)
        return KJ_ENOMEM;
    p = m->memo_text + m->memo_len;
    memcpy(p, e->label, nl);
    memcpy(p + nl, e->source, ns);
    memcpy(p + nl + ns, line, nn);
    memcpy(p + nl + ns + nn, r->has_id ? id : "", ni);
    memcpy(p + nl + ns + nn + ni, r->has_kind ? kind : "", nk);
    r->strs = (uint32_t)m->memo_len;
    r->size = (uint32_t)size;
    m->memo_len += size;
    r->at_source = (uint32_t)nl;
    r->at_id = (uint32_t)(nl + ns + nn);
    r->at_kind = (uint32_t)(nl + ns + nn + ni);
    return KJ_OK;
}

#define KJ_MAX_CANDS 64

static size_t
memo_hash(uint64_t key, size_t mask)
{
    uint64_t h = key * UINT64_C(0x9E3779B97F4A7C15);

    return (size_t)(h ^ (h >> 32)) & mask;
}

/* Double the memos' hash table, keeping its slots; -1 when out of memory
 * (the table is then unchanged). */
static int
memo_grow(kj_matcher *m)
{
    size_t size = m->ntab ? 2 * m->ntab : 256, i, mask = size - 1;
    memo_slot *t;

    if (size > SIZE_MAX / sizeof *t || (t = kj_calloc(size, sizeof *t)) == NULL)
        return -1;
    for (i = 0; i < m->ntab; i++)
        if (m->memo_tab[i].at) {
            size_t h = memo_hash(m->memo_tab[i].key, mask);
            while (t[h].at)
                h = (h + 1) & mask;
            t[h] = m->memo_tab[i];
        }
    kj_free(m->memo_tab);
    m->memo_tab = t;
    m->ntab = size;
    return 0;
}

/* Memo r, met again: its strings' copy forgotten in a new document. */
static memo *
memo_again(kj_matcher *m, memo *r)
{
    if (r->gen != m->gen) {
        r->gen = m->gen;
        r->copy = NULL;
    }
    return r;
}

/* A new memo, without strings yet (room for it is made). */
static memo *
memo_new(kj_matcher *m)
{
    memo *r = &m->memo[m->nmemo++];

    r->gen = m->gen;
    r->copy = NULL;
    r->size = 0;
    return r;
}

/* The memo of entry `entry` of image `img`, its strings reset in a new
 * document; made on first use; NULL when out of memory. Found by entry
 * where the images are small (memo_dir), else by the hash table. */
static memo *
memo_of(kj_matcher *m, uint32_t img, uint32_t entry)
{
    uint64_t key = (uint64_t)img << 32 | entry;
    size_t h, mask;

    if (m->nmemo_dir)   /* (a new one is all zeros: gen 0 is never current) */
        return memo_again(m, &m->memo_dir[m->memo_base[img] + entry]);
    if (kj_grow((void **)&m->memo, &m->cap_memo, m->nmemo + 1, sizeof *m->memo) != KJ_OK)
        return NULL;
    if (2 * (m->nmemo + 1) > m->ntab && memo_grow(m) != 0)
        return NULL;
    mask = m->ntab - 1;
    for (h = memo_hash(key, mask); m->memo_tab[h].at; h = (h + 1) & mask)
        if (m->memo_tab[h].key == key)
            return memo_again(m, &m->memo[m->memo_tab[h].at - 1]);
    m->memo_tab[h].key = key;
    m->memo_tab[h].at = (uint32_t)m->nmemo + 1;
    return memo_new(m);
}

/* A surface shape cache per image, each made to forget what it knew (the
 * images changed); 0, or -1 when out of memory. */
static int
surf_reset(kj_matcher *m, size_t nlx)
{
    size_t i, old = m->cap_surf;

    if (kj_grow((void **)&m->surf, &m->cap_surf, nlx, sizeof *m->surf) != KJ_OK)
        return -1;
    for (i = old; i < m->cap_surf; i++)
        m->surf[i] = NULL;
    for (i = 0; i < nlx; i++) {
        if (m->surf[i] == NULL && (m->surf[i] = kj_shape_cache_new()) == NULL)
            return -1;
        m->surf[i]->lx = NULL;
    }
    return 0;
}

/* Keep the memo and the surface shapes only for the images they were made
 * for (the same in the same order), the memo while it is not too big; 0,
 * or -1 when out of memory. */
static int
memo_for(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx)
{
    size_t i, total = 0;

    if (m->ntab > KJ_MEMO_MAX) {
        memo_clear(m);
        kj_free(m->memo_tab);
        m->memo_tab = NULL;
        m->ntab = 0;
    }
    if (nlx == m->memo_nlx) {
        for (i = 0; i < nlx && m->memo_lx[i] == lx[i]; i++)
            ;
        if (i == nlx)
            return 0;
    }
    if (surf_reset(m, nlx) != 0 ||
        kj_grow((void **)&m->memo_lx, &m->cap_memo_lx, nlx, sizeof *m->memo_lx) != KJ_OK ||
        kj_grow((void **)&m->memo_base, &m->cap_memo_base, nlx, sizeof *m->memo_base) != KJ_OK)
        return -1;
    memo_clear(m);   /* (with the old images' memo_dir) */
    m->nmemo_dir = 0;
    for (i = 0; i < nlx; i++) {
        m->memo_lx[i] = lx[i];
        m->memo_base[i] = total;
        total += lx[i]->nents;   /* no overflow: each at most 2^32 - 1 */
    }
    m->memo_nlx = nlx;
    if (total > 0 && total <= KJ_MEMO_DIRECT &&
        kj_grow((void **)&m->memo_dir, &m->cap_memo_dir, total, sizeof *m->memo_dir) == KJ_OK) {
        memset(m->memo_dir, 0, total * sizeof *m->memo_dir);
        m->nmemo_dir = total;
    }
    return 0;
}

/* The strings of candidate c in the document, made once per document and
 * entry. */
static int
cand_strings(kj_matcher *m, kj_doc *doc, const cand *c, const char **label,
             const char **source, const char **id, const char **kind)
{
    memo *r = memo_of(m, c->image, c->entry);
    const char *p;

    if (r == NULL || (r->size == 0 && memo_strings(m, r, &c->e) != KJ_OK))
        return KJ_ENOMEM;
    if (r->copy == NULL) {   /* first in this document: one copy */
        char *q = kj_arena_alloc(&doc->arena, r->size);
        if (q == NULL)
            return KJ_ENOMEM;
        memcpy(q, m->memo_text + r->strs, r->size);
        r->copy = q;
    }
    p = r->copy;
    *label = p;
    *source = p + r->at_source;
    *id = r->has_id ? p + r->at_id : NULL;
    *kind = r->has_kind ? p + r->at_kind : NULL;
    return KJ_OK;
}

/* Make the entity for the winner, with the other labels of its span. */
static int
emit(kj_matcher *m, kj_doc *doc, size_t first, const cand *best,
     const cand *cands, size_t n)
{
    kj_entity *ent;
    kj_alt *alts = NULL;
    size_t i, j, na = 0;

    ent = kj_doc_push_entity(doc, first, first + best->len);
    if (ent == NULL ||
        cand_strings(m, doc, best, &ent->label, &ent->source, &ent->id,
                     &ent->kind) != KJ_OK)
        return KJ_ENOMEM;
    for (i = 0; i < n; i++) {
        const cand *c = &cands[i];
        int seen = c->len != best->len || same_label(c->e.label, best->e.label) ||
                   is_stop(c->e.label);
        for (j = 0; j < na && !seen; j++)
            seen = same_label(alts[j].label, c->e.label);
        if (seen)
            continue;
        if (alts == NULL) {
            alts = kj_arena_alloc(&doc->arena, n * sizeof *alts);
            if (alts == NULL)
                return KJ_ENOMEM;
        }
        if (cand_strings(m, doc, c, &alts[na].label, &alts[na].source,
                         &alts[na].id, &alts[na].kind) != KJ_OK)
            return KJ_ENOMEM;
        na++;
    }
    ent->alts = na ? alts : NULL;
    ent->num_alts = na;
    return KJ_OK;
}

/* Make the candidates of key class c alone (entries of one token of it,
 * such as its first, token i, whose case policy accepts its text), per
 * image, in the pool, and made[c]; KJ_OK or KJ_ENOMEM. */
static int
make_alone(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
           const kj_doc *doc, size_t c, size_t i)
{
    size_t img;
    shape ts;
    int made_ts = 0, leaf = 1;

    for (img = 0; img < nlx; img++) {
        uint32_t id = m->ids[c * nlx + img], node = 0, kind, first, count, k;
        uint32_t *span = &m->spans[2 * (c * nlx + img)];
        span[0] = (uint32_t)m->npool;
        span[1] = 0;
        /* what the root is from the key's record, which resolve_keys()
         * read: NODE is read only where entries end at the node */
        kind = id == NO_KEY ? (kj_lex_has_children(lx[img], 0) ? KJ_ROOT_KIDS : 0)
                            : kj_lex_root_kind(lx[img], id, &node);
        m->root[c * nlx + img] = node;
        leaf &= !(kind & KJ_ROOT_KIDS);
        if (!(kind & KJ_ROOT_ENTS) || kj_lex_node_entries(lx[img], node, &first, &count) != 0 ||
            count == 0)
            continue;
        if (!made_ts) {   /* the text's shape, when an entry needs it */
            shape_of_class((kj_doc *)doc, c, i, &ts);
            made_ts = 1;
        }
        for (k = first; k < first + count; k++) {
            cand *p;
            if (kj_grow((void **)&m->pool, &m->cap_pool, m->npool + 1,
                        sizeof *m->pool) != KJ_OK)
                return KJ_ENOMEM;
            p = &m->pool[m->npool];
            if (kj_lex_entry(lx[img], k, &p->e) != 0 ||
                !case_ok_cached(m->surf[img], lx[img], k, &p->e, &ts))
                continue;
            p->image = (uint32_t)img;
            p->entry = k;
            p->len = 1;
            p->prio = p->e.prio;
            m->npool++;
            span[1]++;
        }
    }
    m->made[c] = (unsigned char)(ALONE_MADE | (made_ts && ts.kind == SHAPE_UPPER &&
                                               ts.nletters >= 2 ? ALONE_CAPS : 0) |
                                 (m->npool == m->spans[2 * c * nlx] ? ALONE_NONE : 0) |
                                 (leaf ? ALONE_LEAF : 0));
    return KJ_OK;
}

/* Does an entry with these flags count at a token that opens its sentence
 * or not, in ALL CAPS (two letters or more) or not? An ambiguous entry (a
 * common word too) needs support: capitals mid-sentence, or ALL CAPS (a
 * dateline); not a capital that only opens the sentence. (The rules add
 * titles and full names nearby.) */
static inline int
supported(unsigned flags, int opens_sentence, int all_caps)
{
    return !(flags & KJ_ENTRY_AMBIGUOUS) || !opens_sentence || all_caps;
}

/* Add to cands[0..n) the candidates of image img longer than one token
 * starting at token i (its trie node `node`) of a sentence ending at
 * `end`, while there are fewer than KJ_MAX_CANDS; returns the new n. */
static size_t
longer_candidates(kj_matcher *m, const kj_lexicon *lx, size_t nlx, size_t img,
                  const kj_doc *doc, int opens, size_t i, size_t end,
                  uint32_t node, cand *cands, size_t n)
{
    uint32_t len = 1, first, count, k, id;
    shape *ts;

    while (node && i + len < end) {
        id = key_id(m, nlx, doc, i + len, img);
        if (id == NO_KEY || (node = kj_lex_child(lx, node, id)) == 0)
            break;
        len++;
        if (kj_lex_node_entries(lx, node, &first, &count) != 0 || count == 0)
            continue;
        ts = &m->shapes[len];
        if (ts->at != i + 1) {
            shape_of_span((kj_doc *)doc, i, i + len, ts);
            ts->at = i + 1;
        }
        for (k = first; k < first + count && n < KJ_MAX_CANDS; k++) {
            cand *p = &cands[n];
            if (kj_lex_entry(lx, k, &p->e) != 0 ||
                !case_ok_cached(m->surf[img], lx, k, &p->e, ts) ||
                !supported(p->e.flags, opens, ts->kind == SHAPE_UPPER && ts->nletters >= 2))
                continue;
            p->image = (uint32_t)img;
            p->entry = k;
            p->len = len;
            p->prio = p->e.prio;
            n++;
        }
    }
    return n;
}

/* May a candidate start at token i whose key class c has none alone
 * (ALONE_NONE)? Only where some image's trie goes on from its key by the
 * next token's: most such starts (a name's first word, followed by
 * anything else) end here, without finding their sentence. */
static int
may_go_on(const kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
          const kj_doc *doc, size_t i)
{
    size_t img;

    if (i + 1 >= doc->num_tokens)
        return 0;
    for (img = 0; img < nlx; img++) {
        uint32_t id = key_id(m, nlx, doc, i, img), next = key_id(m, nlx, doc, i + 1, img);
        if (id != NO_KEY && next != NO_KEY && kj_lex_child(lx[img], kj_lex_root(lx[img], id), next))
            return 1;
    }
    return 0;
}

/* Add to cands[0..n) the candidates alone of class c in image img (made
 * before, once per key class: make_alone()) that count at a token that
 * opens its sentence or not, while there are fewer than KJ_MAX_CANDS;
 * returns the new n. */
static size_t
alone_candidates(const kj_matcher *m, size_t nlx, size_t c, size_t img, int opens,
                 cand *cands, size_t n)
{
    const uint32_t *span = &m->spans[2 * (c * nlx + img)];
    uint32_t k;

    for (k = span[0]; k < span[0] + span[1] && n < KJ_MAX_CANDS; k++)
        if (supported(m->pool[k].e.flags, opens, m->made[c] & ALONE_CAPS))
            cands[n++] = m->pool[k];
    return n;
}

/* The candidates starting at token i of the sentence [sentence_start, end)
 * in cands[] (at most KJ_MAX_CANDS), per image: those of token i alone,
 * then the longer ones; their number. */
static size_t
candidates_at(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
              const kj_doc *doc, size_t sentence_start, size_t i, size_t end,
              cand *cands)
{
    size_t n = 0, img, c = doc->text_cls[i];
    int opens = i == sentence_start;

    for (img = 0; img < nlx; img++) {
        if (key_id(m, nlx, doc, i, img) == NO_KEY)
            continue;
        n = alone_candidates(m, nlx, c, img, opens, cands, n);
        n = longer_candidates(m, lx[img], nlx, img, doc, opens, i, end,
                              m->root[c * nlx + img], cands, n);
    }
    return n;
}

/* The candidates longer than one token starting at token i (opening its
 * sentence or not) of a sentence ending at `end`, of every image, in
 * cands[] (at most KJ_MAX_CANDS); their number. */
static size_t
longer_at(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
          const kj_doc *doc, int opens, size_t i, size_t end, cand *cands)
{
    size_t n = 0, img, c = doc->text_cls[i];

    for (img = 0; img < nlx; img++)
        n = longer_candidates(m, lx[img], nlx, img, doc, opens, i, end,
                              m->root[c * nlx + img], cands, n);
    return n;
}

/* Fewer than KJ_MAX_CANDS candidates in all, n longer ones and those of
 * class c alone? (Then the longer ones alone decide the match as all of
 * them would: the longest wins, its alternatives have its length.) */
static int
room_for_all(const kj_matcher *m, size_t nlx, size_t c, size_t n)
{
    size_t img;

    for (img = 0; img < nlx; img++)
        n += m->spans[2 * (c * nlx + img) + 1];
    return n < KJ_MAX_CANDS;
}

/* The index of the best of cands[0..n) (n > 0). */
static size_t
best_of(const cand *cands, size_t n)
{
    size_t c, best = 0;

    for (c = 1; c < n; c++)
        if (better(&cands[c], &cands[best]))
            best = c;
    return best;
}

/* Match at token i of class c, opening its sentence or not, where no
 * candidate longer than the token starts: its candidates alone decide.
 * What they come to is worked out at the first such token of the document
 * (emit()) and copied at the others: an entity that shares the first's
 * strings and alternatives, or a stop entry, or nothing. The tokens it
 * covers (0 or 1) in *len; KJ_OK or KJ_ENOMEM. */
static int
alone_at(kj_matcher *m, size_t nlx, kj_doc *doc, size_t c, size_t i, int opens,
         cand *cands, size_t *len)
{
    alone_out *o = &m->outs[2 * c + (opens != 0)];
    unsigned char known = (unsigned char)(ALONE_OUT << (opens != 0));
    kj_entity *e;
    const kj_entity *first;

    if (!(m->made[c] & known)) {
        size_t n = 0, img, best;
        for (img = 0; img < nlx; img++)
            n = alone_candidates(m, nlx, c, img, opens, cands, n);
        best = n ? best_of(cands, n) : 0;
        o->len = n != 0;
        o->emits = n && !is_stop(cands[best].e.label);
        o->ent = doc->num_entities;
        if (o->emits) {
            int rc = emit(m, doc, i, &cands[best], cands, n);
            if (rc != KJ_OK)
                return rc;
        }
        m->made[c] |= known;
    } else if (o->emits) {
        if ((e = kj_doc_push_entity(doc, i, i + 1)) == NULL)
            return KJ_ENOMEM;
        first = &doc->entities[o->ent];   /* (after the push: it may move) */
        e->label = first->label;
        e->source = first->source;
        e->id = first->id;
        e->kind = first->kind;
        e->alts = first->alts;
        e->num_alts = first->num_alts;
    }
    *len = o->len;
    return KJ_OK;
}

#define RESOLVE_CHUNK 256

/* The classes c0 + [0, lim) whose keys lx might hold, by its filter (all
 * of them without one), in pass[]: one test per class and no branch on
 * it (most texts are in no lexicon). Returns how many. */
static size_t
filter_chunk(const kj_lexicon *lx, const kj_doc *doc, size_t c0, size_t lim,
             uint32_t *pass)
{
    const uint64_t *filter = lx->filter, *hash = doc->cls_hash + c0;
    uint32_t mask = lx->filter_mask;
    size_t c, n = 0;

    if (filter == NULL) {
        for (c = 0; c < lim; c++)
            pass[c] = (uint32_t)(c0 + c);
        return lim;
    }
    for (c = 0; c + 4 <= lim; c += 4) {   /* four a round */
        pass[n] = (uint32_t)(c0 + c);
        n += (size_t)kj_lex_filter_bit(filter, mask, hash[c]);
        pass[n] = (uint32_t)(c0 + c + 1);
        n += (size_t)kj_lex_filter_bit(filter, mask, hash[c + 1]);
        pass[n] = (uint32_t)(c0 + c + 2);
        n += (size_t)kj_lex_filter_bit(filter, mask, hash[c + 2]);
        pass[n] = (uint32_t)(c0 + c + 3);
        n += (size_t)kj_lex_filter_bit(filter, mask, hash[c + 3]);
    }
    for (; c < lim; c++) {
        pass[n] = (uint32_t)(c0 + c);
        n += (size_t)kj_lex_filter_bit(filter, mask, hash[c]);
    }
    return n;
}

/* Where the matcher gets its keys' ids (resolve_keys()), it notes per key
 * class whether an entry starts with the key (in rooted[], each class when
 * first noted also in list[0..n)). */
typedef struct key_notes {
    unsigned char *rooted;
    uint32_t *list;
    size_t n;
} key_notes;

/* kj_match_resolve_keys(); and where `notes` is not NULL, for the classes
 * c whose key lx holds, rooted[c] = 1 when an entry of lx starts with it
 * (others are left as they are). A chunk of classes through the filter
 * first, then the few that pass looked up; no branch on what they are. */
static void
resolve_keys(const kj_lexicon *lx, const kj_doc *doc, uint32_t *ids,
             size_t stride, key_notes *notes)
{
    uint32_t pass[RESOLVE_CHUNK];
    size_t c0, c, k, n, ncls = doc->num_text_cls;

    if (stride == 1) {
        memset(ids, 0xFF, ncls * sizeof *ids);   /* KJ_KEY_NONE */
    } else {
        for (c = 0; c < ncls; c++)
            ids[c * stride] = KJ_KEY_NONE;
    }
    for (c0 = 0; c0 < ncls; c0 += RESOLVE_CHUNK) {
        n = filter_chunk(lx, doc, c0, ncls - c0 < RESOLVE_CHUNK ? ncls - c0 : RESOLVE_CHUNK,
                         pass);
        for (k = 0; k < n; k++) {
            uint32_t id;
            const char *key;
            c = pass[k];
            key = doc->keys.data ? doc->keys.data + doc->cls_off[c] : "";
            if (kj_lex_probe(lx, key, doc->cls_off[c + 1] - doc->cls_off[c],
                             doc->cls_hash[c], &id) != 0)   /* it passed the filter */
                continue;
            ids[c * stride] = id;
            if (notes) {
                unsigned root = kj_lex_root(lx, id) != 0;
                notes->list[notes->n] = (uint32_t)c;
                notes->n += root & !notes->rooted[c];
                notes->rooted[c] |= (unsigned char)root;
            }
        }
    }
}

/* List in m->starts the tokens whose key an entry of some image starts
 * with (no entry starts elsewhere; m->rooted says which key classes do):
 * per token in one pass without a branch, four tokens a round; returns
 * how many. */
static size_t
list_starts(kj_matcher *m, const kj_doc *doc)
{
    const uint32_t *cls = doc->text_cls;
    const unsigned char *rooted = m->rooted;
    size_t *starts = m->starts, i = 0, n = 0, ntok = doc->num_tokens;

    for (; i + 4 <= ntok; i += 4) {
        starts[n] = i;
        n += rooted[cls[i]];
        starts[n] = i + 1;
        n += rooted[cls[i + 1]];
        starts[n] = i + 2;
        n += rooted[cls[i + 2]];
        starts[n] = i + 3;
        n += rooted[cls[i + 3]];
    }
    for (; i < ntok; i++) {
        starts[n] = i;
        n += rooted[cls[i]];
    }
    return n;
}

/* Keep of the starts m->starts[0..nstarts) those where a candidate may
 * start: a token whose key alone has candidates, or one whose key has
 * none alone (ALONE_NONE) where some image's edge filter lets its trie go
 * on from that key's node by the next token's key; without a branch per
 * start. Most of the others are a name's first word before some other
 * word; may_go_on() decides the ones kept. A start kept is its token
 * index << 1, its low bit set where some image's trie may go on from the
 * start's own root node (else no candidate longer than the token starts
 * there: longer_at() would find none). Returns how many. (Inline:
 * kj_match() has it made for one image apart, the common case.) */
static inline size_t
keep_starts(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
            const kj_doc *doc, size_t nstarts)
{
    const uint32_t *cls = doc->text_cls, *ids = m->ids, *roots = m->root;
    const unsigned char *made = m->made;
    size_t *starts = m->starts, p, n = 0, img, last = doc->num_tokens - 1;

    for (p = 0; p < nstarts; p++) {
        size_t i = starts[p], c = cls[i];
        const uint32_t *root = &roots[c * nlx], *next = &ids[cls[i < last ? i + 1 : i] * nlx];
        unsigned keep = !(made[c] & ALONE_NONE), go = i < last, on = 0;
        for (img = 0; img < nlx; img++) {
            unsigned may = go & (next[img] != NO_KEY) &
                           kj_lex_may_have_child(lx[img], root[img], next[img]);
            keep |= may;
            on |= may & (root[img] != 0);
        }
        starts[n] = i << 1 | on;
        n += keep;
    }
    return n;
}

/* Match at the listed start tokens m->starts[0..nstarts), left to right:
 * each within its sentence (starts in no sentence, or inside the last
 * match, are passed over). */
static int
match_at_starts(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
                kj_doc *doc, size_t nstarts)
{
    const kj_sentence *sent = doc->sentences;
    size_t p, s = 0, nsent = doc->num_sentences, covered = 0;
    cand cands[KJ_MAX_CANDS];

    for (p = 0; p < nstarts; p++) {
        size_t i = m->starts[p] >> 1, n, c = doc->text_cls[i], best, len;
        int on = m->starts[p] & 1;
        int opens;
        if (i < covered)
            continue;
        if ((m->made[c] & ALONE_NONE) && !may_go_on(m, lx, nlx, doc, i))
            continue;
        if (s + 3 <= nsent) {   /* up to 3 sentences on, most often, without a branch */
            s += sent[s].end <= i;
            s += sent[s].end <= i;
            s += sent[s].end <= i;
        }
        while (s < nsent && sent[s].end <= i)
            s++;
        if (s == nsent)
            break;
        if (i < sent[s].first)
            continue;
        opens = i == sent[s].first;
        n = !on || (m->made[c] & ALONE_LEAF) ? 0
                                            : longer_at(m, lx, nlx, doc, opens, i, sent[s].end, cands);
        if (n == 0) {   /* most starts: the token alone */
            int rc = alone_at(m, nlx, doc, c, i, opens, cands, &len);
            if (rc != KJ_OK)
                return rc;
            covered = i + len;
            continue;
        }
        if (!room_for_all(m, nlx, c, n))   /* as many as the limit lets in */
            n = candidates_at(m, lx, nlx, doc, sent[s].first, i, sent[s].end, cands);
        best = best_of(cands, n);
        if (!is_stop(cands[best].e.label)) {
            int rc = emit(m, doc, i, &cands[best], cands, n);
            if (rc != KJ_OK)
                return rc;
        }
        covered = i + cands[best].len;
    }
    return KJ_OK;
}

int
kj_match(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx, kj_doc *doc)
{
    size_t ntok = doc->num_tokens, s, k, longest = 0, nstarts;
    key_notes notes;

    if (nlx == 0 || ntok == 0)
        return KJ_OK;
    if (ntok > SIZE_MAX / nlx ||
        kj_grow((void **)&m->ids, &m->cap_ids, doc->num_text_cls * nlx,
                sizeof *m->ids) != KJ_OK ||
        kj_grow((void **)&m->starts, &m->cap_starts, ntok, sizeof *m->starts) != KJ_OK ||
        kj_grow((void **)&m->rooted, &m->cap_rooted, doc->num_text_cls + 1, 1) != KJ_OK ||
        kj_grow((void **)&m->root, &m->cap_root, doc->num_text_cls * nlx + 1,
                sizeof *m->root) != KJ_OK ||
        kj_grow((void **)&m->rooted_cls, &m->cap_rooted_cls, doc->num_text_cls + 1,
                sizeof *m->rooted_cls) != KJ_OK ||
        kj_grow((void **)&m->made, &m->cap_made, doc->num_text_cls + 1, 1) != KJ_OK ||
        kj_grow((void **)&m->outs, &m->cap_outs, 2 * doc->num_text_cls + 2,
                sizeof *m->outs) != KJ_OK ||
        kj_grow((void **)&m->spans, &m->cap_spans, 2 * doc->num_text_cls * nlx + 2,
                sizeof *m->spans) != KJ_OK)
        return KJ_ENOMEM;
    m->npool = 0;
    notes.rooted = m->rooted;
    notes.list = m->rooted_cls;
    notes.n = 0;
    memset(m->rooted, 0, doc->num_text_cls);
    for (k = 0; k < nlx; k++)
        resolve_keys(lx[k], doc, m->ids + k, nlx, &notes);
    if (memo_for(m, lx, nlx) != 0)
        return KJ_ENOMEM;
    for (k = 0; k < notes.n; k++) {   /* (made[] is read at rooted classes only) */
        uint32_t c = m->rooted_cls[k];
        if (make_alone(m, lx, nlx, doc, c, doc->tcls[c].tok) != KJ_OK)
            return KJ_ENOMEM;
    }
    nstarts = list_starts(m, doc);
    nstarts = nlx == 1 ? keep_starts(m, lx, 1, doc, nstarts)
                       : keep_starts(m, lx, nlx, doc, nstarts);
    for (s = 0; s < doc->num_sentences; s++)
        if (doc->sentences[s].end - doc->sentences[s].first > longest)
            longest = doc->sentences[s].end - doc->sentences[s].first;
    if (kj_grow((void **)&m->shapes, &m->cap_shapes, longest + 2,
                sizeof *m->shapes) != KJ_OK)
        return KJ_ENOMEM;
    for (k = 0; k < longest + 2; k++)
        m->shapes[k].at = 0;
    if (++m->gen == 0) {   /* wrapped: no memo's strings may look current */
        for (k = 0; k < m->nmemo; k++)
            m->memo[k].gen = 0;
        for (k = 0; k < m->nmemo_dir; k++)
            m->memo_dir[k].gen = 0;
        m->gen = 1;
    }
    return match_at_starts(m, lx, nlx, doc, nstarts);
}

/* ---- lookups for the rules layer ------------------------------------------ */

void
kj_match_resolve_keys(const kj_lexicon *lx, const kj_doc *doc, uint32_t *ids,
                      size_t stride)
{
    resolve_keys(lx, doc, ids, stride, NULL);
}

uint32_t
kj_match_find_key(const kj_lexicon *lx, const kj_doc *doc, size_t t)
{
    uint32_t id;
    size_t n;
    const char *key = kj_doc_key(doc, t, &n);

    if (kj_lex_find_key_hashed(lx, key, n, doc->cls_hash[doc->text_cls[t]], &id) != 0)
        id = KJ_KEY_NONE;
    return id;
}

size_t
kj_match_longest(const kj_lexicon *lx, const kj_doc *doc, size_t i, size_t end,
                 const uint32_t *ids, kj_shape_cache *sc, kj_lexentry *out,
                 uint32_t *out_idx, size_t max, size_t *out_len)
{
    uint32_t id, node, best_node = 0, best_len = 0, len = 1, first, count, k;
    size_t n = 0;
    shape ts;

    *out_len = 0;
    if (lx == NULL || i >= end || (id = kj_match_key(lx, doc, i, ids)) == KJ_KEY_NONE)
        return 0;
    node = kj_lex_root(lx, id);
    while (node) {
        if (kj_lex_node_entries(lx, node, &first, &count) == 0 && count) {
            best_node = node;
            best_len = len;
        }
        if (i + len >= end || (id = kj_match_key(lx, doc, i + len, ids)) == KJ_KEY_NONE)
            break;
        node = kj_lex_child(lx, node, id);
        len++;
    }
    if (best_node == 0 || kj_lex_node_entries(lx, best_node, &first, &count) != 0)
        return 0;
    shape_of_span((kj_doc *)doc, i, i + best_len, &ts);
    for (k = first; k < first + count && n < max; k++)
        if (kj_lex_entry(lx, k, &out[n]) == 0 &&
            case_ok_cached(sc, lx, k, &out[n], &ts)) {
            if (out_idx)
                out_idx[n] = k;
            n++;
        }
    if (n)
        *out_len = best_len;
    return n;
}

int
kj_text_capitalised(const kj_doc *doc, size_t k)
{
    size_t len;
    int32_t c = kj_utf8_decode(doc->text.data + doc->tokens[k].start,
                               doc->tokens[k].end - doc->tokens[k].start, &len);
    utf8proc_category_t cat;

    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* ---- explanations ------------------------------------------------------- */

char *
kj_explain_span(const kj_lexicon *const *lx, size_t nlx, const kj_doc *doc,
                size_t first, size_t last)
{
    kj_buf out;
    size_t img, k, s0 = 0, ne;
    shape ts;

    kj_buf_init(&out);
    for (k = 0; k < doc->num_sentences; k++)
        if (doc->sentences[k].first <= first && first < doc->sentences[k].end)
            s0 = doc->sentences[k].first;
    shape_of_text(doc, first, last, &ts);
    for (img = 0; img < nlx; img++) {
        uint32_t id, node = 0, fe, cnt, e;
        for (k = first; k < last; k++) {
            size_t kn;
            const char *key = kj_doc_key(doc, k, &kn);
            if (kj_lex_find_key(lx[img], key, kn, &id) != 0) {
                node = 0;
                break;
            }
            node = k == first ? kj_lex_root(lx[img], id) : kj_lex_child(lx[img], node, id);
            if (!node)
                break;
        }
        if (!node || kj_lex_node_entries(lx[img], node, &fe, &cnt) != 0)
            continue;
        for (e = fe; e < fe + cnt; e++) {
            kj_lexentry le;
            if (kj_lex_entry(lx[img], e, &le) != 0)
                continue;
            kj_buf_printf(&out, "%slexicon entry %s:%u \"%s\" %s", out.len ? "; " : "",
                          le.source, le.line, le.surface, le.label);
            if (strcmp(le.label, "O") == 0)
                kj_buf_puts(&out, " is a stop entry");
            else if (!case_ok(&le, &ts))
                kj_buf_printf(&out, " does not accept this case (case=%s)",
                              le.case_policy == KJ_CASE_EXACT ? "exact" :
                              le.case_policy == KJ_CASE_FOLD ? "fold" : "smart");
            else if ((le.flags & KJ_ENTRY_AMBIGUOUS) && first == s0)
                kj_buf_puts(&out, " is ambiguous=1 and only opens its sentence");
            else
                kj_buf_puts(&out, " lost to a longer or preferred match here");
        }
    }
    (void)kj_doc_entities(doc, &ne);
    if (out.len == 0)
        kj_buf_puts(&out, "no lexicon entry has these tokens, and no rule made a span");
    if (out.failed) {
        kj_buf_free(&out);
        return NULL;
    }
    return out.data;
}
