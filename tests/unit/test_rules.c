/* SPDX-License-Identifier: MIT */
/* test_rules.c - the rule layer with small rules lexicons made here: how it
 * looks up rule words per text and per token */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kijang.h"
#include "normalize.h"
#include "render.h"

/* An image compiled from `src` (its bytes in *img, freed by the caller). */
static kj_lexicon *
compile(const char *name, const char *src, void **img)
{
    kj_compiler *c = kj_compiler_new(NULL, NULL, NULL);
    kj_lexicon *lx;
    size_t size;

    assert_int_equal(kj_compiler_add_source(c, name, src, strlen(src)), 0);
    assert_int_equal(kj_compiler_build(c, img, &size), KJ_OK);
    kj_compiler_free(c);
    lx = kj_lexicon_open_mem(*img, size, name, NULL, NULL, NULL);
    assert_non_null(lx);
    return lx;
}

/* A tagger with the gazetteer `gaz` and the rules `rules` (sources), whose
 * images go to img[0..2) and lx[0..2). */
static kj_tagger *
tagger_with(const char *gaz, const char *rules, void **img, kj_lexicon **lx)
{
    kj_tagger *t = kj_tagger_new(NULL);

    lx[0] = compile("gaz", gaz, &img[0]);
    lx[1] = compile("rules", rules, &img[1]);
    assert_int_equal(kj_tagger_add_lexicon(t, lx[0]), KJ_OK);
    assert_int_equal(kj_tagger_set_rules(t, lx[1], NULL), KJ_OK);
    return t;
}

static void
tagger_free(kj_tagger *t, void **img, kj_lexicon **lx)
{
    int k;

    kj_tagger_free(t);
    for (k = 0; k < 2; k++) {
        kj_lexicon_free(lx[k]);
        kj_free(img[k]);
    }
}

/* Tag `text` with a new tagger of the gazetteer `gaz` and the rules
 * `rules` (sources); its entities as render() gives them. */
static const char *
tag_rules(const char *gaz, const char *rules, const char *text)
{
    static char out[2048];
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t = tagger_with(gaz, rules, img, lx);
    kj_doc *doc = kj_doc_new();

    render(t, doc, text, out, sizeof out);
    kj_doc_free(doc);
    tagger_free(t, img, lx);
    return out;
}

static const char *const gaz = "Jakarta\tLOC\n";
/* "Ketua" is a rule word of its own and the start of a longer one */
static const char *const titles = "Ketua\tTITLE\tkind=office\n"
                                  "Ketua Umum\tTITLE\tkind=office\n"
                                  "Wakil Presiden\tTITLE\tkind=office\n";

/* A token whose text starts one-token and longer rule words is the longer
 * word where the next token continues it, and the one-token word where the
 * next token is no rule word, a rule word that does not continue it, or
 * past the end of the sentence. */
static void
word_or_longer_word(void **state)
{
    (void)state;
    /* the next token continues: "Ketua Umum" is the title */
    assert_string_equal(tag_rules(gaz, titles, "Kemarin Ketua Umum Budi datang."),
                        "[Budi]PER");
    /* the next token is no rule word: "Ketua" is the title */
    assert_string_equal(tag_rules(gaz, titles, "Kemarin Ketua Budi datang."),
                        "[Budi]PER");
    /* the next token starts another rule word: "Ketua" alone again */
    assert_string_equal(tag_rules(gaz, titles, "Kemarin Ketua Wakil Budi datang."),
                        "[Wakil Budi]PER");
    /* a text that only starts longer rule words: the word where the next
     * token continues it, none where it does not */
    assert_string_equal(tag_rules(gaz, titles, "Kemarin Wakil Presiden Budi datang."),
                        "[Budi]PER");
    assert_string_equal(tag_rules(gaz, titles, "Kemarin Wakil Budi datang. "
                                               "Kemarin Wakil Presiden, Budi."),
                        "");
    /* the sentence ends after it */
    assert_string_equal(tag_rules(gaz, titles, "ia melihat Budi Santoso, Ketua."),
                        "[Budi Santoso]PER");
    /* the same text several times in one document, each by its context */
    assert_string_equal(tag_rules(gaz, titles, "Kemarin Ketua Umum Budi datang. "
                                               "Kemarin Ketua Dewi datang. "
                                               "Kemarin Ketua Wakil Budi datang."),
                        "[Budi]PER [Dewi]PER [Wakil Budi]PER");
}

/* The passes over a sentence (titles, heads and triggers; tails; acronyms)
 * visit only the tokens where their rules may start, sentence by
 * sentence: each rule fires in its own sentence, sentences without such
 * tokens in between, and what an acronym rule tags reaches later
 * sentences. */
static void
passes_by_sentence(void **state)
{
    static const char *const rules =
        "Ketua\tTITLE\tkind=office\n"
        "Badan\tHEAD\ttype=org\n"
        "Initiative\tHEAD\ttype=prog\tpos=tail\n"
        "for\tLINK\n"
        "dan\tLINK\n"
        "kata\tTRIGGER\ttype=before\n";

    (void)state;
    assert_string_equal(
        tag_rules(gaz, rules,
                  "Hujan turun. Kerja sama Asian Japan Investing for Growth "
                  "Initiative (AJIF) berlanjut. Tidak ada apa-apa (lagi). "
                  "Badan Riset Nusantara (BRN) dibentuk, kata Dewi Lestari. "
                  "Sekali lagi AJIF dan BRN datang. Ketua Joko Susilo, kata "
                  "dia, hadir (pagi)."),
        "[Asian Japan Investing for Growth Initiative]PROG [AJIF]PROG "
        "[Badan Riset Nusantara]ORG [BRN]ORG [Dewi Lestari]PER [AJIF]PROG "
        "[BRN]ORG [Joko Susilo]PER");
}

/* One tagger keeps the rule layer's working memory from document to
 * document (and what it found per text): documents big and small in a row
 * come out as each does alone. */
static void
documents_in_a_row(void **state)
{
    static const char *const rules =
        "Ketua\tTITLE\tkind=office\n"
        "Badan\tHEAD\ttype=org\n"
        "kata\tTRIGGER\ttype=before\n";
    static const char *const docs[] = {
        "Ketua Budi Santoso datang ke Jakarta. Badan Riset Nusantara (BRN) "
        "dibentuk, kata Dewi Lestari. Budi dan Dewi bertemu di Jakarta. "
        "Ketua Joko datang, kata Budi.",
        "Ia datang, kata Sinta.",
        "Lalu hujan turun dan Ketua Rudi pulang. Dewi datang, kata Joko. "
        "Ketua Budi Santoso datang ke Jakarta. Budi lagi.",
        "budi santoso pulang ke Jakarta.",
        /* the same key as "Ketua", not the same text: not a title here */
        "Kemarin ketua Budi datang.",
        "Kemarin KETUA Budi datang.",
    };
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t;
    kj_doc *doc = kj_doc_new();
    char out[2048];
    size_t k, round;

    (void)state;
    t = tagger_with(gaz, rules, img, lx);
    for (round = 0; round < 2; round++)
        for (k = 0; k < sizeof docs / sizeof docs[0]; k++) {
            render(t, doc, docs[k], out, sizeof out);
            assert_string_equal(out, tag_rules(gaz, rules, docs[k]));
        }
    kj_doc_free(doc);
    tagger_free(t, img, lx);
}

/* A string the rules labelled once is that at its other mentions; a
 * text's only mention is left as it is. */
static void
other_mentions(void **state)
{
    (void)state;
    assert_string_equal(tag_rules(gaz, titles, "Ketua Budi Santoso datang. "
                                               "Kemarin Budi Santoso pulang."),
                        "[Budi Santoso]PER [Budi Santoso]PER");
    assert_string_equal(tag_rules(gaz, titles, "Ketua Budi Santoso datang. "
                                               "Kemarin Santoso Budi pulang."),
                        "[Budi Santoso]PER [Santoso]PER [Budi]PER");
    assert_string_equal(tag_rules(gaz, titles, "Ketua Budi Santoso datang."),
                        "[Budi Santoso]PER");
    /* names of one token, and the same names again in one document */
    assert_string_equal(tag_rules(gaz, titles, "Ketua Budi datang ke Jakarta. "
                                               "Kemarin Budi pulang. Ketua Budi "
                                               "lagi, Jakarta dan Budi."),
                        "[Budi]PER [Jakarta]LOC [Budi]PER [Budi]PER [Jakarta]LOC "
                        "[Budi]PER");
}

/* The pass over the tokens takes them 64 at a time: a rule word that
 * goes on to the next token, and the mentions of a name, are found at
 * every place of those windows. */
static void
marks_at_every_place(void **state)
{
    static char text[2048];
    size_t k, j, len;

    (void)state;
    for (k = 0; k < 140; k++) {
        len = 0;
        for (j = 0; j < k; j++)
            len += (size_t)snprintf(text + len, sizeof text - len, "x ");
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "Wakil Presiden Budi Santoso datang. Lalu");
        for (j = 0; j < 140 - k; j++)
            len += (size_t)snprintf(text + len, sizeof text - len, " y");
        snprintf(text + len, sizeof text - len, " Budi Santoso pulang.");
        assert_string_equal(tag_rules(gaz, titles, text),
                            "[Budi Santoso]PER [Budi Santoso]PER");
    }
}

/* The passes over a sentence find its rule words 64 tokens a step: two
 * titles in one long sentence are both found, whatever the tokens between
 * them (none, less than one step, one, two or more steps) and wherever the
 * sentence and the document end. */
static void
long_sentences(void **state)
{
    static const size_t gaps[] = {0, 1, 62, 63, 64, 65, 127, 128, 129, 130, 191, 192, 200};
    static char text[4096];
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t = tagger_with(gaz, titles, img, lx);
    kj_doc *doc = kj_doc_new();
    char out[2048];
    size_t k, g, j, len, tail;

    (void)state;
    for (k = 0; k < 66; k++)
        for (g = 0; g < sizeof gaps / sizeof gaps[0]; g++)
            for (tail = 0; tail < 3; tail++) {
                len = 0;
                for (j = 0; j < k; j++)
                    len += (size_t)snprintf(text + len, sizeof text - len, "x ");
                len += (size_t)snprintf(text + len, sizeof text - len, "Ketua Budi");
                for (j = 0; j < gaps[g]; j++)
                    len += (size_t)snprintf(text + len, sizeof text - len, " y");
                len += (size_t)snprintf(text + len, sizeof text - len, " Ketua Dewi%s",
                                        tail == 0 ? "" : tail == 1 ? " datang." : " z. Lalu");
                render(t, doc, text, out, sizeof out);
                if (strcmp(out, "[Budi]PER [Dewi]PER") != 0)
                    fail_msg("%zu tokens, gap %zu, end %zu: %s", k, gaps[g], tail, out);
            }
    kj_doc_free(doc);
    tagger_free(t, img, lx);
}

/* Rules fire in sentences with none to many sentences without rule words
 * between them, a title of one token or of two ("Ketua Umum": the words
 * of that "Ketua" are its own). */
static void
sentences_between(void **state)
{
    static char text[2048];
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t = tagger_with(gaz, titles, img, lx);
    kj_doc *doc = kj_doc_new();
    char out[2048];
    size_t g, j, len, two;

    (void)state;
    for (two = 0; two < 2; two++)
        for (g = 0; g < 12; g++) {
            len = (size_t)snprintf(text, sizeof text, "Hujan. Ketua Budi datang.");
            for (j = 0; j < g; j++)
                len += (size_t)snprintf(text + len, sizeof text - len, " Hujan turun lagi.");
            snprintf(text + len, sizeof text - len, " Ketua%s Dewi datang.%s",
                     two ? " Umum" : "", g % 2 ? "" : " Hujan.");
            render(t, doc, text, out, sizeof out);
            if (strcmp(out, "[Budi]PER [Dewi]PER") != 0)
                fail_msg("%s: %s", text, out);
        }
    kj_doc_free(doc);
    tagger_free(t, img, lx);
}

/* Entities of 1 to 6 tokens next to each other, more than 8 in 64
 * tokens, are written in order, documents in a row with one tagger: what
 * the rule layer marks per token for one document is gone in the next
 * ("Ketua" starts a title only where no entity covers it). */
static void
entities_side_by_side(void **state)
{
    static const char *const gaz3 = "Jakarta\tLOC\n"
                                    "Bank Rakyat\tORG\n"
                                    "Bank Rakyat Indonesia Cabang Kota\tORG\n"
                                    "Bank Rakyat Indonesia Cabang Kota Baru\tORG\n"
                                    "Kota Baru Raya\tLOC\n";
    static const char *const phrase[] = {"Jakarta", "Bank Rakyat",
                                         "Bank Rakyat Indonesia Cabang Kota",
                                         "Bank Rakyat Indonesia Cabang Kota Baru",
                                         "Ketua Budi", "Kota Baru Raya", "dan"};
    static const char *const want[] = {"[Jakarta]LOC", "[Bank Rakyat]ORG",
                                       "[Bank Rakyat Indonesia Cabang Kota]ORG",
                                       "[Bank Rakyat Indonesia Cabang Kota Baru]ORG",
                                       "[Budi]PER", "[Kota Baru Raya]LOC", NULL};
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t = tagger_with(gaz3, titles, img, lx);
    kj_doc *doc = kj_doc_new();
    char text[2048], expect[4096], out[4096];
    unsigned long x = 11;
    int r;

    (void)state;
    for (r = 0; r < 400; r++) {
        size_t len = 0, elen = 0;
        int w = 1 + r % 40;
        while (w-- > 0) {
            size_t p;
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            p = (x >> 33) % (sizeof phrase / sizeof phrase[0]);
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
                                    len ? " " : "", phrase[p]);
            if (want[p])
                elen += (size_t)snprintf(expect + elen, sizeof expect - elen, "%s%s",
                                         elen ? " " : "", want[p]);
        }
        expect[elen] = '\0';
        render(t, doc, text, out, sizeof out);
        if (strcmp(out, expect) != 0)
            fail_msg("%s: %s, not %s", text, out, expect);
    }
    kj_doc_free(doc);
    tagger_free(t, img, lx);
}

/* A comma starts the apposition rule where a title follows it, one that
 * its next token's text is ("Ketua") or only starts ("Wakil Presiden"),
 * at every place of the pass over the tokens' windows, whether the comma
 * is a rule word itself (a LINK) or not; where no rule word follows it,
 * nothing. */
static void
commas_at_every_place(void **state)
{
    static char text[2048];
    static const char *const after[] = {"Ketua Umum partai", "Ketua partai",
                                        "Wakil Presiden partai", "kemarin pulang"};
    static const char *const want[] = {"[Budi Santoso]PER", "[Budi Santoso]PER",
                                       "[Budi Santoso]PER", ""};
    char rules[256];
    size_t k, j, a, len, link;

    (void)state;
    for (link = 0; link < 2; link++) {
        snprintf(rules, sizeof rules, "%s%s", titles, link ? ",\tLINK\n" : "");
        for (a = 0; a < sizeof after / sizeof after[0]; a++)
            for (k = 0; k < 70; k++) {
                len = 0;
                for (j = 0; j < k; j++)
                    len += (size_t)snprintf(text + len, sizeof text - len, "x ");
                snprintf(text + len, sizeof text - len, "ia melihat Budi Santoso, %s.",
                         after[a]);
                assert_string_equal(tag_rules(gaz, rules, text), want[a]);
            }
    }
}

/* Tag `text` with a tagger of the rules `rules`, then of the rules
 * `other`, then of `rules` again, ..., taking turns for n renders, and
 * want want[0..n) of them. */
static void
rules_in_turn(const char *rules, const char *other, const char *text,
              const char *const *want, int n)
{
    void *img[2], *oimg;
    kj_lexicon *lx[2], *ox;
    kj_tagger *t = tagger_with(gaz, rules, img, lx);
    kj_doc *doc = kj_doc_new();
    char out[256];
    int k;

    ox = compile("rules2", other, &oimg);
    for (k = 0; k < n; k++) {
        assert_int_equal(kj_tagger_set_rules(t, k % 2 ? ox : lx[1], NULL), KJ_OK);
        render(t, doc, text, out, sizeof out);
        assert_string_equal(out, want[k]);
    }
    kj_doc_free(doc);
    tagger_free(t, img, lx);
    kj_lexicon_free(ox);
    kj_free(oimg);
}

/* What the rule layer keeps of a rules lexicon's entries (texts' words,
 * heads' attributes) goes when the tagger takes another rules lexicon. */
static void
heads_of_another_lexicon(void **state)
{
    static const char *const want[] = {
        "[Badan Riset Nusantara]ORG", "[Riset Nusantara]LOC",
        "[Badan Riset Nusantara]ORG"
    };

    (void)state;
    rules_in_turn("Badan\tHEAD\ttype=org\n", "Badan\tHEAD\ttype=place\thead=out\n",
                  "Kemarin Badan Riset Nusantara dibentuk.", want, 3);
}

/* The rule layer's filter of the rules lexicon's keys is made anew for
 * another rules lexicon: its words are found, the old ones' are not. */
static void
keys_of_another_lexicon(void **state)
{
    static const char *const want[] = {
        "[Badan Sensor Film]ORG", "[Lembaga Riset Nusantara]ORG"
    };

    (void)state;
    rules_in_turn("Badan\tHEAD\ttype=org\n", "Lembaga\tHEAD\ttype=org\n",
                  "Kemarin Lembaga Riset Nusantara dan Badan Sensor Film dibentuk.",
                  want, 2);
}

/* What a span beat (kj_entity.beat): "[TEXT] LABEL SOURCE" of each span
 * it replaced, joined by "; "; each description cut to 511 bytes and the
 * whole to 1,023. */
static void
beats(void **state)
{
    static const char *const tail = "Sentral\tHEAD\ttype=org\tpos=tail\n";
    static char gazl[4096], text[4096], want[1100];
    char w[3][601];
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t;
    kj_doc *doc = kj_doc_new();
    const kj_entity *e;
    size_t n, k, len;

    (void)state;
    t = tagger_with("Riset\tLOC\nNusantara\tLOC\n", tail, img, lx);
    assert_int_equal(kj_doc_set_text(doc, "d", "kemarin Riset Nusantara Sentral dibentuk.", 41),
                     KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    e = kj_doc_entities(doc, &n);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].label, "ORG");
    assert_string_equal(e[0].beat, "[Riset] LOC gaz:1; [Nusantara] LOC gaz:2");
    tagger_free(t, img, lx);
    /* three words of 600 letters: the first description is cut to 511
     * bytes, the second cut where the whole reaches 1,023, the third left
     * out */
    for (k = 0; k < 3; k++) {
        memset(w[k], 'a' + (int)k, 600);
        w[k][0] = (char)('A' + k);
        w[k][600] = '\0';
    }
    snprintf(gazl, sizeof gazl, "%s\tLOC\n%s\tLOC\n%s\tLOC\n", w[0], w[1], w[2]);
    snprintf(text, sizeof text, "kemarin %s %s %s Sentral dibentuk.", w[0], w[1], w[2]);
    t = tagger_with(gazl, tail, img, lx);
    assert_int_equal(kj_doc_set_text(doc, "d", text, strlen(text)), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    e = kj_doc_entities(doc, &n);
    assert_int_equal(n, 1);
    len = (size_t)snprintf(want, sizeof want, "[%.510s", w[0]);
    len += (size_t)snprintf(want + len, sizeof want - len, "; [%.509s", w[1]);
    assert_int_equal(len, 1023);
    assert_string_equal(e[0].beat, want);
    kj_doc_free(doc);
    tagger_free(t, img, lx);
}

/* The tokens of texts no lexicon holds, of at most 16 ASCII bytes and
 * without capitals, share one text class (kj_doc_make_keys_known()): a
 * tagger gives the same entities, sources and keys with and without that,
 * on texts of such words, the words of the lexicons in every case, words
 * of 8, 9, 16 and 17 bytes, inner capitals, non-ASCII, numbers and
 * punctuation, mentions repeated with other lowercase words inside. */
static void
inert_texts(void **state)
{
    static const char *const words[] = {
        "yang", "dan", "di", "ke", "mengatakan", "perekonomiannya",
        "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq",
        "iPhone", "e-mail", "hati-hati", "2026", "3,5", ",", ".", "(", ")",
        "\"", "-", "Jakarta", "jakarta", "JAKARTA", "Bank", "bank", "Rakyat",
        "rakyat", "Ketua", "ketua", "Umum", "Wakil", "Presiden", "kata",
        "Kata", "Budi", "Santoso", "Universitas", "Gadjah", "Mada", "METI",
        "Kōichi", "kōichi", "bin", "of", "the", "Kementerian", "bidang",
        "untuk", "Perekonomian", "Kota", "baru", "Baru", "dari", "Dewi"
    };
    static const char *const gaz2 = "Jakarta\tLOC\n"
                                    "Bank Rakyat\tORG\n"
                                    "Bank of the Rakyat\tORG\n"
                                    "kota baru\tLOC\n"
                                    "METI\tORG\n"
                                    "Kōichi\tPER\n";
    static const char *const rules2 = "Ketua\tTITLE\tkind=office\n"
                                      "Ketua Umum\tTITLE\tkind=office\n"
                                      "Wakil Presiden\tTITLE\tkind=office\n"
                                      "kata\tTRIGGER\ttype=before\n"
                                      "Universitas\tHEAD\ttype=org\n"
                                      "Kementerian\tHEAD\ttype=org\n"
                                      "bidang\tHEAD\tpos=tail\ttype=org\n";
    const size_t nw = sizeof words / sizeof words[0];
    void *img[2];
    kj_lexicon *lx[2];
    kj_tagger *t = tagger_with(gaz2, rules2, img, lx);
    kj_doc *on = kj_doc_new(), *off = kj_doc_new();
    unsigned long x = 7;
    char text[1024];
    int r;

    (void)state;
    for (r = 0; r < 3000; r++) {
        size_t len = 0, k, n, m, i;
        int w = 2 + (int)(r % 60);
        const kj_entity *a, *b;

        while (w-- > 0) {
            const char *p;
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            p = words[(x >> 33) % nw];
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
                                    len ? " " : "", p);
        }
        kj_tagger_use_known(t, 1);
        assert_int_equal(kj_doc_set_text(on, "d", text, len), KJ_OK);
        assert_int_equal(kj_tag(t, on), KJ_OK);
        kj_tagger_use_known(t, 0);
        assert_int_equal(kj_doc_set_text(off, "d", text, len), KJ_OK);
        assert_int_equal(kj_tag(t, off), KJ_OK);
        a = kj_doc_entities(on, &n);
        b = kj_doc_entities(off, &m);
        if (n != m)
            fail_msg("%s: %zu entities against %zu", text, n, m);
        for (k = 0; k < n; k++)
            if (a[k].first != b[k].first || a[k].last != b[k].last ||
                strcmp(a[k].label, b[k].label) != 0 ||
                strcmp(a[k].source, b[k].source) != 0)
                fail_msg("%s: entity %zu differs", text, k);
        (void)kj_doc_tokens(on, &m);
        for (i = 0; i < m; i++) {
            size_t la, lb;
            const char *ka = kj_doc_token_key(on, i, &la);
            const char *kb = kj_doc_token_key(off, i, &lb);
            assert_non_null(ka);
            assert_non_null(kb);
            if (la != lb || memcmp(ka, kb, la) != 0)
                fail_msg("%s: token %zu's key \"%.*s\" against \"%.*s\"", text,
                         i, (int)la, ka, (int)lb, kb);
        }
    }
    kj_doc_free(on);
    kj_doc_free(off);
    tagger_free(t, img, lx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(word_or_longer_word),
        cmocka_unit_test(passes_by_sentence),
        cmocka_unit_test(documents_in_a_row),
        cmocka_unit_test(other_mentions),
        cmocka_unit_test(marks_at_every_place),
        cmocka_unit_test(long_sentences),
        cmocka_unit_test(entities_side_by_side),
        cmocka_unit_test(sentences_between),
        cmocka_unit_test(commas_at_every_place),
        cmocka_unit_test(heads_of_another_lexicon),
        cmocka_unit_test(keys_of_another_lexicon),
        cmocka_unit_test(beats),
        cmocka_unit_test(inert_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
