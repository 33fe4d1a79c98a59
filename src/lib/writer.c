/* SPDX-License-Identifier: MIT */
/* writer.c - buffered output of documents in the chosen format */
#include <config.h>

#include <string.h>

#include "mem.h"
#include "write.h"

struct kj_writer {
    kj_writer_options o;
    kj_out out;
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

/* Known column codes, each at most once, until the end marker. */
static int
columns_valid(const unsigned char *cols)
{
    unsigned seen = 0;
    size_t i;

    for (i = 0; i < KJ_MAX_COLUMNS && cols[i] != KJ_COLUMN_END; i++) {
        if (cols[i] > KJ_COLUMN_SOURCE || (seen & (1u << cols[i])))
            return 0;
        seen |= 1u << cols[i];
    }
    return 1;
}

KJ_API kj_writer *
kj_writer_new(const kj_writer_options *opts, kj_write_fn fn, void *user,
              int *out_err)
{
    kj_writer *w;

    if (opts == NULL || fn == NULL || opts->format > KJ_FORMAT_JSONL ||
        opts->scheme > KJ_SCHEME_IO || opts->offsets > KJ_OFFSETS_BYTE ||
        !columns_valid(opts->columns)) {
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
    kj_buf_init(&w->out.buf);
    w->out.fn = fn;
    w->out.user = user;
    w->out.err = KJ_OK;
    return w;
}

KJ_API void
kj_writer_free(kj_writer *w)
{
    if (w == NULL)
        return;
    kj_buf_free(&w->out.buf);
    kj_free(w);
}

void
kj_unitconv_init(kj_unitconv *u, const kj_doc *doc, kj_offset_unit unit)
{
    kj_offconv_init(&u->c, doc->text.data ? doc->text.data : "",
                    unit == KJ_OFFSETS_UTF16);
    u->unit = unit;
    u->doc = doc;
}

size_t
kj_unitconv_at(kj_unitconv *u, size_t off)
{
    if (u->unit == KJ_OFFSETS_BYTE)
        return kj_doc_input_offset(u->doc, off);
    return kj_offconv_units(&u->c, off);
}

int
kj_out_flush(kj_out *o)
{
    if (o->err == KJ_OK && o->buf.failed)
        o->err = KJ_ENOMEM;
    if (o->err == KJ_OK && o->buf.len > 0 && o->fn)
        o->err = o->fn(o->user, o->buf.data, o->buf.len);
    kj_buf_reset(&o->buf);
    return o->err;
}

KJ_API int
kj_writer_flush(kj_writer *w)
{
    return kj_out_flush(&w->out);
}

static void
format_into(kj_out *out, const kj_writer_options *o, const kj_doc *doc)
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
    if (w->out.buf.failed)
        return kj_out_flush(&w->out);
    kj_out_check(&w->out);
    return w->out.err;
}

KJ_API char *
kj_format_doc(const kj_writer_options *opts, const kj_doc *doc)
{
    kj_out out = {{NULL, 0, 0, 0}, NULL, NULL, KJ_OK};

    format_into(&out, opts, doc);
    if (out.buf.failed) {
        kj_buf_free(&out.buf);
        return NULL;
    }
    if (out.buf.data == NULL)
        return kj_strndup("", 0);
    return out.buf.data;
}
