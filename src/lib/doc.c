/* SPDX-License-Identifier: MIT */
/* doc.c - the document model: text, tokens, sentences, entities */
#include <config.h>

#include <string.h>

#include "doc.h"
#include "mem.h"
#include "utf8.h"

KJ_API kj_doc *
kj_doc_new(void)
{
    kj_doc *doc = kj_calloc(1, sizeof *doc);

    if (doc == NULL)
        return NULL;
    kj_arena_init(&doc->arena);
    kj_buf_init(&doc->text);
    kj_buf_init(&doc->extra_json);
    kj_buf_init(&doc->cols);
    kj_buf_init(&doc->keys);
    kj_doc_reset(doc);
    return doc;
}

KJ_API void
kj_doc_free(kj_doc *doc)
{
    if (doc == NULL)
        return;
    kj_arena_free(&doc->arena);
    kj_buf_free(&doc->text);
    kj_buf_free(&doc->extra_json);
    kj_buf_free(&doc->cols);
    kj_buf_free(&doc->keys);
    kj_free(doc->cls_off);
    kj_free(doc->cls_hash);
    kj_free(doc->tok_flags);
    kj_free(doc->text_cls);
    kj_free(doc->shapes);
    kj_free(doc->shape_gen);
    kj_free(doc->tslots);
    kj_free(doc->tcls);
    kj_free(doc->thash);
    kj_free(doc->tlist);
    kj_free(doc->shifts);
    kj_free(doc->tokens);
    kj_free(doc->stop_blocks);
    kj_free(doc->sentences);
    kj_free(doc->entities);
    kj_free(doc->colspans);
    kj_free(doc);
}

KJ_API void
kj_doc_reset(kj_doc *doc)
{
    kj_arena_reset(&doc->arena);
    doc->id = "";
    doc->error = NULL;
    kj_buf_reset(&doc->text);
    kj_buf_reset(&doc->extra_json);
    kj_buf_reset(&doc->cols);
    kj_buf_reset(&doc->keys);
    doc->num_keys = 0;
    doc->inert = 0;
    doc->replacements = 0;
    doc->first_invalid = -1;
    doc->num_shifts = 0;
    doc->num_tokens = 0;
    doc->num_stop_blocks = 0;
    doc->num_sentences = 0;
    doc->num_entities = 0;
    doc->num_colspans = 0;
    doc->num_cols = 0;
    doc->pretokenized = 0;
}

/* An id is a name that goes into every output format: invalid UTF-8 in it
 * (from a CoNLL-U comment, a path) becomes U+FFFD, as in the text. */
int
kj_doc_set_id(kj_doc *doc, const char *id, size_t len)
{
    size_t v = kj_utf8_valid_prefix(id, len), i, k = 0;
    char *s;

    if (v == len) {
        s = kj_arena_strndup(&doc->arena, id, len);
    } else {
        s = kj_arena_alloc(&doc->arena, 3 * len + 1);   /* each byte at worst */
        for (i = 0; s && i < len;) {
            v = kj_utf8_valid_prefix(id + i, len - i);
            memcpy(s + k, id + i, v);
            k += v;
            i += v;
            if (i < len) {
                memcpy(s + k, "\xEF\xBF\xBD", 3);
                k += 3;
                i += kj_utf8_invalid_length(id + i, len - i);
            }
        }
        if (s)
            s[k] = '\0';
    }
    if (s == NULL)
        return KJ_ENOMEM;
    doc->id = s;
    return KJ_OK;
}

KJ_API int
kj_doc_set_error(kj_doc *doc, const char *msg)
{
    char *s = kj_arena_strndup(&doc->arena, msg, strlen(msg));

    doc->error = s ? s : "out of memory";
    return s ? KJ_OK : KJ_ENOMEM;
}

static int
push_shift(kj_doc *doc, size_t at, long long delta)
{
    if (doc->num_shifts && doc->shifts[doc->num_shifts - 1].at == at) {
        doc->shifts[doc->num_shifts - 1].delta = delta;
        return KJ_OK;
    }
    if (kj_grow((void **)&doc->shifts, &doc->cap_shifts, doc->num_shifts + 1,
                sizeof *doc->shifts) != KJ_OK)
        return KJ_ENOMEM;
    doc->shifts[doc->num_shifts].at = at;
    doc->shifts[doc->num_shifts].delta = delta;
    doc->num_shifts++;
    return KJ_OK;
}

static long long
current_delta(const kj_doc *doc)
{
    return doc->num_shifts ? doc->shifts[doc->num_shifts - 1].delta : 0;
}

int
kj_doc_append_input(kj_doc *doc, const char *p, size_t len, size_t input_base)
{
    size_t i = 0;

    /* The piece starts at input_base; keep the mapping exact at its start. */
    if ((long long)input_base - (long long)doc->text.len != current_delta(doc) &&
        push_shift(doc, doc->text.len,
                   (long long)input_base - (long long)doc->text.len) != KJ_OK)
        return KJ_ENOMEM;
    if (kj_buf_reserve(&doc->text, len) != 0)
        return KJ_ENOMEM;
    while (i < len) {
        size_t valid = kj_utf8_valid_prefix(p + i, len - i);
        size_t bad;

        kj_buf_append(&doc->text, p + i, valid);
        i += valid;
        if (i == len)
            break;
        bad = kj_utf8_invalid_length(p + i, len - i);
        if (doc->first_invalid < 0)
            doc->first_invalid = (long long)(input_base + i);
        doc->replacements++;
        kj_buf_append(&doc->text, "\xEF\xBF\xBD", 3);
        i += bad;
        if (push_shift(doc, doc->text.len,
                       (long long)(input_base + i) - (long long)doc->text.len) != KJ_OK)
            return KJ_ENOMEM;
    }
    return doc->text.failed ? KJ_ENOMEM : KJ_OK;
}

int
kj_doc_take_input(kj_doc *doc, kj_buf *in, size_t input_base)
{
    kj_buf old;

    if (doc->text.len != 0 || input_base != 0 || in->failed || in->data == NULL ||
        in->cap <= in->len || kj_utf8_valid_prefix(in->data, in->len) != in->len)
        return kj_doc_append_input(doc, in->data ? in->data : "", in->len, input_base);
    old = doc->text;
    doc->text = *in;
    doc->text.data[doc->text.len] = '\0';
    *in = old;
    kj_buf_reset(in);
    return KJ_OK;
}

KJ_API int
kj_doc_set_text(kj_doc *doc, const char *id, const char *text, size_t len)
{
    size_t skip = 0;
    int rc;

    kj_doc_reset(doc);
    if (id && (rc = kj_doc_set_id(doc, id, strlen(id))) != KJ_OK)
        return rc;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    return kj_doc_append_input(doc, text + skip, len - skip, skip);
}

KJ_API size_t
kj_doc_input_offset(const kj_doc *doc, size_t offset)
{
    size_t lo = 0, hi = doc->num_shifts;

    /* The last shift with at <= offset applies. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->shifts[mid].at <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return offset;
    return (size_t)((long long)offset + doc->shifts[lo - 1].delta);
}

/* Room for one more token (kj_doc_push_token() in doc.h). */
int
kj_doc_grow_tokens(kj_doc *doc)
{
    return kj_grow((void **)&doc->tokens, &doc->cap_tokens, doc->num_tokens + 1,
                   sizeof *doc->tokens);
}

int
kj_doc_push_sentence(kj_doc *doc, size_t first, size_t end)
{
    if (kj_grow((void **)&doc->sentences, &doc->cap_sentences,
                doc->num_sentences + 1, sizeof *doc->sentences) != KJ_OK)
        return KJ_ENOMEM;
    doc->sentences[doc->num_sentences].first = first;
    doc->sentences[doc->num_sentences].end = end;
    doc->num_sentences++;
    return KJ_OK;
}

KJ_API const char *
kj_doc_id(const kj_doc *doc)
{
    return doc->id;
}

KJ_API const char *
kj_doc_text(const kj_doc *doc, size_t *out_len)
{
    if (out_len)
        *out_len = doc->text.len;
    return doc->text.data ? doc->text.data : "";
}

KJ_API size_t
kj_doc_replacements(const kj_doc *doc)
{
    return doc->replacements;
}

KJ_API long long
kj_doc_first_invalid(const kj_doc *doc)
{
    return doc->first_invalid;
}

KJ_API const kj_token *
kj_doc_tokens(const kj_doc *doc, size_t *out_n)
{
    *out_n = doc->num_tokens;
    return doc->tokens;
}

KJ_API const kj_sentence *
kj_doc_sentences(const kj_doc *doc, size_t *out_n)
{
    *out_n = doc->num_sentences;
    return doc->sentences;
}

KJ_API const kj_entity *
kj_doc_entities(const kj_doc *doc, size_t *out_n)
{
    *out_n = doc->num_entities;
    return doc->entities;
}

/* The key of inert token i (doc.h: its class has none): its text, copied
 * when asked into the document's arena, so that it lasts as other keys
 * do, until the document is reset; NULL when memory ran out. (The arena
 * is the document's scratch: a document is read by one thread at a time.) */
static const char *
inert_key(const kj_doc *doc, size_t i, size_t *len)
{
    const kj_token *tok = &doc->tokens[i];

    *len = tok->end - tok->start;
    return kj_arena_strndup(&((kj_doc *)doc)->arena, doc->text.data + tok->start, *len);
}

KJ_API const char *
kj_doc_token_key(const kj_doc *doc, size_t i, size_t *out_len)
{
    const char *k;
    size_t len;

    if (i >= doc->num_keys) {
        if (out_len)
            *out_len = 0;
        return NULL;
    }
    if (kj_doc_inert(doc, i))
        k = inert_key(doc, i, &len);
    else
        k = kj_doc_key(doc, i, &len);
    if (out_len)
        *out_len = k ? len : 0;
    return k;
}

KJ_API const char *
kj_doc_error(const kj_doc *doc)
{
    return doc->error;
}

kj_entity *
kj_doc_push_entity(kj_doc *doc, size_t first, size_t last)
{
    kj_entity *e;

    if (kj_grow((void **)&doc->entities, &doc->cap_entities,
                doc->num_entities + 1, sizeof *doc->entities) != KJ_OK)
        return NULL;
    e = &doc->entities[doc->num_entities++];
    memset(e, 0, sizeof *e);
    e->first = first;
    e->last = last;
    e->start = doc->tokens[first].start;
    e->end = doc->tokens[last - 1].end;
    return e;
}

const char *
kj_doc_strdup(kj_doc *doc, const char *s)
{
    return s ? kj_arena_strndup(&doc->arena, s, strlen(s)) : NULL;
}

/* Index of the sentence holding token `t` (sentences are sorted). */
static size_t
sentence_of(const kj_doc *doc, size_t t)
{
    size_t lo = 0, hi = doc->num_sentences;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->sentences[mid].end <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

KJ_API int
kj_doc_add_entity(kj_doc *doc, size_t first, size_t last, const char *label,
                  const char *source)
{
    size_t s, i;
    kj_entity *e;

    if (label == NULL || first >= last || last > doc->num_tokens)
        return KJ_EINVAL;
    s = sentence_of(doc, first);
    if (s == doc->num_sentences || doc->sentences[s].first > first ||
        last > doc->sentences[s].end)
        return KJ_EINVAL;
    /* Keep entities sorted; refuse overlaps. */
    for (i = doc->num_entities; i > 0 && doc->entities[i - 1].first >= first; i--)
        ;
    if ((i > 0 && doc->entities[i - 1].last > first) ||
        (i < doc->num_entities && doc->entities[i].first < last))
        return KJ_EINVAL;
    if (kj_grow((void **)&doc->entities, &doc->cap_entities,
                doc->num_entities + 1, sizeof *doc->entities) != KJ_OK)
        return KJ_ENOMEM;
    memmove(doc->entities + i + 1, doc->entities + i,
            (doc->num_entities - i) * sizeof *doc->entities);
    e = &doc->entities[i];
    memset(e, 0, sizeof *e);
    e->first = first;
    e->last = last;
    e->start = doc->tokens[first].start;
    e->end = doc->tokens[last - 1].end;
    e->label = kj_arena_strndup(&doc->arena, label, strlen(label));
    e->source = source ? kj_arena_strndup(&doc->arena, source, strlen(source)) : NULL;
    doc->num_entities++;
    if (e->label == NULL || (source && e->source == NULL))
        return KJ_ENOMEM;
    return KJ_OK;
}
