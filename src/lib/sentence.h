/* SPDX-License-Identifier: MIT */
/* sentence.h - group a document's tokens into sentences */
#ifndef KJ_SENTENCE_H
#define KJ_SENTENCE_H

#include "doc.h"

/* Fill doc->sentences from doc->tokens.
 * Contract: the sentences cover every token exactly once, in order, and none
 * is empty; a document without tokens has no sentence.
 * Returns KJ_OK or KJ_ENOMEM. */
int kj_split_sentences(kj_doc *doc);

#endif
