/* SPDX-License-Identifier: MIT */
/* batch.h - kijang tag's run: inputs in, tagged documents out, in order
 *
 * The inputs (files, directories walked in sorted order, standard input)
 * are read one after the other by the calling thread. With one job, each
 * document is tagged and written before the next is read. With N > 1 jobs,
 * N worker threads tag and format documents while one writer thread writes
 * them in input order, so the output is byte for byte the output of one
 * job; at most 4N documents are in flight, whatever the input size.
 * Messages about a document (decoding warnings, --explain) are written
 * with it, so standard error comes in input order too.
 */
#ifndef KJ_CLI_BATCH_H
#define KJ_CLI_BATCH_H

#include <stddef.h>

#include "kijang.h"

typedef struct batch_config {
    kj_reader_options ro;
    kj_writer_options wo;
    unsigned jobs;              /* worker threads; 1 = no threads */
    const char *output;         /* -o FILE, or NULL for stdout */
    const char *output_dir;     /* --output-dir, or NULL */
    int skip_existing;
    int fail_fast;
    int progress;               /* -1 --quiet, 0 on a terminal, 1 always */
    int explain;
    const char *explain_string;
    const char **globs;         /* --glob patterns (NULL: every file) */
    size_t nglobs;
    /* what each worker's tagger is made of */
    kj_tokenizer_mode tokenizer;
    kj_lexicon **lexicons;
    size_t nlexicons;
    const kj_lexicon *rules;
    const char *fallback;
} batch_config;

/* Tag the operands (none: standard input) and write the results. Returns
 * the exit status (KJ_EXIT_*). */
int batch_run(const batch_config *cfg, char **operands, size_t n);

/* Set when SIGINT arrives. */
extern volatile int batch_interrupted;

#endif
