/* SPDX-License-Identifier: MIT */
/* write_conll.c - CoNLL output: TOKEN<TAB>TAG, one token a line
 *
 * Before each document a "-DOCSTART-<TAB>O" line and a blank line (unless
 * docstart is off); a blank line after each sentence. With keep-columns the
 * input line of each token is written as it came, then the tag, separated
 * like the input (TAB or space); the DOCSTART line then has as many columns
 * as the token lines, so conlleval reads it.
 */
#include <config.h>

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
    kj_buf_putc(out, sep);
    kj_buf_puts(out, "O\n\n");
}

void
kj_write_conll(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    const char *text = doc->text.data;
    int cols = o->keep_columns && doc->num_colspans == doc->num_tokens;
    char sep = (cols && !doc->col_tabs) ? ' ' : '\t';
    size_t s, i, cursor = 0;

    if (doc->error)
        return;
    if (o->docstart)
        put_docstart(out, o, doc);
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
            kj_buf_putc(out, sep);
            put_tag(out, prefix, label);
            kj_buf_putc(out, '\n');
            kj_out_check(sink);
        }
        kj_buf_putc(out, '\n');
    }
}
