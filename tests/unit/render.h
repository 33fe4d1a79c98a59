/* SPDX-License-Identifier: MIT */
/* render.h - a tagged document's entities as one string, for the tests of
 * the matcher and the rules (include after cmocka.h) */
#ifndef KJ_TEST_RENDER_H
#define KJ_TEST_RENDER_H

#include <stdio.h>
#include <string.h>

#include "kijang.h"

/* Tag `text` with t (in doc) and write its entities to out[0..cap) as
 * "[surface]LABEL" joined by spaces. */
static void
render(kj_tagger *t, kj_doc *doc, const char *text, char *out, size_t cap)
{
    const kj_entity *e;
    size_t n, i, len = 0;

    assert_int_equal(kj_doc_set_text(doc, "d", text, strlen(text)), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    e = kj_doc_entities(doc, &n);
    out[0] = '\0';
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s[%.*s]%s",
                                i ? " " : "", (int)(e[i].end - e[i].start),
                                text + e[i].start, e[i].label);
}

#endif
