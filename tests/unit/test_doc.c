/* SPDX-License-Identifier: MIT */
/* test_doc.c - the document model: decoding, offsets, entities, reuse */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"

static void
valid_text_is_kept_as_is(void **state)
{
    kj_doc *doc = kj_doc_new();
    size_t len;

    (void)state;
    assert_int_equal(kj_doc_set_text(doc, "d1", "Menteri Hagiuda", 15), KJ_OK);
    assert_string_equal(kj_doc_id(doc), "d1");
    assert_string_equal(kj_doc_text(doc, &len), "Menteri Hagiuda");
    assert_int_equal(len, 15);
    assert_int_equal(kj_doc_replacements(doc), 0);
    assert_int_equal(kj_doc_first_invalid(doc), -1);
    assert_int_equal(kj_doc_input_offset(doc, 8), 8);
    kj_doc_free(doc);
}

static void
bom_and_invalid_bytes_map_back(void **state)
{
    /* BOM, "ab", two bad bytes, "c", truncated 3-byte sequence, "d" */
    const char in[] = "\xEF\xBB\xBF" "ab\xFF\xFE" "c\xE2\x80" "d";
    kj_doc *doc = kj_doc_new();
    size_t len;
    const char *t;

    (void)state;
    assert_int_equal(kj_doc_set_text(doc, NULL, in, sizeof in - 1), KJ_OK);
    t = kj_doc_text(doc, &len);
    assert_string_equal(t, "ab\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d");
    assert_int_equal(kj_doc_replacements(doc), 3);
    assert_int_equal(kj_doc_first_invalid(doc), 5);
    assert_int_equal(kj_doc_input_offset(doc, 0), 3);   /* a */
    assert_int_equal(kj_doc_input_offset(doc, 2), 5);   /* first U+FFFD */
    assert_int_equal(kj_doc_input_offset(doc, 5), 6);   /* second U+FFFD */
    assert_int_equal(kj_doc_input_offset(doc, 8), 7);   /* c */
    assert_int_equal(kj_doc_input_offset(doc, 9), 8);   /* third U+FFFD */
    assert_int_equal(kj_doc_input_offset(doc, 12), 10); /* d */
    assert_int_equal(kj_doc_input_offset(doc, 13), 11); /* end */
    kj_doc_free(doc);
}

/* A document takes a whole valid input's buffer (no copy) and gives its
 * old one back emptied; invalid bytes, or an input that does not start at
 * offset 0, are appended as kj_doc_append_input() does. */
static void
input_taken_whole(void **state)
{
    kj_doc *doc = kj_doc_new();
    kj_buf in;
    const char *t, *mem;
    size_t len;

    (void)state;
    kj_buf_init(&in);
    kj_buf_append(&in, "Menteri Hagiuda", 15);
    mem = in.data;
    kj_doc_reset(doc);
    assert_int_equal(kj_doc_take_input(doc, &in, 0), KJ_OK);
    t = kj_doc_text(doc, &len);
    assert_ptr_equal(t, mem);
    assert_int_equal(len, 15);
    assert_string_equal(t, "Menteri Hagiuda");
    assert_int_equal(in.len, 0);
    assert_int_equal(kj_doc_replacements(doc), 0);
    /* invalid bytes: copied with the replacement and its shift */
    kj_buf_reset(&in);
    kj_buf_append(&in, "ab\xFF" "c", 4);
    kj_doc_reset(doc);
    assert_int_equal(kj_doc_take_input(doc, &in, 0), KJ_OK);
    t = kj_doc_text(doc, &len);
    assert_ptr_not_equal(t, in.data);
    assert_string_equal(t, "ab\xEF\xBF\xBD" "c");
    assert_int_equal(kj_doc_replacements(doc), 1);
    assert_int_equal(kj_doc_input_offset(doc, 5), 3);
    /* a stream that starts further on keeps its offsets */
    kj_buf_reset(&in);
    kj_buf_append(&in, "xyz", 3);
    kj_doc_reset(doc);
    assert_int_equal(kj_doc_take_input(doc, &in, 10), KJ_OK);
    t = kj_doc_text(doc, &len);
    assert_string_equal(t, "xyz");
    assert_int_equal(kj_doc_input_offset(doc, 1), 11);
    kj_buf_free(&in);
    kj_doc_free(doc);
}

static void
entities_stay_sorted_and_disjoint(void **state)
{
    kj_doc *doc = kj_doc_new();
    kj_tagger *t = kj_tagger_new(NULL);
    const char *txt = "Agus bertemu Menteri METI Jepang. Lalu pulang.";
    const kj_entity *e;
    size_t n;

    (void)state;
    assert_int_equal(kj_doc_set_text(doc, "x", txt, strlen(txt)), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    kj_doc_sentences(doc, &n);
    assert_int_equal(n, 2);
    assert_int_equal(kj_doc_add_entity(doc, 4, 5, "LOC", "test:1"), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 0, 1, "PER", NULL), KJ_OK);
    assert_int_equal(kj_doc_add_entity(doc, 3, 4, "ORG", NULL), KJ_OK);
    /* overlap, empty, out of range, across the sentence end */
    assert_int_equal(kj_doc_add_entity(doc, 3, 5, "ORG", NULL), KJ_EINVAL);
    assert_int_equal(kj_doc_add_entity(doc, 2, 2, "ORG", NULL), KJ_EINVAL);
    assert_int_equal(kj_doc_add_entity(doc, 8, 99, "ORG", NULL), KJ_EINVAL);
    assert_int_equal(kj_doc_add_entity(doc, 5, 7, "ORG", NULL), KJ_EINVAL);
    e = kj_doc_entities(doc, &n);
    assert_int_equal(n, 3);
    assert_string_equal(e[0].label, "PER");
    assert_string_equal(e[1].label, "ORG");
    assert_int_equal(e[1].start, 21);
    assert_int_equal(e[1].end, 25);
    assert_string_equal(e[2].label, "LOC");
    assert_string_equal(e[2].source, "test:1");
    kj_tagger_free(t);
    kj_doc_free(doc);
}

static void
reuse_resets_everything(void **state)
{
    kj_doc *doc = kj_doc_new();
    kj_tagger *t = kj_tagger_new(NULL);
    size_t n, len;
    int i;

    (void)state;
    for (i = 0; i < 3; i++) {
        assert_int_equal(kj_doc_set_text(doc, "a", "Satu dua tiga.", 14), KJ_OK);
        assert_int_equal(kj_tag(t, doc), KJ_OK);
        assert_int_equal(kj_doc_add_entity(doc, 0, 1, "PER", NULL), KJ_OK);
        kj_doc_tokens(doc, &n);
        assert_int_equal(n, 4);
    }
    assert_int_equal(kj_doc_set_error(doc, "broken"), KJ_OK);
    assert_string_equal(kj_doc_error(doc), "broken");
    kj_doc_reset(doc);
    assert_null(kj_doc_error(doc));
    assert_string_equal(kj_doc_id(doc), "");
    assert_string_equal(kj_doc_text(doc, &len), "");
    kj_doc_entities(doc, &n);
    assert_int_equal(n, 0);
    kj_doc_free(NULL);
    kj_tagger_free(t);
    kj_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_text_is_kept_as_is),
        cmocka_unit_test(bom_and_invalid_bytes_map_back),
        cmocka_unit_test(input_taken_whole),
        cmocka_unit_test(entities_stay_sorted_and_disjoint),
        cmocka_unit_test(reuse_resets_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
