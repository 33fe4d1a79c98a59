/* SPDX-License-Identifier: MIT */
/* write_html.c - HTML output: one standalone page with entities highlighted
 *
 * The page (UTF-8, no scripts, no outside resources) is kj_html_prologue
 * (doctype, head with the style, a legend of the four labels), then one
 * section per document, then kj_html_epilogue; the writer puts them
 * together. A document is
 *
 *   <section>
 *   <h2>ID</h2>
 *   <div class="doc">TEXT</div>
 *   </section>
 *
 * where the text (shown with white-space: pre-wrap) has each entity as
 *   <mark class="e e-LABEL" title="LABEL · SOURCE · id=ID · kind=KIND">
 *   SURFACE<span class="l">LABEL</span></mark>
 * (on one line; parts of the title absent when NULL). The class keeps only
 * [A-Za-z0-9_-] of the label; PER, ORG, LOC and PROG have their own
 * colour, any other label a neutral one. A failed document is a section
 * with the id and <p class="error">MESSAGE</p>.
 *
 * Everything that comes from the input (text, ids, labels, sources, kinds,
 * messages) is escaped: & < > " and ' become character references.
 */
#include <config.h>

#include <string.h>

#include "write.h"

const char kj_html_prologue[] =
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>kijang</title>\n"
    "<style>\n"
    "body{font-family:sans-serif;color:#222;background:#fff;"
    "max-width:60em;margin:1.5em auto;padding:0 1em}\n"
    "h2{font-size:1em;color:#555;border-bottom:1px solid #ddd;"
    "margin-top:1.5em}\n"
    ".doc{white-space:pre-wrap;line-height:1.9}\n"
    "mark.e{background:#d9d9d9;color:inherit;padding:.1em .2em;"
    "border-radius:.25em}\n"
    "mark.e-PER{background:#ffd166}\n"
    "mark.e-ORG{background:#8ecae6}\n"
    "mark.e-LOC{background:#95d5b2}\n"
    "mark.e-PROG{background:#e0b1f5}\n"
    ".l{font-size:.65em;font-weight:bold;margin-left:.35em;"
    "vertical-align:.15em;user-select:none}\n"
    ".legend mark{margin-right:.4em}\n"
    ".error{color:#b00020}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<p class=\"legend\">"
    "<mark class=\"e e-PER\">PER</mark>"
    "<mark class=\"e e-ORG\">ORG</mark>"
    "<mark class=\"e e-LOC\">LOC</mark>"
    "<mark class=\"e e-PROG\">PROG</mark></p>\n";

const char kj_html_epilogue[] = "</body></html>\n";

/* Append s[0..n) with & < > " ' as character references. */
static void
put_escaped(kj_buf *out, const char *s, size_t n)
{
    size_t i, run = 0;

    for (i = 0; i < n; i++) {
        const char *ref;
        switch (s[i]) {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\'': ref = "&#39;"; break;
        default: continue;
        }
        kj_buf_append(out, s + run, i - run);
        kj_buf_puts(out, ref);
        run = i + 1;
    }
    kj_buf_append(out, s + run, n - run);
}

static void
put_escaped_str(kj_buf *out, const char *s)
{
    put_escaped(out, s, strlen(s));
}

/* Text of the document, escaped, draining the sink every KJ_FLUSH_AT
 * bytes so a long stretch without entities streams. */
static void
put_text(kj_out *sink, const char *t, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t k = n - i < KJ_FLUSH_AT ? n - i : KJ_FLUSH_AT;
        put_escaped(&sink->buf, t + i, k);
        i += k;
        kj_out_check(sink);
    }
}

/* The label as a class name: only [A-Za-z0-9_-] of it. */
static void
put_class(kj_buf *out, const char *label)
{
    for (; *label; label++) {
        char c = *label;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '_' || c == '-')
            kj_buf_putc(out, c);
    }
}

/* "LABEL · SOURCE · id=ID · kind=KIND", the parts that are not NULL. */
static void
put_title(kj_buf *out, const kj_entity *e)
{
    static const char dot[] = " \xC2\xB7 ";

    put_escaped_str(out, e->label);
    if (e->source) {
        kj_buf_puts(out, dot);
        put_escaped_str(out, e->source);
    }
    if (e->id) {
        kj_buf_puts(out, dot);
        kj_buf_puts(out, "id=");
        put_escaped_str(out, e->id);
    }
    if (e->kind) {
        kj_buf_puts(out, dot);
        kj_buf_puts(out, "kind=");
        put_escaped_str(out, e->kind);
    }
}

static void
put_entity(kj_buf *out, const char *t, const kj_entity *e)
{
    kj_buf_puts(out, "<mark class=\"e e-");
    put_class(out, e->label);
    kj_buf_puts(out, "\" title=\"");
    put_title(out, e);
    kj_buf_puts(out, "\">");
    put_escaped(out, t + e->start, e->end - e->start);
    kj_buf_puts(out, "<span class=\"l\">");
    put_escaped_str(out, e->label);
    kj_buf_puts(out, "</span></mark>");
}

void
kj_write_html(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    const char *t = doc->text.data ? doc->text.data : "";
    size_t i, at = 0;

    kj_buf_puts(out, "<section>\n<h2>");
    put_escaped_str(out, doc->id);
    kj_buf_puts(out, "</h2>\n");
    if (doc->error) {
        kj_buf_puts(out, "<p class=\"error\">");
        put_escaped_str(out, doc->error);
        kj_buf_puts(out, "</p>\n</section>\n");
        return;
    }
    kj_buf_puts(out, "<div class=\"doc\">");
    for (i = 0; i < doc->num_entities; i++) {
        const kj_entity *e = &doc->entities[i];
        put_text(sink, t + at, e->start - at);
        put_entity(out, t, e);
        at = e->end;
        kj_out_check(sink);
    }
    put_text(sink, t + at, doc->text.len - at);
    kj_buf_puts(out, "</div>\n</section>\n");
}
