/* SPDX-License-Identifier: MIT */
/* replay.c - run files through a fuzz target without libFuzzer
 *
 * Usage: PROGRAM FILE... ; each file is given whole, then every prefix of
 * it at 64 evenly spaced lengths (truncations), then with single bytes
 * flipped at 64 places. Exits 0 unless a file cannot be read (a crash is a
 * crash). A target's LLVMFuzzerInitialize(), when it has one, runs first,
 * as libFuzzer runs it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target: weak, NULL when the target has none. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int
main(int argc, char **argv)
{
    int i;

    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        unsigned char *b;
        long n;
        size_t k;

        if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
            perror(argv[i]);
            return 1;
        }
        rewind(f);
        b = malloc((size_t)n + 1);
        if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
            perror(argv[i]);
            return 1;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(b, (size_t)n);
        for (k = 0; k < 64; k++) {
            size_t cut = (size_t)n * k / 64;
            unsigned char *p = malloc(cut ? cut : 1);  /* exact size for ASan */
            memcpy(p, b, cut);
            LLVMFuzzerTestOneInput(p, cut);
            free(p);
        }
        for (k = 0; k < 64 && n > 0; k++) {
            size_t at = (size_t)n * k / 64;
            b[at] ^= 0x5A;
            LLVMFuzzerTestOneInput(b, (size_t)n);
            b[at] ^= 0x5A;
        }
        printf("replayed %s (%ld bytes)\n", argv[i], n);
        free(b);
    }
    return 0;
}
