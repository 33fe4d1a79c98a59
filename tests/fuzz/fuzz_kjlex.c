/* SPDX-License-Identifier: MIT */
/* fuzz_kjlex.c - fuzz target: the bytes as a compiled lexicon (.kjlex)
 *
 * Opens the bytes with kj_lexicon_open_mem() (header and section table);
 * when they open: the full check (kj_lexicon_check), every entry
 * (kj_lexicon_get_entry), key lookups and trie walks, then a fixed short
 * text tagged with the image as a lexicon and as the rules' word lists,
 * whether the full check passed or not (kijang tag does not run it), and
 * the result formatted as CoNLL and JSONL: a damaged image may give errors,
 * no match or strange strings, never a crash or a read out of bounds; an
 * image that passes the check must give entities and output that hold
 * fuzz_check.h's invariants. Replaces fuzz_lexicon.c (same job, plus the
 * tagging).
 *
 * libFuzzer: `make fuzz` (clang, ASan, UBSan). Without libFuzzer, replay.c
 * gives it a main() that `make check` runs over tests/fuzz/seeds/kjlex,
 * tests/fuzz/regressions/kjlex and the build's default.kjlex and
 * rules.kjlex.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "lexicon.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Names the default lexicon and the rules know, in the shapes they match:
 * provinces, titles and triggers, an acronym in parentheses, a quote. */
static const char text[] =
    "Gubernur Jawa Barat Ridwan Kamil bertemu Menteri Perindustrian "
    "(Menperin) Agus Gumiwang Kartasasmita di Jakarta, kata Budi Santoso. "
    "Direktur Utama PT Pertamina (Persero) Nicke Widyawati dan Presiden "
    "Joko Widodo tiba di Bandung, Jabar.\n\n\xE2\x80\x9C" "Kami siap,\xE2\x80\x9D" " ujar "
    "Kepala BNPB Suharyanto kepada Antara di Yogyakarta.";

static kj_doc *doc;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (doc == NULL && (doc = kj_doc_new()) == NULL)
        fuzz_fail("kj_doc_new failed");
    return 0;
}

/* Tag the text with `lx` as a lexicon (as_rules 0) or as the rules' word
 * lists (1; 2 with a fallback label) and format the result. An image that
 * passed the full check (`valid`) must give sane entities and output; a
 * damaged one only must not crash: its strings may be anything. */
static void
tag_with(const kj_lexicon *lx, int as_rules, int valid)
{
    kj_tagger *t = kj_tagger_new(NULL);
    kj_writer_options o;
    size_t ne, nt, i;
    const kj_entity *e;
    int rc;

    if (t == NULL)
        fuzz_fail("kj_tagger_new failed");
    if (as_rules ? kj_tagger_set_rules(t, lx, as_rules > 1 ? "MISC" : NULL)
                 : kj_tagger_add_lexicon(t, lx))
        fuzz_fail("cannot add the lexicon");
    if (kj_doc_set_text(doc, "fuzz", text, sizeof text - 1) != KJ_OK)
        fuzz_fail("kj_doc_set_text failed");
    if ((rc = kj_tag(t, doc)) != KJ_OK)
        fuzz_fail("kj_tag: %s", kj_strerror(rc));
    fuzz_check_doc(doc, FUZZ_TAGGED | (valid ? 0 : FUZZ_ANY_LABELS));
    /* read every string an entity points at (into the image) */
    e = kj_doc_entities(doc, &ne);
    for (i = 0; i < ne; i++) {
        volatile size_t n = strlen(e[i].label);
        size_t a;
        if (e[i].source)
            n += strlen(e[i].source);
        if (e[i].id)
            n += strlen(e[i].id);
        if (e[i].kind)
            n += strlen(e[i].kind);
        if (e[i].beat)
            n += strlen(e[i].beat);
        for (a = 0; a < e[i].num_alts; a++)
            n += strlen(e[i].alts[a].label) +
                 (e[i].alts[a].source ? strlen(e[i].alts[a].source) : 0) +
                 (e[i].alts[a].id ? strlen(e[i].alts[a].id) : 0) +
                 (e[i].alts[a].kind ? strlen(e[i].alts[a].kind) : 0);
        (void)n;
    }
    (void)kj_doc_tokens(doc, &nt);
    for (i = 0; i < ne && i < 4; i++) {
        char *x = kj_tagger_explain_span(t, doc, e[i].first, e[i].last);
        if (x == NULL)
            fuzz_fail("kj_tagger_explain_span returned NULL");
        kj_free(x);
    }
    if (nt >= 4) {
        char *x = kj_tagger_explain_span(t, doc, 1, 3);
        if (x == NULL)
            fuzz_fail("kj_tagger_explain_span returned NULL");
        kj_free(x);
    }
    /* the writers follow the entities' strings too */
    kj_writer_options_init(&o);
    o.columns[0] = KJ_COLUMN_ENTITY;
    o.columns[1] = KJ_COLUMN_KIND;
    o.columns[2] = KJ_COLUMN_SOURCE;
    fuzz_check_format(&o, doc, valid);
    if (valid)
        fuzz_check_jsonl(doc, KJ_OFFSETS_CODEPOINT);
    else {
        o.format = KJ_FORMAT_JSONL;
        fuzz_check_format(&o, doc, 0);
    }
    kj_tagger_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"jawa", "barat", "aceh", "", "x"};
    kj_lexicon *lx;
    size_t i, k, n;
    int valid;

    LLVMFuzzerInitialize(NULL, NULL);
    lx = kj_lexicon_open_mem(data, size, "fuzz", fuzz_diag, NULL, NULL);
    if (lx == NULL)
        return 0;
    valid = kj_lexicon_check(lx, fuzz_diag, NULL) == KJ_OK;
    (void)kj_lexicon_id(lx);
    (void)kj_lexicon_name(lx);
    n = kj_lexicon_num_entries(lx);
    for (i = 0; i < n; i++) {
        kj_lexicon_entry e;
        volatile size_t m;
        if (kj_lexicon_get_entry(lx, i, &e) != KJ_OK)
            continue;
        m = strlen(e.surface) + strlen(e.label) + strlen(e.attrs) +
            strlen(e.case_policy) + strlen(e.source);
        (void)m;
    }
    for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        uint32_t id, node, first, cnt;
        if (kj_lex_find_key(lx, keys[k], strlen(keys[k]), &id) != 0)
            continue;
        node = kj_lex_root(lx, id);
        (void)kj_lex_node_entries(lx, node, &first, &cnt);
        node = kj_lex_child(lx, node, id);
        (void)kj_lex_node_entries(lx, node, &first, &cnt);
    }
    tag_with(lx, 0, valid);
    tag_with(lx, 1 + (size & 1), valid);
    kj_lexicon_free(lx);
    return 0;
}
