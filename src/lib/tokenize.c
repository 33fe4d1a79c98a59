/* SPDX-License-Identifier: MIT */
/* tokenize.c - split a document's text into tokens
 *
 * A first, simple tokenizer: runs of letters, marks and digits are words;
 * an apostrophe, hyphen, period or comma between two word characters stays
 * inside the word ("Ma'ruf", "negara-negara", "2,35", "1.500.000"); every
 * other punctuation or symbol character is a token of its own; white space
 * and control characters separate tokens and are never part of one.
 */
#include <config.h>

#include <utf8proc.h>

#include "tokenize.h"
#include "utf8.h"

int
kj_char_class(int32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
            (cp >= '0' && cp <= '9'))
            return KJ_C_WORD;
        if (cp == '\'' || cp == '-' || cp == '.' || cp == ',')
            return KJ_C_JOINER;
        if (cp <= 0x20 || cp == 0x7F)
            return KJ_C_SPACE;
        return KJ_C_PUNCT;
    }
    if (cp == 0x2019 || cp == 0x2011) /* right single quote, non-breaking hyphen */
        return KJ_C_JOINER;
    if (cp == 0x200C || cp == 0x200D) /* ZWNJ, ZWJ */
        return KJ_C_WORD;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return KJ_C_WORD;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CN:
        return KJ_C_SPACE;
    default:
        return KJ_C_PUNCT;
    }
}

int
kj_tokenize(kj_doc *doc)
{
    const char *t = doc->text.data;
    size_t n = doc->text.len, i = 0;

    while (i < n) {
        size_t len, start;
        int32_t cp = kj_utf8_decode(t + i, n - i, &len);
        int c = kj_char_class(cp);

        if (c == KJ_C_SPACE) {
            i += len;
            continue;
        }
        start = i;
        i += len;
        if (c == KJ_C_WORD) {
            for (;;) {
                size_t l2, l3;
                int32_t c2;
                if (i >= n)
                    break;
                c2 = kj_utf8_decode(t + i, n - i, &l2);
                if (kj_char_class(c2) == KJ_C_WORD) {
                    i += l2;
                    continue;
                }
                /* A joiner stays only between two word characters. */
                if (kj_char_class(c2) != KJ_C_JOINER || i + l2 >= n ||
                    kj_char_class(kj_utf8_decode(t + i + l2, n - i - l2, &l3)) != KJ_C_WORD)
                    break;
                i += l2 + l3;
            }
        }
        if (kj_doc_push_token(doc, start, i) != KJ_OK)
            return KJ_ENOMEM;
    }
    return KJ_OK;
}
