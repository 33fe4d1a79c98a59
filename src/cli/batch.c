/* SPDX-License-Identifier: MIT */
/* batch.c - kijang tag's run: inputs in, tagged documents out, in order
 *
 * A run is a sequence of slots, numbered in input order: one per document,
 * and one after the last document of each input file (it closes that
 * input's file under --output-dir). The reading thread fills slots; with
 * jobs > 1, workers tag and format them in any order and the writer takes
 * them strictly by number; with one job the reading thread does all three
 * in turn. Both paths format through the same writer, so they give the
 * same bytes.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "batch.h"
#include "cli.h"
#include "inputs.h"
#include "outdir.h"
#include "progress.h"

volatile int batch_interrupted;

/* Documents larger than this are formatted by the writer, streaming, not
 * by a worker into memory. */
#define FORMAT_IN_WORKER_MAX ((size_t)4 << 20)

/* ---- messages kept with a document ----------------------------------- */

typedef struct msgbuf {
    char *p;
    size_t n, cap;
} msgbuf;

static void msgf(msgbuf *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
msgf(msgbuf *m, const char *fmt, ...)
{
    va_list ap;
    int k;

    for (;;) {
        va_start(ap, fmt);
        k = vsnprintf(m->p ? m->p + m->n : NULL, m->p ? m->cap - m->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0)
            return;
        if (m->p && (size_t)k < m->cap - m->n) {
            m->n += (size_t)k;
            return;
        }
        {
            size_t cap = (m->cap + (size_t)k + 1) * 2;
            char *p = realloc(m->p, cap);
            if (p == NULL)
                return;   /* the message is lost, not the document */
            m->p = p;
            m->cap = cap;
        }
    }
}

/* ---- inputs ------------------------------------------------------------ */

typedef struct input {
    char *path;
    char *id;
    char *outname;      /* --output-dir file (not brat) */
    int failed;         /* could not be opened: no output file, so that
                           --skip-existing tries it again */
} input;

typedef struct slot {
    size_t seq;
    int end_of_input;   /* closes input `input`'s output file */
    size_t input;
    kj_doc *doc;
    char *out;          /* formatted by a worker, or NULL */
    size_t outlen;
    char *outname;      /* brat: the document's base name */
    int skip;           /* brat --skip-existing: written before */
    int note_only;      /* only messages (a directory entry's problem) */
    msgbuf msgs;        /* stderr text, printed with the document */
    int state;          /* FREE, QUEUED, DONE */
} slot;

enum { SLOT_FREE, SLOT_QUEUED, SLOT_DONE };

typedef struct batch batch;

typedef struct worker {
    batch *b;
    kj_tagger *tagger;
    pthread_t thread;
} worker;

struct batch {
    const batch_config *cfg;
    input *inputs;          /* a ring of the inputs slots may refer to:
                               input i is inputs[i % ninring] */
    size_t ninring;
    size_t ninputs;         /* inputs begun so far */
    int output_is_input;    /* -o names one of the inputs */
    int brat;
    /* the one output, or the output directory */
    int out_fd;
    int flush_each;
    kj_writer *writer;
    outdir *od;
    outfile cur;            /* file of input cur_input, when cur_open */
    int cur_open;
    size_t cur_input;
    run_stats st;
    int status;             /* KJ_EXIT_OK or KJ_EXIT_DATA */
    int fatal;              /* stop with this exit status */
    int stop;               /* --fail-fast: nothing more is written */
    /* reading */
    int fd;
    gzFile gz;
    slot *reading;          /* the slot being read (for diagnostics) */
    /* the pipeline */
    slot *slots;
    size_t nslots;
    worker *workers;
    size_t nworkers;
    pthread_t writer_thread;
    pthread_mutex_t mu;
    /* each waits for one thread's condition, so that a change wakes only
     * the thread it concerns (on 2 cores, waking all of them costs more
     * than the work handed on) */
    pthread_cond_t cv_free;  /* the reader: a slot came free */
    pthread_cond_t cv_work;  /* the workers: a slot was queued, or the end */
    pthread_cond_t cv_done;  /* the writer: the next slot is done, or the end */
    size_t next_seq;        /* next slot to fill */
    size_t work_seq;        /* next slot for a worker */
    size_t write_seq;       /* next slot to write */
    int done_reading;
};

static int
glob_ok(const batch_config *cfg, const char *id)
{
    size_t i;

    if (cfg->nglobs == 0)
        return 1;
    for (i = 0; i < cfg->nglobs; i++) {
        const char *pat = cfg->globs[i], *name = id;
        if (strchr(pat, '/') == NULL) {
            const char *slash = strrchr(id, '/');
            name = slash ? slash + 1 : id;
        }
        if (fnmatch(pat, name, strchr(pat, '/') ? FNM_PATHNAME : 0) == 0)
            return 1;
    }
    return 0;
}

/* Input i (a global number), while slots may refer to it. */
static input *
in_at(const batch *b, size_t i)
{
    return &b->inputs[i % b->ninring];
}

typedef struct walk {
    batch *b;
    const char *operand;
    struct stat out;        /* -o FILE, when it exists */
    int has_out;
} walk;

/* --glob filters files found in directories, not files named. */
static int
wanted(const walk *w, const cli_input *in)
{
    return strcmp(in->path, w->operand) == 0 || glob_ok(w->b->cfg, in->id);
}

/* The first walk: the total size (for the ETA) and whether -o names an
 * input. Nothing is kept per input, so memory stays flat. */
static int
survey_input(void *ctx, const cli_input *in)
{
    walk *w = ctx;
    struct stat st;

    if (!wanted(w, in) || strcmp(in->path, "-") == 0 || stat(in->path, &st) != 0)
        return 0;
    w->b->st.bytes_total += (unsigned long long)st.st_size;
    if (w->has_out && st.st_dev == w->out.st_dev && st.st_ino == w->out.st_ino)
        w->b->output_is_input = 1;
    return 0;
}

static void
quiet_problem(void *ctx, const char *path, const char *why)
{
    (void)ctx;
    (void)path;
    (void)why;
}

static void survey(batch *b, char **operands, size_t n);

static const char *
display(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* ---- reading ----------------------------------------------------------- */

static void
on_diag(void *user, const kj_diag *d)
{
    batch *b = user;
    const char *sev = d->severity == KJ_DIAG_ERROR ? "error" : "warning";
    const char *path = display(in_at(b, b->reading->input)->path);

    if (d->line > 0)
        msgf(&b->reading->msgs, "%s:%ld: %s: %s\n", path, d->line, sev, d->message);
    else
        msgf(&b->reading->msgs, "%s: %s: %s\n", path, sev, d->message);
}

static ptrdiff_t
read_input(void *user, void *buf, size_t len)
{
    batch *b = user;
    ptrdiff_t got;

    for (;;) {
        if (batch_interrupted) {
            errno = EINTR;
            return -1;
        }
        if (b->gz) {
            z_off_t before = gzoffset(b->gz);
            got = gzread(b->gz, buf, len > 1u << 30 ? 1u << 30 : (unsigned)len);
            if (got < 0) {
                int zerr;
                const char *msg = gzerror(b->gz, &zerr);
                if (zerr == Z_ERRNO && errno == EINTR)
                    continue;
                errno = zerr == Z_ERRNO ? errno : EIO;
                if (zerr != Z_ERRNO && b->reading)
                    msgf(&b->reading->msgs, "%s: error: gzip: %s\n",
                         in_at(b, b->reading->input)->path, msg);
                return -1;
            }
            __atomic_add_fetch(&b->st.bytes_read,
                               (unsigned long long)(gzoffset(b->gz) - before),
                               __ATOMIC_RELAXED);
            return got;
        }
        got = read(b->fd, buf, len);
        if (got >= 0) {
            __atomic_add_fetch(&b->st.bytes_read, (unsigned long long)got,
                               __ATOMIC_RELAXED);
            return got;
        }
        if (errno != EINTR)
            return -1;
    }
}

/* ---- slots ------------------------------------------------------------- */

static void
slot_clear(slot *s)
{
    free(s->out);
    free(s->outname);
    s->out = s->outname = NULL;
    s->outlen = 0;
    s->msgs.n = 0;
    s->skip = 0;
    s->end_of_input = 0;
    s->note_only = 0;
}

/* The slot for the next sequence number, once the writer has freed it. */
static slot *
take_slot(batch *b)
{
    slot *s;

    if (b->nworkers == 0) {
        s = &b->slots[0];
    } else {
        pthread_mutex_lock(&b->mu);
        s = &b->slots[b->next_seq % b->nslots];
        while (s->state != SLOT_FREE)
            pthread_cond_wait(&b->cv_free, &b->mu);
        pthread_mutex_unlock(&b->mu);
    }
    slot_clear(s);
    s->seq = b->next_seq;
    return s;
}

static void process(batch *b, kj_tagger *t, slot *s);
static void write_slot(batch *b, slot *s);

/* Hand a filled slot on: tag and write it now (one job) or queue it. */
static void
submit(batch *b, slot *s)
{
    if (b->nworkers == 0) {
        b->next_seq++;
        process(b, b->workers[0].tagger, s);
        write_slot(b, s);
        return;
    }
    pthread_mutex_lock(&b->mu);
    s->state = SLOT_QUEUED;
    b->next_seq++;
    pthread_cond_signal(&b->cv_work);
    pthread_mutex_unlock(&b->mu);
}

static int
stopping(batch *b)
{
    int stop;

    pthread_mutex_lock(&b->mu);
    stop = b->stop || b->fatal;
    pthread_mutex_unlock(&b->mu);
    return stop || batch_interrupted;
}

/* ---- tagging (workers) --------------------------------------------------- */

/* --explain: every entity, what made it and what it beat. */
static void
explain_entities(msgbuf *m, const kj_doc *doc)
{
    const char *t = kj_doc_text(doc, NULL);
    const kj_entity *e;
    size_t n, i;

    e = kj_doc_entities(doc, &n);
    for (i = 0; i < n; i++) {
        msgf(m, "%s: [%.*s] %s by %s", kj_doc_id(doc),
             (int)(e[i].end - e[i].start), t + e[i].start, e[i].label,
             e[i].source ? e[i].source : "?");
        if (e[i].beat)
            msgf(m, "; beat %s", e[i].beat);
        if (e[i].num_alts)
            msgf(m, "; also %s by %s", e[i].alts[0].label,
                 e[i].alts[0].source ? e[i].alts[0].source : "?");
        msgf(m, "\n");
    }
}

/* --explain-string: each mention of the string, tagged or why not. */
static void
explain_mentions(msgbuf *m, const kj_tagger *tg, const kj_doc *doc,
                 const char *str)
{
    size_t len, n, ne, i, k, sl = strlen(str);
    const char *t = kj_doc_text(doc, &len);
    const kj_token *tok = kj_doc_tokens(doc, &n);
    const kj_entity *e = kj_doc_entities(doc, &ne);

    for (i = 0; i < n; i++) {
        size_t j = i;
        /* token-aligned mentions: tokens i..j cover exactly the string */
        while (j < n && tok[j].end - tok[i].start < sl)
            j++;
        if (j == n || tok[j].end - tok[i].start != sl ||
            memcmp(t + tok[i].start, str, sl) != 0)
            continue;
        for (k = 0; k < ne; k++)
            if (e[k].first <= i && j < e[k].last)
                break;
        if (k == ne) {
            char *why = kj_tagger_explain_span(tg, doc, i, j + 1);
            msgf(m, "%s: \"%s\" at byte %zu: not tagged: %s\n", kj_doc_id(doc),
                 str, tok[i].start, why ? why : "out of memory");
            kj_free(why);
        } else if (e[k].first == i && e[k].last == j + 1) {
            msgf(m, "%s: \"%s\" at byte %zu: %s by %s\n", kj_doc_id(doc), str,
                 tok[i].start, e[k].label, e[k].source ? e[k].source : "?");
        } else {
            msgf(m, "%s: \"%s\" at byte %zu: inside [%.*s] %s by %s\n",
                 kj_doc_id(doc), str, tok[i].start, (int)(e[k].end - e[k].start),
                 t + e[k].start, e[k].label, e[k].source ? e[k].source : "?");
        }
    }
}

/* Tag one document and, with workers, format it. */
static void
process(batch *b, kj_tagger *t, slot *s)
{
    const batch_config *cfg = b->cfg;
    size_t len;

    if (s->end_of_input || s->skip || s->note_only)
        return;
    if (kj_doc_error(s->doc) == NULL && kj_tag(t, s->doc) != KJ_OK)
        kj_doc_set_error(s->doc, "out of memory");
    if (kj_doc_error(s->doc) == NULL) {
        if (cfg->explain)
            explain_entities(&s->msgs, s->doc);
        if (cfg->explain_string)
            explain_mentions(&s->msgs, t, s->doc, cfg->explain_string);
    }
    kj_doc_text(s->doc, &len);
    if (b->nworkers > 0 && len <= FORMAT_IN_WORKER_MAX) {
        s->out = kj_format_doc(&cfg->wo, s->doc);
        s->outlen = s->out ? strlen(s->out) : 0;
    }
}

static void *
worker_main(void *arg)
{
    worker *w = arg;
    batch *b = w->b;

    for (;;) {
        slot *s;
        pthread_mutex_lock(&b->mu);
        while (b->work_seq == b->next_seq && !b->done_reading)
            pthread_cond_wait(&b->cv_work, &b->mu);
        if (b->work_seq == b->next_seq) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        s = &b->slots[b->work_seq++ % b->nslots];
        pthread_mutex_unlock(&b->mu);
        process(b, w->tagger, s);
        pthread_mutex_lock(&b->mu);
        s->state = SLOT_DONE;
        if (s->seq == b->write_seq)   /* the slot the writer waits for */
            pthread_cond_signal(&b->cv_done);
        pthread_mutex_unlock(&b->mu);
    }
}

/* ---- writing (one thread, in order) ------------------------------------ */

static void
set_fatal(batch *b, int code)
{
    pthread_mutex_lock(&b->mu);
    if (b->fatal == 0 || b->fatal == KJ_EXIT_INTERRUPT)
        b->fatal = code;
    pthread_mutex_unlock(&b->mu);
}

static void
set_data_error(batch *b)
{
    pthread_mutex_lock(&b->mu);
    b->status = KJ_EXIT_DATA;
    pthread_mutex_unlock(&b->mu);
}

static void
output_failed(batch *b, int rc, const char *what)
{
    progress_clear(&b->st);
    if (rc == KJ_ENOMEM) {
        fprintf(stderr, "kijang: out of memory\n");
        set_fatal(b, KJ_EXIT_DATA);
    } else {
        fprintf(stderr, "kijang: %s: write error: %s\n", what, strerror(errno));
        set_fatal(b, KJ_EXIT_OUTPUT);
    }
}

/* The single output: a closed pipe ends the run quietly, like other
 * filters. */
static int
write_stdout(void *user, const void *buf, size_t len)
{
    batch *b = user;

    if (write_all(b->out_fd, buf, len) == 0)
        return KJ_OK;
    if (errno == EPIPE) {
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
        _exit(KJ_EXIT_OUTPUT);
    }
    return KJ_EIO;
}

static int
write_outfile(void *user, const void *buf, size_t len)
{
    batch *b = user;

    return write_all(b->cur.fd, buf, len) == 0 ? KJ_OK : KJ_EIO;
}

/* Write a slot's document through `w`; 0, or -1 after reporting. */
static int
put_doc(batch *b, kj_writer *w, slot *s, const char *what)
{
    int rc = s->out ? kj_writer_put(w, s->out, s->outlen)
                    : kj_writer_write(w, s->doc);

    if (rc == KJ_OK && b->flush_each)
        rc = kj_writer_flush(w);
    if (rc != KJ_OK) {
        output_failed(b, rc, what);
        return -1;
    }
    return 0;
}

/* --output-dir: the file of input `i`, opened on its first document. */
static int
open_input_file(batch *b, size_t i)
{
    int err;

    if (b->cur_open && b->cur_input == i)
        return 0;
    if (outfile_create(b->od, in_at(b, i)->outname, &b->cur) != 0) {
        set_fatal(b, KJ_EXIT_OUTPUT);
        return -1;
    }
    b->writer = kj_writer_new(&b->cfg->wo, write_outfile, b, &err);
    if (b->writer == NULL) {
        outfile_abort(&b->cur);
        output_failed(b, KJ_ENOMEM, b->cur.name);
        return -1;
    }
    b->cur_open = 1;
    b->cur_input = i;
    return 0;
}

static void
abort_input_file(batch *b)
{
    kj_writer_free(b->writer);
    b->writer = NULL;
    outfile_abort(&b->cur);
    b->cur_open = 0;
}

static void
close_input_file(batch *b, size_t i)
{
    int rc;

    if (open_input_file(b, i) != 0)
        return;
    rc = kj_writer_finish(b->writer);
    kj_writer_free(b->writer);
    b->writer = NULL;
    b->cur_open = 0;
    if (rc != KJ_OK) {
        output_failed(b, rc, b->cur.name);
        outfile_abort(&b->cur);
    } else if (outfile_commit(&b->cur) != 0) {
        set_fatal(b, KJ_EXIT_OUTPUT);
    }
}

/* brat: NAME.txt (the text the offsets count in) and NAME.ann. */
static void
write_brat(batch *b, slot *s)
{
    size_t len;
    const char *text = kj_doc_text(s->doc, &len);
    char *name = malloc(strlen(s->outname) + 8);
    int err;

    if (name == NULL) {
        output_failed(b, KJ_ENOMEM, "brat");
        return;
    }
    sprintf(name, "%s.txt", s->outname);
    if (outfile_create(b->od, name, &b->cur) != 0) {
        set_fatal(b, KJ_EXIT_OUTPUT);
    } else if (write_all(b->cur.fd, text, len) != 0) {
        output_failed(b, KJ_EIO, b->cur.name);
        outfile_abort(&b->cur);
    } else if (outfile_commit(&b->cur) == 0) {
        sprintf(name, "%s.ann", s->outname);
        if (outfile_create(b->od, name, &b->cur) != 0) {
            set_fatal(b, KJ_EXIT_OUTPUT);
        } else if ((b->writer = kj_writer_new(&b->cfg->wo, write_outfile, b,
                                              &err)) == NULL) {
            output_failed(b, KJ_ENOMEM, b->cur.name);
            outfile_abort(&b->cur);
        } else {
            b->flush_each = 0;
            if (put_doc(b, b->writer, s, b->cur.name) != 0 ||
                (err = kj_writer_finish(b->writer)) != KJ_OK) {
                if (b->fatal == 0)
                    output_failed(b, err, b->cur.name);
                outfile_abort(&b->cur);
            } else if (outfile_commit(&b->cur) != 0) {
                set_fatal(b, KJ_EXIT_OUTPUT);
            }
            kj_writer_free(b->writer);
            b->writer = NULL;
        }
    } else {
        set_fatal(b, KJ_EXIT_OUTPUT);
    }
    free(name);
}

static int
discarding(batch *b)
{
    int d;

    pthread_mutex_lock(&b->mu);
    d = b->stop || (b->fatal && b->fatal != KJ_EXIT_INTERRUPT);
    pthread_mutex_unlock(&b->mu);
    return d;
}

static void
write_slot(batch *b, slot *s)
{
    if (discarding(b))
        return;
    if (s->msgs.n > 0) {
        progress_clear(&b->st);
        fwrite(s->msgs.p, 1, s->msgs.n, stderr);
    }
    if (s->note_only)
        return;
    if (s->end_of_input) {
        if (b->od && !b->brat && !in_at(b, s->input)->failed)
            close_input_file(b, s->input);
        else if (b->cur_open && b->cur_input == s->input)
            abort_input_file(b);   /* failed part-way: no partial file */
        return;
    }
    if (s->skip) {
        b->st.skipped_inputs++;
        return;
    }
    if (kj_doc_error(s->doc))
        set_data_error(b);
    if (b->od == NULL)
        put_doc(b, b->writer, s, display(b->cfg->output ? b->cfg->output : "-"));
    else if (in_at(b, s->input)->failed)
        ;   /* reported; no file, so that a resumed run tries it again */
    else if (b->brat) {
        if (kj_doc_error(s->doc) == NULL)   /* brat has no error records */
            write_brat(b, s);
    } else if (open_input_file(b, s->input) == 0)
        put_doc(b, b->writer, s, b->cur.name);
    progress_count(&b->st, s->doc);
    if (kj_doc_error(s->doc) && b->cfg->fail_fast) {
        pthread_mutex_lock(&b->mu);
        b->stop = 1;
        pthread_mutex_unlock(&b->mu);
    }
    progress_tick(&b->st);
}

static void *
writer_main(void *arg)
{
    batch *b = arg;

    for (;;) {
        slot *s;
        pthread_mutex_lock(&b->mu);
        s = &b->slots[b->write_seq % b->nslots];
        while (!(b->write_seq < b->next_seq && s->state == SLOT_DONE) &&
               !(b->done_reading && b->write_seq == b->next_seq))
            pthread_cond_wait(&b->cv_done, &b->mu);
        if (b->write_seq == b->next_seq) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        pthread_mutex_unlock(&b->mu);
        write_slot(b, s);
        pthread_mutex_lock(&b->mu);
        s->state = SLOT_FREE;
        b->write_seq++;
        pthread_cond_signal(&b->cv_free);
        pthread_mutex_unlock(&b->mu);
    }
}

/* ---- the reading loop -------------------------------------------------- */

/* An input that cannot be opened is one failed document. */
static void
failed_input(batch *b, size_t i, const char *why)
{
    slot *s = take_slot(b);

    s->input = i;
    in_at(b, i)->failed = 1;   /* set before the slot is handed on */
    msgf(&s->msgs, "kijang: %s: %s\n", in_at(b, i)->path, why);
    if (kj_doc_set_text(s->doc, in_at(b, i)->id, "", 0) != KJ_OK ||
        kj_doc_set_error(s->doc, why) != KJ_OK) {
        set_fatal(b, KJ_EXIT_DATA);
        return;
    }
    submit(b, s);
}

static int
open_input(batch *b, const input *in, char *why, size_t cap)
{
    b->gz = NULL;
    if (strcmp(in->path, "-") == 0) {
        b->fd = STDIN_FILENO;
        return 0;
    }
    if ((b->fd = open(in->path, O_RDONLY | O_CLOEXEC)) < 0) {
        snprintf(why, cap, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (cli_has_suffix(in->path, ".gz") && (b->gz = gzdopen(b->fd, "rb")) == NULL) {
        snprintf(why, cap, "cannot read: out of memory");
        close(b->fd);
        return -1;
    }
    return 0;
}

static void
close_input(batch *b)
{
    if (b->gz)
        gzclose(b->gz);   /* closes the descriptor too */
    else if (b->fd != STDIN_FILENO)
        close(b->fd);
    b->gz = NULL;
}

/* After the reader stopped early: why, in the slot that ends the input. */
static int
reader_failed(batch *b, slot *s, int rc)
{
    if (rc == KJ_EINTR || batch_interrupted) {
        set_fatal(b, KJ_EXIT_INTERRUPT);
        return -1;
    }
    if (rc == KJ_ENOMEM) {
        msgf(&s->msgs, "kijang: out of memory\n");
        set_fatal(b, KJ_EXIT_DATA);
        return -1;
    }
    {
        /* what could not be read is one failed document, in its place */
        char why[160];
        size_t in = s->input;
        snprintf(why, sizeof why, "read error: %s", strerror(errno));
        msgf(&s->msgs, "kijang: %s: %s\n", display(in_at(b, in)->path), why);
        in_at(b, in)->failed = 1;   /* set before the slot is handed on */
        if (kj_doc_set_text(s->doc, in_at(b, in)->id, "", 0) != KJ_OK ||
            kj_doc_set_error(s->doc, why) != KJ_OK) {
            set_fatal(b, KJ_EXIT_DATA);
            return -1;
        }
        submit(b, s);
    }
    return 0;
}

/* brat: each document's base name; --skip-existing looks for its .ann. */
static void
name_brat_doc(batch *b, slot *s)
{
    char *ann;

    s->outname = outdir_name(b->od, kj_doc_id(s->doc), "");
    if (s->outname == NULL || !b->cfg->skip_existing)
        return;
    if ((ann = malloc(strlen(s->outname) + 5)) != NULL) {
        sprintf(ann, "%s.ann", s->outname);
        s->skip = outdir_exists(b->od, ann);
        free(ann);
    }
}

/* The --output-dir file of an input: its id without ".gz", then the
 * format's extension ("a/b.txt.gz" -> "a/b.txt.conll"). */
static char *
output_name(batch *b, const char *id)
{
    char *base = strdup(id), *name;
    size_t n;

    if (base == NULL)
        return NULL;
    n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".gz") == 0)
        base[n - 3] = '\0';
    name = outdir_name(b->od, base, kj_format_extension(b->cfg->wo.format));
    free(base);
    return name;
}

static kj_reader *
new_reader(batch *b, const input *in, int *err)
{
    kj_reader_options ro = b->cfg->ro;

    ro.diag = on_diag;   /* messages go with the document they are about */
    ro.diag_user = b;
    return kj_reader_new(&ro, read_input, b, in->id, err);
}

/* Start input `path`: its ring entry, or 1 when --skip-existing skips it
 * (-1 on failure, after set_fatal). Sets *out_i to its number. */
static int
begin_input(batch *b, const char *path, const char *id, size_t *out_i)
{
    char *outname = NULL;
    input *in;

    if (b->od && !b->brat) {
        if ((outname = output_name(b, id)) == NULL) {
            set_fatal(b, KJ_EXIT_DATA);
            return -1;
        }
        if (b->cfg->skip_existing && outdir_exists(b->od, outname)) {
            b->st.skipped_inputs++;
            free(outname);
            return 1;
        }
    }
    /* The entry it replaces belongs to an input whose last slot was written:
     * each input hands on at least one slot, and the ring is longer than
     * the slots in flight. */
    in = in_at(b, b->ninputs);
    free(in->path);
    free(in->id);
    free(in->outname);
    memset(in, 0, sizeof *in);
    in->outname = outname;
    if ((in->path = strdup(path)) == NULL || (in->id = strdup(id)) == NULL) {
        set_fatal(b, KJ_EXIT_DATA);
        return -1;
    }
    *out_i = b->ninputs++;
    return 0;
}

/* Hand on every document of input i; the slot left over (for the end of
 * the input), or NULL when the input is unfinished (stopped, interrupted,
 * out of memory). */
static slot *
read_docs(batch *b, size_t i, kj_reader *r)
{
    slot *s;
    int rc;

    for (;;) {
        s = take_slot(b);
        s->input = i;
        b->reading = s;
        if ((rc = kj_reader_next(r, s->doc)) <= 0)
            break;
        if (b->brat)
            name_brat_doc(b, s);
        submit(b, s);
        if (stopping(b))
            return NULL;
    }
    if (rc < 0) {
        if (reader_failed(b, s, rc) != 0)
            return NULL;
        s = take_slot(b);   /* the error record took the slot */
        s->input = i;
    }
    return s;
}

static void
read_one_input(batch *b, const char *path, const char *id)
{
    char why[256];
    size_t i;
    input *in;
    kj_reader *r;
    slot *s;
    int err;

    if (begin_input(b, path, id, &i) != 0)
        return;
    in = in_at(b, i);
    if (open_input(b, in, why, sizeof why) != 0) {
        failed_input(b, i, why);
    } else if ((r = new_reader(b, in, &err)) == NULL) {
        close_input(b);
        failed_input(b, i, kj_strerror(err));
    } else {
        s = read_docs(b, i, r);
        kj_reader_free(r);
        close_input(b);
        if (s == NULL)
            return;   /* unfinished: no end-of-input slot, no output file */
        s->end_of_input = 1;
        submit(b, s);
        return;
    }
    s = take_slot(b);
    s->input = i;
    s->end_of_input = 1;
    submit(b, s);
}

/* ---- the run ----------------------------------------------------------- */

static kj_tagger *
new_tagger(const batch_config *cfg)
{
    kj_tagger *t = kj_tagger_new(NULL);
    size_t i;

    if (t == NULL)
        return NULL;
    kj_tagger_set_tokenizer(t, cfg->tokenizer);
    for (i = 0; i < cfg->nlexicons; i++)
        if (kj_tagger_add_lexicon(t, cfg->lexicons[i]) != KJ_OK) {
            kj_tagger_free(t);
            return NULL;
        }
    if (cfg->rules && kj_tagger_set_rules(t, cfg->rules, cfg->fallback) != KJ_OK) {
        kj_tagger_free(t);
        return NULL;
    }
    return t;
}

/* The first walk over the operands (see survey_input). */
static void
survey(batch *b, char **operands, size_t n)
{
    walk w;
    size_t i;

    memset(&w, 0, sizeof w);
    w.b = b;
    w.has_out = b->cfg->output && strcmp(b->cfg->output, "-") != 0 &&
                stat(b->cfg->output, &w.out) == 0;
    if (!w.has_out && !b->st.show)
        return;   /* nothing to learn */
    for (i = 0; i < n; i++) {
        w.operand = operands[i];
        cli_walk(operands[i], survey_input, quiet_problem, &w);
    }
}

static int
open_outputs(batch *b)
{
    struct stat st;
    int err;

    if (b->cfg->output_dir) {
        b->od = outdir_open(b->cfg->output_dir);
        return b->od ? 0 : -1;
    }
    if (b->cfg->output == NULL || strcmp(b->cfg->output, "-") == 0) {
        b->out_fd = STDOUT_FILENO;
    } else if (b->output_is_input) {
        fprintf(stderr, "kijang: output '%s' is also an input: not "
                "overwriting it\n", b->cfg->output);
        return -1;
    } else if ((b->out_fd = open(b->cfg->output,
                                 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0) {
        fprintf(stderr, "kijang: cannot open output '%s': %s\n", b->cfg->output,
                strerror(errno));
        return -1;
    }
    /* a script that writes a document and reads the answer must get it */
    b->flush_each = fstat(b->out_fd, &st) == 0 &&
                    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ||
                     S_ISCHR(st.st_mode));
    b->writer = kj_writer_new(&b->cfg->wo, write_stdout, b, &err);
    if (b->writer == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        return -1;
    }
    return 0;
}

static int
start(batch *b)
{
    size_t i, nw = b->cfg->jobs > 1 ? b->cfg->jobs : 1;

    b->nworkers = b->cfg->jobs > 1 ? b->cfg->jobs : 0;
    b->nslots = b->nworkers ? 4 * b->nworkers : 1;
    b->ninring = b->nslots + 2;
    b->inputs = calloc(b->ninring, sizeof *b->inputs);
    b->slots = calloc(b->nslots, sizeof *b->slots);
    if (b->inputs == NULL)
        return -1;
    b->workers = calloc(nw, sizeof *b->workers);
    if (b->slots == NULL || b->workers == NULL)
        return -1;
    for (i = 0; i < b->nslots; i++)
        if ((b->slots[i].doc = kj_doc_new()) == NULL)
            return -1;
    for (i = 0; i < nw; i++) {
        b->workers[i].b = b;
        if ((b->workers[i].tagger = new_tagger(b->cfg)) == NULL)
            return -1;
    }
    for (i = 0; i < b->nworkers; i++)
        if (pthread_create(&b->workers[i].thread, NULL, worker_main, &b->workers[i]) != 0)
            return -1;
    if (b->nworkers && pthread_create(&b->writer_thread, NULL, writer_main, b) != 0)
        return -1;
    return 0;
}

static void
stop(batch *b)
{
    size_t i;

    if (b->nworkers) {
        pthread_mutex_lock(&b->mu);
        b->done_reading = 1;
        pthread_cond_broadcast(&b->cv_work);
        pthread_cond_broadcast(&b->cv_done);
        pthread_mutex_unlock(&b->mu);
        for (i = 0; i < b->nworkers; i++)
            pthread_join(b->workers[i].thread, NULL);
        pthread_join(b->writer_thread, NULL);
    }
}

/* The end of the output; the exit status. */
static int
finish(batch *b)
{
    int rc;

    if (b->cur_open)                /* an input left unfinished */
        abort_input_file(b);
    if (b->od == NULL && b->writer &&
        (b->fatal == 0 || b->fatal == KJ_EXIT_INTERRUPT)) {
        rc = kj_writer_finish(b->writer);
        if (rc != KJ_OK && b->fatal == 0)
            output_failed(b, rc, display(b->cfg->output ? b->cfg->output : "-"));
    }
    if (b->od == NULL && b->out_fd != STDOUT_FILENO && close(b->out_fd) != 0 &&
        b->fatal == 0)
        output_failed(b, KJ_EIO, b->cfg->output);
    return b->fatal ? b->fatal : b->status;
}

static void
cleanup(batch *b)
{
    size_t i;

    for (i = 0; b->slots && i < b->nslots; i++) {
        slot_clear(&b->slots[i]);
        free(b->slots[i].msgs.p);
        kj_doc_free(b->slots[i].doc);
    }
    for (i = 0; b->workers && i < (b->cfg->jobs > 1 ? b->cfg->jobs : 1); i++)
        kj_tagger_free(b->workers[i].tagger);
    for (i = 0; b->inputs && i < b->ninring; i++) {
        free(b->inputs[i].path);
        free(b->inputs[i].id);
        free(b->inputs[i].outname);
    }
    free(b->inputs);
    free(b->slots);
    free(b->workers);
    kj_writer_free(b->writer);
    outdir_close(b->od);
    progress_free(&b->st);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv_free);
    pthread_cond_destroy(&b->cv_work);
    pthread_cond_destroy(&b->cv_done);
}

/* "lexicon NAME: N entries, image ID" lines for the summary. */
static char *
describe_images(const batch_config *cfg)
{
    msgbuf m = {NULL, 0, 0};
    size_t i;

    for (i = 0; i < cfg->nlexicons; i++)
        msgf(&m, "kijang: lexicon %s: %zu entries, image %s\n",
             kj_lexicon_name(cfg->lexicons[i]),
             kj_lexicon_num_entries(cfg->lexicons[i]),
             kj_lexicon_id(cfg->lexicons[i]));
    if (cfg->rules)
        msgf(&m, "kijang: rules %s: image %s\n", kj_lexicon_name(cfg->rules),
             kj_lexicon_id(cfg->rules));
    return m.p;
}

/* The second walk: each input, read as it is found. Problems with
 * directory entries go out through a slot, in order with the output. */
static int
process_input(void *ctx, const cli_input *in)
{
    walk *w = ctx;

    if (wanted(w, in))
        read_one_input(w->b, in->path, in->id);
    return stopping(w->b);
}

static void
walk_problem(void *ctx, const char *path, const char *why)
{
    walk *w = ctx;
    slot *s = take_slot(w->b);

    s->note_only = 1;
    msgf(&s->msgs, "kijang: %s: %s\n", path, why);
    set_data_error(w->b);
    submit(w->b, s);
}

int
batch_run(const batch_config *cfg, char **operands, size_t n)
{
    batch b;
    size_t i;
    int status, tty = isatty(STDERR_FILENO);

    memset(&b, 0, sizeof b);
    b.cfg = cfg;
    b.fd = -1;
    b.brat = cfg->wo.format == KJ_FORMAT_BRAT;
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv_free, NULL);
    pthread_cond_init(&b.cv_work, NULL);
    pthread_cond_init(&b.cv_done, NULL);
    progress_init(&b.st, cfg->progress > 0 || (cfg->progress == 0 && tty), tty);
    survey(&b, operands, n);
    if (start(&b) != 0) {
        fprintf(stderr, "kijang: out of memory\n");
        stop(&b);
        cleanup(&b);
        return KJ_EXIT_DATA;
    }
    if (open_outputs(&b) != 0) {
        stop(&b);
        cleanup(&b);
        return KJ_EXIT_OUTPUT;
    }
    if (n == 0) {
        read_one_input(&b, "-", "-");
    } else {
        walk w;
        memset(&w, 0, sizeof w);
        w.b = &b;
        for (i = 0; i < n && !stopping(&b); i++) {
            w.operand = operands[i];
            cli_walk(operands[i], process_input, walk_problem, &w);
        }
    }
    if (batch_interrupted)
        set_fatal(&b, KJ_EXIT_INTERRUPT);
    stop(&b);
    status = finish(&b);
    {
        char *images = describe_images(cfg);
        progress_summary(&b.st, images);
        free(images);
    }
    cleanup(&b);
    return status;
}
