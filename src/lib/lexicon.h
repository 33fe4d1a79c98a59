/* SPDX-License-Identifier: MIT */
/* lexicon.h - compiled lexicons: the loaded image and its accessors
 *
 * A kj_lexicon is a validated view of a .kjlex image (mmapped, read, or the
 * caller's memory). Opening checks the header and the section table in
 * constant time; every accessor below bounds-checks what it follows, so a
 * damaged image gives errors (or no match), never a crash.
 */
#ifndef KJ_LEXICON_H
#define KJ_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "kijang.h"
#include "lexicon_format.h"

struct kj_lexicon {
    char *name;                    /* path or name, for messages */
    const unsigned char *base;     /* the image */
    size_t size;
    void *map;                     /* mmapped region, or NULL */
    unsigned char *owned;          /* read() copy, or NULL */
    const unsigned char *sec[KJ_NUM_SECTIONS];
    uint64_t secsize[KJ_NUM_SECTIONS];
    uint32_t nlabels, nsrcs, nkeys, nhash, nnodes, nedges, nents;
    char id[24];                   /* "crc32:XXXXXXXX", see kj_lexicon_id */
    /* Small images: one bit per value of a key hash's fingerprint bits
     * (fp & filter_mask) that some key has, so that most lookups of words
     * the image does not hold end in this bit array, not in the image. */
    uint64_t *filter;
    uint32_t filter_mask;
    /* Images with few edges: one bit per value of kj_lex_edge_bit() that
     * some edge (parent node, key id) of the trie has, so that most steps
     * to a child that does not exist end here, not in the NODE and EDGE
     * sections (most words that follow a name's first word do not go on
     * with it). NULL for big images. */
    uint64_t *edge_filter;
    uint32_t edge_mask;
    /* Images with a filter: per key id, 16 bytes (KJ_KEYREC_*): the key's
     * bytes when it has at most 11, its length (KJ_KEYREC_LONG: longer,
     * or out of range), and its ROOT value; so that a probe that finds a
     * key reads one record, not KEYS, STRS and ROOT. NULL for others. */
    unsigned char *keyrec;
    /* where key id i's ROOT value is: roots + (i << root_shift) (the ROOT
     * section, or the records), the node in its root_mask bits (the
     * records keep KJ_ROOT_* flags above) */
    const unsigned char *roots;
    unsigned root_shift;
    uint32_t root_mask;
};

#define KJ_KEYREC_SIZE 16
#define KJ_KEYREC_BYTES 11   /* key bytes kept: 0..10; its length at 11 */
#define KJ_KEYREC_LONG 0xFF  /* the key is in STRS only */
/* A record's root (at byte 12) is the node kj_lex_root() gives (images of
 * fewer than 2^30 nodes have records) with these flags above it: */
#define KJ_ROOT_KIDS (1u << 31)   /* the node has children */
#define KJ_ROOT_ENTS (1u << 30)   /* entries end at the node */
#define KJ_ROOT_NODE 0x3FFFFFFFu

/* The string at STRS offset `off`, or NULL when out of range (STRS ends
 * with a NUL, so every in-range offset is terminated). */
static inline const char *
kj_lex_str(const kj_lexicon *lx, uint32_t off)
{
    return off < lx->secsize[KJ_SEC_STRS]
               ? (const char *)lx->sec[KJ_SEC_STRS] + off : NULL;
}

/* The bit of a filter (kj_lexicon.filter and its mask) for a key whose
 * kj_lexhash() is h: 0 when no key of the image has its fingerprint. */
static inline int
kj_lex_filter_bit(const uint64_t *filter, uint32_t mask, uint64_t h)
{
    uint32_t f = (uint32_t)(h >> 32) & mask;

    return (int)(filter[f / 64] >> (f % 64) & 1);
}

/* Might lx hold a key whose kj_lexhash() is h? 0 only when it surely does
 * not (the image's filter lacks the fingerprint); 1 for images without a
 * filter. A few instructions, no call: for skipping most lookups. */
static inline int
kj_lex_may_hold(const kj_lexicon *lx, uint64_t h)
{
    return lx->filter == NULL || kj_lex_filter_bit(lx->filter, lx->filter_mask, h);
}

/* Is the string at STRS offset `off` the n bytes s[0..n) (its NUL at n)?
 * Compared by words, without a call, as the lengths are known: 8 bytes a
 * step and the last 8 overlapping; 4 to 7 bytes as two overlapping
 * words; 1 to 3 as the first, middle and last byte. Nothing past the
 * string's NUL or s[n) is read. */
static inline int
kj_lex_key_is(const kj_lexicon *lx, uint32_t off, const char *s, size_t n)
{
    const unsigned char *k = lx->sec[KJ_SEC_STRS] + off;
    size_t i;

    if (off >= lx->secsize[KJ_SEC_STRS] || lx->secsize[KJ_SEC_STRS] - off <= n ||
        k[n] != 0)
        return 0;
    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8)
            if (memcmp(k + i, s + i, 8) != 0)
                return 0;
        return memcmp(k + n - 8, s + n - 8, 8) == 0;
    }
    if (n >= 4)
        return memcmp(k, s, 4) == 0 && memcmp(k + n - 4, s + n - 4, 4) == 0;
    return n == 0 || (k[0] == (unsigned char)s[0] && k[n / 2] == (unsigned char)s[n / 2] &&
                      k[n - 1] == (unsigned char)s[n - 1]);
}

/* Is key `id` of lx the n bytes s[0..n)? From its record where it has
 * one with the key's bytes, as kj_lex_key_is() compares them (the record
 * has 16 bytes, so 8-byte words of it may be read), else from STRS. */
static inline int
kj_lex_key_id_is(const kj_lexicon *lx, uint32_t id, const char *s, size_t n)
{
    const unsigned char *r;

    if (lx->keyrec == NULL || lx->keyrec[(size_t)id * KJ_KEYREC_SIZE + KJ_KEYREC_BYTES] ==
                                  KJ_KEYREC_LONG)
        return kj_lex_key_is(lx, kj_get32(lx->sec[KJ_SEC_KEYS] + (size_t)id * 4), s, n);
    r = lx->keyrec + (size_t)id * KJ_KEYREC_SIZE;
    if (r[KJ_KEYREC_BYTES] != n)
        return 0;
    if (n >= 8)
        return memcmp(r, s, 8) == 0 && memcmp(r + n - 8, s + n - 8, 8) == 0;
    if (n >= 4)
        return memcmp(r, s, 4) == 0 && memcmp(r + n - 4, s + n - 4, 4) == 0;
    return n == 0 || (r[0] == (unsigned char)s[0] && r[n / 2] == (unsigned char)s[n / 2] &&
                      r[n - 1] == (unsigned char)s[n - 1]);
}

/* The key id of key bytes s[0..n), given h = kj_lexhash(s, n), from the
 * hash table alone (for callers that tried the filter); 0 and the id in
 * *id when found. Inline: per document, the matcher looks up every key
 * that passes the filter. */
static inline int
kj_lex_probe(const kj_lexicon *lx, const char *s, size_t n, uint64_t h,
             uint32_t *id)
{
    uint32_t mask = lx->nhash - 1, slot = (uint32_t)h & mask, fp = (uint32_t)(h >> 32);
    uint32_t probes;
    const unsigned char *tab = lx->sec[KJ_SEC_HASH];

    for (probes = 0; probes < lx->nhash; probes++) {
        uint32_t v = kj_get32(tab + (size_t)slot * 8);
        if (v == 0)
            return -1;
        if (kj_get32(tab + (size_t)slot * 8 + 4) == fp && v <= lx->nkeys) {
            if (kj_lex_key_id_is(lx, v - 1, s, n)) {
                *id = v - 1;
                return 0;
            }
        }
        slot = (slot + 1) & mask;
    }
    return -1;
}

/* The key id of key bytes s[0..n); 0 and the id in *id when found. */
/* The hash, for key filters over several images, of a key of n <= 16
 * bytes given as its first 8 bytes (`head`) and, when n > 8, its last 8
 * (`tail`, else 0), each as the number they make read little-endian, the
 * head 0-padded: the filter's bit is its top bits. (A tagger hashes its
 * documents' token texts so to intern them: a text that is its own key,
 * of small ASCII letters, is looked up in the filter by the same hash.) */
static inline uint64_t
kj_short_key_hash(uint64_t head, uint64_t tail, size_t n)
{
    return ((head ^ (uint64_t)n << 56) + tail * UINT64_C(0xC2B2AE3D27D4EB4F)) *
           UINT64_C(0x9E3779B97F4A7C15);
}

/* Set in the bit filter `filter` (2^bits bits) the bit of every key of lx
 * of at most 16 bytes (kj_short_key_hash()): a filter made so over several
 * images says of a short text whether some of them may hold it as a key.
 * Returns 0, or -1 (and sets nothing) for an image too big to have a
 * filter of its own (kj_lexicon.filter). */
int kj_lex_mark_short_keys(const kj_lexicon *lx, uint64_t *filter, unsigned bits);

int kj_lex_find_key(const kj_lexicon *lx, const char *s, size_t n,
                    uint32_t *id);
/* The same, given h = kj_lexhash(s, n) (a document keeps it per key). */
int kj_lex_find_key_hashed(const kj_lexicon *lx, const char *s, size_t n,
                           uint64_t h, uint32_t *id);
/* The node the root reaches by key id `id`; 0 when none. (The small
 * accessors are inline: the matcher calls them per token.) */
static inline uint32_t
kj_lex_root(const kj_lexicon *lx, uint32_t id)
{
    uint32_t node;

    if (id >= lx->nkeys)
        return 0;
    node = kj_get32(lx->roots + ((size_t)id << lx->root_shift)) & lx->root_mask;
    return node < lx->nnodes ? node : 0;
}

/* The bit of an edge filter (kj_lexicon.edge_filter, its size a power of
 * two given by mask + 1) for the edge from `node` by key id `id`. */
static inline uint32_t
kj_lex_edge_bit(uint32_t node, uint32_t id, uint32_t mask)
{
    uint64_t h = ((uint64_t)node << 32 | id) * UINT64_C(0x9E3779B97F4A7C15);

    return (uint32_t)(h >> 32) & mask;
}

/* kj_lex_child() without the edge filter: a search of the node's edges. */
uint32_t kj_lex_child_search(const kj_lexicon *lx, uint32_t node, uint32_t id);

/* Might `node` have a child by key id `id`? 0 only when it surely has
 * not (the edge filter lacks the edge's bit); 1 for images without an
 * edge filter. No branch but on whether the image has one. */
static inline unsigned
kj_lex_may_have_child(const kj_lexicon *lx, uint32_t node, uint32_t id)
{
    uint32_t b;

    if (lx->edge_filter == NULL)
        return 1;
    b = kj_lex_edge_bit(node, id, lx->edge_mask);
    return (unsigned)(lx->edge_filter[b / 64] >> (b % 64) & 1);
}

/* The child of `node` by key id `id`; 0 when none. Inline: the edge filter
 * answers most steps that fail without a call. */
static inline uint32_t
kj_lex_child(const kj_lexicon *lx, uint32_t node, uint32_t id)
{
    if (!kj_lex_may_have_child(lx, node, id))
        return 0;
    return kj_lex_child_search(lx, node, id);
}

/* Has `node` any child? (0 also when it is out of range or damaged.) */
static inline int
kj_lex_has_children(const kj_lexicon *lx, uint32_t node)
{
    uint32_t lo, hi;

    if (node >= lx->nnodes)
        return 0;
    lo = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)node * 8);
    hi = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)(node + 1) * 8);
    return lo < hi && hi <= lx->nedges;
}

/* The entries ending at `node`: [*first, *first + *n). 0, or -1 when the
 * node is out of range or damaged. */
static inline int
kj_lex_node_entries(const kj_lexicon *lx, uint32_t node, uint32_t *first,
                    uint32_t *n)
{
    uint32_t a, b;

    if (node >= lx->nnodes)
        return -1;
    a = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)node * 8 + 4);
    b = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)(node + 1) * 8 + 4);
    if (a > b || b > lx->nents)
        return -1;
    *first = a;
    *n = b - a;
    return 0;
}

/* The node the root reaches by key id `id` (kj_lex_root()) in *node, and
 * what it is: KJ_ROOT_KIDS when it has children (kj_lex_has_children(),
 * of node 0 too), KJ_ROOT_ENTS when entries end there (node not 0 and
 * kj_lex_node_entries() gives some). From the key's record where the image
 * has them (one read, which a probe that found the key made), else from
 * the NODE section. */
static inline uint32_t
kj_lex_root_kind(const kj_lexicon *lx, uint32_t id, uint32_t *node)
{
    uint32_t v, first, n;

    if (lx->keyrec != NULL && id < lx->nkeys) {
        v = kj_get32(lx->keyrec + (size_t)id * KJ_KEYREC_SIZE + 12);
        *node = v & KJ_ROOT_NODE;
        return v & (KJ_ROOT_KIDS | KJ_ROOT_ENTS);
    }
    *node = kj_lex_root(lx, id);
    return (kj_lex_has_children(lx, *node) ? KJ_ROOT_KIDS : 0) |
           (*node != 0 && kj_lex_node_entries(lx, *node, &first, &n) == 0 && n > 0
                ? KJ_ROOT_ENTS : 0);
}

/* One entry, decoded; strings point into the image. */
typedef struct kj_lexentry {
    const char *surface;
    const char *label;
    const char *attrs;   /* "k=v" joined by TABs, sorted; "" for none */
    const char *source;  /* path of the source file as named */
    uint32_t line;
    int32_t prio;
    int case_policy;     /* KJ_CASE_* */
    unsigned flags;      /* KJ_ENTRY_* */
} kj_lexentry;

/* Decode entry i; 0, or -1 when it is out of range or damaged. */
int kj_lex_entry(const kj_lexicon *lx, uint32_t i, kj_lexentry *out);

/* The value of attribute `key` in an attribute string, copied to out[0..cap)
 * (NUL-terminated); 1 when present. */
int kj_lex_attr(const char *attrs, const char *key, char *out, size_t cap);

#endif
