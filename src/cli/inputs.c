/* SPDX-License-Identifier: MIT */
/* inputs.c - turn command-line operands into a list of input files */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inputs.h"
#include "kijang.h"

/* Directories on the current path, to refuse symlink loops. */
typedef struct ancestor {
    dev_t dev;
    ino_t ino;
    const struct ancestor *up;
} ancestor;

typedef struct walk {
    cli_input_fn fn;
    cli_problem_fn problem;
    void *ctx;
    size_t root_len;  /* strip this prefix (DIR + "/") to make ids */
} walk;

/* A directory entry; directories sort as if their name ended in '/', so
 * the walk visits files in the byte order of their whole relative paths
 * (the order of `find | LC_ALL=C sort`). */
typedef struct entry {
    char *path;
    int is_dir;
} entry;

static int
char_at(const entry *e, size_t i, size_t len)
{
    if (i < len)
        return (unsigned char)e->path[i];
    if (i == len && e->is_dir)
        return '/';
    return -1;
}

static int
by_path(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    size_t la = strlen(a->path), lb = strlen(b->path), i;

    for (i = 0;; i++) {
        int ca = char_at(a, i, la), cb = char_at(b, i, lb);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca < 0)
            return 0;
    }
}

static char *
join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl > 0 && dir[dl - 1] != '/';
    char *p = malloc(dl + (size_t)slash + nl + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, dir, dl);
    if (slash)
        p[dl] = '/';
    memcpy(p + dl + (size_t)slash, name, nl + 1);
    return p;
}

static int walk_dir(walk *w, const char *dir, const struct stat *st,
                    const ancestor *up);

static int
walk_entry(walk *w, const char *path, const ancestor *up)
{
    struct stat st;
    cli_input in;

    if (stat(path, &st) != 0) {
        w->problem(w->ctx, path, strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(w, path, &st, up);
    if (!S_ISREG(st.st_mode)) {
        w->problem(w->ctx, path, "not a regular file, skipped");
        return 0;
    }
    in.path = (char *)path;
    in.id = (char *)path + w->root_len;
    return w->fn(w->ctx, &in);
}

static int
walk_dir(walk *w, const char *dir, const struct stat *st, const ancestor *up)
{
    ancestor me = {st->st_dev, st->st_ino, up};
    const ancestor *a;
    DIR *d;
    struct dirent *e;
    entry *ents = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;

    for (a = up; a; a = a->up)
        if (a->dev == st->st_dev && a->ino == st->st_ino) {
            w->problem(w->ctx, dir, "symbolic link loop, skipped");
            return 0;
        }
    d = opendir(dir);
    if (d == NULL) {
        w->problem(w->ctx, dir, strerror(errno));
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat es;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            entry *ne = realloc(ents, (cap ? cap * 2 : 64) * sizeof *ents);
            if (ne == NULL)
                break;
            ents = ne;
            cap = cap ? cap * 2 : 64;
        }
        if ((ents[n].path = join(dir, e->d_name)) == NULL)
            break;
        ents[n].is_dir = stat(ents[n].path, &es) == 0 && S_ISDIR(es.st_mode);
        n++;
    }
    if (e != NULL)
        w->problem(w->ctx, dir, "out of memory while listing");
    closedir(d);
    if (n)
        qsort(ents, n, sizeof *ents, by_path);
    for (i = 0; i < n && rc == 0; i++)
        rc = walk_entry(w, ents[i].path, &me);
    for (i = 0; i < n; i++)
        free(ents[i].path);
    free(ents);
    return rc;
}

int
cli_walk(const char *operand, cli_input_fn fn, cli_problem_fn problem,
         void *ctx)
{
    walk w = {fn, problem, ctx, 0};
    struct stat st;
    cli_input in;

    if (strcmp(operand, "-") != 0 && stat(operand, &st) == 0 &&
        S_ISDIR(st.st_mode)) {
        size_t len = strlen(operand);
        w.root_len = len + (len > 0 && operand[len - 1] != '/');
        return walk_dir(&w, operand, &st, NULL);
    }
    /* Files, "-", and names that fail to open (the caller reports those). */
    in.path = (char *)operand;
    in.id = (char *)operand;
    return fn(ctx, &in);
}

int
cli_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

typedef struct source_walk {
    kj_compiler *c;
    unsigned long *errors;
    int oom;
} source_walk;

static int
add_source(void *ctx, const cli_input *in)
{
    source_walk *sw = ctx;

    /* Inside a directory only .tsv files are sources. */
    if (in->id != in->path && !cli_has_suffix(in->path, ".tsv"))
        return 0;
    if (kj_compiler_add_file(sw->c, in->path) < 0)
        sw->oom = 1;
    return sw->oom;
}

static void
source_problem(void *ctx, const char *path, const char *why)
{
    source_walk *sw = ctx;

    fprintf(stderr, "%s: error: %s\n", path, why);
    if (sw->errors)
        (*sw->errors)++;
}

int
cli_add_sources(kj_compiler *c, const char *operand, unsigned long *errors)
{
    source_walk sw = {c, errors, 0};

    cli_walk(operand, add_source, source_problem, &sw);
    return sw.oom ? -1 : 0;
}
