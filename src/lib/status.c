/* SPDX-License-Identifier: MIT */
/* status.c - status texts and versions */
#include <config.h>

#include <stdio.h>

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <utf8proc.h>

#include "kijang.h"

KJ_API const char *
kj_strerror(int code)
{
    switch (code) {
    case KJ_OK: return "success";
    case KJ_ENOMEM: return "out of memory";
    case KJ_EINVAL: return "invalid argument";
    case KJ_EIO: return "input/output error";
    case KJ_EDATA: return "malformed input data";
    case KJ_EINTR: return "interrupted";
    case KJ_ELEXICON: return "lexicon missing, damaged or incompatible";
    default: return "unknown error";
    }
}

KJ_API const char *
kj_version(void)
{
    return PACKAGE_VERSION;
}

static void
format_version(const UVersionInfo v, char *s)
{
    /* U_MAX_VERSION_STRING_LENGTH is 20. */
    u_versionToString(v, s);
}

KJ_API const char *
kj_icu_version(void)
{
    static _Thread_local char s[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo v;

    if (s[0] == '\0') {
        u_getVersion(v);
        format_version(v, s);
    }
    return s;
}

KJ_API const char *
kj_unicode_version(void)
{
    static _Thread_local char s[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo v;

    if (s[0] == '\0') {
        u_getUnicodeVersion(v);
        format_version(v, s);
    }
    return s;
}

KJ_API const char *
kj_utf8proc_version(void)
{
    return utf8proc_version();
}
