/* SPDX-License-Identifier: MIT */
/* cmd_compile.c - kijang compile: lexicon sources to a .kjlex image */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "inputs.h"
#include "report.h"

enum { C_OUTPUT, C_OLD_SPELLING, C_HELP };

const cli_option compile_options[] = {
    [C_OUTPUT] = {"output", 'o', "FILE", "write the image to FILE (required)"},
    [C_OLD_SPELLING] = {"old-spelling", 0, NULL,
                        "give every entry its old Indonesian spellings (oe, dj, tj)"},
    [C_HELP] = {"help", 'h', NULL, "show this help and exit"},
};
const size_t num_compile_options = sizeof compile_options / sizeof compile_options[0];

typedef struct compile_run {
    const char *output;
    int help;
    int old_spelling;
    kj_compiler *c;
    cli_counts counts;
    int oom;
} compile_run;

void
cli_compile_help(FILE *out)
{
    fputs("Usage: kijang compile SOURCE... -o FILE.kjlex\n"
          "Compile lexicon sources (UTF-8 TSV, see kijang-lexicon(5)) into one\n"
          "image. A SOURCE directory gives its .tsv files, recursively, in\n"
          "sorted order. Every bad line of every source is reported; the image\n"
          "is written (through a verified temporary file) only when there are\n"
          "no errors.\n\nOptions:\n", out);
    cli_print_options(out, compile_options, num_compile_options);
    fputs("\n", out);
    fputs(cli_exit_codes_help, out);
}

static int
on_option(void *ctx, size_t index, const char *arg)
{
    compile_run *run = ctx;

    if (index == C_OUTPUT)
        run->output = arg;
    else if (index == C_OLD_SPELLING)
        run->old_spelling = 1;
    else
        run->help = 1;
    return 0;
}

int
cmd_compile(int argc, char **argv)
{
    compile_run run;
    int first, i, rc, status = KJ_EXIT_OK;

    memset(&run, 0, sizeof run);
    first = cli_parse(argc, argv, compile_options, num_compile_options,
                      on_option, &run);
    if (first < 0)
        return KJ_EXIT_USAGE;
    if (run.help) {
        cli_compile_help(stdout);
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (run.output == NULL)
        return cli_usage_error("compile", "no output file (-o FILE.kjlex)");
    if (first >= argc)
        return cli_usage_error("compile", "no source files");
    run.c = kj_compiler_new(cli_report, &run.counts, NULL);
    if (run.c == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        return KJ_EXIT_DATA;
    }
    kj_compiler_set_old_spelling(run.c, run.old_spelling);
    for (i = first; i < argc && !run.oom; i++)
        if (cli_add_sources(run.c, argv[i], &run.counts.errors) != 0)
            run.oom = 1;
    if (run.oom) {
        fprintf(stderr, "kijang: out of memory\n");
        status = KJ_EXIT_DATA;
    } else if (run.counts.errors > 0) {
        fprintf(stderr, "kijang: %lu error%s; %s not written\n", run.counts.errors,
                run.counts.errors == 1 ? "" : "s", run.output);
        status = KJ_EXIT_LEXICON;
    } else {
        rc = kj_compiler_write(run.c, run.output);
        if (rc == KJ_EIO)
            status = KJ_EXIT_OUTPUT;
        else if (rc == KJ_ENOMEM) {
            fprintf(stderr, "kijang: out of memory\n");
            status = KJ_EXIT_DATA;
        } else if (rc != KJ_OK)
            status = KJ_EXIT_LEXICON;
    }
    kj_compiler_free(run.c);
    return status;
}
