/* SPDX-License-Identifier: MIT */
/* test_reader.c - every input format into documents */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"

/* Read all documents of `in` as "id|text|tokens|sentences|error" lines. */
static char *
read_all(kj_input_format fmt, kj_doc_unit unit, int strict, const char *in,
         size_t len, int *ndiag)
{
    static char out[8192];
    kj_reader_options o;
    kj_reader *r;
    kj_doc *doc = kj_doc_new();
    size_t n = 0;
    int rc;

    kj_reader_options_init(&o);
    o.format = fmt;
    o.doc_unit = unit;
    o.strict = strict;
    r = kj_reader_new_mem(&o, in, len, "in", NULL);
    assert_non_null(r);
    out[0] = '\0';
    while ((rc = kj_reader_next(r, doc)) == 1) {
        size_t nt, ns, i;
        const kj_token *t = kj_doc_tokens(doc, &nt);
        const kj_sentence *s = kj_doc_sentences(doc, &ns);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s|%s|", kj_doc_id(doc),
                              kj_doc_text(doc, NULL));
        for (i = 0; i < nt; i++)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%zu-%zu",
                                  i ? "," : "", t[i].start, t[i].end);
        n += (size_t)snprintf(out + n, sizeof out - n, "|");
        for (i = 0; i < ns; i++)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%zu-%zu",
                                  i ? "," : "", s[i].first, s[i].end);
        n += (size_t)snprintf(out + n, sizeof out - n, "|%s\n",
                              kj_doc_error(doc) ? kj_doc_error(doc) : "");
    }
    assert_int_equal(rc, 0);
    if (ndiag)
        *ndiag = 0;
    kj_reader_free(r);
    kj_doc_free(doc);
    return out;
}

#define READ(fmt, unit, s) read_all(fmt, unit, 0, s, sizeof s - 1, NULL)

/* Line documents are named "name:N" for every N, however many digits
 * (checked against snprintf up to 1,200 lines). */
static void
line_ids_count_lines(void **state)
{
    static char in[1200 * 2];
    kj_reader_options o;
    kj_reader *r;
    kj_doc *doc = kj_doc_new();
    char want[32];
    long i;

    (void)state;
    for (i = 0; i < 1200; i++) {
        in[2 * i] = 'x';
        in[2 * i + 1] = '\n';
    }
    kj_reader_options_init(&o);
    o.format = KJ_INPUT_LINES;
    r = kj_reader_new_mem(&o, in, sizeof in, "f.txt", NULL);
    for (i = 1; i <= 1200; i++) {
        assert_int_equal(kj_reader_next(r, doc), 1);
        snprintf(want, sizeof want, "f.txt:%ld", i);
        assert_string_equal(kj_doc_id(doc), want);
    }
    assert_int_equal(kj_reader_next(r, doc), 0);
    kj_reader_free(r);
    kj_doc_free(doc);
}

static void
text_is_one_document(void **state)
{
    (void)state;
    assert_string_equal(READ(KJ_INPUT_TEXT, 0, "\xEF\xBB\xBFSatu.\nDua."),
                        "in|Satu.\nDua.|||\n");
    /* an empty input is still one (empty) document */
    assert_string_equal(READ(KJ_INPUT_TEXT, 0, ""), "in||||\n");
}

static void
lines_are_documents(void **state)
{
    (void)state;
    assert_string_equal(READ(KJ_INPUT_LINES, 0, "a\r\n\nb\rc\nlast"),
                        "in:1|a|||\nin:2||||\nin:3|b\rc|||\nin:4|last|||\n");
    assert_string_equal(READ(KJ_INPUT_LINES, 0, ""), "");
    assert_string_equal(READ(KJ_INPUT_LINES, 0, "\n"), "in:1||||\n");
}

static void
jsonl_documents_keep_their_place(void **state)
{
    (void)state;
    assert_string_equal(
        READ(KJ_INPUT_JSONL, 0,
             "{\"id\":\"a\",\"text\":\"Halo\"}\n"
             "oops\n"
             "{\"text\":\"tanpa id\"}\n"
             "{\"id\":\"b\"}\n"),
        "a|Halo|||\n"
        "in:2||||not a JSON object\n"
        "in:3|tanpa id|||\n"
        "b||||no string \"text\" in the object\n");
}

static void
conll_documents_and_sentences(void **state)
{
    const char in[] =
        "-DOCSTART- -X- O\n\n"
        "Menteri\tO\nAgus\tB-PER\n\n#\tO\n.\tO\n\n"
        "-DOCSTART- -X- O\n\n"
        "Jepang O\n";

    (void)state;
    assert_string_equal(READ(KJ_INPUT_CONLL, KJ_DOC_UNIT_FILE, in),
                        "in:1|Menteri Agus\n# .|0-7,8-12,13-14,15-16|0-2,2-4|\n"
                        "in:9|Jepang|0-6|0-1|\n");
    assert_string_equal(READ(KJ_INPUT_CONLL, KJ_DOC_UNIT_SENTENCE, in),
                        "in:3|Menteri Agus|0-7,8-12|0-2|\n"
                        "in:6|# .|0-1,2-3|0-2|\n"
                        "in:11|Jepang|0-6|0-1|\n");
    /* no markers: the whole file is one document named after it */
    assert_string_equal(READ(KJ_INPUT_CONLL, 0, "a O\nb O\n\n\nc O"),
                        "in|a b\nc|0-1,2-3,4-5|0-2,2-3|\n");
}

static void
conllu_words_and_comments(void **state)
{
    const char in[] =
        "# newdoc id = berita-1\n"
        "# sent_id = s1\n"
        "# text = Rapatnya ditunda.\n"
        "1-2\tRapatnya\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tRapat\trapat\tNOUN\t_\t_\t3\tnsubj\t_\t_\n"
        "2\tnya\tnya\tDET\t_\t_\t1\tdet\t_\t_\n"
        "3\tditunda\ttunda\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n"
        "3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_\n\n"
        "# sent_id = s2\n"
        "1\tYa\tya\tINTJ\t_\t_\t0\troot\t_\t_\n\n"
        "# newdoc\n"
        "1\tLagi\tlagi\tADV\t_\t_\t0\troot\t_\t_\n";

    (void)state;
    /* words of a multiword token join without a space; empty nodes and
     * ranges are not tokens */
    assert_string_equal(READ(KJ_INPUT_CONLLU, 0, in),
                        "berita-1|Rapatnya ditunda.\nYa|0-5,5-8,9-16,16-17,18-20|0-4,4-5|\n"
                        "in:14|Lagi|0-4|0-1|\n");
    assert_string_equal(READ(KJ_INPUT_CONLLU, KJ_DOC_UNIT_SENTENCE, in),
                        "s1|Rapatnya ditunda.|0-5,5-8,9-16,16-17|0-4|\n"
                        "s2|Ya|0-2|0-1|\n"
                        "in:15|Lagi|0-4|0-1|\n");
}

static void
conll_single_leading_marker_is_the_whole_file(void **state)
{
    (void)state;
    assert_string_equal(READ(KJ_INPUT_CONLL, 0, "-DOCSTART- O\n\nA O\n"),
                        "in|A|0-1|0-1|\n");
    assert_string_equal(READ(KJ_INPUT_CONLL, 0, "-DOCSTART- O\n\nA O\n-DOCSTART- O\nB O\n"),
                        "in:1|A|0-1|0-1|\nin:4|B|0-1|0-1|\n");
}

static void
jsonl_error_keeps_the_id_it_read(void **state)
{
    (void)state;
    assert_string_equal(READ(KJ_INPUT_JSONL, 0, "{\"id\":\"x\",\"text\":17}\n"),
                        "x||||\"text\" is not a string (byte 18)\n");
    assert_string_equal(READ(KJ_INPUT_JSONL, 0, "{\"text\":17,\"id\":\"x\"}\n"),
                        "in:1||||\"text\" is not a string (byte 9)\n");
}

static void
strict_makes_invalid_utf8_an_error(void **state)
{
    const char in[] = "ok\nbad\xC0\n";

    (void)state;
    assert_string_equal(read_all(KJ_INPUT_LINES, 0, 0, in, sizeof in - 1, NULL),
                        "in:1|ok|||\nin:2|bad\xEF\xBF\xBD|||\n");
    assert_string_equal(read_all(KJ_INPUT_LINES, 0, 1, in, sizeof in - 1, NULL),
                        "in:1|ok|||\nin:2|bad\xEF\xBF\xBD|||invalid UTF-8 at byte 6\n");
}

/* A long line crosses many read chunks. */
static void
long_line(void **state)
{
    static char in[300001];
    kj_reader_options o;
    kj_reader *r;
    kj_doc *doc = kj_doc_new();
    size_t len;

    (void)state;
    memset(in, 'a', sizeof in - 1);
    in[150000] = '\n';
    kj_reader_options_init(&o);
    o.format = KJ_INPUT_LINES;
    r = kj_reader_new_mem(&o, in, sizeof in - 1, "big", NULL);
    assert_int_equal(kj_reader_next(r, doc), 1);
    kj_doc_text(doc, &len);
    assert_int_equal(len, 150000);
    assert_int_equal(kj_reader_next(r, doc), 1);
    kj_doc_text(doc, &len);
    assert_int_equal(len, 149999);
    assert_string_equal(kj_doc_id(doc), "big:2");
    assert_int_equal(kj_reader_next(r, doc), 0);
    kj_reader_free(r);
    kj_doc_free(doc);
}

static int diag_count;
static char diag_text[256];

static void
count_diag(void *user, const kj_diag *d)
{
    (void)user;
    diag_count++;
    snprintf(diag_text, sizeof diag_text, "%d %s:%ld @%lld %s", d->severity,
             d->file, d->line, d->offset, d->message);
}

static void
diagnostics_name_the_place(void **state)
{
    const char in[] = "good\nba\xFF" "d\n";
    kj_reader_options o;
    kj_reader *r;
    kj_doc *doc = kj_doc_new();

    (void)state;
    kj_reader_options_init(&o);
    o.format = KJ_INPUT_LINES;
    o.diag = count_diag;
    r = kj_reader_new_mem(&o, in, sizeof in - 1, "f.txt", NULL);
    diag_count = 0;
    while (kj_reader_next(r, doc) == 1)
        ;
    assert_int_equal(diag_count, 1);
    assert_string_equal(diag_text, "1 f.txt:2 @7 invalid UTF-8 at byte 7: "
                                   "1 sequence replaced by U+FFFD");
    kj_reader_free(r);
    kj_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_is_one_document),
        cmocka_unit_test(lines_are_documents),
        cmocka_unit_test(line_ids_count_lines),
        cmocka_unit_test(jsonl_documents_keep_their_place),
        cmocka_unit_test(conll_documents_and_sentences),
        cmocka_unit_test(conllu_words_and_comments),
        cmocka_unit_test(conll_single_leading_marker_is_the_whole_file),
        cmocka_unit_test(jsonl_error_keeps_the_id_it_read),
        cmocka_unit_test(strict_makes_invalid_utf8_an_error),
        cmocka_unit_test(long_line),
        cmocka_unit_test(diagnostics_name_the_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
