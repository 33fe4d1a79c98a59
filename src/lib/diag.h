/* SPDX-License-Identifier: MIT */
/* diag.h - hand a formatted diagnostic to the caller's callback */
#ifndef KJ_DIAG_H
#define KJ_DIAG_H

#include <stdarg.h>

#include "kijang.h"

/* Format a message and pass it to fn (nothing when fn is NULL), with its
 * severity, file and line (0: none); the byte offset is unknown (-1). */
void kj_vdiagf(kj_diag_fn fn, void *user, kj_severity sev, const char *file,
               long line, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
void kj_diagf(kj_diag_fn fn, void *user, kj_severity sev, const char *file,
              long line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
