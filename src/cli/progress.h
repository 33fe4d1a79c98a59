/* SPDX-License-Identifier: MIT */
/* progress.h - kijang tag's progress line and end-of-run summary
 *
 * Counts are kept by the one thread that writes documents, in input order.
 * The progress line is redrawn on stderr at most every quarter second when
 * stderr is a terminal (or, with --progress, printed as lines every few
 * seconds when it is not); other messages call progress_clear() first so
 * that they do not mix with it.
 */
#ifndef KJ_CLI_PROGRESS_H
#define KJ_CLI_PROGRESS_H

#include <stddef.h>

#include "kijang.h"

typedef struct label_count {
    char *label;
    size_t n;
} label_count;

typedef struct run_stats {
    size_t docs;            /* documents written or reported */
    size_t failed;          /* of which had errors */
    size_t skipped_inputs;  /* --skip-existing */
    size_t tokens;
    label_count *labels;    /* entities per label, in order of first sight */
    size_t nlabels;
    unsigned long long bytes_read;   /* input bytes; updated by the reader */
    unsigned long long bytes_total;  /* sizes of the input files, 0 unknown */
    int show;               /* draw the progress line */
    int tty;                /* stderr is a terminal: redraw in place */
    double started, last_drawn;
    int drawn;              /* a progress line is on the screen */
} run_stats;

/* Start counting; `show` and `tty` as above. */
void progress_init(run_stats *st, int show, int tty);
/* Count one document that was written (or reported, when it failed). */
void progress_count(run_stats *st, const kj_doc *doc);
/* Redraw the progress line if it is time. */
void progress_tick(run_stats *st);
/* Wipe the progress line before another message. */
void progress_clear(run_stats *st);
/* The summary: documents, tokens, entities per label, documents with
 * errors, and the lexicon images used (`images`: one line each). */
void progress_summary(run_stats *st, const char *images);
void progress_free(run_stats *st);

/* Seconds on the monotonic clock. */
double progress_now(void);

#endif
