/* SPDX-License-Identifier: MIT */
/* options.h - table-driven option parsing and help for the kijang commands
 *
 * Each command declares one table of options; getopt_long's arrays and the
 * help text are both generated from it, so the parser and --help cannot
 * drift apart (tests/unit/test_options.c checks the tables).
 */
#ifndef KJ_CLI_OPTIONS_H
#define KJ_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_option {
    const char *name;   /* long name, without "--" */
    int short_name;     /* a letter, or 0 */
    const char *arg;    /* argument name for help ("FORMAT"), or NULL */
    const char *help;   /* "(default X)" where there is one; a "\n"
                           continues in the help column */
} cli_option;

/* Called for each option found: `index` into the table, `arg` or NULL.
 * Returns 0, or non-zero to stop parsing with a usage error (after printing
 * its own message). */
typedef int (*cli_option_fn)(void *ctx, size_t index, const char *arg);

/* Parse argv with the table. Returns the index of the first operand, or -1
 * after a usage error (the message already printed to stderr). */
int cli_parse(int argc, char **argv, const cli_option *opts, size_t nopts,
              cli_option_fn fn, void *ctx);

/* Print the options of a table, two columns, to `out`. */
void cli_print_options(FILE *out, const cli_option *opts, size_t nopts);

/* Usage error: "kijang: MESSAGE" and a hint, to stderr. Returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Find `word` in a NULL-terminated list; its index or -1. */
int cli_choice(const char *word, const char *const *choices);

#endif
