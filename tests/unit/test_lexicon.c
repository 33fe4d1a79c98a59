/* SPDX-License-Identifier: MIT */
/* test_lexicon.c - lexicon sources, the compiler, the image and its loader */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lexicon.h"
#include "lexicon_format.h"

static char diag_log[8192];
static size_t diag_len;

static void
collect(void *user, const kj_diag *d)
{
    (void)user;
    diag_len += (size_t)snprintf(diag_log + diag_len, sizeof diag_log - diag_len,
                                 "%s:%ld: %s: %s\n", d->file ? d->file : "-",
                                 d->line, d->severity == KJ_DIAG_ERROR ? "error"
                                                                       : "warning",
                                 d->message);
}

static const char good_src[] =
    "# a comment\n"
    "Kementerian Perindustrian\tORG\tid=kemenperin\tkind=ministry\n"
    "Kemenperin\tORG\tkind=ministry\tid=kemenperin\n"
    "METI\tORG\tcase=exact\tprio=5\tnote=unknown attributes are kept\n"
    "\n"
    "@default\tLOC\tkind=province\n"
    "Jawa Barat\t\tid=idn-prov-32\n"
    "Jabar\t\tid=idn-prov-32\n"
    "Jawa\tLOC\tkind=island\n"
    "Kōichi Hagiuda\tPER\n"
    "bunga\tO\n";

/* Compile sources into an image (kj_free it). */
static void *
compile(const char *src, size_t *len, size_t *errors)
{
    kj_compiler *c = kj_compiler_new(collect, NULL, NULL);
    void *img = NULL;
    int rc;

    assert_non_null(c);
    diag_len = 0;
    diag_log[0] = '\0';
    assert_true(kj_compiler_add_source(c, "src.tsv", src, strlen(src)) >= 0);
    *errors = kj_compiler_errors(c);
    rc = kj_compiler_build(c, &img, len);
    assert_int_equal(rc, *errors ? KJ_ELEXICON : KJ_OK);
    kj_compiler_free(c);
    return img;
}

/* The entries reached by the keys of the tokens of `text`, as
 * "surface/label" joined by '|'; "" when none. */
static const char *
lookup(const kj_lexicon *lx, const char *const *keys, size_t n)
{
    static char out[4096];
    uint32_t id, node, first, cnt, i;
    size_t k, len = 0;

    out[0] = '\0';
    if (kj_lex_find_key(lx, keys[0], strlen(keys[0]), &id) != 0)
        return out;
    node = kj_lex_root(lx, id);
    for (k = 1; k < n && node; k++) {
        if (kj_lex_find_key(lx, keys[k], strlen(keys[k]), &id) != 0)
            return out;
        node = kj_lex_child(lx, node, id);
    }
    if (node == 0 || kj_lex_node_entries(lx, node, &first, &cnt) != 0)
        return out;
    for (i = first; i < first + cnt; i++) {
        kj_lexentry e;
        if (kj_lex_entry(lx, i, &e) != 0) {  /* a damaged image */
            len += (size_t)snprintf(out + len, sizeof out - len, "<damaged>");
            continue;
        }
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s/%s",
                                i > first ? "|" : "", e.surface, e.label);
    }
    return out;
}

static void
compile_and_look_up(void **state)
{
    size_t len, errors;
    void *img = compile(good_src, &len, &errors);
    kj_lexicon *lx;
    kj_lexicon_entry e;
    size_t i;
    int found_meti = 0;

    (void)state;
    assert_int_equal(errors, 0);
    lx = kj_lexicon_open_mem(img, len, "mem", collect, NULL, NULL);
    assert_non_null(lx);
    assert_int_equal(kj_lexicon_check(lx, collect, NULL), KJ_OK);
    assert_int_equal(kj_lexicon_num_entries(lx), 8);
    assert_string_equal(lookup(lx, (const char *[]){"jawa", "barat"}, 2),
                        "Jawa Barat/LOC");
    assert_string_equal(lookup(lx, (const char *[]){"jawa"}, 1), "Jawa/LOC");
    assert_string_equal(lookup(lx, (const char *[]){"koichi", "hagiuda"}, 2),
                        "Kōichi Hagiuda/PER");
    assert_string_equal(lookup(lx, (const char *[]){"kementerian", "perindustrian"}, 2),
                        "Kementerian Perindustrian/ORG");
    assert_string_equal(lookup(lx, (const char *[]){"kementerian"}, 1), "");
    assert_string_equal(lookup(lx, (const char *[]){"jakarta"}, 1), "");
    for (i = 0; i < kj_lexicon_num_entries(lx); i++) {
        assert_int_equal(kj_lexicon_get_entry(lx, i, &e), KJ_OK);
        if (strcmp(e.surface, "METI") == 0) {
            found_meti = 1;
            assert_string_equal(e.label, "ORG");
            assert_string_equal(e.case_policy, "exact");
            assert_int_equal(e.prio, 5);
            assert_string_equal(e.attrs, "note=unknown attributes are kept");
            assert_string_equal(e.source, "src.tsv");
            assert_int_equal(e.line, 4);
        }
        if (strcmp(e.surface, "Kemenperin") == 0)   /* attributes sorted */
            assert_string_equal(e.attrs, "id=kemenperin\tkind=ministry");
        if (strcmp(e.surface, "Jabar") == 0)        /* defaults merged */
            assert_string_equal(e.attrs, "id=idn-prov-32\tkind=province");
        if (strcmp(e.surface, "Jawa") == 0)         /* own value wins */
            assert_string_equal(e.attrs, "kind=island");
    }
    assert_true(found_meti);
    assert_int_equal(kj_lexicon_get_entry(lx, 99, &e), KJ_ELEXICON);
    kj_lexicon_free(lx);
    kj_free(img);
}

static void
same_sources_same_bytes(void **state)
{
    size_t l1, l2, errors;
    void *a = compile(good_src, &l1, &errors);
    void *b = compile(good_src, &l2, &errors);

    (void)state;
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    kj_free(a);
    kj_free(b);
}

static void
every_bad_line_is_reported(void **state)
{
    const char src[] =
        "ok\tPER\n"
        "\tPER\n"                 /* 2: empty surface */
        "nolabel\n"               /* 3: missing label */
        "x\tPER\tkind\n"          /* 4: malformed attribute */
        "y\tPER\tcase=loud\n"     /* 5: bad case */
        "z\tPER\tprio=1e9\n"      /* 6: bad prio */
        "w\xff\tLOC\n"            /* 7: invalid UTF-8 */
        "v\tP Q\n"                /* 8: label with a space */
        "u\tLOC\r\n"              /* 9: CRLF: a warning */
        "\xe2\x80\x8b\tLOC\n";    /* 10: no tokens */
    size_t len, errors;
    void *img = compile(src, &len, &errors);

    (void)state;
    assert_null(img);
    assert_int_equal(errors, 8);
    assert_non_null(strstr(diag_log, "src.tsv:2: error: empty surface"));
    assert_non_null(strstr(diag_log, "src.tsv:3: error: missing label"));
    assert_non_null(strstr(diag_log, "src.tsv:4: error: malformed attribute 'kind'"));
    assert_non_null(strstr(diag_log, "src.tsv:5: error: case=loud"));
    assert_non_null(strstr(diag_log, "src.tsv:6: error: prio=1e9"));
    assert_non_null(strstr(diag_log, "src.tsv:7: error: invalid UTF-8"));
    assert_non_null(strstr(diag_log, "src.tsv:8: error: label 'P Q'"));
    assert_non_null(strstr(diag_log, "src.tsv:9: warning: CRLF"));
    assert_non_null(strstr(diag_log, "src.tsv:10: error: surface"));
}

static void
duplicates_warn(void **state)
{
    const char src[] = "Jawa\tLOC\nJawa\tLOC\nJawa\tPER\n";
    size_t len, errors;
    void *img = compile(src, &len, &errors);
    kj_lexicon *lx;

    (void)state;
    assert_int_equal(errors, 0);
    assert_non_null(strstr(diag_log, "src.tsv:2: warning: duplicate of src.tsv:1"));
    lx = kj_lexicon_open_mem(img, len, "mem", NULL, NULL, NULL);
    assert_int_equal(kj_lexicon_num_entries(lx), 2);
    kj_lexicon_free(lx);
    kj_free(img);
}

/* Every truncation is refused at open. */
static void
truncated_images_are_refused(void **state)
{
    size_t len, errors, n;
    void *img = compile(good_src, &len, &errors);

    (void)state;
    for (n = 0; n < len; n++) {
        int err = 0;
        diag_len = 0;
        assert_null(kj_lexicon_open_mem(img, n, "cut", collect, NULL, &err));
        assert_int_equal(err, KJ_ELEXICON);
        assert_non_null(strstr(diag_log, "rebuild it with 'kijang compile'"));
    }
    kj_free(img);
}

/* A flipped bit anywhere: open refuses it, or check finds it; and nothing
 * read from it crashes (ASan and valgrind runs of make check watch). */
static void
bit_flips_fail_cleanly(void **state)
{
    size_t len, errors, i, b;
    unsigned char *img = compile(good_src, &len, &errors);
    const char *const keys[][2] = {{"jawa", "barat"}, {"meti", NULL}, {"koichi", "hagiuda"}};

    (void)state;
    for (i = 0; i < len; i++)
        for (b = 0; b < 8; b += 3) {
            kj_lexicon *lx;
            size_t k;
            img[i] ^= (unsigned char)(1u << b);
            lx = kj_lexicon_open_mem(img, len, "flip", NULL, NULL, NULL);
            if (lx) {
                kj_lexicon_entry e;
                assert_int_equal(kj_lexicon_check(lx, NULL, NULL), KJ_ELEXICON);
                for (k = 0; k < kj_lexicon_num_entries(lx); k++)
                    (void)kj_lexicon_get_entry(lx, k, &e);
                for (k = 0; k < 3; k++)
                    (void)lookup(lx, keys[k], keys[k][1] ? 2 : 1);
                kj_lexicon_free(lx);
            }
            img[i] ^= (unsigned char)(1u << b);
        }
    kj_free(img);
}

static void
wrong_version_says_how_to_fix(void **state)
{
    size_t len, errors;
    unsigned char *img = compile(good_src, &len, &errors);

    (void)state;
    kj_put32(img + 8, 99);
    diag_len = 0;
    assert_null(kj_lexicon_open_mem(img, len, "old.kjlex", collect, NULL, NULL));
    assert_non_null(strstr(diag_log, "lexicon has format 99; this kijang reads "
                                     "format 1; rebuild it with 'kijang compile'"));
    kj_free(img);
}

static void
empty_lexicon(void **state)
{
    size_t len, errors;
    void *img = compile("# nothing\n", &len, &errors);
    kj_lexicon *lx;

    (void)state;
    lx = kj_lexicon_open_mem(img, len, "empty", NULL, NULL, NULL);
    assert_non_null(lx);
    assert_int_equal(kj_lexicon_check(lx, NULL, NULL), KJ_OK);
    assert_int_equal(kj_lexicon_num_entries(lx), 0);
    assert_string_equal(lookup(lx, (const char *[]){"x"}, 1), "");
    kj_lexicon_free(lx);
    kj_free(img);
}

/* The key hash is part of the .kjlex format: its values for every tail
 * length (0-7 bytes after whole 8-byte words) are pinned here, so that a
 * faster implementation cannot change them. */
static void
key_hash_is_pinned(void **state)
{
    static const uint64_t want[] = {
        0x7fc3156131b2100cULL,
        0xf58674daed2ce01fULL,
        0x8f20d9233cf0318eULL,
        0x95613259ad61c3b1ULL,
        0xb415174033d18f6bULL,
        0xa6aaa9b464b717ccULL,
        0xe26d844a6098c1e3ULL,
        0x61c5a06f501347b8ULL,
        0xc02be958b7922202ULL,
        0x699a5364294e5573ULL,
        0xc04548833b61d5c3ULL,
        0x0a5f71c9cfb1fcbfULL,
        0x2e7fd4035e5c40c2ULL,
        0xe4f51423b900aa15ULL,
        0x4aaf71ee3b13b128ULL,
        0xf874d6d53f0c3416ULL,
        0x5c47f1a1f2a690f7ULL,
        0x7b03f7e223db73d9ULL,
    };
    const char *s = "kementerian perindustrian";
    size_t n;

    (void)state;
    for (n = 0; n < sizeof want / sizeof want[0]; n++)
        assert_int_equal(kj_lexhash(s, n), want[n]);
}

/* kj_lex_key_is() and kj_lex_key_id_is() (by the key records, and
 * without them) say a key is s[0..n) exactly when a plain comparison
 * does: for keys of 1 to 40 bytes (in their records up to 11), against
 * every length from 0 to the key's and one more, and with each byte
 * changed; the roots read through the records are the ROOT section's. */
static void
keys_compare_by_words(void **state)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmn";
    char src[2048], s[64];
    size_t len, errors, at = 0, w;
    void *img;
    kj_lexicon *lx;
    uint32_t id, checked = 0;

    (void)state;
    for (w = 1; w <= 40; w++)
        at += (size_t)snprintf(src + at, sizeof src - at, "%.*s\tLOC\n", (int)w, letters);
    img = compile(src, &len, &errors);
    assert_int_equal(errors, 0);
    lx = kj_lexicon_open_mem(img, len, "mem", collect, NULL, NULL);
    assert_non_null(lx);
    for (id = 0; id < lx->nkeys; id++) {
        uint32_t off = kj_get32(lx->sec[KJ_SEC_KEYS] + (size_t)id * 4);
        const char *k = kj_lex_str(lx, off);
        size_t kn = strlen(k), n, j;
        assert_non_null(lx->keyrec);
        assert_int_equal(lx->keyrec[(size_t)id * KJ_KEYREC_SIZE + KJ_KEYREC_BYTES],
                         kn <= KJ_KEYREC_BYTES ? kn : KJ_KEYREC_LONG);
        assert_int_equal(kj_lex_root(lx, id),
                         kj_get32(lx->sec[KJ_SEC_ROOT] + (size_t)id * 4));
        for (n = 0; n <= kn + 1; n++)
            for (j = 0; j <= n; j++) {   /* j == n: nothing changed */
                memcpy(s, k, kn);
                s[kn] = 'x';
                if (j < n)
                    s[j] ^= 0x20;
                int want = n == kn && memcmp(s, k, n) == 0;
                unsigned char *keyrec = lx->keyrec;
                assert_int_equal(kj_lex_key_is(lx, off, s, n), want);
                assert_int_equal(kj_lex_key_id_is(lx, id, s, n), want);
                lx->keyrec = NULL;
                assert_int_equal(kj_lex_key_id_is(lx, id, s, n), want);
                lx->keyrec = keyrec;
                checked++;
            }
    }
    assert_int_equal(lx->nkeys, 40);
    assert_int_equal(checked, 13240);   /* every case above was tried */
    kj_lexicon_free(lx);
    kj_free(img);
}

/* The roots' kinds that the key records keep (kj_lex_root_kind()) are
 * what the NODE section says of each key's root (without the records):
 * keys that start one-word entries, longer ones, both, or only follow. */
static void
root_kinds_by_records(void **state)
{
    static const char src[] =
        "Jakarta\tLOC\n"                       /* entries, no children */
        "Bank Indonesia\tORG\n"                /* children only */
        "Bank Mandiri\tORG\n"
        "Garuda\tORG\n"                        /* both */
        "Garuda Indonesia\tORG\n"
        "Kementerian Keuangan Republik\tORG\n";
    size_t len, errors, seen[4] = {0, 0, 0, 0};
    void *img = compile(src, &len, &errors);
    kj_lexicon *lx;
    uint32_t id;

    (void)state;
    assert_int_equal(errors, 0);
    lx = kj_lexicon_open_mem(img, len, "mem", collect, NULL, NULL);
    assert_non_null(lx);
    assert_non_null(lx->keyrec);
    for (id = 0; id <= lx->nkeys; id++) {   /* (and one id out of range) */
        uint32_t node, node_s, kind, kind_s, first, n;
        unsigned char *keyrec = lx->keyrec;
        kind = kj_lex_root_kind(lx, id, &node);
        lx->keyrec = NULL;
        kind_s = kj_lex_root_kind(lx, id, &node_s);
        lx->keyrec = keyrec;
        assert_int_equal(node, node_s);
        assert_int_equal(kind, kind_s);
        assert_int_equal(node, kj_lex_root(lx, id));
        assert_int_equal((kind & KJ_ROOT_KIDS) != 0, kj_lex_has_children(lx, node));
        assert_int_equal((kind & KJ_ROOT_ENTS) != 0,
                         node != 0 && kj_lex_node_entries(lx, node, &first, &n) == 0 && n > 0);
        if (node)
            seen[kind >> 30]++;
    }
    /* every kind of root was met: children only (Bank, Kementerian),
     * entries only (Jakarta), both (Garuda) */
    assert_int_equal(seen[KJ_ROOT_KIDS >> 30], 2);
    assert_int_equal(seen[KJ_ROOT_ENTS >> 30], 1);
    assert_int_equal(seen[(KJ_ROOT_KIDS | KJ_ROOT_ENTS) >> 30], 1);
    kj_lexicon_free(lx);
    kj_free(img);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compile_and_look_up),
        cmocka_unit_test(key_hash_is_pinned),
        cmocka_unit_test(keys_compare_by_words),
        cmocka_unit_test(same_sources_same_bytes),
        cmocka_unit_test(every_bad_line_is_reported),
        cmocka_unit_test(duplicates_warn),
        cmocka_unit_test(truncated_images_are_refused),
        cmocka_unit_test(bit_flips_fail_cleanly),
        cmocka_unit_test(wrong_version_says_how_to_fix),
        cmocka_unit_test(empty_lexicon),
        cmocka_unit_test(root_kinds_by_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
