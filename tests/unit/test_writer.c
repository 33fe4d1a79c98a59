/* SPDX-License-Identifier: MIT */
/* test_writer.c - CoNLL tag schemes and runs, JSONL output */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"
#include "mem.h"
#include "write.h"

#include "doc_fixture.h"

static void
load(const char *id, const char *text)
{
    assert_int_equal(kj_doc_set_text(doc, id, text, strlen(text)), KJ_OK);
    assert_int_equal(kj_tag(tagger, doc), KJ_OK);
}

static char *
format(kj_output_format f, kj_scheme scheme, kj_offset_unit unit, int docstart)
{
    kj_writer_options o;

    kj_writer_options_init(&o);
    o.format = f;
    o.scheme = scheme;
    o.offsets = unit;
    o.docstart = docstart;
    return kj_format_doc(&o, doc);
}

/* "A B C D E": entities [A B] PER, [C] PER (adjacent, same label), [D E] ORG */
static void
add_scheme_entities(void)
{
    load("s", "A B C D E");
    assert_int_equal(kj_doc_add_entity(doc, 0, 2, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 2, 3, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 3, 5, "ORG", NULL), KJ_OK);
}

static void
check_scheme(kj_scheme s, const char *want)
{
    char *got = format(KJ_FORMAT_CONLL, s, 0, 0);
    assert_string_equal(got, want);
    kj_free(got);
}

static void
schemes(void **state)
{
    (void)state;
    add_scheme_entities();
    check_scheme(KJ_SCHEME_IOB2,
                 "A\tB-PER\nB\tI-PER\nC\tB-PER\nD\tB-ORG\nE\tI-ORG\n\n");
    check_scheme(KJ_SCHEME_IOB1,
                 "A\tI-PER\nB\tI-PER\nC\tB-PER\nD\tI-ORG\nE\tI-ORG\n\n");
    check_scheme(KJ_SCHEME_BIOES,
                 "A\tB-PER\nB\tE-PER\nC\tS-PER\nD\tB-ORG\nE\tE-ORG\n\n");
    check_scheme(KJ_SCHEME_IO,
                 "A\tI-PER\nB\tI-PER\nC\tI-PER\nD\tI-ORG\nE\tI-ORG\n\n");
}

static void
conll_layout(void **state)
{
    char *got;

    (void)state;
    load("d", "Satu. Dua tiga.");
    got = format(KJ_FORMAT_CONLL, 0, 0, 1);
    assert_string_equal(got, "-DOCSTART-\tO\n\nSatu\tO\n.\tO\n\n"
                             "Dua\tO\ntiga\tO\n.\tO\n\n");
    kj_free(got);
    load("e", "");
    got = format(KJ_FORMAT_CONLL, 0, 0, 1);
    assert_string_equal(got, "-DOCSTART-\tO\n\n");
    kj_free(got);
}

static void
jsonl_offsets(void **state)
{
    char *got;

    (void)state;
    /* é is 2 bytes, 1 code point, 1 UTF-16 unit; 😀 is 4, 1, 2 */
    load("j", "\xEF\xBB\xBF" "é 😀 Budi");
    assert_int_equal(kj_doc_add_entity(doc, 2, 3, "PER", "test:7"), KJ_OK);
    got = format(KJ_FORMAT_JSONL, 0, KJ_OFFSETS_CODEPOINT, 1);
    assert_string_equal(got,
        "{\"id\":\"j\",\"text\":\"é 😀 Budi\",\"tokens\":[[0,1],[2,3],[4,8]],"
        "\"sentences\":[[0,3]],\"entities\":[{\"start\":4,\"end\":8,"
        "\"label\":\"PER\",\"text\":\"Budi\",\"source\":\"test:7\"}]}\n");
    kj_free(got);
    got = format(KJ_FORMAT_JSONL, 0, KJ_OFFSETS_UTF16, 1);
    assert_non_null(strstr(got, "\"tokens\":[[0,1],[2,4],[5,9]]"));
    assert_non_null(strstr(got, "{\"start\":5,\"end\":9,"));
    kj_free(got);
    /* bytes count the input, BOM included */
    got = format(KJ_FORMAT_JSONL, 0, KJ_OFFSETS_BYTE, 1);
    assert_non_null(strstr(got, "\"tokens\":[[3,5],[6,10],[11,15]]"));
    assert_non_null(strstr(got, "{\"start\":11,\"end\":15,"));
    kj_free(got);
}

static void
jsonl_error_document(void **state)
{
    char *got;

    (void)state;
    load("bad\"id", "x");
    assert_int_equal(kj_doc_set_error(doc, "no \"text\""), KJ_OK);
    got = format(KJ_FORMAT_JSONL, 0, 0, 1);
    assert_string_equal(got, "{\"id\":\"bad\\\"id\",\"error\":\"no \\\"text\\\"\"}\n");
    kj_free(got);
    got = format(KJ_FORMAT_CONLL, 0, 0, 1);
    assert_string_equal(got, "");
    kj_free(got);
}

/* The writer buffers and hands whole output to the write function. */
static char sink[1 << 22];
static size_t sink_len;
static int sink_fail;

static int
to_sink(void *user, const void *p, size_t n)
{
    (void)user;
    if (sink_fail)
        return KJ_EIO;
    assert_true(sink_len + n < sizeof sink);
    memcpy(sink + sink_len, p, n);
    sink_len += n;
    return KJ_OK;
}

static void
writer_buffers_and_flushes(void **state)
{
    kj_writer_options o;
    kj_writer *w;
    int i;

    (void)state;
    kj_writer_options_init(&o);
    o.docstart = 0;
    w = kj_writer_new(&o, to_sink, NULL, NULL);
    assert_non_null(w);
    load("a", "Ya.");
    sink_len = 0;
    sink_fail = 0;
    for (i = 0; i < 3; i++)
        assert_int_equal(kj_writer_write(w, doc), KJ_OK);
    assert_int_equal(sink_len, 0);
    assert_int_equal(kj_writer_flush(w), KJ_OK);
    assert_int_equal(sink_len, 3 * strlen("Ya\tO\n.\tO\n\n"));
    sink_fail = 1;
    assert_int_equal(kj_writer_write(w, doc), KJ_OK);
    assert_int_equal(kj_writer_flush(w), KJ_EIO);
    kj_writer_free(w);
    o.format = (kj_output_format)7;
    assert_null(kj_writer_new(&o, to_sink, NULL, NULL));
}

/* A document bigger than the flush threshold streams out in pieces and
 * gives the same bytes as formatting it whole. */
static void
big_document_streams(void **state)
{
    static char text[200000];
    kj_writer_options o;
    kj_writer *w;
    char *whole;
    size_t i;
    int f;

    (void)state;
    for (i = 0; i + 1 < sizeof text; i++)
        text[i] = (i % 7 == 6) ? ' ' : (i % 50 == 3 ? '"' : 'a');
    text[sizeof text - 1] = '\0';
    load("big", text);
    for (f = KJ_FORMAT_CONLL; f <= KJ_FORMAT_JSONL; f++) {
        kj_writer_options_init(&o);
        o.format = (kj_output_format)f;
        whole = kj_format_doc(&o, doc);
        assert_true(strlen(whole) > 100000 && strlen(whole) < sizeof sink);
        w = kj_writer_new(&o, to_sink, NULL, NULL);
        sink_len = 0;
        sink_fail = 0;
        assert_int_equal(kj_writer_write(w, doc), KJ_OK);
        assert_true(sink_len > 0);  /* some went out before the flush */
        assert_int_equal(kj_writer_flush(w), KJ_OK);
        assert_int_equal(sink_len, strlen(whole));
        assert_memory_equal(sink, whole, sink_len);
        kj_writer_free(w);
        kj_free(whole);
    }
}

/* CoNLL written a line at a time with kj_tag_of(), as the writer's fast
 * path must give it. */
static char *
conll_reference(kj_scheme scheme)
{
    const kj_sentence *sents;
    const kj_token *toks;
    const char *text;
    size_t ns, nt, s, i, cursor = 0, len;
    kj_buf b;

    kj_buf_init(&b);
    sents = kj_doc_sentences(doc, &ns);
    toks = kj_doc_tokens(doc, &nt);
    text = kj_doc_text(doc, &len);
    for (s = 0; s < ns; s++) {
        for (i = sents[s].first; i < sents[s].end; i++) {
            const char *label = NULL;
            char prefix = kj_tag_of(doc, scheme, i, &cursor, &label);

            kj_buf_append(&b, text + toks[i].start, toks[i].end - toks[i].start);
            kj_buf_putc(&b, '\t');
            kj_buf_putc(&b, prefix);
            if (prefix != 'O') {
                kj_buf_putc(&b, '-');
                kj_buf_puts(&b, label);
            }
            kj_buf_putc(&b, '\n');
        }
        kj_buf_putc(&b, '\n');
    }
    assert_false(b.failed);
    return b.data ? b.data : kj_strndup("", 0);
}

/* Checks every scheme's CoNLL output against conll_reference(). */
static void
check_all_schemes(void)
{
    kj_scheme s;

    for (s = KJ_SCHEME_IOB2; s <= KJ_SCHEME_IO; s++) {
        char *want = conll_reference(s), *got = format(KJ_FORMAT_CONLL, s, 0, 0);

        assert_string_equal(got, want);
        kj_free(got);
        kj_free(want);
    }
}

/* Runs of O tokens and entities of every length, short and long labels
 * (one longer than the fixed-size tag copy), adjacent entities, a token
 * longer than the fixed-size token copy, entities at the start and at the
 * very end of the text, under every scheme. */
static void
conll_runs_match_reference(void **state)
{
    static const char long_label[] = "A_VERY_LONG_USER_LABEL_OF_FORTY_BYTES_X";
    size_t n;

    (void)state;
    load("r", "Ali Budi makan nasi di Kampung Baru bersama "
              "Pertubuhanpeladangkebangsaanmalaysia dan Siti. "
              "Lalu Ahmad Zaki Osman pergi ke Johor Bahru");
    kj_doc_tokens(doc, &n);
    assert_int_equal(n, 20);
    assert_int_equal(kj_doc_add_entity(doc, 0, 1, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 1, 2, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 5, 7, "LOC", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 8, 9, long_label, NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 10, 11, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 13, 16, long_label, NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 16, 17, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, n - 2, n, "LOC", NULL), KJ_OK);
    check_all_schemes();
}

/* A sentence of O tokens far longer than one reservation of the writer,
 * ending near the end of the text, and one entity in it. */
static void
conll_long_sentence_matches_reference(void **state)
{
    static char text[60000];
    size_t i, n;

    (void)state;
    for (i = 0; i + 1 < sizeof text; i++)
        text[i] = (i % 9 == 8) ? ' ' : (char)('a' + i % 26);
    text[sizeof text - 1] = '\0';
    load("long", text);
    kj_doc_tokens(doc, &n);
    assert_true(n > 5000);
    assert_int_equal(kj_doc_add_entity(doc, 3000, 3003, "ORG", NULL), KJ_OK);
    check_all_schemes();
}

/* Many sentences of words of 1 to 20 letters (and a stretch of words of
 * 70 to 89), ending at a full stop or a blank line, so that the writer's chunks of tokens begin and end
 * everywhere: in sentences, at their ends, in entities; entities of 1 to
 * 4 tokens, adjacent ones of the same label; stretches of 400 tokens
 * where the longest label is of each length where the writer copies tags
 * differently (10 and 11, 26 and 27 bytes), an entity at the text's end. */
static void
conll_chunks_match_reference(void **state)
{
    static const char *labels[] = {
        "PER", "LOC", "ABCDEFGHIJ", "ABCDEFGHIJK", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ_", "A_VERY_LONG_USER_LABEL_OF_FORTY_BYTES_X"};
    static char text[150000];
    size_t i = 0, w = 0, n, t, k = 0;

    (void)state;
    while (i + 100 < sizeof text) {
        size_t len = (w > 2000 && w < 2600 ? 70 : 1) + (w * 7) % 20, j;

        for (j = 0; j < len; j++)
            text[i++] = (char)((w == 0 || w % 5 ? 'a' : 'A') + (w + j) % 26);
        text[i++] = w % 11 == 10 ? (w % 2 ? '.' : '\n') : ' ';
        if (w % 11 == 10)
            text[i++] = w % 2 ? ' ' : '\n';   /* a blank line ends one too */
        w++;
    }
    text[i] = '\0';
    load("chunks", text);
    kj_doc_tokens(doc, &n);
    assert_true(n > 5000);
    for (t = 0; t + 4 < n; k++) {
        size_t len = 1 + k % 4;

        /* an entity across a sentence end is rejected: skip it */
        (void)kj_doc_add_entity(doc, t, t + len,
                                k % 2 ? labels[t / 400 % 7] : "PER", NULL);
        t += len + (k % 3 == 0 ? 0 : 1 + k % 5);
    }
    assert_int_equal(kj_doc_add_entity(doc, n - 1, n, "PER", NULL), KJ_OK);
    check_all_schemes();
}

/* Entities of the matcher's kind that overlap (one inside another, one
 * past another's start) and an empty one, pushed as the matcher may:
 * written as kj_tag_of() walks them. */
static void
conll_overlapping_entities_match_reference(void **state)
{
    static const size_t spans[][2] = {{0, 3}, {1, 2}, {2, 5}, {6, 6}, {6, 8},
                                      {7, 9}, {300, 302}, {301, 303}};
    static char text[4000];
    size_t i, n;

    (void)state;
    for (i = 0; i + 1 < sizeof text; i++)
        text[i] = (i % 6 == 5) ? ' ' : (char)('a' + i % 26);
    text[sizeof text - 1] = '\0';
    load("overlap", text);
    kj_doc_tokens(doc, &n);
    assert_true(n > 303);
    for (i = 0; i < sizeof spans / sizeof spans[0]; i++) {
        kj_entity *e = kj_doc_push_entity(doc, spans[i][0], spans[i][1] > spans[i][0]
                                                  ? spans[i][1] : spans[i][0] + 1);

        assert_non_null(e);
        e->last = spans[i][1];
        e->label = i % 2 ? "LOC" : "PER";
    }
    check_all_schemes();
}

/* Sentences that do not follow each other (a gap, an empty one) are
 * written as they are, each token of each sentence once. */
static void
conll_sentences_with_gaps_match_reference(void **state)
{
    (void)state;
    load("gaps", "Satu dua. Tiga empat lima. Enam tujuh.");
    assert_int_equal(kj_doc_add_entity(doc, 3, 5, "ORG", NULL), KJ_OK);
    assert_true(doc->num_sentences == 3);
    doc->sentences[1].first++;            /* token 3 is in no sentence */
    doc->sentences[2].end = doc->sentences[2].first;   /* an empty one */
    check_all_schemes();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schemes),
        cmocka_unit_test(conll_layout),
        cmocka_unit_test(jsonl_offsets),
        cmocka_unit_test(jsonl_error_document),
        cmocka_unit_test(writer_buffers_and_flushes),
        cmocka_unit_test(big_document_streams),
        cmocka_unit_test(conll_runs_match_reference),
        cmocka_unit_test(conll_long_sentence_matches_reference),
        cmocka_unit_test(conll_chunks_match_reference),
        cmocka_unit_test(conll_overlapping_entities_match_reference),
        cmocka_unit_test(conll_sentences_with_gaps_match_reference),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
