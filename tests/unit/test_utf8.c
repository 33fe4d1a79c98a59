/* SPDX-License-Identifier: MIT */
/* test_utf8.c - UTF-8 validation, maximal subparts, offset units */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

static void
valid_prefix(void **state)
{
    (void)state;
    assert_int_equal(kj_utf8_valid_prefix("", 0), 0);
    assert_int_equal(kj_utf8_valid_prefix("Jakarta Selatan", 15), 15);
    assert_int_equal(kj_utf8_valid_prefix("K\xC5\x8D" "ichi", 7), 7);
    assert_int_equal(kj_utf8_valid_prefix("\xF0\x9F\x98\x80!", 5), 5);
    assert_int_equal(kj_utf8_valid_prefix("abcdefghij\xFFz", 12), 10);
    /* overlong, surrogate, above U+10FFFF, truncated */
    assert_int_equal(kj_utf8_valid_prefix("a\xC0\xAF", 3), 1);
    assert_int_equal(kj_utf8_valid_prefix("a\xED\xA0\x80", 4), 1);
    assert_int_equal(kj_utf8_valid_prefix("a\xF4\x90\x80\x80", 5), 1);
    assert_int_equal(kj_utf8_valid_prefix("a\xE2\x80", 3), 1);
}

/* Unicode's recommended practice (Table 3-8 examples). */
static void
maximal_subparts(void **state)
{
    (void)state;
    assert_int_equal(kj_utf8_invalid_length("\xC0\xAF", 2), 1);
    assert_int_equal(kj_utf8_invalid_length("\xE0\x80\x80", 3), 1);
    assert_int_equal(kj_utf8_invalid_length("\xED\xA0\x80", 3), 1);
    assert_int_equal(kj_utf8_invalid_length("\xF4\x90\x80\x80", 4), 1);
    assert_int_equal(kj_utf8_invalid_length("\xE2\x80" "A", 3), 2);
    assert_int_equal(kj_utf8_invalid_length("\xF0\x9F\x98" "A", 4), 3);
    assert_int_equal(kj_utf8_invalid_length("\xF0\x9F\x98", 3), 3);
    assert_int_equal(kj_utf8_invalid_length("\x80", 1), 1);
    assert_int_equal(kj_utf8_invalid_length("\xFF", 1), 1);
}

/* A sequence, valid or not, at every place of ASCII text of every length
 * up to 150 bytes (ASCII is skipped in blocks of 8, 32 and 64 bytes): the
 * valid prefix ends after it or at it. Each text sits at the very end of
 * its allocation, so that a read past it shows under ASan and valgrind. */
static void
valid_prefix_blocks(void **state)
{
    static const struct {
        const char *s;
        int valid;
    } seqs[] = {
        {"\xC3\xA9", 1}, {"\xE2\x80\x9C", 1}, {"\xF0\x9F\x98\x80", 1},
        {"\xFF", 0}, {"\xC3", 0}, {"\xED\xA0\x80", 0},
    };
    size_t len, at, k;

    (void)state;
    for (k = 0; k < sizeof seqs / sizeof seqs[0]; k++)
        for (len = 0; len <= 150; len++)
            for (at = 0; at <= len; at++) {
                size_t m = strlen(seqs[k].s), n = len + m;
                char *t = malloc(n);
                assert_non_null(t);
                memset(t, 'a', n);
                memcpy(t + at, seqs[k].s, m);
                assert_int_equal(kj_utf8_valid_prefix(t, n), seqs[k].valid ? n : at);
                free(t);
            }
}

static void
decode(void **state)
{
    size_t len;

    (void)state;
    assert_int_equal(kj_utf8_decode("A", 1, &len), 'A');
    assert_int_equal(len, 1);
    assert_int_equal(kj_utf8_decode("\xC5\x8D", 2, &len), 0x14D);
    assert_int_equal(len, 2);
    assert_int_equal(kj_utf8_decode("\xE2\x80\x9C", 3, &len), 0x201C);
    assert_int_equal(len, 3);
    assert_int_equal(kj_utf8_decode("\xF0\x9F\x98\x80", 4, &len), 0x1F600);
    assert_int_equal(len, 4);
}

static void
offset_units(void **state)
{
    /* "é😀a": é = 2 bytes, 😀 = 4 bytes (2 UTF-16 units), a = 1 byte */
    const char *t = "\xC3\xA9\xF0\x9F\x98\x80" "a";
    kj_offconv cp, u16;

    (void)state;
    kj_offconv_init(&cp, t, 0);
    kj_offconv_init(&u16, t, 1);
    assert_int_equal(kj_offconv_units(&cp, 0), 0);
    assert_int_equal(kj_offconv_units(&cp, 2), 1);
    assert_int_equal(kj_offconv_units(&cp, 6), 2);
    assert_int_equal(kj_offconv_units(&cp, 7), 3);
    assert_int_equal(kj_offconv_units(&u16, 2), 1);
    assert_int_equal(kj_offconv_units(&u16, 6), 3);
    assert_int_equal(kj_offconv_units(&u16, 7), 4);
    /* going back restarts */
    assert_int_equal(kj_offconv_units(&u16, 2), 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_prefix),
        cmocka_unit_test(maximal_subparts),
        cmocka_unit_test(valid_prefix_blocks),
        cmocka_unit_test(decode),
        cmocka_unit_test(offset_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
