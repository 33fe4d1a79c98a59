/* SPDX-License-Identifier: MIT */
/* eval_read.c - kijang eval's inputs: CoNLL and JSONL files into spans
 *
 * CoNLL: whitespace-separated columns, token first, tag last; blank lines
 * and -DOCSTART- lines end a chunk. Tags are IOB1, IOB2, BIOES (also BILOU's
 * L and U) or bare labels (IO); chunks are read as conlleval does: a chunk
 * starts at B or S, at a label change and after a break, and ends after E
 * or S. Positions are token numbers over the whole file; GOLD's tokens must
 * equal PRED's one for one (PRED's own sentence breaks are ignored).
 *
 * JSONL: one object per line, paired by line order; GOLD needs "text";
 * "entities" holds [start, end, label, ...] arrays or {"start", "end",
 * "label", "source"} objects in code points of the text.
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval_read.h"
#include "json.h"

/* ---- files and label maps ---------------------------------------------- */

char *
eval_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0, cap = 0;

    if (f == NULL) {
        fprintf(stderr, "kijang: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (cap - n < 65536) {
            char *p = realloc(data, cap ? cap * 2 : 65536 + 1);
            if (p == NULL) {
                fprintf(stderr, "kijang: %s: out of memory\n", path);
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
            cap = cap ? cap * 2 : 65536 + 1;
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "kijang: %s: %s\n", path, strerror(errno));
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

/* Split `s` in place at runs of spaces and tabs, after dropping a final
 * CR; up to `max` fields into `out`. Returns the number of fields. */
static size_t
split_fields(char *s, char **out, size_t max)
{
    size_t n = 0, len = strlen(s);

    if (len > 0 && s[len - 1] == '\r')
        s[len - 1] = '\0';
    while (*s) {
        while (*s == ' ' || *s == '\t')
            *s++ = '\0';
        if (*s == '\0')
            break;
        if (n < max)
            out[n] = s;
        n++;
        while (*s && *s != ' ' && *s != '\t')
            s++;
    }
    return n;
}

static int
push_pair(eval_config *cfg, const char *from, const char *to)
{
    char **f = realloc(cfg->map_from, (cfg->nmap + 1) * sizeof *f);
    char **t;

    if (f == NULL)
        return -1;
    cfg->map_from = f;
    t = realloc(cfg->map_to, (cfg->nmap + 1) * sizeof *t);
    if (t == NULL)
        return -1;
    cfg->map_to = t;
    f[cfg->nmap] = strdup(from);
    t[cfg->nmap] = strdup(to);
    cfg->nmap++;
    return f[cfg->nmap - 1] && t[cfg->nmap - 1] ? 0 : -1;
}

int
eval_load_map(eval_config *cfg, const char *path)
{
    size_t len;
    char *data = eval_slurp(path, &len), *line, *next;
    long lineno = 0;
    int status = KJ_EXIT_OK;

    if (data == NULL)
        return KJ_EXIT_DATA;
    for (line = data; line && *line; line = next) {
        char *f[2], *tab;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
            continue;
        /* from<TAB>to[<TAB>more]: only the first two columns count. */
        if ((tab = strchr(line, '\t')) != NULL && (tab = strchr(tab + 1, '\t')))
            *tab = '\0';
        if (split_fields(line, f, 2) != 2) {
            fprintf(stderr, "%s:%ld: error: expected FROM<TAB>TO\n", path, lineno);
            status = KJ_EXIT_DATA;
            continue;
        }
        if (push_pair(cfg, f[0], f[1]) != 0) {
            fprintf(stderr, "kijang: out of memory\n");
            status = KJ_EXIT_DATA;
            break;
        }
    }
    free(data);
    return status;
}

void
eval_config_free(eval_config *cfg)
{
    size_t i;

    for (i = 0; i < cfg->nmap; i++) {
        free(cfg->map_from[i]);
        free(cfg->map_to[i]);
    }
    free(cfg->map_from);
    free(cfg->map_to);
    free(cfg->keep);
    free(cfg->keep_buf);
}

/* The label after --label-map and --labels, or NULL when it is dropped. */
static const char *
map_label(const eval_config *cfg, const char *label)
{
    size_t i;

    for (i = cfg->nmap; i-- > 0;)
        if (strcmp(cfg->map_from[i], label) == 0) {
            label = cfg->map_to[i];
            break;
        }
    if (strcmp(label, "O") == 0)
        return NULL;
    if (cfg->keep == NULL)
        return label;
    for (i = 0; i < cfg->nkeep; i++)
        if (strcmp(cfg->keep[i], label) == 0)
            return label;
    return NULL;
}

/* ---- tags and chunks --------------------------------------------------- */

typedef struct tag {
    char prefix;        /* 'O', 'B', 'I', 'E', 'S' */
    const char *label;  /* mapped; NULL for 'O' */
} tag;

/* Decode one tag; -1 when it is malformed ("B-" with no label). */
static int
decode_tag(const eval_config *cfg, const char *s, tag *out)
{
    out->prefix = 'O';
    out->label = NULL;
    if (strcmp(s, "O") == 0)
        return 0;
    if (s[0] && s[1] == '-' && strchr("BIESLU", s[0])) {
        if (s[2] == '\0')
            return -1;
        out->prefix = s[0] == 'L' ? 'E' : s[0] == 'U' ? 'S' : s[0];
        s += 2;
    } else {
        out->prefix = 'I'; /* IO: a bare label */
    }
    if ((out->label = map_label(cfg, s)) == NULL)
        out->prefix = 'O';
    return 0;
}

/* One side's chunks: the label of each unit (NULL outside) and whether a
 * chunk begins there; `emit` is called per chunk [start, end). */
typedef struct chunker {
    const char **label;
    unsigned char *begins;
    const char *cur;
    size_t start;
    int (*emit)(void *ctx, size_t start, size_t end, const char *label);
    void *ctx;
    int failed;
} chunker;

static void
chunk_close(chunker *c, size_t at)
{
    if (c->cur && c->emit(c->ctx, c->start, at, c->cur) != 0)
        c->failed = 1;
    c->cur = NULL;
}

/* Feed unit `i` with tag `t`; `brk`: a break comes before it. */
static void
chunk_feed(chunker *c, size_t i, const tag *t, int brk)
{
    if (brk || t->prefix == 'O')
        chunk_close(c, i);
    if (t->prefix != 'O') {
        if (t->prefix == 'B' || t->prefix == 'S' || c->cur == NULL ||
            strcmp(c->cur, t->label) != 0) {
            chunk_close(c, i);
            c->cur = t->label;
            c->start = i;
            c->begins[i] = 1;
        }
        c->label[i] = c->cur;
        if (t->prefix == 'E' || t->prefix == 'S')
            chunk_close(c, i + 1);
    }
}

/* Units with the same label and the same beginning on both sides. */
static size_t
agreeing(chunker *c, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        const char *a = c[0].label[i], *b = c[1].label[i];
        if (a == NULL ? b == NULL
                      : b && strcmp(a, b) == 0 && c[0].begins[i] == c[1].begins[i])
            k++;
    }
    return k;
}

static int
chunkers_init(chunker *c, size_t n)
{
    size_t i;

    for (i = 0; i < 2; i++) {
        c[i].label = calloc(n ? n : 1, sizeof *c[i].label);
        c[i].begins = calloc(n ? n : 1, 1);
        c[i].cur = NULL;
        c[i].failed = 0;
        if (c[i].label == NULL || c[i].begins == NULL)
            return -1;
    }
    return 0;
}

static void
chunkers_free(chunker *c)
{
    size_t i;

    for (i = 0; i < 2; i++) {
        free(c[i].label);
        free(c[i].begins);
    }
}

/* ---- CoNLL ------------------------------------------------------------- */

#define MAX_COLS 64

typedef struct row {
    long line;
    size_t col;    /* first field in the table's `fields` */
    size_t ncols;  /* 0: a break (blank or -DOCSTART- line) */
} row;

typedef struct table {
    const char *path;
    char *data;
    row *rows;
    size_t nrows;
    char **fields;
    size_t nfields;
} table;

static void
table_free(table *t)
{
    free(t->data);
    free(t->rows);
    free(t->fields);
}

static int
table_push(table *t, long line, char **f, size_t n, size_t *caps)
{
    if (t->nrows == caps[0]) {
        row *r = realloc(t->rows, (caps[0] = caps[0] * 2 + 64) * sizeof *r);
        if (r == NULL)
            return -1;
        t->rows = r;
    }
    if (t->nfields + n > caps[1]) {
        char **p;
        caps[1] = (caps[1] + n) * 2 + 256;
        if ((p = realloc(t->fields, caps[1] * sizeof *p)) == NULL)
            return -1;
        t->fields = p;
    }
    t->rows[t->nrows].line = line;
    t->rows[t->nrows].col = t->nfields;
    t->rows[t->nrows].ncols = n;
    if (n > 0)
        memcpy(t->fields + t->nfields, f, n * sizeof *f);
    t->nfields += n;
    t->nrows++;
    return 0;
}

/* Split the CoNLL text t->data (in place) into rows of fields. */
static int
table_parse(table *t)
{
    size_t caps[2] = {0, 0};
    char *line, *next;
    const char *path = t->path;
    long lineno = 0;

    for (line = t->data; *line; line = next) {
        char *f[MAX_COLS];
        size_t n;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        lineno++;
        n = split_fields(line, f, MAX_COLS);
        if (n > MAX_COLS) {
            fprintf(stderr, "%s:%ld: error: more than %d columns\n", path,
                    lineno, MAX_COLS);
            return KJ_EXIT_DATA;
        }
        if (n > 0 && strncmp(f[0], "-DOCSTART-", 10) == 0)
            n = 0;
        if (table_push(t, lineno, f, n, caps) != 0) {
            fprintf(stderr, "kijang: out of memory\n");
            return KJ_EXIT_DATA;
        }
    }
    return KJ_EXIT_OK;
}

static const char *
field(const table *t, const row *r, size_t k)
{
    return t->fields[r->col + k];
}

/* Does `s` look like kijang's provenance: "rule:..." or "...:LINE"? */
static int
looks_like_source(const char *s)
{
    size_t n = strlen(s), k = n;

    if (strncmp(s, "rule:", 5) == 0)
        return 1;
    while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9')
        k--;
    return k < n && k > 1 && s[k - 1] == ':';
}

/* The source column of PRED (0-based), or -1: the rightmost column between
 * the token and the tag that holds "_" on O tokens and a provenance on
 * tagged ones (kijang tag --columns source). */
static int
detect_source_column(const table *t)
{
    size_t minc = SIZE_MAX, i;
    long c;

    for (i = 0; i < t->nrows; i++)
        if (t->rows[i].ncols > 0 && t->rows[i].ncols < minc)
            minc = t->rows[i].ncols;
    if (minc == SIZE_MAX || minc < 3)
        return -1;
    for (c = (long)minc - 2; c >= 1; c--) {
        int ok = 1, tagged = 0;
        for (i = 0; i < t->nrows && ok; i++) {
            const row *r = &t->rows[i];
            const char *v, *tg;
            if (r->ncols == 0)
                continue;
            v = field(t, r, (size_t)c + (r->ncols - minc));
            tg = field(t, r, r->ncols - 1);
            if (strcmp(tg, "O") == 0)
                ok = strcmp(v, "_") == 0;
            else
                ok = looks_like_source(v), tagged = 1;
        }
        if (ok && tagged)
            return (int)c;
    }
    return -1;
}

/* What the CoNLL emitters need. */
typedef struct conll_ctx {
    eval_input *in;
    const table *t[2];       /* gold, pred */
    const row **tok[2];      /* token rows in order, per side */
    size_t gold_col;         /* tag columns, counted from the right */
    int source_col;          /* from the left; -1 none */
    int side;
} conll_ctx;

/* The text of units [start, end): the tokens, space-separated. */
static char *
join_tokens(const conll_ctx *x, size_t start, size_t end, size_t *len)
{
    size_t n = 0, i;
    char *s, *p;

    for (i = start; i < end; i++)
        n += strlen(field(x->t[0], x->tok[0][i], 0)) + 1;
    if ((s = p = malloc(n + 1)) == NULL)
        return NULL;
    for (i = start; i < end; i++) {
        const char *w = field(x->t[0], x->tok[0][i], 0);
        size_t k = strlen(w);
        if (i > start)
            *p++ = ' ';
        memcpy(p, w, k);
        p += k;
    }
    *p = '\0';
    *len = (size_t)(p - s);
    return s;
}

static int
conll_emit(void *ctx, size_t start, size_t end, const char *label)
{
    conll_ctx *x = ctx;
    const row *r = x->tok[x->side][start];
    const char *source = NULL;
    size_t len;
    char *text = join_tokens(x, start, end, &len);
    int rc;

    if (text == NULL)
        return -1;
    if (x->side == KJ_EVAL_PRED && x->source_col >= 0 &&
        (size_t)x->source_col < r->ncols - 1) {
        source = field(x->t[1], r, (size_t)x->source_col);
        if (strcmp(source, "_") == 0)
            source = NULL;
    }
    rc = kj_eval_add(x->in->ev, x->side, 0, start, end, label, source, text,
                     len, r->line);
    free(text);
    return rc;
}

/* Token rows of a table, in order, and whether a break precedes each. */
static int
token_rows(const table *t, const row ***out, unsigned char **brk, size_t *n)
{
    size_t i, k = 0;
    int pending = 0;

    *out = malloc((t->nrows ? t->nrows : 1) * sizeof **out);
    *brk = calloc(t->nrows ? t->nrows : 1, 1);
    if (*out == NULL || *brk == NULL)
        return -1;
    for (i = 0; i < t->nrows; i++) {
        if (t->rows[i].ncols == 0) {
            pending = 1;
            continue;
        }
        (*brk)[k] = (unsigned char)pending;
        pending = 0;
        (*out)[k++] = &t->rows[i];
    }
    *n = k;
    return 0;
}

/* GOLD's tokens must be PRED's, one for one. */
static int
check_alignment(const conll_ctx *x, size_t ng, size_t np)
{
    size_t i;

    for (i = 0; i < ng && i < np; i++) {
        const char *a = field(x->t[0], x->tok[0][i], 0);
        const char *b = field(x->t[1], x->tok[1][i], 0);
        if (strcmp(a, b) != 0) {
            fprintf(stderr, "%s:%ld: error: token '%s' is not '%s' of %s:%ld "
                    "(token %zu); the files must have the same tokens\n",
                    x->t[1]->path, x->tok[1][i]->line, b, a, x->t[0]->path,
                    x->tok[0][i]->line, i + 1);
            return KJ_EXIT_DATA;
        }
    }
    if (ng != np) {
        fprintf(stderr, "kijang: %s has %zu tokens, %s has %zu; the files "
                "must have the same tokens\n", x->t[0]->path, ng,
                x->t[1]->path, np);
        return KJ_EXIT_DATA;
    }
    return KJ_EXIT_OK;
}

/* The tag of token row `r` of side `s`. */
static int
row_tag(const eval_config *cfg, const conll_ctx *x, int s, const row *r,
        tag *out)
{
    size_t from_right = s == KJ_EVAL_GOLD ? x->gold_col : 1;
    size_t k;
    const char *v;

    if (r->ncols < from_right + 1) {
        fprintf(stderr, "%s:%ld: error: expected a token and %s\n",
                x->t[s]->path, r->line, from_right == 2 ? "two tags" : "a tag");
        return -1;
    }
    k = r->ncols - from_right;
    if (s == KJ_EVAL_GOLD && x->t[0] == x->t[1] && x->source_col >= 0 &&
        k == (size_t)x->source_col)
        k--; /* gold, guess: skip the source column between them */
    v = field(x->t[s], r, k);
    if (k == 0 || decode_tag(cfg, v, out) != 0) {
        fprintf(stderr, "%s:%ld: error: '%s' is not a tag\n", x->t[s]->path,
                r->line, v);
        return -1;
    }
    return 0;
}

static int
score_conll(const eval_config *cfg, conll_ctx *x, unsigned char *brk, size_t n)
{
    chunker c[2];
    size_t i;
    int s, status = KJ_EXIT_OK;

    if (chunkers_init(c, n) != 0) {
        chunkers_free(c);
        fprintf(stderr, "kijang: out of memory\n");
        return KJ_EXIT_DATA;
    }
    for (s = 0; s < 2; s++) {
        c[s].emit = conll_emit;
        c[s].ctx = x;
        x->side = s;
        for (i = 0; i < n && status == KJ_EXIT_OK; i++) {
            tag t;
            if (row_tag(cfg, x, s, x->tok[s][i], &t) != 0)
                status = KJ_EXIT_DATA;
            else
                chunk_feed(&c[s], i, &t, brk[i]);
        }
        if (status == KJ_EXIT_OK)
            chunk_close(&c[s], n);
        if (c[s].failed) {
            fprintf(stderr, "kijang: out of memory\n");
            status = KJ_EXIT_DATA;
        }
    }
    if (status == KJ_EXIT_OK) {
        x->in->units = n;
        x->in->units_correct = agreeing(c, n);
    }
    chunkers_free(c);
    return status;
}

static int
eval_conll(const eval_config *cfg, eval_input *in, table *gold, table *pred)
{
    conll_ctx x;
    unsigned char *brk = NULL, *pbrk = NULL;
    size_t ng = 0, np = 0;
    int status;

    memset(&x, 0, sizeof x);
    x.in = in;
    x.t[0] = gold;
    x.t[1] = pred ? pred : gold;
    x.gold_col = pred ? 1 : 2;
    x.source_col = -1;
    if (token_rows(gold, &x.tok[0], &brk, &ng) != 0 ||
        (pred && token_rows(pred, &x.tok[1], &pbrk, &np) != 0)) {
        fprintf(stderr, "kijang: out of memory\n");
        status = KJ_EXIT_DATA;
        goto done;
    }
    if (pred == NULL) {
        x.tok[1] = x.tok[0];
        np = ng;
    } else if ((status = check_alignment(&x, ng, np)) != KJ_EXIT_OK) {
        goto done;
    }
    x.source_col = cfg->source_column > 0 ? cfg->source_column - 1
                 : cfg->source_column < 0 ? -1 : detect_source_column(x.t[1]);
    status = score_conll(cfg, &x, brk, ng);
done:
    if (pred)
        free(x.tok[1]);
    free(x.tok[0]);
    free(brk);
    free(pbrk);
    return status;
}

/* ---- JSONL ------------------------------------------------------------- */

typedef struct jline {
    char *p;
    size_t n;
    long line;
} jline;

/* The next non-blank line of `*cur` (advanced), or 0 at the end. */
static int
next_line(char **cur, long *lineno, jline *out)
{
    while (**cur) {
        char *s = *cur, *e = strchr(s, '\n');
        *cur = e ? e + 1 : s + strlen(s);
        (*lineno)++;
        size_t k = strspn(s, " \t\r");
        if (s[k] != '\n' && s[k] != '\0') {
            out->p = s;
            out->n = e ? (size_t)(e - s) : strlen(s);
            out->line = *lineno;
            return 1;
        }
    }
    return 0;
}

/* Byte offset of each code point of `s` (plus the end): a new array. */
static size_t *
cp_offsets(const char *s, size_t len, size_t *ncp)
{
    size_t *o = malloc((len + 1) * sizeof *o), i, k = 0;

    if (o == NULL)
        return NULL;
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            o[k++] = i;
    o[k] = len;
    *ncp = k;
    return o;
}

static int
as_offset(const kj_json_value *v, size_t max, size_t *out)
{
    if (v == NULL || v->type != KJ_JSON_NUMBER || v->number < 0 ||
        v->number > (double)max || floor(v->number) != v->number)
        return -1;
    *out = (size_t)v->number;
    return 0;
}

/* One entity of "entities": [s, e, label, ...] or {"start", ...}. */
static int
read_entity(const kj_json_value *v, size_t ncp, size_t *s, size_t *e,
            const char **label, const char **source)
{
    const kj_json_value *vs, *ve, *vl, *vsrc = NULL;

    if (v->type == KJ_JSON_ARRAY && v->n >= 3) {
        vs = &v->items[0];
        ve = &v->items[1];
        vl = &v->items[2];
    } else if (v->type == KJ_JSON_OBJECT) {
        vs = kj_json_member(v, "start");
        ve = kj_json_member(v, "end");
        vl = kj_json_member(v, "label");
        vsrc = kj_json_member(v, "source");
    } else {
        return -1;
    }
    if (as_offset(vs, ncp, s) != 0 || as_offset(ve, ncp, e) != 0 || *s >= *e ||
        vl == NULL || vl->type != KJ_JSON_STRING)
        return -1;
    *label = vl->str;
    *source = vsrc && vsrc->type == KJ_JSON_STRING ? vsrc->str : NULL;
    return 0;
}

typedef struct jdoc {
    const char *path;
    jline ln;
    kj_json_value v;
} jdoc;

/* Add the entities of one side of document `doc`. */
static int
add_entities(const eval_config *cfg, eval_input *in, int side, size_t doc,
             const jdoc *d, const char *text, const size_t *cps, size_t ncp,
             chunker *c)
{
    const kj_json_value *ents = kj_json_member(&d->v, "entities");
    size_t i, k;

    if (ents == NULL)
        return KJ_EXIT_OK;
    if (ents->type != KJ_JSON_ARRAY) {
        fprintf(stderr, "%s:%ld: error: \"entities\" is not an array\n",
                d->path, d->ln.line);
        return KJ_EXIT_DATA;
    }
    for (i = 0; i < ents->n; i++) {
        size_t s, e;
        const char *label, *source;
        if (read_entity(&ents->items[i], ncp, &s, &e, &label, &source) != 0) {
            fprintf(stderr, "%s:%ld: error: entity %zu: expected [start, end, "
                    "label] or {\"start\", \"end\", \"label\"} with 0 <= start "
                    "< end <= %zu\n", d->path, d->ln.line, i + 1, ncp);
            return KJ_EXIT_DATA;
        }
        if ((label = map_label(cfg, label)) == NULL)
            continue;
        if (kj_eval_add(in->ev, side, doc, s, e, label,
                        side == KJ_EVAL_PRED ? source : NULL, text + cps[s],
                        cps[e] - cps[s], d->ln.line) != 0)
            return -1;
        c->begins[s] = 1;
        for (k = s; k < e; k++)
            c->label[k] = label;
    }
    return KJ_EXIT_OK;
}

/* Score one pair of documents. */
static int
score_pair(const eval_config *cfg, eval_input *in, size_t doc, jdoc *d)
{
    const kj_json_value *gt = kj_json_member(&d[0].v, "text");
    const kj_json_value *pt = kj_json_member(&d[1].v, "text");
    const kj_json_value *perr = kj_json_member(&d[1].v, "error");
    size_t ncp = 0, *cps;
    chunker c[2];
    int status = KJ_EXIT_OK, s;

    if (gt == NULL || gt->type != KJ_JSON_STRING) {
        fprintf(stderr, "%s:%ld: error: no string \"text\"\n", d[0].path,
                d[0].ln.line);
        return KJ_EXIT_DATA;
    }
    if (pt && pt->type == KJ_JSON_STRING &&
        (pt->len != gt->len || memcmp(pt->str, gt->str, gt->len) != 0)) {
        fprintf(stderr, "%s:%ld: error: \"text\" is not the text of %s:%ld; "
                "the files must hold the same documents in the same order\n",
                d[1].path, d[1].ln.line, d[0].path, d[0].ln.line);
        return KJ_EXIT_DATA;
    }
    if ((cps = cp_offsets(gt->str, gt->len, &ncp)) == NULL ||
        chunkers_init(c, ncp) != 0) {
        free(cps);
        chunkers_free(c);
        return -1;
    }
    if (perr && perr->type == KJ_JSON_STRING) {
        fprintf(stderr, "%s:%ld: warning: the document is an error record "
                "(%s); scored as having no entities\n", d[1].path,
                d[1].ln.line, perr->str);
        in->error_records++;
    }
    for (s = 0; s < 2; s++) {
        int rc = add_entities(cfg, in, s, doc, &d[s], gt->str, cps, ncp, &c[s]);
        if (rc != KJ_EXIT_OK) {
            status = rc;
            break;
        }
    }
    in->units += ncp;
    in->units_correct += agreeing(c, ncp);
    free(cps);
    chunkers_free(c);
    return status;
}

static int
eval_jsonl(const eval_config *cfg, eval_input *in, char *gold, char *pred)
{
    char *cur[2] = {gold, pred};
    long lineno[2] = {0, 0};
    int s;
    size_t doc;

    in->jsonl = 1;
    for (doc = 0;; doc++) {
        jdoc d[2];
        int more[2], rc = KJ_EXIT_OK;
        for (s = 0; s < 2; s++) {
            d[s].path = s ? in->pred_path : in->gold_path;
            more[s] = next_line(&cur[s], &lineno[s], &d[s].ln);
        }
        if (!more[0] || !more[1]) {
            if (more[0] != more[1]) {
                fprintf(stderr, "kijang: %s has more documents than %s (%zu "
                        "paired)\n", d[more[1]].path, d[more[0]].path, doc);
                return KJ_EXIT_DATA;
            }
            break;
        }
        for (s = 0; s < 2 && rc == KJ_EXIT_OK; s++) {
            char err[160];
            int r = kj_json_parse(d[s].ln.p, d[s].ln.n, &d[s].v, err, sizeof err);
            if (r != 0) {
                fprintf(stderr, "%s:%ld: error: %s\n", d[s].path, d[s].ln.line,
                        r == -2 ? "out of memory" : err);
                rc = KJ_EXIT_DATA;
            } else if (d[s].v.type != KJ_JSON_OBJECT) {
                fprintf(stderr, "%s:%ld: error: not a JSON object\n", d[s].path,
                        d[s].ln.line);
                rc = KJ_EXIT_DATA;
            }
        }
        if (rc == KJ_EXIT_OK)
            rc = score_pair(cfg, in, doc, d);
        kj_json_value_free(&d[0].v);
        kj_json_value_free(&d[1].v);
        if (rc < 0) {
            fprintf(stderr, "kijang: out of memory\n");
            return KJ_EXIT_DATA;
        }
        if (rc != KJ_EXIT_OK)
            return rc;
    }
    in->docs = doc;
    return in->error_records ? KJ_EXIT_DATA : KJ_EXIT_OK;
}

/* ---- entry ------------------------------------------------------------- */

/* JSONL when the first non-blank line is {...} (a CoNLL token "{" is
 * followed by its tag, not by a closing brace). */
static int
is_jsonl(const char *data)
{
    const char *p = data + strspn(data, " \t\r\n"), *e;
    size_t n;

    if (*p != '{')
        return 0;
    e = strchr(p, '\n');
    n = e ? (size_t)(e - p) : strlen(p);
    while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return p[n - 1] == '}';
}

int
eval_read(const eval_config *cfg, eval_input *in, const char *gold_path,
          const char *pred_path)
{
    table t[2];
    size_t len;
    int status = KJ_EXIT_OK, j[2] = {0, 0}, s;

    in->gold_path = gold_path;
    in->pred_path = pred_path ? pred_path : gold_path;
    memset(t, 0, sizeof t);
    t[0].path = gold_path;
    t[1].path = pred_path;
    for (s = 0; s < (pred_path ? 2 : 1); s++) {
        if ((t[s].data = eval_slurp(t[s].path, &len)) == NULL) {
            status = KJ_EXIT_DATA;
            goto done;
        }
        j[s] = is_jsonl(t[s].data);
    }
    if (pred_path == NULL && j[0]) {
        fprintf(stderr, "kijang: %s is JSONL: give GOLD and PRED\n", gold_path);
        status = KJ_EXIT_USAGE;
    } else if (pred_path && j[0] != j[1]) {
        fprintf(stderr, "kijang: %s is %s but %s is %s: give both in one "
                "format (kijang tag --format %s)\n", gold_path,
                j[0] ? "JSONL" : "CoNLL", pred_path, j[1] ? "JSONL" : "CoNLL",
                j[0] ? "jsonl" : "conll --columns source");
        status = KJ_EXIT_USAGE;
    } else if (j[0]) {
        status = eval_jsonl(cfg, in, t[0].data, t[1].data);
    } else if ((status = table_parse(&t[0])) == KJ_EXIT_OK &&
               (pred_path == NULL || (status = table_parse(&t[1])) == KJ_EXIT_OK)) {
        status = eval_conll(cfg, in, &t[0], pred_path ? &t[1] : NULL);
    }
done:
    table_free(&t[0]);
    table_free(&t[1]);
    return status;
}
