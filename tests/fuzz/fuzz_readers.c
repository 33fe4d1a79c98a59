/* SPDX-License-Identifier: MIT */
/* fuzz_readers.c - fuzz target: the document readers and the writers
 *
 * The first byte chooses the input and output options, the rest is the
 * input, read with kj_reader_new_mem() to its end:
 *   bits 0-1  input format: JSONL, CoNLL, CoNLL-U, lines
 *   bit  2    CoNLL and CoNLL-U: one document per sentence
 *   bit  3    CoNLL and CoNLL-U: keep the input columns
 *   bit  4    strict UTF-8 (invalid UTF-8 makes the document an error)
 *   bits 5-6  CoNLL tag scheme (IOB2, IOB1, BIOES, IO); JSONL offsets
 *             (code points, UTF-16, bytes, code points)
 *   bit  7    CoNLL extra columns (offsets, entity, kind, source)
 * Every document is formatted as JSONL, which must be valid UTF-8 and parse
 * back to the document (or its error); documents without an error are
 * tagged with a tagger without lexicons first, must hold fuzz_check.h's
 * invariants, and are formatted as CoNLL too.
 *
 * libFuzzer: `make fuzz` (clang, ASan, UBSan). Without libFuzzer, replay.c
 * gives it a main() that `make check` runs over tests/fuzz/seeds/readers
 * and tests/fuzz/regressions/readers.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kj_tagger *tagger;
static kj_doc *doc;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (tagger)
        return 0;
    tagger = kj_tagger_new(NULL);
    doc = kj_doc_new();
    if (tagger == NULL || doc == NULL)
        fuzz_fail("cannot create the tagger and document");
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const kj_input_format formats[] = {KJ_INPUT_JSONL, KJ_INPUT_CONLL,
                                              KJ_INPUT_CONLLU, KJ_INPUT_LINES};
    static const kj_offset_unit units[] = {KJ_OFFSETS_CODEPOINT,
                                           KJ_OFFSETS_UTF16, KJ_OFFSETS_BYTE,
                                           KJ_OFFSETS_CODEPOINT};
    kj_reader_options ro;
    kj_writer_options co;
    kj_reader *r;
    unsigned sel;
    int conll, rc, err;
    size_t ndocs = 0;

    if (size < 1)
        return 0;
    LLVMFuzzerInitialize(NULL, NULL);
    sel = data[0];
    kj_reader_options_init(&ro);
    ro.format = formats[sel & 3];
    conll = ro.format == KJ_INPUT_CONLL || ro.format == KJ_INPUT_CONLLU;
    if (conll) {
        ro.doc_unit = sel & 4 ? KJ_DOC_UNIT_SENTENCE : KJ_DOC_UNIT_FILE;
        ro.keep_columns = (sel & 8) != 0;
    }
    ro.strict = (sel & 16) != 0;
    ro.diag = fuzz_diag;
    r = kj_reader_new_mem(&ro, data + 1, size - 1, "fuzz", &err);
    if (r == NULL)
        fuzz_fail("kj_reader_new_mem: %s", kj_strerror(err));

    kj_writer_options_init(&co);
    co.format = KJ_FORMAT_CONLL;
    co.scheme = (kj_scheme)((sel >> 5) & 3);
    co.keep_columns = ro.keep_columns;
    if (sel & 128) {
        co.columns[0] = KJ_COLUMN_OFFSETS;
        co.columns[1] = KJ_COLUMN_ENTITY;
        co.columns[2] = KJ_COLUMN_KIND;
        co.columns[3] = KJ_COLUMN_SOURCE;
        co.columns[4] = KJ_COLUMN_END;
    }

    while ((rc = kj_reader_next(r, doc)) == 1) {
        if (++ndocs > size + 1)
            fuzz_fail("more documents (%zu) than input bytes (%zu)", ndocs,
                      size - 1);
        if (kj_doc_error(doc) == NULL) {
            if ((rc = kj_tag(tagger, doc)) != KJ_OK)
                fuzz_fail("kj_tag: %s", kj_strerror(rc));
        }
        if (kj_doc_error(doc) == NULL) {
            fuzz_check_doc(doc, FUZZ_TAGGED | (conll ? FUZZ_EMPTY_TOKENS : 0));
            /* input columns are written back as they came */
            fuzz_check_format(&co, doc, !co.keep_columns);
        } else if (kj_doc_error(doc)[0] == '\0')
            fuzz_fail("a document has an empty error");
        fuzz_check_jsonl(doc, units[(sel >> 5) & 3]);
    }
    if (rc != 0)
        fuzz_fail("kj_reader_next returned %d", rc);
    kj_reader_free(r);
    return 0;
}
