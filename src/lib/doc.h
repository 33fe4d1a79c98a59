/* SPDX-License-Identifier: MIT */
/* doc.h - the document model shared by every pipeline stage
 *
 * A document owns its decoded text, its tokens, sentences and entities, and
 * an arena for its strings. kj_doc_reset() empties all of them but keeps
 * their memory, so a stream of documents does not churn malloc.
 */
#ifndef KJ_DOC_H
#define KJ_DOC_H

#include "arena.h"
#include "buf.h"
#include "kijang.h"

/* Where the decoded text stops matching the input byte for byte: from
 * decoded offset `at` on, input offset = decoded offset + `delta`. */
typedef struct kj_shift {
    size_t at;
    long long delta;
} kj_shift;

/* For --keep-columns: the input line of a token, [start, end) in `cols`. */
typedef struct kj_colspan {
    size_t start;
    size_t end;
} kj_colspan;

/* A distinct token text of a document (kj_doc_make_keys()). */
typedef struct kj_textcls {
    uint64_t head;      /* its first 8 bytes, 0-padded */
    uint32_t len;       /* its length (UINT32_MAX: 4 GiB or more) */
    uint32_t tok;       /* its first token */
    unsigned char flag; /* KJ_TF_* */
} kj_textcls;

struct kj_doc {
    kj_arena arena;          /* id, error, entity strings */
    const char *id;
    const char *error;       /* non-NULL: the document failed */
    kj_buf text;             /* decoded text, valid UTF-8 */
    size_t replacements;     /* invalid sequences replaced by U+FFFD */
    long long first_invalid; /* input offset of the first one, or -1 */

    kj_shift *shifts;        /* sorted by `at`; empty when text == input */
    size_t num_shifts, cap_shifts;

    kj_token *tokens;
    size_t num_tokens, cap_tokens;
    /* the bytes where a sentence may stop or a line end, or a superset (bit
     * j of [b]: byte 64 b + j), for the splitter from the tokenizer's fast
     * path; num_stop_blocks is 0 when they were not made for this text */
    uint64_t *stop_blocks;
    size_t num_stop_blocks, cap_stop_blocks;
    kj_sentence *sentences;
    size_t num_sentences, cap_sentences;
    kj_entity *entities;
    size_t num_entities, cap_entities;

    /* Matching keys, made by kj_doc_make_keys(): one per distinct token
     * text. Token i's key is keys[cls_off[t] .. cls_off[t + 1]) for its text
     * class t = text_cls[i]; lexicon lookups are cached per text class. */
    kj_buf keys;
    size_t *cls_off;
    size_t cap_cls_off;
    uint64_t *cls_hash;      /* per text class: kj_lexhash() of its key */
    size_t cap_cls_hash;
    size_t num_keys;         /* tokens with keys (0 until tagged) */
    unsigned char *tok_flags;  /* per token: KJ_TF_* */
    uint32_t *text_cls;      /* per token: its number among the document's
                                distinct token texts (or KJ_CLS_INERT) */
    int inert;               /* class KJ_CLS_INERT holds the inert tokens */
    size_t cap_text_cls;
    size_t num_text_cls;
    /* the matcher's case shape of each text class (match.c), valid where
     * shape_gen[t] == slot_gen */
    void *shapes;
    uint32_t *shape_gen;
    size_t cap_shapes, cap_shape_gen;
    size_t cap_tok_flags;
    /* scratch for interning: an open-addressing table of class + 1 (0:
     * empty) of tsize slots (a power of 2, kept at most half full), and
     * per text class */
    uint32_t *tslots;
    size_t tsize;
    uint32_t slot_gen;       /* counts kj_doc_make_keys() calls (shapes) */
    struct kj_textcls *tcls; /* per text class, what interning reads per
                                token, in one record */
    uint64_t *thash;         /* per text class: the hash it was placed by */
    uint32_t *tlist;         /* the tokens to intern (not inert), in order */
    size_t cap_tslots, cap_tcls, cap_thash, cap_tlist;

    int pretokenized;        /* tokens and sentences came with the input */
    kj_buf extra_json;       /* JSONL: members passed through, ",k:v..." */
    kj_buf cols;             /* keep-columns: token lines */
    kj_colspan *colspans;    /* one per token when keep-columns */
    size_t num_colspans, cap_colspans;
    size_t num_cols;         /* columns per token line (first line's) */
    int col_tabs;            /* token lines are TAB-separated */
};

/* Where doc->inert is set (kj_doc_make_keys_known()), text class 0 holds
 * the tokens no rule and no lexicon of the tagger can tell apart: texts
 * of up to 16 ASCII bytes without capital letters (their own keys) that
 * are keys of no lexicon. Their texts are not told apart by their class,
 * and its key is empty (kj_doc_token_key() gives theirs, their texts). */
#define KJ_CLS_INERT 0u

/* Is token i in the inert class (its text not told by its class)? */
static inline int
kj_doc_inert(const kj_doc *doc, size_t i)
{
    return doc->inert && doc->text_cls[i] == KJ_CLS_INERT;
}

/* Token flags (doc->tok_flags). */
#define KJ_TF_CAP 1      /* starts with an upper- or titlecase letter */
#define KJ_TF_COMMA 2    /* is "," */
#define KJ_TF_LPAREN 4   /* is "(" */
#define KJ_TF_RPAREN 8   /* is ")" */

/* The key of token i (after kj_doc_make_keys()) and its length. */
static inline const char *
kj_doc_key(const kj_doc *doc, size_t i, size_t *len)
{
    uint32_t c = doc->text_cls[i];

    *len = doc->cls_off[c + 1] - doc->cls_off[c];
    return doc->keys.data + doc->cls_off[c];
}

/* Append decoded `len` input bytes to the text, replacing invalid UTF-8 and
 * recording shifts. `input_base` is the input offset of text[0] of this
 * piece. Returns KJ_OK or KJ_ENOMEM. */
int kj_doc_append_input(kj_doc *doc, const char *p, size_t len,
                        size_t input_base);
/* The same for the whole of `in` as the text of a document that has none
 * yet, at input offset input_base: when every byte is valid UTF-8 and
 * input_base is 0, the document takes in's buffer instead of copying it
 * (`in` gets the document's old one, emptied). KJ_OK or KJ_ENOMEM. */
int kj_doc_take_input(kj_doc *doc, kj_buf *in, size_t input_base);
int kj_doc_grow_tokens(kj_doc *doc);

/* Append token [start, end); KJ_OK or KJ_ENOMEM. */
static inline int
kj_doc_push_token(kj_doc *doc, size_t start, size_t end)
{
    if (doc->num_tokens == doc->cap_tokens && kj_doc_grow_tokens(doc) != KJ_OK)
        return KJ_ENOMEM;
    doc->tokens[doc->num_tokens].start = start;
    doc->tokens[doc->num_tokens].end = end;
    doc->num_tokens++;
    return KJ_OK;
}

int kj_doc_push_sentence(kj_doc *doc, size_t first, size_t end);
int kj_doc_set_id(kj_doc *doc, const char *id, size_t len);
/* Append an entity over tokens [first, last), after every entity already
 * there (the matcher works left to right); fields zeroed but for the
 * offsets. NULL when out of memory. */
kj_entity *kj_doc_push_entity(kj_doc *doc, size_t first, size_t last);
/* A copy of s in the document's arena (NULL stays NULL; "" when out of
 * memory is not possible: returns NULL then). */
const char *kj_doc_strdup(kj_doc *doc, const char *s);

#endif
