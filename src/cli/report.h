/* SPDX-License-Identifier: MIT */
/* report.h - print the library's diagnostics the way the program does */
#ifndef KJ_CLI_REPORT_H
#define KJ_CLI_REPORT_H

#include "kijang.h"

/* Counts of what a report callback printed. */
typedef struct cli_counts {
    unsigned long errors;
    unsigned long warnings;
} cli_counts;

/* A kj_diag_fn: prints "FILE:LINE: error: MESSAGE" (or "FILE: error: ..."
 * without a line, "kijang: ..." without a file) to stderr and counts it in
 * the cli_counts that `user` points to (or nowhere when NULL). */
void cli_report(void *user, const kj_diag *d);

#endif
