/* SPDX-License-Identifier: MIT */
/* write.h - the writers' shared parts: output buffer and per-format entry points */
#ifndef KJ_WRITE_H
#define KJ_WRITE_H

#include "buf.h"
#include "doc.h"
#include "utf8.h"

/* Where formatted output goes: a buffer that is drained to `fn` whenever it
 * holds KJ_FLUSH_AT bytes (writers call kj_out_check() between tokens, so a
 * huge document never sits whole in memory); with fn NULL it keeps all. */
typedef struct kj_out {
    kj_buf buf;
    kj_write_fn fn;
    void *user;
    int err;           /* first error of fn, sticky */
} kj_out;

#define KJ_FLUSH_AT ((size_t)1 << 16)

/* Send everything buffered to fn; returns KJ_OK or the sticky error. */
int kj_out_flush(kj_out *o);

static inline void
kj_out_check(kj_out *o)
{
    if (o->fn && o->buf.len >= KJ_FLUSH_AT)
        (void)kj_out_flush(o);
}

/* Converts increasing byte offsets of a document's decoded text to an
 * output unit (code points, UTF-16 units, or bytes of the input). Offsets
 * passed to kj_unitconv_at() must not decrease between calls. */
typedef struct kj_unitconv {
    kj_offconv c;
    kj_offset_unit unit;
    const kj_doc *doc;
} kj_unitconv;

void kj_unitconv_init(kj_unitconv *u, const kj_doc *doc, kj_offset_unit unit);
size_t kj_unitconv_at(kj_unitconv *u, size_t off);

/* Append one document in the given format: its own part only; the
 * writer adds the format's prologue, separators and epilogue. Each calls
 * kj_out_check() between tokens, entities or pieces of text. */
void kj_write_conll(kj_out *out, const kj_writer_options *o, const kj_doc *doc);
void kj_write_jsonl(kj_out *out, const kj_writer_options *o, const kj_doc *doc);
void kj_write_conllu(kj_out *out, const kj_writer_options *o, const kj_doc *doc);
void kj_write_doccano(kj_out *out, const kj_writer_options *o, const kj_doc *doc);
void kj_write_labelstudio(kj_out *out, const kj_writer_options *o,
                          const kj_doc *doc);
void kj_write_brat(kj_out *out, const kj_writer_options *o, const kj_doc *doc);
void kj_write_html(kj_out *out, const kj_writer_options *o, const kj_doc *doc);

/* The HTML page around the documents (write_html.c). */
extern const char kj_html_prologue[];
extern const char kj_html_epilogue[];

/* Append s[0..n) (valid UTF-8) as a JSON string literal, quotes included,
 * draining the sink as it grows (write_jsonl.c). */
void kj_out_json_string(kj_out *sink, const char *s, size_t n);
/* KEY (as written, e.g. ",\"id\":") then s as a JSON string. */
void kj_out_key_string(kj_buf *out, const char *key, const char *s);
/* The start of a JSONL record: {"id":ID then, for a failed document,
 * ,"error":MSG}\n and 1 (the record is complete), else ,"text":TEXT and 0. */
int kj_out_json_open(kj_out *sink, const kj_doc *doc);

/* The tag of token `tok` under `scheme`: returns its prefix ('O', 'B', 'I',
 * 'E' or 'S') and, unless 'O', the label in *label. Call it for tokens in
 * increasing order with the same `*cursor`, which starts at 0; then the
 * whole document costs O(tokens + entities). */
char kj_tag_of(const kj_doc *doc, kj_scheme scheme, size_t tok,
               size_t *cursor, const char **label);

#endif
