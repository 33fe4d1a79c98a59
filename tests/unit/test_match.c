/* SPDX-License-Identifier: MIT */
/* test_match.c - the gazetteer matcher: longest match, priorities, images,
 * stop entries, case policies, diacritics, boundaries */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kijang.h"
#include "render.h"
#include "doc.h"
#include "lexicon.h"
#include "match.h"

#define MAX_IMAGES 4

/* When set, tag_with() tags without the images' edge filters (as a big
 * image would be). */
static int without_edge_filters;

/* Tag `text` with images compiled from the sources (NULL-terminated) and
 * return its entities as "[surface]LABEL" joined by spaces. */
static const char *
tag_with(const char *const *sources, const char *text)
{
    static char out[2048];
    kj_lexicon *lx[MAX_IMAGES];
    void *img[MAX_IMAGES];
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    uint64_t *edge_filter[MAX_IMAGES];
    size_t i, k;

    for (k = 0; sources[k]; k++) {
        kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
        size_t size;
        char name[16];
        snprintf(name, sizeof name, "img%zu", k);
        assert_int_equal(kj_compiler_add_source(c, name, sources[k],
                                                strlen(sources[k])), 0);
        assert_int_equal(kj_compiler_build(c, &img[k], &size), KJ_OK);
        kj_compiler_free(c);
        lx[k] = kj_lexicon_open_mem(img[k], size, name, NULL, NULL, NULL);
        assert_non_null(lx[k]);
        assert_int_equal(kj_tagger_add_lexicon(t, lx[k]), KJ_OK);
        edge_filter[k] = lx[k]->edge_filter;
        if (without_edge_filters)
            lx[k]->edge_filter = NULL;
    }
    render(t, doc, text, out, sizeof out);
    kj_doc_free(doc);
    kj_tagger_free(t);
    for (i = 0; i < k; i++) {
        lx[i]->edge_filter = edge_filter[i];
        kj_lexicon_free(lx[i]);
        kj_free(img[i]);
    }
    return out;
}

#define TAG1(src, text) tag_with((const char *const[]){src, NULL}, text)

static void
longest_match_wins(void **state)
{
    (void)state;
    assert_string_equal(TAG1("Jawa\tLOC\nJawa Barat\tLOC\nBarat Daya\tLOC\n",
                             "Dari Jawa Barat Daya ke Jawa."),
                        "[Jawa Barat]LOC [Jawa]LOC");
    assert_string_equal(TAG1("Bank\tORG\nBank Dunia\tORG\nDunia\tLOC\n",
                             "Bank Dunia dan Dunia"),
                        "[Bank Dunia]ORG [Dunia]LOC");
}

/* A word that is no entry alone but starts longer ones is matched where
 * they go on (also from a second image, or after a case the entry alone
 * does not accept), and nowhere else: not before other words, not at the
 * end of the text, not across a sentence end. */
static void
first_words_in(void)
{
    assert_string_equal(TAG1("Kota Baru\tLOC\nBaru\tPER\n",
                             "Kota Baru. Kota lama. Baru Kota. Kota. Baru Kota"),
                        "[Kota Baru]LOC [Baru]PER [Baru]PER");
    assert_string_equal(tag_with((const char *const[]){"Jakarta\tLOC\n",
                                                       "Kota Baru\tLOC\n", NULL},
                                 "Jakarta Kota Baru Kota Jakarta"),
                        "[Jakarta]LOC [Kota Baru]LOC [Jakarta]LOC");
    assert_string_equal(TAG1("KOTA\tORG\tcase=exact\nKota Baru\tLOC\n",
                             "Kota Baru, Kota, KOTA"),
                        "[Kota Baru]LOC [KOTA]ORG");
    /* before a word the image holds that does not go on from it */
    assert_string_equal(TAG1("Kota Baru\tLOC\nLama\tPER\nBaru\tPER\n",
                             "Kota Lama, Kota Baru Lama"),
                        "[Lama]PER [Kota Baru]LOC [Lama]PER");
}

/* (With the images' edge filters, which tell most first words that go on
 * from those that do not, and without them, as for a big image.) */
static void
first_words_of_longer_entries(void **state)
{
    (void)state;
    first_words_in();
    without_edge_filters = 1;
    first_words_in();
    without_edge_filters = 0;
}

static void
priorities_and_images(void **state)
{
    const char *a = "Wolfsburg\tLOC\nPersib\tORG\n";
    const char *b = "Wolfsburg\tORG\n";
    const char *c = "Wolfsburg\tPER\tprio=-1\n";

    (void)state;
    /* at equal length and prio the later image wins */
    assert_string_equal(tag_with((const char *const[]){a, b, NULL}, "Wolfsburg"),
                        "[Wolfsburg]ORG");
    assert_string_equal(tag_with((const char *const[]){b, a, NULL}, "Wolfsburg"),
                        "[Wolfsburg]LOC");
    /* prio beats image order */
    assert_string_equal(tag_with((const char *const[]){a, c, NULL}, "Wolfsburg"),
                        "[Wolfsburg]LOC");
    assert_string_equal(TAG1("Wolfsburg\tLOC\nWolfsburg\tORG\tprio=2\n", "Wolfsburg"),
                        "[Wolfsburg]ORG");
    /* in one image at equal prio the entry that sorts first (by label) */
    assert_string_equal(TAG1("Wolfsburg\tORG\nWolfsburg\tLOC\n", "Wolfsburg"),
                        "[Wolfsburg]LOC");
}

static void
stop_entries(void **state)
{
    const char *def = "Bunga\tPER\nJaya\tPER\nBunga Citra Lestari\tPER\n";
    const char *mine = "Bunga\tO\n";

    (void)state;
    assert_string_equal(tag_with((const char *const[]){def, mine, NULL},
                                 "Bunga dan Jaya; Bunga Citra Lestari"),
                        "[Jaya]PER [Bunga Citra Lestari]PER");
}

static void
case_policies(void **state)
{
    const char *src = "METI\tORG\nJakarta\tLOC\nDKI Jakarta\tLOC\niPhone\tORG\n"
                      "kopi\tORG\nAbc\tPER\tcase=exact\nXyz\tPER\tcase=fold\n";

    (void)state;
    /* an acronym: only its own case */
    assert_string_equal(TAG1(src, "METI Meti meti"), "[METI]ORG");
    /* Title Case: Title Case or ALL CAPS, not lower case */
    assert_string_equal(TAG1(src, "Jakarta JAKARTA jakarta JaKarta"),
                        "[Jakarta]LOC [JAKARTA]LOC");
    /* mixed case: its own case or ALL CAPS */
    assert_string_equal(TAG1(src, "DKI Jakarta, Dki Jakarta, DKI JAKARTA"),
                        "[DKI Jakarta]LOC [Jakarta]LOC [DKI JAKARTA]LOC");
    assert_string_equal(TAG1(src, "iPhone IPhone IPHONE"), "[iPhone]ORG [IPHONE]ORG");
    /* lower case: any case */
    assert_string_equal(TAG1(src, "kopi Kopi KOPI"), "[kopi]ORG [Kopi]ORG [KOPI]ORG");
    /* exact and fold */
    assert_string_equal(TAG1(src, "Abc ABC abc"), "[Abc]PER");
    assert_string_equal(TAG1(src, "Xyz XYZ xyz xYZ"),
                        "[Xyz]PER [XYZ]PER [xyz]PER [xYZ]PER");
    /* scripts without case match as written */
    assert_string_equal(TAG1("\xE7\xB5\x8C\xE6\xB8\x88\xE7\x94\xA3\xE6\xA5\xAD\xE7\x9C\x81\tORG\n",
                             "Ia ke \xE7\xB5\x8C\xE6\xB8\x88\xE7\x94\xA3\xE6\xA5\xAD\xE7\x9C\x81."),
                        "[\xE7\xB5\x8C\xE6\xB8\x88\xE7\x94\xA3\xE6\xA5\xAD\xE7\x9C\x81]ORG");
}

static void
diacritics_and_width(void **state)
{
    (void)state;
    /* "Kōichi Hagiuda" matches "Koichi Hagiuda" and back */
    assert_string_equal(TAG1("Koichi Hagiuda\tPER\n", "Menteri K\xC5\x8Dichi Hagiuda"),
                        "[K\xC5\x8Dichi Hagiuda]PER");
    assert_string_equal(TAG1("K\xC5\x8Dichi Hagiuda\tPER\n", "Menteri Koichi Hagiuda"),
                        "[Koichi Hagiuda]PER");
    /* full-width METI */
    assert_string_equal(TAG1("METI\tORG\n", "\xEF\xBC\xAD\xEF\xBC\xA5\xEF\xBC\xB4\xEF\xBC\xA9 Jepang"),
                        "[\xEF\xBC\xAD\xEF\xBC\xA5\xEF\xBC\xB4\xEF\xBC\xA9]ORG");
    /* typographic apostrophe */
    assert_string_equal(TAG1("Ma'ruf Amin\tPER\n", "Wapres Ma\xE2\x80\x99ruf Amin"),
                        "[Ma\xE2\x80\x99ruf Amin]PER");
}

static void
old_spelling(void **state)
{
    (void)state;
    assert_string_equal(TAG1("Suharto\tPER\tspelling=old\nJakarta\tLOC\n",
                             "Soeharto, Suharto, Djakarta"),
                        "[Soeharto]PER [Suharto]PER");
    assert_string_equal(TAG1("@default\tLOC\tspelling=old\nJakarta\nCikini\n",
                             "Djakarta dan Tjikini"),
                        "[Djakarta]LOC [Tjikini]LOC");
}

static void
boundaries(void **state)
{
    const char *src = "Jawa Barat\tLOC\nJawa\tLOC\nBarat\tLOC\nBandung\tLOC\n";

    (void)state;
    /* adjacent entities, at the start and the end of the document */
    assert_string_equal(TAG1(src, "Bandung Jawa Barat Bandung"),
                        "[Bandung]LOC [Jawa Barat]LOC [Bandung]LOC");
    /* no match across a sentence boundary */
    assert_string_equal(TAG1(src, "Ia lahir di Jawa.\n\nBarat laut."),
                        "[Jawa]LOC [Barat]LOC");
    assert_string_equal(TAG1(src, "Ke Jawa. Barat lagi."), "[Jawa]LOC [Barat]LOC");
    /* an empty document, no lexicon */
    assert_string_equal(TAG1(src, ""), "");
    assert_string_equal(tag_with((const char *const[]){NULL}, "Jawa Barat"), "");
}

static void
ambiguous_entries_need_support(void **state)
{
    const char *src = "Bunga\tPER\tambiguous=1\nBunga Citra Lestari\tPER\n"
                      "Batu\tLOC\tambiguous=1\tspelling=old\n";

    (void)state;
    /* not when they open the sentence; yes mid-sentence, capitalised */
    assert_string_equal(TAG1(src, "Batu itu besar. Ia tinggal di Batu."), "[Batu]LOC");
    /* ALL CAPS supports it: a dateline */
    assert_string_equal(TAG1(src, "BATU - Warga berkumpul."), "[BATU]LOC");
    assert_string_equal(TAG1(src, "Bunga mekar. Kata Bunga, bunga itu indah."),
                        "[Bunga]PER");
    /* the full name is not ambiguous */
    assert_string_equal(TAG1(src, "Bunga Citra Lestari bernyanyi."),
                        "[Bunga Citra Lestari]PER");
}

/* A word's candidates alone are the same wherever it occurs (they are
 * worked out once per distinct text of a document), but whether an
 * ambiguous one counts is decided per occurrence; images keep their order. */
static void
repeated_words(void **state)
{
    static const char *const a = "Bunga\tPER\tambiguous=1\nMawar\tPER\n";
    static const char *const b = "Mawar\tORG\nMawar Merah\tORG\n";

    (void)state;
    assert_string_equal(TAG1(a, "Bunga mekar. Kata Bunga, Bunga datang. Bunga pergi. "
                                "BUNGA - Warga berkumpul."),
                        "[Bunga]PER [Bunga]PER [BUNGA]PER");
    assert_string_equal(tag_with((const char *const[]){a, b, NULL},
                                 "Mawar datang. Kata Mawar, Mawar Merah dan Mawar."),
                        "[Mawar]ORG [Mawar]ORG [Mawar Merah]ORG [Mawar]ORG");
    assert_string_equal(tag_with((const char *const[]){b, a, NULL},
                                 "Mawar datang. Kata mawar, Mawar Merah dan Mawar."),
                        "[Mawar]PER [Mawar Merah]ORG [Mawar]PER");
    /* a stop entry, wherever it occurs */
    assert_string_equal(tag_with((const char *const[]){a, "Bunga\tO\n", NULL},
                                 "Bunga mekar. Kata Bunga, Mawar dan Bunga. Bunga."),
                        "[Mawar]PER");
}

/* What a word alone comes to is worked out at its first occurrence in a
 * document and copied at the others (opening a sentence or not): each
 * occurrence gets the whole entity, its provenance and alternatives. */
static void
repeated_words_keep_provenance(void **state)
{
    const char *src = "Wolfsburg\tLOC\tid=Q28121\tkind=city\n"
                      "Wolfsburg\tORG\tid=Q101859\tkind=club\tprio=1\n";
    const char *text = "Wolfsburg menang. Di Wolfsburg, Wolfsburg kalah. Wolfsburg.";
    kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    kj_lexicon *lx;
    const kj_entity *e;
    void *img;
    size_t size, n, k;

    (void)state;
    assert_int_equal(kj_compiler_add_source(c, "clubs.tsv", src, strlen(src)), 0);
    assert_int_equal(kj_compiler_build(c, &img, &size), KJ_OK);
    lx = kj_lexicon_open_mem(img, size, "clubs", NULL, NULL, NULL);
    assert_int_equal(kj_tagger_add_lexicon(t, lx), KJ_OK);
    assert_int_equal(kj_doc_set_text(doc, "d", text, strlen(text)), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    e = kj_doc_entities(doc, &n);
    assert_int_equal(n, 4);
    for (k = 0; k < n; k++) {
        assert_int_equal(e[k].last, e[k].first + 1);
        assert_int_equal(e[k].end - e[k].start, 9);
        assert_memory_equal(text + e[k].start, "Wolfsburg", 9);
        assert_string_equal(e[k].label, "ORG");
        assert_string_equal(e[k].source, "clubs.tsv:2");
        assert_string_equal(e[k].id, "Q101859");
        assert_string_equal(e[k].kind, "club");
        assert_int_equal(e[k].num_alts, 1);
        assert_string_equal(e[k].alts[0].label, "LOC");
        assert_string_equal(e[k].alts[0].source, "clubs.tsv:1");
        assert_null(e[k].beat);
    }
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(lx);
    kj_free(img);
    kj_compiler_free(c);
}

/* At most 64 candidates start at a token, those of the word alone first:
 * a word with 70 entries of its own keeps a longer entry out, one with 60
 * does not. */
static void
many_candidates_alone(void **state)
{
    char src[2048];
    size_t len = 0, k;

    (void)state;
    for (k = 0; k < 70; k++)
        len += (size_t)snprintf(src + len, sizeof src - len, "Kota\tL%02zu\n", k);
    snprintf(src + len, sizeof src - len, "Kota Baru\tLOC\n");
    assert_string_equal(TAG1(src, "Di Kota Baru, Kota."), "[Kota]L00 [Kota]L00");
    len = 0;
    for (k = 0; k < 60; k++)
        len += (size_t)snprintf(src + len, sizeof src - len, "Kota\tL%02zu\n", k);
    snprintf(src + len, sizeof src - len, "Kota Baru\tLOC\n");
    assert_string_equal(TAG1(src, "Di Kota Baru, Kota."), "[Kota Baru]LOC [Kota]L00");
}

static void
provenance_and_alternatives(void **state)
{
    const char *src = "Wolfsburg\tLOC\tid=Q28121\tkind=city\n"
                      "Wolfsburg\tORG\tid=Q101859\tkind=club\tprio=1\n";
    kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    kj_lexicon *lx;
    const kj_entity *e;
    void *img;
    size_t size, n;

    (void)state;
    assert_int_equal(kj_compiler_add_source(c, "clubs.tsv", src, strlen(src)), 0);
    assert_int_equal(kj_compiler_build(c, &img, &size), KJ_OK);
    lx = kj_lexicon_open_mem(img, size, "clubs", NULL, NULL, NULL);
    assert_int_equal(kj_tagger_add_lexicon(t, lx), KJ_OK);
    assert_int_equal(kj_doc_set_text(doc, "d", "Di Wolfsburg.", 13), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    e = kj_doc_entities(doc, &n);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].label, "ORG");
    assert_string_equal(e[0].source, "clubs.tsv:2");
    assert_string_equal(e[0].id, "Q101859");
    assert_string_equal(e[0].kind, "club");
    assert_int_equal(e[0].num_alts, 1);
    assert_string_equal(e[0].alts[0].label, "LOC");
    assert_string_equal(e[0].alts[0].source, "clubs.tsv:1");
    assert_string_equal(e[0].alts[0].id, "Q28121");
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(lx);
    kj_free(img);
    kj_compiler_free(c);
}

/* Entities of `text` tagged with the default lexicons, rendered like
 * tag_with(). */
static const char *
tag_default(kj_tagger *t, kj_doc *doc, const char *text)
{
    static char out[2048];

    render(t, doc, text, out, sizeof out);
    return out;
}

/* A case file of sentences the default lexicons (with the rules, or not)
 * must tag as given (groups: the sentence, then its entities as
 * [text]LABEL). */
static void
run_case_file(const char *name, int with_rules)
{
    const char *lexpath = getenv("KIJANG_DEFAULT_LEXICON");
    const char *rulespath = getenv("KIJANG_RULES_LEXICON");
    kj_lexicon *rx = NULL;
    const char *src = getenv("KIJANG_SRCDIR");
    char path[4096], line[4096], input[4096];
    kj_lexicon *lx;
    kj_tagger *t;
    kj_doc *doc;
    FILE *f;
    int have_input = 0, lineno = 0, input_line = 0, failures = 0, cases = 0;

    if (lexpath == NULL || src == NULL || (with_rules && rulespath == NULL))
        skip();
    lx = kj_lexicon_open(lexpath, NULL, NULL, NULL);
    assert_non_null(lx);
    t = kj_tagger_new(NULL);
    doc = kj_doc_new();
    assert_int_equal(kj_tagger_add_lexicon(t, lx), KJ_OK);
    if (with_rules) {
        rx = kj_lexicon_open(rulespath, NULL, NULL, NULL);
        assert_non_null(rx);
        assert_int_equal(kj_tagger_set_rules(t, rx, NULL), KJ_OK);
    }
    snprintf(path, sizeof path, "%s/tests/cases/%s", src, name);
    f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#') {
            have_input = 0;
            continue;
        }
        if (!have_input) {
            snprintf(input, sizeof input, "%s", line);
            have_input = 1;
            input_line = lineno;
            continue;
        }
        cases++;
        {
            const char *got = tag_default(t, doc, input);
            if (strcmp(got, line) != 0) {
                fprintf(stderr, "tests/cases/%s:%d: %s\n  expected %s\n"
                                "  got      %s\n", name, input_line, input, line, got);
                failures++;
            }
        }
        have_input = 0;
    }
    fclose(f);
    fprintf(stderr, "%s: %d cases, %d failed\n", name, cases, failures);
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(lx);
    kj_lexicon_free(rx);
    assert_true(cases > 0);
    assert_int_equal(failures, 0);
}

/* Tag `text` twice with t, whose rules lexicon is compiled from `src` for
 * the while (then freed, so that the next may take its address); the
 * entities as render() gives them, which both times must be the same. */
static void
render_with_rules(kj_tagger *t, kj_doc *doc, const char *src, const char *text,
                  char *out, size_t cap)
{
    kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
    char again[256];
    kj_lexicon *rx;
    size_t size;
    void *img;

    assert_int_equal(kj_compiler_add_source(c, "rules", src, strlen(src)), 0);
    assert_int_equal(kj_compiler_build(c, &img, &size), KJ_OK);
    kj_compiler_free(c);
    rx = kj_lexicon_open_mem(img, size, "rules", NULL, NULL, NULL);
    assert_non_null(rx);
    assert_int_equal(kj_tagger_set_rules(t, rx, NULL), KJ_OK);
    render(t, doc, text, out, cap);
    render(t, doc, text, again, sizeof again);   /* from what it kept */
    assert_string_equal(again, out);
    assert_int_equal(kj_tagger_set_rules(t, NULL, NULL), KJ_OK);
    kj_lexicon_free(rx);
    kj_free(img);
}

/* The rule layer keeps what it learnt of a rules lexicon's entries from
 * document to document (labels, surface shapes): a tagger whose rules
 * lexicon is replaced, even by one at the same address, follows the new. */
static void
rules_lexicon_replaced(void **state)
{
    static const char *const text = "Kemarin Juragan Budi Santoso datang.";
    static const char *const title = "Juragan\tTITLE\tkind=address\n";
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    char out[256];

    (void)state;
    render_with_rules(t, doc, title, text, out, sizeof out);
    assert_string_equal(out, "[Budi Santoso]PER");
    /* the same word now blocks: no name after it */
    render_with_rules(t, doc, "Juragan Budi\tBLOCK\n", text, out, sizeof out);
    assert_string_equal(out, "");
    render_with_rules(t, doc, title, text, out, sizeof out);
    assert_string_equal(out, "[Budi Santoso]PER");
    kj_doc_free(doc);
    kj_tagger_free(t);
}

/* The case shape of a surface and of a text: words start after spaces,
 * hyphens and dots, not after apostrophes or digits; letters beyond ASCII
 * have case too. */
static void
case_shapes_of_words(void **state)
{
    const char *src = "Jean-Pierre\tPER\nO'Neil\tPER\nK2b\tORG\n"
                      "\xC3\x84rzte Ohne Grenzen\tORG\nSt.Louis\tLOC\n";

    (void)state;
    assert_string_equal(TAG1(src, "Jean-Pierre jean-pierre Jean-pierre JEAN-PIERRE"),
                        "[Jean-Pierre]PER [JEAN-PIERRE]PER");
    assert_string_equal(TAG1(src, "O'Neil O'neil O'NEIL o'neil"),
                        "[O'Neil]PER [O'NEIL]PER");
    assert_string_equal(TAG1(src, "K2b K2B k2b K2-b"), "[K2b]ORG [K2B]ORG");
    assert_string_equal(TAG1(src, "\xC3\xA4rzte Ohne Grenzen, \xC3\x84rzte Ohne Grenzen, "
                                  "\xC3\x84RZTE OHNE GRENZEN"),
                        "[\xC3\x84rzte Ohne Grenzen]ORG [\xC3\x84RZTE OHNE GRENZEN]ORG");
    assert_string_equal(TAG1(src, "St.Louis St.louis ST.LOUIS"),
                        "[St.Louis]LOC [ST.LOUIS]LOC");
}

/* Case shapes of short ASCII words are read eight letters at a time where
 * the text goes on far enough (a word inside the text), letter by letter
 * elsewhere (a word that ends the text): both give the same. */
static void
case_shapes_in_words_and_at_the_end(void **state)
{
    static const char *const src =
        "Jakarta\tLOC\nMETI\tORG\niPhone\tORG\nkopi\tORG\nAbc\tPER\tcase=exact\n"
        "Perbendaharaan\tORG\nKesejahteraanrakyat\tORG\nKementerian Perindustrian\tORG\n";
    static const struct {
        const char *text, *label;   /* label NULL: not accepted */
    } cases[] = {
        {"Jakarta", "LOC"}, {"JAKARTA", "LOC"}, {"jakarta", NULL}, {"JaKarta", NULL},
        {"jAKARTA", NULL}, {"METI", "ORG"}, {"Meti", NULL}, {"meti", NULL},
        {"iPhone", "ORG"}, {"IPHONE", "ORG"}, {"Iphone", NULL}, {"iphone", NULL},
        {"kopi", "ORG"}, {"Kopi", "ORG"}, {"KOPI", "ORG"}, {"kOPI", "ORG"},
        {"Abc", "PER"}, {"ABC", NULL}, {"abc", NULL},
        {"Perbendaharaan", "ORG"}, {"PERBENDAHARAAN", "ORG"},
        {"perbendaharaan", NULL}, {"PerbendaharaaN", NULL}, {"PerbendAharaan", NULL},
        {"PERBENDAHARAAn", NULL}, {"perbendaharaaN", NULL},
        {"Kesejahteraanrakyat", "ORG"}, {"KesejahteraanRakyat", NULL},
        {"Kementerian Perindustrian", "ORG"}, {"KEMENTERIAN PERINDUSTRIAN", "ORG"},
        {"Kementerian perindustrian", NULL},
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[128], want[128];
        if (cases[k].label)
            snprintf(want, sizeof want, "[%s]%s", cases[k].text, cases[k].label);
        else
            want[0] = '\0';
        snprintf(text, sizeof text, "%s dan lain-lain sebagainya.", cases[k].text);
        assert_string_equal(TAG1(src, text), want);
        snprintf(text, sizeof text, "Ke %s", cases[k].text);
        assert_string_equal(TAG1(src, text), want);
    }
}

/* An image of `src`, open (its bytes in *img, for kj_free()). */
static kj_lexicon *
image_of(const char *src, void **img)
{
    kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
    kj_lexicon *lx;
    size_t size;

    assert_int_equal(kj_compiler_add_source(c, "img", src, strlen(src)), 0);
    assert_int_equal(kj_compiler_build(c, img, &size), KJ_OK);
    kj_compiler_free(c);
    lx = kj_lexicon_open_mem(*img, size, "img", NULL, NULL, NULL);
    assert_non_null(lx);
    return lx;
}

/* A tagger that gets another image between documents decides case with
 * the surfaces of the images it has then (what it kept of each entry's
 * surface is by image). */
static void
images_added_between_documents(void **state)
{
    void *ia, *ib;
    kj_lexicon *a = image_of("Jakarta\tLOC\n", &ia), *b = image_of("jakarta\tORG\n", &ib);
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    char out[256];

    (void)state;
    assert_int_equal(kj_tagger_add_lexicon(t, a), KJ_OK);
    render(t, doc, "Jakarta jakarta JAKARTA", out, sizeof out);
    assert_string_equal(out, "[Jakarta]LOC [JAKARTA]LOC");
    assert_int_equal(kj_tagger_add_lexicon(t, b), KJ_OK);
    render(t, doc, "Jakarta jakarta JAKARTA", out, sizeof out);
    assert_string_equal(out, "[Jakarta]ORG [jakarta]ORG [JAKARTA]ORG");
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(a);
    kj_lexicon_free(b);
    kj_free(ia);
    kj_free(ib);
}

/* An image of `n` generated names ("Kota Nama<k>" and "Nama<k>"), open. */
static kj_lexicon *
names_image(size_t n, void **img)
{
    kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
    char *src = malloc(n * 48 + 1);
    size_t len = 0, k, size;
    kj_lexicon *lx;

    assert_non_null(src);
    for (k = 0; k < n; k++)
        len += (size_t)sprintf(src + len, "Kota Nama%zu\tLOC\nNama%zu\tPER\n", k, k);
    assert_int_equal(kj_compiler_add_source(c, "names", src, len), 0);
    assert_int_equal(kj_compiler_build(c, img, &size), KJ_OK);
    kj_compiler_free(c);
    free(src);
    lx = kj_lexicon_open_mem(*img, size, "names", NULL, NULL, NULL);
    assert_non_null(lx);
    return lx;
}

/* The strings of 400 entries of an image of `names` names are right in
 * every document, the entries met in another order in the next document:
 * "Nama<k>" is line 2k + 2 of the source. */
static void
check_many_entries(size_t names)
{
    void *img;
    kj_lexicon *lx = names_image(names, &img);
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    char *text = malloc(400 * 16), want[32];
    size_t round, k, len, n, i;
    const kj_entity *e;

    assert_non_null(text);
    assert_int_equal(kj_tagger_add_lexicon(t, lx), KJ_OK);
    for (round = 0; round < 3; round++) {
        len = 0;
        for (k = 0; k < 400; k++)   /* 0, 1, ... then 399, 398, ... */
            len += (size_t)sprintf(text + len, "dan Nama%zu ", round == 1 ? 399 - k : k);
        assert_int_equal(kj_doc_set_text(doc, "d", text, len), KJ_OK);
        assert_int_equal(kj_tag(t, doc), KJ_OK);
        e = kj_doc_entities(doc, &n);
        assert_int_equal(n, 400);
        for (i = 0; i < n; i++) {
            k = round == 1 ? 399 - i : i;
            snprintf(want, sizeof want, "names:%zu", 2 * k + 2);
            assert_string_equal(e[i].label, "PER");
            assert_string_equal(e[i].source, want);
            assert_null(e[i].id);
        }
    }
    free(text);
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(lx);
    kj_free(img);
}

/* ... with the memos found by entry (a small image: 800 entries) and by
 * the hash table (more than its 256 first slots hold, in an image of
 * 66,000 entries, past KJ_MEMO_DIRECT). */
static void
many_entries_keep_their_strings(void **state)
{
    (void)state;
    check_many_entries(400);
    check_many_entries(33000);
}

/* Check that the child of every node by every key id is the one a scan
 * of the node's edges finds; returns how many children there are. */
static uint32_t
check_children(const kj_lexicon *lx)
{
    uint32_t node, id, found = 0;

    for (node = 0; node <= lx->nnodes; node++)
        for (id = 0; id <= lx->nkeys; id++) {
            uint32_t want = 0, e, lo, hi;
            if (node < lx->nnodes) {
                lo = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)node * 8);
                hi = kj_get32(lx->sec[KJ_SEC_NODE] + (size_t)(node + 1) * 8);
                for (e = lo; e < hi; e++)
                    if (kj_get32(lx->sec[KJ_SEC_EDGE] + (size_t)e * 8) == id)
                        want = kj_get32(lx->sec[KJ_SEC_EDGE] + (size_t)e * 8 + 4);
            }
            assert_int_equal(kj_lex_child(lx, node, id), want);
            found += want != 0;
        }
    return found;
}

/* The child of every node by every key id is the one a scan of the
 * node's edges finds (a node with hundreds of children, nodes with
 * none, ids out of range), with the image's edge filter and without one
 * (a big image's). */
static void
children_are_the_edges(void **state)
{
    void *img;
    kj_lexicon *lx = names_image(300, &img);
    uint64_t *edge_filter = lx->edge_filter;

    (void)state;
    assert_non_null(edge_filter);
    assert_int_equal(check_children(lx), 300);   /* "kota" -> "nama<k>" */
    lx->edge_filter = NULL;
    assert_int_equal(check_children(lx), 300);
    lx->edge_filter = edge_filter;
    kj_lexicon_free(lx);
    kj_free(img);
}

/* Check kj_match_resolve_keys() against one kj_lex_find_key() per key
 * class, with stride 2 (the slots between must stay as they were). */
static void
check_resolved(const kj_lexicon *lx, const kj_doc *doc)
{
    size_t c, n = doc->num_text_cls, found = 0;
    uint32_t *ids = malloc(2 * n * sizeof *ids);

    assert_non_null(ids);
    for (c = 0; c < 2 * n; c++)
        ids[c] = 12345;
    kj_match_resolve_keys(lx, doc, ids, 2);
    for (c = 0; c < n; c++) {
        const char *key = doc->keys.data + doc->cls_off[c];
        uint32_t id, want = KJ_KEY_NONE;
        if (kj_lex_find_key(lx, key, doc->cls_off[c + 1] - doc->cls_off[c], &id) == 0)
            want = id;
        assert_int_equal(ids[2 * c], want);
        assert_int_equal(ids[2 * c + 1], 12345);
        found += want != KJ_KEY_NONE;
    }
    assert_true(found > 300);          /* both kinds of class were met */
    assert_true(n - found > 300);
    free(ids);
}

/* The key ids resolved per key class (a filter first, then a lookup for
 * the few that pass, over more classes than one chunk) are the ones a
 * lookup per class finds, with the image's filter and without one. */
static void
resolved_keys_are_lookups(void **state)
{
    void *img;
    kj_lexicon *lx = names_image(400, &img);
    kj_tagger *t = kj_tagger_new(NULL);
    kj_doc *doc = kj_doc_new();
    char *text = malloc(400 * 64);
    size_t len = 0, k;
    uint64_t *filter;

    (void)state;
    assert_non_null(text);
    for (k = 0; k < 400; k++)   /* names, case variants, words not held */
        len += (size_t)sprintf(text + len, "%s%zu kata%zu NAMA%zu Lain%zu. ",
                               k % 2 ? "Nama" : "nama", k, k, k, k);
    assert_int_equal(kj_tagger_add_lexicon(t, lx), KJ_OK);
    assert_int_equal(kj_doc_set_text(doc, "d", text, len), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    assert_true(doc->num_text_cls > 1000);
    assert_non_null(lx->filter);
    check_resolved(lx, doc);
    filter = lx->filter;    /* an image without a filter (a big one) */
    lx->filter = NULL;
    check_resolved(lx, doc);
    lx->filter = filter;
    kj_doc_free(doc);
    kj_tagger_free(t);
    kj_lexicon_free(lx);
    kj_free(img);
    free(text);
}

static void
must_tag(void **state)
{
    (void)state;
    run_case_file("must-tag.cases", 0);
}

static void
rules_cases(void **state)
{
    (void)state;
    run_case_file("rules.cases", 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(longest_match_wins),
        cmocka_unit_test(first_words_of_longer_entries),
        cmocka_unit_test(priorities_and_images),
        cmocka_unit_test(stop_entries),
        cmocka_unit_test(case_policies),
        cmocka_unit_test(case_shapes_of_words),
        cmocka_unit_test(case_shapes_in_words_and_at_the_end),
        cmocka_unit_test(diacritics_and_width),
        cmocka_unit_test(old_spelling),
        cmocka_unit_test(boundaries),
        cmocka_unit_test(ambiguous_entries_need_support),
        cmocka_unit_test(repeated_words),
        cmocka_unit_test(repeated_words_keep_provenance),
        cmocka_unit_test(many_candidates_alone),
        cmocka_unit_test(provenance_and_alternatives),
        cmocka_unit_test(rules_lexicon_replaced),
        cmocka_unit_test(images_added_between_documents),
        cmocka_unit_test(resolved_keys_are_lookups),
        cmocka_unit_test(children_are_the_edges),
        cmocka_unit_test(many_entries_keep_their_strings),
        cmocka_unit_test(must_tag),
        cmocka_unit_test(rules_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
