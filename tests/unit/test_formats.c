/* SPDX-License-Identifier: MIT */
/* test_formats.c - CoNLL-U, doccano, Label Studio, brat and HTML output;
 * kj_writer_put() and kj_writer_finish() */
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
load_into(kj_doc *d, const char *id, const char *text)
{
    assert_int_equal(kj_doc_set_text(d, id, text, strlen(text)), KJ_OK);
    assert_int_equal(kj_tag(tagger, d), KJ_OK);
}

/* An entity the tagger could make (with an id and a kind), added as the
 * matcher does: after the others, over any tokens. */
static kj_entity *
push_entity(kj_doc *d, size_t first, size_t last, const char *label,
            const char *source)
{
    kj_entity *e = kj_doc_push_entity(d, first, last);

    assert_non_null(e);
    e->label = kj_doc_strdup(d, label);
    e->source = kj_doc_strdup(d, source);
    return e;
}

/* Bytes, code points and UTF-16 units differ: "é" is 2 bytes, one code
 * point and one unit; "😀" 4 bytes, one code point, two units. The TAB
 * shows in CoNLL-U's "# text" as a space.
 *   José       bytes 0-5    code points 0-4    UTF-16 0-4
 *   Budi Santoso     17-29              13-25         14-26
 *   Jakarta          33-40              29-36         30-37 */
static const char sample_text[] =
    "José tiba. 😀 Budi Santoso ke Jakarta.\nRapat\tusai.";

static void
load_sample(kj_doc *d, const char *id)
{
    kj_entity *e;

    load_into(d, id, sample_text);
    assert_int_equal(d->num_tokens, 12);
    assert_int_equal(d->num_sentences, 3);
    push_entity(d, 0, 1, "PER", "people.tsv:3");
    e = push_entity(d, 4, 6, "PER", "people.tsv:9");
    e->id = kj_doc_strdup(d, "Q42");
    e->kind = kj_doc_strdup(d, "politician");
    push_entity(d, 7, 8, "LOC", "rule:place");
}

static void
load_error(kj_doc *d, const char *id)
{
    load_into(d, id, "x");
    assert_int_equal(kj_doc_set_error(d, "no \"text\""), KJ_OK);
}

static char *
format_doc(const kj_doc *d, kj_output_format f, kj_scheme scheme,
           kj_offset_unit unit)
{
    kj_writer_options o;
    char *s;

    kj_writer_options_init(&o);
    o.format = f;
    o.scheme = scheme;
    o.offsets = unit;
    s = kj_format_doc(&o, d);
    assert_non_null(s);
    return s;
}

static void
check(kj_output_format f, const char *want)
{
    char *got = format_doc(doc, f, KJ_SCHEME_IOB2, KJ_OFFSETS_CODEPOINT);
    assert_string_equal(got, want);
    kj_free(got);
}

/* ---- a sink for whole runs ---------------------------------------------- */

static char sink[1 << 23];
static size_t sink_len;

static int
to_sink(void *user, const void *p, size_t n)
{
    (void)user;
    assert_true(sink_len + n < sizeof sink);
    memcpy(sink + sink_len, p, n);
    sink_len += n;
    sink[sink_len] = '\0';
    return KJ_OK;
}

static kj_writer *
new_writer(kj_output_format f)
{
    kj_writer_options o;
    kj_writer *w;

    kj_writer_options_init(&o);
    o.format = f;
    sink_len = 0;
    sink[0] = '\0';
    w = kj_writer_new(&o, to_sink, NULL, NULL);
    assert_non_null(w);
    return w;
}

/* The whole output of a run of `n` documents (a new string). */
static char *
run(kj_output_format f, kj_doc **docs, size_t n)
{
    kj_writer *w = new_writer(f);
    size_t i;

    for (i = 0; i < n; i++)
        assert_int_equal(kj_writer_write(w, docs[i]), KJ_OK);
    assert_int_equal(kj_writer_finish(w), KJ_OK);
    kj_writer_free(w);
    return strdup(sink);
}

/* ---- CoNLL-U ------------------------------------------------------------ */

#define U5 "\t_\t_\t_\t_\t_\t_\t_\t"

static void
conllu_sample(void **state)
{
    char *got;

    (void)state;
    load_sample(doc, "d1");
    check(KJ_FORMAT_CONLLU,
          "# newdoc id = d1\n"
          "# sent_id = d1-1\n"
          "# text = José tiba.\n"
          "1\tJosé" U5 "NER=B-PER\n"
          "2\ttiba" U5 "NER=O|SpaceAfter=No\n"
          "3\t." U5 "NER=O\n"
          "\n"
          "# sent_id = d1-2\n"
          "# text = 😀 Budi Santoso ke Jakarta.\n"
          "1\t😀" U5 "NER=O\n"
          "2\tBudi" U5 "NER=B-PER\n"
          "3\tSantoso" U5 "NER=I-PER\n"
          "4\tke" U5 "NER=O\n"
          "5\tJakarta" U5 "NER=B-LOC|SpaceAfter=No\n"
          "6\t." U5 "NER=O\n"
          "\n"
          "# sent_id = d1-3\n"
          "# text = Rapat usai.\n"
          "1\tRapat" U5 "NER=O\n"
          "2\tusai" U5 "NER=O|SpaceAfter=No\n"
          "3\t." U5 "NER=O\n"
          "\n");
    /* the writer's scheme */
    got = format_doc(doc, KJ_FORMAT_CONLLU, KJ_SCHEME_BIOES, 0);
    assert_non_null(strstr(got, "1\tJosé" U5 "NER=S-PER\n"));
    assert_non_null(strstr(got, "3\tSantoso" U5 "NER=E-PER\n"));
    kj_free(got);
}

static void
conllu_error_and_empty(void **state)
{
    (void)state;
    load_error(doc, "bad");
    check(KJ_FORMAT_CONLLU, "");
    load_into(doc, "kosong", "");
    check(KJ_FORMAT_CONLLU, "# newdoc id = kosong\n");
    load_into(doc, NULL, "Ya.");
    check(KJ_FORMAT_CONLLU, "# newdoc\n# sent_id = 1\n# text = Ya.\n"
                            "1\tYa" U5 "NER=O|SpaceAfter=No\n"
                            "2\t." U5 "NER=O\n\n");
}

/* ---- doccano ------------------------------------------------------------ */

static const char doccano_want[] =
    "{\"id\":\"d1\",\"text\":\"José tiba. 😀 Budi Santoso ke Jakarta.\\n"
    "Rapat\\tusai.\",\"label\":[[0,4,\"PER\"],[13,25,\"PER\"],"
    "[29,36,\"LOC\"]]}\n";

static void
doccano_sample(void **state)
{
    char *got;

    (void)state;
    load_sample(doc, "d1");
    check(KJ_FORMAT_DOCCANO, doccano_want);
    /* code points whatever the offsets option says */
    got = format_doc(doc, KJ_FORMAT_DOCCANO, 0, KJ_OFFSETS_UTF16);
    assert_string_equal(got, doccano_want);
    kj_free(got);
    got = format_doc(doc, KJ_FORMAT_DOCCANO, 0, KJ_OFFSETS_BYTE);
    assert_string_equal(got, doccano_want);
    kj_free(got);
    load_error(doc, "bad\"id");
    check(KJ_FORMAT_DOCCANO,
          "{\"id\":\"bad\\\"id\",\"error\":\"no \\\"text\\\"\"}\n");
}

/* ---- Label Studio ------------------------------------------------------- */

static void
labelstudio_sample(void **state)
{
    char want[2048];
    const char *v = kj_version();

    (void)state;
    load_sample(doc, "d1");
    snprintf(want, sizeof want,
        "{\"data\":{\"id\":\"d1\",\"text\":\"José tiba. 😀 Budi Santoso ke "
        "Jakarta.\\nRapat\\tusai.\"},\"predictions\":[{\"model_version\":"
        "\"kijang %s\",\"result\":["
        "{\"id\":\"d1-1\",\"from_name\":\"label\",\"to_name\":\"text\","
        "\"type\":\"labels\",\"value\":{\"start\":0,\"end\":4,"
        "\"text\":\"José\",\"labels\":[\"PER\"]}},"
        "{\"id\":\"d1-2\",\"from_name\":\"label\",\"to_name\":\"text\","
        "\"type\":\"labels\",\"value\":{\"start\":14,\"end\":26,"
        "\"text\":\"Budi Santoso\",\"labels\":[\"PER\"]}},"
        "{\"id\":\"d1-3\",\"from_name\":\"label\",\"to_name\":\"text\","
        "\"type\":\"labels\",\"value\":{\"start\":30,\"end\":37,"
        "\"text\":\"Jakarta\",\"labels\":[\"LOC\"]}}]}]}", v);
    check(KJ_FORMAT_LABELSTUDIO, want);
    load_error(doc, "bad");
    check(KJ_FORMAT_LABELSTUDIO,
          "{\"data\":{\"id\":\"bad\",\"text\":\"\",\"error\":"
          "\"no \\\"text\\\"\"},\"predictions\":[]}");
}

static void
labelstudio_runs(void **state)
{
    kj_doc *docs[2];
    char *got;

    (void)state;
    got = run(KJ_FORMAT_LABELSTUDIO, NULL, 0);
    assert_string_equal(got, "[]\n");
    free(got);
    docs[0] = doc;
    docs[1] = kj_doc_new();
    load_error(docs[0], "a");
    load_error(docs[1], "b");
    got = run(KJ_FORMAT_LABELSTUDIO, docs, 2);
    assert_string_equal(got,
        "[{\"data\":{\"id\":\"a\",\"text\":\"\",\"error\":\"no \\\"text\\\"\"},"
        "\"predictions\":[]},\n"
        "{\"data\":{\"id\":\"b\",\"text\":\"\",\"error\":\"no \\\"text\\\"\"},"
        "\"predictions\":[]}]\n");
    free(got);
    kj_doc_free(docs[1]);
}

/* ---- brat --------------------------------------------------------------- */

static void
brat_sample(void **state)
{
    (void)state;
    load_sample(doc, "d1");
    check(KJ_FORMAT_BRAT,
          "T1\tPER 0 4\tJosé\n"
          "T2\tPER 13 25\tBudi Santoso\n"
          "T3\tLOC 29 36\tJakarta\n");
    load_error(doc, "bad");
    check(KJ_FORMAT_BRAT, "");
}

/* An entity across line breaks is one fragment per line, the surface its
 * fragments joined by a space. */
static void
brat_newline(void **state)
{
    (void)state;
    /* Ré: bytes 5-8, code points 5-7; Bank: 10-14 / 9-13; "\r\n\n";
     * Dunia: 17-22 / 16-21 */
    load_into(doc, "n", "Kata Ré: Bank\r\n\nDunia naik.");
    assert_int_equal(doc->num_tokens, 7);
    push_entity(doc, 1, 2, "PER", NULL);
    push_entity(doc, 3, 5, "ORG", NULL);
    check(KJ_FORMAT_BRAT,
          "T1\tPER 5 7\tRé\n"
          "T2\tORG 9 13;16 21\tBank Dunia\n");
}

/* ---- HTML --------------------------------------------------------------- */

static const char html_sample_want[] =
    "<section>\n<h2>d1</h2>\n<div class=\"doc\">"
    "<mark class=\"e e-PER\" title=\"PER · people.tsv:3\">José"
    "<span class=\"l\">PER</span></mark> tiba. 😀 "
    "<mark class=\"e e-PER\" title=\"PER · people.tsv:9 · id=Q42 · "
    "kind=politician\">Budi Santoso<span class=\"l\">PER</span></mark> ke "
    "<mark class=\"e e-LOC\" title=\"LOC · rule:place\">Jakarta"
    "<span class=\"l\">LOC</span></mark>.\nRapat\tusai.</div>\n</section>\n";

static void
html_sample(void **state)
{
    (void)state;
    load_sample(doc, "d1");
    check(KJ_FORMAT_HTML, html_sample_want);
    load_error(doc, "bad");
    check(KJ_FORMAT_HTML, "<section>\n<h2>bad</h2>\n"
                          "<p class=\"error\">no &quot;text&quot;</p>\n"
                          "</section>\n");
}

static void
html_page(void **state)
{
    static const char epilogue[] = "</body></html>\n";
    kj_doc *docs[1] = {doc};
    char *empty, *page;
    size_t n;

    (void)state;
    empty = run(KJ_FORMAT_HTML, NULL, 0);
    n = strlen(empty);
    assert_true(strncmp(empty, "<!DOCTYPE html>\n", 16) == 0);
    assert_non_null(strstr(empty, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(empty, "<title>kijang</title>"));
    assert_non_null(strstr(empty, "<style>"));
    assert_non_null(strstr(empty, "mark.e-PROG{"));
    assert_non_null(strstr(empty, "<mark class=\"e e-ORG\">ORG</mark>"));
    assert_null(strstr(empty, "<section>"));
    assert_true(n > sizeof epilogue);
    assert_string_equal(empty + n - (sizeof epilogue - 1), epilogue);
    /* a page is the prologue, the sections, the epilogue */
    load_sample(doc, "d1");
    page = run(KJ_FORMAT_HTML, docs, 1);
    assert_int_equal(strlen(page), n + strlen(html_sample_want));
    n -= sizeof epilogue - 1;  /* the prologue's length */
    assert_memory_equal(page, empty, n);
    assert_memory_equal(page + n, html_sample_want, strlen(html_sample_want));
    assert_string_equal(page + n + strlen(html_sample_want), epilogue);
    free(empty);
    free(page);
}

/* Text, id, label, source: nothing from the input reaches the page raw. */
static void
html_escapes(void **state)
{
    char *got;

    (void)state;
    load_into(doc, "<script>alert(\"id\")</script>",
              "Budi <script>alert('x')</script> \"kutip\" & co");
    assert_int_equal(kj_doc_add_entity(doc, 0, 1, "X\"<y>'&", "<b>src"),
                     KJ_OK);
    got = format_doc(doc, KJ_FORMAT_HTML, 0, 0);
    assert_null(strstr(got, "<script"));
    assert_null(strstr(got, "<y>"));
    assert_null(strstr(got, "<b>"));
    assert_non_null(strstr(got,
        "<h2>&lt;script&gt;alert(&quot;id&quot;)&lt;/script&gt;</h2>"));
    assert_non_null(strstr(got,
        "<mark class=\"e e-Xy\" title=\"X&quot;&lt;y&gt;&#39;&amp; · "
        "&lt;b&gt;src\">Budi<span class=\"l\">X&quot;&lt;y&gt;&#39;&amp;"
        "</span></mark> &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
        "&quot;kutip&quot; &amp; co</div>"));
    kj_free(got);
}

/* ---- the writer --------------------------------------------------------- */

/* For every format: formatting three documents apart and putting them
 * gives the bytes of writing them. */
static void
put_equals_write(void **state)
{
    kj_doc *docs[3];
    int f;
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++)
        docs[i] = kj_doc_new();
    load_sample(docs[0], "satu");
    load_error(docs[1], "dua");
    load_into(docs[2], "tiga", "Rapat di Bandung.");
    assert_int_equal(kj_doc_add_entity(docs[2], 2, 3, "LOC", NULL), KJ_OK);
    for (f = KJ_FORMAT_CONLL; f <= KJ_FORMAT_HTML; f++) {
        char *written = run((kj_output_format)f, docs, 3);
        kj_writer *w = new_writer((kj_output_format)f);
        for (i = 0; i < 3; i++) {
            char *s = format_doc(docs[i], (kj_output_format)f, 0, 0);
            assert_int_equal(kj_writer_put(w, s, strlen(s)), KJ_OK);
            kj_free(s);
        }
        assert_int_equal(kj_writer_finish(w), KJ_OK);
        kj_writer_free(w);
        assert_true(strlen(written) > 0);
        assert_string_equal(sink, written);
        free(written);
    }
    for (i = 0; i < 3; i++)
        kj_doc_free(docs[i]);
}

static void
finish_ends_output(void **state)
{
    kj_writer *w;

    (void)state;
    load_into(doc, "a", "Ya.");
    w = new_writer(KJ_FORMAT_LABELSTUDIO);
    assert_int_equal(kj_writer_write(w, doc), KJ_OK);
    assert_int_equal(sink_len, 0);
    assert_int_equal(kj_writer_finish(w), KJ_OK);
    assert_true(sink_len > 0 && strcmp(sink + sink_len - 3, "}]\n") == 0);
    sink_len = 0;
    /* closed: no more documents; finishing again only flushes */
    assert_int_equal(kj_writer_write(w, doc), KJ_EINVAL);
    assert_int_equal(kj_writer_put(w, "x", 1), KJ_EINVAL);
    assert_int_equal(kj_writer_finish(w), KJ_OK);
    assert_int_equal(sink_len, 0);
    kj_writer_free(w);
    /* formats without prologue or epilogue just flush */
    w = new_writer(KJ_FORMAT_BRAT);
    assert_int_equal(kj_writer_finish(w), KJ_OK);
    assert_int_equal(sink_len, 0);
    kj_writer_free(w);
}

static void
extensions(void **state)
{
    kj_writer_options o;

    (void)state;
    assert_string_equal(kj_format_extension(KJ_FORMAT_CONLL), ".conll");
    assert_string_equal(kj_format_extension(KJ_FORMAT_JSONL), ".jsonl");
    assert_string_equal(kj_format_extension(KJ_FORMAT_CONLLU), ".conllu");
    assert_string_equal(kj_format_extension(KJ_FORMAT_DOCCANO), ".jsonl");
    assert_string_equal(kj_format_extension(KJ_FORMAT_LABELSTUDIO), ".json");
    assert_string_equal(kj_format_extension(KJ_FORMAT_BRAT), ".ann");
    assert_string_equal(kj_format_extension(KJ_FORMAT_HTML), ".html");
    assert_null(kj_format_extension((kj_output_format)(KJ_FORMAT_HTML + 1)));
    assert_null(kj_format_extension((kj_output_format)-1));
    kj_writer_options_init(&o);
    o.format = (kj_output_format)(KJ_FORMAT_HTML + 1);
    assert_null(kj_writer_new(&o, to_sink, NULL, NULL));
    assert_null(kj_format_doc(&o, doc));
}

/* A document far bigger than the flush threshold streams out in every
 * new format, in the same bytes as formatting it whole; so does putting
 * it. */
static void
big_document_streams(void **state)
{
    static char text[200000];
    size_t i;
    int f;

    (void)state;
    for (i = 0; i + 1 < sizeof text; i++)
        text[i] = (i % 7 == 6) ? ' ' : (i % 50 == 3 ? '<' : 'a');
    text[sizeof text - 1] = '\0';
    load_into(doc, "big", text);
    for (i = 0; i < doc->num_tokens; i += 5)
        push_entity(doc, i, i + 1, "PER", NULL);
    for (f = KJ_FORMAT_CONLLU; f <= KJ_FORMAT_HTML; f++) {
        char *whole = format_doc(doc, (kj_output_format)f, 0, 0);
        kj_writer *w = new_writer((kj_output_format)f);
        size_t pro;
        assert_true(strlen(whole) > 100000);
        assert_int_equal(kj_writer_write(w, doc), KJ_OK);
        assert_true(sink_len > 0);  /* some went out before the end */
        assert_int_equal(kj_writer_flush(w), KJ_OK);
        pro = f == KJ_FORMAT_LABELSTUDIO ? 1 : 0;
        if (f == KJ_FORMAT_HTML)
            pro = strstr(sink, "<section>") - sink;
        assert_int_equal(sink_len, pro + strlen(whole));
        assert_memory_equal(sink + pro, whole, strlen(whole));
        kj_writer_free(w);
        /* put sends a big piece on (straight to the write function) */
        w = new_writer((kj_output_format)f);
        assert_int_equal(kj_writer_put(w, whole, strlen(whole)), KJ_OK);
        assert_true(sink_len > 0);
        assert_int_equal(kj_writer_flush(w), KJ_OK);
        assert_int_equal(sink_len, pro + strlen(whole));
        assert_memory_equal(sink + pro, whole, strlen(whole));
        kj_writer_free(w);
        kj_free(whole);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conllu_sample),
        cmocka_unit_test(conllu_error_and_empty),
        cmocka_unit_test(doccano_sample),
        cmocka_unit_test(labelstudio_sample),
        cmocka_unit_test(labelstudio_runs),
        cmocka_unit_test(brat_sample),
        cmocka_unit_test(brat_newline),
        cmocka_unit_test(html_sample),
        cmocka_unit_test(html_page),
        cmocka_unit_test(html_escapes),
        cmocka_unit_test(put_equals_write),
        cmocka_unit_test(finish_ends_output),
        cmocka_unit_test(extensions),
        cmocka_unit_test(big_document_streams),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
