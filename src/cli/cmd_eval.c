/* SPDX-License-Identifier: MIT */
/* cmd_eval.c - kijang eval: exact-span scores and what went wrong
 *
 * Prints conlleval's report (counts, then overall and per-type precision,
 * recall and FB1), then the errors counted by kind and label, the false
 * positives by provenance (when PRED carries it), and each error with its
 * place. --json prints the same as one JSON object.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "eval_read.h"
#include "json.h"

enum {
    E_LABEL_MAP,
    E_LABELS,
    E_SOURCE_COLUMN,
    E_JSON,
    E_ERRORS,
    E_MIN_F1,
    E_HELP
};

const cli_option eval_options[] = {
    [E_LABEL_MAP] = {"label-map", 'm', "FILE",
                     "map labels of both sides (TSV FROM<TAB>TO; TO=O drops)"},
    [E_LABELS] = {"labels", 0, "LIST", "score only these labels (comma-separated)"},
    [E_SOURCE_COLUMN] = {"source-column", 0, "N",
                         "CoNLL PRED: provenance in column N (0: none; "
                         "default: detect)"},
    [E_JSON] = {"json", 0, NULL, "print the report as one JSON object"},
    [E_ERRORS] = {"errors", 0, "N",
                  "list at most N errors of each kind (default all)"},
    [E_MIN_F1] = {"min-f1", 0, "F1", "exit 1 when overall F1 is below F1"},
    [E_HELP] = {"help", 'h', NULL, "show this help and exit"},
};
const size_t num_eval_options = sizeof eval_options / sizeof eval_options[0];

void
cli_eval_help(FILE *out)
{
    fputs("Usage: kijang eval [OPTIONS] GOLD PRED\n"
          "       kijang eval [OPTIONS] FILE\n"
          "Score PRED against GOLD on exact spans (conlleval's definition) and\n"
          "say what went wrong: missed, spurious, wrong label, wrong boundary,\n"
          "and which lexicon entry or rule made each false positive.\n\n"
          "GOLD and PRED are both CoNLL (token first, tag last; IOB1, IOB2, BIOES\n"
          "or IO; the same tokens one for one) or both JSONL (one document a\n"
          "line, paired in order; \"entities\" as [start, end, label] or\n"
          "{\"start\", \"end\", \"label\", \"source\"} in code points of \"text\").\n"
          "With one FILE, its last two columns are the gold and the predicted\n"
          "tag (kijang tag --keep-columns output). Provenance comes from JSONL\n"
          "\"source\" or the CoNLL column kijang tag --columns source adds.\n"
          "\nOptions:\n", out);
    cli_print_options(out, eval_options, num_eval_options);
    fputs("\nFor eval, exit status 1 means the files could not be scored, a\n"
          "document of PRED was an error record, or F1 was below --min-f1.\n\n",
          out);
    fputs(cli_exit_codes_help, out);
}

typedef struct eval_run {
    eval_config cfg;
    int json;
    long max_errors;      /* -1: all */
    double min_f1;        /* < 0: no threshold */
    int help;
    int status;
} eval_run;

static int
parse_number(const char *opt, const char *arg, double lo, double hi, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(arg, &end);
    if (errno || end == arg || *end || v < lo || v > hi)
        return cli_usage_error("eval", "invalid value '%s' for --%s", arg, opt);
    *out = v;
    return 0;
}

static int
parse_labels(eval_config *cfg, const char *arg)
{
    char *p, *save = NULL;
    size_t n = 0;

    free(cfg->keep);
    free(cfg->keep_buf);
    cfg->keep_buf = strdup(arg);
    cfg->keep = calloc(strlen(arg) / 2 + 2, sizeof(char *));
    if (cfg->keep_buf == NULL || cfg->keep == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        return -1;
    }
    for (p = strtok_r(cfg->keep_buf, ",", &save); p;
         p = strtok_r(NULL, ",", &save))
        cfg->keep[n++] = p;
    cfg->nkeep = n;
    if (n == 0)
        return cli_usage_error("eval", "--labels needs at least one label");
    return 0;
}

static int
on_option(void *ctx, size_t index, const char *arg)
{
    eval_run *run = ctx;
    double v;

    switch (index) {
    case E_LABEL_MAP:
        if (eval_load_map(&run->cfg, arg) != KJ_EXIT_OK) {
            run->status = KJ_EXIT_DATA;
            return -1;
        }
        return 0;
    case E_LABELS:
        return parse_labels(&run->cfg, arg);
    case E_SOURCE_COLUMN:
        if (parse_number("source-column", arg, 0, 64, &v) != 0 || v != (int)v)
            return v != (int)v ? cli_usage_error("eval", "invalid value '%s' "
                                                 "for --source-column", arg) : -1;
        run->cfg.source_column = v == 0 ? -1 : (int)v;
        return 0;
    case E_JSON:
        run->json = 1;
        return 0;
    case E_ERRORS:
        if (parse_number("errors", arg, 0, 1e15, &v) != 0)
            return -1;
        run->max_errors = (long)v;
        return 0;
    case E_MIN_F1:
        return parse_number("min-f1", arg, 0, 1, &run->min_f1);
    default:
        run->help = 1;
        return 0;
    }
}

/* ---- the text report --------------------------------------------------- */

static double
pct(double x)
{
    return 100.0 * x;
}

/* conlleval's lines: totals, overall, one per label. */
static void
print_scores(FILE *out, const eval_input *in)
{
    const kj_eval_counts *all = kj_eval_overall(in->ev);
    const kj_eval_label *labs;
    size_t n, i;

    fprintf(out, "processed %zu %s with %zu phrases; found: %zu phrases; "
            "correct: %zu.\n", in->units, in->jsonl ? "code points" : "tokens",
            all->gold, all->pred, all->correct);
    fprintf(out, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; "
            "FB1: %6.2f\n",
            in->units ? pct((double)in->units_correct / (double)in->units) : 0.0,
            pct(kj_eval_precision(all)), pct(kj_eval_recall(all)),
            pct(kj_eval_f1(all)));
    labs = kj_eval_labels(in->ev, &n);
    for (i = 0; i < n; i++)
        fprintf(out, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  "
                "%zu\n", labs[i].label, pct(kj_eval_precision(&labs[i].c)),
                pct(kj_eval_recall(&labs[i].c)), pct(kj_eval_f1(&labs[i].c)),
                labs[i].c.pred);
}

static void
print_error_counts(FILE *out, const eval_input *in)
{
    const kj_eval_label *labs;
    size_t n, i, total = 0;
    int k;

    for (k = 0; k < KJ_EVAL_NUM_KINDS; k++)
        total += kj_eval_error_count(in->ev, (kj_eval_error_kind)k);
    fprintf(out, "\nerrors: %zu (missed %zu, spurious %zu, wrong label %zu, "
            "wrong boundary %zu)\n", total,
            kj_eval_error_count(in->ev, KJ_EVAL_MISSED),
            kj_eval_error_count(in->ev, KJ_EVAL_SPURIOUS),
            kj_eval_error_count(in->ev, KJ_EVAL_LABEL),
            kj_eval_error_count(in->ev, KJ_EVAL_BOUNDARY));
    if (total == 0)
        return;
    fprintf(out, "%17s  %8s %8s %11s %14s\n", "", "missed", "spurious",
            "wrong-label", "wrong-boundary");
    labs = kj_eval_labels(in->ev, &n);
    for (i = 0; i < n; i++)
        fprintf(out, "%17s  %8zu %8zu %11zu %14zu\n", labs[i].label,
                labs[i].errors[0], labs[i].errors[1], labs[i].errors[2],
                labs[i].errors[3]);
}

/* Where a span is: FILE:LINE, plus [start,end) in JSONL. */
static void
print_where(FILE *out, const eval_input *in, const kj_eval_span *s, int side)
{
    fprintf(out, "%s:%ld", side == KJ_EVAL_GOLD ? in->gold_path : in->pred_path,
            s->line);
    if (in->jsonl)
        fprintf(out, " [%zu,%zu)", s->start, s->end);
}

static void
print_sources(FILE *out, const eval_run *run, const eval_input *in)
{
    const kj_eval_source *src;
    size_t n, i;
    long shown = 0;

    src = kj_eval_sources(in->ev, 1, &n);
    if (n == 0)
        return;
    fprintf(out, "\nfalse positives by lexicon file or rule, most first:\n"
            "%8s %8s  %s\n", "fp", "tp", "source");
    for (i = 0; i < n; i++)
        fprintf(out, "%8zu %8zu  %s\n", src[i].fp, src[i].tp, src[i].source);
    src = kj_eval_sources(in->ev, 0, &n);
    if (run->max_errors == 0 || n == 0 || src[0].fp == 0)
        return;
    fprintf(out, "\nfalse positives by entry or rule, most first:\n"
            "%8s %8s  %s\n", "fp", "tp", "source: first false positive");
    for (i = 0; i < n && src[i].fp > 0; i++) {
        if (run->max_errors >= 0 && shown++ >= run->max_errors)
            break;
        fprintf(out, "%8zu %8zu  %s: %s \"%s\" at ", src[i].fp, src[i].tp,
                src[i].source, src[i].example->label, src[i].example->text);
        print_where(out, in, src[i].example, KJ_EVAL_PRED);
        fputc('\n', out);
    }
}

static void
print_error(FILE *out, const eval_input *in, const kj_eval_error *e)
{
    const kj_eval_span *g = e->gold, *p = e->pred;

    fputs("  ", out);
    print_where(out, in, g ? g : p, g ? KJ_EVAL_GOLD : KJ_EVAL_PRED);
    if (g && p)
        fprintf(out, "  gold %s \"%s\", predicted %s \"%s\"", g->label, g->text,
                p->label, p->text);
    else
        fprintf(out, "  %s \"%s\"", (g ? g : p)->label, (g ? g : p)->text);
    if (p && p->source)
        fprintf(out, "  %s", p->source);
    fputc('\n', out);
}

static void
print_error_list(FILE *out, const eval_run *run, const eval_input *in)
{
    const kj_eval_error *err = NULL;
    size_t n, i;
    long shown = 0;
    int kind = -1;

    if (run->max_errors == 0)
        return;
    err = kj_eval_errors(in->ev, &n);
    for (i = 0; i < n; i++) {
        if ((int)err[i].kind != kind) {
            kind = (int)err[i].kind;
            shown = 0;
            fprintf(out, "\n%s (%zu):\n", kj_eval_kind_name(err[i].kind),
                    kj_eval_error_count(in->ev, err[i].kind));
        }
        if (run->max_errors >= 0 && shown >= run->max_errors)
            continue;
        shown++;
        print_error(out, in, &err[i]);
    }
}

/* ---- the JSON report --------------------------------------------------- */

static void
json_counts(kj_buf *b, const kj_eval_counts *c)
{
    kj_buf_printf(b, "\"gold\":%zu,\"pred\":%zu,\"correct\":%zu,"
                  "\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f",
                  c->gold, c->pred, c->correct, kj_eval_precision(c),
                  kj_eval_recall(c), kj_eval_f1(c));
}

static void
json_span(kj_buf *b, const char *key, const eval_input *in,
          const kj_eval_span *s, int side)
{
    kj_buf_printf(b, ",\"%s\":{\"label\":", key);
    kj_json_put_string(b, s->label, strlen(s->label));
    kj_buf_puts(b, ",\"text\":");
    kj_json_put_string(b, s->text, strlen(s->text));
    kj_buf_puts(b, ",\"file\":");
    kj_json_put_string(b, side ? in->pred_path : in->gold_path,
                       strlen(side ? in->pred_path : in->gold_path));
    kj_buf_printf(b, ",\"line\":%ld,\"start\":%zu,\"end\":%zu", s->line,
                  s->start, s->end);
    if (s->source) {
        kj_buf_puts(b, ",\"source\":");
        kj_json_put_string(b, s->source, strlen(s->source));
    }
    kj_buf_putc(b, '}');
}

static void
json_sources(kj_buf *b, const eval_input *in, int by_file)
{
    size_t n, i;
    const kj_eval_source *src = kj_eval_sources(in->ev, by_file, &n);

    kj_buf_puts(b, by_file ? ",\"sources_by_file\":[" : ",\"sources\":[");
    for (i = 0; i < n; i++) {
        kj_buf_puts(b, i ? ",{\"source\":" : "{\"source\":");
        kj_json_put_string(b, src[i].source, strlen(src[i].source));
        kj_buf_printf(b, ",\"fp\":%zu,\"tp\":%zu}", src[i].fp, src[i].tp);
    }
    kj_buf_putc(b, ']');
}

static void
json_report(kj_buf *b, const eval_run *run, const eval_input *in)
{
    const kj_eval_label *labs;
    const kj_eval_error *err;
    size_t n, i;
    long shown[KJ_EVAL_NUM_KINDS] = {0};

    kj_buf_printf(b, "{\"unit\":\"%s\",\"units\":%zu,\"accuracy\":%.6f,",
                  in->jsonl ? "code points" : "tokens", in->units,
                  in->units ? (double)in->units_correct / (double)in->units : 0.0);
    json_counts(b, kj_eval_overall(in->ev));
    kj_buf_puts(b, ",\"labels\":{");
    labs = kj_eval_labels(in->ev, &n);
    for (i = 0; i < n; i++) {
        if (i)
            kj_buf_putc(b, ',');
        kj_json_put_string(b, labs[i].label, strlen(labs[i].label));
        kj_buf_puts(b, ":{");
        json_counts(b, &labs[i].c);
        kj_buf_printf(b, ",\"missed\":%zu,\"spurious\":%zu,\"wrong_label\":%zu,"
                      "\"wrong_boundary\":%zu}", labs[i].errors[0],
                      labs[i].errors[1], labs[i].errors[2], labs[i].errors[3]);
    }
    kj_buf_printf(b, "},\"errors\":{\"missed\":%zu,\"spurious\":%zu,"
                  "\"wrong_label\":%zu,\"wrong_boundary\":%zu}",
                  kj_eval_error_count(in->ev, KJ_EVAL_MISSED),
                  kj_eval_error_count(in->ev, KJ_EVAL_SPURIOUS),
                  kj_eval_error_count(in->ev, KJ_EVAL_LABEL),
                  kj_eval_error_count(in->ev, KJ_EVAL_BOUNDARY));
    json_sources(b, in, 1);
    json_sources(b, in, 0);
    kj_buf_puts(b, ",\"error_list\":[");
    err = kj_eval_errors(in->ev, &n);
    for (i = 0; i < n; i++) {
        static const char *const kinds[] = {"missed", "spurious", "wrong_label",
                                            "wrong_boundary"};
        if (run->max_errors >= 0 && shown[err[i].kind]++ >= run->max_errors)
            continue;
        kj_buf_puts(b, b->data[b->len - 1] == '[' ? "{\"kind\":\"" : ",{\"kind\":\"");
        kj_buf_puts(b, kinds[err[i].kind]);
        kj_buf_putc(b, '"');
        if (err[i].gold)
            json_span(b, "gold", in, err[i].gold, KJ_EVAL_GOLD);
        if (err[i].pred)
            json_span(b, "pred", in, err[i].pred, KJ_EVAL_PRED);
        kj_buf_putc(b, '}');
    }
    kj_buf_puts(b, "]}\n");
}

/* ---- the command ------------------------------------------------------- */

static int
report(const eval_run *run, const eval_input *in)
{
    FILE *out = stdout;

    if (run->json) {
        kj_buf b;
        int failed;
        kj_buf_init(&b);
        json_report(&b, run, in);
        failed = b.failed;
        if (!failed)
            fwrite(b.data, 1, b.len, out);
        kj_buf_free(&b);
        if (failed) {
            fprintf(stderr, "kijang: out of memory\n");
            return KJ_EXIT_DATA;
        }
    } else {
        print_scores(out, in);
        print_error_counts(out, in);
        print_sources(out, run, in);
        print_error_list(out, run, in);
    }
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(stderr, "kijang: standard output: %s\n", strerror(errno));
        return KJ_EXIT_OUTPUT;
    }
    return KJ_EXIT_OK;
}

int
cmd_eval(int argc, char **argv)
{
    eval_run run;
    eval_input in;
    int first, status, rc;

    memset(&run, 0, sizeof run);
    memset(&in, 0, sizeof in);
    run.max_errors = -1;
    run.min_f1 = -1;
    first = cli_parse(argc, argv, eval_options, num_eval_options, on_option, &run);
    if (first < 0) {
        eval_config_free(&run.cfg);
        return run.status ? run.status : KJ_EXIT_USAGE;
    }
    if (run.help) {
        cli_eval_help(stdout);
        eval_config_free(&run.cfg);
        return KJ_EXIT_OK;
    }
    if (argc - first < 1 || argc - first > 2) {
        eval_config_free(&run.cfg);
        return cli_usage_error("eval", "expected GOLD PRED, or one FILE");
    }
    if ((in.ev = kj_eval_new()) == NULL) {
        eval_config_free(&run.cfg);
        fprintf(stderr, "kijang: out of memory\n");
        return KJ_EXIT_DATA;
    }
    status = eval_read(&run.cfg, &in, argv[first],
                       argc - first == 2 ? argv[first + 1] : NULL);
    if (status == KJ_EXIT_OK || (status == KJ_EXIT_DATA && in.error_records)) {
        if (kj_eval_finish(in.ev) != 0) {
            fprintf(stderr, "kijang: out of memory\n");
            status = KJ_EXIT_DATA;
        } else if ((rc = report(&run, &in)) != KJ_EXIT_OK) {
            status = rc;
        } else if (run.min_f1 >= 0 &&
                   kj_eval_f1(kj_eval_overall(in.ev)) < run.min_f1) {
            fprintf(stderr, "kijang: F1 %.4f is below --min-f1 %g\n",
                    kj_eval_f1(kj_eval_overall(in.ev)), run.min_f1);
            status = KJ_EXIT_DATA;
        }
    }
    kj_eval_free(in.ev);
    eval_config_free(&run.cfg);
    return status;
}
