/* SPDX-License-Identifier: MIT */
/* abbrev.h - the text layer's abbreviation list (lexicons/text/abbreviations.tsv) */
#ifndef KJ_ABBREV_H
#define KJ_ABBREV_H

#include <stddef.h>

enum {
    KJ_ABBREV_NONE = 0,
    KJ_ABBREV_TITLE,    /* precedes a name or number: never ends a sentence */
    KJ_ABBREV_OTHER,    /* may end a sentence */
    KJ_ABBREV_CURRENCY  /* a currency prefix, split from the amount */
};

typedef struct kj_abbrev {
    const char *s;
    size_t len;
    int kind;
} kj_abbrev;

/* Sorted by bytes (generated at build time). */
extern const kj_abbrev kj_abbrevs[];
extern const size_t kj_num_abbrevs;
/* The longest surface of kind KJ_ABBREV_CURRENCY, in bytes. */
extern const size_t kj_max_currency_len;

/* The kind of s[0..n), KJ_ABBREV_NONE when it is not listed. */
int kj_abbrev_kind(const char *s, size_t n);

#endif
