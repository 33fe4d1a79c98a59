/* SPDX-License-Identifier: MIT */
/* writer.c - buffered output of documents in the chosen format */
#include <config.h>

#include <string.h>

#include "mem.h"
#include "write.h"

#define KJ_FLUSH_AT ((size_t)1 << 16)

struct kj_writer {
    kj_writer_options o;
    kj_write_fn fn;
    void *user;
    kj_buf out;
};

KJ_API void
kj_writer_options_init(kj_writer_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = KJ_FORMAT_CONLL;
    o->scheme = KJ_SCHEME_IOB2;
    o->offsets = KJ_OFFSETS_CODEPOINT;
    o->docstart = 1;
}

KJ_API kj_writer *
kj_writer_new(const kj_writer_options *opts, kj_write_fn fn, void *user,
              int *out_err)
{
    kj_writer *w;

    if (opts == NULL || fn == NULL || opts->format > KJ_FORMAT_JSONL ||
        opts->scheme > KJ_SCHEME_IO || opts->offsets > KJ_OFFSETS_BYTE) {
        if (out_err)
            *out_err = KJ_EINVAL;
        return NULL;
    }
    w = kj_calloc(1, sizeof *w);
    if (out_err)
        *out_err = w ? KJ_OK : KJ_ENOMEM;
    if (w == NULL)
        return NULL;
    w->o = *opts;
    w->fn = fn;
    w->user = user;
    kj_buf_init(&w->out);
    return w;
}

KJ_API void
kj_writer_free(kj_writer *w)
{
    if (w == NULL)
        return;
    kj_buf_free(&w->out);
    kj_free(w);
}

KJ_API int
kj_writer_flush(kj_writer *w)
{
    int rc;

    if (w->out.failed)
        return KJ_ENOMEM;
    if (w->out.len == 0)
        return KJ_OK;
    rc = w->fn(w->user, w->out.data, w->out.len);
    kj_buf_reset(&w->out);
    return rc;
}

static void
format_into(kj_buf *out, const kj_writer_options *o, const kj_doc *doc)
{
    if (o->format == KJ_FORMAT_JSONL)
        kj_write_jsonl(out, o, doc);
    else
        kj_write_conll(out, o, doc);
}

KJ_API int
kj_writer_write(kj_writer *w, const kj_doc *doc)
{
    format_into(&w->out, &w->o, doc);
    if (w->out.failed)
        return KJ_ENOMEM;
    if (w->out.len >= KJ_FLUSH_AT)
        return kj_writer_flush(w);
    return KJ_OK;
}

KJ_API char *
kj_format_doc(const kj_writer_options *opts, const kj_doc *doc)
{
    kj_buf out;

    kj_buf_init(&out);
    format_into(&out, opts, doc);
    if (out.failed) {
        kj_buf_free(&out);
        return NULL;
    }
    if (out.data == NULL)
        return kj_strndup("", 0);
    return out.data;
}
