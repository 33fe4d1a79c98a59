/* SPDX-License-Identifier: MIT */
/* lexicon_compile.c - compile lexicon sources (TSV) into an image (.kjlex)
 *
 * Source lines are `SURFACE<TAB>LABEL[<TAB>key=value...]`; `#` starts a
 * comment line; `@default<TAB>LABEL[<TAB>key=value...]` sets the label and
 * attributes of the lines after it (an entry's own values win). Every
 * surface is tokenized and keyed by the same code as the text, so an entry
 * matches however the text's tokenization goes. Every bad line is reported
 * (`path:line: error: ...`); an image is built only when there are none.
 *
 * The image is deterministic: strings are stored in the order they are
 * first met, key ids are ranks of the sorted keys, entries are sorted by
 * their key sequence and then by every field, and nothing depends on time
 * or addresses.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "diag.h"
#include "doc.h"
#include "lexicon.h"
#include "mem.h"
#include "normalize.h"
#include "tokenize.h"
#include "utf8.h"

#define KJ_MAX_ENTRY_TOKENS 64

/* ---- string interning ---------------------------------------------------- */

/* Strings kept once each in `pool` (NUL-terminated), found by hash. */
typedef struct strtab {
    kj_buf pool;
    uint32_t *slots;   /* pool offset + 1, 0 = empty */
    size_t nslots, count;
} strtab;

static void
strtab_init(strtab *t)
{
    kj_buf_init(&t->pool);
    t->slots = NULL;
    t->nslots = t->count = 0;
}

static void
strtab_free(strtab *t)
{
    kj_buf_free(&t->pool);
    kj_free(t->slots);
}

static int
strtab_grow(strtab *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 1024, i;
    uint32_t *s = kj_calloc(n, sizeof *s);

    if (s == NULL)
        return KJ_ENOMEM;
    for (i = 0; i < t->nslots; i++)
        if (t->slots[i]) {
            const char *str = t->pool.data + t->slots[i] - 1;
            size_t h = (size_t)kj_lexhash(str, strlen(str)) & (n - 1);
            while (s[h])
                h = (h + 1) & (n - 1);
            s[h] = t->slots[i];
        }
    kj_free(t->slots);
    t->slots = s;
    t->nslots = n;
    return KJ_OK;
}

/* The offset of s[0..n) in the pool, adding it if new; (uint32_t)-1 when
 * out of memory or the pool would pass 4 GiB. */
static uint32_t
strtab_intern(strtab *t, const char *s, size_t n)
{
    size_t h;

    if ((t->count + 1) * 2 > t->nslots && strtab_grow(t) != KJ_OK)
        return (uint32_t)-1;
    h = (size_t)kj_lexhash(s, n) & (t->nslots - 1);
    while (t->slots[h]) {
        const char *p = t->pool.data + t->slots[h] - 1;
        if (strncmp(p, s, n) == 0 && p[n] == '\0')
            return t->slots[h] - 1;
        h = (h + 1) & (t->nslots - 1);
    }
    if (t->pool.len + n + 1 >= UINT32_MAX)
        return (uint32_t)-1;
    t->slots[h] = (uint32_t)t->pool.len + 1;
    kj_buf_append(&t->pool, s, n);
    kj_buf_putc(&t->pool, '\0');
    if (t->pool.failed)
        return (uint32_t)-1;
    t->count++;
    return t->slots[h] - 1;
}

/* ---- the compiler -------------------------------------------------------- */

typedef struct centry {
    uint32_t surface, attrs;   /* offsets in strs */
    uint32_t label;            /* index in labels */
    uint32_t src, line;
    int32_t prio;
    uint8_t case_policy;
    uint8_t flags;             /* KJ_ENTRY_VARIANT: an old-spelling variant */
    uint32_t seq, nseq;        /* key sequence: seqs[seq .. seq + nseq) */
} centry;

struct kj_compiler {
    kj_diag_fn diag;
    void *user;
    strtab strs;               /* every string of the image */
    strtab keys;               /* token keys (own pool, for sorting) */
    uint32_t *key_ids;         /* key pool offset -> temporary key index */
    uint32_t *labels;          /* label index -> strs offset */
    size_t nlabels, cap_labels;
    uint32_t *srcs;            /* source index -> strs offset */
    size_t nsrcs, cap_srcs;
    centry *ents;
    size_t nents, cap_ents;
    uint32_t *seqs;            /* key pool offsets, later key ids */
    size_t nseqs, cap_seqs;
    size_t errors, warnings;
    int old_spelling;          /* every entry gets old-spelling variants */
    kj_buf variant;            /* scratch for a variant surface */
    kj_tokenizer *tk;
    kj_doc *doc;
};

static void
cdiag(kj_compiler *c, kj_severity sev, const char *file, long line,
      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
cdiag(kj_compiler *c, kj_severity sev, const char *file, long line,
      const char *fmt, ...)
{
    va_list ap;

    if (sev == KJ_DIAG_ERROR)
        c->errors++;
    else
        c->warnings++;
    va_start(ap, fmt);
    kj_vdiagf(c->diag, c->user, sev, file, line, fmt, ap);
    va_end(ap);
}

KJ_API kj_compiler *
kj_compiler_new(kj_diag_fn diag, void *user, int *out_err)
{
    kj_compiler *c = kj_calloc(1, sizeof *c);

    if (c == NULL)
        goto fail;
    c->diag = diag;
    c->user = user;
    strtab_init(&c->strs);
    strtab_init(&c->keys);
    kj_buf_init(&c->variant);
    c->tk = kj_tokenizer_new();
    c->doc = kj_doc_new();
    if (c->tk == NULL || c->doc == NULL ||
        strtab_intern(&c->strs, "", 0) != 0)   /* offset 0 is "" */
        goto fail_compiler_created;
    if (out_err)
        *out_err = KJ_OK;
    return c;

fail_compiler_created:
    kj_compiler_free(c);
fail:
    if (out_err)
        *out_err = KJ_ENOMEM;
    return NULL;
}

KJ_API void
kj_compiler_free(kj_compiler *c)
{
    if (c == NULL)
        return;
    strtab_free(&c->strs);
    strtab_free(&c->keys);
    kj_buf_free(&c->variant);
    kj_free(c->key_ids);
    kj_free(c->labels);
    kj_free(c->srcs);
    kj_free(c->ents);
    kj_free(c->seqs);
    kj_tokenizer_free(c->tk);
    kj_doc_free(c->doc);
    kj_free(c);
}

/* ---- parsing ------------------------------------------------------------- */

/* Attributes of one line or of @default, before merging. */
#define KJ_MAX_ATTRS 32
typedef struct attrset {
    const char *k[KJ_MAX_ATTRS], *v[KJ_MAX_ATTRS];
    size_t kn[KJ_MAX_ATTRS], vn[KJ_MAX_ATTRS];
    size_t n;
} attrset;

typedef struct defaults {
    char label[128];
    int has_label;
    kj_buf store;          /* copies of the attribute text */
    attrset attrs;
} defaults;

static int
valid_key(const char *k, size_t n)
{
    size_t i;

    if (n == 0)
        return 0;
    for (i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
              (k[i] >= '0' && k[i] <= '9') || k[i] == '_' || k[i] == '-' ||
              k[i] == '.'))
            return 0;
    return 1;
}

/* Split the fields after the label into a; 0, or -1 after reporting. */
static int
parse_attrs(kj_compiler *c, const char *file, long line, const char *p,
            const char *end, attrset *a)
{
    a->n = 0;
    while (p < end) {
        const char *tab = memchr(p, '\t', (size_t)(end - p)), *eq;
        const char *fe = tab ? tab : end;
        if (fe > p) {
            eq = memchr(p, '=', (size_t)(fe - p));
            if (eq == NULL || !valid_key(p, (size_t)(eq - p)) || eq + 1 == fe) {
                cdiag(c, KJ_DIAG_ERROR, file, line,
                      "malformed attribute '%.*s' (expected key=value)",
                      (int)(fe - p), p);
                return -1;
            }
            if (a->n == KJ_MAX_ATTRS) {
                cdiag(c, KJ_DIAG_ERROR, file, line, "more than %d attributes",
                      KJ_MAX_ATTRS);
                return -1;
            }
            a->k[a->n] = p;
            a->kn[a->n] = (size_t)(eq - p);
            a->v[a->n] = eq + 1;
            a->vn[a->n] = (size_t)(fe - eq - 1);
            a->n++;
        }
        p = tab ? tab + 1 : end;
    }
    return 0;
}

static int
attr_is(const attrset *a, size_t i, const char *key)
{
    return a->kn[i] == strlen(key) && memcmp(a->k[i], key, a->kn[i]) == 0;
}

/* Merge entry attributes over the defaults, check the special ones, and
 * build the canonical string (sorted "k=v" joined by TABs, without case and
 * prio, which the entry stores apart). */
static int
merge_attrs(kj_compiler *c, const char *file, long line, const attrset *def,
            const attrset *own, kj_buf *out, int *case_policy, int32_t *prio)
{
    const char *k[2 * KJ_MAX_ATTRS], *v[2 * KJ_MAX_ATTRS];
    size_t kn[2 * KJ_MAX_ATTRS], vn[2 * KJ_MAX_ATTRS], n = 0, i, j;
    const attrset *sets[2] = {own, def};
    int s;

    *case_policy = KJ_CASE_SMART;
    *prio = 0;
    for (s = 0; s < 2; s++)
        for (i = 0; i < sets[s]->n; i++) {
            int seen = 0;
            for (j = 0; j < n; j++)
                if (kn[j] == sets[s]->kn[i] && memcmp(k[j], sets[s]->k[i], kn[j]) == 0)
                    seen = 1;
            if (seen)
                continue;   /* the entry's own value wins over the default */
            k[n] = sets[s]->k[i];
            kn[n] = sets[s]->kn[i];
            v[n] = sets[s]->v[i];
            vn[n] = sets[s]->vn[i];
            if (attr_is(sets[s], i, "case")) {
                if (vn[n] == 5 && memcmp(v[n], "smart", 5) == 0)
                    *case_policy = KJ_CASE_SMART;
                else if (vn[n] == 5 && memcmp(v[n], "exact", 5) == 0)
                    *case_policy = KJ_CASE_EXACT;
                else if (vn[n] == 4 && memcmp(v[n], "fold", 4) == 0)
                    *case_policy = KJ_CASE_FOLD;
                else {
                    cdiag(c, KJ_DIAG_ERROR, file, line, "case=%.*s: expected "
                          "exact, smart or fold", (int)vn[n], v[n]);
                    return -1;
                }
                continue;
            }
            if (attr_is(sets[s], i, "prio")) {
                char num[24], *end;
                long long p;
                if (vn[n] >= sizeof num)
                    goto bad_prio;
                memcpy(num, v[n], vn[n]);
                num[vn[n]] = '\0';
                errno = 0;
                p = strtoll(num, &end, 10);
                if (*end || errno || p < -1000000 || p > 1000000)
                    goto bad_prio;
                *prio = (int32_t)p;
                continue;
bad_prio:
                cdiag(c, KJ_DIAG_ERROR, file, line, "prio=%.*s: expected an "
                      "integer from -1000000 to 1000000", (int)vn[n], v[n]);
                return -1;
            }
            n++;
        }
    /* sort by key (insertion sort: few attributes) */
    for (i = 1; i < n; i++)
        for (j = i; j > 0; j--) {
            size_t m = kn[j - 1] < kn[j] ? kn[j - 1] : kn[j];
            int cmp = memcmp(k[j - 1], k[j], m);
            const char *tk, *tv;
            size_t tkn, tvn;
            if (cmp < 0 || (cmp == 0 && kn[j - 1] <= kn[j]))
                break;
            tk = k[j]; k[j] = k[j - 1]; k[j - 1] = tk;
            tv = v[j]; v[j] = v[j - 1]; v[j - 1] = tv;
            tkn = kn[j]; kn[j] = kn[j - 1]; kn[j - 1] = tkn;
            tvn = vn[j]; vn[j] = vn[j - 1]; vn[j - 1] = tvn;
        }
    kj_buf_reset(out);
    for (i = 0; i < n; i++) {
        if (i)
            kj_buf_putc(out, '\t');
        kj_buf_append(out, k[i], kn[i]);
        kj_buf_putc(out, '=');
        kj_buf_append(out, v[i], vn[i]);
    }
    return out->failed ? -2 : 0;
}

static int
grow_push(void **arr, size_t *n, size_t *cap, size_t size)
{
    if (kj_grow(arr, cap, *n + 1, size) != KJ_OK)
        return KJ_ENOMEM;
    (*n)++;
    return KJ_OK;
}

static int
label_index(kj_compiler *c, const char *s, size_t n, uint32_t *out)
{
    uint32_t off = strtab_intern(&c->strs, s, n);
    size_t i;

    if (off == (uint32_t)-1)
        return KJ_ENOMEM;
    for (i = 0; i < c->nlabels; i++)
        if (c->labels[i] == off) {
            *out = (uint32_t)i;
            return KJ_OK;
        }
    if (c->nlabels >= 65535)
        return KJ_EINVAL;
    if (grow_push((void **)&c->labels, &c->nlabels, &c->cap_labels,
                  sizeof *c->labels) != KJ_OK)
        return KJ_ENOMEM;
    c->labels[c->nlabels - 1] = off;
    *out = (uint32_t)(c->nlabels - 1);
    return KJ_OK;
}

/* Tokenize and key a surface; append its key sequence. */
static int
key_sequence(kj_compiler *c, const char *s, size_t n, uint32_t *seq,
             uint32_t *nseq)
{
    size_t i;
    int rc;

    kj_doc_reset(c->doc);
    if (kj_doc_append_input(c->doc, s, n, 0) != KJ_OK)
        return KJ_ENOMEM;
    if ((rc = kj_tokenize(c->tk, c->doc)) != KJ_OK ||
        (rc = kj_doc_make_keys(c->doc)) != KJ_OK)
        return rc;
    if (c->doc->num_tokens == 0 || c->doc->num_tokens > KJ_MAX_ENTRY_TOKENS)
        return KJ_EINVAL;
    *seq = (uint32_t)c->nseqs;
    *nseq = (uint32_t)c->doc->num_tokens;
    for (i = 0; i < c->doc->num_tokens; i++) {
        size_t kn;
        const char *key = kj_doc_key(c->doc, i, &kn);
        uint32_t off = strtab_intern(&c->keys, key, kn);
        if (off == (uint32_t)-1 ||
            grow_push((void **)&c->seqs, &c->nseqs, &c->cap_seqs,
                      sizeof *c->seqs) != KJ_OK)
            return KJ_ENOMEM;
        c->seqs[c->nseqs - 1] = off;
    }
    return KJ_OK;
}

/* Does the canonical attribute string hold exactly "key=value"? */
static int
has_attr(const kj_buf *attrs, const char *kv)
{
    const char *p = attrs->data ? attrs->data : "";
    size_t n = strlen(kv);

    while (*p) {
        const char *end = strchr(p, '\t');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, kv, n) == 0)
            return 1;
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

/* Old Indonesian spellings (before 1972): oe for u, dj for j, tj for c.
 * Rule r (bit r of `rules`) rewrites every occurrence, keeping the case of
 * the first letter: "Suharto" -> "Soeharto", "Jakarta" -> "Djakarta",
 * "Cokroaminoto" -> "Tjokroaminoto". */
static void
old_spelling(const char *s, size_t n, unsigned rules, kj_buf *out)
{
    static const char from[3] = {'u', 'j', 'c'};
    static const char *const to[3] = {"oe", "dj", "tj"};
    size_t i;

    kj_buf_reset(out);
    for (i = 0; i < n; i++) {
        char ch = s[i], low = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        int r, done = 0;
        for (r = 0; r < 3 && !done; r++)
            if ((rules >> r & 1) && low == from[r]) {
                kj_buf_putc(out, ch == low ? to[r][0] : (char)(to[r][0] - 32));
                kj_buf_putc(out, to[r][1]);
                done = 1;
            }
        if (!done)
            kj_buf_putc(out, ch);
    }
}

/* Add the old-spelling variants of the entry just added (the last one):
 * every combination of the three rules that changes the surface gives an
 * entry with the same fields and the variant's key sequence. */
static int
add_old_spellings(kj_compiler *c, const char *s, size_t n)
{
    unsigned rules;

    for (rules = 1; rules < 8; rules++) {
        centry *e;
        uint32_t seq, nseq;
        int rc;
        old_spelling(s, n, rules, &c->variant);
        if (c->variant.failed)
            return KJ_ENOMEM;
        if (c->variant.len == n && memcmp(c->variant.data, s, n) == 0)
            continue;
        rc = key_sequence(c, c->variant.data, c->variant.len, &seq, &nseq);
        if (rc == KJ_EINVAL)
            continue;
        if (rc != KJ_OK ||
            grow_push((void **)&c->ents, &c->nents, &c->cap_ents, sizeof *c->ents) != KJ_OK)
            return KJ_ENOMEM;
        e = &c->ents[c->nents - 1];
        /* copy the original (the last entry that is not a variant) */
        {
            size_t k = c->nents - 2;
            while (c->ents[k].flags & KJ_ENTRY_VARIANT)
                k--;
            *e = c->ents[k];
        }
        e->flags |= KJ_ENTRY_VARIANT;
        e->seq = seq;
        e->nseq = nseq;
    }
    return KJ_OK;
}

/* One entry line. Returns KJ_OK (also after reporting a bad line) or
 * KJ_ENOMEM. */
static int
parse_entry(kj_compiler *c, const char *file, long line, uint32_t src,
            const char *p, const char *end, defaults *df, kj_buf *attrbuf)
{
    const char *tab = memchr(p, '\t', (size_t)(end - p));
    const char *label, *lend, *s = p, *se = tab ? tab : end;
    attrset own;
    centry *e;
    int case_policy, rc;
    int32_t prio;
    uint32_t seq, nseq, lab;

    while (s < se && *s == ' ')
        s++;
    while (se > s && se[-1] == ' ')
        se--;
    if (s == se) {
        cdiag(c, KJ_DIAG_ERROR, file, line, "empty surface");
        return KJ_OK;
    }
    label = tab ? tab + 1 : end;
    lend = label < end ? memchr(label, '\t', (size_t)(end - label)) : NULL;
    if (lend == NULL)
        lend = end;
    if (label == lend && !df->has_label) {
        cdiag(c, KJ_DIAG_ERROR, file, line, "missing label (SURFACE<TAB>LABEL, "
              "or a label set by @default)");
        return KJ_OK;
    }
    if (label < lend && memchr(label, ' ', (size_t)(lend - label))) {
        cdiag(c, KJ_DIAG_ERROR, file, line, "label '%.*s' contains a space",
              (int)(lend - label), label);
        return KJ_OK;
    }
    if (parse_attrs(c, file, line, lend < end ? lend + 1 : end, end, &own) != 0)
        return KJ_OK;
    rc = merge_attrs(c, file, line, &df->attrs, &own, attrbuf, &case_policy, &prio);
    if (rc == -2)
        return KJ_ENOMEM;
    if (rc != 0)
        return KJ_OK;
    rc = key_sequence(c, s, (size_t)(se - s), &seq, &nseq);
    if (rc == KJ_EINVAL) {
        cdiag(c, KJ_DIAG_ERROR, file, line, "surface '%.*s' has %s tokens",
              (int)(se - s), s, c->doc->num_tokens ? "more than 64" : "no");
        return KJ_OK;
    }
    if (rc != KJ_OK)
        return rc;
    if (label < lend)
        rc = label_index(c, label, (size_t)(lend - label), &lab);
    else
        rc = label_index(c, df->label, strlen(df->label), &lab);
    if (rc == KJ_EINVAL) {
        cdiag(c, KJ_DIAG_ERROR, file, line, "more than 65535 labels");
        return KJ_OK;
    }
    if (rc != KJ_OK ||
        grow_push((void **)&c->ents, &c->nents, &c->cap_ents, sizeof *c->ents) != KJ_OK)
        return KJ_ENOMEM;
    e = &c->ents[c->nents - 1];
    e->surface = strtab_intern(&c->strs, s, (size_t)(se - s));
    e->attrs = strtab_intern(&c->strs, attrbuf->data ? attrbuf->data : "", attrbuf->len);
    e->label = lab;
    e->src = src;
    e->line = (uint32_t)line;
    e->prio = prio;
    e->case_policy = (uint8_t)case_policy;
    e->seq = seq;
    e->nseq = nseq;
    e->flags = has_attr(attrbuf, "ambiguous=1") ? KJ_ENTRY_AMBIGUOUS : 0;
    if (e->surface == (uint32_t)-1 || e->attrs == (uint32_t)-1)
        return KJ_ENOMEM;
    if (c->old_spelling || has_attr(attrbuf, "spelling=old"))
        return add_old_spellings(c, s, (size_t)(se - s));
    return KJ_OK;
}

/* An @default line. */
static void
parse_default(kj_compiler *c, const char *file, long line, const char *p,
              const char *end, defaults *df)
{
    const char *label = p, *lend = memchr(p, '\t', (size_t)(end - p));
    attrset a;
    size_t i;

    if (lend == NULL)
        lend = end;
    if ((size_t)(lend - label) >= sizeof df->label ||
        memchr(label, ' ', (size_t)(lend - label))) {
        cdiag(c, KJ_DIAG_ERROR, file, line, "@default: bad label");
        return;
    }
    if (parse_attrs(c, file, line, lend < end ? lend + 1 : end, end, &a) != 0)
        return;
    memcpy(df->label, label, (size_t)(lend - label));
    df->label[lend - label] = '\0';
    df->has_label = lend > label;
    /* Keep copies: the attribute text must outlive this line. */
    kj_buf_reset(&df->store);
    kj_buf_reserve(&df->store, (size_t)(end - p) + 1);
    if (df->store.failed) {
        df->attrs.n = 0;
        return;
    }
    kj_buf_append(&df->store, p, (size_t)(end - p));
    df->attrs = a;
    for (i = 0; i < a.n; i++) {
        df->attrs.k[i] = df->store.data + (a.k[i] - p);
        df->attrs.v[i] = df->store.data + (a.v[i] - p);
    }
}

KJ_API int
kj_compiler_add_source(kj_compiler *c, const char *name, const char *data,
                       size_t len)
{
    const char *p = data, *end = data + len;
    size_t errors_before = c->errors;
    long line = 0;
    int crlf_seen = 0, rc = KJ_OK;
    uint32_t src, off;
    defaults df;
    kj_buf attrbuf;

    off = strtab_intern(&c->strs, name, strlen(name));
    if (off == (uint32_t)-1 ||
        grow_push((void **)&c->srcs, &c->nsrcs, &c->cap_srcs, sizeof *c->srcs) != KJ_OK)
        return KJ_ENOMEM;
    c->srcs[c->nsrcs - 1] = off;
    src = (uint32_t)(c->nsrcs - 1);
    memset(&df, 0, sizeof df);
    kj_buf_init(&df.store);
    kj_buf_init(&attrbuf);
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && rc == KJ_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *q;

        line++;
        if (le > p && le[-1] == '\r') {
            le--;
            if (!crlf_seen)
                cdiag(c, KJ_DIAG_WARNING, name, line, "CRLF line end (the CR is "
                      "ignored; reported once per file)");
            crlf_seen = 1;
        }
        q = p;
        while (q < le && (*q == ' ' || *q == '\t'))
            q++;
        if (kj_utf8_valid_prefix(p, (size_t)(le - p)) != (size_t)(le - p))
            cdiag(c, KJ_DIAG_ERROR, name, line, "invalid UTF-8 at byte %zu of the line",
                  kj_utf8_valid_prefix(p, (size_t)(le - p)) + 1);
        else if (memchr(p, '\0', (size_t)(le - p)) != NULL)
            /* C strings end at NUL: a field would be cut short silently */
            cdiag(c, KJ_DIAG_ERROR, name, line, "NUL byte at byte %zu of the line",
                  (size_t)((const char *)memchr(p, '\0', (size_t)(le - p)) - p) + 1);
        else if (q == le || *q == '#')
            ; /* blank or comment */
        else if (le - p >= 8 && memcmp(p, "@default", 8) == 0 &&
                 (le - p == 8 || p[8] == '\t'))
            parse_default(c, name, line, le - p > 8 ? p + 9 : le, le, &df);
        else
            rc = parse_entry(c, name, line, src, p, le, &df, &attrbuf);
        p = nl ? nl + 1 : end;
    }
    kj_buf_free(&df.store);
    kj_buf_free(&attrbuf);
    if (rc != KJ_OK)
        return rc;
    return (int)(c->errors - errors_before > 0x7fffffff ? 0x7fffffff
                                                         : c->errors - errors_before);
}

KJ_API int
kj_compiler_add_file(kj_compiler *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    kj_buf b;
    char chunk[65536];
    size_t n;
    int rc;

    if (f == NULL) {
        cdiag(c, KJ_DIAG_ERROR, path, 0, "cannot open: %s", strerror(errno));
        return 1;
    }
    kj_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        kj_buf_append(&b, chunk, n);
    if (ferror(f)) {
        cdiag(c, KJ_DIAG_ERROR, path, 0, "read error: %s", strerror(errno));
        fclose(f);
        kj_buf_free(&b);
        return 1;
    }
    fclose(f);
    if (b.failed) {
        kj_buf_free(&b);
        return KJ_ENOMEM;
    }
    rc = kj_compiler_add_source(c, path, b.data ? b.data : "", b.len);
    kj_buf_free(&b);
    return rc;
}

KJ_API void
kj_compiler_set_old_spelling(kj_compiler *c, int on)
{
    c->old_spelling = on;
}

KJ_API size_t
kj_compiler_errors(const kj_compiler *c)
{
    return c->errors;
}

/* ---- building the image -------------------------------------------------- */

static const kj_compiler *sort_ctx;  /* qsort has no context argument */

static int
cmp_str(uint32_t a, uint32_t b)
{
    return strcmp(sort_ctx->strs.pool.data + a, sort_ctx->strs.pool.data + b);
}

static int
cmp_entries(const void *pa, const void *pb)
{
    const centry *a = pa, *b = pb;
    const uint32_t *s = sort_ctx->seqs;
    uint32_t i, n = a->nseq < b->nseq ? a->nseq : b->nseq;
    int c;

    for (i = 0; i < n; i++)
        if (s[a->seq + i] != s[b->seq + i])
            return s[a->seq + i] < s[b->seq + i] ? -1 : 1;
    if (a->nseq != b->nseq)
        return a->nseq < b->nseq ? -1 : 1;
    if ((c = cmp_str(sort_ctx->labels[a->label], sort_ctx->labels[b->label])) != 0)
        return c;
    if ((c = cmp_str(a->surface, b->surface)) != 0)
        return c;
    if ((c = cmp_str(a->attrs, b->attrs)) != 0)
        return c;
    if (a->prio != b->prio)
        return a->prio < b->prio ? -1 : 1;
    if (a->case_policy != b->case_policy)
        return a->case_policy < b->case_policy ? -1 : 1;
    if (a->flags != b->flags)
        return a->flags < b->flags ? -1 : 1;
    if (a->src != b->src)
        return a->src < b->src ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static int
cmp_keyoffs(const void *pa, const void *pb)
{
    return strcmp(sort_ctx->keys.pool.data + *(const uint32_t *)pa,
                  sort_ctx->keys.pool.data + *(const uint32_t *)pb);
}

/* Same entry but for where it came from. */
static int
same_entry(const kj_compiler *c, const centry *a, const centry *b)
{
    return a->nseq == b->nseq &&
           memcmp(c->seqs + a->seq, c->seqs + b->seq, a->nseq * sizeof *c->seqs) == 0 &&
           a->label == b->label && a->surface == b->surface && a->attrs == b->attrs &&
           a->prio == b->prio && a->case_policy == b->case_policy &&
           a->flags == b->flags;
}

typedef struct edgelist {
    uint32_t *e;   /* pairs key id, child */
    size_t n, cap;
} edgelist;

/* Build the trie from the sorted entries: nodes are numbered in the order
 * the entries (sorted by key sequence: a preorder) first reach them, so each
 * node's entries are contiguous and in node order. The root's children go
 * to ROOT (by key id), not to the edge lists. entry_node[i] is the node
 * entry i ends at. */
static int
build_trie(kj_compiler *c, uint32_t *entry_node, edgelist **out_edges,
           size_t *out_nodes, uint32_t *root)
{
    size_t cap = 1024, nn = 1, d, i;
    edgelist *edges = kj_calloc(cap, sizeof *edges);
    uint32_t path[KJ_MAX_ENTRY_TOKENS + 1];
    const centry *prev = NULL;

    if (edges == NULL)
        return KJ_ENOMEM;
    path[0] = 0;
    for (i = 0; i < c->nents; i++) {
        const centry *e = &c->ents[i];
        size_t common = 0;
        if (prev)
            while (common < prev->nseq && common < e->nseq &&
                   c->seqs[prev->seq + common] == c->seqs[e->seq + common])
                common++;
        for (d = common; d < e->nseq; d++) {
            uint32_t tid = c->seqs[e->seq + d], parent = path[d];
            if (nn == cap) {
                edgelist *ne = kj_realloc(edges, cap * 2 * sizeof *edges);
                if (ne == NULL)
                    goto nomem;
                edges = ne;
                memset(edges + cap, 0, cap * sizeof *edges);
                cap *= 2;
            }
            if (nn >= UINT32_MAX - 1)
                goto nomem;
            if (parent == 0)
                root[tid] = (uint32_t)nn;
            else {
                edgelist *el = &edges[parent];
                if (kj_grow((void **)&el->e, &el->cap, el->n + 2,
                            sizeof *el->e) != KJ_OK)
                    goto nomem;
                el->e[el->n++] = tid;
                el->e[el->n++] = (uint32_t)nn;
            }
            path[d + 1] = (uint32_t)nn;
            nn++;
        }
        entry_node[i] = path[e->nseq];
        prev = e;
    }
    *out_edges = edges;
    *out_nodes = nn;
    return KJ_OK;
nomem:
    for (i = 0; i < cap; i++)
        kj_free(edges[i].e);
    kj_free(edges);
    return KJ_ENOMEM;
}

static void
put_section(unsigned char *img, uint32_t idx, uint64_t off, uint64_t size)
{
    unsigned char *s = img + KJ_LEX_HEADER_SIZE + idx * KJ_LEX_SECTION_SIZE;

    memcpy(s, kj_section_ids[idx], 4);
    kj_put32(s + 4, 0);
    kj_put64(s + 8, off);
    kj_put64(s + 16, size);
}

const char *kj_key_unicode_version(void);

KJ_API int
kj_compiler_build(kj_compiler *c, void **out_image, size_t *out_len)
{
    uint32_t *keyoffs = NULL, *rank = NULL, *root = NULL, *entry_node = NULL;
    uint32_t *node_entry = NULL, *hash = NULL;
    edgelist *edges = NULL;
    size_t nkeys = c->keys.count, nnodes = 0, nhash, i, k, nedges = 0, kept;
    uint64_t secsize[KJ_NUM_SECTIONS], secoff[KJ_NUM_SECTIONS], total;
    unsigned char *img = NULL, *p;
    int rc = KJ_ENOMEM;

    if (c->errors > 0)
        return KJ_ELEXICON;
    sort_ctx = c;
    /* Key ids: ranks of the sorted keys. */
    keyoffs = kj_malloc((nkeys ? nkeys : 1) * sizeof *keyoffs);
    if (keyoffs == NULL)
        goto done;
    for (i = k = 0; i < c->keys.nslots; i++)
        if (c->keys.slots[i])
            keyoffs[k++] = c->keys.slots[i] - 1;
    if (nkeys > 1)
        qsort(keyoffs, nkeys, sizeof *keyoffs, cmp_keyoffs);
    rank = kj_calloc(c->keys.pool.len + 1, sizeof *rank);
    if (rank == NULL)
        goto done;
    for (i = 0; i < nkeys; i++)
        rank[keyoffs[i]] = (uint32_t)i;
    for (i = 0; i < c->nseqs; i++)
        c->seqs[i] = rank[c->seqs[i]];
    /* Entries in order; duplicates reported and dropped. */
    if (c->nents > 1)
        qsort(c->ents, c->nents, sizeof *c->ents, cmp_entries);
    for (i = kept = 0; i < c->nents; i++) {
        if (kept && same_entry(c, &c->ents[kept - 1], &c->ents[i])) {
            const centry *d = &c->ents[i], *o = &c->ents[kept - 1];
            if (d->flags & KJ_ENTRY_VARIANT)
                continue;   /* two spelling rules made the same variant */
            cdiag(c, KJ_DIAG_WARNING, c->strs.pool.data + c->srcs[d->src],
                  (long)d->line, "duplicate of %s:%u (ignored)",
                  c->strs.pool.data + c->srcs[o->src], o->line);
            continue;
        }
        c->ents[kept++] = c->ents[i];
    }
    c->nents = kept;
    root = kj_calloc(nkeys ? nkeys : 1, sizeof *root);
    entry_node = kj_malloc((c->nents ? c->nents : 1) * sizeof *entry_node);
    if (root == NULL || entry_node == NULL ||
        build_trie(c, entry_node, &edges, &nnodes, root) != KJ_OK)
        goto done;
    /* Node entry ranges: counts per node, then prefix sums in node order. */
    node_entry = kj_calloc(nnodes + 1, sizeof *node_entry);
    if (node_entry == NULL)
        goto done;
    for (i = 0; i < c->nents; i++)
        node_entry[entry_node[i] + 1]++;
    for (i = 0; i < nnodes; i++)
        node_entry[i + 1] += node_entry[i];
    for (i = 0; i < nnodes; i++)
        nedges += edges[i].n / 2;
    for (nhash = 8; nhash < 2 * nkeys + 2; nhash *= 2)
        ;
    if (nhash > UINT32_MAX || nedges > UINT32_MAX || c->nents > UINT32_MAX)
        goto done;
    hash = kj_calloc(nhash * 2, sizeof *hash);
    if (hash == NULL)
        goto done;
    for (i = 0; i < nkeys; i++) {
        const char *key = c->keys.pool.data + keyoffs[i];
        uint64_t hv = kj_lexhash(key, strlen(key));
        size_t h = (size_t)hv & (nhash - 1);
        while (hash[2 * h])
            h = (h + 1) & (nhash - 1);
        hash[2 * h] = (uint32_t)i + 1;
        hash[2 * h + 1] = (uint32_t)(hv >> 32);
    }
    /* Key strings go into STRS too. */
    for (i = 0; i < nkeys; i++) {
        const char *key = c->keys.pool.data + keyoffs[i];
        keyoffs[i] = strtab_intern(&c->strs, key, strlen(key));
        if (keyoffs[i] == (uint32_t)-1)
            goto done;
    }
    /* Layout. */
    secsize[KJ_SEC_STRS] = c->strs.pool.len;
    secsize[KJ_SEC_LBLS] = c->nlabels * 4;
    secsize[KJ_SEC_SRCS] = c->nsrcs * 4;
    secsize[KJ_SEC_KEYS] = nkeys * 4;
    secsize[KJ_SEC_HASH] = nhash * 8;
    secsize[KJ_SEC_ROOT] = nkeys * 4;
    secsize[KJ_SEC_NODE] = (nnodes + 1) * 8;
    secsize[KJ_SEC_EDGE] = nedges * 8;
    secsize[KJ_SEC_ENTS] = c->nents * KJ_LEX_ENTRY_SIZE;
    total = KJ_LEX_HEADER_SIZE + KJ_NUM_SECTIONS * KJ_LEX_SECTION_SIZE;
    for (i = 0; i < KJ_NUM_SECTIONS; i++) {
        total = (total + 7) & ~(uint64_t)7;
        secoff[i] = total;
        total += secsize[i];
    }
    if (total > SIZE_MAX)
        goto done;
    img = kj_calloc(1, (size_t)total);
    if (img == NULL)
        goto done;
    memcpy(img, KJ_LEX_MAGIC, 8);
    kj_put32(img + 8, KJ_LEXICON_FORMAT_VERSION);
    kj_put32(img + 12, KJ_LEX_HEADER_SIZE);
    kj_put64(img + 16, total);
    kj_put32(img + 24, 0);
    kj_put32(img + 28, KJ_NUM_SECTIONS);
    memcpy(img + 40, KJ_LEX_KEY_SETTINGS, strlen(KJ_LEX_KEY_SETTINGS));
    memcpy(img + 72, kj_key_unicode_version(), strlen(kj_key_unicode_version()));
    kj_put64(img + 88, c->nents);
    for (i = 0; i < KJ_NUM_SECTIONS; i++)
        put_section(img, (uint32_t)i, secoff[i], secsize[i]);
    memcpy(img + secoff[KJ_SEC_STRS], c->strs.pool.data, c->strs.pool.len);
    for (i = 0; i < c->nlabels; i++)
        kj_put32(img + secoff[KJ_SEC_LBLS] + i * 4, c->labels[i]);
    for (i = 0; i < c->nsrcs; i++)
        kj_put32(img + secoff[KJ_SEC_SRCS] + i * 4, c->srcs[i]);
    for (i = 0; i < nkeys; i++) {
        kj_put32(img + secoff[KJ_SEC_KEYS] + i * 4, keyoffs[i]);
        kj_put32(img + secoff[KJ_SEC_ROOT] + i * 4, root[i]);
    }
    for (i = 0; i < 2 * nhash; i++)
        kj_put32(img + secoff[KJ_SEC_HASH] + i * 4, hash[i]);
    p = img + secoff[KJ_SEC_NODE];
    for (i = 0, k = 0; i <= nnodes; i++) {
        kj_put32(p + i * 8, (uint32_t)k);
        kj_put32(p + i * 8 + 4, node_entry[i]);
        if (i < nnodes)
            k += edges[i].n / 2;
    }
    p = img + secoff[KJ_SEC_EDGE];
    for (i = 0, k = 0; i < nnodes; i++) {
        size_t j;
        for (j = 0; j < edges[i].n; j += 2, k++) {
            kj_put32(p + k * 8, edges[i].e[j]);
            kj_put32(p + k * 8 + 4, edges[i].e[j + 1]);
        }
    }
    p = img + secoff[KJ_SEC_ENTS];
    for (i = 0; i < c->nents; i++) {
        const centry *e = &c->ents[i];
        unsigned char *q = p + i * KJ_LEX_ENTRY_SIZE;
        kj_put32(q, e->surface);
        kj_put32(q + 4, e->attrs);
        kj_put16(q + 8, (uint16_t)e->label);
        q[10] = e->case_policy;
        q[11] = e->flags;
        kj_put32(q + 12, (uint32_t)e->prio);
        kj_put32(q + 16, e->src);
        kj_put32(q + 20, e->line);
    }
    {
        uLong crc = crc32(0L, Z_NULL, 0);
        uint64_t done = 0;
        while (done < total) {
            uint64_t chunk = total - done > (1u << 30) ? (1u << 30) : total - done;
            crc = crc32(crc, img + done, (uInt)chunk);
            done += chunk;
        }
        kj_put32(img + 32, (uint32_t)crc);
    }
    *out_image = img;
    *out_len = (size_t)total;
    img = NULL;
    rc = KJ_OK;
done:
    if (edges)
        for (i = 0; i < nnodes; i++)
            kj_free(edges[i].e);
    kj_free(edges);
    kj_free(entry_node);
    kj_free(node_entry);
    kj_free(hash);
    kj_free(root);
    kj_free(rank);
    kj_free(keyoffs);
    kj_free(img);
    return rc;
}

KJ_API int
kj_compiler_write(kj_compiler *c, const char *path)
{
    void *img;
    size_t len, done = 0;
    char *tmp;
    int fd, rc;
    kj_lexicon *lx;

    if ((rc = kj_compiler_build(c, &img, &len)) != KJ_OK)
        return rc;
    tmp = kj_malloc(strlen(path) + 16);
    if (tmp == NULL) {
        kj_free(img);
        return KJ_ENOMEM;
    }
    sprintf(tmp, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        cdiag(c, KJ_DIAG_ERROR, path, 0, "cannot create: %s", strerror(errno));
        rc = KJ_EIO;
        goto done;
    }
    while (done < len) {
        ssize_t n = write(fd, (const char *)img + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done < len || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        cdiag(c, KJ_DIAG_ERROR, path, 0, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        rc = KJ_EIO;
        goto done;
    }
    if (close(fd) != 0) {
        cdiag(c, KJ_DIAG_ERROR, path, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
        rc = KJ_EIO;
        goto done;
    }
    /* Verify what was written before it takes the real name. */
    lx = kj_lexicon_open(tmp, c->diag, c->user, &rc);
    if (lx) {
        rc = kj_lexicon_check(lx, c->diag, c->user);
        kj_lexicon_free(lx);
    }
    if (rc != KJ_OK || rename(tmp, path) != 0) {
        if (rc == KJ_OK)
            cdiag(c, KJ_DIAG_ERROR, path, 0, "cannot rename %s: %s", tmp,
                  strerror(errno));
        unlink(tmp);
        rc = rc == KJ_OK ? KJ_EIO : rc;
    }
done:
    kj_free(tmp);
    kj_free(img);
    return rc;
}
