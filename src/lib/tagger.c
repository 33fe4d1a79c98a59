/* SPDX-License-Identifier: MIT */
/* tagger.c - run the pipeline over one document
 *
 * tokenize -> split sentences -> keys -> gazetteer (-> rules, later).
 * Pre-tokenized documents (CoNLL input) keep their tokens and sentences.
 */
#include <config.h>

#include <string.h>

#include "doc.h"
#include "lexicon.h"
#include "match.h"
#include "mem.h"
#include "normalize.h"
#include "rules.h"
#include "sentence.h"
#include "tokenize.h"

struct kj_tagger {
    kj_tokenizer *tokenizer;
    kj_splitter *splitter;
    kj_matcher *matcher;
    kj_rules_ws *rules_ws;
    const kj_lexicon *rules;       /* word lists of the rules, or NULL */
    char *fallback;                /* --fallback label, or NULL */
    const kj_lexicon **lexicons;   /* in precedence order, last wins */
    size_t nlexicons, cap_lexicons;
    /* a filter of the short keys of every lexicon and the rules'
     * (known.filter NULL when some image is too big to have one): the
     * tokens whose keys it lacks need no text class of their own
     * (kj_doc_make_keys_known()) */
    uint64_t *known_bits;
    kj_keyfilter known;
    int known_off;                 /* kj_tagger_use_known(t, 0) */
};

KJ_API kj_tagger *
kj_tagger_new(int *out_err)
{
    kj_tagger *t = kj_calloc(1, sizeof *t);

    if (t == NULL)
        goto fail;
    t->tokenizer = kj_tokenizer_new();
    if (t->tokenizer == NULL)
        goto fail_tagger_created;
    t->splitter = kj_splitter_new();
    if (t->splitter == NULL)
        goto fail_tokenizer_created;
    t->matcher = kj_matcher_new();
    t->rules_ws = kj_rules_ws_new();
    if (t->matcher == NULL || t->rules_ws == NULL)
        goto fail_splitter_created;
    if (out_err)
        *out_err = KJ_OK;
    return t;

fail_splitter_created:
    kj_matcher_free(t->matcher);
    kj_rules_ws_free(t->rules_ws);
    kj_splitter_free(t->splitter);
fail_tokenizer_created:
    kj_tokenizer_free(t->tokenizer);
fail_tagger_created:
    kj_free(t);
fail:
    if (out_err)
        *out_err = KJ_ENOMEM;
    return NULL;
}

KJ_API void
kj_tagger_free(kj_tagger *t)
{
    if (t == NULL)
        return;
    kj_tokenizer_free(t->tokenizer);
    kj_splitter_free(t->splitter);
    kj_matcher_free(t->matcher);
    kj_rules_ws_free(t->rules_ws);
    kj_free(t->fallback);
    kj_free(t->lexicons);
    kj_free(t->known_bits);
    kj_free(t);
}

void
kj_tagger_use_known(kj_tagger *t, int on)
{
    t->known_off = !on;
}

/* Mark the short keys of lx in t's key filter; -1 when lx has no filter
 * of its own. */
static int
mark_known(kj_tagger *t, const kj_lexicon *lx)
{
    return lx == NULL ? 0 : kj_lex_mark_short_keys(lx, t->known_bits, t->known.bits);
}

/* Make t's key filter anew for its lexicons and rules (32 bits a key, as
 * an image's own): none when some image has no filter of its own. KJ_OK
 * or KJ_ENOMEM. */
static int
build_known(kj_tagger *t)
{
    uint64_t nkeys = t->rules ? t->rules->nkeys : 0;
    unsigned bits = 9;
    size_t k;
    int ok;

    kj_free(t->known_bits);
    t->known_bits = NULL;
    t->known.filter = NULL;
    for (k = 0; k < t->nlexicons; k++)
        nkeys += t->lexicons[k]->nkeys;
    while (((uint64_t)1 << bits) < 32 * nkeys && bits < 31)
        bits++;
    if ((t->known_bits = kj_calloc((size_t)1 << (bits - 6), sizeof *t->known_bits)) == NULL)
        return KJ_ENOMEM;
    t->known.bits = bits;
    kj_keyfilter_mark_flagged(t->known_bits, bits);
    ok = mark_known(t, t->rules) == 0;
    for (k = 0; ok && k < t->nlexicons; k++)
        ok = mark_known(t, t->lexicons[k]) == 0;
    if (!ok) {
        kj_free(t->known_bits);
        t->known_bits = NULL;
        return KJ_OK;
    }
    t->known.filter = t->known_bits;
    return KJ_OK;
}

KJ_API int
kj_tagger_set_rules(kj_tagger *t, const kj_lexicon *rules,
                    const char *fallback_label)
{
    char *fb = NULL;

    if (fallback_label &&
        (fb = kj_strndup(fallback_label, strlen(fallback_label))) == NULL)
        return KJ_ENOMEM;
    kj_free(t->fallback);
    t->fallback = fb;
    if (t->rules != rules)
        kj_rules_ws_forget(t->rules_ws);
    t->rules = rules;
    return build_known(t);
}

KJ_API int
kj_tagger_add_lexicon(kj_tagger *t, const kj_lexicon *lx)
{
    if (kj_grow((void **)&t->lexicons, &t->cap_lexicons, t->nlexicons + 1,
                sizeof *t->lexicons) != KJ_OK)
        return KJ_ENOMEM;
    t->lexicons[t->nlexicons++] = lx;
    return build_known(t);
}

KJ_API void
kj_tagger_set_tokenizer(kj_tagger *t, kj_tokenizer_mode mode)
{
    kj_tokenizer_set_icu_only(t->tokenizer, mode == KJ_TOKENIZER_ICU);
    kj_splitter_set_exhaustive(t->splitter, mode == KJ_TOKENIZER_ICU);
}

KJ_API int
kj_tag(kj_tagger *t, kj_doc *doc)
{
    int rc;

    if (doc->error)
        return KJ_OK;
    doc->num_entities = 0;
    if (!doc->pretokenized) {
        doc->num_tokens = 0;
        doc->num_sentences = 0;
        rc = kj_tokenize(t->tokenizer, doc);
        if (rc == KJ_OK)
            rc = kj_split_sentences(t->splitter, doc);
        if (rc == KJ_EINVAL)
            /* ICU counts in int32_t: 2 GiB is its limit. */
            return kj_doc_set_error(doc, "document too large to segment "
                                         "(2 GiB or more)");
        if (rc != KJ_OK)
            return rc;
    }
    if ((rc = kj_doc_make_keys_known(doc, t->known.filter && !t->known_off ? &t->known : NULL)) != KJ_OK)
        return rc;
    if ((rc = kj_match(t->matcher, t->lexicons, t->nlexicons, doc)) != KJ_OK)
        return rc;
    return kj_apply_rules(t->rules, t->fallback, doc, t->rules_ws);
}

KJ_API char *
kj_tagger_explain_span(const kj_tagger *t, const kj_doc *doc, size_t first,
                       size_t last)
{
    if (first >= last || last > doc->num_tokens || doc->num_keys < last)
        return NULL;
    return kj_explain_span(t->lexicons, t->nlexicons, doc, first, last);
}
