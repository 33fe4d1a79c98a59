/* SPDX-License-Identifier: MIT */
/* json.c - read one JSONL document; escape strings for output
 *
 * The reader is a strict RFC 8259 recursive-descent parser over one line. It
 * decodes only "text" and "id"; every other member is validated and copied
 * through as written (with invalid UTF-8 replaced), so scripts can carry
 * their own fields through kijang. The same parser builds a value tree
 * (kj_json_parse) for readers that need the whole object, such as eval.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "utf8.h"

#define KJ_JSON_MAX_DEPTH 256

typedef struct parser {
    const unsigned char *p;
    size_t n;
    size_t i;
    char *err;
    size_t errlen;
    int failed;
    int oom;      /* failed for want of memory */
} parser;

static int
fail(parser *ps, const char *what)
{
    if (!ps->failed) {
        if (ps->i >= ps->n)
            snprintf(ps->err, ps->errlen, "invalid JSON: %s at end of line", what);
        else
            snprintf(ps->err, ps->errlen, "invalid JSON: %s at byte %zu", what,
                     ps->i + 1);
    }
    ps->failed = 1;
    return -1;
}

/* A well-formed member of the wrong type: no "invalid JSON" prefix. */
static int
wrong_type(parser *ps, const char *what)
{
    if (!ps->failed)
        snprintf(ps->err, ps->errlen, "%s (byte %zu)", what, ps->i + 1);
    ps->failed = 1;
    return -1;
}

static void
skip_ws(parser *ps)
{
    while (ps->i < ps->n && (ps->p[ps->i] == ' ' || ps->p[ps->i] == '\t' ||
                             ps->p[ps->i] == '\n' || ps->p[ps->i] == '\r'))
        ps->i++;
}

static int
hex4(parser *ps, unsigned *out)
{
    unsigned v = 0;
    size_t k;

    if (ps->n - ps->i < 4)
        return fail(ps, "short \\u escape");
    for (k = 0; k < 4; k++) {
        unsigned char c = ps->p[ps->i + k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return fail(ps, "bad \\u escape");
    }
    ps->i += 4;
    *out = v;
    return 0;
}

static void
put_cp(kj_buf *b, unsigned cp)
{
    char u[4];
    size_t len;

    if (cp < 0x80) {
        u[0] = (char)cp;
        len = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        len = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        len = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        len = 4;
    }
    kj_buf_append(b, u, len);
}

/* Parse a string at ps->i (which is at '"'); decode into `out` when not
 * NULL. Raw bytes >= 0x80 are copied as they are. `lone`, when not NULL,
 * is {count, offset of the first}: escapes of lone surrogates, which decode
 * to U+FFFD. */
static int
parse_string(parser *ps, kj_buf *out, size_t *lone)
{
    ps->i++;
    for (;;) {
        size_t run = ps->i;
        unsigned char c;

        while (ps->i < ps->n && ps->p[ps->i] != '"' && ps->p[ps->i] != '\\' &&
               ps->p[ps->i] >= 0x20)
            ps->i++;
        if (out)
            kj_buf_append(out, ps->p + run, ps->i - run);
        if (ps->i >= ps->n)
            return fail(ps, "unterminated string");
        c = ps->p[ps->i];
        if (c == '"') {
            ps->i++;
            return 0;
        }
        if (c < 0x20)
            return fail(ps, "control character in string");
        /* backslash */
        ps->i++;
        if (ps->i >= ps->n)
            return fail(ps, "unterminated string");
        c = ps->p[ps->i++];
        switch (c) {
        case '"': case '\\': case '/':
            if (out) kj_buf_putc(out, (char)c);
            break;
        case 'b': if (out) kj_buf_putc(out, '\b'); break;
        case 'f': if (out) kj_buf_putc(out, '\f'); break;
        case 'n': if (out) kj_buf_putc(out, '\n'); break;
        case 'r': if (out) kj_buf_putc(out, '\r'); break;
        case 't': if (out) kj_buf_putc(out, '\t'); break;
        case 'u': {
            unsigned cp, lo;
            if (hex4(ps, &cp) != 0)
                return -1;
            if (cp >= 0xD800 && cp <= 0xDBFF && ps->n - ps->i >= 6 &&
                ps->p[ps->i] == '\\' && ps->p[ps->i + 1] == 'u') {
                size_t save = ps->i;
                ps->i += 2;
                if (hex4(ps, &lo) != 0)
                    return -1;
                if (lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    ps->i = save;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD;
                if (lone && (*lone)++ == 0 && out)
                    lone[1] = out->len; /* where the first one went */
            }
            if (out)
                put_cp(out, cp);
            break;
        }
        default:
            ps->i--;
            return fail(ps, "bad escape in string");
        }
    }
}

static int parse_value(parser *ps, int depth, kj_json_value *out);

static int
parse_number(parser *ps)
{
    size_t start = ps->i;

    if (ps->i < ps->n && ps->p[ps->i] == '-')
        ps->i++;
    if (ps->i < ps->n && ps->p[ps->i] == '0')
        ps->i++;
    else if (ps->i < ps->n && ps->p[ps->i] >= '1' && ps->p[ps->i] <= '9')
        while (ps->i < ps->n && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9')
            ps->i++;
    else {
        ps->i = start;
        return fail(ps, "unexpected character");
    }
    if (ps->i < ps->n && ps->p[ps->i] == '.') {
        ps->i++;
        if (ps->i >= ps->n || ps->p[ps->i] < '0' || ps->p[ps->i] > '9')
            return fail(ps, "bad number");
        while (ps->i < ps->n && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9')
            ps->i++;
    }
    if (ps->i < ps->n && (ps->p[ps->i] == 'e' || ps->p[ps->i] == 'E')) {
        ps->i++;
        if (ps->i < ps->n && (ps->p[ps->i] == '+' || ps->p[ps->i] == '-'))
            ps->i++;
        if (ps->i >= ps->n || ps->p[ps->i] < '0' || ps->p[ps->i] > '9')
            return fail(ps, "bad number");
        while (ps->i < ps->n && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9')
            ps->i++;
    }
    return 0;
}

static int
parse_literal(parser *ps, const char *word)
{
    size_t len = strlen(word);

    if (ps->n - ps->i < len || memcmp(ps->p + ps->i, word, len) != 0)
        return fail(ps, "unexpected character");
    ps->i += len;
    return 0;
}

/* Append a new null member to container `v` (key `key`, taken, or NULL);
 * the new item or NULL when memory ran out. */
static kj_json_value *
add_item(kj_json_value *v, char *key)
{
    kj_json_value *it;

    if (v->n == v->cap) {
        size_t cap = v->cap;
        void *items = v->items, *keys = v->keys;
        if (kj_grow(&items, &cap, v->n + 1, sizeof *v->items) != 0)
            return NULL;
        v->items = items;
        if (v->type == KJ_JSON_OBJECT) {
            cap = v->cap;
            if (kj_grow(&keys, &cap, v->n + 1, sizeof *v->keys) != 0)
                return NULL;
            v->keys = keys;
        }
        v->cap = cap;
    }
    it = &v->items[v->n];
    memset(it, 0, sizeof *it);
    if (v->type == KJ_JSON_OBJECT)
        v->keys[v->n] = key;
    v->n++;
    return it;
}

/* A decoded string as a new NUL-terminated copy, or NULL (out of memory). */
static char *
take_string(kj_buf *b, size_t *len)
{
    *len = b->len;
    return b->failed ? NULL : kj_strndup(b->data ? b->data : "", b->len);
}

static int
oom(parser *ps)
{
    ps->oom = 1;
    return fail(ps, "out of memory");
}

/* Parse '[' ... ']' or '{' ... '}' at ps->i, into `out` when not NULL. */
static int
parse_container(parser *ps, int depth, kj_json_value *out)
{
    unsigned char close = ps->p[ps->i] == '[' ? ']' : '}';
    kj_buf key;
    int rc = -1;

    if (depth >= KJ_JSON_MAX_DEPTH)
        return fail(ps, "nesting too deep");
    if (out)
        out->type = close == ']' ? KJ_JSON_ARRAY : KJ_JSON_OBJECT;
    ps->i++;
    skip_ws(ps);
    if (ps->i < ps->n && ps->p[ps->i] == close) {
        ps->i++;
        return 0;
    }
    kj_buf_init(&key);
    for (;;) {
        kj_json_value *item = NULL;
        char *k = NULL;
        size_t klen;

        skip_ws(ps);
        if (close == '}') {
            if (ps->i >= ps->n || ps->p[ps->i] != '"') {
                fail(ps, "expected a string key");
                break;
            }
            kj_buf_reset(&key);
            if (parse_string(ps, out ? &key : NULL, NULL) != 0)
                break;
            if (out && (k = take_string(&key, &klen)) == NULL) {
                oom(ps);
                break;
            }
            skip_ws(ps);
            if (ps->i >= ps->n || ps->p[ps->i] != ':') {
                kj_free(k);
                fail(ps, "expected ':'");
                break;
            }
            ps->i++;
        }
        if (out && (item = add_item(out, k)) == NULL) {
            kj_free(k);
            oom(ps);
            break;
        }
        if (parse_value(ps, depth + 1, item) != 0)
            break;
        skip_ws(ps);
        if (ps->i < ps->n && ps->p[ps->i] == ',') {
            ps->i++;
            continue;
        }
        if (ps->i < ps->n && ps->p[ps->i] == close) {
            ps->i++;
            rc = 0;
            break;
        }
        fail(ps, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        break;
    }
    kj_buf_free(&key);
    return rc;
}

static int
parse_value(parser *ps, int depth, kj_json_value *out)
{
    size_t start;

    skip_ws(ps);
    if (ps->i >= ps->n)
        return fail(ps, "expected a value");
    start = ps->i;
    switch (ps->p[ps->i]) {
    case '"': {
        kj_buf b;
        int rc;
        if (out == NULL)
            return parse_string(ps, NULL, NULL);
        kj_buf_init(&b);
        rc = parse_string(ps, &b, NULL);
        out->type = KJ_JSON_STRING;
        if (rc == 0 && (out->str = take_string(&b, &out->len)) == NULL)
            rc = oom(ps);
        kj_buf_free(&b);
        return rc;
    }
    case '{': case '[': return parse_container(ps, depth, out);
    case 't':
        if (out) { out->type = KJ_JSON_BOOL; out->number = 1; }
        return parse_literal(ps, "true");
    case 'f':
        if (out) out->type = KJ_JSON_BOOL;
        return parse_literal(ps, "false");
    case 'n':
        return parse_literal(ps, "null");
    default:
        if (parse_number(ps) != 0)
            return -1;
        if (out) {
            char num[64];
            size_t len = ps->i - start;
            if (len >= sizeof num)
                len = sizeof num - 1; /* digits beyond double precision */
            memcpy(num, ps->p + start, len);
            num[len] = '\0';
            out->type = KJ_JSON_NUMBER;
            out->number = strtod(num, NULL);
        }
        return 0;
    }
}

int
kj_json_parse(const char *p, size_t n, kj_json_value *out, char *err,
              size_t errlen)
{
    parser ps = {(const unsigned char *)p, n, 0, err, errlen, 0, 0};
    int rc;

    memset(out, 0, sizeof *out);
    rc = parse_value(&ps, 0, out);
    if (rc == 0) {
        skip_ws(&ps);
        if (ps.i < n)
            rc = fail(&ps, "trailing characters after the value");
    }
    if (rc != 0) {
        kj_json_value_free(out);
        return ps.oom ? -2 : -1;
    }
    return 0;
}

void
kj_json_value_free(kj_json_value *v)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < v->n; i++) {
        kj_json_value_free(&v->items[i]);
        if (v->keys)
            kj_free(v->keys[i]);
    }
    kj_free(v->items);
    kj_free(v->keys);
    kj_free(v->str);
    memset(v, 0, sizeof *v);
}

const kj_json_value *
kj_json_member(const kj_json_value *obj, const char *key)
{
    size_t i;

    if (obj == NULL || obj->type != KJ_JSON_OBJECT)
        return NULL;
    for (i = obj->n; i-- > 0;) /* the last of duplicate keys wins */
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

void
kj_json_doc_init(kj_json_doc *d)
{
    kj_buf_init(&d->text);
    kj_buf_init(&d->id);
    kj_buf_init(&d->extra);
    d->has_text = d->has_id = 0;
    d->lone_surrogates[0] = d->lone_surrogates[1] = 0;
}

void
kj_json_doc_free(kj_json_doc *d)
{
    kj_buf_free(&d->text);
    kj_buf_free(&d->id);
    kj_buf_free(&d->extra);
}

static int
is_own_key(const char *k, size_t n)
{
    static const char *const own[] = {"id", "text", "tokens", "sentences",
                                      "entities", "error"};
    size_t i;

    for (i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strlen(own[i]) == n && memcmp(own[i], k, n) == 0)
            return 1;
    return 0;
}

/* Copy raw JSON to `b`, replacing invalid UTF-8 by U+FFFD (inside strings,
 * the only place JSON allows non-ASCII). */
static void
append_sanitized(kj_buf *b, const char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t v = kj_utf8_valid_prefix(p + i, n - i);
        kj_buf_append(b, p + i, v);
        i += v;
        if (i < n) {
            kj_buf_append(b, "\xEF\xBF\xBD", 3);
            i += kj_utf8_invalid_length(p + i, n - i);
        }
    }
}

static int
read_member(parser *ps, kj_json_doc *d, kj_buf *key)
{
    size_t kstart = ps->i, vstart;

    kj_buf_reset(key);
    if (ps->i >= ps->n || ps->p[ps->i] != '"')
        return fail(ps, "expected a string key");
    if (parse_string(ps, key, NULL) != 0)
        return -1;
    skip_ws(ps);
    if (ps->i >= ps->n || ps->p[ps->i] != ':')
        return fail(ps, "expected ':'");
    ps->i++;
    skip_ws(ps);
    vstart = ps->i;
    if (key->len == 4 && memcmp(key->data, "text", 4) == 0) {
        if (ps->i >= ps->n || ps->p[ps->i] != '"') {
            if (parse_value(ps, 1, NULL) != 0)
                return -1;
            ps->i = vstart;
            return wrong_type(ps, "\"text\" is not a string");
        }
        kj_buf_reset(&d->text);
        d->lone_surrogates[0] = d->lone_surrogates[1] = 0;
        d->has_text = 1;
        return parse_string(ps, &d->text, d->lone_surrogates);
    }
    if (key->len == 2 && memcmp(key->data, "id", 2) == 0) {
        kj_buf_reset(&d->id);
        d->has_id = 0;
        if (ps->i < ps->n && ps->p[ps->i] == '"') {
            if (parse_string(ps, &d->id, NULL) != 0)
                return -1;
            d->has_id = 1;
            /* An id is a name: keep it valid UTF-8. */
            if (kj_utf8_valid_prefix(d->id.data, d->id.len) != d->id.len) {
                kj_buf tmp = d->id;
                kj_buf_init(&d->id);
                append_sanitized(&d->id, tmp.data, tmp.len);
                kj_buf_free(&tmp);
            }
            return 0;
        }
        if (parse_value(ps, 1, NULL) != 0)
            return -1;
        if (ps->p[vstart] == '-' || (ps->p[vstart] >= '0' && ps->p[vstart] <= '9')) {
            d->has_id = 1;
            kj_buf_append(&d->id, ps->p + vstart, ps->i - vstart);
            return 0;
        }
        if (ps->p[vstart] == 'n')
            return 0; /* "id": null is no id */
        ps->i = vstart;
        return wrong_type(ps, "\"id\" is not a string or a number");
    }
    if (parse_value(ps, 1, NULL) != 0)
        return -1;
    if (!is_own_key(key->data, key->len)) {
        kj_buf_putc(&d->extra, ',');
        append_sanitized(&d->extra, (const char *)ps->p + kstart, ps->i - kstart);
    }
    return 0;
}

int
kj_json_read_doc(const char *p, size_t n, kj_json_doc *d, char *err,
                 size_t errlen)
{
    parser ps = {(const unsigned char *)p, n, 0, err, errlen, 0, 0};
    kj_buf key;
    int rc = 0;

    kj_buf_reset(&d->text);
    kj_buf_reset(&d->id);
    kj_buf_reset(&d->extra);
    d->has_text = d->has_id = 0;
    d->lone_surrogates[0] = d->lone_surrogates[1] = 0;
    kj_buf_init(&key);
    skip_ws(&ps);
    if (ps.i >= n || ps.p[ps.i] != '{') {
        snprintf(err, errlen, "not a JSON object");
        return -1;
    }
    ps.i++;
    skip_ws(&ps);
    if (ps.i < n && ps.p[ps.i] == '}')
        ps.i++;
    else {
        for (;;) {
            skip_ws(&ps);
            if (read_member(&ps, d, &key) != 0) {
                rc = -1;
                break;
            }
            skip_ws(&ps);
            if (ps.i < n && ps.p[ps.i] == ',') {
                ps.i++;
                continue;
            }
            if (ps.i < n && ps.p[ps.i] == '}') {
                ps.i++;
                break;
            }
            rc = fail(&ps, "expected ',' or '}'");
            break;
        }
    }
    if (rc == 0) {
        skip_ws(&ps);
        if (ps.i < n)
            rc = fail(&ps, "trailing characters after the object");
    }
    kj_buf_free(&key);
    if (d->text.failed || d->id.failed || d->extra.failed || key.failed)
        return -2;
    return rc;
}

void
kj_json_put_escaped(kj_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue;
        kj_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': kj_buf_append(b, "\\\"", 2); break;
        case '\\': kj_buf_append(b, "\\\\", 2); break;
        case '\n': kj_buf_append(b, "\\n", 2); break;
        case '\r': kj_buf_append(b, "\\r", 2); break;
        case '\t': kj_buf_append(b, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            kj_buf_append(b, u, 6);
        }
        }
    }
    kj_buf_append(b, s + run, n - run);
}

void
kj_json_put_string(kj_buf *b, const char *s, size_t n)
{
    kj_buf_putc(b, '"');
    kj_json_put_escaped(b, s, n);
    kj_buf_putc(b, '"');
}
