/* SPDX-License-Identifier: MIT */
/* tokenize.h - tokens for Indonesian news on top of ICU word boundaries */
#ifndef KJ_TOKENIZE_H
#define KJ_TOKENIZE_H

#include <stdint.h>

#include "doc.h"
#include "wordbreak.h"

typedef struct kj_tokenizer kj_tokenizer;

/* A tokenizer (not for two threads at once), or NULL when out of memory or
 * ICU fails. Free with kj_tokenizer_free(). */
kj_tokenizer *kj_tokenizer_new(void);
void kj_tokenizer_free(kj_tokenizer *tk);
/* Use ICU for every word boundary instead of the fast path (for the
 * differential test and `kijang tag --tokenizer icu`). Same tokens. */
void kj_tokenizer_set_icu_only(kj_tokenizer *tk, int icu_only);

/* Append the tokens of doc->text to doc->tokens.
 * Contract: tokens are non-empty, sorted, non-overlapping byte ranges of the
 * text, on code point boundaries; none starts or ends with white space,
 * and none contains a control character (NUL, CR, LF, TAB...) or a space.
 * Every character that is not white space or a control lies in exactly one
 * token.
 * Returns KJ_OK, KJ_ENOMEM, or KJ_EINVAL for a text of 2 GiB or more that
 * needs ICU. */
int kj_tokenize(kj_tokenizer *tk, kj_doc *doc);

/* White space, controls and invisible separators (never in a token). */
int kj_is_space_cp(int32_t c);

#endif
