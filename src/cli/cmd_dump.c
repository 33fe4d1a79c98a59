/* SPDX-License-Identifier: MIT */
/* cmd_dump.c - kijang dump: print a compiled lexicon back as source lines */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

enum { D_HELP };

const cli_option dump_options[] = {
    [D_HELP] = {"help", 'h', NULL, "show this help and exit"},
};
const size_t num_dump_options = sizeof dump_options / sizeof dump_options[0];

void
cli_dump_help(FILE *out)
{
    fputs("Usage: kijang dump FILE.kjlex\n"
          "Print every entry as one source line, SURFACE<TAB>LABEL then its\n"
          "attributes (case= and prio= when not the default), sorted, so that\n"
          "compiling the output gives an image with the same entries.\n"
          "\nOptions:\n", out);
    cli_print_options(out, dump_options, num_dump_options);
    fputs("\n", out);
    fputs(cli_exit_codes_help, out);
}

static int
on_option(void *ctx, size_t index, const char *arg)
{
    (void)index;
    (void)arg;
    *(int *)ctx = 1;
    return 0;
}

static int
by_line(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;

    if (x == NULL || y == NULL)      /* skipped variants go last */
        return (x == NULL) - (y == NULL);
    return strcmp(x, y);
}

/* One entry as a source line (malloc'ed). */
static char *
entry_line(const kj_lexicon_entry *e)
{
    size_t n = strlen(e->surface) + strlen(e->label) + strlen(e->attrs) + 64;
    char *s = malloc(n);
    int k;

    if (s == NULL)
        return NULL;
    k = snprintf(s, n, "%s\t%s", e->surface, e->label);
    if (e->attrs[0])
        k += snprintf(s + k, n - (size_t)k, "\t%s", e->attrs);
    if (strcmp(e->case_policy, "smart") != 0)
        k += snprintf(s + k, n - (size_t)k, "\tcase=%s", e->case_policy);
    if (e->prio != 0)
        snprintf(s + k, n - (size_t)k, "\tprio=%d", e->prio);
    return s;
}

int
cmd_dump(int argc, char **argv)
{
    int first, help = 0, status = KJ_EXIT_OK, oom = 0;
    kj_lexicon *lx;
    char **lines;
    size_t n, i;

    first = cli_parse(argc, argv, dump_options, num_dump_options, on_option, &help);
    if (first < 0)
        return KJ_EXIT_USAGE;
    if (help) {
        cli_dump_help(stdout);
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (first + 1 != argc)
        return cli_usage_error("dump", "expected one lexicon file");
    lx = kj_lexicon_open(argv[first], cli_report, NULL, NULL);
    if (lx == NULL)
        return KJ_EXIT_LEXICON;
    n = kj_lexicon_num_entries(lx);
    lines = calloc(n ? n : 1, sizeof *lines);
    if (lines == NULL)
        oom = 1;
    for (i = 0; !oom && i < n; i++) {
        kj_lexicon_entry e;
        if (kj_lexicon_get_entry(lx, i, &e) != KJ_OK) {
            fprintf(stderr, "%s: error: entry %zu is damaged; rebuild it with "
                            "'kijang compile'\n", argv[first], i);
            status = KJ_EXIT_LEXICON;
            break;
        }
        if (e.variant)        /* the compiler makes these again */
            continue;
        if ((lines[i] = entry_line(&e)) == NULL)
            oom = 1;
    }
    if (oom) {
        fprintf(stderr, "kijang: out of memory\n");
        status = KJ_EXIT_DATA;
    }
    if (status == KJ_EXIT_OK) {
        qsort(lines, n, sizeof *lines, by_line);
        for (i = 0; i < n && lines[i]; i++)
            if (puts(lines[i]) == EOF)
                break;
        if (fflush(stdout) != 0)
            status = KJ_EXIT_OUTPUT;
    }
    for (i = 0; lines && i < n; i++)
        free(lines[i]);
    free(lines);
    kj_lexicon_free(lx);
    return status;
}
