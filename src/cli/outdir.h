/* SPDX-License-Identifier: MIT */
/* outdir.h - --output-dir: safe, unique file names and atomic files
 *
 * Document ids come from input (JSONL "id", CoNLL-U comments, paths) and
 * are not trusted: outdir_name() turns one into a relative path that stays
 * inside the directory ("..", "/", empty and control characters are made
 * harmless, over-long components are shortened with a hash) and that no
 * other id of the run got. Files are written to a temporary name in their
 * directory and renamed when complete, so an interrupted run leaves no
 * half-written file; neither directories nor files are followed through
 * symbolic links planted in the output directory.
 */
#ifndef KJ_CLI_OUTDIR_H
#define KJ_CLI_OUTDIR_H

#include <stddef.h>

typedef struct outdir outdir;

/* Open (creating it and its parents if needed) the output directory.
 * NULL after a message on stderr. */
outdir *outdir_open(const char *path);
void outdir_close(outdir *od);

/* The relative file name for `id` with `ext` appended (".conll"; "" for
 * none), unique in this run; a new string (free()), or NULL when out of
 * memory. Calling it twice with the same id gives two names. */
char *outdir_name(outdir *od, const char *id, const char *ext);

/* Is there already a regular file `name` (for --skip-existing)? */
int outdir_exists(const outdir *od, const char *name);

typedef struct outfile {
    int fd;        /* write here; -1 when closed */
    int dirfd;     /* the file's directory */
    char *base;    /* final name in dirfd */
    char *tmp;     /* temporary name in dirfd */
    char *name;    /* as given, for messages */
} outfile;

/* Create the temporary file for `name` (its directories as needed).
 * Returns 0, or -1 after a message on stderr. */
int outfile_create(outdir *od, const char *name, outfile *f);
/* Close the file and give it its name. 0, or -1 after a message (the
 * temporary file is removed). */
int outfile_commit(outfile *f);
/* Close and remove the temporary file (interrupted or failed). */
void outfile_abort(outfile *f);

/* Write all of buf to fd; 0, or -1 with errno set. */
int write_all(int fd, const void *buf, size_t len);

#endif
