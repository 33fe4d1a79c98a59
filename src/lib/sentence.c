/* SPDX-License-Identifier: MIT */
/* sentence.c - group a document's tokens into sentences
 *
 * A first, simple splitter: a sentence ends after a token of '.', '!', '?'
 * or '…' (with any closing quotes and brackets that follow it) when the next
 * token starts with an upper-case letter, a digit or an opening quote; and
 * always at a blank line (a paragraph break).
 */
#include <config.h>

#include <utf8proc.h>

#include "sentence.h"
#include "utf8.h"

static int
is_final(const char *t, size_t n)
{
    size_t i;

    if (n == 3 && (unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80 &&
        (unsigned char)t[2] == 0xA6)
        return 1; /* … */
    for (i = 0; i < n; i++)
        if (t[i] != '.' && t[i] != '!' && t[i] != '?')
            return 0;
    return n > 0;
}

static int
is_closer(const char *t, size_t n)
{
    size_t len;
    int32_t cp = kj_utf8_decode(t, n, &len);

    if (len != n)
        return 0;
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
           cp == 0x201D || cp == 0x2019 || cp == 0xBB;
}

static int
starts_sentence(const char *t, size_t n)
{
    size_t len;
    int32_t cp = kj_utf8_decode(t, n, &len);
    utf8proc_category_t cat = utf8proc_category(cp);

    /* Upper-case or caseless letters, digits, opening brackets (Ps) and
     * quotes (Pi, and the ASCII quotes, which have no direction). */
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ||
           cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND ||
           cat == UTF8PROC_CATEGORY_PS || cat == UTF8PROC_CATEGORY_PI ||
           cp == '"' || cp == '\'';
}

/* Is there a blank line in text[from..to)? */
static int
paragraph_break(const char *t, size_t from, size_t to)
{
    int newlines = 0;
    size_t i;

    for (i = from; i < to; i++) {
        if (t[i] == '\n') {
            if (++newlines == 2)
                return 1;
        } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            newlines = 0;
    }
    return 0;
}

int
kj_split_sentences(kj_doc *doc)
{
    const char *t = doc->text.data;
    const kj_token *tok = doc->tokens;
    size_t n = doc->num_tokens, first = 0, i;

    for (i = 0; i + 1 < n; i++) {
        int end = paragraph_break(t, tok[i].end, tok[i + 1].start);
        if (!end && is_final(t + tok[i].start, tok[i].end - tok[i].start)) {
            while (i + 1 < n &&
                   is_closer(t + tok[i + 1].start, tok[i + 1].end - tok[i + 1].start) &&
                   tok[i + 1].start == tok[i].end)
                i++;
            end = i + 1 < n && tok[i + 1].start > tok[i].end &&
                  starts_sentence(t + tok[i + 1].start,
                                  tok[i + 1].end - tok[i + 1].start);
        }
        if (end) {
            if (kj_doc_push_sentence(doc, first, i + 1) != KJ_OK)
                return KJ_ENOMEM;
            first = i + 1;
        }
    }
    if (first < n && kj_doc_push_sentence(doc, first, n) != KJ_OK)
        return KJ_ENOMEM;
    return KJ_OK;
}
