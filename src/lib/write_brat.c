/* SPDX-License-Identifier: MIT */
/* write_brat.c - brat standoff output: the .ann lines of a document
 *
 *   T1<TAB>PER 10 14<TAB>Budi
 *   T2<TAB>ORG 20 27;28 34<TAB>Partai Golkar
 *
 * T numbered from 1 in each document; START and END in code points of the
 * decoded text (the .txt brat shows beside the .ann), whatever
 * kj_writer_options.offsets says. An .ann line cannot hold a line break, so
 * an entity whose surface crosses one is written as a discontinuous span,
 * one fragment per line of it: a break is a run of whitespace holding a
 * newline or CR, and is left out of the fragments. The surface is then
 * the fragments joined by one space (brat's own convention for
 * discontinuous text); a TAB left inside a fragment is written as a space.
 * Whitespace in a label is written as '_' (a brat type is one word).
 * A document with an error writes nothing.
 */
#include <config.h>

#include <string.h>

#include "write.h"

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* The end of the fragment that starts at `p` and ends before `end`: at
 * the first break (whitespace run with a newline or CR), or `end`. The
 * break's end goes to *next (== `end` when there is none). */
static size_t
fragment_end(const char *t, size_t p, size_t end, size_t *next)
{
    size_t i, j;

    for (i = p; i < end; i++) {
        int newline = 0;
        if (!is_space(t[i]))
            continue;
        for (j = i; j < end && is_space(t[j]); j++)
            newline |= t[j] == '\n' || t[j] == '\r';
        if (newline) {
            *next = j;
            return i;
        }
        i = j - 1;
    }
    *next = end;
    return end;
}

/* The next non-empty fragment [*fs, *fe) of [*p, end), advancing *p past
 * it; 0 when none is left. */
static int
next_fragment(const char *t, size_t *p, size_t end, size_t *fs, size_t *fe)
{
    size_t next;

    while (*p < end) {
        *fs = *p;
        *fe = fragment_end(t, *p, end, &next);
        *p = next;
        if (*fe > *fs)
            return 1;
    }
    return 0;
}

/* "START END" of each non-empty fragment of [start, end), ';' between. */
static void
put_spans(kj_buf *out, const char *t, size_t start, size_t end,
          kj_unitconv *u)
{
    size_t p = start, fs, fe;
    int first = 1;

    while (next_fragment(t, &p, end, &fs, &fe)) {
        if (!first)
            kj_buf_putc(out, ';');
        first = 0;
        kj_buf_putu(out, kj_unitconv_at(u, fs));
        kj_buf_putc(out, ' ');
        kj_buf_putu(out, kj_unitconv_at(u, fe));
    }
}

/* The fragments' text, one space between them, TABs made spaces. */
static void
put_surface(kj_buf *out, const char *t, size_t start, size_t end)
{
    size_t p = start, fs, fe, i;
    int first = 1;

    while (next_fragment(t, &p, end, &fs, &fe)) {
        if (!first)
            kj_buf_putc(out, ' ');
        first = 0;
        for (i = fs; i < fe; i++)
            kj_buf_putc(out, t[i] == '\t' ? ' ' : t[i]);
    }
}

/* The label as a brat type: one word, whitespace made '_'. */
static void
put_type(kj_buf *out, const char *label)
{
    for (; *label; label++)
        kj_buf_putc(out, is_space(*label) ? '_' : *label);
}

void
kj_write_brat(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    const char *t = doc->text.data;
    kj_unitconv u;
    size_t i;

    if (doc->error)
        return;
    kj_unitconv_init(&u, doc, KJ_OFFSETS_CODEPOINT);
    for (i = 0; i < doc->num_entities; i++) {
        const kj_entity *e = &doc->entities[i];
        kj_buf_putc(out, 'T');
        kj_buf_putu(out, i + 1);
        kj_buf_putc(out, '\t');
        put_type(out, e->label);
        kj_buf_putc(out, ' ');
        put_spans(out, t, e->start, e->end, &u);
        kj_buf_putc(out, '\t');
        put_surface(out, t, e->start, e->end);
        kj_buf_putc(out, '\n');
        kj_out_check(sink);
    }
}
