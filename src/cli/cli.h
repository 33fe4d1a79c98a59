/* SPDX-License-Identifier: MIT */
/* cli.h - the kijang program's commands and exit codes */
#ifndef KJ_CLI_H
#define KJ_CLI_H

/* Exit codes, documented in --help and kijang(1). */
enum {
    KJ_EXIT_OK = 0,       /* all documents tagged */
    KJ_EXIT_DATA = 1,     /* some documents or inputs had errors (reported) */
    KJ_EXIT_USAGE = 2,    /* bad command line */
    KJ_EXIT_LEXICON = 3,  /* a lexicon is missing, damaged or incompatible */
    KJ_EXIT_OUTPUT = 4,   /* output could not be written */
    KJ_EXIT_INTERRUPT = 130 /* stopped by SIGINT */
};

/* The exit-code table, as printed by every command's --help. */
extern const char cli_exit_codes_help[];

#include <stdio.h>

#include "options.h"

int cmd_tag(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_eval(int argc, char **argv);

/* kijang tag's option table and help (tests check that they agree). */
extern const cli_option tag_options[];
extern const size_t num_tag_options;
void cli_tag_help(FILE *out);
extern const cli_option compile_options[], check_options[], dump_options[],
    eval_options[];
extern const size_t num_compile_options, num_check_options, num_dump_options,
    num_eval_options;
void cli_compile_help(FILE *out);
void cli_check_help(FILE *out);
void cli_dump_help(FILE *out);
void cli_eval_help(FILE *out);

#endif
