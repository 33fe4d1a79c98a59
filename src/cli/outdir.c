/* SPDX-License-Identifier: MIT */
/* outdir.c - --output-dir: safe, unique file names and atomic files */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"

#define MAX_COMPONENT 200   /* bytes of one path component, before a hash */

struct outdir {
    int fd;
    char *path;
    char **names;           /* open-addressing set of names given out */
    size_t cap, n;
};

/* mkdir -p for the operand itself (following symlinks the user names). */
static int
make_path(const char *path)
{
    char *p = strdup(path), *s;
    int rc = 0;

    if (p == NULL)
        return -1;
    for (s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return rc;
}

outdir *
outdir_open(const char *path)
{
    outdir *od = calloc(1, sizeof *od);

    if (od == NULL || (od->path = strdup(path)) == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        free(od);
        return NULL;
    }
    if (make_path(path) != 0 ||
        (od->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        fprintf(stderr, "kijang: cannot use output directory '%s': %s\n", path,
                strerror(errno));
        free(od->path);
        free(od);
        return NULL;
    }
    return od;
}

void
outdir_close(outdir *od)
{
    size_t i;

    if (od == NULL)
        return;
    for (i = 0; i < od->cap; i++)
        free(od->names[i]);
    free(od->names);
    free(od->path);
    close(od->fd);
    free(od);
}

static uint64_t
fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Add `name` to the set unless it is there; 1 when added, 0 when taken,
 * -1 when out of memory. */
static int
claim(outdir *od, const char *name)
{
    size_t i, mask;

    if (2 * (od->n + 1) > od->cap) {
        size_t cap = od->cap ? od->cap * 2 : 64, k;
        char **t = calloc(cap, sizeof *t);
        if (t == NULL)
            return -1;
        for (k = 0; k < od->cap; k++)
            if (od->names[k]) {
                for (i = fnv1a(od->names[k], strlen(od->names[k])) & (cap - 1);
                     t[i]; i = (i + 1) & (cap - 1))
                    ;
                t[i] = od->names[k];
            }
        free(od->names);
        od->names = t;
        od->cap = cap;
    }
    mask = od->cap - 1;
    for (i = fnv1a(name, strlen(name)) & mask; od->names[i]; i = (i + 1) & mask)
        if (strcmp(od->names[i], name) == 0)
            return 0;
    if ((od->names[i] = strdup(name)) == NULL)
        return -1;
    od->n++;
    return 1;
}

/* Append one sanitized component c[0..n) to `out` (which has room). */
static size_t
put_component(char *out, const char *c, size_t n)
{
    size_t k = 0, i, keep = n;

    if (n > MAX_COMPONENT) {      /* shorten at a UTF-8 boundary, add a hash */
        keep = MAX_COMPONENT - 17;
        while (keep > 0 && ((unsigned char)c[keep] & 0xC0) == 0x80)
            keep--;
    }
    if (c[0] == '.')
        out[k++] = '_';           /* no hidden files, no clash with temps */
    for (i = 0; i < keep; i++) {
        unsigned char ch = (unsigned char)c[i];
        out[k++] = (ch < 0x20 || ch == 0x7F || ch == '\\') ? '_' : (char)ch;
    }
    if (keep < n)
        k += (size_t)sprintf(out + k, "~%016llx",
                             (unsigned long long)fnv1a(c, n));
    return k;
}

/* The id as a relative path: components of "/"-separated parts other than
 * "", "." and "..", each made safe; "_" when nothing is left. */
static char *
safe_path(const char *id, size_t extra)
{
    size_t n = strlen(id), k = 0;
    char *out = malloc(2 * n + 64 + extra), *seg;
    const char *p = id;

    if (out == NULL)
        return NULL;
    while (*p) {
        size_t len = strcspn(p, "/");
        if (len > 0 && !(len == 1 && p[0] == '.') &&
            !(len == 2 && p[0] == '.' && p[1] == '.')) {
            if (k > 0)
                out[k++] = '/';
            seg = out + k;
            k += put_component(seg, p, len);
        }
        p += len;
        if (*p == '/')
            p++;
    }
    if (k == 0)
        out[k++] = '_';
    out[k] = '\0';
    return out;
}

char *
outdir_name(outdir *od, const char *id, const char *ext)
{
    size_t elen = strlen(ext);
    char *base = safe_path(id, elen + 32), *name;
    unsigned long dup;
    int rc;

    if (base == NULL || (name = malloc(strlen(base) + elen + 32)) == NULL) {
        free(base);
        return NULL;
    }
    for (dup = 1;; dup++) {
        if (dup == 1)
            sprintf(name, "%s%s", base, ext);
        else
            sprintf(name, "%s~%lu%s", base, dup, ext);
        if ((rc = claim(od, name)) != 0)
            break;
    }
    free(base);
    if (rc < 0) {
        free(name);
        return NULL;
    }
    return name;
}

/* The directory of `name` under the output directory, created as needed,
 * never through a symbolic link; sets *leaf to the last component. */
static int
open_parent(const outdir *od, const char *name, const char **leaf)
{
    int fd = dup(od->fd);
    const char *p = name, *slash;

    while (fd >= 0 && (slash = strchr(p, '/')) != NULL) {
        char part[MAX_COMPONENT + 64];
        size_t len = (size_t)(slash - p);
        int next;
        memcpy(part, p, len);
        part[len] = '\0';
        if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
            close(fd);
            return -1;
        }
        next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = next;
        p = slash + 1;
    }
    *leaf = p;
    return fd;
}

int
outdir_exists(const outdir *od, const char *name)
{
    const char *leaf;
    struct stat st;
    int fd = open_parent(od, name, &leaf), ok;

    if (fd < 0)
        return 0;
    ok = fstatat(fd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
    close(fd);
    return ok;
}

int
outfile_create(outdir *od, const char *name, outfile *f)
{
    const char *leaf;

    memset(f, 0, sizeof *f);
    f->fd = -1;
    f->dirfd = open_parent(od, name, &leaf);
    if (f->dirfd < 0) {
        fprintf(stderr, "kijang: %s/%s: cannot create its directory: %s\n",
                od->path, name, strerror(errno));
        return -1;
    }
    f->name = malloc(strlen(od->path) + strlen(name) + 2);
    f->base = strdup(leaf);
    f->tmp = malloc(strlen(leaf) + 48);
    if (f->name == NULL || f->base == NULL || f->tmp == NULL) {
        fprintf(stderr, "kijang: out of memory\n");
        outfile_abort(f);
        return -1;
    }
    sprintf(f->name, "%s/%s", od->path, name);
    sprintf(f->tmp, ".%s.kijang-%ld.tmp", leaf, (long)getpid());
    f->fd = openat(f->dirfd, f->tmp,
                   O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (f->fd < 0) {
        fprintf(stderr, "kijang: %s: cannot create: %s\n", f->name,
                strerror(errno));
        outfile_abort(f);
        return -1;
    }
    return 0;
}

static void
outfile_free(outfile *f)
{
    if (f->dirfd >= 0)
        close(f->dirfd);
    free(f->name);
    free(f->base);
    free(f->tmp);
    memset(f, 0, sizeof *f);
    f->fd = f->dirfd = -1;
}

int
outfile_commit(outfile *f)
{
    int rc = close(f->fd);

    f->fd = -1;
    if (rc != 0 || renameat(f->dirfd, f->tmp, f->dirfd, f->base) != 0) {
        fprintf(stderr, "kijang: %s: %s\n", f->name, strerror(errno));
        unlinkat(f->dirfd, f->tmp, 0);
        outfile_free(f);
        return -1;
    }
    outfile_free(f);
    return 0;
}

void
outfile_abort(outfile *f)
{
    if (f->fd >= 0)
        close(f->fd);
    if (f->dirfd >= 0 && f->tmp)
        unlinkat(f->dirfd, f->tmp, 0);
    outfile_free(f);
}

int
write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
