/* SPDX-License-Identifier: MIT */
/* test_tokenize.c - the simple tokenizer and sentence splitter */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"

/* Tokens joined by ' ', sentences separated by " | ". */
static const char *
tok(const char *text)
{
    static char out[4096];
    kj_doc *doc = kj_doc_new();
    kj_tagger *t = kj_tagger_new(NULL);
    size_t nt, ns, s, i, n = 0;
    const kj_token *tk;
    const kj_sentence *se;
    const char *txt;

    assert_int_equal(kj_doc_set_text(doc, "t", text, strlen(text)), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    txt = kj_doc_text(doc, NULL);
    tk = kj_doc_tokens(doc, &nt);
    se = kj_doc_sentences(doc, &ns);
    out[0] = '\0';
    for (s = 0; s < ns; s++) {
        if (s)
            n += (size_t)snprintf(out + n, sizeof out - n, " |");
        for (i = se[s].first; i < se[s].end; i++)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s",
                                  n ? " " : "", (int)(tk[i].end - tk[i].start),
                                  txt + tk[i].start);
    }
    kj_tagger_free(t);
    kj_doc_free(doc);
    return out;
}

static void
words_and_punctuation(void **state)
{
    (void)state;
    assert_string_equal(tok("Menteri Perindustrian (Menperin) Agus."),
                        "Menteri Perindustrian ( Menperin ) Agus .");
    assert_string_equal(tok("“Bagus,” kata Ma'ruf—lalu pergi"),
                        "“ Bagus , ” kata Ma'ruf — lalu pergi");
    assert_string_equal(tok("negara-negara 2,35 1.500.000 Kōichi"),
                        "negara-negara 2,35 1.500.000 Kōichi");
    assert_string_equal(tok("   "), "");
    assert_string_equal(tok(""), "");
}

static void
controls_never_inside_tokens(void **state)
{
    kj_doc *doc = kj_doc_new();
    kj_tagger *t = kj_tagger_new(NULL);
    const char in[] = "a\0b\tc\x01" "d\r\ne\x7F" "f\xC2\x85g";
    const kj_token *tk;
    size_t n, i, k;
    const char *txt;

    (void)state;
    assert_int_equal(kj_doc_set_text(doc, "t", in, sizeof in - 1), KJ_OK);
    assert_int_equal(kj_tag(t, doc), KJ_OK);
    tk = kj_doc_tokens(doc, &n);
    txt = kj_doc_text(doc, NULL);
    assert_int_equal(n, 7);
    for (i = 0; i < n; i++)
        for (k = tk[i].start; k < tk[i].end; k++)
            assert_true((unsigned char)txt[k] >= 0x20 && txt[k] != 0x7F);
    kj_tagger_free(t);
    kj_doc_free(doc);
}

static void
sentences(void **state)
{
    (void)state;
    assert_string_equal(tok("Satu dua. Tiga empat! \"Lima\" enam? 7 hari."),
                        "Satu dua . | Tiga empat ! | \" Lima \" enam ? | 7 hari .");
    /* a lower-case continuation does not start a sentence */
    assert_string_equal(tok("Pukul 10. lalu"), "Pukul 10 . lalu");
    /* a blank line always ends one */
    assert_string_equal(tok("Judul berita\n\nIsi berita"),
                        "Judul berita | Isi berita");
    /* opening brackets and quotes start one */
    assert_string_equal(tok("Rapat selesai. [Foto] Menteri hadir. «Ya» katanya."),
                        "Rapat selesai . | [ Foto ] Menteri hadir . | « Ya » katanya .");
    assert_string_equal(tok("Ia berkata: \"Cukup.\" Lalu pergi."),
                        "Ia berkata : \" Cukup . \" | Lalu pergi .");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_and_punctuation),
        cmocka_unit_test(controls_never_inside_tokens),
        cmocka_unit_test(sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
