/* SPDX-License-Identifier: MIT */
/* report.c - print the library's diagnostics the way the program does */
#include <config.h>

#include <stdio.h>

#include "report.h"

void
cli_report(void *user, const kj_diag *d)
{
    cli_counts *n = user;
    const char *sev = d->severity == KJ_DIAG_ERROR ? "error" : "warning";

    if (n) {
        if (d->severity == KJ_DIAG_ERROR)
            n->errors++;
        else
            n->warnings++;
    }
    if (d->file && d->line > 0)
        fprintf(stderr, "%s:%ld: %s: %s\n", d->file, d->line, sev, d->message);
    else if (d->file)
        fprintf(stderr, "%s: %s: %s\n", d->file, sev, d->message);
    else
        fprintf(stderr, "kijang: %s: %s\n", sev, d->message);
}
