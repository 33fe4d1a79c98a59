/* SPDX-License-Identifier: MIT */
/* fuzz_lexicon.c - fuzz target: load a .kjlex image from memory and read it
 *
 * libFuzzer: clang -fsanitize=fuzzer,address (`make fuzz-lexicon`).
 * Without libFuzzer, replay.c gives it a main() that runs files through it,
 * which `make check` does on the default lexicon and its truncations.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"jawa", "barat", "aceh", "", "x"};
    kj_lexicon *lx = kj_lexicon_open_mem(data, size, "fuzz", NULL, NULL, NULL);
    size_t i, k;

    if (lx == NULL)
        return 0;
    (void)kj_lexicon_check(lx, NULL, NULL);
    for (i = 0; i < kj_lexicon_num_entries(lx) && i < 4096; i++) {
        kj_lexicon_entry e;
        (void)kj_lexicon_get_entry(lx, i, &e);
    }
    for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        uint32_t id, node, first, n;
        if (kj_lex_find_key(lx, keys[k], strlen(keys[k]), &id) != 0)
            continue;
        node = kj_lex_root(lx, id);
        (void)kj_lex_node_entries(lx, node, &first, &n);
        node = kj_lex_child(lx, node, id);
        (void)kj_lex_node_entries(lx, node, &first, &n);
    }
    kj_lexicon_free(lx);
    return 0;
}
