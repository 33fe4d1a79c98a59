/* SPDX-License-Identifier: MIT */
/* reader.c - split input streams into documents
 *
 * One pull parser for every input format: kj_reader_next() reads lines (or,
 * for plain text, the whole stream) through the caller's read function and
 * fills a kj_doc. Malformed documents come back with an error set instead of
 * being skipped, so every document keeps its place in the output.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "json.h"
#include "mem.h"
#include "utf8.h"

#define KJ_READ_CHUNK ((size_t)1 << 16)

struct kj_reader {
    kj_reader_options o;
    kj_read_fn fn;
    void *user;
    char *name;

    kj_buf in;               /* buffered input; in.data[pos..] unread */
    size_t pos;
    size_t scan;             /* no '\n' in in.data[pos..scan) */
    unsigned long long base; /* stream offset of in.data[0] */
    int eof;
    long line;               /* lines consumed */
    int started;             /* BOM handled */
    int finished;            /* text: the one document was returned */

    /* CoNLL state: a -DOCSTART- or # newdoc line began the next document. */
    long next_doc_line;
    kj_buf next_doc_id;
    kj_buf sent_id;          /* CoNLL-U # sent_id of the coming sentence */
    int space_after;         /* CoNLL-U: the last token wants a space */
    unsigned long word_id;   /* CoNLL-U: ID of the last word */
    unsigned long mwt_end;   /* CoNLL-U: last word of the open multiword token */
    int mwt_space_after;     /* CoNLL-U: space after that multiword token */
    unsigned long ndocs;     /* documents returned */
    int ragged_told;         /* ragged columns reported for this document */

    kj_json_doc jd;

    const char *mem;         /* kj_reader_new_mem */
    size_t mem_len, mem_pos;
    int fd;                  /* kj_reader_new_fd */
};

typedef struct kj_line {
    const char *p;
    size_t len;
    unsigned long long offset; /* stream offset of p[0] */
} kj_line;

KJ_API void
kj_reader_options_init(kj_reader_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = KJ_INPUT_TEXT;
    o->doc_unit = KJ_DOC_UNIT_FILE;
}

static void
report(kj_reader *r, kj_severity sev, long line, long long offset,
       const char *doc_id, const char *msg)
{
    kj_diag d;

    if (r->o.diag == NULL)
        return;
    d.severity = sev;
    d.file = r->name;
    d.line = line;
    d.offset = offset;
    d.doc_id = doc_id;
    d.message = msg;
    r->o.diag(r->o.diag_user, &d);
}

/* Read more bytes into r->in; 0 at EOF, 1 when bytes came, <0 on error. */
static int
fill(kj_reader *r)
{
    ptrdiff_t got;

    if (r->eof)
        return 0;
    if (r->pos > 0 && r->pos >= r->in.len / 2) {
        /* Compact: drop what was consumed. */
        memmove(r->in.data, r->in.data + r->pos, r->in.len - r->pos);
        r->in.len -= r->pos;
        r->scan -= r->pos;
        r->base += r->pos;
        r->pos = 0;
    }
    /* more room only when little is left: a file that fits what is there
     * is read without moving it (the last read, of 0 bytes, needs none) */
    if (r->in.cap - r->in.len < KJ_READ_CHUNK / 4 &&
        kj_buf_reserve(&r->in, KJ_READ_CHUNK) != 0)
        return KJ_ENOMEM;
    got = r->fn(r->user, r->in.data + r->in.len, r->in.cap - r->in.len - 1);
    if (got < 0)
        return errno == EINTR ? KJ_EINTR : KJ_EIO;
    if (got == 0) {
        r->eof = 1;
        return 0;
    }
    r->in.len += (size_t)got;
    return 1;
}

/* Skip a byte-order mark at the very start of the stream. */
static int
start(kj_reader *r)
{
    int rc;

    if (r->started)
        return KJ_OK;
    while (r->in.len < 3 && (rc = fill(r)) > 0)
        ;
    if (rc < 0 && r->in.len < 3 && !r->eof)
        return rc;
    if (r->in.len >= 3 && memcmp(r->in.data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = r->scan = 3;
    r->started = 1;
    return KJ_OK;
}

/* The next line without its "\n" or "\r\n": 1, or 0 at EOF, or <0. */
static int
next_line(kj_reader *r, kj_line *l)
{
    int rc;

    if ((rc = start(r)) != KJ_OK)
        return rc;
    for (;;) {
        char *nl = memchr(r->in.data + r->scan, '\n', r->in.len - r->scan);
        if (nl || (r->eof && r->pos < r->in.len)) {
            size_t end = nl ? (size_t)(nl - r->in.data) : r->in.len;
            l->p = r->in.data + r->pos;
            l->len = end - r->pos;
            l->offset = r->base + r->pos;
            if (nl && l->len > 0 && l->p[l->len - 1] == '\r')
                l->len--;
            r->pos = r->scan = nl ? end + 1 : end;
            r->line++;
            return 1;
        }
        if (r->eof)
            return 0;
        r->scan = r->in.len;
        if ((rc = fill(r)) < 0)
            return rc;
    }
}

/* Report invalid UTF-8 in a finished document; --strict makes it an error. */
static void
check_decoding(kj_reader *r, kj_doc *doc, long line, long long base,
               const char *what)
{
    char msg[160];
    long long at;

    if (doc->replacements == 0 || doc->error)
        return;
    at = doc->first_invalid;
    if (r->o.strict) {
        snprintf(msg, sizeof msg, "invalid UTF-8 at byte %lld%s", base + at, what);
        kj_doc_set_error(doc, msg);
        report(r, KJ_DIAG_ERROR, line, base + at, doc->id, msg);
        return;
    }
    snprintf(msg, sizeof msg,
             "invalid UTF-8 at byte %lld%s: %zu sequence%s replaced by U+FFFD",
             base + at, what, doc->replacements,
             doc->replacements == 1 ? "" : "s");
    report(r, KJ_DIAG_WARNING, line, base + at, doc->id, msg);
}

/* Write ":" and the decimal digits of line (>= 0) at out (room for 22
 * bytes) and a NUL after them; returns their length, NUL not counted. */
static size_t
put_line_number(char *out, long line)
{
    char rev[20];
    unsigned long v = line > 0 ? (unsigned long)line : 0;
    size_t k = 0, i;

    do {
        rev[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    out[0] = ':';
    for (i = 0; i < k; i++)
        out[1 + i] = rev[k - 1 - i];
    out[1 + k] = '\0';
    return 1 + k;
}

/* Name doc "name:line" (a line document, or a block's first line). */
static int
set_line_id(kj_reader *r, kj_doc *doc, long line)
{
    char num[24];
    size_t nlen = strlen(r->name);
    size_t n = put_line_number(num, line);
    char *id = kj_arena_alloc(&doc->arena, nlen + n + 1);

    if (id == NULL)
        return KJ_ENOMEM;
    memcpy(id, r->name, nlen);
    memcpy(id + nlen, num, n + 1);
    doc->id = id;
    return KJ_OK;
}

/* --input text: the whole stream is one document. */
static int
next_text(kj_reader *r, kj_doc *doc)
{
    int rc;

    if (r->finished)
        return 0;
    if ((rc = start(r)) != KJ_OK)
        return rc;
    while ((rc = fill(r)) > 0)
        ;
    if (rc < 0)
        return rc;
    r->finished = 1;
    kj_doc_reset(doc);
    if (kj_doc_set_id(doc, r->name, strlen(r->name)) != KJ_OK)
        return KJ_ENOMEM;
    if (r->pos == 0 && r->base == 0) {
        /* the whole stream: the document takes the buffer when it can */
        if (kj_doc_take_input(doc, &r->in, 0) != KJ_OK)
            return KJ_ENOMEM;
    } else if (kj_doc_append_input(doc, r->in.data + r->pos, r->in.len - r->pos,
                                   r->base + r->pos) != KJ_OK)
        return KJ_ENOMEM;
    r->pos = r->in.len;
    check_decoding(r, doc, 0, 0, "");
    return 1;
}

/* --input lines: each line is a document. */
static int
next_lines(kj_reader *r, kj_doc *doc)
{
    kj_line l;
    int rc = next_line(r, &l);

    if (rc <= 0)
        return rc;
    kj_doc_reset(doc);
    if (set_line_id(r, doc, r->line) != KJ_OK ||
        kj_doc_append_input(doc, l.p, l.len, 0) != KJ_OK)
        return KJ_ENOMEM;
    check_decoding(r, doc, r->line, (long long)l.offset, "");
    return 1;
}

/* --input jsonl: each line is an object with "text" and optional "id". */
static int
next_jsonl(kj_reader *r, kj_doc *doc)
{
    kj_line l;
    char err[160];
    int rc = next_line(r, &l), jr;
    kj_json_doc *jd = &r->jd;

    if (rc <= 0)
        return rc;
    kj_doc_reset(doc);
    if (set_line_id(r, doc, r->line) != KJ_OK)
        return KJ_ENOMEM;
    jr = kj_json_read_doc(l.p, l.len, jd, err, sizeof err);
    if (jr == -2)
        return KJ_ENOMEM;
    if (jd->has_id && kj_doc_set_id(doc, jd->id.data, jd->id.len) != KJ_OK)
        return KJ_ENOMEM;
    if (jr == 0 && !jd->has_text) {
        snprintf(err, sizeof err, "no string \"text\" in the object");
        jr = -1;
    }
    if (jr != 0) {
        if (l.len == 0)
            snprintf(err, sizeof err, "empty line, not a JSON object");
        kj_doc_set_error(doc, err);
        report(r, KJ_DIAG_ERROR, r->line, (long long)l.offset, doc->id, err);
        return 1;
    }
    if (kj_doc_append_input(doc, jd->text.data ? jd->text.data : "",
                            jd->text.len, 0) != KJ_OK)
        return KJ_ENOMEM;
    kj_buf_append(&doc->extra_json, jd->extra.data ? jd->extra.data : "",
                  jd->extra.len);
    if (doc->extra_json.failed)
        return KJ_ENOMEM;
    doc->replacements += jd->lone_surrogates[0];
    if (jd->lone_surrogates[0] &&
        (doc->first_invalid < 0 ||
         (size_t)doc->first_invalid > jd->lone_surrogates[1]))
        doc->first_invalid = (long long)jd->lone_surrogates[1];
    check_decoding(r, doc, r->line, 0, " of \"text\"");
    return 1;
}

/* ---- CoNLL and CoNLL-U ------------------------------------------------ */

static int
is_blank(const kj_line *l)
{
    size_t i;

    for (i = 0; i < l->len; i++)
        if (l->p[i] != ' ' && l->p[i] != '\t' && l->p[i] != '\r')
            return 0;
    return 1;
}

/* Column `k` (0-based) of a line: TAB-separated when the line has a TAB
 * (always for CoNLL-U), else separated by runs of spaces. */
static int
column(const kj_line *l, int tabs, size_t k, const char **p, size_t *n)
{
    size_t i = 0, c = 0;

    if (!tabs)
        while (i < l->len && l->p[i] == ' ')
            i++;
    for (;;) {
        size_t s = i;
        while (i < l->len && l->p[i] != '\t' && (tabs || l->p[i] != ' '))
            i++;
        if (c == k) {
            *p = l->p + s;
            *n = i - s;
            return 1;
        }
        if (i >= l->len)
            return 0;
        c++;
        i++;
        if (!tabs)
            while (i < l->len && l->p[i] == ' ')
                i++;
    }
}

static size_t
count_columns(const kj_line *l, int tabs)
{
    const char *p;
    size_t n, k = 0;

    while (column(l, tabs, k, &p, &n))
        k++;
    return k;
}

static int
starts_with(const kj_line *l, const char *s)
{
    size_t n = strlen(s);
    return l->len >= n && memcmp(l->p, s, n) == 0;
}

/* The value of a "# key = value" comment, if `l` is one. */
static int
comment_value(const kj_line *l, const char *key, const char **v, size_t *n)
{
    size_t klen = strlen(key), i;

    if (!starts_with(l, "#"))
        return 0;
    i = 1;
    while (i < l->len && l->p[i] == ' ')
        i++;
    if (l->len - i < klen || memcmp(l->p + i, key, klen) != 0)
        return 0;
    i += klen;
    if (i < l->len && l->p[i] != ' ' && l->p[i] != '=')
        return 0;
    while (i < l->len && l->p[i] == ' ')
        i++;
    if (i < l->len && l->p[i] == '=') {
        i++;
        while (i < l->len && l->p[i] == ' ')
            i++;
    }
    *v = l->p + i;
    *n = l->len - i;
    while (*n && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t'))
        (*n)--;
    return 1;
}

/* Is the open sentence non-empty? */
static int
sentence_open(const kj_doc *doc)
{
    size_t done = doc->num_sentences
                      ? doc->sentences[doc->num_sentences - 1].end : 0;
    return doc->num_tokens > done;
}

/* Add one token (and, with keep-columns, its line) to the document. The
 * text joins tokens with a space (none after CoNLL-U SpaceAfter=No) and
 * sentences with a newline. */
static int
add_token(kj_reader *r, kj_doc *doc, const kj_line *l, const char *tok,
          size_t tlen, int tabs)
{
    size_t start;

    if (doc->num_tokens > 0) {
        if (!sentence_open(doc))
            kj_buf_putc(&doc->text, '\n');
        else if (r->space_after)
            kj_buf_putc(&doc->text, ' ');
    }
    start = doc->text.len;
    if (kj_doc_append_input(doc, tok, tlen, start) != KJ_OK ||
        kj_doc_push_token(doc, start, doc->text.len) != KJ_OK)
        return KJ_ENOMEM;
    if (r->o.keep_columns) {
        size_t cstart = doc->cols.len;
        kj_colspan *cs;
        if (doc->num_tokens == 1) {
            doc->num_cols = count_columns(l, tabs);
            doc->col_tabs = tabs;
        } else if (count_columns(l, tabs) != doc->num_cols && !r->ragged_told) {
            /* kept columns that do not line up: said once per document */
            char msg[128];
            snprintf(msg, sizeof msg, "ragged columns: %zu here, %zu on the "
                     "document's first token line", count_columns(l, tabs),
                     doc->num_cols);
            report(r, KJ_DIAG_WARNING, r->line, -1, NULL, msg);
            r->ragged_told = 1;
        }
        kj_buf_append(&doc->cols, l->p, l->len);
        if (doc->cols.failed ||
            kj_grow((void **)&doc->colspans, &doc->cap_colspans,
                    doc->num_colspans + 1, sizeof *doc->colspans) != KJ_OK)
            return KJ_ENOMEM;
        cs = &doc->colspans[doc->num_colspans++];
        cs->start = cstart;
        cs->end = doc->cols.len;
    }
    return doc->text.failed ? KJ_ENOMEM : KJ_OK;
}

/* Close the open sentence, if any. */
static int
end_sentence(kj_reader *r, kj_doc *doc)
{
    size_t done = doc->num_sentences
                      ? doc->sentences[doc->num_sentences - 1].end : 0;

    kj_buf_reset(&r->sent_id);
    r->space_after = 1;
    r->mwt_end = 0;
    if (doc->num_tokens == done)
        return KJ_OK;
    return kj_doc_push_sentence(doc, done, doc->num_tokens);
}

/* A document marker: "-DOCSTART-" in the first column (CoNLL) or a
 * "# newdoc" comment (CoNLL-U, whose "id = X" goes to *id). */
static int
is_marker(const kj_line *l, int conllu, const char **id, size_t *idlen)
{
    const char *v;
    size_t n;

    *idlen = 0;
    if (conllu) {
        if (!comment_value(l, "newdoc", &v, &n))
            return 0;
        (void)comment_value(l, "newdoc id", id, idlen);
        return 1;
    }
    if (!column(l, memchr(l->p, '\t', l->len) != NULL, 0, &v, &n))
        return 0;
    return n == 10 && memcmp(v, "-DOCSTART-", 10) == 0;
}

/* CoNLL-U: does the MISC column say SpaceAfter=No? */
static int
no_space_after(const kj_line *l)
{
    const char *m;
    size_t n, i = 0;

    if (!column(l, 1, 9, &m, &n))
        return 0;
    while (i < n) {
        size_t s = i;
        while (i < n && m[i] != '|')
            i++;
        if (i - s == 13 && memcmp(m + s, "SpaceAfter=No", 13) == 0)
            return 1;
        i++;
    }
    return 0;
}

/* Parse a CoNLL-U ID: "7" (a word: *lo = *hi = 7), "3-4" (a multiword
 * token's range) or "5.1" (an empty node: returns 0). */
static int
conllu_id(const char *p, size_t n, unsigned long *lo, unsigned long *hi)
{
    size_t i = 0;

    *lo = *hi = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        *lo = *lo * 10 + (unsigned long)(p[i++] - '0');
    if (i == 0 || *lo > 100000000UL)
        return 0;
    *hi = *lo;
    if (i == n)
        return 1;
    if (p[i] != '-')
        return 0;
    *hi = 0;
    for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
        *hi = *hi * 10 + (unsigned long)(p[i] - '0');
    return i == n && *hi >= *lo && *hi < 100000000UL;
}

/* The token of a line: CoNLL's first column; CoNLL-U's FORM of a word line.
 * Returns 0 for lines that are not tokens: CoNLL-U ranges "1-2" (whose
 * extent is noted, so the words inside join without spaces) and empty nodes
 * "1.1". */
static int
line_token(kj_reader *r, const kj_line *l, int conllu, int *tabs,
           const char **tok, size_t *tlen)
{
    unsigned long lo, hi;

    *tabs = conllu || memchr(l->p, '\t', l->len) != NULL;
    if (!column(l, *tabs, 0, tok, tlen))
        *tlen = 0;
    if (!conllu)
        return 1;
    if (!conllu_id(*tok, *tlen, &lo, &hi))
        return 0;
    if (hi > lo) {
        r->mwt_end = hi;
        r->mwt_space_after = !no_space_after(l);
        return 0;
    }
    r->word_id = lo;
    if (!column(l, 1, 1, tok, tlen))
        *tlen = 0;
    return 1;
}

/* CoNLL-U: is there a space after the word just added? Inside a multiword
 * token none; at its last word, what the range line said. */
static int
conllu_space_after(kj_reader *r, const kj_line *l)
{
    if (r->mwt_end && r->word_id < r->mwt_end)
        return 0;
    if (r->mwt_end && r->word_id == r->mwt_end) {
        r->mwt_end = 0;
        return r->mwt_space_after;
    }
    r->mwt_end = 0;
    return !no_space_after(l);
}

/* --input conll / conllu. With doc-unit file a document ends at a
 * -DOCSTART- / # newdoc line or at the end of the input; with doc-unit
 * sentence, after each sentence (markers then only end sentences). */
static int
next_conll(kj_reader *r, kj_doc *doc)
{
    int conllu = r->o.format == KJ_INPUT_CONLLU;
    int by_sentence = r->o.doc_unit == KJ_DOC_UNIT_SENTENCE;
    int marked = r->next_doc_line > 0, by_marker = 0, given = 0, rc;
    long first_line = r->next_doc_line;
    kj_line l;

    kj_doc_reset(doc);
    doc->pretokenized = 1;
    r->next_doc_line = 0;
    r->ragged_told = 0;
    if (r->next_doc_id.len > 0) {
        if (kj_doc_set_id(doc, r->next_doc_id.data, r->next_doc_id.len) != KJ_OK)
            return KJ_ENOMEM;
        kj_buf_reset(&r->next_doc_id);
        given = 1;
    }
    while ((rc = next_line(r, &l)) > 0) {
        const char *tok, *idv;
        size_t tlen, idn;
        int tabs;

        if (is_blank(&l)) {
            if ((rc = end_sentence(r, doc)) != KJ_OK)
                return rc;
            if (by_sentence && doc->num_tokens > 0)
                break;
            continue;
        }
        if (is_marker(&l, conllu, &idv, &idn)) {
            if ((rc = end_sentence(r, doc)) != KJ_OK)
                return rc;
            if (by_sentence) {
                if (doc->num_tokens > 0)
                    break;
                continue;
            }
            if (doc->num_tokens > 0 || marked) {
                /* This marker opens the next document. */
                r->next_doc_line = r->line;
                kj_buf_append(&r->next_doc_id, idv, idn);
                by_marker = 1;
                break;
            }
            marked = 1;
            first_line = r->line;
            if (idn > 0) {
                if (kj_doc_set_id(doc, idv, idn) != KJ_OK)
                    return KJ_ENOMEM;
                given = 1;
            }
            continue;
        }
        if (conllu && l.p[0] == '#') {
            const char *v;
            size_t n;
            if (comment_value(&l, "sent_id", &v, &n)) {
                kj_buf_reset(&r->sent_id);
                kj_buf_append(&r->sent_id, v, n);
            }
            continue;
        }
        if (!line_token(r, &l, conllu, &tabs, &tok, &tlen))
            continue;
        if (doc->num_tokens == 0) {
            if (first_line == 0 || by_sentence)
                first_line = r->line;
            if (by_sentence && r->sent_id.len > 0 && !given) {
                if (kj_doc_set_id(doc, r->sent_id.data, r->sent_id.len) != KJ_OK)
                    return KJ_ENOMEM;
                given = 1;
            }
        }
        if ((rc = add_token(r, doc, &l, tok, tlen, tabs)) != KJ_OK)
            return rc;
        r->space_after = conllu ? conllu_space_after(r, &l) : 1;
    }
    if (rc < 0)
        return rc;
    if ((rc = end_sentence(r, doc)) != KJ_OK)
        return rc;
    if (doc->num_tokens == 0 && !marked)
        return 0;
    if (!given) {
        /* The whole file is this one document: no marker ended it and none
         * came before it but (maybe) the one that opened it. */
        if (!by_sentence && !by_marker && r->ndocs == 0)
            rc = kj_doc_set_id(doc, r->name, strlen(r->name));
        else
            rc = set_line_id(r, doc, first_line);
        if (rc != KJ_OK)
            return rc;
    }
    check_decoding(r, doc, first_line, 0, " of the tokens");
    r->ndocs++;
    return 1;
}

/* ---- the reader object ------------------------------------------------- */

static ptrdiff_t
read_mem(void *user, void *buf, size_t len)
{
    kj_reader *r = user;
    size_t n = r->mem_len - r->mem_pos;

    if (n > len)
        n = len;
    memcpy(buf, r->mem + r->mem_pos, n);
    r->mem_pos += n;
    return (ptrdiff_t)n;
}

static ptrdiff_t
read_fd(void *user, void *buf, size_t len)
{
    kj_reader *r = user;
    ptrdiff_t got;

    do
        got = read(r->fd, buf, len);
    while (got < 0 && errno == EINTR);
    return got;
}

KJ_API kj_reader *
kj_reader_new(const kj_reader_options *opts, kj_read_fn fn, void *user,
              const char *name, int *out_err)
{
    kj_reader *r;

    if (out_err)
        *out_err = KJ_OK;
    if (fn == NULL || opts == NULL || opts->format > KJ_INPUT_CONLLU ||
        opts->doc_unit > KJ_DOC_UNIT_SENTENCE) {
        if (out_err)
            *out_err = KJ_EINVAL;
        return NULL;
    }
    r = kj_calloc(1, sizeof *r);
    if (r == NULL)
        goto fail;
    r->o = *opts;
    r->fn = fn;
    r->user = user;
    r->space_after = 1;
    kj_buf_init(&r->in);
    kj_buf_init(&r->next_doc_id);
    kj_buf_init(&r->sent_id);
    kj_json_doc_init(&r->jd);
    r->name = kj_strndup(name ? name : "-", strlen(name ? name : "-"));
    if (r->name == NULL)
        goto fail_reader_created;
    return r;

fail_reader_created:
    kj_free(r);
fail:
    if (out_err)
        *out_err = KJ_ENOMEM;
    return NULL;
}

KJ_API kj_reader *
kj_reader_new_fd(const kj_reader_options *opts, int fd, const char *name,
                 int *out_err)
{
    kj_reader *r = kj_reader_new(opts, read_fd, NULL, name, out_err);

    if (r) {
        r->user = r;
        r->fd = fd;
    }
    return r;
}

KJ_API kj_reader *
kj_reader_new_mem(const kj_reader_options *opts, const void *data, size_t len,
                  const char *name, int *out_err)
{
    kj_reader *r = kj_reader_new(opts, read_mem, NULL, name, out_err);

    if (r) {
        r->user = r;
        r->mem = data;
        r->mem_len = len;
    }
    return r;
}

KJ_API void
kj_reader_free(kj_reader *r)
{
    if (r == NULL)
        return;
    kj_buf_free(&r->in);
    kj_buf_free(&r->next_doc_id);
    kj_buf_free(&r->sent_id);
    kj_json_doc_free(&r->jd);
    kj_free(r->name);
    kj_free(r);
}

KJ_API int
kj_reader_next(kj_reader *r, kj_doc *doc)
{
    switch (r->o.format) {
    case KJ_INPUT_TEXT: return next_text(r, doc);
    case KJ_INPUT_LINES: return next_lines(r, doc);
    case KJ_INPUT_JSONL: return next_jsonl(r, doc);
    default: return next_conll(r, doc);
    }
}
