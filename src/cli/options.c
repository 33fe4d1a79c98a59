/* SPDX-License-Identifier: MIT */
/* options.c - table-driven option parsing and help for the kijang commands */
#include <config.h>

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

const char cli_exit_codes_help[] =
    "Exit status:\n"
    "  0    all documents tagged\n"
    "  1    some documents or inputs had errors (reported; the rest were done)\n"
    "  2    usage error\n"
    "  3    lexicon missing, damaged or incompatible\n"
    "  4    output error (e.g. a full disk)\n"
    "  130  interrupted (SIGINT)\n"
    "A closed output pipe ends the run at once, without a message.\n";

int
cli_parse(int argc, char **argv, const cli_option *opts, size_t nopts,
          cli_option_fn fn, void *ctx)
{
    struct option *lo = calloc(nopts + 1, sizeof *lo);
    char *so = malloc(2 * nopts + 3), *p = so;
    int c, li, rc = -1;

    if (lo == NULL || so == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        goto done;
    }
    *p++ = ':';
    for (size_t i = 0; i < nopts; i++) {
        lo[i].name = opts[i].name;
        lo[i].has_arg = opts[i].arg ? required_argument : no_argument;
        lo[i].flag = NULL;
        lo[i].val = 256 + (int)i;
        if (opts[i].short_name) {
            *p++ = (char)opts[i].short_name;
            if (opts[i].arg)
                *p++ = ':';
        }
    }
    *p = '\0';
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, so, lo, &li)) != -1) {
        size_t i;
        if (c == '?') {
            if (optopt)
                cli_usage_error(argv[0], "unknown option '-%c'", optopt);
            else
                cli_usage_error(argv[0], "unknown option '%s'", argv[optind - 1]);
            goto done;
        }
        if (c == ':') {
            cli_usage_error(argv[0], "option '%s' needs an argument",
                            argv[optind - 1]);
            goto done;
        }
        if (c >= 256)
            i = (size_t)(c - 256);
        else
            for (i = 0; i < nopts && opts[i].short_name != c; i++)
                ;
        if (i >= nopts || fn(ctx, i, opts[i].arg ? optarg : NULL) != 0)
            goto done;
    }
    rc = optind;
done:
    free(lo);
    free(so);
    return rc;
}

/* Help text; a newline in it continues in the same column. */
static void
print_help_text(FILE *out, const char *help)
{
    const char *nl;

    while ((nl = strchr(help, '\n')) != NULL) {
        fprintf(out, "%.*s\n%28s", (int)(nl - help), help, "");
        help = nl + 1;
    }
    fprintf(out, "%s\n", help);
}

void
cli_print_options(FILE *out, const cli_option *opts, size_t nopts)
{
    for (size_t i = 0; i < nopts; i++) {
        char left[64];
        int n;

        if (opts[i].short_name)
            n = snprintf(left, sizeof left, "  -%c, --%s", opts[i].short_name,
                         opts[i].name);
        else
            n = snprintf(left, sizeof left, "      --%s", opts[i].name);
        if (opts[i].arg && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, " %s", opts[i].arg);
        if (strlen(left) < 28)
            fprintf(out, "%-28s", left);
        else
            fprintf(out, "%s\n%28s", left, "");
        print_help_text(out, opts[i].help);
    }
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("kijang: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'kijang %s --help' for more information.\n",
            cmd ? cmd : "");
    return 2;
}

int
cli_choice(const char *word, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (strcmp(word, choices[i]) == 0)
            return i;
    return -1;
}
