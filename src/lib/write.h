/* SPDX-License-Identifier: MIT */
/* write.h - the writers' shared parts: output buffer and per-format entry points */
#ifndef KJ_WRITE_H
#define KJ_WRITE_H

#include "buf.h"
#include "doc.h"

/* Append one document in the given format to `out`. */
void kj_write_conll(kj_buf *out, const kj_writer_options *o, const kj_doc *doc);
void kj_write_jsonl(kj_buf *out, const kj_writer_options *o, const kj_doc *doc);

/* The tag of token `tok` under `scheme`: returns its prefix ('O', 'B', 'I',
 * 'E' or 'S') and, unless 'O', the label in *label. Call it for tokens in
 * increasing order with the same `*cursor`, which starts at 0; then the
 * whole document costs O(tokens + entities). */
char kj_tag_of(const kj_doc *doc, kj_scheme scheme, size_t tok,
               size_t *cursor, const char **label);

#endif
