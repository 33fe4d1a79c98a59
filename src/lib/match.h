/* SPDX-License-Identifier: MIT */
/* match.h - tag the token stream with the gazetteer */
#ifndef KJ_MATCH_H
#define KJ_MATCH_H

#include "doc.h"
#include "lexicon.h"

typedef struct kj_matcher kj_matcher;

/* Scratch space for matching, reused across documents; NULL when out of
 * memory. Free with kj_matcher_free(). */
kj_matcher *kj_matcher_new(void);
void kj_matcher_free(kj_matcher *m);

/* Add to doc->entities (empty before) the gazetteer matches of the images
 * lx[0..nlx), later images taking precedence. Needs tokens, sentences and
 * keys. Contract: entities come out sorted, non-overlapping, each inside one
 * sentence. Returns KJ_OK or KJ_ENOMEM. */
int kj_match(kj_matcher *m, const kj_lexicon *const *lx, size_t nlx,
             kj_doc *doc);

/* The key id of every distinct key of the document in lx, resolved once:
 * ids[c * stride] for key class c < doc->num_text_cls, KJ_KEY_NONE where lx
 * lacks the key. One pass over the classes, not the tokens. */
#define KJ_KEY_NONE 0xFFFFFFFFu   /* all bits: memset() makes it */
void kj_match_resolve_keys(const kj_lexicon *lx, const kj_doc *doc,
                           uint32_t *ids, size_t stride);

/* The key id of token t in lx, looked up; KJ_KEY_NONE when lx lacks it. */
uint32_t kj_match_find_key(const kj_lexicon *lx, const kj_doc *doc, size_t t);

/* The key id of token t in lx, from ids[] when there is one (see
 * kj_match_resolve_keys()); KJ_KEY_NONE when lx has no such key. */
static inline uint32_t
kj_match_key(const kj_lexicon *lx, const kj_doc *doc, size_t t, const uint32_t *ids)
{
    return ids ? ids[doc->text_cls[t]] : kj_match_find_key(lx, doc, t);
}

/* Does an entry of lx start with token i's key? 0: no; 1: yes, and only
 * one-token entries do (so the longest match at i depends on token i
 * alone); 2: yes, and longer ones may too. (`ids` as below.) Inline: the
 * rules ask per token. */
static inline int
kj_match_starts(const kj_lexicon *lx, const kj_doc *doc, size_t i,
                const uint32_t *ids)
{
    uint32_t id = kj_match_key(lx, doc, i, ids), node, kind;

    if (id == KJ_KEY_NONE)
        return 0;
    kind = kj_lex_root_kind(lx, id, &node);   /* (no NODE read, with records) */
    return node == 0 ? 0 : kind & KJ_ROOT_KIDS ? 2 : 1;
}

/* The case shapes of a lexicon's entry surfaces, made on first use and
 * kept (for the first 65,536 entries) while the lexicon is the same: for
 * kj_match_longest() over many documents. Not for two threads at once. */
typedef struct kj_shape_cache kj_shape_cache;
kj_shape_cache *kj_shape_cache_new(void);
void kj_shape_cache_free(kj_shape_cache *sc);

/* For the rules: the entries of the longest match of `lx` at token i (not
 * reaching `end`) that the case policy accepts, up to max in out[] (and
 * their indexes in out_idx[], when not NULL); their length in tokens in
 * *out_len. `ids` is what kj_match_resolve_keys() made with stride 1 (or
 * NULL: look the keys up); `sc` keeps surface shapes (or NULL). Returns
 * how many. */
size_t kj_match_longest(const kj_lexicon *lx, const kj_doc *doc, size_t i,
                        size_t end, const uint32_t *ids, kj_shape_cache *sc,
                        kj_lexentry *out, uint32_t *out_idx, size_t max,
                        size_t *out_len);
/* Why tokens [first, last) of doc are not an entity of their own: the
 * lexicon entries with these keys and what stopped each. A new string,
 * freed with kj_free(); NULL when out of memory. */
char *kj_explain_span(const kj_lexicon *const *lx, size_t nlx,
                      const kj_doc *doc, size_t first, size_t last);
/* Does token k start with a capital letter? (From the flags that
 * kj_doc_make_keys() computes, or from the text before.) */
int kj_text_capitalised(const kj_doc *doc, size_t k);

static inline int
kj_token_capitalised(const kj_doc *doc, size_t k)
{
    return k < doc->num_keys ? doc->tok_flags[k] & KJ_TF_CAP
                             : kj_text_capitalised(doc, k);
}

#endif
