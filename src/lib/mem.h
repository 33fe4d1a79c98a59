/* SPDX-License-Identifier: MIT */
/* mem.h - the one place libkijang allocates through
 *
 * Every allocation in the library goes through these three functions, so a
 * test build can redirect them (cmocka's leak-checking allocator, or a
 * fail-after-N allocator for out-of-memory paths). On failure they return NULL
 * and the caller returns KJ_ENOMEM; the library never aborts.
 */
#ifndef KJ_MEM_H
#define KJ_MEM_H

#include <stddef.h>

#include "kijang.h"

void *kj_malloc(size_t n);
void *kj_calloc(size_t count, size_t size);
void *kj_realloc(void *p, size_t n);
/* kj_free() is public (kijang.h): it releases what the library hands out. */
void kj_free(void *p);

/* Grow an array so that it holds at least `need` elements of `size` bytes.
 * `*p` and `*cap` are updated on success; on failure (overflow or no memory)
 * they are left unchanged and KJ_ENOMEM is returned. Capacity at least doubles,
 * so appending n elements costs O(n). */
int kj_grow_to(void **p, size_t *cap, size_t need, size_t size);

static inline int
kj_grow(void **p, size_t *cap, size_t need, size_t size)
{
    return need <= *cap ? KJ_OK : kj_grow_to(p, cap, need, size);
}

/* kj_strndup: copy `n` bytes of `s` into a new NUL-terminated string, or NULL. */
char *kj_strndup(const char *s, size_t n);

#endif
