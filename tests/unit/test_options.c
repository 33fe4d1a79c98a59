/* SPDX-License-Identifier: MIT */
/* test_options.c - option tables: unique names, every option in --help */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"

/* Every command's table and help. */
static const struct command {
    const cli_option *opts;
    const size_t *n;
    void (*help)(FILE *out);
} commands[] = {
    {tag_options, &num_tag_options, cli_tag_help},
    {compile_options, &num_compile_options, cli_compile_help},
    {check_options, &num_check_options, cli_check_help},
    {dump_options, &num_dump_options, cli_dump_help},
    {eval_options, &num_eval_options, cli_eval_help},
};
#define NUM_COMMANDS (sizeof commands / sizeof commands[0])

static void
names_are_unique(void **state)
{
    size_t c, i, j;

    (void)state;
    for (c = 0; c < NUM_COMMANDS; c++) {
        const cli_option *o = commands[c].opts;
        for (i = 0; i < *commands[c].n; i++)
            for (j = i + 1; j < *commands[c].n; j++) {
                assert_string_not_equal(o[i].name, o[j].name);
                if (o[i].short_name)
                    assert_int_not_equal(o[i].short_name, o[j].short_name);
            }
    }
}

/* The help text as printed: continuation lines in the help column. */
static const char *
indented(const char *help)
{
    static char out[512];
    size_t k = 0;

    for (; *help && k + 30 < sizeof out; help++) {
        out[k++] = *help;
        if (*help == '\n')
            k += (size_t)snprintf(out + k, sizeof out - k, "%28s", "");
    }
    out[k] = '\0';
    return out;
}

static void
help_lists_every_option(void **state)
{
    size_t c, i;

    (void)state;
    for (c = 0; c < NUM_COMMANDS; c++) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        assert_non_null(f);
        commands[c].help(f);
        fclose(f);
        for (i = 0; i < *commands[c].n; i++) {
            char want[64];
            snprintf(want, sizeof want, "--%s", commands[c].opts[i].name);
            assert_non_null(strstr(text, want));
            assert_non_null(strstr(text, indented(commands[c].opts[i].help)));
        }
        assert_non_null(strstr(text, "Exit status:"));
        free(text);
    }
}

static int seen[32];

static int
record(void *ctx, size_t index, const char *arg)
{
    (void)ctx;
    (void)arg;
    seen[index]++;
    return 0;
}

static void
parse_finds_operands(void **state)
{
    char *argv[] = {"tag", "-f", "jsonl", "in.txt", "--strict", "--", "-x", NULL};
    int first;

    (void)state;
    memset(seen, 0, sizeof seen);
    first = cli_parse(7, argv, tag_options, num_tag_options, record, NULL);
    assert_int_equal(first, 5);
    assert_string_equal(argv[first], "in.txt");
    assert_string_equal(argv[first + 1], "-x");
}

static void
choices(void **state)
{
    static const char *const c[] = {"a", "bb", NULL};

    (void)state;
    assert_int_equal(cli_choice("bb", c), 1);
    assert_int_equal(cli_choice("b", c), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_are_unique),
        cmocka_unit_test(help_lists_every_option),
        cmocka_unit_test(parse_finds_operands),
        cmocka_unit_test(choices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
