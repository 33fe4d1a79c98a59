/* SPDX-License-Identifier: MIT */
/* lexload.c - time kj_lexicon_open() + kj_lexicon_free() of an image
 * Usage: lexload FILE.kjlex [ROUNDS]  -> median and worst open time in ms */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <kijang.h>

static int
cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    int rounds = argc > 2 ? atoi(argv[2]) : 101, i;
    double *t = calloc((size_t)rounds, sizeof *t);
    size_t n = 0;

    if (argc < 2 || t == NULL)
        return 2;
    for (i = 0; i < rounds; i++) {
        struct timespec a, b;
        kj_lexicon *lx;
        clock_gettime(CLOCK_MONOTONIC, &a);
        lx = kj_lexicon_open(argv[1], NULL, NULL, NULL);
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (lx == NULL)
            return 3;
        n = kj_lexicon_num_entries(lx);
        kj_lexicon_free(lx);
        t[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    }
    qsort(t, (size_t)rounds, sizeof *t, cmp);
    printf("%zu entries: open median %.3f ms, worst %.3f ms (%d rounds)\n", n,
           t[rounds / 2], t[rounds - 1], rounds);
    return 0;
}
