/* SPDX-License-Identifier: MIT */
/* write_jsonl.c - JSONL output: one object per document
 *
 * {"id", "text", <members passed through from JSONL input>, "tokens":
 * [[start, end], ...], "sentences": [[first_token, end_token], ...],
 * "entities": [{"start", "end", "label", "text", "source", "id", "kind",
 * "alt": [{"label", "source", "id", "kind"}]}]}
 * Offsets are code points or UTF-16 units of "text", or bytes of the input.
 * A failed document is {"id", "error"}.
 */
#include <config.h>

#include <string.h>

#include "json.h"
#include "write.h"

static void
put_pair(kj_buf *out, size_t a, size_t b)
{
    kj_buf_putc(out, '[');
    kj_buf_putu(out, a);
    kj_buf_putc(out, ',');
    kj_buf_putu(out, b);
    kj_buf_putc(out, ']');
}

void
kj_out_key_string(kj_buf *out, const char *key, const char *s)
{
    kj_buf_puts(out, key);
    kj_json_put_string(out, s, strlen(s));
}

static void
put_entities(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    kj_unitconv u;
    size_t i;

    kj_unitconv_init(&u, doc, o->offsets);
    kj_buf_puts(out, ",\"entities\":[");
    for (i = 0; i < doc->num_entities; i++) {
        const kj_entity *e = &doc->entities[i];
        if (i)
            kj_buf_putc(out, ',');
        kj_buf_puts(out, "{\"start\":");
        kj_buf_putu(out, kj_unitconv_at(&u, e->start));
        kj_buf_puts(out, ",\"end\":");
        kj_buf_putu(out, kj_unitconv_at(&u, e->end));
        kj_out_key_string(out, ",\"label\":", e->label);
        kj_buf_puts(out, ",\"text\":");
        kj_json_put_string(out, doc->text.data + e->start, e->end - e->start);
        if (e->source)
            kj_out_key_string(out, ",\"source\":", e->source);
        if (e->id)
            kj_out_key_string(out, ",\"id\":", e->id);
        if (e->kind)
            kj_out_key_string(out, ",\"kind\":", e->kind);
        if (e->num_alts) {
            size_t a;
            kj_buf_puts(out, ",\"alt\":[");
            for (a = 0; a < e->num_alts; a++) {
                const kj_alt *alt = &e->alts[a];
                kj_out_key_string(out, a ? ",{\"label\":" : "{\"label\":", alt->label);
                if (alt->source)
                    kj_out_key_string(out, ",\"source\":", alt->source);
                if (alt->id)
                    kj_out_key_string(out, ",\"id\":", alt->id);
                if (alt->kind)
                    kj_out_key_string(out, ",\"kind\":", alt->kind);
                kj_buf_putc(out, '}');
            }
            kj_buf_putc(out, ']');
        }
        kj_buf_putc(out, '}');
        kj_out_check(sink);
    }
    kj_buf_putc(out, ']');
}

void
kj_out_json_string(kj_out *sink, const char *t, size_t n)
{
    size_t i = 0;

    kj_buf_putc(&sink->buf, '"');
    while (i < n) {
        size_t k = n - i < KJ_FLUSH_AT ? n - i : KJ_FLUSH_AT;
        /* Cut between code points, never inside one. */
        while (i + k < n && ((unsigned char)t[i + k] & 0xC0) == 0x80)
            k--;
        kj_json_put_escaped(&sink->buf, t + i, k);
        i += k;
        kj_out_check(sink);
    }
    kj_buf_putc(&sink->buf, '"');
}

int
kj_out_json_open(kj_out *sink, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;

    kj_out_key_string(out, "{\"id\":", doc->id);
    if (doc->error) {
        kj_out_key_string(out, ",\"error\":", doc->error);
        kj_buf_puts(out, "}\n");
        return 1;
    }
    kj_buf_puts(out, ",\"text\":");
    kj_out_json_string(sink, doc->text.data ? doc->text.data : "", doc->text.len);
    return 0;
}

void
kj_write_jsonl(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    kj_unitconv u;
    size_t i;

    if (kj_out_json_open(sink, doc))
        return;
    kj_buf_append(out, doc->extra_json.data, doc->extra_json.len);
    kj_buf_puts(out, ",\"tokens\":[");
    kj_unitconv_init(&u, doc, o->offsets);
    for (i = 0; i < doc->num_tokens; i++) {
        size_t a = kj_unitconv_at(&u, doc->tokens[i].start);
        if (i)
            kj_buf_putc(out, ',');
        put_pair(out, a, kj_unitconv_at(&u, doc->tokens[i].end));
        kj_out_check(sink);
    }
    kj_buf_puts(out, "],\"sentences\":[");
    for (i = 0; i < doc->num_sentences; i++) {
        if (i)
            kj_buf_putc(out, ',');
        put_pair(out, doc->sentences[i].first, doc->sentences[i].end);
    }
    kj_buf_putc(out, ']');
    put_entities(sink, o, doc);
    kj_buf_puts(out, "}\n");
}
