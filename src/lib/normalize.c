/* SPDX-License-Identifier: MIT */
/* normalize.c - matching keys of tokens (utf8proc, plus ICU's script data) */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include <unicode/uscript.h>
#include <utf8proc.h>

#include "mem.h"
#include "normalize.h"
#include "lexicon_format.h"

/* Typographic apostrophes and look-alikes become "'". */
static utf8proc_int32_t
fold_apostrophe(utf8proc_int32_t c, void *data)
{
    (void)data;
    switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02BB:
    case 0x00B4: case 0x0060: case 0x2032: case 0xFF07:
        return '\'';
    default:
        return c;
    }
}

/* Do marks on this letter go? Only for Latin, Greek and Cyrillic. */
static int
strips_marks(utf8proc_int32_t base)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode s;

    if (base < 0x80)
        return 1;
    s = uscript_getScript(base, &e);
    return U_SUCCESS(e) &&
           (s == USCRIPT_LATIN || s == USCRIPT_GREEK || s == USCRIPT_CYRILLIC);
}

#define KJ_KEY_STACK 256

int
kj_key_append(kj_buf *out, const char *s, size_t n)
{
    utf8proc_int32_t stack[KJ_KEY_STACK], *cp = stack;
    utf8proc_ssize_t m, k, w;
    const utf8proc_option_t opt = UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                  UTF8PROC_DECOMPOSE;
    int strip = 0, rc = KJ_OK;
    size_t i;

    for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
        ;
    if (i == n) {
        /* ASCII: NFKC is the identity, case folding is tolower. */
        if (kj_buf_reserve(out, n) != 0)
            return KJ_ENOMEM;
        for (i = 0; i < n; i++) {
            char c = s[i];
            out->data[out->len++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        out->data[out->len] = '\0';
        return KJ_OK;
    }
    if (n > (size_t)PTRDIFF_MAX / 8)
        return KJ_ENOMEM;
    m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
                                  (utf8proc_ssize_t)n, cp, KJ_KEY_STACK, opt,
                                  fold_apostrophe, NULL);
    if (m > KJ_KEY_STACK) {
        cp = kj_malloc((size_t)m * sizeof *cp);
        if (cp == NULL)
            return KJ_ENOMEM;
        m = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)n, cp, m, opt,
                                      fold_apostrophe, NULL);
    }
    if (m < 0) {
        rc = m == UTF8PROC_ERROR_NOMEM ? KJ_ENOMEM : KJ_EINVAL;
        goto done;
    }
    /* Drop combining marks whose base letter is Latin, Greek or Cyrillic. */
    for (k = w = 0; k < m; k++) {
        const utf8proc_property_t *p = utf8proc_get_property(cp[k]);
        if (p->combining_class == 0 && p->category != UTF8PROC_CATEGORY_MN)
            strip = strips_marks(cp[k]);
        else if (p->category == UTF8PROC_CATEGORY_MN && strip)
            continue;
        cp[w++] = cp[k];
    }
    /* Compose again (NFKC) and encode as UTF-8 in place. */
    m = utf8proc_reencode(cp, w, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) {
        rc = KJ_EINVAL;
        goto done;
    }
    kj_buf_append(out, (const char *)cp, (size_t)m);
    if (out->failed)
        rc = KJ_ENOMEM;
done:
    if (cp != stack)
        kj_free(cp);
    return rc;
}

/* Number the distinct keys of the document: key_cls[i] for token i. */
static int
classify_keys(kj_doc *doc)
{
    size_t n = doc->num_tokens, size = 64, i;

    while (size < 2 * n)
        size *= 2;
    if (kj_grow((void **)&doc->key_cls, &doc->cap_key_cls, n ? n : 1,
                sizeof *doc->key_cls) != KJ_OK ||
        kj_grow((void **)&doc->cls_slots, &doc->cap_cls_slots, size,
                sizeof *doc->cls_slots) != KJ_OK ||
        kj_grow((void **)&doc->cls_token, &doc->cap_cls_token, n ? n : 1,
                sizeof *doc->cls_token) != KJ_OK)
        return KJ_ENOMEM;
    memset(doc->cls_slots, 0, size * sizeof *doc->cls_slots);
    doc->num_key_cls = 0;
    for (i = 0; i < n; i++) {
        const char *k = doc->keys.data + doc->key_off[i];
        size_t len = doc->key_off[i + 1] - doc->key_off[i];
        size_t h = (size_t)kj_lexhash(k, len) & (size - 1);
        uint32_t c;
        for (;; h = (h + 1) & (size - 1)) {
            size_t t, tl;
            if ((c = doc->cls_slots[h]) == 0) {
                c = (uint32_t)++doc->num_key_cls;
                doc->cls_slots[h] = c;
                doc->cls_token[c - 1] = (uint32_t)i;
                break;
            }
            t = doc->cls_token[c - 1];
            tl = doc->key_off[t + 1] - doc->key_off[t];
            if (tl == len && memcmp(doc->keys.data + doc->key_off[t], k, len) == 0)
                break;
        }
        doc->key_cls[i] = c - 1;
    }
    return KJ_OK;
}

int
kj_doc_make_keys(kj_doc *doc)
{
    size_t i;

    kj_buf_reset(&doc->keys);
    if (kj_grow((void **)&doc->key_off, &doc->cap_key_off, doc->num_tokens + 1,
                sizeof *doc->key_off) != KJ_OK)
        return KJ_ENOMEM;
    for (i = 0; i < doc->num_tokens; i++) {
        const kj_token *t = &doc->tokens[i];
        int rc;
        doc->key_off[i] = doc->keys.len;
        rc = kj_key_append(&doc->keys, doc->text.data + t->start,
                           t->end - t->start);
        if (rc == KJ_EINVAL)  /* cannot happen for valid UTF-8: keep the text */
            kj_buf_append(&doc->keys, doc->text.data + t->start, t->end - t->start);
        else if (rc != KJ_OK)
            return rc;
    }
    doc->key_off[doc->num_tokens] = doc->keys.len;
    doc->num_keys = doc->num_tokens;
    if (doc->keys.failed)
        return KJ_ENOMEM;
    return classify_keys(doc);
}

/* The Unicode version of the data keys are made with (utf8proc's): part of
 * a compiled lexicon's identity, since its keys are stored normalised. */
const char *kj_key_unicode_version(void);

const char *
kj_key_unicode_version(void)
{
    return utf8proc_unicode_version();
}
