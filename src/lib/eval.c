/* SPDX-License-Identifier: MIT */
/* eval.c - exact-span scoring and error analysis
 *
 * Both sides are sorted by (document, start, end, label); a prediction is
 * correct when the gold side has the same tuple. Each incorrect prediction
 * is a label error when a gold span has its bounds, else a boundary error
 * when it overlaps one, else spurious; a gold span that no correct
 * prediction has and no prediction touches is missed. So every false
 * positive is counted once, and so is every false negative that no false
 * positive already explains.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "mem.h"

typedef struct side {
    kj_eval_span *s;
    size_t n, cap;
    size_t maxlen;  /* longest span, bounds the overlap search */
} side;

struct kj_eval {
    side sides[2];
    char **strings;          /* every string the eval owns */
    size_t nstrings, capstrings;
    kj_eval_counts all;
    kj_eval_label *labels;
    size_t nlabels, caplabels;
    kj_eval_error *errors;
    size_t nerrors, caperrors;
    size_t error_counts[KJ_EVAL_NUM_KINDS];
    kj_eval_source *sources[2];  /* [0] by entry, [1] by file */
    size_t nsources[2];
};

kj_eval *
kj_eval_new(void)
{
    return kj_calloc(1, sizeof(kj_eval));
}

void
kj_eval_free(kj_eval *ev)
{
    size_t i;

    if (ev == NULL)
        return;
    for (i = 0; i < ev->nstrings; i++)
        kj_free(ev->strings[i]);
    kj_free(ev->strings);
    kj_free(ev->sides[0].s);
    kj_free(ev->sides[1].s);
    kj_free(ev->labels);
    kj_free(ev->errors);
    kj_free(ev->sources[0]);
    kj_free(ev->sources[1]);
    kj_free(ev);
}

/* A copy of s[0..n) the eval owns, or NULL. */
static const char *
own(kj_eval *ev, const char *s, size_t n)
{
    char *c;
    void *p = ev->strings;

    if (kj_grow(&p, &ev->capstrings, ev->nstrings + 1, sizeof(char *)) != 0)
        return NULL;
    ev->strings = p;
    if ((c = kj_strndup(s, n)) == NULL)
        return NULL;
    ev->strings[ev->nstrings++] = c;
    return c;
}

/* The label record for `label`, added if new; NULL when out of memory. */
static kj_eval_label *
label_of(kj_eval *ev, const char *label)
{
    size_t i;
    void *p = ev->labels;

    for (i = 0; i < ev->nlabels; i++)
        if (strcmp(ev->labels[i].label, label) == 0)
            return &ev->labels[i];
    if (kj_grow(&p, &ev->caplabels, ev->nlabels + 1, sizeof *ev->labels) != 0)
        return NULL;
    ev->labels = p;
    memset(&ev->labels[ev->nlabels], 0, sizeof *ev->labels);
    if ((ev->labels[ev->nlabels].label = own(ev, label, strlen(label))) == NULL)
        return NULL;
    return &ev->labels[ev->nlabels++];
}

int
kj_eval_add(kj_eval *ev, int side_, size_t doc, size_t start, size_t end,
            const char *label, const char *source, const char *text,
            size_t text_len, long line)
{
    side *sd = &ev->sides[side_ != KJ_EVAL_GOLD];
    kj_eval_label *lab = label_of(ev, label);
    kj_eval_span *sp;
    void *p = sd->s;

    if (lab == NULL || kj_grow(&p, &sd->cap, sd->n + 1, sizeof *sd->s) != 0)
        return -1;
    sd->s = p;
    sp = &sd->s[sd->n];
    memset(sp, 0, sizeof *sp);
    sp->doc = doc;
    sp->start = start;
    sp->end = end;
    sp->label = lab->label;
    sp->line = line;
    sp->text = own(ev, text ? text : "", text ? text_len : 0);
    if (sp->text == NULL)
        return -1;
    if (source && (sp->source = own(ev, source, strlen(source))) == NULL)
        return -1;
    if (end - start > sd->maxlen)
        sd->maxlen = end - start;
    sd->n++;
    return 0;
}

static int
cmp_pos(size_t a, size_t b)
{
    return a < b ? -1 : a > b;
}

static int
cmp_span(const void *pa, const void *pb)
{
    const kj_eval_span *a = pa, *b = pb;
    int c = cmp_pos(a->doc, b->doc);

    if (c == 0)
        c = cmp_pos(a->start, b->start);
    if (c == 0)
        c = cmp_pos(a->end, b->end);
    if (c == 0)
        c = strcmp(a->label, b->label);
    if (c == 0)
        c = (a->line > b->line) - (a->line < b->line);
    return c;
}

/* Index of the first span of `sd` at or after (doc, start). */
static size_t
lower_bound(const side *sd, size_t doc, size_t start)
{
    size_t lo = 0, hi = sd->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const kj_eval_span *m = &sd->s[mid];
        if (m->doc < doc || (m->doc == doc && m->start < start))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The span of `sd` with the bounds of `x` (and its label, when `label`),
 * or NULL. */
static kj_eval_span *
same_bounds(const side *sd, const kj_eval_span *x, int label)
{
    size_t i;

    for (i = lower_bound(sd, x->doc, x->start); i < sd->n; i++) {
        kj_eval_span *o = &sd->s[i];
        if (o->doc != x->doc || o->start != x->start || o->end > x->end)
            break;
        if (o->end == x->end && (!label || strcmp(o->label, x->label) == 0))
            return o;
    }
    return NULL;
}

/* The first span of `sd` (by position) overlapping `x`, or NULL. */
static kj_eval_span *
overlapping(const side *sd, const kj_eval_span *x)
{
    size_t from = x->start > sd->maxlen ? x->start - sd->maxlen : 0;
    size_t i;

    for (i = lower_bound(sd, x->doc, from); i < sd->n; i++) {
        kj_eval_span *o = &sd->s[i];
        if (o->doc != x->doc || o->start >= x->end)
            break;
        if (o->end > x->start)
            return o;
    }
    return NULL;
}

static int
add_error(kj_eval *ev, kj_eval_error_kind kind, const kj_eval_span *gold,
          const kj_eval_span *pred)
{
    void *p = ev->errors;
    kj_eval_label *lab = label_of(ev, gold ? gold->label : pred->label);

    if (lab == NULL ||
        kj_grow(&p, &ev->caperrors, ev->nerrors + 1, sizeof *ev->errors) != 0)
        return -1;
    ev->errors = p;
    ev->errors[ev->nerrors].kind = kind;
    ev->errors[ev->nerrors].gold = gold;
    ev->errors[ev->nerrors].pred = pred;
    ev->nerrors++;
    ev->error_counts[kind]++;
    lab->errors[kind]++;
    return 0;
}

/* Counts and the errors on the prediction side. */
static int
score_predictions(kj_eval *ev)
{
    side *g = &ev->sides[0], *p = &ev->sides[1];
    size_t i;

    for (i = 0; i < p->n; i++) {
        kj_eval_span *x = &p->s[i], *o;
        int rc;
        label_of(ev, x->label)->c.pred++;
        if ((o = same_bounds(g, x, 1)) != NULL) {
            x->correct = o->correct = 1;
            label_of(ev, x->label)->c.correct++;
            continue;
        }
        if ((o = same_bounds(g, x, 0)) != NULL)
            rc = add_error(ev, KJ_EVAL_LABEL, o, x);
        else if ((o = overlapping(g, x)) != NULL)
            rc = add_error(ev, KJ_EVAL_BOUNDARY, o, x);
        else
            rc = add_error(ev, KJ_EVAL_SPURIOUS, NULL, x);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Gold spans nothing found or touched. */
static int
score_gold(kj_eval *ev)
{
    side *g = &ev->sides[0], *p = &ev->sides[1];
    size_t i;

    for (i = 0; i < g->n; i++) {
        kj_eval_span *x = &g->s[i];
        label_of(ev, x->label)->c.gold++;
        if (!x->correct && overlapping(p, x) == NULL &&
            add_error(ev, KJ_EVAL_MISSED, x, NULL) != 0)
            return -1;
    }
    return 0;
}

static const kj_eval_span *
error_span(const kj_eval_error *e)
{
    return e->gold ? e->gold : e->pred;
}

static int
cmp_error(const void *pa, const void *pb)
{
    const kj_eval_error *a = pa, *b = pb;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return cmp_span(error_span(a), error_span(b));
}

static int
cmp_label(const void *pa, const void *pb)
{
    return strcmp(((const kj_eval_label *)pa)->label,
                  ((const kj_eval_label *)pb)->label);
}

/* The source as counted: itself, or for `by_file` the part before a
 * trailing ":LINE". Sets *len. */
static const char *
source_key(const char *src, int by_file, size_t *len)
{
    size_t n = strlen(src), k = n;

    if (by_file) {
        while (k > 0 && src[k - 1] >= '0' && src[k - 1] <= '9')
            k--;
        if (k < n && k > 1 && src[k - 1] == ':')
            n = k - 1;
    }
    *len = n;
    return src;
}

static int
cmp_source(const void *pa, const void *pb)
{
    const kj_eval_source *a = pa, *b = pb;

    if (a->fp != b->fp)
        return a->fp > b->fp ? -1 : 1;
    if (a->tp != b->tp)
        return a->tp < b->tp ? -1 : 1;
    return strcmp(a->source, b->source);
}

typedef struct keyed {
    const char *key;
    size_t len;
    const kj_eval_span *span;
} keyed;

static int
cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);

    if (c == 0)
        c = cmp_pos(a->len, b->len);
    return c != 0 ? c : cmp_span(a->span, b->span);
}

/* Total the predictions by provenance (`by_file` as kj_eval_sources()):
 * sort them by key, then count each run of equal keys. */
static int
tally_sources(kj_eval *ev, int by_file)
{
    const side *p = &ev->sides[1];
    keyed *k = kj_calloc(p->n ? p->n : 1, sizeof *k);
    kj_eval_source *out = kj_calloc(p->n ? p->n : 1, sizeof *out);
    size_t nk = 0, n = 0, i;

    if (k == NULL || out == NULL)
        goto oom;
    for (i = 0; i < p->n; i++)
        if (p->s[i].source) {
            k[nk].key = source_key(p->s[i].source, by_file, &k[nk].len);
            k[nk++].span = &p->s[i];
        }
    if (nk > 1)
        qsort(k, nk, sizeof *k, cmp_keyed);
    for (i = 0; i < nk; i++) {
        if (i == 0 || k[i].len != k[i - 1].len ||
            memcmp(k[i].key, k[i - 1].key, k[i].len) != 0) {
            if ((out[n].source = own(ev, k[i].key, k[i].len)) == NULL)
                goto oom;
            n++;
        }
        if (k[i].span->correct)
            out[n - 1].tp++;
        else if (out[n - 1].fp++ == 0)
            out[n - 1].example = k[i].span;
    }
    if (n > 1)
        qsort(out, n, sizeof *out, cmp_source);
    kj_free(k);
    ev->sources[by_file] = out;
    ev->nsources[by_file] = n;
    return 0;
oom:
    kj_free(k);
    kj_free(out);
    return -1;
}

int
kj_eval_finish(kj_eval *ev)
{
    size_t i;

    for (i = 0; i < 2; i++)
        if (ev->sides[i].n > 1)
            qsort(ev->sides[i].s, ev->sides[i].n, sizeof(kj_eval_span), cmp_span);
    if (score_predictions(ev) != 0 || score_gold(ev) != 0 ||
        tally_sources(ev, 0) != 0 || tally_sources(ev, 1) != 0)
        return -1;
    if (ev->nerrors > 1)
        qsort(ev->errors, ev->nerrors, sizeof *ev->errors, cmp_error);
    if (ev->nlabels > 1)
        qsort(ev->labels, ev->nlabels, sizeof *ev->labels, cmp_label);
    memset(&ev->all, 0, sizeof ev->all);
    for (i = 0; i < ev->nlabels; i++) {
        ev->all.gold += ev->labels[i].c.gold;
        ev->all.pred += ev->labels[i].c.pred;
        ev->all.correct += ev->labels[i].c.correct;
    }
    return 0;
}

const kj_eval_counts *
kj_eval_overall(const kj_eval *ev)
{
    return &ev->all;
}

const kj_eval_label *
kj_eval_labels(const kj_eval *ev, size_t *n)
{
    *n = ev->nlabels;
    return ev->labels;
}

const kj_eval_error *
kj_eval_errors(const kj_eval *ev, size_t *n)
{
    *n = ev->nerrors;
    return ev->errors;
}

size_t
kj_eval_error_count(const kj_eval *ev, kj_eval_error_kind kind)
{
    return ev->error_counts[kind];
}

const kj_eval_source *
kj_eval_sources(const kj_eval *ev, int by_file, size_t *n)
{
    *n = ev->nsources[by_file != 0];
    return ev->sources[by_file != 0];
}

double
kj_eval_precision(const kj_eval_counts *c)
{
    return c->pred ? (double)c->correct / (double)c->pred : 0.0;
}

double
kj_eval_recall(const kj_eval_counts *c)
{
    return c->gold ? (double)c->correct / (double)c->gold : 0.0;
}

double
kj_eval_f1(const kj_eval_counts *c)
{
    double p = kj_eval_precision(c), r = kj_eval_recall(c);

    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

const char *
kj_eval_kind_name(kj_eval_error_kind kind)
{
    static const char *const names[] = {"missed", "spurious", "wrong label",
                                        "wrong boundary"};

    return kind < KJ_EVAL_NUM_KINDS ? names[kind] : "?";
}
