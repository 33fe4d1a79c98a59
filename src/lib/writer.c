/* SPDX-License-Identifier: MIT */
/* writer.c - buffered output of documents in the chosen format */
#include <config.h>

#include <string.h>

#include "mem.h"
#include "write.h"

struct kj_writer {
    kj_writer_options o;
    kj_out out;
    size_t docs;       /* documents written so far */
    int finished;      /* kj_writer_finish() was called */
};

typedef void (*format_fn)(kj_out *out, const kj_writer_options *o,
                          const kj_doc *doc);

/* What each format writes: its extension, the text before the first
 * document, between two documents and after the last, and the function
 * that writes one document. Indexed by kj_output_format. */
static const struct format_info {
    const char *extension;
    const char *prologue;
    const char *separator;
    const char *epilogue;
    format_fn write;
} formats[] = {
    [KJ_FORMAT_CONLL] = {".conll", "", "", "", kj_write_conll},
    [KJ_FORMAT_JSONL] = {".jsonl", "", "", "", kj_write_jsonl},
    [KJ_FORMAT_CONLLU] = {".conllu", "", "", "", kj_write_conllu},
    [KJ_FORMAT_DOCCANO] = {".jsonl", "", "", "", kj_write_doccano},
    [KJ_FORMAT_LABELSTUDIO] = {".json", "[", ",\n", "]\n",
                               kj_write_labelstudio},
    [KJ_FORMAT_BRAT] = {".ann", "", "", "", kj_write_brat},
    [KJ_FORMAT_HTML] = {".html", kj_html_prologue, "", kj_html_epilogue,
                        kj_write_html},
};

#define NUM_FORMATS (sizeof formats / sizeof formats[0])

/* The format's entry, or NULL when `f` is not a format. */
static const struct format_info *
format_of(kj_output_format f)
{
    return (unsigned)f < NUM_FORMATS ? &formats[f] : NULL;
}

KJ_API const char *
kj_format_extension(kj_output_format f)
{
    const struct format_info *fi = format_of(f);

    return fi ? fi->extension : NULL;
}

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

    if (opts == NULL || fn == NULL || format_of(opts->format) == NULL ||
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

/* Append `n` bytes at `p`; a large piece goes straight to the write
 * function after what is buffered, without a copy. */
static void
out_put(kj_out *o, const char *p, size_t n)
{
    if (o->fn && n >= KJ_FLUSH_AT) {
        if (kj_out_flush(o) == KJ_OK)
            o->err = o->fn(o->user, p, n);
        return;
    }
    kj_buf_append(&o->buf, p, n);
    kj_out_check(o);
}

/* The prologue before the first document, the separator before the
 * others; counts the document. */
static void
begin_doc(kj_writer *w)
{
    const struct format_info *fi = format_of(w->o.format);

    kj_buf_puts(&w->out.buf, w->docs == 0 ? fi->prologue : fi->separator);
    w->docs++;
}

/* The writer's status after appending: a failed buffer is reported (and
 * emptied) by kj_out_flush(). */
static int
after_append(kj_writer *w)
{
    if (w->out.buf.failed)
        return kj_out_flush(&w->out);
    kj_out_check(&w->out);
    return w->out.err;
}

KJ_API int
kj_writer_write(kj_writer *w, const kj_doc *doc)
{
    if (w->finished)
        return KJ_EINVAL;
    begin_doc(w);
    format_of(w->o.format)->write(&w->out, &w->o, doc);
    return after_append(w);
}

KJ_API int
kj_writer_put(kj_writer *w, const char *formatted, size_t len)
{
    if (w->finished || (formatted == NULL && len > 0))
        return KJ_EINVAL;
    begin_doc(w);
    if (len > 0)
        out_put(&w->out, formatted, len);
    return after_append(w);
}

KJ_API int
kj_writer_finish(kj_writer *w)
{
    const struct format_info *fi = format_of(w->o.format);

    if (!w->finished) {
        if (w->docs == 0)
            kj_buf_puts(&w->out.buf, fi->prologue);
        kj_buf_puts(&w->out.buf, fi->epilogue);
        w->finished = 1;
    }
    return kj_out_flush(&w->out);
}

KJ_API char *
kj_format_doc(const kj_writer_options *opts, const kj_doc *doc)
{
    kj_out out = {{NULL, 0, 0, 0}, NULL, NULL, KJ_OK};
    const struct format_info *fi = format_of(opts->format);

    if (fi == NULL)
        return NULL;
    /* room for most documents at once (CoNLL and JSONL take about three
     * bytes per byte of text; at most 16 MB ahead), so that the buffer is
     * not copied as it doubles */
    kj_buf_reserve(&out.buf, doc->text.len < ((size_t)16 << 20) / 3
                                 ? 3 * doc->text.len + 1024 : (size_t)16 << 20);
    fi->write(&out, opts, doc);
    if (out.buf.failed) {
        kj_buf_free(&out.buf);
        return NULL;
    }
    if (out.buf.data == NULL)
        return kj_strndup("", 0);
    return out.buf.data;
}
