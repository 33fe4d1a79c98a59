/* SPDX-License-Identifier: MIT */
/* cmd_check.c - kijang check: verify compiled lexicons completely */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

enum { K_QUIET, K_HELP };

const cli_option check_options[] = {
    [K_QUIET] = {"quiet", 'q', NULL, "print nothing for images that are sound"},
    [K_HELP] = {"help", 'h', NULL, "show this help and exit"},
};
const size_t num_check_options = sizeof check_options / sizeof check_options[0];

typedef struct check_run {
    int quiet, help;
} check_run;

void
cli_check_help(FILE *out)
{
    fputs("Usage: kijang check FILE.kjlex...\n"
          "Verify compiled lexicons: the header, the checksum over the whole\n"
          "file and every offset of its structure. Prints one line per sound\n"
          "image; a damaged one is reported and makes the exit status 3.\n"
          "\nOptions:\n", out);
    cli_print_options(out, check_options, num_check_options);
    fputs("\n", out);
    fputs(cli_exit_codes_help, out);
}

static int
on_option(void *ctx, size_t index, const char *arg)
{
    check_run *run = ctx;

    (void)arg;
    if (index == K_QUIET)
        run->quiet = 1;
    else
        run->help = 1;
    return 0;
}

int
cmd_check(int argc, char **argv)
{
    check_run run;
    int first, i, status = KJ_EXIT_OK;

    memset(&run, 0, sizeof run);
    first = cli_parse(argc, argv, check_options, num_check_options, on_option, &run);
    if (first < 0)
        return KJ_EXIT_USAGE;
    if (run.help) {
        cli_check_help(stdout);
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (first >= argc)
        return cli_usage_error("check", "no lexicon files");
    for (i = first; i < argc; i++) {
        kj_lexicon *lx = kj_lexicon_open(argv[i], cli_report, NULL, NULL);
        if (lx == NULL || kj_lexicon_check(lx, cli_report, NULL) != KJ_OK)
            status = KJ_EXIT_LEXICON;
        else if (!run.quiet)
            printf("%s: ok: %zu entries, format %d\n", argv[i],
                   kj_lexicon_num_entries(lx), KJ_LEXICON_FORMAT);
        kj_lexicon_free(lx);
    }
    if (fflush(stdout) != 0)
        return KJ_EXIT_OUTPUT;
    return status;
}
