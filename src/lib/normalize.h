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

/* Compute the keys of all tokens of doc (doc->keys, doc->key_off). */
int kj_doc_make_keys(kj_doc *doc);

#endif
