/* SPDX-License-Identifier: MIT */
/* main.c - kijang: dispatch to a command */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kijang.h"

static void
usage(FILE *out)
{
    fputs("Usage: kijang COMMAND [OPTIONS] [ARGS...]\n"
          "Tag people, organisations, programmes and places in text.\n"
          "\n"
          "Commands:\n"
          "  tag [FILE|DIR|-]...  tag documents; write CoNLL or JSONL\n"
          "  compile SOURCE... -o FILE.kjlex\n"
          "                       compile lexicon sources into an image\n"
          "  check FILE.kjlex...  verify compiled lexicons completely\n"
          "  dump FILE.kjlex      print a compiled lexicon as source lines\n"
          "  eval GOLD PRED       score tagged output against a gold standard\n"
          "  help                 show this help\n"
          "\n"
          "Options:\n"
          "  -h, --help           show this help and exit\n"
          "  -V, --version        show the versions of kijang, ICU and Unicode\n"
          "\n"
          "'kijang COMMAND --help' describes a command.\n\n", out);
    fputs(cli_exit_codes_help, out);
}

static void
version(void)
{
    printf("kijang %s\n", kj_version());
    printf("ICU %s\n", kj_icu_version());
    printf("Unicode %s\n", kj_unicode_version());
    printf("utf8proc %s\n", kj_utf8proc_version());
    printf("lexicon format %d\n", KJ_LEXICON_FORMAT);
}

int
main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    if (cmd == NULL) {
        usage(stderr);
        return KJ_EXIT_USAGE;
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "help") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        version();
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (strcmp(cmd, "tag") == 0)
        return cmd_tag(argc - 1, argv + 1);
    if (strcmp(cmd, "compile") == 0)
        return cmd_compile(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "dump") == 0)
        return cmd_dump(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    fprintf(stderr, "kijang: unknown command '%s'\n"
                    "Try 'kijang --help' for more information.\n", cmd);
    return KJ_EXIT_USAGE;
}
