/* SPDX-License-Identifier: MIT */
/* tagger.c - run the pipeline over one document
 *
 * tokenize -> split sentences -> (gazetteer and rules come later). Until the
 * gazetteer lands every token is O.
 */
#include <config.h>

#include "doc.h"
#include "mem.h"
#include "sentence.h"
#include "tokenize.h"

struct kj_tagger {
    int unused;
};

KJ_API kj_tagger *
kj_tagger_new(int *out_err)
{
    kj_tagger *t = kj_calloc(1, sizeof *t);

    if (out_err)
        *out_err = t ? KJ_OK : KJ_ENOMEM;
    return t;
}

KJ_API void
kj_tagger_free(kj_tagger *t)
{
    kj_free(t);
}

KJ_API int
kj_tag(kj_tagger *t, kj_doc *doc)
{
    int rc;

    (void)t;
    if (doc->error)
        return KJ_OK;
    doc->num_entities = 0;
    if (!doc->pretokenized) {
        doc->num_tokens = 0;
        doc->num_sentences = 0;
        if ((rc = kj_tokenize(doc)) != KJ_OK ||
            (rc = kj_split_sentences(doc)) != KJ_OK)
            return rc;
    }
    return KJ_OK;
}
