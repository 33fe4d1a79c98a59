/* SPDX-License-Identifier: MIT */
/* eval.h - exact-span scoring and error analysis (kijang eval)
 *
 * Spans are added for each side (gold and prediction) with positions in any
 * unit the caller chooses (tokens of a CoNLL file, code points of a JSONL
 * document); kj_eval_finish() then counts, per label and overall, the spans
 * of each side and the correct ones (same document, start, end and label:
 * conlleval's definition), classifies every other span as an error, and
 * totals the false positives by the provenance of the predicted span.
 */
#ifndef KJ_EVAL_H
#define KJ_EVAL_H

#include <stddef.h>

enum { KJ_EVAL_GOLD = 0, KJ_EVAL_PRED = 1 };

typedef struct kj_eval_span {
    size_t doc;          /* document number */
    size_t start, end;   /* end exclusive */
    const char *label;   /* owned by the eval */
    const char *source;  /* provenance of a predicted span, or NULL */
    const char *text;    /* surface text, owned by the eval */
    long line;           /* where it is in its file (1-based), or 0 */
    int correct;         /* set by kj_eval_finish() */
} kj_eval_span;

typedef enum kj_eval_error_kind {
    KJ_EVAL_MISSED = 0,  /* gold span that no prediction touches */
    KJ_EVAL_SPURIOUS,    /* prediction that touches no gold span */
    KJ_EVAL_LABEL,       /* same bounds, another label */
    KJ_EVAL_BOUNDARY,    /* prediction overlapping a gold span, other bounds */
    KJ_EVAL_NUM_KINDS
} kj_eval_error_kind;

typedef struct kj_eval_error {
    kj_eval_error_kind kind;
    const kj_eval_span *gold;  /* NULL for spurious */
    const kj_eval_span *pred;  /* NULL for missed */
} kj_eval_error;

typedef struct kj_eval_counts {
    size_t gold, pred, correct;
} kj_eval_counts;

typedef struct kj_eval_label {
    const char *label;
    kj_eval_counts c;
    size_t errors[KJ_EVAL_NUM_KINDS]; /* by the gold label, spurious by the
                                         predicted one */
} kj_eval_label;

/* False positives and true positives of one provenance. */
typedef struct kj_eval_source {
    const char *source;  /* an entry ("file:line"), a file, or a rule */
    size_t fp, tp;
    const kj_eval_span *example; /* its first false positive, or NULL */
} kj_eval_source;

typedef struct kj_eval kj_eval;

kj_eval *kj_eval_new(void);
void kj_eval_free(kj_eval *ev);

/* Add a span to `side`; strings are copied. Returns 0 or -1 (no memory). */
int kj_eval_add(kj_eval *ev, int side, size_t doc, size_t start, size_t end,
                const char *label, const char *source, const char *text,
                size_t text_len, long line);

/* Score. Call once, after the last kj_eval_add(). Returns 0 or -1. */
int kj_eval_finish(kj_eval *ev);

/* Results, valid after kj_eval_finish() until kj_eval_free(). */
const kj_eval_counts *kj_eval_overall(const kj_eval *ev);
/* Labels of either side, sorted by name. */
const kj_eval_label *kj_eval_labels(const kj_eval *ev, size_t *n);
/* Errors by kind, then document and position. */
const kj_eval_error *kj_eval_errors(const kj_eval *ev, size_t *n);
size_t kj_eval_error_count(const kj_eval *ev, kj_eval_error_kind kind);
/* False positives by provenance, most first (then fewest true positives,
 * then by name): `by_file` totals entries of one lexicon file (the source
 * without its ":LINE") and each rule; otherwise each entry alone. Spans
 * without a source are not counted. */
const kj_eval_source *kj_eval_sources(const kj_eval *ev, int by_file,
                                      size_t *n);

/* precision, recall, F1 of counts (0 where undefined) */
double kj_eval_precision(const kj_eval_counts *c);
double kj_eval_recall(const kj_eval_counts *c);
double kj_eval_f1(const kj_eval_counts *c);

const char *kj_eval_kind_name(kj_eval_error_kind kind);

#endif
