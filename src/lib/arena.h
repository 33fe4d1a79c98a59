/* SPDX-License-Identifier: MIT */
/* arena.h - chunked bump allocator for per-document data
 *
 * Allocations live until kj_arena_reset() or kj_arena_free(); there is no
 * per-object free. Reset keeps the first chunk, so a stream of documents of
 * ordinary size allocates nothing after the first one.
 */
#ifndef KJ_ARENA_H
#define KJ_ARENA_H

#include <stddef.h>

typedef struct kj_chunk kj_chunk;

typedef struct kj_arena {
    kj_chunk *head;  /* newest chunk; chunks are linked to older ones */
    size_t used;     /* bytes used in head */
} kj_arena;

void kj_arena_init(kj_arena *a);
/* Release every chunk. The arena may be used again afterwards. */
void kj_arena_free(kj_arena *a);
/* Forget every allocation; keep the first chunk for reuse. */
void kj_arena_reset(kj_arena *a);
/* `n` bytes aligned to 8, or NULL when memory is exhausted. */
void *kj_arena_alloc(kj_arena *a, size_t n);
/* A NUL-terminated copy of `n` bytes of `s` in the arena, or NULL. */
char *kj_arena_strndup(kj_arena *a, const char *s, size_t n);

#endif
