/* SPDX-License-Identifier: MIT */
/* fuzz_text.c - fuzz target: the bytes as one text document
 *
 * Reads the bytes with a KJ_INPUT_TEXT reader over memory and tags them
 * with a tagger without lexicons (tokenizer, sentence splitter, keys), then
 * checks what must always hold (fuzz_check.h): valid UTF-8 text equal to
 * the input where the input was valid, tokens inside the text, increasing,
 * non-overlapping, non-empty, sentences covering them in order, a key per
 * token, input offsets that do not decrease. The differential: the same
 * bytes through kj_doc_set_text() and a tagger with KJ_TOKENIZER_ICU must
 * give the same text, tokens and sentences.
 *
 * libFuzzer: `make fuzz` (clang, ASan, UBSan). Without libFuzzer, replay.c
 * gives it a main() that `make check` runs over tests/fuzz/seeds/text and
 * tests/fuzz/regressions/text.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kj_tagger *fast, *icu;
static kj_doc *dfast, *dicu;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fast)
        return 0;
    fast = kj_tagger_new(NULL);
    icu = kj_tagger_new(NULL);
    dfast = kj_doc_new();
    dicu = kj_doc_new();
    if (fast == NULL || icu == NULL || dfast == NULL || dicu == NULL)
        fuzz_fail("cannot create the taggers and documents");
    kj_tagger_set_tokenizer(icu, KJ_TOKENIZER_ICU);
    return 0;
}

/* The input offsets of the token boundaries never decrease and stay inside
 * the input; where the input is valid UTF-8 (after a byte-order mark) the
 * text is the input itself. */
static void
check_input_offsets(const uint8_t *data, size_t size)
{
    size_t len, nt, i, last = 0, bom;
    const char *text = kj_doc_text(dfast, &len);
    const kj_token *tk = kj_doc_tokens(dfast, &nt);

    bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (i = 0; i < nt; i++) {
        size_t a = kj_doc_input_offset(dfast, tk[i].start);
        size_t b = kj_doc_input_offset(dfast, tk[i].end);
        if (a < last || b < a || b > size)
            fuzz_fail("token %zu [%zu, %zu) maps to input [%zu, %zu) after "
                      "%zu (input %zu bytes)", i, tk[i].start, tk[i].end, a,
                      b, last, size);
        last = b;
    }
    if (kj_doc_input_offset(dfast, len) != size)
        fuzz_fail("the end of the text maps to input byte %zu of %zu",
                  kj_doc_input_offset(dfast, len), size);
    if (fuzz_utf8_valid(data + bom, size - bom)) {
        if (len != size - bom || memcmp(text, data + bom, len) != 0)
            fuzz_fail("valid UTF-8 input (%zu bytes) decoded to other text "
                      "(%zu bytes)", size - bom, len);
        if (kj_doc_replacements(dfast) != 0)
            fuzz_fail("valid UTF-8 input counted %zu replacements",
                      kj_doc_replacements(dfast));
    } else if (kj_doc_replacements(dfast) == 0)
        fuzz_fail("invalid UTF-8 input counted no replacement");
}

static void
differential(void)
{
    size_t lf, li, nf, ni, k;
    const char *tf = kj_doc_text(dfast, &lf), *ti = kj_doc_text(dicu, &li);
    const kj_token *kf, *ki;
    const kj_sentence *sf, *si;

    if (lf != li || memcmp(tf, ti, lf) != 0)
        fuzz_fail("the reader and kj_doc_set_text() decode the input to "
                  "different text (%zu and %zu bytes)", lf, li);
    kf = kj_doc_tokens(dfast, &nf);
    ki = kj_doc_tokens(dicu, &ni);
    for (k = 0; k < nf && k < ni; k++)
        if (kf[k].start != ki[k].start || kf[k].end != ki[k].end)
            break;
    if (k < nf || k < ni)
        fuzz_fail("fast path and ICU differ at token %zu: fast [%zu, %zu) "
                  "\"%.*s\", icu [%zu, %zu) \"%.*s\" (%zu and %zu tokens)", k,
                  k < nf ? kf[k].start : 0, k < nf ? kf[k].end : 0,
                  k < nf ? (int)(kf[k].end - kf[k].start) : 0,
                  k < nf ? tf + kf[k].start : "",
                  k < ni ? ki[k].start : 0, k < ni ? ki[k].end : 0,
                  k < ni ? (int)(ki[k].end - ki[k].start) : 0,
                  k < ni ? tf + ki[k].start : "", nf, ni);
    sf = kj_doc_sentences(dfast, &nf);
    si = kj_doc_sentences(dicu, &ni);
    for (k = 0; k < nf && k < ni; k++)
        if (sf[k].first != si[k].first || sf[k].end != si[k].end)
            break;
    if (k < nf || k < ni)
        fuzz_fail("fast path and ICU differ at sentence %zu: fast tokens "
                  "[%zu, %zu), icu [%zu, %zu) (%zu and %zu sentences)", k,
                  k < nf ? sf[k].first : 0, k < nf ? sf[k].end : 0,
                  k < ni ? si[k].first : 0, k < ni ? si[k].end : 0, nf, ni);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kj_reader_options o;
    kj_reader *r;
    int rc, err;

    LLVMFuzzerInitialize(NULL, NULL);
    kj_reader_options_init(&o);
    o.format = KJ_INPUT_TEXT;
    o.diag = fuzz_diag;
    r = kj_reader_new_mem(&o, data, size, "fuzz", &err);
    if (r == NULL)
        fuzz_fail("kj_reader_new_mem: %s", kj_strerror(err));
    if ((rc = kj_reader_next(r, dfast)) != 1)
        fuzz_fail("the text reader returned %d, not one document", rc);
    if ((rc = kj_reader_next(r, dfast)) != 0)
        fuzz_fail("the text reader returned %d after its document", rc);
    kj_reader_free(r);
    if (kj_doc_error(dfast))
        fuzz_fail("the text document has an error: %s", kj_doc_error(dfast));
    if ((rc = kj_tag(fast, dfast)) != KJ_OK)
        fuzz_fail("kj_tag: %s", kj_strerror(rc));
    if (kj_doc_error(dfast))
        fuzz_fail("the tagged document has an error: %s", kj_doc_error(dfast));
    fuzz_check_doc(dfast, FUZZ_TAGGED);
    check_input_offsets(data, size);

    if ((rc = kj_doc_set_text(dicu, "fuzz", (const char *)data, size)) != KJ_OK ||
        (rc = kj_tag(icu, dicu)) != KJ_OK)
        fuzz_fail("ICU tagging: %s", kj_strerror(rc));
    fuzz_check_doc(dicu, FUZZ_TAGGED);
    differential();
    return 0;
}
