/* SPDX-License-Identifier: MIT */
/* write_conllu.c - CoNLL-U output: the tag in the MISC column
 *
 *   # newdoc id = ID
 *   # sent_id = ID-1
 *   # text = Budi datang.
 *   1<TAB>Budi<TAB>_<TAB>_<TAB>_<TAB>_<TAB>_<TAB>_<TAB>_<TAB>NER=B-PER
 *   2<TAB>datang<TAB>...<TAB>NER=O|SpaceAfter=No
 *   3<TAB>.<TAB>...<TAB>NER=O
 *   (blank line)
 *
 * Ten columns, "_" where kijang knows nothing. MISC holds NER=<tag> in the
 * writer's scheme, then SpaceAfter=No when the next token of the sentence
 * starts where this one ends. "# text" is the sentence's text from its
 * first token's start to its last token's end. A document without an id
 * gets "# newdoc" and "# sent_id = N". Newlines, CRs and TABs in comments
 * and forms are written as spaces, so every line stays one line. A
 * document without tokens is a lone "# newdoc" line (the reader reads it
 * back as an empty document); a document with an error is skipped.
 */
#include <config.h>

#include <string.h>

#include "write.h"

/* Append s[0..n) with each newline, CR and TAB made a space; drains the
 * sink every KJ_FLUSH_AT bytes, so a long sentence streams. */
static void
put_line_text(kj_out *sink, const char *s, size_t n)
{
    size_t i = 0, run = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
            kj_buf_append(&sink->buf, s + run, i - run);
            kj_buf_putc(&sink->buf, ' ');
            run = i + 1;
        } else if (i - run >= KJ_FLUSH_AT) {
            kj_buf_append(&sink->buf, s + run, i - run);
            run = i;
            kj_out_check(sink);
        }
    }
    kj_buf_append(&sink->buf, s + run, n - run);
}

static void
put_comments(kj_out *sink, const kj_doc *doc, const kj_sentence *sent,
             size_t n)
{
    kj_buf *out = &sink->buf;
    size_t start = doc->tokens[sent->first].start;
    size_t end = doc->tokens[sent->end - 1].end;

    kj_buf_puts(out, "# sent_id = ");
    if (doc->id[0] != '\0') {
        put_line_text(sink, doc->id, strlen(doc->id));
        kj_buf_putc(out, '-');
    }
    kj_buf_putu(out, n);
    kj_buf_puts(out, "\n# text = ");
    put_line_text(sink, doc->text.data + start, end - start);
    kj_buf_putc(out, '\n');
}

/* The line of token `i` of sentence `sent`, numbered `n` from 1. */
static void
put_token(kj_out *sink, const kj_doc *doc, const kj_sentence *sent, size_t i,
          size_t n, char prefix, const char *label)
{
    kj_buf *out = &sink->buf;
    const kj_token *t = &doc->tokens[i];

    kj_buf_putu(out, n);
    kj_buf_putc(out, '\t');
    put_line_text(sink, doc->text.data + t->start, t->end - t->start);
    kj_buf_puts(out, "\t_\t_\t_\t_\t_\t_\t_\tNER=");
    kj_buf_putc(out, prefix);
    if (prefix != 'O') {
        kj_buf_putc(out, '-');
        kj_buf_puts(out, label);
    }
    if (i + 1 < sent->end && doc->tokens[i + 1].start == t->end)
        kj_buf_puts(out, "|SpaceAfter=No");
    kj_buf_putc(out, '\n');
}

void
kj_write_conllu(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    size_t s, i, n = 0, cursor = 0;

    if (doc->error)
        return;
    kj_buf_puts(out, "# newdoc");
    if (doc->id[0] != '\0') {
        kj_buf_puts(out, " id = ");
        put_line_text(sink, doc->id, strlen(doc->id));
    }
    kj_buf_putc(out, '\n');
    for (s = 0; s < doc->num_sentences; s++) {
        const kj_sentence *sent = &doc->sentences[s];
        if (sent->first >= sent->end)
            continue;
        put_comments(sink, doc, sent, ++n);
        for (i = sent->first; i < sent->end; i++) {
            const char *label = NULL;
            char prefix = kj_tag_of(doc, o->scheme, i, &cursor, &label);
            put_token(sink, doc, sent, i, i - sent->first + 1, prefix, label);
            kj_out_check(sink);
        }
        kj_buf_putc(out, '\n');
    }
}
