/* SPDX-License-Identifier: MIT */
/* rules.c - the rule layer after the gazetteer, one document at a time
 *
 * Word lists come from a rules lexicon (lexicons/rules/NAME.tsv: TITLE,
 * PORTFOLIO, HEAD, LINK, PARTICLE, BLOCK); the patterns are here:
 *   title     TITLE [(SHORT)] [PORTFOLIO] [(SHORT)] [jurisdiction] NAME -> NAME PER
 *   head      HEAD + capitalised continuation -> ORG/LOC/PROG (head inside,
 *             or outside for head=out: "Provinsi", "Kota"); continuation +
 *             tail -> the same ("... Initiative")
 *   trigger   "kata Budi" (a speech verb, then a name) -> PER;
 *   apposition "Budi Santoso, Direktur ..." / "Budi selaku Ketua" -> PER
 *   acronym   Long Form (SF) and SF (Long Form): the known side lends its
 *             label and id to the other, and SF is tagged wherever it is
 *   consistency  parts of a person's name later in the document are that
 *             person; a string labelled once gets its label at its other
 *             mentions unless a longer entity covers them
 *   fallback  (optional) capitalised runs nothing explains
 * Precedence: a title or head rule span that wholly contains lexicon spans
 * replaces them ("Bank Indonesia" over "Indonesia"); a rule span that
 * partly overlaps a lexicon span loses; between rules the longer wins.
 * Every span made here has source "rule:NAME"; what a span beat is kept in
 * its `beat` text for --explain.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && !defined(KJ_RULES_PORTABLE)
#include <emmintrin.h>
#endif

#include "lexicon.h"
#include "match.h"
#include "mem.h"
#include "normalize.h"
#include "rules.h"
#include "utf8.h"

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

#define MAXE 16
#define MAX_NAME 6
#define MAX_CONT 8

/* A span being decided (64 bytes: token numbers fit 32 bits, as in
 * text_cls[]). */
typedef struct span {
    uint32_t first, last;
    const char *label, *source, *id, *kind;
    const kj_alt *alts;
    const char *beat;    /* what it replaced, for --explain */
    uint32_t num_alts;
    unsigned char rule;  /* 0 lexicon, 1 title/head rule, 2 other rule */
    unsigned char dead;  /* replaced by a rule span */
} span;

/* Is `label` "PER"? (Labels are compared by their text, a few bytes.) */
static inline int
is_per(const char *label)
{
    return label[0] == 'P' && label[1] == 'E' && label[2] == 'R' && label[3] == '\0';
}

struct wordinfo;

typedef struct ctx {
    const kj_lexicon *rx;   /* rules lexicon */
    kj_doc *doc;
    span *sp;               /* every span so far (append-only; dead ones
                               were replaced); ids are indexes */
    size_t nsp;
    struct kj_rules_ws *ws; /* where the arrays live */
    int *cover;             /* per token: id of the live span over it, or -1 */
    uint64_t *firsts;       /* a bit per token: a live span starts there
                               (set_first()) */
    size_t ndead;           /* spans replaced so far */
    struct wordinfo *words;    /* per token: its rule words, where they are
                                  its own (own[]) */
    uint64_t *own;             /* a bit per token: its words are its own,
                                  in words[] (classify_own()) */
    struct wordinfo *tcw;      /* per text class: its one-token rule words
                                  (classify_text()) */
    unsigned char *twk;        /* per text class: WK_* (classify_texts()) */
    /* a bit per token, for the passes over a sentence (classify_tokens(),
     * classify_own()): where a rule may start (a word of BLOCK, TITLE,
     * HEAD or TRIGGER first, or a "," that comma_may_start()), a TAIL
     * word, "("; and the tokens
     * whose words may be their own (TB_CAND) */
    uint64_t *starts, *tails, *parens, *cand;
    uint64_t *any;             /* a bit per token set in starts, tails or
                                  parens, or more (rule_passes()) */
    /* the first bit of starts, tails and parens from the start of a
     * sentence passed, or before (next_from()) */
    size_t at_start, at_tail, at_paren;
    uint32_t *ids;             /* per distinct key: its id in the rule lists */
    uint32_t *pass;            /* the texts the filter lets through
                                  (classify_texts()) */
    struct mentions *mt;       /* capitalised tokens by text, built once */
    const char *fallback;
} ctx;

/* Capitalised tokens by their text, for consistency and acronyms: only
 * capitalised tokens, as mentions are looked up for the first tokens of
 * entities and the parts of names, which are capitalised (classify_tokens()
 * chains them). */
typedef struct mentions {
    /* (token numbers fit 32 bits, as in text_cls[] and kj_textcls.tok) */
    uint32_t *head; /* text class -> first capitalised token + 1, 0 = none */
    uint32_t *next; /* token -> next token with the same text + 1, 0 = none */
} mentions;

/* What one document needs, kept from document to document so that big
 * documents do not map and fault in fresh memory each time. */
struct kj_rules_ws {
    span *sp;
    size_t cap_sp;
    struct order *order;   /* order_spans(), two halves */
    size_t cap_order;
    uint64_t *firsts;      /* see ctx */
    size_t cap_firsts;
    uint64_t *own;         /* see ctx */
    size_t cap_own;
    /* kept from document to document for the rules lexicon elab_lx: the
     * surface shapes of its entries, and per entry 2 + its word_labels
     * index (1: no rule word; 0: not known yet), for the first
     * KJ_ELAB_MAX entries */
    kj_shape_cache *shapes;
    signed char *elab;
    size_t cap_elab;
    const kj_lexicon *elab_lx;
    int *cover;
    size_t cap_cover;
    struct wordinfo *words;
    size_t cap_words;
    struct wordinfo *tcw;  /* per text class, when the text alone decides */
    size_t cap_tcw;
    unsigned char *twk;    /* per text class: WK_* its tokens start with */
    size_t cap_twk;
#define NBITS 5
    uint64_t *bits[NBITS]; /* starts, tails, parens, cand and any of ctx */
    size_t cap_bits[NBITS];
    uint32_t *ids;
    size_t cap_ids;
    uint32_t *pass;        /* see ctx */
    size_t cap_pass;
    uint32_t *head, *next;
    size_t cap_head, cap_next;
    /* consistency_marks(): slots of (gen << 32 | value), where only those of
     * the current gen hold something, so that nothing is cleared per
     * document */
    uint64_t *seen, *from, *one;
    size_t cap_seen, cap_from, cap_one;
    uint32_t gen;
    /* classify_text()'s findings per text, for the rules lexicon tw_lx: an
     * open-addressing table of tw_size slots (a power of 2, at most half
     * full), the texts in twtext */
    struct textword *tw;
    size_t tw_size, tw_count;
    char *twtext;
    size_t twtext_len, cap_twtext;
    const kj_lexicon *tw_lx;
    struct entryattr *ha;  /* entry_attrs(), per entry, for tw_lx too */
    size_t cap_ha;
    /* for tw_lx too (key_filters()): a byte per value of the low bits
     * (kb_mask) of the fingerprints (kj_lexhash() >> 32) of its keys, 1
     * where a key has it, in kbuf or all_pass; and a bit per value of
     * their top kf_bits bits (NULL: none) */
    const unsigned char *kb;
    unsigned char *kbuf;
    uint32_t kb_mask;
    uint64_t *kf;
    unsigned kf_bits;
};

/* ---- lookups ----------------------------------------------------------- */

/* The index of the lowest set bit of w (not 0). */
static unsigned
lowest_bit(uint64_t w)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(w);
#else
    unsigned b = 0;

    while (!(w & 1)) {
        w >>= 1;
        b++;
    }
    return b;
#endif
}

static const char *const word_labels[] = {"BLOCK", "TITLE", "PORTFOLIO", "HEAD",
                                          "TRIGGER", "PARTICLE", "LINK", "TAIL"};
#define NLABELS (sizeof word_labels / sizeof word_labels[0])
/* Indexes of word_labels. */
enum { W_BLOCK, W_TITLE, W_PORTFOLIO, W_HEAD, W_TRIGGER, W_PARTICLE, W_LINK,
       W_TAIL, W_ANY = -1 };

/* What the rules read of a HEAD or TRIGGER entry's attributes
 * (entry_attrs()). */
typedef struct entryattr {
    unsigned char known;     /* parsed */
    unsigned char has_type;  /* type= (in type) */
    unsigned char has_pos;   /* pos= (a HEAD word that is a tail) */
    unsigned char out;       /* head=out: the head stays outside */
    unsigned char has_tail;  /* tail= */
    unsigned char org;       /* type=org */
    unsigned char place;     /* type=place */
    unsigned char before;    /* type=before (a TRIGGER's) */
    const char *label;       /* a head's label (head_label()) */
    char type[16];
    char tail[16];
} entryattr;

/* The rule words at one token, looked up once: per label the length of the
 * longest match (0: none) and its entry. */
typedef struct wordinfo {
    unsigned char any; /* 1 + the first label whose len[] is not 0; 0: none */
    unsigned char len[NLABELS];
    uint32_t entry[NLABELS];
} wordinfo;

/* The word_labels index of rules entry k (decoded in *e), -1 for a label
 * that is no rule word: HEAD means a head that opens a name; TAIL a HEAD
 * with a pos attribute (pos=tail), which closes one ("Program" is both). */
static int
label_of(const kj_lexentry *e)
{
    char pos[8];
    const char *lab = e->label;
    size_t o;

    if (strcmp(lab, "HEAD") == 0 && kj_lex_attr(e->attrs, "pos", pos, sizeof pos))
        lab = "TAIL";
    for (o = 0; o < NLABELS; o++)
        if (strcmp(lab, word_labels[o]) == 0)
            return (int)o;
    return -1;
}

#define KJ_ELAB_MAX 65536

/* label_of() entry k, kept in the working memory. */
static int
entry_label(const ctx *c, uint32_t k, const kj_lexentry *e)
{
    kj_rules_ws *ws = c->ws;
    size_t old = ws->cap_elab;

    if (ws->elab_lx != c->rx) {
        if (ws->elab)
            memset(ws->elab, 0, ws->cap_elab);
        ws->elab_lx = c->rx;
    }
    if (k >= KJ_ELAB_MAX ||
        kj_grow((void **)&ws->elab, &ws->cap_elab, (size_t)k + 1, 1) != KJ_OK)
        return label_of(e);
    if (ws->cap_elab > old)
        memset(ws->elab + old, 0, ws->cap_elab - old);
    if (ws->elab[k] == 0)
        ws->elab[k] = (signed char)(label_of(e) + 2);
    return ws->elab[k] - 2;
}

/* Classify token i into *w; 1 when the result depends on token i's text
 * alone (only one-token rule words start with it, or none). */
static int
classify_at(const ctx *c, size_t i, size_t end, wordinfo *w)
{
    kj_lexentry es[MAXE];
    uint32_t idx[MAXE];
    size_t len, n, k, o;
    int starts;

    memset(w->len, 0, sizeof w->len);
    w->any = 0;
    starts = kj_match_starts(c->rx, c->doc, i, c->ids);
    if (!starts)
        return 1;   /* no rule word starts with this token: most tokens */
    n = kj_match_longest(c->rx, c->doc, i, end, c->ids, c->ws->shapes, es, idx,
                         MAXE, &len);
    for (k = 0; k < n; k++) {
        int lab = entry_label(c, idx[k], &es[k]);
        if (lab >= 0 && w->len[lab] == 0) {
            w->len[lab] = (unsigned char)(len > 255 ? 255 : len);
            w->entry[lab] = idx[k];
        }
    }
    for (o = NLABELS; o-- > 0;)   /* the first label found wins */
        if (w->len[o] != 0)
            w->any = (unsigned char)(o + 1);
    return starts == 1;
}

/* The states of a text's tokens: the next token decides (TB_CAND), no
 * rule word, their words are the text's in tcw[]. In twk[], per text
 * class, its tokens' state when the next token is no key of the rules
 * lexicon (the low bits), their state when it is one (WK_IFKEY bits up),
 * and these bits: */
enum { WK_UNKNOWN, WK_NONE, WK_TEXT };
#define WK_STATE 3        /* the WK_* */
#define WK_START 4        /* their state alone gives them P_START */
#define WK_OWN_BIT 3
#define WK_OWN (1u << WK_OWN_BIT)  /* their words may be their own when the
                                      next token is a rules key (TB_CAND) */
#define WK_IFKEY 4        /* the shift of the state for a key next */
#define WK_KEY_BIT 6
#define WK_KEY (1u << WK_KEY_BIT)  /* it is a key of the rules lexicon */
#define WK_TAIL 128       /* their state alone gives them P_TAIL */

/* What the passes over a sentence visit a token for (pick_bits()): as it
 * starts the pass over titles, heads, triggers and commas, as a TAIL
 * word, as "(". */
#define P_START 1
#define P_TAIL 2
#define P_PAREN 4

/* The states where a token has no rule word, whatever follows. */
#define WK_STATES (WK_STATE | WK_STATE << WK_IFKEY)
#define WK_NEVER (WK_NONE | WK_NONE << WK_IFKEY)

/* The rule words at token i, once classify_own() has classified the
 * tokens whose words are their own. */
static const wordinfo *
info_at(const ctx *c, size_t i)
{
    static const wordinfo none;
    size_t t = c->doc->text_cls[i];
    unsigned b = c->twk[t];

    if (c->own[i / 64] >> (i % 64) & 1)
        return &c->words[i];
    return (b & WK_STATE) == WK_TEXT ? &c->tcw[t] : &none;
}

/* Classify token i, whose words may be its own (TB_CAND), within its
 * sentence (which ends at `send`): 1 and its words in words[i] when they
 * are; 0 when no rule word goes on to the next token, so that the text
 * decides after all. */
static int
classify_token(const ctx *c, size_t i, size_t send)
{
    const kj_doc *doc = c->doc;
    uint32_t t = doc->text_cls[i];

    if (i + 1 >= send ||
        !kj_lex_child(c->rx, kj_lex_root(c->rx, c->ids[t]),
                      c->ids[doc->text_cls[i + 1]]))
        return 0;
    classify_at(c, i, send, &c->words[i]);
    return 1;
}

/* ---- rule words per text, kept from document to document --------------- */

/* What classify_text() found for a text that is a rules key, kept in the
 * working memory (for the rules lexicon tw_lx): most texts with rule words
 * come back in every document. */
typedef struct textword {
    uint64_t head;     /* the text's first 8 bytes (kj_textcls.head) */
    uint32_t off;      /* the text in twtext */
    uint16_t len1;     /* its length + 1; 0: a free slot */
    unsigned char wk;  /* WK_NONE, WK_TEXT or WK_UNKNOWN */
    uint32_t id;       /* its key's id in the rules lexicon */
    wordinfo w;        /* its one-token rule words (not WK_NONE) */
} textword;            /* (64 bytes) */

#define TW_MAX 65536                 /* texts kept at most */
#define TW_LEN_MAX 65534             /* bytes of a text kept at most */
#define TW_TEXT_MAX (16u << 20)      /* bytes of them at most */

/* Where a text of the first 8 bytes `head` (as kj_textcls.head has them)
 * and the length len is looked for first in the table of ws (not empty). */
static inline size_t
tw_home(const kj_rules_ws *ws, uint64_t head, size_t len)
{
    return (size_t)((head + len) * UINT64_C(0x9E3779B97F4A7C15) >> 32) & (ws->tw_size - 1);
}

/* The slot of text[0..len) in the table of ws, or the free slot where it
 * would go. A text is told by its first 8 bytes as kj_textcls.head has
 * them (`head`) and its length, and by the rest of its bytes only when it
 * is longer (text may be NULL when it is not): most texts are found
 * without reading the document's text, whose bytes are far apart. */
static inline textword *
tw_slot(const kj_rules_ws *ws, uint64_t head, size_t len, const char *text)
{
    size_t mask = ws->tw_size - 1, i = tw_home(ws, head, len);

    for (;; i = (i + 1) & mask) {
        textword *e = &ws->tw[i];
        if (e->len1 == 0 ||
            (e->head == head && e->len1 == len + 1 &&
             (len <= 8 || memcmp(ws->twtext + e->off + 8, text + 8, len - 8) == 0)))
            return e;
    }
}

/* What is kept of text[0..len) (as tw_slot() tells it), or NULL. */
static const textword *
tw_find(const kj_rules_ws *ws, uint64_t head, size_t len, const char *text)
{
    const textword *e;

    if (ws->tw_size == 0)
        return NULL;
    e = tw_slot(ws, head, len, text);
    return e->len1 ? e : NULL;
}

/* Double the table of ws (at least 1,024 slots), its texts placed anew.
 * Returns KJ_OK or KJ_ENOMEM (the table as it was). */
static int
tw_grow(kj_rules_ws *ws)
{
    size_t size = ws->tw_size ? 2 * ws->tw_size : 1024, i;
    textword *old = ws->tw, *tab = kj_calloc(size, sizeof *tab);
    size_t old_size = ws->tw_size;

    if (tab == NULL)
        return KJ_ENOMEM;
    ws->tw = tab;
    ws->tw_size = size;
    for (i = 0; i < old_size; i++)
        if (old[i].len1)
            *tw_slot(ws, old[i].head, old[i].len1 - 1u, ws->twtext + old[i].off) = old[i];
    kj_free(old);
    return KJ_OK;
}

/* Keep what classify_text() found for text[0..len) (its head as
 * tw_slot() has it, its key id id), when there is room (else nothing: the
 * table only saves work). */
static void
tw_add(kj_rules_ws *ws, uint64_t head, const char *text, size_t len, uint32_t id,
       unsigned wk, const wordinfo *w)
{
    textword *e;

    if (ws->tw_count >= TW_MAX || len > TW_LEN_MAX ||
        len > TW_TEXT_MAX - ws->twtext_len ||
        ((ws->tw_count + 1) * 2 > ws->tw_size && tw_grow(ws) != KJ_OK) ||
        kj_grow((void **)&ws->twtext, &ws->cap_twtext, ws->twtext_len + len + 1,
                1) != KJ_OK)
        return;
    e = tw_slot(ws, head, len, text);
    memcpy(ws->twtext + ws->twtext_len, text, len);
    e->head = head;
    e->off = (uint32_t)ws->twtext_len;
    e->len1 = (uint16_t)(len + 1);
    e->wk = (unsigned char)wk;
    e->id = id;
    if (wk != WK_NONE)
        e->w = *w;
    else
        memset(&e->w, 0, sizeof e->w);
    ws->twtext_len += len;
    ws->tw_count++;
}

/* Forget every kept text (the rules lexicon is another). */
static void
tw_clear(kj_rules_ws *ws)
{
    if (ws->tw)
        memset(ws->tw, 0, ws->tw_size * sizeof *ws->tw);
    ws->tw_count = 0;
    ws->twtext_len = 0;
}

/* A filter that lets every text by (key_filters()). */
static const unsigned char all_pass = 1;

/* Set ws->kb and ws->kf for the rules lexicon rx from its keys' hashes:
 * kb a byte per value of their fingerprints' low bits (16 bytes per key
 * or more, in ws->kbuf, for lexicons of up to 65,536 keys, as the
 * lexicon's own filter has; else all_pass), kf a bit per value of their
 * top bits (64 bits per key or more, up to 2^20 bits; NULL for lexicons
 * of more keys). Keys out of range, or no memory: all pass. */
static void
key_filters(kj_rules_ws *ws, const kj_lexicon *rx)
{
    uint32_t id, bits = 1, bytes = 1024;

    kj_free(ws->kbuf);
    kj_free(ws->kf);
    ws->kbuf = NULL;
    ws->kf = NULL;
    ws->kb = &all_pass;
    ws->kb_mask = 0;
    if (rx->nkeys > 65536 || rx->secsize[KJ_SEC_KEYS] / 4 < rx->nkeys)
        return;
    while (bytes < 16 * rx->nkeys)
        bytes *= 2;
    for (ws->kf_bits = 0; bits < 64 * rx->nkeys || bits < 4096; ws->kf_bits++)
        bits *= 2;
    if ((ws->kbuf = kj_calloc(bytes, 1)) == NULL ||
        (rx->nkeys <= 16384 && (ws->kf = kj_calloc(bits / 64, sizeof *ws->kf)) == NULL))
        goto all;
    for (id = 0; id < rx->nkeys; id++) {
        const char *k = kj_lex_str(rx, kj_get32(rx->sec[KJ_SEC_KEYS] + (size_t)id * 4));
        uint32_t f, top;
        if (k == NULL)
            goto all;
        f = (uint32_t)(kj_lexhash(k, strlen(k)) >> 32);
        top = f >> (32 - ws->kf_bits);
        ws->kbuf[f & (bytes - 1)] = 1;
        if (ws->kf)
            ws->kf[top / 64] |= (uint64_t)1 << (top % 64);
    }
    ws->kb = ws->kbuf;
    ws->kb_mask = bytes - 1;
    return;
all:
    kj_free(ws->kbuf);
    kj_free(ws->kf);
    ws->kbuf = NULL;
    ws->kf = NULL;
}

/* Could the key with kj_lexhash() h be a key of the rules lexicon whose
 * filter of bytes kb is, with the mask `mask` (key_filters())? 0: surely
 * not. */
static inline unsigned
may_be_key(const unsigned char *kb, uint32_t mask, uint64_t h)
{
    return kb[(uint32_t)(h >> 32) & mask];
}

/* Could it, by the filter ws->kf (not NULL)? 0: surely not. */
static inline int
may_be_key2(const uint64_t *kf, unsigned kf_bits, uint64_t h)
{
    uint32_t f = (uint32_t)(h >> 32) >> (32 - kf_bits);

    return (int)(kf[f / 64] >> (f % 64) & 1);
}

/* The P_* bits of a token with the words *w (NULL: none) and the flags
 * `flag` (KJ_TF_*). */
static unsigned
pick_bits(const wordinfo *w, unsigned flag)
{
    int first = w ? w->any - 1 : -1;

    return (first == W_BLOCK || first == W_TITLE || first == W_HEAD ||
                    first == W_TRIGGER || (flag & KJ_TF_COMMA)
                ? P_START : 0) |
           (w && w->len[W_TAIL] ? P_TAIL : 0) | (flag & KJ_TF_LPAREN ? P_PAREN : 0);
}

/* A text's byte in twk[]: its tokens' WK_* `wk`, the WK_* `alone` they
 * have when the next token is no rules key, whether it is one (`key`),
 * WK_START and WK_TAIL from `pk` (the P_* bits of their state alone), and
 * WK_OWN when their words may be their own. */
static unsigned char
text_bits(unsigned wk, unsigned alone, int key, unsigned pk)
{
    return (unsigned char)(alone | wk << WK_IFKEY | (key ? WK_KEY : 0) |
                           (pk & P_START ? WK_START : 0) | (pk & P_TAIL ? WK_TAIL : 0) |
                           (wk == WK_UNKNOWN ? WK_OWN : 0));
}

/* May a token whose next token has the twk[] byte bn (0: none) start the
 * pass over titles, heads, triggers and commas as a comma? Only where
 * that token may have a rule word (apposition() wants a title there):
 * most commas are followed by a text that has none, whatever follows it
 * (WK_NEVER), and are not visited at all. */
static inline int
comma_may_start(unsigned bn)
{
    return (bn & WK_STATES) != WK_NEVER;
}

/* The bits of a token for the passes over a sentence (ctx's starts, tails,
 * parens and cand; TB_CAP: capitalised), from its twk[] byte b, its flags
 * f and the next token's twk[] byte bn (0: none), as its text alone gives
 * them (classify_own() then sets those of the tokens whose words are their
 * own). TB_START: its text's words may start a rule, or it is a comma
 * that comma_may_start(). TB_CAND: its words may be its own
 * (classify_token()), as its text may start longer rule words and the
 * next token is a rules key; many texts may ("yang"), few tokens of them
 * are. */
enum { TB_START, TB_TAIL, TB_PAREN, TB_CAND, TB_CAP, TB_N };

static inline unsigned
token_bits(unsigned b, unsigned bn, unsigned f)
{
    return (unsigned)((b & WK_START) != 0 ||
                      ((f & KJ_TF_COMMA) && comma_may_start(bn))) << TB_START |
           (unsigned)((b & WK_TAIL) != 0) << TB_TAIL |
           (unsigned)((f & KJ_TF_LPAREN) != 0) << TB_PAREN |
           (unsigned)((b & bn >> (WK_KEY_BIT - WK_OWN_BIT) & WK_OWN) != 0) << TB_CAND |
           (unsigned)((f & KJ_TF_CAP) != 0) << TB_CAP;
}

/* Text class t's key id in the rules lexicon (ids[t], KJ_KEY_NONE when it
 * is none) and its state in twk[]: WK_NONE when no rule word starts with
 * it; WK_TEXT when only one-token ones do, which tcw[t] holds; WK_UNKNOWN
 * when longer ones may, tcw[t] then holding its one-token words (what a
 * token of t is when the next token cannot continue a rule word); with
 * the other bits of text_bits(), among them the P_* bits its words give
 * its tokens as WK_TEXT (their flags add theirs: token_bits()). */
static void
classify_text(const ctx *c, size_t t)
{
    /* (for the texts the filter lets through: classify_texts() does the
     * others) */
    const kj_doc *doc = c->doc;
    const kj_textcls *tr = &doc->tcls[t];
    size_t tok = tr->tok, len = tr->len;
    uint32_t id = KJ_KEY_NONE, node = 0;
    unsigned wk = WK_NONE;
    /* (the text's bytes only where they are needed) */
    const char *text = len > 8 ? doc->text.data + doc->tokens[tok].start : NULL;
    const textword *kept;
    unsigned alone;

    /* a text kept is a key: no lookup of it in the rules lexicon */
    if ((kept = tw_find(c->ws, tr->head, len, text)) != NULL) {
        c->ids[t] = id = kept->id;
        wk = kept->wk;
        if (wk != WK_NONE)
            c->tcw[t] = kept->w;
    } else if (kj_lex_find_key_hashed(c->rx, doc->keys.data + doc->cls_off[t],
                                      doc->cls_off[t + 1] - doc->cls_off[t],
                                      doc->cls_hash[t], &id) != 0)
        c->ids[t] = id = KJ_KEY_NONE;   /* the filter let it through, but
                                           it is no key */
    else {
        c->ids[t] = id;   /* what classify_at() reads */
        if ((node = kj_lex_root(c->rx, id)) != 0) {
            (void)classify_at(c, tok, tok + 1, &c->tcw[t]);
            wk = kj_lex_has_children(c->rx, node) ? WK_UNKNOWN
                 : c->tcw[t].any                  ? WK_TEXT
                                                  : WK_NONE;
        }
        tw_add(c->ws, tr->head, doc->text.data + doc->tokens[tok].start, len, id, wk,
               &c->tcw[t]);
    }
    alone = wk == WK_UNKNOWN ? (c->tcw[t].any ? WK_TEXT : WK_NONE) : wk;
    c->twk[t] = text_bits(wk, alone, id != KJ_KEY_NONE,
                          alone == WK_TEXT ? pick_bits(&c->tcw[t], 0) : 0);
}

/* Every text class of the document through classify_text() (the key
 * lookups and the classification of kj_match_resolve_keys() and
 * kj_match_starts(), fused), but for the texts that the rules lexicon's
 * filter rules out: most, whose bytes are set for all at once. */
static void
classify_texts(const ctx *c)
{
    /* (in locals: the byte stores would make the compiler read them
     * again for every text) */
    const uint64_t *hash = c->doc->cls_hash;
    const kj_textcls *tcls = c->doc->tcls;
    const kj_rules_ws *ws = c->ws;
    const unsigned char *kb = ws->kb;
    uint32_t mask = ws->kb_mask, *pass = c->pass, *ids = c->ids, *head = c->mt->head;
    unsigned char *twk = c->twk, none = text_bits(WK_NONE, WK_NONE, 0, 0);
    size_t t, j, np = 0, nt = c->doc->num_text_cls;
    /* every text as the filter rules it out, with no key and no rule
     * word (classify_text() sets the others' anew), and no capitalised
     * token yet (classify_tokens()); those it lets through listed,
     * without a branch */
    for (t = 0; t + 4 <= nt; t += 4) {   /* (4 at a time: merged stores) */
        pass[np] = (uint32_t)t;
        np += (size_t)may_be_key(kb, mask, hash[t]);
        pass[np] = (uint32_t)t + 1;
        np += (size_t)may_be_key(kb, mask, hash[t + 1]);
        pass[np] = (uint32_t)t + 2;
        np += (size_t)may_be_key(kb, mask, hash[t + 2]);
        pass[np] = (uint32_t)t + 3;
        np += (size_t)may_be_key(kb, mask, hash[t + 3]);
        ids[t] = ids[t + 1] = ids[t + 2] = ids[t + 3] = KJ_KEY_NONE;
        twk[t] = twk[t + 1] = twk[t + 2] = twk[t + 3] = none;
        head[t] = head[t + 1] = head[t + 2] = head[t + 3] = 0;
    }
    for (; t < nt; t++) {
        pass[np] = (uint32_t)t;
        ids[t] = KJ_KEY_NONE;
        twk[t] = none;
        head[t] = 0;
        np += (size_t)may_be_key(kb, mask, hash[t]);
    }
    if (ws->kf) {   /* a third of those are no key: most go here */
        size_t kept = 0;
        for (j = 0; j < np; j++) {
            pass[kept] = pass[j];
            kept += (size_t)may_be_key2(ws->kf, ws->kf_bits, hash[pass[j]]);
        }
        np = kept;
    }
    /* their records (tcls[], the kept texts') are far apart: each is
     * fetched a few texts ahead */
    for (j = 0; j < np; j++) {
        if (j + 8 < np)
            PREFETCH(&tcls[pass[j + 8]]);
        if (j + 4 < np && ws->tw_size)
            PREFETCH(&ws->tw[tw_home(ws, tcls[pass[j + 4]].head, tcls[pass[j + 4]].len)]);
        classify_text(c, pass[j]);
    }
}

#define BLOCK 16   /* tokens per step of classify_tokens() */

/* The token_bits() of BLOCK tokens as masks, out[TB_*] (bit k: token k),
 * from b[0..BLOCK], their bytes in twk[] and the next token's (0: none),
 * and f[0..BLOCK), their flags. With SSE2 where the compiler has it, a
 * token at a time otherwise or with KJ_RULES_PORTABLE defined (build with
 * -DKJ_RULES_PORTABLE to test that path): the same masks. */
#if defined(__SSE2__) && !defined(KJ_RULES_PORTABLE)
/* A bit per lane of x whose bit `flag` (a power of 2) is set: that bit
 * moved to the top of its byte, which the mask takes, by a 16-bit shift
 * (the lower byte's bits that come over into the upper one land below
 * its top). */
static inline unsigned
flag_lanes(__m128i x, unsigned flag)
{
    return (unsigned)_mm_movemask_epi8(_mm_slli_epi16(x, 7 - (int)lowest_bit(flag)));
}
#endif

static inline void
block_bits(const unsigned char *b, const unsigned char *f, unsigned out[TB_N])
{
#if defined(__SSE2__) && !defined(KJ_RULES_PORTABLE)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)b);
    __m128i vn = _mm_loadu_si128((const __m128i *)(const void *)(b + 1));
    __m128i fl = _mm_loadu_si128((const __m128i *)(const void *)f);
    /* the next token's text has no rule word (comma_may_start()) */
    unsigned never = (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_and_si128(vn, _mm_set1_epi8((char)WK_STATES)),
                       _mm_set1_epi8((char)WK_NEVER)));

    /* (each mask written out: a loop over them is not unrolled) */
    out[TB_START] = flag_lanes(v, WK_START) | (flag_lanes(fl, KJ_TF_COMMA) & ~never);
    out[TB_TAIL] = flag_lanes(v, WK_TAIL);
    out[TB_PAREN] = flag_lanes(fl, KJ_TF_LPAREN);
    out[TB_CAND] = flag_lanes(v, WK_OWN) & flag_lanes(vn, WK_KEY);
    out[TB_CAP] = flag_lanes(fl, KJ_TF_CAP);
#else
    unsigned k, j;

    for (j = 0; j < TB_N; j++)
        out[j] = 0;
    for (k = 0; k < BLOCK; k++) {
        unsigned t = token_bits(b[k], b[k + 1], f[k]);
        for (j = 0; j < TB_N; j++)
            out[j] |= (t >> j & 1) << k;
    }
#endif
}

#define WINDOW 64  /* tokens per step of classify_tokens(), in BLOCKs */
#if WINDOW != 4 * BLOCK
#error "window_bits() takes a window as 4 blocks"
#endif

/* The masks of 4 blocks in a row as one. */
static inline uint64_t
join4(unsigned m0, unsigned m1, unsigned m2, unsigned m3)
{
    return m0 | (uint64_t)m1 << BLOCK | (uint64_t)m2 << 2 * BLOCK | (uint64_t)m3 << 3 * BLOCK;
}

/* The token_bits() of the WINDOW tokens from i0 as masks, out[TB_*] (bit
 * k: token i0 + k; the tokens from n on have none). */
static void
window_bits(const ctx *c, size_t i0, size_t n, uint64_t out[TB_N])
{
    const uint32_t *tc = c->doc->text_cls + i0;
    const unsigned char *twk = c->twk, *f = c->doc->tok_flags + i0;
    unsigned char b[WINDOW + 1], fpad[WINDOW];
    unsigned bb[WINDOW / BLOCK][TB_N];
    size_t k, nb = n - i0 < WINDOW ? n - i0 : WINDOW;

    if (nb == WINDOW) {
        /* (bytes 8 apart in a step: adjacent ones the compiler would
         * merge into a word with shifts, an instruction more each) */
        for (k = 0; k < WINDOW / 8; k++) {
            b[k] = twk[tc[k]];
            b[k + 8] = twk[tc[k + 8]];
            b[k + 16] = twk[tc[k + 16]];
            b[k + 24] = twk[tc[k + 24]];
            b[k + 32] = twk[tc[k + 32]];
            b[k + 40] = twk[tc[k + 40]];
            b[k + 48] = twk[tc[k + 48]];
            b[k + 56] = twk[tc[k + 56]];
        }
        b[WINDOW] = nb < n - i0 ? twk[tc[WINDOW]] : 0;
    } else {   /* the last tokens: padded with nothing */
        for (k = 0; k < nb; k++)
            b[k] = twk[tc[k]];
        memset(b + nb, 0, WINDOW + 1 - nb);
        memset(fpad, 0, sizeof fpad);
        memcpy(fpad, f, nb);
        f = fpad;
    }
    /* (4 blocks written out: the loop kept the masks in memory) */
    block_bits(b, f, bb[0]);
    block_bits(b + BLOCK, f + BLOCK, bb[1]);
    block_bits(b + 2 * BLOCK, f + 2 * BLOCK, bb[2]);
    block_bits(b + 3 * BLOCK, f + 3 * BLOCK, bb[3]);
    out[TB_START] = join4(bb[0][TB_START], bb[1][TB_START], bb[2][TB_START], bb[3][TB_START]);
    out[TB_TAIL] = join4(bb[0][TB_TAIL], bb[1][TB_TAIL], bb[2][TB_TAIL], bb[3][TB_TAIL]);
    out[TB_PAREN] = join4(bb[0][TB_PAREN], bb[1][TB_PAREN], bb[2][TB_PAREN], bb[3][TB_PAREN]);
    out[TB_CAND] = join4(bb[0][TB_CAND], bb[1][TB_CAND], bb[2][TB_CAND], bb[3][TB_CAND]);
    out[TB_CAP] = join4(bb[0][TB_CAP], bb[1][TB_CAP], bb[2][TB_CAP], bb[3][TB_CAP]);
}

/* The index of the highest set bit of w (not 0). */
static unsigned
highest_bit(uint64_t w)
{
#if defined(__GNUC__)
    return 63u - (unsigned)__builtin_clzll(w);
#else
    unsigned b = 63;

    while (!(w >> b & 1))
        b--;
    return b;
#endif
}

/* The texts' bytes (classify_texts()); then, in one pass over the tokens,
 * WINDOW at a time from the last, their bits for the passes over a
 * sentence (token_bits(), in c->starts, tails, parens and cand), and the
 * mentions' chains of the capitalised tokens by their text (built
 * backwards, so that they come out in order; head[] of a text whose tokens
 * are not capitalised is never read, nor next[] of a token that is not
 * capitalised). */
static void
classify_tokens(ctx *c)
{
    const uint32_t *tc = c->doc->text_cls;
    uint32_t *head = c->mt->head, *next = c->mt->next;
    size_t n = c->doc->num_tokens, i0;

    classify_texts(c);
    for (i0 = n ? (n - 1) / WINDOW * WINDOW : 0; n; i0 -= WINDOW) {
        uint64_t bits[TB_N], cp;
        size_t w = i0 / WINDOW;

        window_bits(c, i0, n, bits);
        c->starts[w] = bits[TB_START];
        c->tails[w] = bits[TB_TAIL];
        c->parens[w] = bits[TB_PAREN];
        c->cand[w] = bits[TB_CAND];
        c->any[w] = bits[TB_START] | bits[TB_TAIL] | bits[TB_PAREN];
        for (cp = bits[TB_CAP]; cp;) {
            unsigned h = highest_bit(cp);
            size_t k = i0 + h, t = tc[k];
            next[k] = head[t];
            head[t] = (uint32_t)(k + 1);
            cp ^= (uint64_t)1 << h;
        }
        if (i0 == 0)
            break;
    }
}

/* The first token from i on, before `end`, whose bit is set in bits[]
 * (WINDOW bits a word); `end` when there is none. */
static inline size_t
next_bit(const uint64_t *bits, size_t i, size_t end)
{
    size_t w = i / WINDOW;
    uint64_t word;

    if (i >= end)
        return end;
    for (word = bits[w] & (~(uint64_t)0 << (i % WINDOW)); !word; word = bits[w]) {
        if (++w * WINDOW >= end)
            return end;
    }
    i = w * WINDOW + lowest_bit(word);
    return i < end ? i : end;
}

/* The first token from s0 on whose bit is set in bits[] (the document's
 * end when none), by the cursor *at: the first one from an earlier s0
 * (or 0) on. The passes take the sentences in order, so that the cursor
 * moves only where s0 passed it: a bitmap of few bits (tails, parens) is
 * read once per document, not once per sentence. */
static inline size_t
next_from(const ctx *c, const uint64_t *bits, size_t *at, size_t s0)
{
    if (*at < s0)
        *at = next_bit(bits, s0, c->doc->num_tokens);
    return *at;
}

/* The rule word at token i (not reaching `end`): its label (W_TITLE,
 * W_HEAD, ...) and length, or -1 when there is none; its entry in *e. When a
 * surface is several, the first of word_labels wins; `want` asks for one
 * label only (W_ANY: any). */
static int
word_lookup(const ctx *c, size_t i, size_t end, size_t *len, kj_lexentry *e,
            int want)
{
    const wordinfo *w = info_at(c, i);
    int o;

    if (!w->any)
        return -1;
    o = want < 0 ? w->any - 1 : want;
    if (w->len[o] == 0 || i + w->len[o] > end)
        return -1;   /* none, or the word runs past where the caller looks */
    *len = w->len[o];
    if (e && kj_lex_entry(c->rx, w->entry[o], e) != 0)
        return -1;
    return o;
}

static inline int
word_at(const ctx *c, size_t i, size_t end, size_t *len, kj_lexentry *e,
        int want)
{
    unsigned b;

    if (i >= end)
        return -1;
    b = c->twk[c->doc->text_cls[i]];
    if ((b & WK_STATES) == WK_NEVER)
        return -1;   /* the common case, kept inline */
    if ((b & WK_STATE) == WK_NONE && !(c->own[i / 64] >> (i % 64) & 1))
        return -1;   /* a text like "yang" with no rule word going on */
    return word_lookup(c, i, end, len, e, want);
}

/* Is there a rule word of `label` at token i (its length in *len)? */
static int
has_word(const ctx *c, size_t i, size_t end, size_t *len, int label)
{
    return word_at(c, i, end, len, NULL, label) >= 0;
}

static int
is_word(const ctx *c, size_t i, size_t end, int label)
{
    size_t len;

    return word_at(c, i, end, &len, NULL, label) >= 0 && len == 1;
}

static int
tok_is(const kj_doc *doc, size_t k, const char *s)
{
    size_t n = doc->tokens[k].end - doc->tokens[k].start;
    return n == strlen(s) && memcmp(doc->text.data + doc->tokens[k].start, s, n) == 0;
}

/* Token k is punctuation `flag` (KJ_TF_COMMA, ...), from the flags
 * kj_doc_make_keys() computed. */
static int
tok_flag(const kj_doc *doc, size_t k, unsigned flag)
{
    return k < doc->num_keys ? (doc->tok_flags[k] & flag) != 0
                             : tok_is(doc, k, flag == KJ_TF_COMMA ? ","
                                              : flag == KJ_TF_LPAREN ? "(" : ")");
}


/* ---- the span set ------------------------------------------------------ */

static int
push_span(ctx *c, const span *s)
{
    if (kj_grow((void **)&c->ws->sp, &c->ws->cap_sp, c->nsp + 1,
                sizeof *c->sp) != KJ_OK)
        return KJ_ENOMEM;
    c->sp = c->ws->sp;
    c->sp[c->nsp++] = *s;
    return KJ_OK;
}

/* cover[] over n tokens in *ws, -1 everywhere: what is new is set here,
 * what a document set is reset by clear_cover(). */
static int
grow_cover(kj_rules_ws *ws, size_t n)
{
    size_t old = ws->cap_cover, k;

    if (kj_grow((void **)&ws->cover, &ws->cap_cover, n ? n : 1,
                sizeof *ws->cover) != KJ_OK)
        return KJ_ENOMEM;
    for (k = old; k < ws->cap_cover; k++)
        ws->cover[k] = -1;
    return KJ_OK;
}

/* Reset the cover[] entries of every span (dead or alive) to -1: all the
 * entries the document set, fewer than its tokens. */
static void
clear_cover(ctx *c)
{
    size_t i, k;

    for (i = 0; i < c->nsp; i++)
        for (k = c->sp[i].first; k < c->sp[i].last; k++)
            c->cover[k] = -1;
}

/* A live span in the order entities are written: its first token and its
 * index in the span set (16 bytes, where a span is 88: sorted, not moved). */
typedef struct order {
    size_t first, idx;
} order;

/* The end of the ascending run (by first token) from i. */
static size_t
run_end(const order *o, size_t i, size_t n)
{
    for (i++; i < n && o[i - 1].first < o[i].first; i++)
        ;
    return i;
}

/* Merge the ascending runs a[0..na) and b[0..nb) into out, a first on
 * ties (stable). */
static void
merge_runs(const order *a, size_t na, const order *b, size_t nb, order *out)
{
    while (na && nb)
        if (b->first < a->first) {
            *out++ = *b++;
            nb--;
        } else {
            *out++ = *a++;
            na--;
        }
    memcpy(out, a, na * sizeof *a);
    memcpy(out + na, b, nb * sizeof *b);
}

/* The live spans of c->sp in order of their first token, stably (as
 * glibc's qsort did; live spans do not overlap, so their first tokens
 * differ anyway), in *out (*n of them). They come as a few ascending runs
 * (the lexicon's, then the rules' in document order), so runs are merged
 * pairwise until one is left: linear for sorted input. */
static int
order_spans(ctx *c, const order **out, size_t *n)
{
    order *src, *dst, *t;
    size_t i, m = 0, runs;

    if (kj_grow((void **)&c->ws->order, &c->ws->cap_order, 2 * c->nsp + 2,
                sizeof *src) != KJ_OK)
        return KJ_ENOMEM;
    src = c->ws->order;
    for (i = 0; i < c->nsp; i++) {
        src[m].first = c->sp[i].first;
        src[m].idx = i;
        m += !c->sp[i].dead;
    }
    dst = src + c->nsp + 1;
    while (m > 1 && run_end(src, 0, m) < m) {
        for (i = runs = 0; i < m; runs++) {
            size_t mid = run_end(src, i, m), e = mid < m ? run_end(src, mid, m) : m;
            merge_runs(src + i, mid - i, src + mid, e - mid, dst + i);
            i = e;
        }
        t = src;
        src = dst;
        dst = t;
    }
    *out = src;
    *n = m;
    return KJ_OK;
}

#define WORD_BITS 64

/* Mark in firsts[] that span s starts a live span (on) or no longer does;
 * an empty span has no bit (write_entities() then leaves it to
 * order_spans()). */
static void
set_first(ctx *c, const span *s, int on)
{
    uint64_t bit = (uint64_t)1 << (s->first % WORD_BITS);

    if (s->first >= s->last)
        return;
    if (on)
        c->firsts[s->first / WORD_BITS] |= bit;
    else
        c->firsts[s->first / WORD_BITS] &= ~bit;
}

/* Append s[0..n) to the string b of length len in a buffer of cap bytes,
 * cut to fit with its NUL; returns the new length. */
static size_t
put_cut(char *b, size_t len, size_t cap, const char *s, size_t n)
{
    if (len + 1 >= cap)
        return len;
    if (n > cap - 1 - len)
        n = cap - 1 - len;
    memcpy(b + len, s, n);
    b[len + n] = '\0';
    return len + n;
}

/* Describe a span for `beat` in buf[0..512): "[TEXT] LABEL SOURCE", cut
 * to 511 bytes; returns its length. */
static size_t
describe(const kj_doc *doc, const span *s, char buf[512])
{
    size_t n = 0, start = doc->tokens[s->first].start;
    const char *src = s->source ? s->source : "";

    buf[0] = '\0';
    n = put_cut(buf, n, 512, "[", 1);
    n = put_cut(buf, n, 512, doc->text.data + start,
                doc->tokens[s->last - 1].end - start);
    n = put_cut(buf, n, 512, "] ", 2);
    n = put_cut(buf, n, 512, s->label, strlen(s->label));
    n = put_cut(buf, n, 512, " ", 1);
    return put_cut(buf, n, 512, src, strlen(src));
}

/* Mark dead the spans over s's tokens, which s replaces, and return what
 * they were for s's `beat` (NULL: none). */
static const char *
replace_spans(ctx *c, const span *s)
{
    size_t k, bl = 0;
    char beat[1024];

    beat[0] = '\0';
    for (k = s->first; k < s->last; k++) {
        span *o;
        char d[512];
        size_t dl;
        if (c->cover[k] < 0 || (k > s->first && c->cover[k] == c->cover[k - 1]))
            continue;
        o = &c->sp[c->cover[k]];
        o->dead = 1;
        c->ndead++;
        set_first(c, o, 0);
        dl = describe(c->doc, o, d);
        if (bl < sizeof beat - 2) {
            if (bl)
                bl = put_cut(beat, bl, sizeof beat, "; ", 2);
            bl = put_cut(beat, bl, sizeof beat, d, dl);
        }
    }
    return bl ? kj_doc_strdup(c->doc, beat) : NULL;
}

/* Offer a rule span: applied when the precedence allows. Only the spans
 * over its tokens are looked at (through cover), so an offer costs the
 * span's length. */
static int
offer(ctx *c, span *s)
{
    size_t k;
    int contains_only = 1, overlap = 0, id;

    for (k = s->first; k < s->last; k++) {
        const span *o;
        if (c->cover[k] < 0 || (k > s->first && c->cover[k] == c->cover[k - 1]))
            continue;
        o = &c->sp[c->cover[k]];
        overlap = 1;
        if (o->first >= s->first && o->last <= s->last) {
            /* wholly inside s */
            if (o->first == s->first && o->last == s->last)
                return KJ_OK;            /* the same tokens: keep what is there */
            if (o->rule == 0 && s->rule != 1)
                contains_only = 0;       /* only title/head rules replace lexicon */
            if (o->rule != 0 && o->last - o->first >= s->last - s->first)
                contains_only = 0;
        } else
            contains_only = 0;           /* partial overlap: s loses */
    }
    if (overlap && !contains_only)
        return KJ_OK;
    s->beat = overlap ? replace_spans(c, s) : NULL;
    id = (int)c->nsp;
    if (push_span(c, s) != KJ_OK)
        return KJ_ENOMEM;
    for (k = s->first; k < s->last; k++)
        c->cover[k] = id;
    set_first(c, s, 1);
    return KJ_OK;
}

static int
make_span(ctx *c, size_t first, size_t last, const char *label,
          const char *source, const char *id, const char *kind, int rule)
{
    span s;

    memset(&s, 0, sizeof s);
    s.first = (uint32_t)first;
    s.last = (uint32_t)last;
    s.label = label;
    s.source = source;
    s.id = id;
    s.kind = kind;
    s.rule = (unsigned char)rule;
    return offer(c, &s);
}

/* ---- title rule --------------------------------------------------------- */

/* Past a parenthesised single token "( X )" at j, if there is one. */
static size_t
skip_paren(const kj_doc *doc, size_t j, size_t end)
{
    if (j + 2 < end && tok_flag(doc, j, KJ_TF_LPAREN) &&
        tok_flag(doc, j + 2, KJ_TF_RPAREN))
        return j + 3;
    return j;
}

/* The name after a title: capitalised tokens (particles inside), at most
 * MAX_NAME; stops at titles, other entities, punctuation, lower case. */
static size_t
name_after(const ctx *c, size_t j, size_t end)
{
    size_t k = j, last = j;

    while (k < end && k - j < MAX_NAME) {
        size_t len;
        if (c->cover[k] >= 0)
            break;
        if (kj_token_capitalised(c->doc, k)) {
            /* a title, a blocked phrase or a head word ("PT", "Badan")
             * is not part of a person's name */
            if (has_word(c, k, end, &len, W_TITLE) ||
                has_word(c, k, end, &len, W_BLOCK) ||
                has_word(c, k, end, &len, W_HEAD))
                break;
            last = ++k;
            continue;
        }
        /* a particle inside the name: "bin", "van der" */
        if (k > j && has_word(c, k, end, &len, W_PARTICLE) && k + len < end &&
            kj_token_capitalised(c->doc, k + len)) {
            k += len;
            continue;
        }
        break;
    }
    return last;
}

static int head_rule(ctx *c, size_t i, size_t hlen, size_t end);

/* A title of a person, not an office: a degree or a form of address. */
static int
personal_title_at(const ctx *c, size_t k, size_t end, size_t *len)
{
    kj_lexentry e;
    char kind[32];

    return (word_at(c, k, end, len, &e, W_TITLE) >= 0) &&
           kj_lex_attr(e.attrs, "kind", kind, sizeof kind) &&
           strcmp(kind, "office") != 0;
}

/* At n (after "TITLE X"): ", [personal titles] NAME" closed by a comma or
 * the end of the sentence. Returns NAME's first token and sets *name_end,
 * or returns 0. An office title after the comma ("Presiden Joko Widodo,
 * Menteri ...") is a list of people, not this. */
static size_t
apposed_name(const ctx *c, size_t n, size_t end, size_t *name_end)
{
    size_t k, len, m;

    if (n + 1 >= end || !tok_flag(c->doc, n, KJ_TF_COMMA))
        return 0;
    for (k = n + 1; k < end && personal_title_at(c, k, end, &len);)
        k += len;
    if (k >= end || c->cover[k] >= 0 || (m = name_after(c, k, end)) == k)
        return 0;
    if (m < end && !tok_flag(c->doc, m, KJ_TF_COMMA))
        return 0;
    *name_end = m;
    return k;
}

static int
title_rule(ctx *c, size_t i, size_t tlen, size_t end)
{
    size_t j = skip_paren(c->doc, i + tlen, end), len, n, k, m;
    int rc;

    if (has_word(c, j, end, &len, W_PORTFOLIO))
        j = skip_paren(c->doc, j + len, end);
    /* an organisation the head rules name: "Kepala [Badan X] NAME" */
    if (j < end && c->cover[j] < 0 && word_at(c, j, end, &len, NULL, W_HEAD) >= 0 &&
        (rc = head_rule(c, j, len, end)) != KJ_OK)
        return rc;
    /* a jurisdiction: entities that are not people ("Jawa Barat", "DPR") */
    while (j < end && c->cover[j] >= 0 && c->sp[c->cover[j]].first == j &&
           !is_per(c->sp[c->cover[j]].label))
        j = skip_paren(c->doc, c->sp[c->cover[j]].last, end);
    if (j >= end || c->cover[j] >= 0)
        return KJ_OK;      /* nothing, or a person the lexicons know */
    n = name_after(c, j, end);
    if (n == j)
        return KJ_OK;
    /* "Ketua Panja, Ir. Darmawan Prasetyo,": what follows the title is
     * what it is of, and the name comes after the comma */
    if ((k = apposed_name(c, n, end, &m)) > 0)
        return make_span(c, k, m, "PER", "rule:title", NULL, NULL, 1);
    rc = make_span(c, j, n, "PER", "rule:title", NULL, NULL, 1);
    return rc;
}

/* "kata Budi": a speech verb, then a capitalised name. */
static int
trigger_before(ctx *c, size_t i, size_t len, size_t end)
{
    size_t j = i + len, n;

    if (j >= end || c->cover[j] >= 0)
        return KJ_OK;
    n = name_after(c, j, end);
    return n > j ? make_span(c, j, n, "PER", "rule:trigger", NULL, NULL, 1) : KJ_OK;
}

/* "Budi Santoso, Direktur Utama ..." and "Budi selaku Ketua ...": a
 * capitalised run, then a comma (two words or more) or "selaku"/"sebagai",
 * then a title. k is the comma or trigger. */
static int
apposition_rule(ctx *c, size_t k, size_t klen, size_t s0, size_t end, int comma)
{
    size_t a = k, len;

    while (a > s0 && c->cover[a - 1] < 0 && kj_token_capitalised(c->doc, a - 1) &&
           !has_word(c, a - 1, k, &len, W_TITLE) &&
           !has_word(c, a - 1, k, &len, W_HEAD) && k - a < MAX_NAME)
        a--;
    if (a == k || (comma && k - a < 2) || (k - a == 1 && a == s0))
        return KJ_OK;
    return make_span(c, a, k, "PER", "rule:apposition", NULL, NULL, 1);
}

/* apposition_rule() where a title follows k (the comma or trigger of klen
 * tokens); most commas have none, told here without a call. */
static inline int
apposition(ctx *c, size_t k, size_t klen, size_t s0, size_t end, int comma)
{
    size_t len;

    if (k + klen >= end || !has_word(c, k + klen, end, &len, W_TITLE))
        return KJ_OK;
    return apposition_rule(c, k, klen, s0, end, comma);
}

/* ---- head rules --------------------------------------------------------- */

/* The capitalised continuation from j: capitalised tokens, and LINK words
 * between two of them (commas only for organisations). Returns its end. */
static size_t
continuation(const ctx *c, size_t j, size_t end, int org)
{
    size_t k = j, last = j, len;

    while (k < end && k - j < MAX_CONT) {
        if (kj_token_capitalised(c->doc, k)) {
            /* a known person, a title or another head ends the name */
            if (c->cover[k] >= 0 && is_per(c->sp[c->cover[k]].label))
                break;
            if (has_word(c, k, end, &len, W_TITLE) ||
                (k > j && has_word(c, k, end, &len, W_HEAD) &&
                 !(c->cover[k] >= 0 && c->sp[c->cover[k]].first < k)))
                break;
            if (c->cover[k] >= 0) {
                /* a whole entity inside ends the name: "Bank [Jawa Barat]",
                 * not "Bank Jawa Barat Budi Santoso" */
                last = c->sp[c->cover[k]].last;
                break;
            }
            last = ++k;
            continue;
        }
        /* LINK words inside names of organisations and programmes only:
         * "Kelautan dan Perikanan"; places do not join ("Jawa Barat dan
         * Banten" are two) */
        if (org && k > j && has_word(c, k, end, &len, W_LINK) && k + len < end &&
            (kj_token_capitalised(c->doc, k + len) ||
             (tok_flag(c->doc, k, KJ_TF_COMMA) && k + len + 1 < end &&
              is_word(c, k + len, end, W_LINK) &&
              kj_token_capitalised(c->doc, k + len + 1)))) {
            k += len;
            continue;
        }
        break;
    }
    return last;
}

static const char *
head_label(const char *type)
{
    return strcmp(type, "place") == 0 ? "LOC" : strcmp(type, "prog") == 0 ? "PROG" : "ORG";
}

/* Parse the attributes of entry k that the rules read into *h. */
static void
parse_attrs(const ctx *c, uint32_t k, entryattr *h)
{
    kj_lexentry e;
    char pos[8], headpos[8];

    memset(h, 0, sizeof *h);
    h->known = 1;
    if (kj_lex_entry(c->rx, k, &e) != 0)
        return;   /* no type: no rule */
    h->has_type = kj_lex_attr(e.attrs, "type", h->type, sizeof h->type) != 0;
    h->has_pos = kj_lex_attr(e.attrs, "pos", pos, sizeof pos) != 0;
    h->has_tail = kj_lex_attr(e.attrs, "tail", h->tail, sizeof h->tail) != 0;
    h->out = kj_lex_attr(e.attrs, "head", headpos, sizeof headpos) &&
             strcmp(headpos, "out") == 0;
    h->org = strcmp(h->type, "org") == 0;
    h->place = strcmp(h->type, "place") == 0;
    h->before = strcmp(h->type, "before") == 0;
    h->label = head_label(h->type);
}

/* parse_attrs() of entry k, kept in the working memory while the rules
 * lexicon is the same (the first KJ_ELAB_MAX entries; the others into
 * *tmp each time): parsed once per entry, and found inline after. */
static inline const entryattr *
entry_attrs(const ctx *c, uint32_t k, entryattr *tmp)
{
    kj_rules_ws *ws = c->ws;
    size_t old = ws->cap_ha;
    entryattr *h = tmp;

    if (k < KJ_ELAB_MAX &&
        kj_grow((void **)&ws->ha, &ws->cap_ha, (size_t)k + 1, sizeof *ws->ha) == KJ_OK) {
        if (ws->cap_ha > old)
            memset(ws->ha + old, 0, (ws->cap_ha - old) * sizeof *ws->ha);
        h = &ws->ha[k];
        if (h->known)
            return h;
    }
    parse_attrs(c, k, h);
    return h;
}

/* The head rule at token i, a HEAD word of hlen tokens. */
static int
head_rule(ctx *c, size_t i, size_t hlen, size_t end)
{
    entryattr tmp;
    const entryattr *h = entry_attrs(c, info_at(c, i)->entry[W_HEAD], &tmp);
    char tail[sizeof h->tail];
    size_t j = i + hlen, n, len;

    if (!h->has_type || h->has_pos || j >= end)
        return KJ_OK;      /* no type, or a tail word (see tail_rule) */
    /* Kementerian + PORTFOLIO: the portfolio is the whole name */
    if (h->org && has_word(c, j, end, &len, W_PORTFOLIO) &&
        kj_token_capitalised(c->doc, j))
        n = j + len;
    else
        n = continuation(c, j, end, !h->place);
    if (n == j)
        return KJ_OK;      /* "kartu merah": a head needs a capitalised name */
    memcpy(tail, h->tail, sizeof tail);
    if (h->has_tail && n < end &&
        (tok_is(c->doc, n, tail) ||
         (strlen(tail) < sizeof tail - 1 && tok_is(c->doc, n, strcat(tail, ".")))))
        n++;
    return make_span(c, h->out ? j : i, n, h->label, "rule:head", NULL,
                     NULL, 1);
}

/* "... Initiative": a capitalised run closed by a tail word. */
static int
tail_rule(ctx *c, size_t t, size_t tlen, size_t start, const kj_lexentry *e)
{
    char type[16], pos[8];
    size_t k = t;

    if (!kj_lex_attr(e->attrs, "pos", pos, sizeof pos) || strcmp(pos, "tail") != 0 ||
        !kj_lex_attr(e->attrs, "type", type, sizeof type) ||
        !kj_token_capitalised(c->doc, t))
        return KJ_OK;
    while (k > start) {
        size_t len, l = k;
        if (kj_token_capitalised(c->doc, k - 1) &&
            !has_word(c, k - 1, t, &len, W_TITLE)) {
            k--;
            continue;
        }
        /* LINK words ("for the", "dan") between capitalised words */
        while (l > start && has_word(c, l - 1, t, &len, W_LINK) && len == 1 &&
               !tok_flag(c->doc, l - 1, KJ_TF_COMMA))
            l--;
        if (l < k && l > start && kj_token_capitalised(c->doc, l - 1)) {
            k = l;
            continue;
        }
        break;
    }
    if (k == t || t - k > MAX_CONT)
        return KJ_OK;
    return make_span(c, k, t + tlen, head_label(type), "rule:head", NULL, NULL, 1);
}

/* ---- acronyms ----------------------------------------------------------- */

/* Lower-cased ASCII letters of token k into out; 0 if it holds others. */
static size_t
letters(const kj_doc *doc, size_t k, char *out, size_t cap)
{
    size_t n = 0, i;
    const char *t = doc->text.data + doc->tokens[k].start;
    size_t len = doc->tokens[k].end - doc->tokens[k].start;

    for (i = 0; i < len && n + 1 < cap; i++) {
        char ch = t[i];
        if (ch >= 'A' && ch <= 'Z')
            out[n++] = (char)(ch + 32);
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out[n++] = ch;
        else if (ch != '-' && ch != '.' && ch != '&')
            return 0;
    }
    out[n] = '\0';
    return n;
}

/* Can acronym a be made of prefixes of the words w[0..n) in order, the
 * first word giving its first letters, other words free to be skipped? */
static int
fits(const char *a, char words[][64], size_t n, size_t w, int started)
{
    size_t p;

    if (*a == '\0')
        return started;
    if (w == n)
        return 0;
    for (p = 1; p <= strlen(words[w]) && words[w][p - 1] == a[p - 1]; p++)
        if (fits(a + p, words, n, w + 1, 1))
            return 1;
    if (!started)
        return 0;        /* the first word must give the first letter */
    return fits(a, words, n, w + 1, 1);
}

/* Is token k acronym-like: two or more letters, a capital first, and a
 * second capital (KKP, AJIF) or a syllable acronym (Menperin)? */
static int
acronym_like(const kj_doc *doc, size_t k)
{
    const char *t = doc->text.data + doc->tokens[k].start;
    size_t len = doc->tokens[k].end - doc->tokens[k].start, i, caps = 0;

    if (len < 2 || len > 16 || !(t[0] >= 'A' && t[0] <= 'Z'))
        return 0;
    for (i = 0; i < len; i++) {
        if (t[i] >= 'A' && t[i] <= 'Z')
            caps++;
        else if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9') ||
                   t[i] == '-'))
            return 0;
    }
    return caps >= 2 || len >= 4;
}

#define MAX_WORDS 16   /* words of a long form */

/* The long form ending before token `end_tok` that acronym token sf fits:
 * its first token, or (size_t)-1. Content words of the long form are
 * capitalised; LINK words may sit between. */
static size_t
long_form(const ctx *c, size_t sf, size_t lo, size_t end_tok)
{
    char a[64], words[MAX_WORDS][64];
    size_t start, best = (size_t)-1, n = 0;
    int bad = 0;

    if (letters(c->doc, sf, a, sizeof a) < 2)
        return best;
    for (start = end_tok; start > lo && end_tok - start < 12;) {
        size_t len;
        start--;
        if (!kj_token_capitalised(c->doc, start) &&
            !(has_word(c, start, end_tok, &len, W_LINK) &&
              !tok_flag(c->doc, start, KJ_TF_COMMA)))
            break;
        if (!kj_token_capitalised(c->doc, start))
            continue;
        /* the long form's words from start on: those from start + 1 on
         * are there already, right-aligned (each token's letters once);
         * a word of other characters, or too many words, fails this start
         * and every one before it */
        if (bad || n == MAX_WORDS ||
            letters(c->doc, start, words[MAX_WORDS - 1 - n], sizeof words[0]) == 0) {
            bad = 1;
            continue;
        }
        n++;
        if (n >= 2 && fits(a, words + MAX_WORDS - n, n, 0, 0))
            best = start;
    }
    return best;
}

/* Is tokens [a, b) a title (with its portfolio)? */
static int
is_title_phrase(const ctx *c, size_t a, size_t b)
{
    size_t len, j;

    if (!has_word(c, a, b, &len, W_TITLE))
        return 0;
    j = a + len;
    if (j < b && has_word(c, j, b, &len, W_PORTFOLIO))
        j += len;
    return j == b;
}

/* Tag every mention of token key `key` (case as in the text: capitalised
 * like the short form) not already in an entity. */
static size_t first_of(const mentions *m, const kj_doc *doc, size_t t);

static int
tag_mentions(ctx *c, size_t sf, const char *label, const char *id,
             const char *kind)
{
    size_t k, n = c->doc->num_tokens, m;
    size_t sl = c->doc->tokens[sf].end - c->doc->tokens[sf].start;
    const char *st = c->doc->text.data + c->doc->tokens[sf].start;
    int rc;

    if (kj_token_capitalised(c->doc, sf)) {
        /* the mentions index holds every capitalised token by its text */
        for (m = first_of(c->mt, c->doc, sf); m; m = c->mt->next[m - 1])
            if (c->cover[m - 1] < 0 &&
                (rc = make_span(c, m - 1, m, label, "rule:acronym", id, kind, 2)) != KJ_OK)
                return rc;
        return KJ_OK;
    }
    for (k = 0; k < n; k++) {
        size_t l = c->doc->tokens[k].end - c->doc->tokens[k].start;
        if (c->cover[k] >= 0 || l != sl ||
            memcmp(c->doc->text.data + c->doc->tokens[k].start, st, l) != 0)
            continue;
        if ((rc = make_span(c, k, k + 1, label, "rule:acronym", id, kind, 2)) != KJ_OK)
            return rc;
    }
    return KJ_OK;
}

static int
acronym_rule(ctx *c, size_t s0, size_t end)
{
    size_t k;
    int rc;

    /* only the "(" of the sentence can be k (end > 2) */
    for (k = next_bit(c->parens, s0, end - 2); k < end - 2;
         k = next_bit(c->parens, k + 1, end - 2)) {
        size_t sf, lf, lf_end;
        const span *known = NULL;
        if (k < s0 + 1 || !tok_flag(c->doc, k, KJ_TF_LPAREN) ||
            !tok_flag(c->doc, k + 2, KJ_TF_RPAREN))
            continue;
        if (acronym_like(c->doc, k + 1)) {
            /* Long Form (SF) */
            sf = k + 1;
            lf_end = k;
            lf = (lf_end > s0 && c->cover[lf_end - 1] >= 0 &&
                  c->sp[c->cover[lf_end - 1]].last == lf_end)
                     ? c->sp[c->cover[lf_end - 1]].first
                     : long_form(c, sf, s0, lf_end);
            if (lf == (size_t)-1)
                continue;
            if (is_title_phrase(c, lf, lf_end))
                continue;   /* "Menteri Perindustrian (Menperin)": a title */
            if (c->cover[lf] >= 0 && c->sp[c->cover[lf]].first == lf &&
                c->sp[c->cover[lf]].last == lf_end)
                known = &c->sp[c->cover[lf]];
            if (known && c->cover[sf] < 0) {
                span copy = *known;
                if ((rc = tag_mentions(c, sf, copy.label, copy.id, copy.kind)) != KJ_OK)
                    return rc;
            } else if (!known && c->cover[sf] >= 0 &&
                       c->sp[c->cover[sf]].first == sf) {
                span copy = c->sp[c->cover[sf]];
                if ((rc = make_span(c, lf, lf_end, copy.label, "rule:acronym",
                                    copy.id, copy.kind, 2)) != KJ_OK)
                    return rc;
            }
        }
    }
    /* SF (Long Form): the long form inside the brackets */
    for (k = end > 3 ? next_bit(c->parens, s0, end - 3) : end; k + 3 < end;
         k = next_bit(c->parens, k + 1, end - 3)) {
        size_t close, lf;
        if (k < s0 + 1 || !tok_flag(c->doc, k, KJ_TF_LPAREN) ||
            !acronym_like(c->doc, k - 1))
            continue;
        for (close = k + 2; close < end && close - k <= 12 && !tok_flag(c->doc, close, KJ_TF_RPAREN);
             close++)
            ;
        if (close >= end || !tok_flag(c->doc, close, KJ_TF_RPAREN) ||
            (lf = long_form(c, k - 1, k, close)) != k + 1 || is_title_phrase(c, lf, close))
            continue;
        if (c->cover[lf] >= 0 && c->sp[c->cover[lf]].first == lf &&
            c->sp[c->cover[lf]].last == close && c->cover[k - 1] < 0) {
            span copy = c->sp[c->cover[lf]];
            if ((rc = tag_mentions(c, k - 1, copy.label, copy.id, copy.kind)) != KJ_OK)
                return rc;
        } else if (c->cover[lf] < 0 && c->cover[k - 1] >= 0 &&
                   c->sp[c->cover[k - 1]].first == k - 1) {
            span copy = c->sp[c->cover[k - 1]];
            if ((rc = make_span(c, lf, close, copy.label, "rule:acronym", copy.id,
                                copy.kind, 2)) != KJ_OK)
                return rc;
        }
    }
    return KJ_OK;
}

/* ---- document consistency ------------------------------------------------ */

/* Have tokens j and k the same text, both in the inert class (whose
 * texts it does not tell apart: doc.h)? */
static int
same_inert(const kj_doc *doc, size_t j, size_t k)
{
    const kj_token *a = &doc->tokens[j], *b = &doc->tokens[k];

    return a->end - a->start == b->end - b->start &&
           memcmp(doc->text.data + a->start, doc->text.data + b->start,
                  a->end - a->start) == 0;
}

/* Have tokens [a, a + n) the texts of tokens [b, b + n)? Tokens of one
 * text have one text class (kj_doc_make_keys()): their texts are not
 * compared, but for the inert class's. */
static int
same_tokens(const kj_doc *doc, size_t a, size_t b, size_t n)
{
    const uint32_t *tc = doc->text_cls;
    size_t i;

    for (i = 0; i < n; i++)
        if (tc[a + i] != tc[b + i] ||
            (kj_doc_inert(doc, a + i) && !same_inert(doc, a + i, b + i)))
            return 0;
    return 1;
}

/* Is token k inside sentence bounds with k..k+n? */
static int
one_sentence(const kj_doc *doc, size_t k, size_t n)
{
    size_t lo = 0, hi = doc->num_sentences;

    /* sentences are in order: the last one starting at or before k */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->sentences[mid].first <= k)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || k >= doc->sentences[lo - 1].end)
        return 0;
    return k + n <= doc->sentences[lo - 1].end;
}

/* words[], the bits of the passes (ws->bits[]), own[] and firsts[] (the
 * last two cleared) for n tokens; tcw[] and twk[] for nt texts. */
static int
grow_words(kj_rules_ws *ws, size_t n, size_t nt)
{
    int k;

    for (k = 0; k < NBITS; k++)
        if (kj_grow((void **)&ws->bits[k], &ws->cap_bits[k], n / WINDOW + 1,
                    sizeof *ws->bits[k]) != KJ_OK)
            return KJ_ENOMEM;
    if (kj_grow((void **)&ws->words, &ws->cap_words, n ? n : 1,
                sizeof *ws->words) != KJ_OK ||
        kj_grow((void **)&ws->tcw, &ws->cap_tcw, nt ? nt : 1,
                sizeof *ws->tcw) != KJ_OK ||
        kj_grow((void **)&ws->twk, &ws->cap_twk, nt ? nt : 1, 1) != KJ_OK ||
        kj_grow((void **)&ws->own, &ws->cap_own, n / 64 + 1,
                sizeof *ws->own) != KJ_OK ||
        kj_grow((void **)&ws->firsts, &ws->cap_firsts, n / WORD_BITS + 1,
                sizeof *ws->firsts) != KJ_OK)
        return KJ_ENOMEM;
    memset(ws->own, 0, (n / 64 + 1) * sizeof *ws->own);
    memset(ws->firsts, 0, (n / WORD_BITS + 1) * sizeof *ws->firsts);
    return KJ_OK;
}

/* The mentions' arrays in *ws for the document, in *m (filled by
 * classify_tokens()). */
static int
mentions_grow(mentions *m, const kj_doc *doc, kj_rules_ws *ws)
{
    size_t n = doc->num_tokens, nt = doc->num_text_cls ? doc->num_text_cls : 1;

    if (kj_grow((void **)&ws->head, &ws->cap_head, nt, sizeof *ws->head) != KJ_OK ||
        kj_grow((void **)&ws->next, &ws->cap_next, n ? n : 1, sizeof *ws->next) != KJ_OK)
        return KJ_ENOMEM;
    m->head = ws->head;
    m->next = ws->next;
    return KJ_OK;
}

/* The first mention of token t's text (+1), 0 when none. */
static size_t
first_of(const mentions *m, const kj_doc *doc, size_t t)
{
    return kj_token_capitalised(doc, t) ? m->head[doc->text_cls[t]] : 0;
}

/* "di Nagano", "ke Osaka": a place follows these prepositions, not a
 * person, so a part of a name there is not that person. */
static int
after_place_word(const kj_doc *doc, size_t k)
{
    return k > 0 && (tok_is(doc, k - 1, "di") || tok_is(doc, k - 1, "ke"));
}

/* Grow the generation-stamped slots *a to n (new ones hold nothing). */
static int
grow_gen(uint64_t **a, size_t *cap, size_t n)
{
    size_t old = *cap;

    if (kj_grow((void **)a, cap, n, sizeof **a) != KJ_OK)
        return KJ_ENOMEM;
    if (*cap > old)
        memset(*a + old, 0, (*cap - old) * sizeof **a);
    return KJ_OK;
}

/* For consistency(), in ws: from[], per text class, the earliest end of a
 * person whose part that class is (from_get(): SIZE_MAX none); seen[],
 * a hash set of the token sequences whose mentions were walked (span index
 * + 1), and one[], per text class, 1 where it alone was (walked_before()).
 * Walking the same mentions twice adds nothing (what was free is taken,
 * what was refused stays refused), so each is walked once: no quadratic
 * work on documents that repeat names thousands of times. All empty from
 * a new generation on. */
static int
consistency_marks(ctx *c, size_t *seen_mask)
{
    kj_rules_ws *ws = c->ws;
    size_t nt = c->doc->num_text_cls ? c->doc->num_text_cls : 1, size = 16;

    while (size < 2 * c->nsp)
        size *= 2;
    if (grow_gen(&ws->seen, &ws->cap_seen, size) != KJ_OK ||
        grow_gen(&ws->from, &ws->cap_from, nt) != KJ_OK ||
        grow_gen(&ws->one, &ws->cap_one, nt) != KJ_OK)
        return KJ_ENOMEM;
    if (++ws->gen == 0) {   /* wrapped: stamps of old could come back */
        memset(ws->seen, 0, ws->cap_seen * sizeof *ws->seen);
        memset(ws->from, 0, ws->cap_from * sizeof *ws->from);
        memset(ws->one, 0, ws->cap_one * sizeof *ws->one);
        ws->gen = 1;
    }
    *seen_mask = size - 1;
    return KJ_OK;
}

/* A generation-stamped slot of ws's current generation holding v (a token
 * or span number + 1: 32 bits, as text_cls[] is), and the value of one
 * (0 when it is of an older generation). */
static uint64_t
gen_slot(const kj_rules_ws *ws, size_t v)
{
    return (uint64_t)ws->gen << 32 | (uint32_t)v;
}

static size_t
gen_value(const kj_rules_ws *ws, uint64_t slot)
{
    return (uint32_t)(slot >> 32) == ws->gen ? (size_t)(uint32_t)slot : 0;
}

/* Was span e's token sequence walked already? If not, record it: a
 * sequence of one token by a stamp on its text (one[]), most; others in
 * the hash set seen[]. */
static int
walked_before(ctx *c, size_t e, size_t mask)
{
    const span *s = &c->sp[e];
    size_t len = s->last - s->first, h = len, k;

    if (len == 1) {
        uint64_t *one = &c->ws->one[c->doc->text_cls[s->first]];
        if (gen_value(c->ws, *one) != 0)
            return 1;
        *one = gen_slot(c->ws, 1);
        return 0;
    }
    for (k = s->first; k < s->last; k++)
        h = h * 1000003u ^ c->doc->text_cls[k];
    for (h &= mask;; h = (h + 1) & mask) {
        size_t w = gen_value(c->ws, c->ws->seen[h]);
        if (w == 0) {
            c->ws->seen[h] = gen_slot(c->ws, e + 1);
            return 0;
        }
        if (c->sp[w - 1].last - c->sp[w - 1].first == len &&
            same_tokens(c->doc, c->sp[w - 1].first, s->first, len))
            return 1;
    }
}

static int
consistency(ctx *c)
{
    size_t e, n = c->doc->num_tokens, nsp = c->nsp, mask = 0;
    const mentions *mt = c->mt;
    int rc = consistency_marks(c, &mask);
    uint64_t *from = c->ws->from;   /* (grown by consistency_marks()) */

    /* a string labelled once: its other mentions (of the first nsp spans) */
    for (e = 0; e < nsp && rc == KJ_OK; e++) {
        const span *sp = &c->sp[e];
        size_t first = sp->first, len = sp->last - first, m;
        const char *label, *id, *kind;
        if (sp->rule == 2 || sp->dead || !kj_token_capitalised(c->doc, first))
            continue;
        m = first_of(mt, c->doc, first);
        if ((m == first + 1 && mt->next[first] == 0) || walked_before(c, e, mask))
            continue;   /* its text's only mention is its own; or walked */
        /* (copied: new spans may move c->sp) */
        label = sp->label;
        id = sp->id;
        kind = sp->kind;
        for (; m && rc == KJ_OK; m = mt->next[m - 1]) {
            size_t j, at = m - 1;
            int free;
            if (c->cover[at] >= 0)
                continue;   /* most: in an entity already */
            free = at + len <= n;
            for (j = at + 1; free && j < at + len; j++)
                free = c->cover[j] < 0;
            if (!free || !same_tokens(c->doc, at, first, len) ||
                !one_sentence(c->doc, at, len))
                continue;
            rc = make_span(c, at, at + len, label, "rule:consistency", id, kind, 2);
        }
    }
    /* after a person's full name, one of its parts is that person */
    for (e = 0; e < c->nsp && rc == KJ_OK; e++) {
        const span *sp = &c->sp[e];
        size_t p, first = sp->first, last = sp->last;
        const char *id;
        if (sp->dead || !is_per(sp->label) || last - first < 2)
            continue;
        id = sp->id;   /* (copied: new spans may move c->sp) */
        for (p = first; p < last && rc == KJ_OK; p++) {
            size_t len = c->doc->tokens[p].end - c->doc->tokens[p].start, m;
            /* (from[t] holds the end + 1; none: SIZE_MAX) */
            size_t t = c->doc->text_cls[p], stop = gen_value(c->ws, from[t]) - 1;
            if (!kj_token_capitalised(c->doc, p) || len < 3 || last >= stop)
                continue;   /* mentions from `stop` on were offered already */
            from[t] = gen_slot(c->ws, last + 1);
            for (m = first_of(mt, c->doc, p); m && m - 1 < stop && rc == KJ_OK;
                 m = mt->next[m - 1])
                if (m - 1 >= last && c->cover[m - 1] < 0 &&
                    !after_place_word(c->doc, m - 1))
                    rc = make_span(c, m - 1, m, "PER", "rule:consistency", id, NULL, 2);
        }
    }
    return rc;
}

/* ---- fallback ------------------------------------------------------------ */

static int
fallback(ctx *c, size_t s0, size_t end)
{
    size_t k = s0, len;
    int rc;

    while (k < end) {
        size_t j = k;
        while (j < end && c->cover[j] < 0 && kj_token_capitalised(c->doc, j) &&
               !has_word(c, j, end, &len, W_TITLE) &&
               !has_word(c, j, end, &len, W_HEAD) &&
               !has_word(c, j, end, &len, W_PORTFOLIO))
            j++;
        /* a single capital opening the sentence is just the sentence */
        if (j > k && !(k == s0 && j == k + 1) &&
            (rc = make_span(c, k, j, c->fallback, "rule:fallback", NULL, NULL, 2)) != KJ_OK)
            return rc;
        k = j > k ? j : k + 1;
    }
    return KJ_OK;
}

/* ---- driver --------------------------------------------------------------- */

/* Classify the tokens whose words may be their own (c->cand), each
 * within its sentence (so that every later pass finds every token
 * classified), and set their bits in c->starts and c->tails by the words
 * that are their own (what token_bits() set is what their text says; a
 * comma starts as token_bits() has it). */
static void
classify_own(ctx *c)
{
    const kj_doc *doc = c->doc;
    size_t i, s = 0, n = doc->num_tokens;

    for (i = next_bit(c->cand, 0, n); i < n; i = next_bit(c->cand, i + 1, n)) {
        uint64_t bit = (uint64_t)1 << (i % WINDOW);
        size_t w = i / WINDOW;
        unsigned pk, f;
        while (s < doc->num_sentences && doc->sentences[s].end <= i)
            s++;
        /* (a token outside every sentence: no rule looks at it) */
        if (!classify_token(c, i, s < doc->num_sentences && doc->sentences[s].first <= i
                                      ? doc->sentences[s].end : i + 1))
            continue;   /* its text decides after all */
        c->own[w] |= bit;
        f = doc->tok_flags[i];
        if (!comma_may_start(i + 1 < n ? c->twk[doc->text_cls[i + 1]] : 0))
            f &= ~(unsigned)KJ_TF_COMMA;   /* as token_bits() */
        pk = pick_bits(&c->words[i], f);
        c->starts[w] = (c->starts[w] & ~bit) | (pk & P_START ? bit : 0);
        c->tails[w] = (c->tails[w] & ~bit) | (pk & P_TAIL ? bit : 0);
        c->any[w] |= c->starts[w] | c->tails[w];
    }
}

static int
sentence_rules(ctx *c, size_t s0, size_t end)
{
    size_t i, len;
    kj_lexentry e;
    int rc;

    /* nothing starts at the tokens between the starts */
    for (i = next_from(c, c->starts, &c->at_start, s0); i < end;
         i = next_bit(c->starts, i, end)) {
        int w = word_at(c, i, end, &len, NULL, W_ANY);
        if (w == W_BLOCK) {
            i += len;
            continue;
        }
        if (w == W_TITLE && c->cover[i] < 0) {
            if ((rc = title_rule(c, i, len, end)) != KJ_OK)
                return rc;
            i += len;
            continue;
        }
        /* (w is the label whose word word_at() found, of length len) */
        if (w == W_HEAD && (c->cover[i] < 0 || c->sp[c->cover[i]].first == i) &&
            (rc = head_rule(c, i, len, end)) != KJ_OK)
            return rc;
        if (w == W_TRIGGER && c->cover[i] < 0) {
            entryattr tmp;
            const entryattr *a = entry_attrs(c, info_at(c, i)->entry[W_TRIGGER], &tmp);
            if (a->has_type &&
                (rc = a->before
                          ? trigger_before(c, i, len, end)
                          : apposition(c, i, len, s0, end, 0)) != KJ_OK)
                return rc;
        }
        if (tok_flag(c->doc, i, KJ_TF_COMMA) && (rc = apposition(c, i, 1, s0, end, 1)) != KJ_OK)
            return rc;
        i++;
    }
    for (i = next_from(c, c->tails, &c->at_tail, s0); i < end;
         i = next_bit(c->tails, i + 1, end))
        if ((word_at(c, i, end, &len, &e, W_TAIL) >= 0) &&
            (rc = tail_rule(c, i, len, s0, &e)) != KJ_OK)
            return rc;
    return end > 2 && next_from(c, c->parens, &c->at_paren, s0) < end - 2
               ? acronym_rule(c, s0, end) : KJ_OK;
}

/* sentence_rules() for every sentence in order, but for those without a
 * bit in c->starts, c->tails or c->parens (most), where it does nothing:
 * the bits of c->any are followed to the sentences that hold them, not
 * every sentence's bitmaps read. */
static int
rule_passes(ctx *c)
{
    const kj_doc *doc = c->doc;
    const kj_sentence *st = doc->sentences;
    size_t s = 0, ns = doc->num_sentences, n = doc->num_tokens;
    size_t i = next_bit(c->any, 0, n);
    int rc = KJ_OK;

    c->at_start = next_bit(c->starts, 0, n);
    c->at_tail = next_bit(c->tails, 0, n);
    c->at_paren = next_bit(c->parens, 0, n);
    while (i < n && rc == KJ_OK) {
        while (s < ns && st[s].end <= i)
            s++;
        if (s == ns)
            break;
        if (st[s].first > i) {   /* (a token outside every sentence) */
            i = next_bit(c->any, st[s].first, n);
            continue;
        }
        rc = sentence_rules(c, st[s].first, st[s].end);
        i = next_bit(c->any, st[s].end, n);
        s++;
    }
    return rc;
}

/* Bind c to the document, its rules and the workspace (grown for the
 * document), and classify its tokens and texts: what every pass reads. */
static int
ctx_init(ctx *c, mentions *mt, const kj_lexicon *rules,
         const char *fallback_label, kj_doc *doc, kj_rules_ws *ws)
{
    memset(c, 0, sizeof *c);
    c->rx = rules;
    c->doc = doc;
    c->fallback = fallback_label;
    c->ws = ws;
    c->sp = ws->sp;
    c->mt = mt;
    if (grow_cover(ws, doc->num_tokens) != KJ_OK ||
        grow_words(ws, doc->num_tokens, doc->num_text_cls) != KJ_OK ||
        kj_grow((void **)&ws->ids, &ws->cap_ids,
                doc->num_text_cls ? doc->num_text_cls : 1, sizeof *ws->ids) != KJ_OK ||
        kj_grow((void **)&ws->pass, &ws->cap_pass,
                doc->num_text_cls ? doc->num_text_cls : 1, sizeof *ws->pass) != KJ_OK)
        return KJ_ENOMEM;
    c->cover = ws->cover;
    c->firsts = ws->firsts;
    c->words = ws->words;
    c->own = ws->own;
    c->tcw = ws->tcw;
    c->twk = ws->twk;
    c->starts = ws->bits[0];
    c->tails = ws->bits[1];
    c->parens = ws->bits[2];
    c->cand = ws->bits[3];
    c->any = ws->bits[4];
    c->ids = ws->ids;
    c->pass = ws->pass;
    if (ws->tw_lx != rules) {
        tw_clear(ws);
        if (ws->ha)
            memset(ws->ha, 0, ws->cap_ha * sizeof *ws->ha);
        key_filters(ws, rules);
        ws->tw_lx = rules;
    }
    if (mentions_grow(mt, doc, ws) != KJ_OK)
        return KJ_ENOMEM;
    classify_tokens(c);
    classify_own(c);
    return KJ_OK;
}

/* The gazetteer's entities become the first spans, with their cover. */
static int
spans_from_entities(ctx *c)
{
    const kj_doc *doc = c->doc;
    size_t i;

    if (kj_grow((void **)&c->ws->sp, &c->ws->cap_sp, doc->num_entities + 1,
                sizeof *c->ws->sp) != KJ_OK)
        return KJ_ENOMEM;
    c->sp = c->ws->sp;
    for (i = 0; i < doc->num_entities; i++) {
        span *sp = &c->sp[c->nsp++];
        const kj_entity *e = &doc->entities[i];
        size_t k;
        sp->first = (uint32_t)e->first;
        sp->last = (uint32_t)e->last;
        sp->label = e->label;
        sp->source = e->source;
        sp->id = e->id;
        sp->kind = e->kind;
        sp->alts = e->alts;
        sp->num_alts = (uint32_t)e->num_alts;
        sp->rule = 0;
        sp->dead = 0;
        sp->beat = NULL;
        for (k = e->first; k < e->last; k++)
            c->cover[k] = (int)i;
        set_first(c, sp, 1);
    }
    return KJ_OK;
}

/* Entity e of doc from span sp. */
static void
set_entity(const kj_doc *doc, kj_entity *e, const span *sp)
{
    *e = (kj_entity){.first = sp->first,
                     .last = sp->last,
                     .start = doc->tokens[sp->first].start,
                     .end = doc->tokens[sp->last - 1].end,
                     .label = sp->label,
                     .source = sp->source,
                     .id = sp->id,
                     .kind = sp->kind,
                     .alts = sp->alts,
                     .num_alts = sp->num_alts,
                     .beat = sp->beat};
}

/* Write the live spans, in order, as the document's entities, by
 * order_spans(), resetting cover[] as they go (KJ_OK or KJ_ENOMEM). */
static int
write_sorted(ctx *c)
{
    kj_doc *doc = c->doc;
    const order *ord;
    size_t i, nlive;
    int rc;

    if ((rc = order_spans(c, &ord, &nlive)) != KJ_OK)
        return rc;
    doc->num_entities = 0;
    for (i = 0; i < nlive; i++) {
        const span *sp = &c->sp[ord[i].idx];
        kj_entity *e = kj_doc_push_entity(doc, sp->first, sp->last);
        size_t k;
        if (e == NULL)
            return KJ_ENOMEM;
        set_entity(doc, e, sp);
        for (k = sp->first; k < sp->last; k++)
            c->cover[k] = -1;
    }
    return KJ_OK;
}

/* Write the live spans, in order, as the document's entities. They are
 * read from cover[] at the bits of firsts[], kept as spans come and go
 * (live spans cover their own tokens and do not overlap), not sorted;
 * only when a live span has no bit (an empty one) by write_sorted().
 * cover[] is reset as they go: a replaced span lies inside what replaced
 * it, so the live spans hold every token of cover[] that is set. */
static int
write_entities(ctx *c)
{
    kj_doc *doc = c->doc;
    size_t nw = doc->num_tokens / WORD_BITS + 1, w, m = 0, nlive = c->nsp - c->ndead;
    uint64_t bits;

    if (kj_grow((void **)&doc->entities, &doc->cap_entities, nlive ? nlive : 1,
                sizeof *doc->entities) != KJ_OK)
        return KJ_ENOMEM;
    for (w = 0; w < nw; w++)
        for (bits = c->firsts[w]; bits && m < nlive; bits &= bits - 1) {
            const span *sp = &c->sp[c->cover[w * WORD_BITS + lowest_bit(bits)]];
            size_t k;
            set_entity(doc, &doc->entities[m++], sp);
            for (k = sp->first; k < sp->last; k++)
                c->cover[k] = -1;
        }
    doc->num_entities = m;
    return m == nlive ? KJ_OK : write_sorted(c);
}

int
kj_apply_rules(const kj_lexicon *rules, const char *fallback_label, kj_doc *doc,
               kj_rules_ws *ws)
{
    ctx c;
    mentions mt;
    size_t s;
    int rc;

    if (rules == NULL || doc->num_tokens == 0)
        return KJ_OK;
    /* the rules read the keys per text class, which kj_match() needs too */
    if (doc->num_keys < doc->num_tokens && (rc = kj_doc_make_keys(doc)) != KJ_OK)
        return rc;
    if ((rc = ctx_init(&c, &mt, rules, fallback_label, doc, ws)) != KJ_OK ||
        (rc = spans_from_entities(&c)) != KJ_OK)
        return rc;
    rc = rule_passes(&c);
    if (rc == KJ_OK)
        rc = consistency(&c);
    for (s = 0; fallback_label && s < doc->num_sentences && rc == KJ_OK; s++)
        rc = fallback(&c, doc->sentences[s].first, doc->sentences[s].end);
    if (rc == KJ_OK && (rc = write_entities(&c)) == KJ_OK)
        return KJ_OK;
    clear_cover(&c);
    return rc;
}

kj_rules_ws *
kj_rules_ws_new(void)
{
    kj_rules_ws *ws = kj_calloc(1, sizeof(kj_rules_ws));

    if (ws)
        ws->shapes = kj_shape_cache_new();   /* NULL: no cache, as correct */
    return ws;
}

void
kj_rules_ws_forget(kj_rules_ws *ws)
{
    if (ws == NULL)
        return;
    kj_shape_cache_free(ws->shapes);
    ws->shapes = kj_shape_cache_new();
    if (ws->elab)
        memset(ws->elab, 0, ws->cap_elab);
    ws->elab_lx = NULL;
    ws->tw_lx = NULL;   /* the texts kept go with the next document */
}

void
kj_rules_ws_free(kj_rules_ws *ws)
{
    int i;

    if (ws == NULL)
        return;
    kj_free(ws->sp);
    kj_free(ws->order);
    kj_free(ws->firsts);
    kj_free(ws->own);
    kj_free(ws->tw);
    kj_free(ws->ha);
    kj_free(ws->kf);
    kj_free(ws->kbuf);
    kj_free(ws->twtext);
    kj_shape_cache_free(ws->shapes);
    kj_free(ws->elab);
    kj_free(ws->cover);
    kj_free(ws->words);
    kj_free(ws->tcw);
    kj_free(ws->twk);
    for (i = 0; i < NBITS; i++)
        kj_free(ws->bits[i]);
    kj_free(ws->ids);
    kj_free(ws->pass);
    kj_free(ws->head);
    kj_free(ws->next);
    kj_free(ws->seen);
    kj_free(ws->from);
    kj_free(ws->one);
    kj_free(ws);
}
