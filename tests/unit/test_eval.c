/* SPDX-License-Identifier: MIT */
/* test_eval.c - exact-span scoring and error analysis, against hand counts */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "eval.h"

static void
add(kj_eval *ev, int side, size_t doc, size_t s, size_t e, const char *label,
    const char *source)
{
    assert_int_equal(kj_eval_add(ev, side, doc, s, e, label, source, label,
                                 strlen(label), (long)(s + 1)), 0);
}

/* Two documents; one span of each kind of error, added out of order:
 *   gold PER [0,2) LOC [3,4) ORG [5,7) PER [8,9) | doc 1: LOC [0,1)
 *   pred PER [0,2) ORG [3,4) ORG [5,6) LOC [10,11) | doc 1: LOC [0,1)
 * correct 2 of 5 on each side: P = R = F1 = 0.4. */
static kj_eval *
scored(void)
{
    kj_eval *ev = kj_eval_new();

    assert_non_null(ev);
    add(ev, KJ_EVAL_PRED, 0, 10, 11, "LOC", "a.tsv:2");
    add(ev, KJ_EVAL_GOLD, 1, 0, 1, "LOC", NULL);
    add(ev, KJ_EVAL_GOLD, 0, 8, 9, "PER", NULL);
    add(ev, KJ_EVAL_PRED, 0, 3, 4, "ORG", "a.tsv:2");
    add(ev, KJ_EVAL_GOLD, 0, 0, 2, "PER", NULL);
    add(ev, KJ_EVAL_PRED, 0, 5, 6, "ORG", "rule:head");
    add(ev, KJ_EVAL_GOLD, 0, 3, 4, "LOC", NULL);
    add(ev, KJ_EVAL_PRED, 1, 0, 1, "LOC", NULL);
    add(ev, KJ_EVAL_GOLD, 0, 5, 7, "ORG", NULL);
    add(ev, KJ_EVAL_PRED, 0, 0, 2, "PER", "a.tsv:1");
    assert_int_equal(kj_eval_finish(ev), 0);
    return ev;
}

static void
counts_and_scores(void **state)
{
    kj_eval *ev = scored();
    const kj_eval_counts *all = kj_eval_overall(ev);
    const kj_eval_label *labs;
    size_t n;

    (void)state;
    assert_int_equal(all->gold, 5);
    assert_int_equal(all->pred, 5);
    assert_int_equal(all->correct, 2);
    assert_true(kj_eval_precision(all) == 0.4);
    assert_true(kj_eval_recall(all) == 0.4);
    assert_true(kj_eval_f1(all) > 0.3999 && kj_eval_f1(all) < 0.4001);
    labs = kj_eval_labels(ev, &n);
    assert_int_equal(n, 3);
    assert_string_equal(labs[0].label, "LOC");   /* sorted by name */
    assert_int_equal(labs[0].c.gold, 2);
    assert_int_equal(labs[0].c.pred, 2);
    assert_int_equal(labs[0].c.correct, 1);
    assert_string_equal(labs[1].label, "ORG");
    assert_int_equal(labs[1].c.gold, 1);
    assert_int_equal(labs[1].c.pred, 2);
    assert_int_equal(labs[1].c.correct, 0);
    assert_string_equal(labs[2].label, "PER");
    assert_int_equal(labs[2].c.gold, 2);
    assert_int_equal(labs[2].c.pred, 1);
    assert_int_equal(labs[2].c.correct, 1);
    kj_eval_free(ev);
}

static void
errors_are_classified(void **state)
{
    kj_eval *ev = scored();
    const kj_eval_error *e;
    const kj_eval_label *labs;
    size_t n;

    (void)state;
    e = kj_eval_errors(ev, &n);
    assert_int_equal(n, 4);
    assert_int_equal(e[0].kind, KJ_EVAL_MISSED);
    assert_int_equal(e[0].gold->start, 8);
    assert_null(e[0].pred);
    assert_int_equal(e[1].kind, KJ_EVAL_SPURIOUS);
    assert_int_equal(e[1].pred->start, 10);
    assert_null(e[1].gold);
    assert_int_equal(e[2].kind, KJ_EVAL_LABEL);
    assert_string_equal(e[2].gold->label, "LOC");
    assert_string_equal(e[2].pred->label, "ORG");
    assert_int_equal(e[3].kind, KJ_EVAL_BOUNDARY);
    assert_int_equal(e[3].gold->end, 7);
    assert_int_equal(e[3].pred->end, 6);
    assert_int_equal(kj_eval_error_count(ev, KJ_EVAL_MISSED), 1);
    assert_int_equal(kj_eval_error_count(ev, KJ_EVAL_BOUNDARY), 1);
    labs = kj_eval_labels(ev, &n);
    assert_int_equal(labs[0].errors[KJ_EVAL_LABEL], 1);    /* gold LOC */
    assert_int_equal(labs[0].errors[KJ_EVAL_SPURIOUS], 1); /* pred LOC */
    assert_int_equal(labs[1].errors[KJ_EVAL_BOUNDARY], 1); /* gold ORG */
    assert_int_equal(labs[2].errors[KJ_EVAL_MISSED], 1);   /* gold PER */
    kj_eval_free(ev);
}

static void
false_positives_by_source(void **state)
{
    kj_eval *ev = scored();
    const kj_eval_source *s;
    size_t n;

    (void)state;
    s = kj_eval_sources(ev, 0, &n);
    assert_int_equal(n, 3);
    assert_string_equal(s[0].source, "a.tsv:2");
    assert_int_equal(s[0].fp, 2);
    assert_int_equal(s[0].tp, 0);
    assert_int_equal(s[0].example->start, 3);   /* the first by position */
    assert_string_equal(s[1].source, "rule:head");
    assert_int_equal(s[1].fp, 1);
    assert_string_equal(s[2].source, "a.tsv:1");
    assert_int_equal(s[2].fp, 0);
    assert_int_equal(s[2].tp, 1);
    assert_null(s[2].example);
    s = kj_eval_sources(ev, 1, &n);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].source, "a.tsv");
    assert_int_equal(s[0].fp, 2);
    assert_int_equal(s[0].tp, 1);
    assert_string_equal(s[1].source, "rule:head");
    kj_eval_free(ev);
}

/* A long gold span is found overlapping from far behind; a span nothing
 * touches on either side is missed or spurious; an empty run scores 0. */
static void
overlap_search_and_empty(void **state)
{
    kj_eval *ev = kj_eval_new();
    size_t n;

    (void)state;
    add(ev, KJ_EVAL_GOLD, 0, 0, 100, "ORG", NULL);
    add(ev, KJ_EVAL_GOLD, 0, 50, 51, "LOC", NULL);
    add(ev, KJ_EVAL_PRED, 0, 98, 99, "LOC", NULL);
    assert_int_equal(kj_eval_finish(ev), 0);
    assert_int_equal(kj_eval_error_count(ev, KJ_EVAL_BOUNDARY), 1);
    assert_int_equal(kj_eval_error_count(ev, KJ_EVAL_MISSED), 1);
    assert_int_equal(kj_eval_errors(ev, &n)[0].gold->start, 50);
    kj_eval_free(ev);

    ev = kj_eval_new();
    assert_int_equal(kj_eval_finish(ev), 0);
    assert_true(kj_eval_f1(kj_eval_overall(ev)) == 0.0);
    assert_int_equal(kj_eval_labels(ev, &n) == NULL || n == 0, 1);
    kj_eval_free(ev);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_scores),
        cmocka_unit_test(errors_are_classified),
        cmocka_unit_test(false_positives_by_source),
        cmocka_unit_test(overlap_search_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
