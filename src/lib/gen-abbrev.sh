#!/bin/sh
# gen-abbrev.sh - turn lexicons/text/abbreviations.tsv into a sorted C table
# Usage: gen-abbrev.sh abbreviations.tsv > abbrev_data.c
set -eu
src=$1
printf '/* Generated from lexicons/text/abbreviations.tsv by gen-abbrev.sh: do not edit. */\n'
printf '#include <config.h>\n\n#include "abbrev.h"\n\n'
printf 'const kj_abbrev kj_abbrevs[] = {\n'
LC_ALL=C awk -F '\t' '
    /^[[:space:]]*(#|$)/ { next }
    NF != 2 { printf "%s:%d: expected SURFACE<TAB>KIND\n", FILENAME, NR > "/dev/stderr"; bad = 1; next }
    $2 != "title" && $2 != "other" && $2 != "currency" {
        printf "%s:%d: unknown kind \"%s\"\n", FILENAME, NR, $2 > "/dev/stderr"; bad = 1; next }
    { s = $1; gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
      printf "%s\t    {\"%s\", %d, KJ_ABBREV_%s},\n", $1, s, length($1), toupper($2) }
    END { if (bad) exit 1 }
' "$src" | LC_ALL=C sort -t '	' -k1,1 | cut -f2-
printf '};\n\nconst size_t kj_num_abbrevs = sizeof kj_abbrevs / sizeof kj_abbrevs[0];\n'
printf 'const size_t kj_max_currency_len = %d;\n' "$(LC_ALL=C awk -F '\t' '
    /^[[:space:]]*(#|$)/ { next }
    $2 == "currency" && length($1) > m { m = length($1) }
    END { print m + 0 }' "$src")"
