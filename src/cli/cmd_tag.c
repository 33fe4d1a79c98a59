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
#include "batch.h"

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
    OPT_OUTPUT_DIR,
    OPT_SKIP_EXISTING,
    OPT_GLOB,
    OPT_JOBS,
    OPT_QUIET,
    OPT_PROGRESS,
    OPT_FAIL_FAST,
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
    [OPT_FORMAT] = {"format", 'f', "FORMAT",
                    "output: conll, jsonl, conllu, doccano, labelstudio, brat,\n"
                    "html (default conll)"},
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
    [OPT_OUTPUT_DIR] = {"output-dir", 'O', "DIR",
                        "one output file per input file (brat: per document)"},
    [OPT_SKIP_EXISTING] = {"skip-existing", 0, NULL,
                           "--output-dir: skip inputs whose output exists"},
    [OPT_GLOB] = {"glob", 'g', "PATTERN",
                  "in directories, only files matching PATTERN (repeatable)"},
    [OPT_JOBS] = {"jobs", 'j', "N", "worker threads (default: number of cores)"},
    [OPT_QUIET] = {"quiet", 'q', NULL, "no progress line and no summary"},
    [OPT_PROGRESS] = {"progress", 0, NULL,
                      "progress and summary even when stderr is no terminal"},
    [OPT_FAIL_FAST] = {"fail-fast", 0, NULL, "stop at the first bad document"},
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
/* Indexed by kj_output_format. */
static const char *const format_names[] = {"conll", "jsonl", "conllu", "doccano",
                                           "labelstudio", "brat", "html", NULL};
static const char *const scheme_names[] = {"iob2", "iob1", "bioes", "io", NULL};
static const char *const offset_names[] = {"codepoint", "utf16", "byte", NULL};
static const char *const tokenizer_names[] = {"fast", "icu", NULL};
/* Indexed by kj_column (KJ_COLUMN_END has no name). */
static const char *const column_names[] = {"-", "doc", "offsets", "entity",
                                           "kind", "source", NULL};

typedef struct tag_run {
    batch_config cfg;
    int unit_set;
    int help;
    int no_default_lexicon;
    int no_rules;
    const char **lexicon_paths;
    size_t nlexicon_paths;
    kj_lexicon **lexicons;
    void **images;            /* images compiled on the fly, owned */
    size_t nlexicons;
    kj_lexicon *rules;
    void *rules_image;
} tag_run;

static void
on_sigint(int sig)
{
    (void)sig;
    batch_interrupted = 1;
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

    memset(run->cfg.wo.columns, KJ_COLUMN_END, sizeof run->cfg.wo.columns);
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
            if (run->cfg.wo.columns[j] == k)
                return cli_usage_error("tag", "column '%s' twice in --columns",
                                       name);
        run->cfg.wo.columns[n++] = (unsigned char)k;
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
        run->cfg.ro.format = (kj_input_format)k;
        return 0;
    case OPT_DOC_UNIT:
        if (pick("doc-unit", arg, unit_names, &k) != 0)
            return -1;
        run->cfg.ro.doc_unit = (kj_doc_unit)k;
        run->unit_set = 1;
        return 0;
    case OPT_KEEP_COLUMNS:
        run->cfg.ro.keep_columns = run->cfg.wo.keep_columns = 1;
        return 0;
    case OPT_FORMAT:
        if (pick("format", arg, format_names, &k) != 0)
            return -1;
        run->cfg.wo.format = (kj_output_format)k;
        return 0;
    case OPT_SCHEME:
        if (pick("scheme", arg, scheme_names, &k) != 0)
            return -1;
        run->cfg.wo.scheme = (kj_scheme)k;
        return 0;
    case OPT_NO_DOCSTART:
        run->cfg.wo.docstart = 0;
        return 0;
    case OPT_OFFSETS:
        if (pick("offsets", arg, offset_names, &k) != 0)
            return -1;
        run->cfg.wo.offsets = (kj_offset_unit)k;
        return 0;
    case OPT_COLUMNS:
        return parse_columns(run, arg);
    case OPT_STRICT:
        run->cfg.ro.strict = 1;
        return 0;
    case OPT_OUTPUT:
        run->cfg.output = arg;
        return 0;
    case OPT_OUTPUT_DIR:
        run->cfg.output_dir = arg;
        return 0;
    case OPT_SKIP_EXISTING:
        run->cfg.skip_existing = 1;
        return 0;
    case OPT_GLOB: {
        const char **g = realloc(run->cfg.globs,
                                 (run->cfg.nglobs + 1) * sizeof *g);
        if (g == NULL) {
            fprintf(stderr, "kijang: out of memory\n");
            return -1;
        }
        run->cfg.globs = g;
        g[run->cfg.nglobs++] = arg;
        return 0;
    }
    case OPT_JOBS: {
        char *end;
        long v;
        errno = 0;
        v = strtol(arg, &end, 10);
        if (errno || end == arg || *end || v < 1 || v > 1024)
            return cli_usage_error("tag", "invalid value '%s' for --jobs "
                                   "(1 to 1024)", arg);
        run->cfg.jobs = (unsigned)v;
        return 0;
    }
    case OPT_QUIET:
        run->cfg.progress = -1;
        return 0;
    case OPT_PROGRESS:
        run->cfg.progress = 1;
        return 0;
    case OPT_FAIL_FAST:
        run->cfg.fail_fast = 1;
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
        run->cfg.fallback = arg;
        return 0;
    case OPT_EXPLAIN:
        run->cfg.explain = 1;
        return 0;
    case OPT_EXPLAIN_STRING:
        run->cfg.explain_string = arg;
        return 0;
    case OPT_TOKENIZER:
        if (pick("tokenizer", arg, tokenizer_names, &k) != 0)
            return -1;
        run->cfg.tokenizer = (kj_tokenizer_mode)k;
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
    int conll_in = run->cfg.ro.format == KJ_INPUT_CONLL ||
                   run->cfg.ro.format == KJ_INPUT_CONLLU;

    if (run->unit_set && !conll_in)
        return cli_usage_error("tag", "--doc-unit needs --input conll or conllu");
    if (run->cfg.ro.keep_columns && (!conll_in || run->cfg.wo.format != KJ_FORMAT_CONLL))
        return cli_usage_error("tag", "--keep-columns needs --input conll or "
                                      "conllu and --format conll");
    if (run->cfg.wo.columns[0] != KJ_COLUMN_END && run->cfg.wo.format != KJ_FORMAT_CONLL)
        return cli_usage_error("tag", "--columns needs --format conll (JSONL "
                                      "entities carry these fields)");
    if (run->cfg.wo.format == KJ_FORMAT_BRAT && run->cfg.output_dir == NULL)
        return cli_usage_error("tag", "--format brat needs --output-dir (a .txt "
                                      "and a .ann per document)");
    if (run->cfg.output_dir && run->cfg.output)
        return cli_usage_error("tag", "--output and --output-dir exclude each other");
    if (run->cfg.skip_existing && run->cfg.output_dir == NULL)
        return cli_usage_error("tag", "--skip-existing needs --output-dir");
    return 0;
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
    }
    if (!run->no_rules) {
        void *img = NULL;
        run->rules = open_lexicon(data_path("KIJANG_RULES_LEXICON", KJ_DEFAULT_RULES,
                                            KJ_BUILD_RULES), &img);
        run->rules_image = img;
        if (run->rules == NULL)
            bad = 1;
    }
    run->cfg.lexicons = run->lexicons;
    run->cfg.nlexicons = run->nlexicons;
    run->cfg.rules = run->rules;
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
    free(run->cfg.globs);
}

static void
catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);  /* no SA_RESTART: a blocked read returns */
    signal(SIGPIPE, SIG_DFL);
}

/* The number of cores this process may use (the default --jobs). */
static unsigned
cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int
cmd_tag(int argc, char **argv)
{
    tag_run run;
    int first, status;

    memset(&run, 0, sizeof run);
    kj_reader_options_init(&run.cfg.ro);
    kj_writer_options_init(&run.cfg.wo);
    run.cfg.jobs = cores();
    first = cli_parse(argc, argv, tag_options, NUM_TAG_OPTIONS, on_option, &run);
    if (first < 0) {
        free(run.lexicon_paths);
        free(run.cfg.globs);
        return KJ_EXIT_USAGE;
    }
    if (run.help) {
        cli_tag_help(stdout);
        free(run.lexicon_paths);
        free(run.cfg.globs);
        return fflush(stdout) == 0 ? KJ_EXIT_OK : KJ_EXIT_OUTPUT;
    }
    if (check_tag_options(&run) != 0) {
        free(run.lexicon_paths);
        free(run.cfg.globs);
        return KJ_EXIT_USAGE;
    }
    catch_signals();
    if (load_lexicons(&run) != 0)
        status = KJ_EXIT_LEXICON;   /* before any output is touched */
    else
        status = batch_run(&run.cfg, argv + first, (size_t)(argc - first));
    free_lexicons(&run);
    return status;
}
