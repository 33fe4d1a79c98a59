/* SPDX-License-Identifier: MIT */
/* fuzz_check.h - invariants the fuzz targets check (header only)
 *
 * Every check abort()s with a message on stderr when an invariant does not
 * hold, so libFuzzer (and the replay program) report it as a crash.
 * Included by one fuzz target per program; everything is static.
 */
#ifndef KJ_FUZZ_CHECK_H
#define KJ_FUZZ_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "kijang.h"

#if defined(__GNUC__)
#define FUZZ_FN static __attribute__((unused))
#define FUZZ_NORETURN __attribute__((format(printf, 1, 2), noreturn))
#else
#define FUZZ_FN static
#define FUZZ_NORETURN
#endif

FUZZ_FN FUZZ_NORETURN void
fuzz_fail(const char *fmt, ...)
{
    va_list ap;

    fputs("fuzz invariant failed: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Offset of the first byte of s[0..n) that is not part of a well-formed
 * UTF-8 sequence (Unicode table 3-7: no overlongs, surrogates or values
 * above U+10FFFF), or n when all of it is valid. */
FUZZ_FN size_t
fuzz_utf8_invalid_at(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        unsigned char lo = 0x80, hi = 0xBF;
        size_t k, len;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else
            return i;
        if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += len;
    }
    return n;
}

FUZZ_FN int
fuzz_utf8_valid(const void *s, size_t n)
{
    return fuzz_utf8_invalid_at(s, n) == n;
}

/* Is offset `off` of t[0..n) at the start of a code point (or the end)? */
FUZZ_FN int
fuzz_at_boundary(const char *t, size_t n, size_t off)
{
    return off == n || (off < n && ((unsigned char)t[off] & 0xC0) != 0x80);
}

/* A diagnostic callback that reads every string it is given. */
FUZZ_FN void
fuzz_diag(void *user, const kj_diag *d)
{
    volatile size_t n = 0;

    (void)user;
    if (d == NULL || d->message == NULL)
        fuzz_fail("diagnostic without a message");
    if (d->severity != KJ_DIAG_WARNING && d->severity != KJ_DIAG_ERROR)
        fuzz_fail("diagnostic with severity %d", (int)d->severity);
    n += strlen(d->message);
    if (d->file)
        n += strlen(d->file);
    if (d->doc_id)
        n += strlen(d->doc_id);
    (void)n;
}

/* What fuzz_check_doc() allows and checks. */
#define FUZZ_EMPTY_TOKENS 1  /* CoNLL input keeps an empty first column as
                                an empty token (one output line per line) */
#define FUZZ_TAGGED 2        /* after kj_tag(): keys and entities */
#define FUZZ_ANY_LABELS 4    /* entities may have empty labels (from a
                                damaged lexicon that fails its check) */

/* The structure of a document: text valid UTF-8 and NUL-terminated; tokens
 * inside the text, on code point boundaries, increasing and not
 * overlapping, non-empty; sentences non-empty, covering the tokens in
 * order. After tagging: every token has a key (valid UTF-8), and the
 * entities are sorted, do not overlap, lie on their tokens inside one
 * sentence and have labels. */
FUZZ_FN void
fuzz_check_doc(const kj_doc *doc, int flags)
{
    size_t len, nt, ns, ne, i, s, next;
    const char *text = kj_doc_text(doc, &len);
    const kj_token *tk = kj_doc_tokens(doc, &nt);
    const kj_sentence *se = kj_doc_sentences(doc, &ns);
    const kj_entity *en = kj_doc_entities(doc, &ne);
    size_t at;

    if (text == NULL)
        fuzz_fail("kj_doc_text() is NULL");
    if (text[len] != '\0')
        fuzz_fail("kj_doc_text() is not NUL-terminated (len %zu)", len);
    if ((at = fuzz_utf8_invalid_at((const unsigned char *)text, len)) != len)
        fuzz_fail("kj_doc_text() is not valid UTF-8 at byte %zu of %zu", at,
                  len);
    if (nt > 0 && tk == NULL)
        fuzz_fail("%zu tokens but no token array", nt);
    for (i = 0; i < nt; i++) {
        if (tk[i].end > len || tk[i].start > tk[i].end)
            fuzz_fail("token %zu [%zu, %zu) is not inside the text (%zu bytes)",
                      i, tk[i].start, tk[i].end, len);
        if (tk[i].start == tk[i].end && !(flags & FUZZ_EMPTY_TOKENS))
            fuzz_fail("token %zu [%zu, %zu) is empty", i, tk[i].start,
                      tk[i].end);
        if (i > 0 && tk[i].start < tk[i - 1].end)
            fuzz_fail("token %zu [%zu, %zu) overlaps or precedes token %zu "
                      "[%zu, %zu)", i, tk[i].start, tk[i].end, i - 1,
                      tk[i - 1].start, tk[i - 1].end);
        if (!fuzz_at_boundary(text, len, tk[i].start) ||
            !fuzz_at_boundary(text, len, tk[i].end))
            fuzz_fail("token %zu [%zu, %zu) cuts a code point", i, tk[i].start,
                      tk[i].end);
    }
    if (ns > 0 && se == NULL)
        fuzz_fail("%zu sentences but no sentence array", ns);
    next = 0;
    for (s = 0; s < ns; s++) {
        if (se[s].first != next || se[s].end <= se[s].first || se[s].end > nt)
            fuzz_fail("sentence %zu is tokens [%zu, %zu): expected it to "
                      "start at token %zu and be non-empty (%zu tokens)", s,
                      se[s].first, se[s].end, next, nt);
        next = se[s].end;
    }
    if (next != nt)
        fuzz_fail("the sentences cover tokens [0, %zu) of %zu", next, nt);
    if (!(flags & FUZZ_TAGGED))
        return;
    for (i = 0; i < nt; i++) {
        size_t klen;
        const char *k = kj_doc_token_key(doc, i, &klen);
        if (k == NULL)
            fuzz_fail("token %zu has no key after kj_tag()", i);
        if (!fuzz_utf8_valid(k, klen))
            fuzz_fail("the key of token %zu is not valid UTF-8", i);
    }
    if (kj_doc_token_key(doc, nt, NULL) != NULL)
        fuzz_fail("kj_doc_token_key() past the last token is not NULL");
    if (ne > 0 && en == NULL)
        fuzz_fail("%zu entities but no entity array", ne);
    s = 0;
    for (i = 0; i < ne; i++) {
        const kj_entity *e = &en[i];
        size_t a;
        if (e->first >= e->last || e->last > nt)
            fuzz_fail("entity %zu has tokens [%zu, %zu) of %zu", i, e->first,
                      e->last, nt);
        if (i > 0 && e->first < en[i - 1].last)
            fuzz_fail("entity %zu (tokens [%zu, %zu)) overlaps or precedes "
                      "entity %zu (tokens [%zu, %zu))", i, e->first, e->last,
                      i - 1, en[i - 1].first, en[i - 1].last);
        if (e->start != tk[e->first].start || e->end != tk[e->last - 1].end)
            fuzz_fail("entity %zu bytes [%zu, %zu) are not those of its tokens "
                      "[%zu, %zu)", i, e->start, e->end, tk[e->first].start,
                      tk[e->last - 1].end);
        while (s < ns && se[s].end <= e->first)
            s++;
        if (s == ns || e->last > se[s].end)
            fuzz_fail("entity %zu (tokens [%zu, %zu)) crosses a sentence end",
                      i, e->first, e->last);
        if (e->label == NULL ||
            (e->label[0] == '\0' && !(flags & FUZZ_ANY_LABELS)))
            fuzz_fail("entity %zu has no label", i);
        if (e->num_alts > 0 && e->alts == NULL)
            fuzz_fail("entity %zu has %zu alternatives but no array", i,
                      e->num_alts);
        for (a = 0; a < e->num_alts; a++)
            if (e->alts[a].label == NULL ||
                (e->alts[a].label[0] == '\0' && !(flags & FUZZ_ANY_LABELS)))
                fuzz_fail("entity %zu alternative %zu has no label", i, a);
    }
}

/* Offsets in the JSONL writer's unit: units[b] for byte offset b of the
 * text (code points or UTF-16 code units before it), or the input offset
 * for KJ_OFFSETS_BYTE. */
typedef struct fuzz_units {
    const kj_doc *doc;
    kj_offset_unit unit;
    size_t *units;
} fuzz_units;

FUZZ_FN void
fuzz_units_init(fuzz_units *u, const kj_doc *doc, kj_offset_unit unit)
{
    size_t len, i, n = 0;
    const char *text = kj_doc_text(doc, &len);

    u->doc = doc;
    u->unit = unit;
    u->units = malloc((len + 1) * sizeof *u->units);
    if (u->units == NULL)
        fuzz_fail("out of memory");
    for (i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)text[i] : 0;
        u->units[i] = n;
        if (i < len && (c & 0xC0) != 0x80)
            n += unit == KJ_OFFSETS_UTF16 && c >= 0xF0 ? 2 : 1;
    }
}

FUZZ_FN size_t
fuzz_offset(const fuzz_units *u, size_t off)
{
    if (u->unit == KJ_OFFSETS_BYTE)
        return kj_doc_input_offset(u->doc, off);
    return u->units[off];
}

FUZZ_FN const kj_json_value *
fuzz_member(const kj_json_value *obj, const char *key, kj_json_type type)
{
    const kj_json_value *v = kj_json_member(obj, key);

    if (v == NULL || v->type != type)
        fuzz_fail("JSONL output: no member \"%s\" of type %d", key, (int)type);
    return v;
}

FUZZ_FN void
fuzz_pair(const kj_json_value *v, size_t a, size_t b, const char *what,
          size_t i)
{
    if (v->type != KJ_JSON_ARRAY || v->n != 2 ||
        v->items[0].type != KJ_JSON_NUMBER ||
        v->items[1].type != KJ_JSON_NUMBER ||
        v->items[0].number != (double)a || v->items[1].number != (double)b)
        fuzz_fail("JSONL output: %s %zu is not [%zu,%zu]", what, i, a, b);
}

/* Format `doc` as JSONL (offsets in `unit`), check that the output is valid
 * UTF-8, one line, and parses back (kijang's own JSON parser) to the
 * document: the same text, tokens, sentences and entities, or its error. */
FUZZ_FN void
fuzz_check_jsonl(const kj_doc *doc, kj_offset_unit unit)
{
    kj_writer_options o;
    kj_json_value v, *m;
    char err[160], *out;
    size_t n, at, len, nt, ns, ne, i;
    const char *text = kj_doc_text(doc, &len);
    const kj_token *tk = kj_doc_tokens(doc, &nt);
    const kj_sentence *se = kj_doc_sentences(doc, &ns);
    const kj_entity *en = kj_doc_entities(doc, &ne);

    fuzz_units u;

    kj_writer_options_init(&o);
    o.format = KJ_FORMAT_JSONL;
    o.offsets = unit;
    out = kj_format_doc(&o, doc);
    if (out == NULL)
        fuzz_fail("kj_format_doc(JSONL) returned NULL");
    n = strlen(out);
    if ((at = fuzz_utf8_invalid_at((const unsigned char *)out, n)) != n)
        fuzz_fail("JSONL output is not valid UTF-8 at byte %zu of %zu: %.*s",
                  at, n, (int)(n > 400 ? 400 : n), out);
    if (n == 0 || out[n - 1] != '\n' || memchr(out, '\n', n - 1) != NULL)
        fuzz_fail("JSONL output is not one line");
    if (kj_json_parse(out, n, &v, err, sizeof err) != 0)
        fuzz_fail("JSONL output does not parse (%s): %.*s", err,
                  (int)(n > 400 ? 400 : n), out);
    if (v.type != KJ_JSON_OBJECT)
        fuzz_fail("JSONL output is not an object");
    (void)fuzz_member(&v, "id", KJ_JSON_STRING);
    if (kj_doc_error(doc)) {
        const kj_json_value *e = fuzz_member(&v, "error", KJ_JSON_STRING);
        if (strcmp(e->str, kj_doc_error(doc)) != 0)
            fuzz_fail("JSONL output: the error differs from kj_doc_error()");
        kj_json_value_free(&v);
        kj_free(out);
        return;
    }
    fuzz_units_init(&u, doc, unit);
    m = (kj_json_value *)fuzz_member(&v, "text", KJ_JSON_STRING);
    if (m->len != len || memcmp(m->str, text, len) != 0)
        fuzz_fail("JSONL output: \"text\" (%zu bytes) is not the document's "
                  "text (%zu bytes)", m->len, len);
    m = (kj_json_value *)fuzz_member(&v, "tokens", KJ_JSON_ARRAY);
    if (m->n != nt)
        fuzz_fail("JSONL output: %zu tokens, the document has %zu", m->n, nt);
    for (i = 0; i < nt; i++)
        fuzz_pair(&m->items[i], fuzz_offset(&u, tk[i].start),
                  fuzz_offset(&u, tk[i].end), "token", i);
    m = (kj_json_value *)fuzz_member(&v, "sentences", KJ_JSON_ARRAY);
    if (m->n != ns)
        fuzz_fail("JSONL output: %zu sentences, the document has %zu", m->n,
                  ns);
    for (i = 0; i < ns; i++)
        fuzz_pair(&m->items[i], se[i].first, se[i].end, "sentence", i);
    m = (kj_json_value *)fuzz_member(&v, "entities", KJ_JSON_ARRAY);
    if (m->n != ne)
        fuzz_fail("JSONL output: %zu entities, the document has %zu", m->n,
                  ne);
    for (i = 0; i < ne; i++) {
        const kj_json_value *e = &m->items[i], *f;
        if (e->type != KJ_JSON_OBJECT)
            fuzz_fail("JSONL output: entity %zu is not an object", i);
        f = fuzz_member(e, "start", KJ_JSON_NUMBER);
        if (f->number != (double)fuzz_offset(&u, en[i].start))
            fuzz_fail("JSONL output: entity %zu start is wrong", i);
        f = fuzz_member(e, "end", KJ_JSON_NUMBER);
        if (f->number != (double)fuzz_offset(&u, en[i].end))
            fuzz_fail("JSONL output: entity %zu end is wrong", i);
        f = fuzz_member(e, "label", KJ_JSON_STRING);
        if (strcmp(f->str, en[i].label) != 0)
            fuzz_fail("JSONL output: entity %zu label is wrong", i);
        f = fuzz_member(e, "text", KJ_JSON_STRING);
        if (f->len != en[i].end - en[i].start ||
            memcmp(f->str, text + en[i].start, f->len) != 0)
            fuzz_fail("JSONL output: entity %zu text is wrong", i);
    }
    free(u.units);
    kj_json_value_free(&v);
    kj_free(out);
}

/* Format `doc` in `opts`' format: a string (valid UTF-8 when `utf8`). */
FUZZ_FN void
fuzz_check_format(const kj_writer_options *opts, const kj_doc *doc, int utf8)
{
    char *out = kj_format_doc(opts, doc);
    size_t n, at;

    if (out == NULL)
        fuzz_fail("kj_format_doc(format %d) returned NULL", (int)opts->format);
    n = strlen(out);
    if (utf8 && (at = fuzz_utf8_invalid_at((const unsigned char *)out, n)) != n)
        fuzz_fail("format %d output is not valid UTF-8 at byte %zu of %zu: "
                  "%.*s", (int)opts->format, at, n, (int)(n > 400 ? 400 : n),
                  out);
    kj_free(out);
}

#endif
