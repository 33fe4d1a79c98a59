/* SPDX-License-Identifier: MIT */
/* match.h - tag the token stream with the gazetteer */
#ifndef KJ_MATCH_H
#define KJ_MATCH_H

#include "doc.h"

typedef struct kj_matcher kj_matcher;

/* Scratch space for matching, reused across documents; NULL when out of
 * memory. Free with kj_matcher_free(). */
kj_matcher *kj_matcher_new(void);
void kj_matcher_free(kj_matcher *m);

/* Add to doc->entities (empty before) the gazetteer matches of the images
 * lx[0..nlx), later images taking precedence. Needs tokens, sentences and
 * keys. Contract: entities come out sorted, non-overlapping, each inside one
 * sentence. Returns KJ_OK or KJ_ENOMEM. */
int kj_match(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
             kj_doc *doc);

#endif
