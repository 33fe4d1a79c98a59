/* SPDX-License-Identifier: MIT */
/* inputs.h - turn command-line operands into a list of input files
 *
 * FILE is itself; "-" is standard input; DIR is every file below it,
 * recursively, in the byte order of their relative paths (the order of
 * `find DIR -type f | LC_ALL=C sort`, the same on every machine). Each
 * input gets an id base: the operand as given for files and "-", and the
 * path relative to DIR for files found in a directory.
 */
#ifndef KJ_CLI_INPUTS_H
#define KJ_CLI_INPUTS_H

#include <stddef.h>

typedef struct cli_input {
    char *path;   /* to open ("-" = standard input) */
    char *id;     /* names the input in document ids */
} cli_input;

/* Called for every input in order; return non-zero to stop the walk. */
typedef int (*cli_input_fn)(void *ctx, const cli_input *in);
/* Called for an operand or directory entry that cannot be used. */
typedef void (*cli_problem_fn)(void *ctx, const char *path, const char *why);

/* Walk `operand`. Returns 0, or the callback's non-zero value. */
int cli_walk(const char *operand, cli_input_fn fn, cli_problem_fn problem,
             void *ctx);

/* Does s end with suffix? */
int cli_has_suffix(const char *s, const char *suffix);

struct kj_compiler;
/* Add the lexicon sources an operand names to a compiler: a file as it is,
 * a directory's .tsv files (recursively, in order). Problems with paths
 * are reported on stderr as "PATH: error: WHY" and counted in *errors.
 * Returns 0, or -1 when memory ran out. */
int cli_add_sources(struct kj_compiler *c, const char *operand,
                    unsigned long *errors);

#endif
