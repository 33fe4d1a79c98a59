/* SPDX-License-Identifier: MIT */
/* tokenize.h - split a document's text into tokens */
#ifndef KJ_TOKENIZE_H
#define KJ_TOKENIZE_H

#include "doc.h"

/* Append the tokens of doc->text to doc->tokens.
 * Contract: tokens are non-empty, sorted, non-overlapping byte ranges of the
 * text; none contains white space, a control character (NUL, CR, LF, TAB...)
 * or starts/ends inside a UTF-8 sequence. Every letter, digit, mark,
 * punctuation or symbol character of the text lies in exactly one token.
 * Returns KJ_OK or KJ_ENOMEM. */
int kj_tokenize(kj_doc *doc);

/* Character classes the text layer shares. */
enum kj_cclass {
    KJ_C_SPACE = 0,  /* white space, controls, unassigned format chars */
    KJ_C_WORD,       /* letters, marks, digits */
    KJ_C_PUNCT,      /* punctuation and symbols */
    KJ_C_JOINER      /* may join word characters: ' . , - ’ and similar */
};
int kj_char_class(int32_t cp);

#endif
