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

char
kj_tag_of(const kj_doc *doc, kj_scheme scheme, size_t tok, size_t *cursor,
          const char **label)
{
    const kj_entity *e;
    size_t k = *cursor;

    while (k < doc->num_entities && doc->entities[k].last <= tok)
        k++;
    *cursor = k;
    if (k == doc->num_entities || doc->entities[k].first > tok)
        return 'O';
    e = &doc->entities[k];
    *label = e->label;
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

/* Sentence s of TOKEN<TAB>TAG lines (no kept or extra columns): each line
 * with one reservation and plain copies, the common case. Tokens before the
 * next entity are O without asking kj_tag_of(). */
static void
plain_sentence(kj_out *sink, const kj_writer_options *o, const kj_doc *doc,
               size_t s, size_t *cursor)
{
    kj_buf *out = &sink->buf;
    const char *text = doc->text.data;
    size_t i, text_len = doc->text.len, next = 0;

    for (i = doc->sentences[s].first; i < doc->sentences[s].end; i++) {
        const char *label = NULL;
        char prefix = 'O';
        size_t start = doc->tokens[i].start, tl = doc->tokens[i].end - start, ll = 0;
        char *p;

        if (i >= next) {
            prefix = kj_tag_of(doc, o->scheme, i, cursor, &label);
            /* no entity before entities[*cursor] starts */
            next = *cursor < doc->num_entities ? doc->entities[*cursor].first : SIZE_MAX;
            if (prefix != 'O') {
                ll = strlen(label);
                next = i + 1;
            }
        }
        if (out->cap - out->len <= tl + ll + 21 && kj_buf_reserve(out, tl + ll + 21) != 0)
            return;
        p = out->data + out->len;
        if (tl <= 16 && start + 16 <= text_len)
            memcpy(p, text + start, 16);   /* one fixed-size move: most tokens */
        else
            memcpy(p, text + start, tl);
        p += tl;
        *p++ = '\t';
        *p++ = prefix;
        if (prefix != 'O') {
            *p++ = '-';
            memcpy(p, label, ll);
            p += ll;
        }
        *p++ = '\n';
        *p = '\0';
        out->len = (size_t)(p - out->data);
        kj_out_check(sink);
    }
    kj_buf_putc(out, '\n');
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
