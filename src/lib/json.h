/* SPDX-License-Identifier: MIT */
/* json.h - the little JSON kijang needs: read one JSONL document, escape strings */
#ifndef KJ_JSON_H
#define KJ_JSON_H

#include <stddef.h>

#include "buf.h"

/* What kj_json_read_doc() found in one JSONL line. */
typedef struct kj_json_doc {
    kj_buf text;   /* decoded "text" (UTF-8 bytes; may hold invalid UTF-8
                      that came in raw, which the caller replaces) */
    kj_buf id;     /* decoded "id" string, or a number as written */
    int has_text;
    int has_id;
    kj_buf extra;  /* other members as ",\"key\":value..." (valid UTF-8) */
    size_t lone_surrogates[2]; /* \u escapes of lone surrogates, made
                                  U+FFFD: {count, text offset of the first} */
} kj_json_doc;

void kj_json_doc_init(kj_json_doc *d);
void kj_json_doc_free(kj_json_doc *d);

/* Parse p[0..n) as one JSON object (surrounding whitespace allowed).
 * Members named like kijang's own output keys (id, text, tokens, sentences,
 * entities, error) are not copied to `extra`.
 * Returns 0 on success; otherwise -1 with a message in err[0..errlen)
 * (e.g. "not a JSON object", "invalid JSON: expected ':' at byte 17",
 * "\"text\" is not a string (byte 9)"), or -2 when memory ran out. On -1,
 * `id` still holds an "id" read before the error, so the caller can name the
 * failed document. */
int kj_json_read_doc(const char *p, size_t n, kj_json_doc *d, char *err,
                     size_t errlen);

/* A parsed JSON value. Strings are decoded (raw bytes >= 0x80 copied as
 * they came) and NUL-terminated; `len` excludes the NUL. */
typedef enum kj_json_type {
    KJ_JSON_NULL = 0,
    KJ_JSON_BOOL,      /* number is 0 or 1 */
    KJ_JSON_NUMBER,
    KJ_JSON_STRING,
    KJ_JSON_ARRAY,
    KJ_JSON_OBJECT     /* keys[i] names items[i] */
} kj_json_type;

typedef struct kj_json_value {
    kj_json_type type;
    double number;
    char *str;
    size_t len;
    struct kj_json_value *items;
    char **keys;
    size_t n, cap;
} kj_json_value;

/* Parse p[0..n) as one JSON value into `out` (free with
 * kj_json_value_free()). Returns 0; -1 with a message in err (as
 * kj_json_read_doc()); -2 when memory ran out. On failure `out` is empty. */
int kj_json_parse(const char *p, size_t n, kj_json_value *out, char *err,
                  size_t errlen);
void kj_json_value_free(kj_json_value *v);
/* The member `key` of an object (the last one if repeated), or NULL. */
const kj_json_value *kj_json_member(const kj_json_value *obj, const char *key);

/* Append s[0..n) (valid UTF-8) as a JSON string literal, quotes included. */
void kj_json_put_string(kj_buf *b, const char *s, size_t n);
/* The same without the quotes, for a string written in pieces. */
void kj_json_put_escaped(kj_buf *b, const char *s, size_t n);

#endif
