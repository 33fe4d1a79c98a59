/* SPDX-License-Identifier: MIT */
/* cmd_tag.c - kijang tag: read documents, tag them, write CoNLL or JSONL */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "inputs.h"
#include "kijang.h"
#include "options.h"
#include "report.h"

enum {
    OPT_INPUT,
    OPT_DOC_UNIT,
    OPT_KEEP_COLUMNS,
    OPT_FORMAT,
    OPT_SCHEME,
    OPT_NO_DOCSTART,
    OPT_OFFSETS,
    OPT_COLUMNS,
    OPT_STRICT,
    OPT_OUTPUT,
    OPT_TOKENIZER,
    OPT_LEXICON,
    OPT_NO_DEFAULT_LEXICON,
    OPT_NO_RULES,
    OPT_FALLBACK,
    OPT_EXPLAIN,
    OPT_EXPLAIN_STRING,
    OPT_HELP
};

const cli_option tag_options[] = {
    [OPT_INPUT] = {"input", 'i', "FORMAT",
                   "input: text, lines, jsonl, conll, conllu (default text)"},
    [OPT_DOC_UNIT] = {"doc-unit", 0, "UNIT",
                      "CoNLL input: a document per file or sentence (default file)"},
    [OPT_KEEP_COLUMNS] = {"keep-columns", 0, NULL,
                          "CoNLL input: keep its columns, append the tag"},
    [OPT_FORMAT] = {"format", 'f', "FORMAT", "output: conll, jsonl (default conll)"},
    [OPT_SCHEME] = {"scheme", 0, "SCHEME",
                    "CoNLL tags: iob2, iob1, bioes, io (default iob2)"},
    [OPT_NO_DOCSTART] = {"no-docstart", 0, NULL,
                         "CoNLL: no -DOCSTART- line before each document"},
    [OPT_OFFSETS] = {"offsets", 0, "UNIT",
                     "offsets: codepoint, utf16, byte (default codepoint)"},
    [OPT_COLUMNS] = {"columns", 0, "LIST",
                     "CoNLL: add columns doc,offsets,entity,kind,source"},
    [OPT_STRICT] = {"strict", 0, NULL,
                    "invalid UTF-8 is an error, not a repaired warning"},
    [OPT_OUTPUT] = {"output", 'o', "FILE", "write to FILE, not standard output"},
    [OPT_TOKENIZER] = {"tokenizer", 0, "MODE",
                       "word boundaries: fast, icu (same tokens; default fast)"},
    [OPT_LEXICON] = {"lexicon", 'l', "PATH",
                     "add a lexicon: .kjlex, .tsv or a directory of .tsv"},
    [OPT_NO_DEFAULT_LEXICON] = {"no-default-lexicon", 0, NULL,
                                "do not load the default lexicons"},
    [OPT_NO_RULES] = {"no-rules", 0, NULL, "gazetteer only: no rule layer"},
    [OPT_FALLBACK] = {"fallback", 0, "LABEL",
                      "tag capitalised runs nothing explains as LABEL"},
    [OPT_EXPLAIN] = {"explain", 0, NULL,
                     "print what made each entity and what it beat (stderr)"},
    [OPT_EXPLAIN_STRING] = {"explain-string", 0, "TEXT",
                            "say why each mention of TEXT was tagged or not (stderr)"},
    [OPT_HELP] = {"help", 'h', NULL, "show this help and exit"},
};
const size_t num_tag_options = sizeof tag_options / sizeof tag_options[0];
#define NUM_TAG_OPTIONS num_tag_options

static const char *const input_names[] = {"text", "lines", "jsonl", "conll",
                                          "conllu", NULL};
static const char *const unit_names[] = {"file", "sentence", NULL};
static const char *const format_names[] = {"conll", "jsonl", NULL};
static const char *const scheme_names[] = {"iob2", "iob1", "bioes", "io", NULL};
static const char *const offset_names[] = {"codepoint", "utf16", "byte", NULL};
static const char *const tokenizer_names[] = {"fast", "icu", NULL};
/* Indexed by kj_column (KJ_COLUMN_END has no name). */
static const char *const column_names[] = {"-", "doc", "offsets", "entity",
                                           "kind", "source", NULL};

static volatile sig_atomic_t interrupted;

typedef struct tag_run {
    kj_reader_options ro;
    kj_writer_options wo;
    int unit_set;
    int help;
    kj_tokenizer_mode tokenizer;
    int no_default_lexicon;
    int no_rules;
    int explain;
    const char *fallback;
    const char *explain_string;
    kj_lexicon *rules;
    void *rules_image;
    const char **lexicon_paths;
    size_t nlexicon_paths;
    kj_lexicon **lexicons;
    void **images;            /* images compiled on the fly, owned */
    size_t nlexicons;
    const char *output;
    int out_fd;
    kj_tagger *tagger;
    kj_doc *doc;
    kj_writer *writer;
    int status;       /* KJ_EXIT_OK, or KJ_EXIT_DATA after a data error */
    int fatal;        /* non-zero: stop, exit with this */
    const char *path; /* input being read, for messages */
    int fd;
} tag_run;

static void
on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void
cli_tag_help(FILE *out)
{
    fputs("Usage: kijang tag [OPTIONS] [FILE|DIR|-]...\n"
          "Tag named entities (PER, ORG, LOC, PROG) in documents. With no FILE,\n"
          "or with -, read standard input; a DIR is read recursively in sorted\n"
          "order.\n\nOptions:\n", out);
    cli_print_options(out, tag_options, NUM_TAG_OPTIONS);
    fputs("\nInput formats:\n"
          "  text    each file is one document\n"
          "  lines   each line is a document (id FILE:LINE)\n"
          "  jsonl   each line an object with a string \"text\" and optional \"id\";\n"
          "          other members are passed through to JSONL output\n"
          "  conll   token in the first column, blank line ends a sentence,\n"
          "          -DOCSTART- lines separate documents\n"
          "  conllu  CoNLL-U: the FORM column; # newdoc and # sent_id honoured\n\n",
          out);
    fputs(cli_exit_codes_help, out);
}

static int
pick(const char *opt, const char *arg, const char *const *names, int *out)
{
    int k = cli_choice(arg, names);

    if (k < 0) {
        cli_usage_error("tag", "invalid value '%s' for --%s", arg, opt);
        return -1;
    }
    *out = k;
    return 0;
}

/* --columns doc,offsets,...: each known name once, in the order given. */
static int
parse_columns(tag_run *run, const char *arg)
{
    char name[16];
    size_t n = 0;
    const char *p = arg;

    memset(run->wo.columns, KJ_COLUMN_END, sizeof run->wo.columns);
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t j;
        int k = -1;

        if (len < sizeof name) {
            memcpy(name, p, len);
            name[len] = '\0';
            k = cli_choice(name, column_names);
        }
        if (k <= 0)
            return cli_usage_error("tag", "invalid column '%.*s' in --columns "
                                   "(doc, offsets, entity, kind, source)",
                                   (int)len, p);
        for (j = 0; j < n; j++)
            if (run->wo.columns[j] == k)
                return cli_usage_error("tag", "column '%s' twice in --columns",
                                       name);
        run->wo.columns[n++] = (unsigned char)k;
        p += len;
        if (*p == ',')
            p++;
    }
    if (n == 0)
        return cli_usage_error("tag", "--columns needs at least one column");
    return 0;
}

static int
on_option(void *ctx, size_t index, const char *arg)
{
    tag_run *run = ctx;
    int k;

    switch (index) {
    case OPT_INPUT:
        if (pick("input", arg, input_names, &k) != 0)
            return -1;
        run->ro.format = (kj_input_format)k;
        return 0;
    case OPT_DOC_UNIT:
        if (pick("doc-unit", arg, unit_names, &k) != 0)
            return -1;
        run->ro.doc_unit = (kj_doc_unit)k;
        run->unit_set = 1;
        return 0;
    case OPT_KEEP_COLUMNS:
        run->ro.keep_columns = run->wo.keep_columns = 1;
        return 0;
    case OPT_FORMAT:
        if (pick("format", arg, format_names, &k) != 0)
            return -1;
        run->wo.format = (kj_output_format)k;
        return 0;
    case OPT_SCHEME:
        if (pick("scheme", arg, scheme_names, &k) != 0)
            return -1;
        run->wo.scheme = (kj_scheme)k;
        return 0;
    case OPT_NO_DOCSTART:
        run->wo.docstart = 0;
        return 0;
    case OPT_OFFSETS:
        if (pick("offsets", arg, offset_names, &k) != 0)
            return -1;
        run->wo.offsets = (kj_offset_unit)k;
        return 0;
    case OPT_COLUMNS:
        return parse_columns(run, arg);
    case OPT_STRICT:
        run->ro.strict = 1;
        return 0;
    case OPT_OUTPUT:
        run->output = arg;
        return 0;
    case OPT_LEXICON: {
        const char **p = realloc(run->lexicon_paths,
                                 (run->nlexicon_paths + 1) * sizeof *p);
        if (p == NULL) {
            fprintf(stderr, "kijang: out of memory\n");
            return -1;
        }
        run->lexicon_paths = p;
        run->lexicon_paths[run->nlexicon_paths++] = arg;
        return 0;
    }
    case OPT_NO_DEFAULT_LEXICON:
        run->no_default_lexicon = 1;
        return 0;
    case OPT_NO_RULES:
        run->no_rules = 1;
        return 0;
    case OPT_FALLBACK:
        run->fallback = arg;
        return 0;
    case OPT_EXPLAIN:
        run->explain = 1;
        return 0;
    case OPT_EXPLAIN_STRING:
        run->explain_string = arg;
        return 0;
    case OPT_TOKENIZER:
        if (pick("tokenizer", arg, tokenizer_names, &k) != 0)
            return -1;
        run->tokenizer = (kj_tokenizer_mode)k;
        return 0;
    default:
        run->help = 1;
        return 0;
    }
}

/* Option combinations that make no sense are usage errors, not surprises. */
static int
check_tag_options(const tag_run *run)
{
    int conll_in = run->ro.format == KJ_INPUT_CONLL ||
                   run->ro.format == KJ_INPUT_CONLLU;

    if (run->unit_set && !conll_in)
        return cli_usage_error("tag", "--doc-unit needs --input conll or conllu");
    if (run->ro.keep_columns && (!conll_in || run->wo.format != KJ_FORMAT_CONLL))
        return cli_usage_error("tag", "--keep-columns needs --input conll or "
                                      "conllu and --format conll");
    if (run->wo.columns[0] != KJ_COLUMN_END && run->wo.format != KJ_FORMAT_CONLL)
        return cli_usage_error("tag", "--columns needs --format conll (JSONL "
                                      "entities carry these fields)");
    return 0;
}

static const char *
display(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

static void
on_diag(void *user, const kj_diag *d)
{
    tag_run *run = user;
    const char *sev = d->severity == KJ_DIAG_ERROR ? "error" : "warning";

    if (d->line > 0)
        fprintf(stderr, "%s:%ld: %s: %s\n", display(run->path), d->line, sev,
                d->message);
    else
        fprintf(stderr, "%s: %s: %s\n", display(run->path), sev, d->message);
    if (d->severity == KJ_DIAG_ERROR)
        run->status = KJ_EXIT_DATA;
}

static ptrdiff_t
read_input(void *user, void *buf, size_t len)
{
    tag_run *run = user;
    ptrdiff_t got;

    for (;;) {
        if (interrupted) {
            errno = EINTR;
            return -1;
        }
        got = read(run->fd, buf, len);
        if (got >= 0 || errno != EINTR)
            return got;
    }
}

static int
write_output(void *user, const void *buf, size_t len)
{
    tag_run *run = user;
    const char *p = buf;

    while (len > 0) {
        ssize_t n = write(run->out_fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE) {
                /* The reader went away: end at once, quietly. */
                signal(SIGPIPE, SIG_DFL);
                raise(SIGPIPE);
                _exit(KJ_EXIT_OUTPUT);
            }
            return KJ_EIO;
        }
        p += n;
        len -= (size_t)n;
    }
    return KJ_OK;
}

static void
output_failed(tag_run *run, int rc)
{
    if (rc == KJ_ENOMEM) {
        fprintf(stderr, "kijang: out of memory\n");
        run->fatal = KJ_EXIT_DATA;
    } else {
        fprintf(stderr, "kijang: write error: %s\n", strerror(errno));
        run->fatal = KJ_EXIT_OUTPUT;
    }
}

/* Write `doc`; on failure set run->fatal. */
static void
emit(tag_run *run)
{
    int rc = kj_writer_write(run->writer, run->doc);

    if (rc != KJ_OK)
        output_failed(run, rc);
}

/* An input that cannot be read still answers in JSONL output. */
static void
emit_failed_input(tag_run *run, const char *id, const char *why)
{
    if (kj_doc_set_text(run->doc, id, "", 0) != KJ_OK ||
        kj_doc_set_error(run->doc, why) != KJ_OK) {
        output_failed(run, KJ_ENOMEM);
        return;
    }
    emit(run);
}

static void
on_problem(void *ctx, const char *path, const char *why)
{
    tag_run *run = ctx;

    fprintf(stderr, "kijang: %s: %s\n", path, why);
    run->status = KJ_EXIT_DATA;
}

/* --explain: every entity, what made it and what it beat. */
static void
explain_entities(const tag_run *run)
{
    const char *t = kj_doc_text(run->doc, NULL);
    const kj_entity *e;
    size_t n, i;

    e = kj_doc_entities(run->doc, &n);
    for (i = 0; i < n; i++) {
        fprintf(stderr, "%s: [%.*s] %s by %s", kj_doc_id(run->doc),
                (int)(e[i].end - e[i].start), t + e[i].start, e[i].label,
                e[i].source ? e[i].source : "?");
        if (e[i].beat)
            fprintf(stderr, "; beat %s", e[i].beat);
        if (e[i].num_alts)
            fprintf(stderr, "; also %s by %s", e[i].alts[0].label,
                    e[i].alts[0].source ? e[i].alts[0].source : "?");
        fputc('\n', stderr);
    }
}

/* --explain-string: each mention of the string, tagged or why not. */
static void
explain_mentions(const tag_run *run)
{
    size_t len, n, ne, i, k, sl = strlen(run->explain_string);
    const char *t = kj_doc_text(run->doc, &len);
    const kj_token *tok = kj_doc_tokens(run->doc, &n);
    const kj_entity *e = kj_doc_entities(run->doc, &ne);

    for (i = 0; i < n; i++) {
        size_t j = i;
        /* token-aligned mentions: tokens i..j cover exactly the string */
        while (j < n && tok[j].end - tok[i].start < sl)
            j++;
        if (j == n || tok[j].end - tok[i].start != sl ||
            memcmp(t + tok[i].start, run->explain_string, sl) != 0)
            continue;
        for (k = 0; k < ne; k++)
            if (e[k].first <= i && j < e[k].last)
                break;
        if (k == ne) {
            char *why = kj_tagger_explain_span(run->tagger, run->doc, i, j + 1);
            fprintf(stderr, "%s: \"%s\" at byte %zu: not tagged: %s\n",
                    kj_doc_id(run->doc), run->explain_string, tok[i].start,
                    why ? why : "out of memory");
            kj_free(why);
        } else if (e[k].first == i && e[k].last == j + 1)
            fprintf(stderr, "%s: \"%s\" at byte %zu: %s by %s\n", kj_doc_id(run->doc),
                    run->explain_string, tok[i].start, e[k].label,
                    e[k].source ? e[k].source : "?");
        else
            fprintf(stderr, "%s: \"%s\" at byte %zu: inside [%.*s] %s by %s\n",
                    kj_doc_id(run->doc), run->explain_string, tok[i].start,
                    (int)(e[k].end - e[k].start), t + e[k].start, e[k].label,
                    e[k].source ? e[k].source : "?");
    }
}

static void
explain(const tag_run *run)
{
    if (run->explain)
        explain_entities(run);
    if (run->explain_string)
        explain_mentions(run);
}

static void
read_all(tag_run *run, kj_reader *r)
{
    int rc;

    while (!run->fatal && (rc = kj_reader_next(r, run->doc)) > 0) {
        if (kj_doc_error(run->doc) == NULL &&
            kj_tag(run->tagger, run->doc) != KJ_OK) {
            fprintf(stderr, "kijang: out of memory\n");
            run->fatal = KJ_EXIT_DATA;
            return;
        }
        if (kj_doc_error(run->doc))
            run->status = KJ_EXIT_DATA;
        else if (run->explain || run->explain_string)
            explain(run);
        emit(run);
        if (interrupted)
            run->fatal = KJ_EXIT_INTERRUPT;
    }
    if (run->fatal || rc >= 0)
        return;
    if (rc == KJ_EINTR || interrupted)
        run->fatal = KJ_EXIT_INTERRUPT;
    else if (rc == KJ_ENOMEM) {
        fprintf(stderr, "kijang: out of memory\n");
        run->fatal = KJ_EXIT_DATA;
    } else {
        fprintf(stderr, "kijang: %s: read error: %s\n", display(run->path),
                strerror(errno));
        run->status = KJ_EXIT_DATA;
    }
}

static int
tag_input(void *ctx, const cli_input *in)
{
    tag_run *run = ctx;
    kj_reader *r;
    int err;

    run->path = in->path;
    if (strcmp(in->path, "-") == 0)
        run->fd = STDIN_FILENO;
    else if ((run->fd = open(in->path, O_RDONLY | O_CLOEXEC)) < 0) {
        char why[256];
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
        fprintf(stderr, "kijang: %s: %s\n", in->path, why);
        run->status = KJ_EXIT_DATA;
        emit_failed_input(run, in->id, why);
        return run->fatal;
    }
    r = kj_reader_new(&run->ro, read_input, run, in->id, &err);
    if (r == NULL) {
        fprintf(stderr, "kijang: %s\n", kj_strerror(err));
        run->fatal = KJ_EXIT_DATA;
    } else {
        read_all(run, r);
        kj_reader_free(r);
    }
    if (run->fd != STDIN_FILENO)
        close(run->fd);
    return run->fatal;
}

static int
open_output(tag_run *run)
{
    if (run->output == NULL || strcmp(run->output, "-") == 0) {
        run->out_fd = STDOUT_FILENO;
        return 0;
    }
    run->out_fd = open(run->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (run->out_fd < 0) {
        fprintf(stderr, "kijang: cannot open output '%s': %s\n", run->output,
                strerror(errno));
        return -1;
    }
    return 0;
}

static int
finish(tag_run *run)
{
    int rc;

    if (run->fatal == 0 || run->fatal == KJ_EXIT_INTERRUPT) {
        /* The buffer holds whole documents only: flush them. */
        rc = kj_writer_flush(run->writer);
        if (rc != KJ_OK && run->fatal == 0)
            output_failed(run, rc);
    }
    if (run->out_fd != STDOUT_FILENO && close(run->out_fd) != 0 && !run->fatal) {
        fprintf(stderr, "kijang: write error: %s\n", strerror(errno));
        run->fatal = KJ_EXIT_OUTPUT;
    }
    return run->fatal ? run->fatal : run->status;
}

/* A data file: $ENV when set, else the installed file, else the one in the
 * build tree this program was built in (so that an uninstalled ./kijang
 * works): the default lexicons and the rules' word lists. */
static const char *
data_path(const char *env, const char *installed, const char *build)
{
    const char *v = getenv(env);

    if (v && *v)
        return v;
    if (access(installed, R_OK) == 0)
        return installed;
    if (access(build, R_OK) == 0)
        return build;
    return installed;
}

/* Open one lexicon: a .kjlex image, or sources compiled in memory. */
static kj_lexicon *
open_lexicon(const char *path, void **image)
{
    struct stat st;
    cli_counts counts = {0, 0};
    kj_compiler *c;
    kj_lexicon *lx = NULL;
    unsigned long path_errors = 0;
    size_t len;

    *image = NULL;
    if (!cli_has_suffix(path, ".tsv") && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
        return kj_lexicon_open(path, cli_report, NULL, NULL);
    c = kj_compiler_new(cli_report, &counts, NULL);
    if (c == NULL)
        return NULL;
    if (cli_add_sources(c, path, &path_errors) == 0 && path_errors == 0 &&
        kj_compiler_build(c, image, &len) == KJ_OK)
        lx = kj_lexicon_open_mem(*image, len, path, cli_report, NULL, NULL);
    kj_compiler_free(c);
    return lx;
}

/* Load the default lexicon and every --lexicon, in precedence order (the
 * default first, then the options in order). Every problem is reported;
 * returns -1 when any lexicon cannot be used. */
static int
load_lexicons(tag_run *run)
{
    size_t n = run->nlexicon_paths + 1, i;
    int bad = 0;

    run->lexicons = calloc(n, sizeof *run->lexicons);
    run->images = calloc(n, sizeof *run->images);
    if (run->lexicons == NULL || run->images == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        const char *path;
        kj_lexicon *lx;
        if (i == 0 && run->no_default_lexicon)
            continue;
        path = i == 0 ? data_path("KIJANG_DEFAULT_LEXICON", KJ_DEFAULT_LEXICON,
                                  KJ_BUILD_LEXICON)
                      : run->lexicon_paths[i - 1];
        lx = open_lexicon(path, &run->images[run->nlexicons]);
        if (lx == NULL) {
            bad = 1;
            kj_free(run->images[run->nlexicons]);
            run->images[run->nlexicons] = NULL;
            continue;
        }
        run->lexicons[run->nlexicons++] = lx;
        if (kj_tagger_add_lexicon(run->tagger, lx) != KJ_OK)
            return -1;
    }
    if (!run->no_rules) {
        void *img = NULL;
        run->rules = open_lexicon(data_path("KIJANG_RULES_LEXICON", KJ_DEFAULT_RULES,
                                            KJ_BUILD_RULES), &img);
        run->rules_image = img;
        if (run->rules == NULL ||
            kj_tagger_set_rules(run->tagger, run->rules, run->fallback) != KJ_OK)
            bad = 1;
    }
    return bad ? -1 : 0;
}

static void
free_lexicons(tag_run *run)
{
    size_t i;

    for (i = 0; i < run->nlexicons; i++) {
        kj_lexicon_free(run->lexicons[i]);
        kj_free(run->images[i]);
    }
    kj_lexicon_free(run->rules);
    kj_free(run->rules_image);
    free(run->lexicons);
    free(run->images);
    free(run->lexicon_paths);
}

static int
setup(tag_run *run)
{
    struct sigaction sa;
    int err;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);  /* no SA_RESTART: a blocked read returns */
    signal(SIGPIPE, SIG_DFL);
    run->tagger = kj_tagger_new(&err);
    if (run->tagger)
        kj_tagger_set_tokenizer(run->tagger, run->tokenizer);
    run->doc = kj_doc_new();
    run->writer = kj_writer_new(&run->wo, write_output, run, &err);
    if (run->tagger == NULL || run->doc == NULL || run->writer == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        return -1;
    }
    return 0;
}

int
cmd_tag(int argc, char **argv)
{
    tag_run run;
    int first, status, i;

    memset(&run, 0, sizeof run);
    kj_reader_options_init(&run.ro);
    kj_writer_options_init(&run.wo);
    run.ro.diag = on_diag;
    run.ro.diag_user = &run;
    first = cli_parse(argc, argv, tag_options, NUM_TAG_OPTIONS, on_option, &run);
    if (first < 0)
        return KJ_EXIT_USAGE;
    if (run.help) {
        cli_tag_help(stdout);
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (check_tag_options(&run) != 0) {
        free(run.lexicon_paths);
        return KJ_EXIT_USAGE;
    }
    if (setup(&run) != 0)
        status = KJ_EXIT_DATA;
    else if (load_lexicons(&run) != 0)
        status = KJ_EXIT_LEXICON;   /* before any output is touched */
    else if (open_output(&run) != 0)
        status = KJ_EXIT_OUTPUT;
    else {
        if (first >= argc)
            tag_input(&run, &(cli_input){"-", "-"});
        for (i = first; i < argc && !run.fatal; i++)
            cli_walk(argv[i], tag_input, on_problem, &run);
        status = finish(&run);
    }
    kj_writer_free(run.writer);
    kj_doc_free(run.doc);
    kj_tagger_free(run.tagger);
    free_lexicons(&run);
    return status;
}
