/* SPDX-License-Identifier: MIT */
/* tag_string.c - tag one string through libkijang's public API
 *
 * Build against an installed kijang:
 *   cc tag_string.c $(pkg-config --cflags --libs kijang) -o tag_string
 */
#include <stdio.h>
#include <string.h>

#include <kijang.h>

int
main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1]
        : "Menteri Perindustrian (Menperin) Agus Gumiwang Kartasasmita "
          "bertemu Menteri METI Jepang di Tokyo.";
    kj_writer_options wo;
    kj_tagger *tagger;
    kj_doc *doc;
    const kj_token *tokens;
    const kj_entity *entities;
    size_t ntokens, nentities, i;
    char *jsonl;
    int err, rc = 1;

    tagger = kj_tagger_new(&err);
    if (tagger == NULL) {
        fprintf(stderr, "tag_string: %s\n", kj_strerror(err));
        return 1;
    }
    doc = kj_doc_new();
    if (doc == NULL || kj_doc_set_text(doc, "example", text, strlen(text)) != KJ_OK ||
        kj_tag(tagger, doc) != KJ_OK)
        goto done;

    tokens = kj_doc_tokens(doc, &ntokens);
    entities = kj_doc_entities(doc, &nentities);
    printf("kijang %s: %zu tokens, %zu entities\n", kj_version(), ntokens,
           nentities);
    for (i = 0; i < ntokens; i++)
        printf("%zu\t%.*s\n", i, (int)(tokens[i].end - tokens[i].start),
               text + tokens[i].start);
    for (i = 0; i < nentities; i++)
        printf("%s\t%.*s\n", entities[i].label,
               (int)(entities[i].end - entities[i].start),
               text + entities[i].start);

    kj_writer_options_init(&wo);
    wo.format = KJ_FORMAT_JSONL;
    jsonl = kj_format_doc(&wo, doc);
    if (jsonl == NULL)
        goto done;
    fputs(jsonl, stdout);
    kj_free(jsonl);
    rc = 0;
done:
    kj_doc_free(doc);
    kj_tagger_free(tagger);
    return rc;
}
