/* SPDX-License-Identifier: MIT */
/* test_json.c - reading JSONL documents and escaping strings */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

static kj_json_doc d;
static char err[160];

static int
setup(void **state)
{
    (void)state;
    kj_json_doc_init(&d);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    kj_json_doc_free(&d);
    return 0;
}

static int
parse(const char *s)
{
    err[0] = '\0';
    return kj_json_read_doc(s, strlen(s), &d, err, sizeof err);
}

static void
text_and_id(void **state)
{
    (void)state;
    assert_int_equal(parse(" {\"id\": \"a1\", \"text\": \"Halo\\n\\u00e9\\ud83d\\ude00\"} "), 0);
    assert_true(d.has_text);
    assert_true(d.has_id);
    assert_string_equal(d.id.data, "a1");
    assert_string_equal(d.text.data, "Halo\n\xC3\xA9\xF0\x9F\x98\x80");
    assert_int_equal(d.extra.len, 0);
}

static void
numeric_and_null_id(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"text\":\"x\",\"id\":-12.5e3}"), 0);
    assert_string_equal(d.id.data, "-12.5e3");
    assert_int_equal(parse("{\"text\":\"x\",\"id\":null}"), 0);
    assert_false(d.has_id);
    assert_int_equal(parse("{\"text\":\"x\",\"id\":[1]}"), -1);
    assert_non_null(strstr(err, "\"id\""));
}

static void
members_pass_through(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"url\": \"http://x\", \"text\":\"t\", \"tokens\":[1],"
                          " \"meta\":{\"a\":[true,false,null]}, \"entities\":0}"), 0);
    assert_string_equal(d.extra.data,
                        ",\"url\": \"http://x\",\"meta\":{\"a\":[true,false,null]}");
}

static void
lone_surrogate_becomes_fffd(void **state)
{
    (void)state;
    assert_int_equal(parse("{\"text\":\"ab\\udc00c\"}"), 0);
    assert_string_equal(d.text.data, "ab\xEF\xBF\xBD" "c");
    assert_int_equal(d.lone_surrogates[0], 1);
    assert_int_equal(d.lone_surrogates[1], 2);
}

static void
malformed(void **state)
{
    (void)state;
    assert_int_equal(parse(""), -1);
    assert_string_equal(err, "not a JSON object");
    assert_int_equal(parse("[1,2]"), -1);
    assert_int_equal(parse("{\"text\":\"x\""), -1);
    assert_int_equal(parse("{\"text\":\"x\"} x"), -1);
    assert_non_null(strstr(err, "trailing"));
    assert_int_equal(parse("{\"text\":5}"), -1);
    assert_int_equal(parse("{\"text\":\"a\tb\"}"), -1);  /* raw control char */
    assert_int_equal(parse("{\"text\":\"\\x\"}"), -1);
    assert_int_equal(parse("{\"a\":01,\"text\":\"\"}"), -1);
    assert_int_equal(parse("{\"a\":tru,\"text\":\"\"}"), -1);
    assert_int_equal(parse("{'text':''}"), -1);
}

static void
deep_nesting_is_refused(void **state)
{
    char s[2100];
    size_t i, n = 0;

    (void)state;
    n += (size_t)sprintf(s, "{\"a\":");
    for (i = 0; i < 1000; i++)
        s[n++] = '[';
    for (i = 0; i < 1000; i++)
        s[n++] = ']';
    strcpy(s + n, ",\"text\":\"\"}");
    assert_int_equal(parse(s), -1);
    assert_non_null(strstr(err, "deep"));
}

static void
escape(void **state)
{
    kj_buf b;

    (void)state;
    kj_buf_init(&b);
    kj_json_put_string(&b, "a\"b\\c\n\t\x01\x7F\xC3\xA9", 11);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\xC3\xA9\"");
    kj_buf_reset(&b);
    kj_json_put_string(&b, "a\0b", 3);
    assert_string_equal(b.data, "\"a\\u0000b\"");
    kj_buf_free(&b);
}

/* The value tree: types, nesting, decoding, the last duplicate key. */
static void
parse_tree(void **state)
{
    const char *in = " {\"text\":\"a\\u00e9\",\"entities\":[[0,2,\"PER\"],"
                     "{\"start\":3,\"label\":\"LOC\",\"ok\":true}],"
                     "\"n\":-1.5e2,\"z\":null,\"k\":1,\"k\":2} ";
    kj_json_value v;
    const kj_json_value *e, *m;
    char msg[128];

    (void)state;
    assert_int_equal(kj_json_parse(in, strlen(in), &v, msg, sizeof msg), 0);
    assert_int_equal(v.type, KJ_JSON_OBJECT);
    m = kj_json_member(&v, "text");
    assert_non_null(m);
    assert_int_equal(m->type, KJ_JSON_STRING);
    assert_string_equal(m->str, "a\xC3\xA9");
    assert_int_equal(m->len, 3);
    e = kj_json_member(&v, "entities");
    assert_int_equal(e->type, KJ_JSON_ARRAY);
    assert_int_equal(e->n, 2);
    assert_int_equal(e->items[0].type, KJ_JSON_ARRAY);
    assert_true(e->items[0].items[1].number == 2.0);
    assert_string_equal(e->items[0].items[2].str, "PER");
    assert_int_equal(e->items[1].type, KJ_JSON_OBJECT);
    assert_true(kj_json_member(&e->items[1], "start")->number == 3.0);
    assert_int_equal(kj_json_member(&e->items[1], "ok")->type, KJ_JSON_BOOL);
    assert_true(kj_json_member(&v, "n")->number == -150.0);
    assert_int_equal(kj_json_member(&v, "z")->type, KJ_JSON_NULL);
    assert_true(kj_json_member(&v, "k")->number == 2.0);
    assert_null(kj_json_member(&v, "missing"));
    assert_null(kj_json_member(e, "text")); /* not an object */
    kj_json_value_free(&v);
}

static void
parse_errors(void **state)
{
    static const struct { const char *in, *msg; } cases[] = {
        {"[1,2", "invalid JSON: expected ',' or ']' at end of line"},
        {"{\"a\" 1}", "invalid JSON: expected ':' at byte 6"},
        {"[1] x", "invalid JSON: trailing characters after the value at byte 5"},
        {"", "invalid JSON: expected a value at end of line"},
        {"{\"a\":[tru]}", "invalid JSON: unexpected character at byte 7"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kj_json_value v;
        char msg[128];
        assert_int_equal(kj_json_parse(cases[i].in, strlen(cases[i].in), &v,
                                       msg, sizeof msg), -1);
        assert_string_equal(msg, cases[i].msg);
        assert_int_equal(v.n, 0);
        assert_null(v.items);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_and_id),
        cmocka_unit_test(numeric_and_null_id),
        cmocka_unit_test(members_pass_through),
        cmocka_unit_test(lone_surrogate_becomes_fffd),
        cmocka_unit_test(malformed),
        cmocka_unit_test(deep_nesting_is_refused),
        cmocka_unit_test(escape),
        cmocka_unit_test(parse_tree),
        cmocka_unit_test(parse_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
