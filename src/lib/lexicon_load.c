/* SPDX-License-Identifier: MIT */
/* lexicon_load.c - open, validate and read compiled lexicons (.kjlex)
 *
 * kj_lexicon_open() maps the file (read() where mmap is not available) and
 * checks, in constant time: the size against the header, the magic, the
 * format version, the key settings and Unicode version, the section table
 * (ids, alignment, bounds, contiguity, the last section ending at the end of
 * the file) and the sizes the sections must have relative to each other.
 * Nothing is done per entry. kj_lexicon_check() verifies the CRC and every
 * offset of the whole structure.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_MMAP
#include <sys/mman.h>
#endif

#include <zlib.h>

#include "diag.h"
#include "lexicon.h"
#include "mem.h"

/* Every problem of an image is an error of the whole file. */
#define lex_diag(fn, user, file, ...) \
    kj_diagf((fn), (user), KJ_DIAG_ERROR, (file), 0, __VA_ARGS__)

#define REBUILD "; rebuild it with 'kijang compile'"

/* The Unicode version keys are made with (utf8proc's data). */
const char *kj_key_unicode_version(void);

static int build_filter(kj_lexicon *lx);
static int build_edge_filter(kj_lexicon *lx);
static int build_keyrec(kj_lexicon *lx);

/* Validate header and section table; fill lx->sec. */
static int
validate(kj_lexicon *lx, kj_diag_fn diag, void *user)
{
    const unsigned char *b = lx->base;
    char settings[33], uver[17];
    uint64_t fsize, end;
    uint32_t version, hsize, nsec, i;
    static const size_t elem[KJ_NUM_SECTIONS] = {1, 4, 4, 4, 8, 4, 8, 8,
                                                 KJ_LEX_ENTRY_SIZE};

    if (lx->size < KJ_LEX_HEADER_SIZE || memcmp(b, KJ_LEX_MAGIC, 8) != 0) {
        lex_diag(diag, user, lx->name, "not a kijang lexicon image (no KIJANGLX "
                 "header)%s from its sources", REBUILD);
        return KJ_ELEXICON;
    }
    version = kj_get32(b + 8);
    if (version != KJ_LEXICON_FORMAT_VERSION) {
        lex_diag(diag, user, lx->name, "lexicon has format %u; this kijang reads "
                 "format %d%s", version, KJ_LEXICON_FORMAT_VERSION, REBUILD);
        return KJ_ELEXICON;
    }
    hsize = kj_get32(b + 12);
    fsize = kj_get64(b + 16);
    if (hsize != KJ_LEX_HEADER_SIZE || fsize != lx->size) {
        lex_diag(diag, user, lx->name, "lexicon is truncated or damaged (%zu bytes, "
                 "header says %llu)%s", lx->size, (unsigned long long)fsize, REBUILD);
        return KJ_ELEXICON;
    }
    memcpy(settings, b + 40, 32);
    settings[32] = '\0';
    memcpy(uver, b + 72, 16);
    uver[16] = '\0';
    if (strcmp(settings, KJ_LEX_KEY_SETTINGS) != 0 ||
        strcmp(uver, kj_key_unicode_version()) != 0) {
        lex_diag(diag, user, lx->name, "lexicon keys were made as '%s' with "
                 "Unicode %s; this kijang makes '%s' with Unicode %s%s", settings,
                 uver, KJ_LEX_KEY_SETTINGS, kj_key_unicode_version(), REBUILD);
        return KJ_ELEXICON;
    }
    nsec = kj_get32(b + 28);
    if (nsec != KJ_NUM_SECTIONS ||
        lx->size < KJ_LEX_HEADER_SIZE + (uint64_t)nsec * KJ_LEX_SECTION_SIZE) {
        lex_diag(diag, user, lx->name, "lexicon has a damaged section table%s", REBUILD);
        return KJ_ELEXICON;
    }
    end = KJ_LEX_HEADER_SIZE + (uint64_t)nsec * KJ_LEX_SECTION_SIZE;
    for (i = 0; i < nsec; i++) {
        const unsigned char *s = b + KJ_LEX_HEADER_SIZE + i * KJ_LEX_SECTION_SIZE;
        uint64_t off = kj_get64(s + 8), size = kj_get64(s + 16);
        if (memcmp(s, kj_section_ids[i], 4) != 0 || off % 8 != 0 || off < end ||
            off - end >= 8 || size > lx->size || off > lx->size - size ||
            size % elem[i] != 0) {
            lex_diag(diag, user, lx->name, "lexicon section %u (%.4s) is damaged%s",
                     i, (const char *)s, REBUILD);
            return KJ_ELEXICON;
        }
        lx->sec[i] = b + off;
        lx->secsize[i] = size;
        end = off + size;
    }
    if (end != lx->size) {
        lex_diag(diag, user, lx->name, "lexicon has bytes after its last section%s",
                 REBUILD);
        return KJ_ELEXICON;
    }
    lx->nlabels = (uint32_t)(lx->secsize[KJ_SEC_LBLS] / 4);
    lx->nsrcs = (uint32_t)(lx->secsize[KJ_SEC_SRCS] / 4);
    lx->nkeys = (uint32_t)(lx->secsize[KJ_SEC_KEYS] / 4);
    lx->nhash = (uint32_t)(lx->secsize[KJ_SEC_HASH] / 8);
    lx->nnodes = (uint32_t)(lx->secsize[KJ_SEC_NODE] / 8);
    lx->nedges = (uint32_t)(lx->secsize[KJ_SEC_EDGE] / 8);
    lx->nents = (uint32_t)(lx->secsize[KJ_SEC_ENTS] / KJ_LEX_ENTRY_SIZE);
    if (lx->secsize[KJ_SEC_STRS] == 0 || lx->sec[KJ_SEC_STRS][0] != 0 ||
        lx->sec[KJ_SEC_STRS][lx->secsize[KJ_SEC_STRS] - 1] != 0 ||
        lx->secsize[KJ_SEC_ROOT] != lx->secsize[KJ_SEC_KEYS] ||
        lx->nnodes < 2 || lx->nhash == 0 || (lx->nhash & (lx->nhash - 1)) != 0 ||
        lx->nhash <= lx->nkeys || kj_get64(b + 88) != lx->nents) {
        lex_diag(diag, user, lx->name, "lexicon sections do not fit together%s",
                 REBUILD);
        return KJ_ELEXICON;
    }
    lx->nnodes--;  /* the sentinel */
    if (build_filter(lx) != KJ_OK || build_edge_filter(lx) != KJ_OK ||
        build_keyrec(lx) != KJ_OK)
        return KJ_ENOMEM;
    /* the image's id: its stored checksum, which changes with any byte */
    snprintf(lx->id, sizeof lx->id, "crc32:%08x", (unsigned)kj_get32(b + 32));
    return KJ_OK;
}

/* An empty bit filter of at least `per_item` bits per item for n items
 * (a power of 2, at least 512 bits) in *filter, its size - 1 in *mask.
 * KJ_OK or KJ_ENOMEM. */
static int
alloc_filter(uint64_t **filter, uint32_t *mask, uint32_t n, uint32_t per_item)
{
    uint32_t bits = 512;

    while (bits < (uint64_t)per_item * n)
        bits *= 2;
    *filter = kj_calloc(bits / 64, sizeof **filter);
    if (*filter == NULL)
        return KJ_ENOMEM;
    *mask = bits - 1;
    return KJ_OK;
}

/* Images with at most this many keys get a filter (32 bits per key, at
 * most 256 KB, so that about 3% of the words an image lacks pass it (16
 * bits let 6% through, each a probe of the hash table); built in one pass
 * over the HASH section, well under a millisecond); bigger ones open in
 * constant time without. */
#define KJ_FILTER_MAX_KEYS 65536
#define KJ_FILTER_BITS 32

static int
build_filter(kj_lexicon *lx)
{
    uint32_t i;
    const unsigned char *tab = lx->sec[KJ_SEC_HASH];

    if (lx->nkeys > KJ_FILTER_MAX_KEYS)
        return KJ_OK;
    if (alloc_filter(&lx->filter, &lx->filter_mask, lx->nkeys, KJ_FILTER_BITS) != KJ_OK)
        return KJ_ENOMEM;
    for (i = 0; i < lx->nhash; i++) {   /* the used slots' bits, no branch */
        uint32_t fp = kj_get32(tab + (size_t)i * 8 + 4) & lx->filter_mask;
        lx->filter[fp / 64] |= (uint64_t)(kj_get32(tab + (size_t)i * 8) != 0) << (fp % 64);
    }
    return KJ_OK;
}

/* The n <= 8 bytes at k as a number, read little-endian. */
static uint64_t
le_bytes(const char *k, size_t n)
{
    uint64_t w = 0;
    size_t i;

    for (i = 0; i < n; i++)
        w |= (uint64_t)(unsigned char)k[i] << (8 * i);
    return w;
}

int
kj_lex_mark_short_keys(const kj_lexicon *lx, uint64_t *filter, unsigned bits)
{
    uint32_t id;

    if (lx->filter == NULL)
        return -1;
    for (id = 0; id < lx->nkeys; id++) {
        const char *k = kj_lex_str(lx, kj_get32(lx->sec[KJ_SEC_KEYS] + (size_t)id * 4));
        size_t n = k ? strnlen(k, 17) : 0;
        uint64_t h;

        if (n == 0 || n > 16)
            continue;
        h = kj_short_key_hash(le_bytes(k, n < 8 ? n : 8), n > 8 ? le_bytes(k + n - 8, 8) : 0,
                              n) >> (64 - bits);
        filter[h / 64] |= UINT64_C(1) << (h % 64);
    }
    return 0;
}

/* Images with at most this many edges get an edge filter (16 bits per
 * edge, at most 512 KB; built in one pass over the NODE and EDGE sections,
 * a millisecond at most); bigger ones open without. */
#define KJ_EDGE_FILTER_MAX 262144

/* Set the edge filter's bit of every edge (node, key id) of the trie. The
 * sections are not validated yet: a damaged node's edges are skipped (its
 * children are then never found, as kj_lex_child_search() would not find
 * them either), and a damaged edge only sets a bit too many. */
static int
build_edge_filter(kj_lexicon *lx)
{
    uint32_t node, e;
    const unsigned char *nd = lx->sec[KJ_SEC_NODE], *ed = lx->sec[KJ_SEC_EDGE];

    if (lx->nedges > KJ_EDGE_FILTER_MAX)
        return KJ_OK;
    if (alloc_filter(&lx->edge_filter, &lx->edge_mask, lx->nedges, 16) != KJ_OK)
        return KJ_ENOMEM;
    for (node = 0; node < lx->nnodes; node++) {
        uint32_t lo = kj_get32(nd + (size_t)node * 8), hi = kj_get32(nd + (size_t)(node + 1) * 8);
        if (hi > lx->nedges)
            continue;
        for (e = lo; e < hi; e++) {
            uint32_t b = kj_lex_edge_bit(node, kj_get32(ed + (size_t)e * 8), lx->edge_mask);
            lx->edge_filter[b / 64] |= UINT64_C(1) << (b % 64);
        }
    }
    return KJ_OK;
}

/* The key records of an image with a filter and fewer than 2^30 nodes
 * (see kj_lexicon.keyrec), in a pass over the keys (not validated yet: a
 * key out of range is marked long, so that kj_lex_key_is() refuses it as
 * before), and one for their roots (kj_lex_root_kind() of the sections:
 * out-of-range roots are node 0, as kj_lex_root() makes them). */
static int
build_keyrec(kj_lexicon *lx)
{
    uint32_t id, node, kind;
    unsigned char *rec;

    lx->roots = lx->sec[KJ_SEC_ROOT];
    lx->root_shift = 2;
    lx->root_mask = 0xFFFFFFFFu;
    if (lx->filter == NULL || lx->nnodes > KJ_ROOT_NODE)
        return KJ_OK;
    rec = kj_calloc(lx->nkeys ? lx->nkeys : 1, KJ_KEYREC_SIZE);
    if (rec == NULL)
        return KJ_ENOMEM;
    for (id = 0; id < lx->nkeys; id++) {
        unsigned char *r = rec + (size_t)id * KJ_KEYREC_SIZE;
        uint32_t off = kj_get32(lx->sec[KJ_SEC_KEYS] + (size_t)id * 4);
        const char *k = kj_lex_str(lx, off);
        size_t n = 0;
        while (k && n <= KJ_KEYREC_BYTES && k[n]) {   /* STRS ends with a NUL */
            r[n] = (unsigned char)k[n];
            n++;
        }
        r[KJ_KEYREC_BYTES] = k && n <= KJ_KEYREC_BYTES ? (unsigned char)n : KJ_KEYREC_LONG;
        kind = kj_lex_root_kind(lx, id, &node);   /* (lx->keyrec is not set yet) */
        kj_put32(r + 12, node | kind);
    }
    lx->keyrec = rec;
    lx->roots = lx->keyrec + 12;
    lx->root_shift = 4;
    lx->root_mask = KJ_ROOT_NODE;
    return KJ_OK;
}

static kj_lexicon *
lexicon_alloc(const char *name)
{
    kj_lexicon *lx = kj_calloc(1, sizeof *lx);

    if (lx == NULL)
        return NULL;
    lx->name = kj_strndup(name ? name : "lexicon", strlen(name ? name : "lexicon"));
    if (lx->name == NULL) {
        kj_free(lx);
        return NULL;
    }
    return lx;
}

KJ_API kj_lexicon *
kj_lexicon_open_mem(const void *data, size_t len, const char *name,
                    kj_diag_fn diag, void *user, int *out_err)
{
    kj_lexicon *lx = lexicon_alloc(name);
    int rc;

    if (lx == NULL) {
        if (out_err)
            *out_err = KJ_ENOMEM;
        return NULL;
    }
    lx->base = data;
    lx->size = len;
    rc = validate(lx, diag, user);
    if (out_err)
        *out_err = rc;
    if (rc != KJ_OK) {
        kj_lexicon_free(lx);
        return NULL;
    }
    return lx;
}

/* Read the whole file into an 8-aligned buffer. */
static int
read_all(int fd, size_t size, unsigned char **out)
{
    unsigned char *p = kj_malloc(size ? size : 1);
    size_t got = 0;

    if (p == NULL)
        return KJ_ENOMEM;
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            kj_free(p);
            return KJ_EIO;
        }
        got += (size_t)n;
    }
    *out = p;
    return KJ_OK;
}

KJ_API kj_lexicon *
kj_lexicon_open(const char *path, kj_diag_fn diag, void *user, int *out_err)
{
    kj_lexicon *lx = lexicon_alloc(path);
    struct stat st;
    int fd, rc = KJ_OK;

    if (out_err)
        *out_err = KJ_OK;
    if (lx == NULL) {
        rc = KJ_ENOMEM;
        goto fail;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        lex_diag(diag, user, path, "cannot open lexicon: %s",
                 fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        rc = KJ_ELEXICON;
        goto fail_lexicon_created;
    }
    lx->size = (size_t)st.st_size;
#ifdef HAVE_MMAP
    if (lx->size > 0) {
        void *m = mmap(NULL, lx->size, PROT_READ, MAP_SHARED, fd, 0);
        if (m != MAP_FAILED) {
            lx->map = m;
            lx->base = m;
        }
    }
#endif
    if (lx->base == NULL) {
        rc = read_all(fd, lx->size, &lx->owned);
        lx->base = lx->owned;
    }
    close(fd);
    if (rc != KJ_OK) {
        lex_diag(diag, user, path, "cannot read lexicon: %s", kj_strerror(rc));
        rc = KJ_ELEXICON;
        goto fail_lexicon_created;
    }
    if ((rc = validate(lx, diag, user)) != KJ_OK)
        goto fail_lexicon_created;
    return lx;

fail_lexicon_created:
    kj_lexicon_free(lx);
fail:
    if (out_err)
        *out_err = rc;
    return NULL;
}

KJ_API void
kj_lexicon_free(kj_lexicon *lx)
{
    if (lx == NULL)
        return;
#ifdef HAVE_MMAP
    if (lx->map)
        munmap(lx->map, lx->size);
#endif
    kj_free(lx->owned);
    kj_free(lx->filter);
    kj_free(lx->edge_filter);
    kj_free(lx->keyrec);
    kj_free(lx->name);
    kj_free(lx);
}

KJ_API size_t
kj_lexicon_num_entries(const kj_lexicon *lx)
{
    return lx->nents;
}

KJ_API const char *
kj_lexicon_name(const kj_lexicon *lx)
{
    return lx->name;
}

KJ_API const char *
kj_lexicon_id(const kj_lexicon *lx)
{
    return lx->id;
}

/* ---- accessors ----------------------------------------------------------- */

static inline uint32_t
sec32(const kj_lexicon *lx, int s, uint32_t i)
{
    return kj_get32(lx->sec[s] + (size_t)i * 4);
}

int
kj_lex_find_key(const kj_lexicon *lx, const char *s, size_t n, uint32_t *id)
{
    return kj_lex_find_key_hashed(lx, s, n, kj_lexhash(s, n), id);
}

int
kj_lex_find_key_hashed(const kj_lexicon *lx, const char *s, size_t n,
                       uint64_t h, uint32_t *id)
{
    if (!kj_lex_may_hold(lx, h))
        return -1;   /* no key has this fingerprint */
    return kj_lex_probe(lx, s, n, h, id);
}

uint32_t
kj_lex_child_search(const kj_lexicon *lx, uint32_t node, uint32_t id)
{
    const unsigned char *ed = lx->sec[KJ_SEC_EDGE];
    uint32_t lo, hi, n, child;

    if (node >= lx->nnodes)
        return 0;
    lo = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)node * 8);
    hi = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)(node + 1) * 8);
    if (hi > lx->nedges || lo >= hi)
        return 0;
    /* the last edge with a key id <= id: halving [lo, lo + n) with a
     * conditional move, not a branch, per step */
    n = hi - lo;
    while (n > 1) {
        uint32_t half = n / 2;
        lo = kj_get32(ed + (size_t)(lo + half) * 8) <= id ? lo + half : lo;
        n -= half;
    }
    if (kj_get32(ed + (size_t)lo * 8) != id)
        return 0;
    child = kj_get32(ed + (size_t)lo * 8 + 4);
    return child < lx->nnodes ? child : 0;
}

int
kj_lex_entry(const kj_lexicon *lx, uint32_t i, kj_lexentry *out)
{
    const unsigned char *e;
    uint32_t label, src;

    if (i >= lx->nents)
        return -1;
    e = lx->sec[KJ_SEC_ENTS] + (size_t)i * KJ_LEX_ENTRY_SIZE;
    label = kj_get16(e + 8);
    src = kj_get32(e + 16);
    if (label >= lx->nlabels || src >= lx->nsrcs || e[10] > KJ_CASE_FOLD)
        return -1;
    out->surface = kj_lex_str(lx, kj_get32(e));
    out->attrs = kj_lex_str(lx, kj_get32(e + 4));
    out->label = kj_lex_str(lx, sec32(lx, KJ_SEC_LBLS, label));
    out->source = kj_lex_str(lx, sec32(lx, KJ_SEC_SRCS, src));
    out->case_policy = e[10];
    out->flags = e[11];
    out->prio = (int32_t)kj_get32(e + 12);
    out->line = kj_get32(e + 20);
    if (!out->surface || !out->attrs || !out->label || !out->source)
        return -1;
    return 0;
}

int
kj_lex_attr(const char *attrs, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = attrs;

    while (p && *p) {
        const char *end = strchr(p, '\t');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > klen && memcmp(p, key, klen) == 0 && p[klen] == '=') {
            size_t v = len - klen - 1;
            if (cap) {
                if (v >= cap)
                    v = cap - 1;
                memcpy(out, p + klen + 1, v);
                out[v] = '\0';
            }
            return 1;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

KJ_API int
kj_lexicon_get_entry(const kj_lexicon *lx, size_t i, kj_lexicon_entry *out)
{
    kj_lexentry e;
    static const char *const cases[] = {"smart", "exact", "fold"};

    if (i > UINT32_MAX || kj_lex_entry(lx, (uint32_t)i, &e) != 0)
        return KJ_ELEXICON;
    out->surface = e.surface;
    out->label = e.label;
    out->attrs = e.attrs;
    out->case_policy = cases[e.case_policy];
    out->prio = e.prio;
    out->source = e.source;
    out->line = e.line;
    out->variant = (e.flags & KJ_ENTRY_VARIANT) != 0;
    return KJ_OK;
}

/* ---- the full check ------------------------------------------------------ */

static int
bad(kj_diag_fn diag, void *user, const kj_lexicon *lx, const char *what)
{
    lex_diag(diag, user, lx->name, "lexicon is damaged: %s%s", what, REBUILD);
    return KJ_ELEXICON;
}

static int
check_structure(const kj_lexicon *lx, kj_diag_fn diag, void *user)
{
    uint32_t i, prev_len = 0;
    const char *prev = NULL;

    for (i = 0; i < lx->nlabels; i++)
        if (!kj_lex_str(lx, sec32(lx, KJ_SEC_LBLS, i)))
            return bad(diag, user, lx, "a label is out of range");
    for (i = 0; i < lx->nsrcs; i++)
        if (!kj_lex_str(lx, sec32(lx, KJ_SEC_SRCS, i)))
            return bad(diag, user, lx, "a source path is out of range");
    for (i = 0; i < lx->nkeys; i++) {
        const char *k = kj_lex_str(lx, sec32(lx, KJ_SEC_KEYS, i));
        uint32_t id;
        size_t len;
        if (k == NULL)
            return bad(diag, user, lx, "a key is out of range");
        len = strlen(k);
        if (prev && (strcmp(prev, k) >= 0 || prev_len > UINT32_MAX))
            return bad(diag, user, lx, "keys are not sorted");
        if (kj_lex_find_key(lx, k, len, &id) != 0 || id != i)
            return bad(diag, user, lx, "the key hash table is inconsistent");
        if (sec32(lx, KJ_SEC_ROOT, i) >= lx->nnodes)
            return bad(diag, user, lx, "a root edge is out of range");
        prev = k;
        prev_len = (uint32_t)len;
    }
    for (i = 0; i < lx->nhash; i++)
        if (kj_get32(lx->sec[KJ_SEC_HASH] + (size_t)i * 8) > lx->nkeys)
            return bad(diag, user, lx, "a hash slot is out of range");
    for (i = 0; i <= lx->nnodes; i++) {
        const unsigned char *nd = lx->sec[KJ_SEC_NODE] + (size_t)i * 8;
        uint32_t fe = kj_get32(nd), fn = kj_get32(nd + 4);
        if (fe > lx->nedges || fn > lx->nents ||
            (i > 0 && (fe < kj_get32(nd - 8) || fn < kj_get32(nd - 4))))
            return bad(diag, user, lx, "trie nodes are out of order");
        if (i == lx->nnodes && (fe != lx->nedges || fn != lx->nents))
            return bad(diag, user, lx, "the last trie node is wrong");
    }
    for (i = 0; i < lx->nnodes; i++) {
        uint32_t lo = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)i * 8);
        uint32_t hi = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)(i + 1) * 8), e;
        for (e = lo; e < hi; e++) {
            const unsigned char *ed = lx->sec[KJ_SEC_EDGE] + (size_t)e * 8;
            uint32_t child = kj_get32(ed + 4);
            if (kj_get32(ed) >= lx->nkeys || child == 0 || child >= lx->nnodes ||
                (e > lo && kj_get32(ed - 8) >= kj_get32(ed)))
                return bad(diag, user, lx, "a trie edge is wrong");
        }
    }
    for (i = 0; i < lx->nents; i++) {
        kj_lexentry e;
        if (kj_lex_entry(lx, i, &e) != 0)
            return bad(diag, user, lx, "an entry is out of range");
    }
    return KJ_OK;
}

KJ_API int
kj_lexicon_check(const kj_lexicon *lx, kj_diag_fn diag, void *user)
{
    uLong crc;
    unsigned char zero[4] = {0, 0, 0, 0};
    size_t done = 36, chunk;

    /* CRC-32 of the file with its CRC field read as zero. */
    crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, lx->base, 32);
    crc = crc32(crc, zero, 4);
    while (done < lx->size) {
        chunk = lx->size - done > (1u << 30) ? (1u << 30) : lx->size - done;
        crc = crc32(crc, lx->base + done, (uInt)chunk);
        done += chunk;
    }
    if ((uint32_t)crc != kj_get32(lx->base + 32))
        return bad(diag, user, lx, "checksum mismatch");
    return check_structure(lx, diag, user);
}
