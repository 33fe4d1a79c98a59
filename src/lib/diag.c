/* SPDX-License-Identifier: MIT */
/* diag.c - hand a formatted diagnostic to the caller's callback */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"

void
kj_vdiagf(kj_diag_fn fn, void *user, kj_severity sev, const char *file,
          long line, const char *fmt, va_list ap)
{
    char msg[512];
    kj_diag d;

    if (fn == NULL)
        return;
    vsnprintf(msg, sizeof msg, fmt, ap);
    memset(&d, 0, sizeof d);
    d.severity = sev;
    d.file = file;
    d.line = line;
    d.offset = -1;
    d.message = msg;
    fn(user, &d);
}

void
kj_diagf(kj_diag_fn fn, void *user, kj_severity sev, const char *file,
         long line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kj_vdiagf(fn, user, sev, file, line, fmt, ap);
    va_end(ap);
}
