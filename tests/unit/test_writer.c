/* SPDX-License-Identifier: MIT */
/* test_writer.c - CoNLL tag schemes and JSONL output */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"

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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
