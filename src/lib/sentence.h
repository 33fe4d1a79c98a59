/* SPDX-License-Identifier: MIT */
/* sentence.h - group a document's tokens into sentences */
#ifndef KJ_SENTENCE_H
#define KJ_SENTENCE_H

#include "doc.h"

typedef struct kj_splitter kj_splitter;

/* A sentence splitter (one ICU iterator: not for two threads at once), or
 * NULL. Free with kj_splitter_free(). */
kj_splitter *kj_splitter_new(void);
void kj_splitter_free(kj_splitter *sp);
/* Iterate over every ICU boundary instead of asking ICU only after
 * sentence-final punctuation: the slow reference, same sentences. */
void kj_splitter_set_exhaustive(kj_splitter *sp, int on);

/* Fill doc->sentences from doc->tokens.
 * Contract: the sentences cover every token exactly once, in order, and none
 * is empty; a document without tokens has no sentence.
 * Returns KJ_OK, KJ_ENOMEM, or KJ_EINVAL for a text of 2 GiB or more. */
int kj_split_sentences(kj_splitter *sp, kj_doc *doc);

#endif
