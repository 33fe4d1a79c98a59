/* SPDX-License-Identifier: MIT */
/* progress.c - kijang tag's progress line and end-of-run summary */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"

double
progress_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(run_stats *st, int show, int tty)
{
    memset(st, 0, sizeof *st);
    st->show = show;
    st->tty = tty;
    st->started = st->last_drawn = progress_now();
}

static void
count_label(run_stats *st, const char *label)
{
    size_t i;
    label_count *p;

    for (i = 0; i < st->nlabels; i++)
        if (strcmp(st->labels[i].label, label) == 0) {
            st->labels[i].n++;
            return;
        }
    p = realloc(st->labels, (st->nlabels + 1) * sizeof *p);
    if (p == NULL)
        return;   /* the summary loses a label, the run goes on */
    st->labels = p;
    if ((p[st->nlabels].label = strdup(label)) == NULL)
        return;
    p[st->nlabels++].n = 1;
}

void
progress_count(run_stats *st, const kj_doc *doc)
{
    const kj_entity *e;
    size_t n, i;

    st->docs++;
    if (kj_doc_error(doc)) {
        st->failed++;
        return;
    }
    kj_doc_tokens(doc, &n);
    st->tokens += n;
    if (!st->show)
        return;   /* the labels are counted for the summary only */
    e = kj_doc_entities(doc, &n);
    for (i = 0; i < n; i++)
        count_label(st, e[i].label);
}

static void
format_eta(char *out, size_t cap, double secs)
{
    long s = (long)(secs + 0.5);

    if (s >= 3600)
        snprintf(out, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
}

static void
draw(run_stats *st, double now)
{
    double mb = (double)__atomic_load_n(&st->bytes_read, __ATOMIC_RELAXED) / 1e6;
    double secs = now - st->started, rate = secs > 0 ? mb / secs : 0;
    char eta[32] = "?";

    if (st->bytes_total > 0 && rate > 0) {
        double left = (double)st->bytes_total / 1e6 - mb;
        format_eta(eta, sizeof eta, left > 0 ? left / rate : 0);
    }
    fprintf(stderr, "%s%zu documents, %.1f MB, %.1f MB/s, ETA %s%s",
            st->tty ? "\r\033[K" : "", st->docs, mb, rate, eta,
            st->tty ? "" : "\n");
    st->drawn = st->tty;
    st->last_drawn = now;
}

void
progress_tick(run_stats *st)
{
    double now;

    if (!st->show)
        return;
    now = progress_now();
    if (now - st->last_drawn >= (st->tty ? 0.25 : 5.0))
        draw(st, now);
}

void
progress_clear(run_stats *st)
{
    if (st->drawn) {
        fputs("\r\033[K", stderr);
        st->drawn = 0;
    }
}

static int
by_label(const void *a, const void *b)
{
    return strcmp(((const label_count *)a)->label, ((const label_count *)b)->label);
}

void
progress_summary(run_stats *st, const char *images)
{
    double secs = progress_now() - st->started;
    size_t i;

    if (!st->show)
        return;
    progress_clear(st);
    fprintf(stderr, "kijang: %zu documents in: %zu tagged, %zu reported with "
            "errors; %zu tokens; %.1f MB in %.1f s\n", st->docs,
            st->docs - st->failed, st->failed, st->tokens,
            (double)st->bytes_read / 1e6, secs);
    if (st->nlabels > 1)
        qsort(st->labels, st->nlabels, sizeof *st->labels, by_label);
    fprintf(stderr, "kijang: entities:");
    if (st->nlabels == 0)
        fprintf(stderr, " none");
    for (i = 0; i < st->nlabels; i++)
        fprintf(stderr, " %s %zu%s", st->labels[i].label, st->labels[i].n,
                i + 1 < st->nlabels ? "," : "");
    fputc('\n', stderr);
    if (st->skipped_inputs)
        fprintf(stderr, "kijang: %zu inputs skipped (--skip-existing)\n",
                st->skipped_inputs);
    if (images && *images)
        fputs(images, stderr);
}

void
progress_free(run_stats *st)
{
    size_t i;

    for (i = 0; i < st->nlabels; i++)
        free(st->labels[i].label);
    free(st->labels);
    st->labels = NULL;
    st->nlabels = 0;
}
