/* SPDX-License-Identifier: MIT */
/* write_conll.c - CoNLL output: TOKEN<TAB>TAG, one token a line
 *
 * Before each document a "-DOCSTART-<TAB>O" line and a blank line (unless
 * docstart is off); a blank line after each sentence. With keep-columns the
 * input line of each token is written as it came, then the tag, separated
 * like the input (TAB or space); the DOCSTART line then has as many columns
 * as the token lines, so conlleval reads it.
 *
 * Extra columns (kj_writer_options.columns) go between the token (or the
 * kept columns) and the tag: document id, offsets, entity id, kind, source;
 * "_" where there is no value. On the DOCSTART line the document column
 * holds the id and the others "_".
 */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "write.h"

/* The prefix of token `tok` of entity k (entities[k].first <= tok <
 * entities[k].last, every entity before k ending at or before tok). */
static inline char
entity_prefix(const kj_doc *doc, kj_scheme scheme, size_t k, size_t tok)
{
    const kj_entity *e = &doc->entities[k];

    switch (scheme) {
    case KJ_SCHEME_IO:
        return 'I';
    case KJ_SCHEME_IOB1:
        /* B- only where an entity of the same label ends right before. */
        if (tok == e->first && k > 0 && doc->entities[k - 1].last == tok &&
            strcmp(doc->entities[k - 1].label, e->label) == 0)
            return 'B';
        return 'I';
    case KJ_SCHEME_BIOES:
        if (e->last - e->first == 1)
            return 'S';
        if (tok == e->first)
            return 'B';
        return tok + 1 == e->last ? 'E' : 'I';
    default:
        return tok == e->first ? 'B' : 'I';
    }
}

char
kj_tag_of(const kj_doc *doc, kj_scheme scheme, size_t tok, size_t *cursor,
          const char **label)
{
    size_t k = *cursor;

    while (k < doc->num_entities && doc->entities[k].last <= tok)
        k++;
    *cursor = k;
    if (k == doc->num_entities || doc->entities[k].first > tok)
        return 'O';
    *label = doc->entities[k].label;
    return entity_prefix(doc, scheme, k, tok);
}

static void
put_tag(kj_buf *out, char prefix, const char *label)
{
    kj_buf_putc(out, prefix);
    if (prefix != 'O') {
        kj_buf_putc(out, '-');
        kj_buf_puts(out, label);
    }
}

/* A column value: "_" when empty, whitespace made "_" so columns stay
 * columns. */
static void
put_value(kj_buf *out, const char *s)
{
    if (s == NULL || *s == '\0') {
        kj_buf_putc(out, '_');
        return;
    }
    for (; *s; s++)
        kj_buf_putc(out, (*s == ' ' || *s == '\t' || *s == '\n' ||
                          *s == '\r' || *s == '\v' || *s == '\f') ? '_' : *s);
}

/* The extra columns of token `tok` (or of the DOCSTART line when `tok` is
 * SIZE_MAX), each preceded by `sep`; `e` is the token's entity or NULL. */
static void
put_columns(kj_buf *out, const kj_writer_options *o, const kj_doc *doc,
            size_t tok, const kj_entity *e, kj_unitconv *u, char sep)
{
    size_t c;

    for (c = 0; c < KJ_MAX_COLUMNS && o->columns[c] != KJ_COLUMN_END; c++) {
        kj_buf_putc(out, sep);
        switch (o->columns[c]) {
        case KJ_COLUMN_DOC:
            put_value(out, doc->id);
            break;
        case KJ_COLUMN_OFFSETS:
            if (tok == SIZE_MAX) {
                kj_buf_putc(out, '_');
                kj_buf_putc(out, sep);
                kj_buf_putc(out, '_');
                break;
            }
            kj_buf_putu(out, kj_unitconv_at(u, doc->tokens[tok].start));
            kj_buf_putc(out, sep);
            kj_buf_putu(out, kj_unitconv_at(u, doc->tokens[tok].end));
            break;
        case KJ_COLUMN_ENTITY:
            put_value(out, e ? e->id : NULL);
            break;
        case KJ_COLUMN_KIND:
            put_value(out, e ? e->kind : NULL);
            break;
        default:
            put_value(out, e ? e->source : NULL);
            break;
        }
    }
}

static void
put_docstart(kj_buf *out, const kj_writer_options *o, const kj_doc *doc)
{
    char sep = (o->keep_columns && !doc->col_tabs) ? ' ' : '\t';
    size_t k;

    kj_buf_puts(out, "-DOCSTART-");
    if (o->keep_columns)
        for (k = 1; k < doc->num_cols; k++) {
            kj_buf_putc(out, sep);
            kj_buf_putc(out, 'O');
        }
    put_columns(out, o, doc, SIZE_MAX, NULL, NULL, sep);
    kj_buf_putc(out, sep);
    kj_buf_puts(out, "O\n\n");
}

/* Tokens are written in chunks of at most this many; a chunk's tags are
 * marked first, then its lines are written in one pass without a branch
 * per tag or per sentence. */
#define CHUNK 256
/* Most tokens are copied with one fixed-size move of this many bytes. */
#define COPY_FIXED 16
/* At most this many bytes of text are reserved for one chunk; a longer one
 * is cut (so the buffer stays near KJ_FLUSH_AT however long the text). */
#define RUN_BYTES_MAX ((size_t)1 << 14)
/* A tag template's size: the end of a token's line, TAB X-LABEL NL (and
 * a second NL where the token ends a sentence), zero-padded. */
#define TAG_WIDE 32
/* The longest label whose templates a 16- or a 32-byte move copies (the
 * line's length is the template's last byte). */
#define LABEL_16 10
#define LABEL_32 26

/* A chunk's tags as templates, in pairs: template 2 r ends a token's
 * line, 2 r + 1 also its sentence; pair 0 is TAB O NL. A token's mark is
 * the byte offset of its template in `tmpl`. The prefix and label of each
 * pair are kept for lines too long for a template. */
typedef struct tag_chunk {
    uint32_t mark[CHUNK];
    char tmpl[2 * (CHUNK + 1)][TAG_WIDE];
    char prefix[CHUNK + 1];
    const char *label[CHUNK + 1];
    size_t label_len[CHUNK + 1];
    size_t npairs;
    size_t max_label;       /* the longest label of the chunk */
} tag_chunk;

/* Where the sentences follow each other without gaps, each non-empty (as
 * the tokenizer makes them): the fast path writes the tokens from the
 * first sentence's to the last's as one sequence. */
static int
sentences_contiguous(const kj_doc *doc)
{
    const kj_sentence *st = doc->sentences;
    size_t s, bad = 0;

    for (s = 0; s < doc->num_sentences; s++)
        bad |= (size_t)(st[s].first >= st[s].end) |
               (size_t)(s > 0 && st[s].first != st[s - 1].end);
    return bad == 0 && doc->num_sentences > 0 &&
           st[doc->num_sentences - 1].end <= doc->num_tokens;
}

/* The entity cursor across chunks, as kj_tag_of() walks it: entities[k]
 * is the first not passed; tokens before `from` belong to entities before
 * k. Entity k holds the tokens [max(from, first), max(from, last)). */
typedef struct ent_cursor {
    size_t k;
    size_t from;
} ent_cursor;

/* Pair r's templates for `prefix` and `label` ("" for O; a template only
 * where the label has at most LABEL_32 bytes, copied a byte at a time:
 * most are a few bytes, not worth a call). */
static inline __attribute__((always_inline)) void
set_pair(tag_chunk *c, size_t r, char prefix, const char *label)
{
    char *t = c->tmpl[2 * r], *u = c->tmpl[2 * r + 1];
    size_t ll = 0;

    memset(t, 0, TAG_WIDE);
    t[0] = '\t';
    t[1] = prefix;
    t[2] = '-';
    while (ll <= LABEL_32 && label[ll] != '\0') {
        t[3 + ll] = label[ll];
        ll++;
    }
    if (ll > LABEL_32)
        ll += strlen(label + ll);
    c->prefix[r] = prefix;
    c->label[r] = label;
    c->label_len[r] = ll;
    if (ll > c->max_label)
        c->max_label = ll;
    if (ll > LABEL_32)
        return;
    ll += ll > 0 ? 3 : 2;
    t[ll] = '\n';
    memcpy(u, t, TAG_WIDE);
    u[ll + 1] = '\n';
    t[TAG_WIDE - 1] = (char)(ll + 1);
    u[TAG_WIDE - 1] = (char)(ll + 2);
    if (ll + 2 < COPY_FIXED) {
        t[COPY_FIXED - 1] = (char)(ll + 1);
        u[COPY_FIXED - 1] = (char)(ll + 2);
    }
}

/* A new pair for entity e's tokens tagged `prefix`, made from pair `like`
 * (of the same entity) unless it is 0; returns the mark of its first
 * template. */
static uint32_t
add_pair(tag_chunk *c, const kj_entity *e, char prefix, size_t like)
{
    size_t r = c->npairs++;

    if (like == 0) {
        set_pair(c, r, prefix, e->label);
    } else {
        memcpy(c->tmpl[2 * r], c->tmpl[2 * like], 2 * TAG_WIDE);
        c->tmpl[2 * r][1] = c->tmpl[2 * r + 1][1] = prefix;
        c->prefix[r] = prefix;
        c->label[r] = c->label[like];
        c->label_len[r] = c->label_len[like];
    }
    return (uint32_t)(2 * r * TAG_WIDE);
}

/* Marks tokens [a, b) of the chunk starting at token c0 with the tags of
 * entity k, which holds the tokens [lo, hi) (as kj_tag_of() walks). */
static void
mark_entity(tag_chunk *c, const kj_doc *doc, kj_scheme scheme, size_t k,
            size_t lo, size_t hi, size_t a, size_t b, size_t c0)
{
    size_t t, pair = 0;
    char last = 0;
    uint32_t m = 0;

    for (t = a; t < b; t++) {
        char x = t == lo ? entity_prefix(doc, scheme, k, t)
                 : scheme == KJ_SCHEME_BIOES && t + 1 == hi ? 'E' : 'I';

        if (x != last) {
            m = add_pair(c, &doc->entities[k], x, pair);
            pair = m / (2 * TAG_WIDE);
            last = x;
        }
        c->mark[t - c0] |= m;   /* keeps the sentence end's template */
    }
}

/* The marks of the tokens [c0, c1) of a document whose sentences are
 * contiguous: the tag of each (as kj_tag_of() gives it) and the sentence
 * ends; advances the entity cursor *ec and the sentence cursor *sc. */
static void
mark_chunk(tag_chunk *c, const kj_doc *doc, kj_scheme scheme, size_t c0,
           size_t c1, ent_cursor *ec, size_t *sc)
{
    memset(c->mark, 0, (c1 - c0) * sizeof *c->mark);
    while (*sc < doc->num_sentences && doc->sentences[*sc].end <= c1)
        c->mark[doc->sentences[(*sc)++].end - 1 - c0] = TAG_WIDE;
    c->npairs = 1;
    c->max_label = 0;
    while (ec->k < doc->num_entities) {
        const kj_entity *e = &doc->entities[ec->k];
        size_t lo = e->first > ec->from ? e->first : ec->from;
        size_t hi = e->last > ec->from ? e->last : ec->from;

        if (lo >= c1)
            break;
        if (lo < hi && hi > c0)
            mark_entity(c, doc, scheme, ec->k, lo, hi, lo > c0 ? lo : c0,
                        hi < c1 ? hi : c1, c0);
        if (hi > c1)
            break;   /* it goes on in the next chunk */
        ec->from = hi;
        ec->k++;
    }
}

/* The lines of tokens [c0, c0 + n) from their marks, written at p with
 * fixed-size moves: each token's text in COPY_FIXED bytes (all start
 * COPY_FIXED bytes before the text's end), each template in `width` bytes
 * (all labels fit). Returns the end. */
static inline __attribute__((always_inline)) char *
lines_fixed(char *p, const tag_chunk *c, const kj_token *tok,
            const char *text, size_t n, size_t width)
{
    const char *tmpl = c->tmpl[0];
    size_t t;

    /* unrolled: a quarter of the loop counting per token (other compilers
     * ignore the pragma) */
#pragma GCC unroll 4
    for (t = 0; t < n; t++) {
        size_t st = tok[t].start, tl = tok[t].end - st;
        const char *tp = tmpl + c->mark[t];

        if (tl <= COPY_FIXED)
            memcpy(p, text + st, COPY_FIXED);
        else
            memcpy(p, text + st, tl);
        p += tl;
        memcpy(p, tp, width);
        p += (unsigned char)tp[width - 1];
    }
    return p;
}

/* lines_fixed() with a move of each token's and each label's own length. */
static char *
lines_exact(char *p, const tag_chunk *c, const kj_token *tok,
            const char *text, size_t n)
{
    size_t t;

    for (t = 0; t < n; t++) {
        uint32_t m = c->mark[t];
        size_t st = tok[t].start, tl = tok[t].end - st;
        size_t r = m / (2 * TAG_WIDE);

        memcpy(p, text + st, tl);
        p += tl;
        *p++ = '\t';
        *p++ = c->prefix[r];
        if (r > 0) {
            *p++ = '-';
            memcpy(p, c->label[r], c->label_len[r]);
            p += c->label_len[r];
        }
        *p++ = '\n';
        if (m & TAG_WIDE)
            *p++ = '\n';
    }
    return p;
}

/* The TOKEN<TAB>TAG lines of a document whose sentences are contiguous
 * (sentences_contiguous()), a blank line after each sentence, chunk by
 * chunk, draining the sink between chunks. */
static void
plain_doc(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    const kj_token *tok = doc->tokens;
    const char *text = doc->text.data;
    size_t i = doc->sentences[0].first;
    size_t end = doc->sentences[doc->num_sentences - 1].end, sc = 0;
    ent_cursor ec = {0, 0};
    tag_chunk c;

    c.max_label = 0;
    set_pair(&c, 0, 'O', "");
    while (i < end) {
        size_t n = end - i < CHUNK ? end - i : CHUNK, need;
        char *p;

        while (n > 1 && tok[i + n - 1].end - tok[i].start > RUN_BYTES_MAX)
            n /= 2;
        mark_chunk(&c, doc, o->scheme, i, i + n, &ec, &sc);
        need = tok[i + n - 1].end - tok[i].start + n * (c.max_label + 5) +
               COPY_FIXED + TAG_WIDE + 1;
        if (out->cap - out->len <= need && kj_buf_reserve(out, need) != 0)
            return;
        p = out->data + out->len;
        if (c.max_label > LABEL_32 || tok[i + n - 1].start + COPY_FIXED > doc->text.len)
            p = lines_exact(p, &c, tok + i, text, n);
        else if (c.max_label <= LABEL_16)
            p = lines_fixed(p, &c, tok + i, text, n, COPY_FIXED);
        else
            p = lines_fixed(p, &c, tok + i, text, n, TAG_WIDE);
        *p = '\0';
        out->len = (size_t)(p - out->data);
        kj_out_check(sink);
        i += n;
    }
}

void
kj_write_conll(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    const char *text = doc->text.data;
    int cols = o->keep_columns && doc->num_colspans == doc->num_tokens;
    char sep = (cols && !doc->col_tabs) ? ' ' : '\t';
    size_t s, i, cursor = 0;
    kj_unitconv u;

    if (doc->error)
        return;
    kj_unitconv_init(&u, doc, o->offsets);
    if (o->docstart)
        put_docstart(out, o, doc);
    if (!cols && o->columns[0] == KJ_COLUMN_END && sentences_contiguous(doc)) {
        plain_doc(sink, o, doc);
        return;
    }
    for (s = 0; s < doc->num_sentences; s++) {
        for (i = doc->sentences[s].first; i < doc->sentences[s].end; i++) {
            const char *label = NULL;
            char prefix = kj_tag_of(doc, o->scheme, i, &cursor, &label);
            if (cols)
                kj_buf_append(out, doc->cols.data + doc->colspans[i].start,
                              doc->colspans[i].end - doc->colspans[i].start);
            else
                kj_buf_append(out, text + doc->tokens[i].start,
                              doc->tokens[i].end - doc->tokens[i].start);
            if (o->columns[0] != KJ_COLUMN_END)
                put_columns(out, o, doc, i, prefix == 'O' ? NULL :
                            &doc->entities[cursor], &u, sep);
            kj_buf_putc(out, sep);
            put_tag(out, prefix, label);
            kj_buf_putc(out, '\n');
            kj_out_check(sink);
        }
        kj_buf_putc(out, '\n');
    }
}
