/* SPDX-License-Identifier: MIT */
/* fuzz_lexsrc.c - fuzz target: the bytes as lexicon source (TSV)
 *
 * Compiles the bytes with kj_compiler_add_source() and kj_compiler_build().
 * The build must succeed exactly when the source had no errors, and any
 * image the compiler produced must open (kj_lexicon_open_mem), pass the
 * full check (kj_lexicon_check), give every entry (kj_lexicon_get_entry),
 * and tag: the source bytes themselves, as text, are tagged with it (so
 * its surfaces are there to match) and the result must hold fuzz_check.h's
 * invariants.
 *
 * libFuzzer: `make fuzz` (clang, ASan, UBSan). Without libFuzzer, replay.c
 * gives it a main() that `make check` runs over tests/fuzz/seeds/lexsrc and
 * tests/fuzz/regressions/lexsrc.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_image(const void *img, size_t len, const uint8_t *data, size_t size)
{
    kj_lexicon *lx;
    kj_tagger *t;
    kj_doc *doc;
    size_t i, n;
    int rc;

    lx = kj_lexicon_open_mem(img, len, "fuzz.kjlex", fuzz_diag, NULL, &rc);
    if (lx == NULL)
        fuzz_fail("the compiler's image (%zu bytes) does not open: %s", len,
                  kj_strerror(rc));
    if ((rc = kj_lexicon_check(lx, fuzz_diag, NULL)) != KJ_OK)
        fuzz_fail("the compiler's image (%zu bytes) fails kj_lexicon_check: "
                  "%s", len, kj_strerror(rc));
    n = kj_lexicon_num_entries(lx);
    for (i = 0; i < n; i++) {
        kj_lexicon_entry e;
        if ((rc = kj_lexicon_get_entry(lx, i, &e)) != KJ_OK)
            fuzz_fail("entry %zu of %zu: %s", i, n, kj_strerror(rc));
        if (e.surface == NULL || e.label == NULL || e.attrs == NULL ||
            e.case_policy == NULL || e.source == NULL)
            fuzz_fail("entry %zu of %zu has a NULL string", i, n);
        if (strcmp(e.source, "fuzz.tsv") != 0)
            fuzz_fail("entry %zu cites source \"%s\"", i, e.source);
        if (!fuzz_utf8_valid(e.surface, strlen(e.surface)) ||
            !fuzz_utf8_valid(e.label, strlen(e.label)) ||
            !fuzz_utf8_valid(e.attrs, strlen(e.attrs)))
            fuzz_fail("entry %zu has invalid UTF-8", i);
    }
    {
        kj_lexicon_entry e;
        if (kj_lexicon_get_entry(lx, n, &e) != KJ_ELEXICON)
            fuzz_fail("entry %zu of %zu does not fail", n, n);
    }

    t = kj_tagger_new(NULL);
    doc = kj_doc_new();
    if (t == NULL || doc == NULL || kj_tagger_add_lexicon(t, lx) != KJ_OK ||
        kj_doc_set_text(doc, "fuzz", (const char *)data, size) != KJ_OK)
        fuzz_fail("cannot set up a tagger");
    if ((rc = kj_tag(t, doc)) != KJ_OK)
        fuzz_fail("kj_tag: %s", kj_strerror(rc));
    fuzz_check_doc(doc, FUZZ_TAGGED);
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(lx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kj_compiler *c = kj_compiler_new(fuzz_diag, NULL, NULL);
    void *img = NULL;
    size_t len = 0, errors;
    int rc;

    if (c == NULL)
        fuzz_fail("kj_compiler_new failed");
    rc = kj_compiler_add_source(c, "fuzz.tsv", (const char *)data, size);
    if (rc < 0)
        fuzz_fail("kj_compiler_add_source: %s", kj_strerror(rc));
    errors = kj_compiler_errors(c);
    if ((size_t)rc != errors)
        fuzz_fail("kj_compiler_add_source returned %d, kj_compiler_errors() "
                  "says %zu", rc, errors);
    rc = kj_compiler_build(c, &img, &len);
    if (errors > 0) {
        if (rc != KJ_ELEXICON)
            fuzz_fail("the build of a source with %zu errors returned %d",
                      errors, rc);
    } else {
        if (rc != KJ_OK || img == NULL)
            fuzz_fail("the build of a source without errors failed: %s",
                      kj_strerror(rc));
        check_image(img, len, data, size);
    }
    kj_free(img);
    kj_compiler_free(c);
    return 0;
}
