/* SPDX-License-Identifier: MIT */
/* test_tokenize.c - the text layer: tokenizer and sentence case files, the
 * fast path against ICU, matching keys
 *
 * Case files (tests/cases/NAME.cases) hold groups separated by blank lines; a
 * group's first line is the input (escapes \n \t \\ \xHH \u{HHHH}), and the
 * lines after it the expected output:
 *   tokenize.cases  one line: the tokens, separated by single spaces
 *   sentence.cases  one line per sentence: its tokens, separated by spaces
 * Lines starting with '#' before a group are comments. A failure names the
 * case file and the line of the group's input.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "abbrev.h"
#include "doc.h"
#include "lexicon_format.h"
#include "normalize.h"
#include "tokenize.h"
#include "utf8.h"
#include "wordbreak.h"

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *b;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b = malloc((size_t)n + 1);
    if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

static char *
case_path(const char *name)
{
    static char path[4096];
    const char *src = getenv("KIJANG_SRCDIR");

    snprintf(path, sizeof path, "%s/tests/cases/%s", src ? src : ".", name);
    return path;
}

static void
put_utf8(char *out, size_t *n, unsigned long c)
{
    if (c < 0x80)
        out[(*n)++] = (char)c;
    else if (c < 0x800) {
        out[(*n)++] = (char)(0xC0 | (c >> 6));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out[(*n)++] = (char)(0xE0 | (c >> 12));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    } else {
        out[(*n)++] = (char)(0xF0 | (c >> 18));
        out[(*n)++] = (char)(0x80 | ((c >> 12) & 0x3F));
        out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    }
}

/* Undo the case files' escapes; returns the length. */
static size_t
unescape(const char *s, size_t len, char *out)
{
    size_t i = 0, n = 0;

    while (i < len) {
        if (s[i] != '\\' || i + 1 >= len) {
            out[n++] = s[i++];
            continue;
        }
        i++;
        switch (s[i]) {
        case 'n': out[n++] = '\n'; i++; break;
        case 't': out[n++] = '\t'; i++; break;
        case 'r': out[n++] = '\r'; i++; break;
        case '\\': out[n++] = '\\'; i++; break;
        case 'x':
            out[n++] = (char)strtoul((char[]){s[i + 1], s[i + 2], 0}, NULL, 16);
            i += 3;
            break;
        case 'u': {
            char *end;
            unsigned long c = strtoul(s + i + 2, &end, 16);
            put_utf8(out, &n, c);
            i = (size_t)(end - s) + 1; /* past '}' */
            break;
        }
        default: out[n++] = '\\';
        }
    }
    return n;
}

static kj_tagger *fast_tagger, *icu_tagger;
static kj_doc *doc_fast, *doc_icu;

static int
setup(void **state)
{
    (void)state;
    fast_tagger = kj_tagger_new(NULL);
    icu_tagger = kj_tagger_new(NULL);
    kj_tagger_set_tokenizer(icu_tagger, KJ_TOKENIZER_ICU);
    doc_fast = kj_doc_new();
    doc_icu = kj_doc_new();
    return fast_tagger && icu_tagger && doc_fast && doc_icu ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    kj_tagger_free(fast_tagger);
    kj_tagger_free(icu_tagger);
    kj_doc_free(doc_fast);
    kj_doc_free(doc_icu);
    return 0;
}

/* Tag `text` both ways; fail (naming `where`) unless tokens and sentences
 * agree. */
static void
tag_both(const char *text, size_t len, const char *where)
{
    size_t nf, ni, k;
    const kj_token *tf, *ti;

    assert_int_equal(kj_doc_set_text(doc_fast, "t", text, len), KJ_OK);
    assert_int_equal(kj_doc_set_text(doc_icu, "t", text, len), KJ_OK);
    assert_int_equal(kj_tag(fast_tagger, doc_fast), KJ_OK);
    assert_int_equal(kj_tag(icu_tagger, doc_icu), KJ_OK);
    tf = kj_doc_tokens(doc_fast, &nf);
    ti = kj_doc_tokens(doc_icu, &ni);
    for (k = 0; k < nf && k < ni; k++)
        if (tf[k].start != ti[k].start || tf[k].end != ti[k].end)
            break;
    if (k < nf || k < ni) {
        const char *t = kj_doc_text(doc_fast, NULL);
        fprintf(stderr, "%s: fast path and ICU differ at token %zu: "
                        "fast [%.*s] icu [%.*s]\n", where, k,
                k < nf ? (int)(tf[k].end - tf[k].start) : 0, k < nf ? t + tf[k].start : "",
                k < ni ? (int)(ti[k].end - ti[k].start) : 0, k < ni ? t + ti[k].start : "");
        fail();
    }
    /* and the same sentences as ICU's exhaustive iteration */
    {
        const kj_sentence *sf = kj_doc_sentences(doc_fast, &nf);
        const kj_sentence *si = kj_doc_sentences(doc_icu, &ni);
        for (k = 0; k < nf && k < ni; k++)
            if (sf[k].first != si[k].first || sf[k].end != si[k].end)
                break;
        if (k < nf || k < ni) {
            fprintf(stderr, "%s: sentence %zu differs from ICU's: fast starts at "
                            "token %zu, icu at %zu\n", where, k,
                    k < nf ? sf[k].first : (size_t)-1, k < ni ? si[k].first : (size_t)-1);
            fail();
        }
    }
}

/* The tokens of the fast document, sentences separated by '\n'. */
static void
render(char *out, size_t cap, int sentences)
{
    size_t nt, ns, s, i, n = 0;
    const kj_token *tk = kj_doc_tokens(doc_fast, &nt);
    const kj_sentence *se = kj_doc_sentences(doc_fast, &ns);
    const char *t = kj_doc_text(doc_fast, NULL);

    out[0] = '\0';
    for (s = 0; s < ns; s++) {
        for (i = se[s].first; i < se[s].end; i++)
            n += (size_t)snprintf(out + n, cap - n, "%s%.*s",
                                  i > se[s].first ? " " : "",
                                  (int)(tk[i].end - tk[i].start), t + tk[i].start);
        n += (size_t)snprintf(out + n, cap - n, sentences ? "\n" : " ");
    }
    if (!sentences && n > 0)
        out[n - 1] = '\0';
}

/* Run a case file; returns the number of cases. */
static int
run_cases(const char *name, int sentences)
{
    size_t len, pos = 0, line = 0;
    char *all = slurp(case_path(name), &len);
    int cases = 0, failures = 0;
    static char input[65536], want[65536], got[65536], where[256];

    if (all == NULL) {
        fprintf(stderr, "cannot read %s (set KIJANG_SRCDIR)\n", case_path(name));
        fail();
    }
    while (pos < len) {
        size_t in_len, wn = 0, group_line;
        char *eol;

        /* skip blank lines and comments */
        eol = strchr(all + pos, '\n');
        if (eol == NULL)
            eol = all + len;
        line++;
        if (eol == all + pos || all[pos] == '#') {
            pos = (size_t)(eol - all) + 1;
            continue;
        }
        group_line = line;
        in_len = unescape(all + pos, (size_t)(eol - (all + pos)), input);
        pos = (size_t)(eol - all) + 1;
        /* expected lines up to a blank line */
        while (pos < len && all[pos] != '\n') {
            eol = strchr(all + pos, '\n');
            if (eol == NULL)
                eol = all + len;
            line++;
            memcpy(want + wn, all + pos, (size_t)(eol - (all + pos)));
            wn += (size_t)(eol - (all + pos));
            want[wn++] = sentences ? '\n' : ' ';
            pos = (size_t)(eol - all) + 1;
        }
        if (!sentences && wn > 0)
            wn--;
        want[wn] = '\0';
        snprintf(where, sizeof where, "tests/cases/%s:%zu", name, group_line);
        tag_both(input, in_len, where);
        render(got, sizeof got, sentences);
        cases++;
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "%s: expected\n%s\n  got\n%s\n", where, want, got);
            failures++;
        }
    }
    free(all);
    fprintf(stderr, "%s: %d cases, %d failed\n", name, cases, failures);
    assert_int_equal(failures, 0);
    return cases;
}

static void
tokenize_cases(void **state)
{
    (void)state;
    assert_true(run_cases("tokenize.cases", 0) > 0);
}

static void
sentence_cases(void **state)
{
    (void)state;
    assert_true(run_cases("sentence.cases", 1) > 0);
}

/* Every corpus document: the fast path gives ICU's tokens. */
static void
corpus_differential(void **state)
{
    char dir[4096], path[8192];
    const char *src = getenv("KIJANG_SRCDIR");
    struct dirent *de;
    size_t len, n = 0;
    DIR *d;

    (void)state;
    snprintf(dir, sizeof dir, "%s/corpus/docs", src ? src : ".");
    d = opendir(dir);
    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        char *text;
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        text = slurp(path, &len);
        assert_non_null(text);
        tag_both(text, len, path);
        free(text);
        n++;
    }
    closedir(d);
    assert_true(n >= 25);   /* the whole corpus, not an empty directory */
}

/* Invariants on awkward text: no token holds white space or a control, and
 * every other character is in exactly one token. */
static void
token_invariants(void **state)
{
    static const char *texts[] = {
        "a\0b\tc\x01" "d\r\ne\x7F" "f\xC2\x85g",
        "\xCC\x81" "a \xCC\x81 b\xE2\x80\x8B" "c\xEF\xBB\xBF",
        "\xE3\x82\xAC\xE3\x82\xB9\xE3\x81\xA8\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAF.",
        "\xF0\x9F\x87\xAE\xF0\x9F\x87\xA9\xF0\x9F\x91\x8D\xE2\x80\x8D\xF0\x9F\x94\xA5!",
        "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 ok",
        "http://a.example/(x)). www.b.example, x@y.example.",
        "...!!?" "?--\xE2\x80\x94\xE2\x80\x93",
    };
    /* the first text holds a NUL: its length is given */
    static const size_t lens[] = {15, 0, 0, 0, 0, 0, 0};
    size_t i, k, nt;

    (void)state;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = lens[i] ? lens[i] : strlen(texts[i]), covered = 0, other = 0;
        const kj_token *tk;
        const char *t;
        tag_both(texts[i], len, "token_invariants");
        tk = kj_doc_tokens(doc_fast, &nt);
        t = kj_doc_text(doc_fast, &len);
        for (k = 0; k < nt; k++) {
            size_t p = tk[k].start, l;
            assert_true(tk[k].start < tk[k].end);
            assert_true(k == 0 || tk[k - 1].end <= tk[k].start);
            while (p < tk[k].end) {
                int32_t c = kj_utf8_decode(t + p, tk[k].end - p, &l);
                assert_true(c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0));
                assert_false(c == ' ' || c == 0xA0 || c == 0x2028);
                covered += l;
                p += l;
            }
        }
        for (k = 0; k < len;) {
            size_t l;
            int32_t c = kj_utf8_decode(t + k, len - k, &l);
            if (!kj_is_space_cp(c))
                other += l;
            k += l;
        }
        /* Format characters inside words are covered but not "other". */
        assert_true(covered >= other);
    }
}

/* Random text from pieces that stress both paths (controls, marks, format
 * characters, CJK, emoji, quotes, line ends, abbreviations): the fast paths
 * must still give ICU's tokens and sentences. Fixed seed: reproducible. */
static void
random_differential_once(void)
{
    static const char *const alpha[] = {
        "a", "A", "b", "Z", "z", "0", "9", " ", " ", "  ", ".", "!", "?", ",",
        ":", ";", "-", "'", "\"", "(", ")", "[", "]", "\t", "\n", "\n\n",
        "\r\n", "\r", "\xC3\xA9", "\xC3\x89", "\xE2\x80\x9C", "\xE2\x80\x9D",
        "\xE2\x80\x94", "\xE2\x80\xA6", "@", "#", "/", "$", "Rp", "US$",
        "http://", "www.", "\xE6\x97\xA5\xE6\x9C\xAC", "\xE3\x82\xAC",
        "\xCC\x81", "\xF0\x9F\x98\x80", "\xE2\x80\x8B", "\xC2\xA0", "Dr.",
        "dkk.", "B.J.", "1.", "A.S.", "x@y.id", "...", "'s", "ke-", "-nya",
        "Jakarta", "budi", "\xE2\x80\x99", "\xC2\xAD", "\xE2\x80\xA8",
        "\xC3\x9F", "\xCE\xA9", "\xD0\xB6", "\xD8\xA8", "\xE0\xB8\x81",
        "\x01", "\xE3\x80\x82", "\xEF\xBC\x81", "\xC2\xAB", "\xC2\xBB",
        ". ", "! ", "? ", ". \"", ".) ",
    };
    const size_t na = sizeof alpha / sizeof alpha[0];
    unsigned long x = 20261127;
    char text[512], where[64];
    int i;

    for (i = 0; i < 3000; i++) {
        size_t n = 0;
        int k, len;
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        len = 1 + (int)((x >> 33) % 25);
        for (k = 0; k < len; k++) {
            const char *p;
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            p = alpha[(x >> 33) % na];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        snprintf(where, sizeof where, "random text %d", i);
        tag_both(text, n, where);
    }
}

/* Where the processor has AVX2, BMI1 and BMI2, the segmenter's AVX2 way
 * (its masks and the vector tables of the other bytes' classes) passed its
 * check at start-up: else the tests below would test the 16-byte way
 * twice. */
static void
avx2_way_taken(void **state)
{
    (void)state;
#if defined(__GNUC__) && defined(__x86_64__) && !defined(KJ_WB_NO_AVX2)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
        __builtin_cpu_supports("bmi2"))
        assert_true(kj_wb_avx2_ok());
#endif
}

/* Every sentence terminal of ASCII followed by every two bytes of ASCII
 * but the controls (line ends and tab included), between words: the
 * splitter's sentences must be ICU's (the splitter decides the common
 * cases of these without walking UAX #29's rules). */
static void
terminal_pairs(void **state)
{
    static const char term[] = ".!?";
    char bytes[128], text[32], where[48];
    size_t nb = 0, i, j, k;
    int c;

    (void)state;
    for (c = 0x20; c < 0x7F; c++)
        bytes[nb++] = (char)c;
    bytes[nb++] = '\n';
    bytes[nb++] = '\r';
    bytes[nb++] = '\t';
    for (k = 0; k < sizeof term - 1; k++)
        for (i = 0; i < nb; i++)
            for (j = 0; j < nb; j++) {
                int n = snprintf(text, sizeof text, "Kata%c%c%ckata Dia.",
                                 term[k], bytes[i], bytes[j]);
                snprintf(where, sizeof where, "terminal %c %02X %02X", term[k],
                         (unsigned)(unsigned char)bytes[i],
                         (unsigned)(unsigned char)bytes[j]);
                tag_both(text, (size_t)n, where);
            }
}

/* The above with the AVX2 and BMI ways (where the processor has them) and
 * with the 16-byte and non-BMI ways. */
static void
random_differential(void **state)
{
    (void)state;
    kj_wb_set_wide_isa(1);
    random_differential_once();
    kj_wb_set_wide_isa(0);
    random_differential_once();
    kj_wb_set_wide_isa(1);
}

/* Long random text of mostly plain runs, with the runs the tokenizer's
 * rules start at (abbreviations, initials, currency prefixes and signs,
 * hyphens, dates, URLs, tags, e-mail addresses, runs of marks) at every
 * place of its 64-byte windows, and words and white space that cross them:
 * the windows' tokens must be ICU's. Fixed seed: reproducible. */
static void
window_differential_once(void)
{
    static const char *const alpha[] = {
        "dia", "Jakarta", "2022", "RI", "a", "M", "x", " ", " ", " ", " ",
        "\n", "\n\n", "\t", ".", ",", "(", ")", "\"", "'", "!", "?", "-", ":",
        "/", "$", "#", "@", "_", ";", "%", "dia.", "Dr.", "dkk.", "M.", "1.",
        "B.J.", "Rp10", "RM5", "US$", "a-b", "Undang-Undang", "10:30",
        "11/1/2022", "http://a.id/x", "https://", "www.b.id", "#tag", "@user",
        "x@y.id", "...", "?!", "--", "Asia's", "\xE2\x80\x9C", "\xC2\xA0",
        "\xCC\x81", "1.500", "ke-2", "(Dr.", "Nuh", "A1", "a1", "T3.",
        "M. Nuh", "A. Yani.", "B.\nBudi", "X.Y.", "Q.Z. Budi", "www.c.id%20x",
        "Ma'ruf", "1;5", "2,35", "a,b", "M.Si",
    };
    const size_t na = sizeof alpha / sizeof alpha[0];
    unsigned long x = 20261130;
    char text[1200], where[64];
    int i;

    assert_true(kj_wb_windows_ok());   /* the windows are what is tested */
    for (i = 0; i < 1500; i++) {
        size_t n = 0, j, rep;
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        while (n < 700 + (x >> 33) % 300) {
            const char *p;
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            p = alpha[(x >> 33) % na];
            /* now and then a long word or a long stretch of white space */
            rep = (x >> 20) % 16 == 0 ? 1 + (x >> 10) % 70 : 1;
            for (j = 0; j < rep && n + strlen(p) < sizeof text; j++) {
                memcpy(text + n, p, strlen(p));
                n += strlen(p);
            }
        }
        snprintf(where, sizeof where, "window text %d", i);
        tag_both(text, n, where);
    }
}

/* The above with the AVX2 and BMI ways (where the processor has them) and
 * with the 16-byte and non-BMI ways. */
static void
window_differential(void **state)
{
    (void)state;
    kj_wb_set_wide_isa(1);
    window_differential_once();
    kj_wb_set_wide_isa(0);
    window_differential_once();
    kj_wb_set_wide_isa(1);
}

/* The pieces of p[0..n) trimmed of ASCII white space, the empty ones left
 * out, in place. */
static size_t
trim_space_pieces(const char *t, kj_piece *p, size_t n)
{
    size_t i, m = 0;

    for (i = 0; i < n; i++) {
        size_t s = p[i].start, e = p[i].end;
        while (s < e && t[s] != '\0' && strchr(" \t\n\r\v\f", t[s]))
            s++;
        while (e > s && t[e - 1] != '\0' && strchr(" \t\n\r\v\f", t[e - 1]))
            e--;
        if (s < e) {
            p[m].start = s;
            p[m++].end = e;
        }
    }
    return m;
}

/* kj_wb_segment()'s pieces of t[0..n), fast path and ICU's (in *fast and
 * *icu), trimmed of ASCII white space, must be the same (what: the text's
 * name for the failure). */
static void
same_pieces(kj_wb *wb, const char *t, size_t n, kj_pieces *fast,
            kj_pieces *icu, const char *what)
{
    size_t nf, ni, k;

    assert_int_equal(kj_wb_segment(wb, t, n, 0, fast), KJ_OK);
    assert_int_equal(kj_wb_segment(wb, t, n, 1, icu), KJ_OK);
    nf = trim_space_pieces(t, fast->p, fast->n);
    ni = trim_space_pieces(t, icu->p, icu->n);
    for (k = 0; k < nf && k < ni; k++)
        if (fast->p[k].start != icu->p[k].start || fast->p[k].end != icu->p[k].end)
            break;
    if (k < nf || k < ni)
        fail_msg("%s (%zu bytes): piece %zu differs: fast [%zu, %zu) "
                 "icu [%zu, %zu)", what, n, k,
                 k < nf ? fast->p[k].start : 0, k < nf ? fast->p[k].end : 0,
                 k < ni ? icu->p[k].start : 0, k < ni ? icu->p[k].end : 0);
}

/* Every code point of the fast path's table (U+0080..U+2FFF, built a block
 * of 256 at a time as texts need them) between two letters, two digits
 * and two spaces: the fast path's pieces must be ICU's. */
static void
every_table_code_point(void **state)
{
    static const char *const ctx[] = {"a", "1", " "};
    kj_wb *wb = kj_wb_new();
    kj_pieces fast = {NULL, 0, 0, 0}, icu = {NULL, 0, 0, 0};
    char text[16], where[32];
    int32_t c;
    size_t k, n;

    (void)state;
    assert_non_null(wb);
    assert_true(kj_wb_fast_path_ok());
    for (c = 0x80; c < 0x3000; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        for (k = 0; k < sizeof ctx / sizeof ctx[0]; k++) {
            n = 0;
            text[n++] = ctx[k][0];
            put_utf8(text, &n, (unsigned long)c);
            text[n++] = ctx[k][0];
            snprintf(where, sizeof where, "U+%04X in %s", (unsigned)c, ctx[k]);
            same_pieces(wb, text, n, &fast, &icu, where);
        }
    }
    kj_free(fast.p);
    kj_free(icu.p);
    kj_wb_free(wb);
}

/* Word boundaries straight from kj_wb_segment(): the fast path's pieces are
 * ICU's but for the white space (a piece may take in more or less of it).
 * Long words and long stretches of white space cross the fast path's
 * 64-byte windows; each text sits at the very end of its allocation, so
 * that a read past it shows under ASan and valgrind. Fixed seed:
 * reproducible. */
static void
pieces_differential(void **state)
{
    static const char *const alpha[] = {
        "a", "Z", "q", "7", "0", " ", " ", " ", ".", ",", "(", ")", "\"", "'",
        "-", "/", ":", "@", "_", "`", "[", "~", "\t", "\n", "\r\n", "\v",
        "\f", "\x01", "\x7F", "\xC3\xA9", "\xCC\x81", "\xE2\x80\x99",
        "\xE6\x97\xA5", "\xC2\xA0", "1.5", "a.b", "x_y", "3,", "U.S.",
    };
    const size_t na = sizeof alpha / sizeof alpha[0];
    unsigned long x = 20261128;
    kj_wb *wb = kj_wb_new();
    kj_pieces fast = {NULL, 0, 0, 0}, icu = {NULL, 0, 0, 0};
    char text[1024], where[32];
    int i;

    (void)state;
    assert_non_null(wb);
    assert_true(kj_wb_fast_path_ok());
    for (i = 0; i < 20000; i++) {
        size_t n = 0;
        int len;
        char *t;

        x = x * 6364136223846793005UL + 1442695040888963407UL;
        len = 1 + (int)((x >> 33) % 60);
        while (len-- > 0 && n < sizeof text - 100) {
            const char *p;
            size_t rep, j;
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            p = alpha[(x >> 33) % na];
            /* now and then a long stretch of the same: words, spaces */
            rep = (x >> 20) % 8 == 0 ? 1 + (x >> 10) % 80 : 1;
            for (j = 0; j < rep && n + strlen(p) < sizeof text - 100; j++) {
                memcpy(text + n, p, strlen(p));
                n += strlen(p);
            }
        }
        t = malloc(n);
        assert_non_null(t);
        memcpy(t, text, n);
        snprintf(where, sizeof where, "text %d", i);
        same_pieces(wb, t, n, &fast, &icu, where);
        free(t);
    }
    kj_free(fast.p);
    kj_free(icu.p);
    kj_wb_free(wb);
}

static const char *
key_of(const char *s)
{
    static char out[256];
    kj_buf b;

    kj_buf_init(&b);
    assert_int_equal(kj_key_append(&b, s, strlen(s)), KJ_OK);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    kj_buf_free(&b);
    return out;
}

static void
keys(void **state)
{
    size_t n;
    const char *k;

    (void)state;
    assert_string_equal(key_of("JAKARTA"), "jakarta");
    /* ASCII is lowered eight bytes at a time: the neighbours of A-Z stay */
    assert_string_equal(key_of("@AZ[`az{ KEMENTERIAN Perindustrian-XYZ\x7F"),
                        "@az[`az{ kementerian perindustrian-xyz\x7F");
    assert_string_equal(key_of("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
                        "abcdefghijklmnopqrstuvwxyz0123456789");
    /* every length, with the capital and the neighbours of A-Z at every
     * place: the tails are read with overlapping loads */
    {
        static const char alphabet[] = "@Z[`a{Q";
        char in[24], want[24];
        size_t len, at;
        for (len = 1; len <= 20; len++)
            for (at = 0; at < len; at++) {
                size_t i;
                for (i = 0; i < len; i++) {
                    in[i] = alphabet[(i + at) % 7];
                    want[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] + 32) : in[i];
                }
                in[at] = 'M';
                want[at] = 'm';
                in[len] = want[len] = '\0';
                assert_string_equal(key_of(in), want);
                /* a non-ASCII letter at `at`: the whole text goes to utf8proc */
                if (len + 1 < sizeof in) {
                    memmove(in + at + 2, in + at + 1, len - at);
                    in[at] = '\xC3';   /* \xC3\x89 is E acute, key "e" */
                    in[at + 1] = '\x89';
                    want[at] = 'e';
                    for (i = 0; i < len; i++)   /* utf8proc's path folds ` */
                        if (want[i] == '`')
                            want[i] = '\'';
                    assert_string_equal(key_of(in), want);
                }
            }
    }
    /* one non-ASCII byte after eight ASCII ones still goes to utf8proc */
    assert_string_equal(key_of("ABCDEFGH\xC3\x89"), "abcdefghe");
    assert_string_equal(key_of("K\xC5\x8D" "ichi"), "koichi");              /* Kōichi */
    assert_string_equal(key_of("\xEF\xBC\xAD\xEF\xBC\xA5\xEF\xBC\xB4\xEF\xBC\xA9"), "meti"); /* ＭＥＴＩ */
    assert_string_equal(key_of("Ma\xE2\x80\x99ruf"), "ma'ruf");             /* Ma’ruf */
    assert_string_equal(key_of("Stra\xC3\x9F" "e"), "strasse");             /* Straße */
    assert_string_equal(key_of("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"), /* Αθήνα */
                        "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1");
    assert_string_equal(key_of("\xD0\x99" "o"), "\xD0\xB8" "o");             /* Й: mark goes */
    /* kana keep their voicing marks: ガス stays ガス */
    assert_string_equal(key_of("\xE3\x82\xAC\xE3\x82\xB9"), "\xE3\x82\xAC\xE3\x82\xB9");
    /* half-width katakana become full-width (NFKC) */
    assert_string_equal(key_of("\xEF\xBD\xB6\xEF\xBE\x9E"), "\xE3\x82\xAC");
    /* Devanagari keeps its signs */
    assert_string_equal(key_of("\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82"),
                        "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82");
    /* decomposed input composes like precomposed */
    assert_string_equal(key_of("e\xCC\x81t\xC3\xA9"), "ete");
    /* keys of a tagged document; the text is unchanged */
    assert_int_equal(kj_doc_set_text(doc_fast, "k", "Kōichi METI", 12), KJ_OK);
    assert_int_equal(kj_tag(fast_tagger, doc_fast), KJ_OK);
    k = kj_doc_token_key(doc_fast, 0, &n);
    assert_int_equal(n, 6);
    assert_memory_equal(k, "koichi", 6);
    k = kj_doc_token_key(doc_fast, 1, &n);
    assert_memory_equal(k, "meti", 4);
    assert_null(kj_doc_token_key(doc_fast, 2, &n));
    assert_string_equal(kj_doc_text(doc_fast, NULL), "Kōichi METI");
}

/* Interning: texts short and long (the 8-byte heads; longer texts
 * compared past them), more distinct texts than the table starts with (so
 * it doubles), repeats, and the same word in other case (other text
 * classes, the same key). */
static void
interning(void **state)
{
    static char text[200000];
    size_t n = 0, k, ntok;
    int w;

    (void)state;
    for (k = 0; k < 2; k++)   /* 3,000 distinct words, twice */
        for (w = 0; w < 3000; w++)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%d ",
                                  w % 2 ? "Kata" : "kata_panjang_sekali", w);
    n += (size_t)snprintf(text + n, sizeof text - n, "KATA1 kata1 Kata1");
    assert_int_equal(kj_doc_set_text(doc_fast, "i", text, n), KJ_OK);
    assert_int_equal(kj_tag(fast_tagger, doc_fast), KJ_OK);
    (void)kj_doc_tokens(doc_fast, &ntok);
    assert_int_equal(ntok, 6003);
    for (k = 0; k < 3000; k++) {
        assert_int_equal(doc_fast->text_cls[k], doc_fast->text_cls[k + 3000]);
        if (k > 0)
            assert_int_not_equal(doc_fast->text_cls[k], doc_fast->text_cls[k - 1]);
    }
    /* "KATA1" and "kata1" are new texts with the key of "Kata1" (word 1) */
    assert_int_not_equal(doc_fast->text_cls[6000], doc_fast->text_cls[6001]);
    assert_int_not_equal(doc_fast->text_cls[6000], doc_fast->text_cls[1]);
    {
        size_t la, lb, lc;
        const char *a = kj_doc_token_key(doc_fast, 6000, &la);
        const char *b = kj_doc_token_key(doc_fast, 6001, &lb);
        const char *c = kj_doc_token_key(doc_fast, 1, &lc);
        assert_int_equal(la, 5);
        assert_int_equal(lb, 5);
        assert_int_equal(lc, 5);
        assert_memory_equal(a, "kata1", 5);
        assert_memory_equal(b, "kata1", 5);
        assert_memory_equal(c, "kata1", 5);
        /* every key is its text's, wherever the text recurs */
        for (k = 0; k < 3000; k++) {
            a = kj_doc_token_key(doc_fast, k, &la);
            b = kj_doc_token_key(doc_fast, k + 3000, &lb);
            assert_int_equal(la, lb);
            assert_ptr_equal(a, b);
        }
    }
    assert_int_equal(doc_fast->text_cls[6002], doc_fast->text_cls[1]);
    assert_true(doc_fast->tok_flags[6000] & KJ_TF_CAP);
    assert_false(doc_fast->tok_flags[6001] & KJ_TF_CAP);
    assert_int_equal(doc_fast->num_text_cls, 3002);
    /* long texts that differ only between their first and last 8 bytes
     * share a hash: told apart by comparing */
    n = (size_t)snprintf(text, sizeof text, "abcdefgh_%s_12345678 abcdefgh_%s_12345678 "
                         "abcdefgh_%s_12345678 abcdefgh_%s_12345678", "X", "Y", "X", "Z");
    assert_int_equal(kj_doc_set_text(doc_fast, "m", text, n), KJ_OK);
    assert_int_equal(kj_tag(fast_tagger, doc_fast), KJ_OK);
    (void)kj_doc_tokens(doc_fast, &ntok);
    assert_int_equal(ntok, 4);
    assert_int_equal(doc_fast->num_text_cls, 3);
    assert_int_equal(doc_fast->text_cls[2], doc_fast->text_cls[0]);
    assert_int_not_equal(doc_fast->text_cls[1], doc_fast->text_cls[0]);
    assert_int_not_equal(doc_fast->text_cls[3], doc_fast->text_cls[1]);
}

/* Every new text class gets its key, the key's kj_lexhash() and its flags,
 * whichever way it is made: texts of 1 to 12 bytes, ASCII (up to 8 bytes
 * these take a path of their own) with the capital and the edges of A-Z
 * and 0-9 at every place, the same with a non-ASCII letter, the
 * punctuation that has flags, and a short text at the very end. */
static void
text_class_keys(void **state)
{
    static const char alphabet[] = "AZaz09_q";
    static char text[20000];
    size_t n = 0, len, at, i, ntok;
    const kj_token *tok;

    (void)state;
    for (len = 1; len <= 12; len++)
        for (at = 0; at < len; at++) {
            char w[16];
            for (i = 0; i < len; i++)
                w[i] = alphabet[(i + at) % 8];
            w[at] = 'M';
            n += (size_t)snprintf(text + n, sizeof text - n, "%.*s , ( ) . %.*s\xC3\x89%.*s ",
                                  (int)len, w, (int)at, w, (int)(len - at), w);
        }
    n += (size_t)snprintf(text + n, sizeof text - n, "\xC3\x89 Ab");
    assert_int_equal(kj_doc_set_text(doc_fast, "c", text, n), KJ_OK);
    assert_int_equal(kj_tag(fast_tagger, doc_fast), KJ_OK);
    tok = kj_doc_tokens(doc_fast, &ntok);
    assert_int_equal(ntok, 78 * 6 + 2);
    for (i = 0; i < ntok; i++) {
        char t[32];
        size_t tl = tok[i].end - tok[i].start, kl;
        const char *k = kj_doc_token_key(doc_fast, i, &kl);
        uint32_t c = doc_fast->text_cls[i];
        unsigned char f = doc_fast->tok_flags[i];

        assert_true(tl < sizeof t);
        memcpy(t, text + tok[i].start, tl);
        t[tl] = '\0';
        assert_int_equal(kl, strlen(key_of(t)));
        assert_memory_equal(k, key_of(t), kl);
        assert_true(doc_fast->cls_hash[c] == kj_lexhash(k, kl));
        assert_int_equal(!!(f & KJ_TF_CAP), (t[0] >= 'A' && t[0] <= 'Z') ||
                                            (unsigned char)t[0] == 0xC3);
        assert_int_equal(!!(f & KJ_TF_COMMA), strcmp(t, ",") == 0);
        assert_int_equal(!!(f & KJ_TF_LPAREN), strcmp(t, "(") == 0);
        assert_int_equal(!!(f & KJ_TF_RPAREN), strcmp(t, ")") == 0);
    }
}

/* The abbreviation table (a hash table built once) answers as a plain
 * search of the list: every entry, its prefixes, with a byte added, with
 * its first letter in the other case, and longer texts. */
static int
listed_kind(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < kj_num_abbrevs; i++)
        if (kj_abbrevs[i].len == n && memcmp(kj_abbrevs[i].s, s, n) == 0)
            return kj_abbrevs[i].kind;
    return KJ_ABBREV_NONE;
}

static void
abbreviations(void **state)
{
    static const char *const others[] = {
        "pemerintahan.", "Kementerian.", "dll", "Tbk", "x", "", "........."
    };
    char buf[64];
    size_t i, k;

    (void)state;
    assert_true(kj_num_abbrevs > 0);
    for (i = 0; i < kj_num_abbrevs; i++) {
        const kj_abbrev *a = &kj_abbrevs[i];
        assert_true(a->len + 2 < sizeof buf);
        assert_int_equal(kj_abbrev_kind(a->s, a->len), a->kind);
        for (k = 0; k <= a->len; k++)
            assert_int_equal(kj_abbrev_kind(a->s, k), listed_kind(a->s, k));
        memcpy(buf, a->s, a->len);
        buf[a->len] = 'x';
        assert_int_equal(kj_abbrev_kind(buf, a->len + 1), listed_kind(buf, a->len + 1));
        buf[0] ^= 0x20;   /* the other case, for a letter */
        assert_int_equal(kj_abbrev_kind(buf, a->len), listed_kind(buf, a->len));
    }
    for (i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_int_equal(kj_abbrev_kind(others[i], strlen(others[i])),
                         listed_kind(others[i], strlen(others[i])));
}

/* Every listed abbreviation inside text, before a word and at the end (the
 * windows ask the list about a word and its dot only when the word is no
 * longer than the longest abbreviation): the tokens and sentences of both
 * tokenizers. */
static void
abbreviations_in_text(void **state)
{
    char text[128], where[96];
    size_t i;
    int n;

    (void)state;
    for (i = 0; i < kj_num_abbrevs; i++) {
        const kj_abbrev *a = &kj_abbrevs[i];
        n = snprintf(text, sizeof text, "Kata %.*s berikut %.*s",
                     (int)a->len, a->s, (int)a->len, a->s);
        assert_true(n > 0 && (size_t)n < sizeof text);
        snprintf(where, sizeof where, "abbreviation %.*s", (int)a->len, a->s);
        tag_both(text, (size_t)n, where);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenize_cases),
        cmocka_unit_test(sentence_cases),
        cmocka_unit_test(corpus_differential),
        cmocka_unit_test(token_invariants),
        cmocka_unit_test(avx2_way_taken),
        cmocka_unit_test(terminal_pairs),
        cmocka_unit_test(random_differential),
        cmocka_unit_test(window_differential),
        cmocka_unit_test(pieces_differential),
        cmocka_unit_test(every_table_code_point),
        cmocka_unit_test(keys),
        cmocka_unit_test(interning),
        cmocka_unit_test(text_class_keys),
        cmocka_unit_test(abbreviations),
        cmocka_unit_test(abbreviations_in_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
