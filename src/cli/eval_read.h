/* SPDX-License-Identifier: MIT */
/* eval_read.h - kijang eval's inputs: CoNLL and JSONL files into spans
 *
 * Readers print their own `file:line: error: ...` messages to stderr and
 * return an exit code (KJ_EXIT_OK, or KJ_EXIT_DATA when the files cannot be
 * scored or a document of PRED was an error record).
 */
#ifndef KJ_CLI_EVAL_READ_H
#define KJ_CLI_EVAL_READ_H

#include <stddef.h>

#include "eval.h"

typedef struct eval_config {
    char **map_from, **map_to;  /* --label-map pairs */
    size_t nmap;
    char **keep;                /* --labels, or NULL for all */
    size_t nkeep;
    char *keep_buf;             /* the strings of `keep` */
    int source_column;          /* PRED column (1-based); 0 = detect;
                                   -1 = none */
} eval_config;

typedef struct eval_input {
    kj_eval *ev;
    const char *gold_path, *pred_path; /* the same file for a single CoNLL */
    int jsonl;                  /* positions are code points of documents */
    size_t units;               /* tokens or code points compared */
    size_t units_correct;       /* with the same tag on both sides */
    size_t docs;
    size_t error_records;       /* PRED documents that were {"error"} */
} eval_input;

/* Read `path` into memory (NUL-terminated); NULL after a message. */
char *eval_slurp(const char *path, size_t *len);

/* Load a --label-map file (TSV from<TAB>to, '#' comments, more columns
 * ignored) into `cfg`. */
int eval_load_map(eval_config *cfg, const char *path);
void eval_config_free(eval_config *cfg);

/* Score GOLD against PRED (pred_path NULL: one CoNLL file with gold and
 * prediction in its last two columns). The format is taken from the
 * contents: JSONL when the first non-blank character is '{'. */
int eval_read(const eval_config *cfg, eval_input *in, const char *gold_path,
              const char *pred_path);

#endif
