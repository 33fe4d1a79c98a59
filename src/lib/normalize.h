/* SPDX-License-Identifier: MIT */
/* normalize.h - matching keys of tokens
 *
 * A key is NFKC, case-folded, with typographic apostrophes folded to "'"
 * and combining marks removed from Latin, Greek and Cyrillic letters only
 * ("Kōichi" -> "koichi", "ＭＥＴＩ" -> "meti"; "ガス" keeps its voicing mark).
 * The text itself is never changed: keys live beside it.
 */
#ifndef KJ_NORMALIZE_H
#define KJ_NORMALIZE_H

#include "buf.h"
#include "doc.h"

/* Append the key of s[0..n) (valid UTF-8) to out. Returns KJ_OK or
 * KJ_ENOMEM. */
int kj_key_append(kj_buf *out, const char *s, size_t n);

/* Compute the keys of all tokens of doc: their text classes, the classes'
 * keys, hashes and flags (doc.h). Returns KJ_OK or KJ_ENOMEM. */
int kj_doc_make_keys(kj_doc *doc);

/* A bit filter of the keys of at most 16 bytes of some lexicons
 * (kj_lex_mark_short_keys()), 2^bits bits: a short key whose bit is clear
 * is in none of them. */
typedef struct kj_keyfilter {
    const uint64_t *filter;
    unsigned bits;
} kj_keyfilter;

/* kj_doc_make_keys() for a tagger whose every lexicon is in `known` (or
 * NULL: the same as kj_doc_make_keys()): the tokens that no rule and no
 * lexicon can tell apart, texts of up to 16 ASCII bytes without capital
 * letters that `known` lacks, all go to the inert class KJ_CLS_INERT
 * (doc.h) instead of classes of their own. */
int kj_doc_make_keys_known(kj_doc *doc, const kj_keyfilter *known);

/* Mark in a key filter of 2^bits bits the texts whose tokens have flags
 * of their own ("," "(" ")": KJ_TF_*), as if a lexicon held them, so that
 * kj_doc_make_keys_known() gives them classes: an inert token has none. */
void kj_keyfilter_mark_flagged(uint64_t *filter, unsigned bits);

/* Whether kj_tag() makes keys with t's key filter (on unless turned off):
 * the tests tag with it and without, and want the same. */
void kj_tagger_use_known(kj_tagger *t, int on);

#endif
