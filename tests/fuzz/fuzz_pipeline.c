/* SPDX-License-Identifier: MIT */
/* fuzz_pipeline.c - fuzz target: the whole tag pipeline on the bytes as text
 *
 * The default lexicon and the rules (default.kjlex and rules.kjlex from
 * $KIJANG_FUZZ_LEXICON_DIR, by default the build tree's lexicons/, opened
 * once in LLVMFuzzerInitialize), as `kijang tag` uses them; the bytes are
 * tagged as one text document, by a tagger without and (odd sizes) one
 * with a fallback label, checked against fuzz_check.h's invariants
 * (entities included), explained span by span as --explain does, and
 * formatted as JSONL, which must be valid UTF-8 and (inputs up to 1 KB)
 * parse back to the document.
 *
 * libFuzzer: `make fuzz` (clang, ASan, UBSan). Without libFuzzer, replay.c
 * gives it a main() that `make check` runs over tests/fuzz/seeds/pipeline
 * and tests/fuzz/regressions/pipeline.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#ifndef KJ_FUZZ_LEXICON_DIR
#define KJ_FUZZ_LEXICON_DIR "lexicons"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kj_lexicon *deflex, *rules;
static kj_tagger *plain, *fallback;
static kj_doc *doc;

static kj_lexicon *
open_lexicon(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char *path = malloc(n);
    kj_lexicon *lx;
    int rc;

    if (path == NULL)
        fuzz_fail("out of memory");
    snprintf(path, n, "%s/%s", dir, file);
    lx = kj_lexicon_open(path, fuzz_diag, NULL, &rc);
    if (lx == NULL)
        fuzz_fail("cannot open %s (%s); set KIJANG_FUZZ_LEXICON_DIR to the "
                  "directory of default.kjlex and rules.kjlex", path,
                  kj_strerror(rc));
    if ((rc = kj_lexicon_check(lx, fuzz_diag, NULL)) != KJ_OK)
        fuzz_fail("%s fails its check: %s", path, kj_strerror(rc));
    free(path);
    return lx;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("KIJANG_FUZZ_LEXICON_DIR");

    (void)argc;
    (void)argv;
    if (doc)
        return 0;
    if (dir == NULL || dir[0] == '\0')
        dir = KJ_FUZZ_LEXICON_DIR;
    deflex = open_lexicon(dir, "default.kjlex");
    rules = open_lexicon(dir, "rules.kjlex");
    plain = kj_tagger_new(NULL);
    fallback = kj_tagger_new(NULL);
    doc = kj_doc_new();
    if (plain == NULL || fallback == NULL || doc == NULL ||
        kj_tagger_add_lexicon(plain, deflex) != KJ_OK ||
        kj_tagger_set_rules(plain, rules, NULL) != KJ_OK ||
        kj_tagger_add_lexicon(fallback, deflex) != KJ_OK ||
        kj_tagger_set_rules(fallback, rules, "MISC") != KJ_OK)
        fuzz_fail("cannot set up the taggers");
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kj_tagger *t;
    const kj_entity *e;
    size_t ne, nt, i;
    int rc;

    LLVMFuzzerInitialize(NULL, NULL);
    t = size & 1 ? fallback : plain;
    if (kj_doc_set_text(doc, "fuzz", (const char *)data, size) != KJ_OK)
        fuzz_fail("kj_doc_set_text failed");
    if ((rc = kj_tag(t, doc)) != KJ_OK)
        fuzz_fail("kj_tag: %s", kj_strerror(rc));
    if (kj_doc_error(doc))
        fuzz_fail("the tagged document has an error: %s", kj_doc_error(doc));
    fuzz_check_doc(doc, FUZZ_TAGGED);

    /* --explain: every entity's span, and the token pairs around it */
    e = kj_doc_entities(doc, &ne);
    (void)kj_doc_tokens(doc, &nt);
    for (i = 0; i < ne && i < 16; i++) {
        size_t lo = e[i].first > 0 ? e[i].first - 1 : 0;
        size_t hi = e[i].last < nt ? e[i].last + 1 : nt;
        char *x = kj_tagger_explain_span(t, doc, e[i].first, e[i].last);
        if (x == NULL)
            fuzz_fail("kj_tagger_explain_span of entity %zu is NULL", i);
        if (!fuzz_utf8_valid(x, strlen(x)))
            fuzz_fail("the explanation of entity %zu is not valid UTF-8", i);
        kj_free(x);
        x = kj_tagger_explain_span(t, doc, lo, hi);
        if (x == NULL)
            fuzz_fail("kj_tagger_explain_span [%zu, %zu) is NULL", lo, hi);
        kj_free(x);
        if (e[i].beat) {
            volatile size_t n = strlen(e[i].beat);
            (void)n;
        }
    }
    /* the JSONL round trip (parse back and compare) costs as much as the
     * tagging: only for inputs up to 1 KB; larger ones just format */
    if (size <= 1024)
        fuzz_check_jsonl(doc, size & 2 ? KJ_OFFSETS_UTF16 : KJ_OFFSETS_CODEPOINT);
    else {
        kj_writer_options o;
        kj_writer_options_init(&o);
        o.format = KJ_FORMAT_JSONL;
        o.offsets = size & 2 ? KJ_OFFSETS_UTF16 : KJ_OFFSETS_CODEPOINT;
        fuzz_check_format(&o, doc, 1);
    }
    return 0;
}
