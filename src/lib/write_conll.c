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

/* Most tokens are copied with one fixed-size move of this many bytes. */
#define COPY_FIXED 16
/* The end of an entity's line, TAB X-LABEL NL, is copied with one move of
 * this many bytes when it fits. */
#define TAG_FIXED 32
/* At most this many bytes are reserved for one piece of a run; a longer
 * run is cut (so the buffer stays near KJ_FLUSH_AT however long the
 * sentence). */
#define RUN_BYTES_MAX ((size_t)1 << 14)

/* The tokens [i, j) of a run, j <= end, such that their lines, `extra`
 * bytes a line more than the token text, fit in about RUN_BYTES_MAX
 * bytes (at least one token); *need gets the bytes to reserve, with room
 * for `over` bytes written past the end. The text of tokens [i, j) is at
 * most tok[j - 1].end - tok[i].start bytes, as tokens are in text order
 * and do not overlap. */
static size_t
run_cut(const kj_token *tok, size_t i, size_t end, size_t extra, size_t over,
        size_t *need)
{
    size_t j = end, n;

    while ((n = tok[j - 1].end - tok[i].start + extra * (j - i)) > RUN_BYTES_MAX &&
           j - i > 1)
        j = i + (j - i) / 2;
    *need = n + over;
    return j;
}

/* run_cut() for the common run that fits whole. */
static inline size_t
run_piece(const kj_token *tok, size_t i, size_t end, size_t extra, size_t over,
          size_t *need)
{
    size_t n = tok[end - 1].end - tok[i].start + extra * (end - i);

    if (n > RUN_BYTES_MAX)
        return run_cut(tok, i, end, extra, over, need);
    *need = n + over;
    return end;
}

/* Tokens [i, end) are O: their lines TOKEN<TAB>O, reserved once a piece
 * of the run and copied without further checks, draining the sink between
 * pieces. Returns -1 if the buffer failed. */
static int
plain_run(kj_out *sink, const kj_doc *doc, size_t i, size_t end)
{
    kj_buf *out = &sink->buf;
    const kj_token *tok = doc->tokens;
    const char *text = doc->text.data;
    size_t text_len = doc->text.len;

    while (i < end) {
        size_t need, j = run_piece(tok, i, end, 3, COPY_FIXED + 1, &need);
        char *p;

        if (out->cap - out->len <= need && kj_buf_reserve(out, need) != 0)
            return -1;
        p = out->data + out->len;
        if (tok[j - 1].start + COPY_FIXED <= text_len) {
            /* every token of the piece can be read with a fixed move */
            for (; i < j; i++) {
                const char *src = text + tok[i].start;
                size_t tl = tok[i].end - tok[i].start;

                if (tl <= COPY_FIXED)
                    memcpy(p, src, COPY_FIXED);
                else
                    memcpy(p, src, tl);
                memcpy(p + tl, "\tO\n", 4);   /* its NUL ends the text */
                p += tl + 3;
            }
        } else {
            for (; i < j; i++) {
                size_t tl = tok[i].end - tok[i].start;

                memcpy(p, text + tok[i].start, tl);
                memcpy(p + tl, "\tO\n", 4);
                p += tl + 3;
            }
        }
        out->len = (size_t)(p - out->data);
        kj_out_check(sink);
    }
    return 0;
}

/* Tokens [i, end) of entity k, the first of them tagged `prefix`: lines
 * TOKEN<TAB>X-LABEL. After the first token the prefix is I, or E on the
 * entity's last token under BIOES (as entity_prefix() gives). Returns -1
 * if the buffer failed. */
static int
entity_run(kj_out *sink, const kj_doc *doc, kj_scheme scheme, size_t k,
           char prefix, size_t i, size_t end)
{
    kj_buf *out = &sink->buf;
    const kj_token *tok = doc->tokens;
    const kj_entity *e = &doc->entities[k];
    const char *text = doc->text.data;
    size_t text_len = doc->text.len, ll = strlen(e->label), tagl = ll + 4;
    char tag[TAG_FIXED];

    if (tagl > TAG_FIXED) {
        /* a long label: a line at a time */
        for (; i < end; i++) {
            kj_buf_append(out, text + tok[i].start, tok[i].end - tok[i].start);
            kj_buf_putc(out, '\t');
            kj_buf_putc(out, prefix);
            kj_buf_putc(out, '-');
            kj_buf_append(out, e->label, ll);
            kj_buf_putc(out, '\n');
            kj_out_check(sink);
            prefix = scheme == KJ_SCHEME_BIOES && i + 2 == e->last ? 'E' : 'I';
        }
        return out->failed ? -1 : 0;
    }
    memset(tag, 0, TAG_FIXED);
    tag[0] = '\t';
    tag[2] = '-';
    memcpy(tag + 3, e->label, ll);
    tag[ll + 3] = '\n';
    while (i < end) {
        size_t need, j = run_piece(tok, i, end, tagl, COPY_FIXED + TAG_FIXED + 1, &need);
        char *p;

        if (out->cap - out->len <= need && kj_buf_reserve(out, need) != 0)
            return -1;
        p = out->data + out->len;
        for (; i < j; i++) {
            size_t tl = tok[i].end - tok[i].start;

            if (tl <= COPY_FIXED && tok[i].start + COPY_FIXED <= text_len)
                memcpy(p, text + tok[i].start, COPY_FIXED);
            else
                memcpy(p, text + tok[i].start, tl);
            p += tl;
            tag[1] = prefix;
            memcpy(p, tag, TAG_FIXED);   /* a NUL after the line */
            p += tagl;
            prefix = scheme == KJ_SCHEME_BIOES && i + 2 == e->last ? 'E' : 'I';
        }
        out->len = (size_t)(p - out->data);
        kj_out_check(sink);
    }
    return 0;
}

/* Sentence s of TOKEN<TAB>TAG lines (no kept or extra columns), the
 * common case: a run of O tokens up to the next entity, then the tokens
 * of that entity, each run written at once. */
static void
plain_sentence(kj_out *sink, const kj_writer_options *o, const kj_doc *doc,
               size_t s, size_t *cursor)
{
    const kj_entity *ents = doc->entities;
    size_t i = doc->sentences[s].first, end = doc->sentences[s].end;
    size_t k = *cursor, nent = doc->num_entities;

    while (i < end) {
        size_t next;

        /* as kj_tag_of(): entities[k] is the first not ending by token i,
         * the tokens before it starts are O */
        while (k < nent && ents[k].last <= i)
            k++;
        next = k < nent && ents[k].first < end ? ents[k].first : end;
        if (i < next) {
            if (plain_run(sink, doc, i, next) != 0)
                break;
            i = next;
            if (i == end)
                break;
        }
        /* token i is in entities[k] */
        next = ents[k].last < end ? ents[k].last : end;
        if (entity_run(sink, doc, o->scheme, k,
                       entity_prefix(doc, o->scheme, k, i), i, next) != 0)
            break;
        i = next;
    }
    *cursor = k;
    kj_buf_putc(&sink->buf, '\n');
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
    for (s = 0; s < doc->num_sentences; s++) {
        if (!cols && o->columns[0] == KJ_COLUMN_END) {
            plain_sentence(sink, o, doc, s, &cursor);
            continue;
        }
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
