/* SPDX-License-Identifier: MIT */
/* lexicon_format.h - the on-disk layout of compiled lexicons (.kjlex)
 *
 * Shared by lexicon_compile.c (writer) and lexicon_load.c (reader).
 * Everything is little-endian and written through explicit encoders; the
 * loader uses the arrays in place (zero copy) after validating the header
 * and the section table, which takes constant time.
 *
 *   header (96 bytes)
 *     0  magic "KIJANGLX"
 *     8  u32 format version (KJ_LEXICON_FORMAT_VERSION)
 *    12  u32 header size (96)
 *    16  u64 file size
 *    24  u32 flags (0)
 *    28  u32 number of sections
 *    32  u32 CRC-32 (zlib) of the whole file with this field zeroed
 *    36  u32 reserved (0)
 *    40  char[32] key settings, NUL-padded, e.g. "nfkc-cf-strip:latn,grek,cyrl"
 *    72  char[16] Unicode version of the keys, e.g. "15.0"
 *    88  u64 number of entries
 *   section table: per section 24 bytes
 *     char[4] id, u32 reserved, u64 offset, u64 size
 *   sections, each 8-byte aligned, in table order, the last one ending at
 *   the end of the file:
 *     STRS  NUL-terminated strings (surfaces, attributes, labels, keys,
 *           source paths); offset 0 is the empty string
 *     LBLS  u32 per label: STRS offset of its name
 *     SRCS  u32 per source file: STRS offset of its path as named
 *     KEYS  u32 per token key id: STRS offset of the key (ids sorted by key)
 *     HASH  slots of two u32 (a power of two of them): key id + 1 (0 =
 *           empty) and the high 32 bits of kj_lexhash() of the key, so that
 *           a probe compares strings only when those agree; linear probing
 *           from the low bits of the hash
 *     ROOT  u32 per key id: trie node reached from the root by that token,
 *           0 = none
 *     NODE  u32 pairs {first edge, first entry} per node, plus a sentinel
 *           node; the counts are the next node's firsts minus these
 *     EDGE  u32 pairs {key id, child node}, sorted by key id within a node
 *     ENTS  24-byte entries, sorted by token-key sequence:
 *             u32 surface, u32 attributes ("k=v" joined by TABs, sorted),
 *             u16 label, u8 case policy, u8 flags (1: an old-spelling
 *             variant of another entry, which dump leaves out; 2:
 *             ambiguous=1), i32 prio,
 *             u32 source file, u32 line
 */
#ifndef KJ_LEXICON_FORMAT_H
#define KJ_LEXICON_FORMAT_H

#include <stdint.h>
#include <string.h>

#define KJ_LEXICON_FORMAT_VERSION 1
#define KJ_LEX_MAGIC "KIJANGLX"
#define KJ_LEX_HEADER_SIZE 96
#define KJ_LEX_SECTION_SIZE 24
#define KJ_LEX_ENTRY_SIZE 24
#define KJ_LEX_KEY_SETTINGS "nfkc-cf-strip:latn,grek,cyrl"

enum {
    KJ_SEC_STRS, KJ_SEC_LBLS, KJ_SEC_SRCS, KJ_SEC_KEYS, KJ_SEC_HASH,
    KJ_SEC_ROOT, KJ_SEC_NODE, KJ_SEC_EDGE, KJ_SEC_ENTS, KJ_NUM_SECTIONS
};

static const char kj_section_ids[KJ_NUM_SECTIONS][5] = {
    "STRS", "LBLS", "SRCS", "KEYS", "HASH", "ROOT", "NODE", "EDGE", "ENTS",
};

/* Case policies (entry field). */
enum { KJ_CASE_SMART = 0, KJ_CASE_EXACT = 1, KJ_CASE_FOLD = 2 };

/* Entry flags. */
#define KJ_ENTRY_VARIANT 1u   /* an old-spelling variant of the entry before */
#define KJ_ENTRY_AMBIGUOUS 2u /* ambiguous=1: a common word too; needs support */

static inline uint32_t
kj_get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline uint64_t
kj_get64(const unsigned char *p)
{
    return (uint64_t)kj_get32(p) | (uint64_t)kj_get32(p + 4) << 32;
}

static inline uint16_t
kj_get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline void
kj_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static inline void
kj_put64(unsigned char *p, uint64_t v)
{
    kj_put32(p, (uint32_t)v);
    kj_put32(p + 4, (uint32_t)(v >> 32));
}

static inline void
kj_put16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

/* The hash of key bytes for the HASH section; part of the format. */
static inline uint64_t
kj_lexhash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xFF51AFD7ED558CCDULL);
    const unsigned char *p = (const unsigned char *)s;

    while (n >= 8) {
        h = (h ^ kj_get64(p)) * 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    /* the last n bytes, little-endian, mixed in when there are any: 4 to 7
     * with two overlapping loads (the bytes both cover are the same, so
     * OR-ing them changes nothing); 1 to 3 as p[0], p[n / 2] and p[n - 1],
     * without a branch on which */
    if (n >= 4) {
        uint64_t w = (uint64_t)kj_get32(p) | (uint64_t)kj_get32(p + n - 4) << (8 * (n - 4));
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    } else if (n) {
        uint64_t w = (uint64_t)p[0] | (uint64_t)p[n >> 1] << (8 * (n >> 1)) |
                     (uint64_t)p[n - 1] << (8 * (n - 1));
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    }
    h ^= h >> 32;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    return h;
}

#endif
