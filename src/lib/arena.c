/* SPDX-License-Identifier: MIT */
/* arena.c - chunked bump allocator for per-document data */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "mem.h"

#define KJ_CHUNK_SIZE ((size_t)16384)

struct kj_chunk {
    kj_chunk *older;
    size_t size;               /* usable bytes in data[] */
    _Alignas(8) unsigned char data[];
};

void
kj_arena_init(kj_arena *a)
{
    a->head = NULL;
    a->used = 0;
}

void
kj_arena_free(kj_arena *a)
{
    kj_chunk *c = a->head;

    while (c) {
        kj_chunk *older = c->older;
        kj_free(c);
        c = older;
    }
    kj_arena_init(a);
}

void
kj_arena_reset(kj_arena *a)
{
    kj_chunk *c = a->head;

    if (c == NULL)
        return;
    /* Keep the oldest chunk when it has the standard size. */
    while (c->older) {
        kj_chunk *older = c->older;
        kj_free(c);
        c = older;
    }
    if (c->size != KJ_CHUNK_SIZE) {
        /* A document-sized chunk is not worth keeping. */
        kj_free(c);
        c = NULL;
    }
    a->head = c;
    a->used = 0;
}

void *
kj_arena_alloc(kj_arena *a, size_t n)
{
    kj_chunk *c;
    size_t size;

    if (n > SIZE_MAX - 7 - sizeof(kj_chunk))
        return NULL;
    n = (n + 7) & ~(size_t)7;
    if (a->head && a->head->size - a->used >= n) {
        void *p = a->head->data + a->used;
        a->used += n;
        return p;
    }
    size = n > KJ_CHUNK_SIZE ? n : KJ_CHUNK_SIZE;
    c = kj_malloc(sizeof(kj_chunk) + size);
    if (c == NULL)
        return NULL;
    c->size = size;
    if (a->head && n > KJ_CHUNK_SIZE) {
        /* A big allocation gets a chunk of its own behind the head, so
         * the head's free space stays usable. */
        c->older = a->head->older;
        a->head->older = c;
        return c->data;
    }
    c->older = a->head;
    a->head = c;
    a->used = n;
    return c->data;
}

char *
kj_arena_strndup(kj_arena *a, const char *s, size_t n)
{
    char *d;

    if (n == SIZE_MAX)
        return NULL;
    d = kj_arena_alloc(a, n + 1);
    if (d == NULL)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
