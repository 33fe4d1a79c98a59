/* SPDX-License-Identifier: MIT */
/* write_doccano.c - annotation-tool imports: doccano JSONL and Label Studio
 *
 * doccano (sequence labeling, JSONL): one object per document,
 *   {"id":ID,"text":TEXT,"label":[[START,END,"PER"],...]}
 * START and END in code points of TEXT (doccano counts code points),
 * whatever kj_writer_options.offsets says. A failed document is
 * {"id":ID,"error":MSG}, as in JSONL.
 *
 * Label Studio (JSON tasks with predictions): the whole output is one array
 * (the writer adds "[", ",\n" between tasks and "]\n"); each task is
 *   {"data":{"id":ID,"text":TEXT},"predictions":[{"model_version":
 *    "kijang VERSION","result":[{"id":"ID-K","from_name":"label",
 *    "to_name":"text","type":"labels","value":{"start":S,"end":E,
 *    "text":SURFACE,"labels":["PER"]}},...]}]}
 * S and E in UTF-16 code units (Label Studio counts JavaScript string
 * positions), K the entity's number in the document from 1. A failed
 * document is {"data":{"id":ID,"text":"","error":MSG},"predictions":[]}, so
 * tasks stay aligned with the input.
 *
 * The labeling config that matches the Label Studio output (the label
 * colours are those of the HTML output):
 *
 *   <View>
 *     <Labels name="label" toName="text">
 *       <Label value="PER" background="#ffd166"/>
 *       <Label value="ORG" background="#8ecae6"/>
 *       <Label value="LOC" background="#95d5b2"/>
 *       <Label value="PROG" background="#e0b1f5"/>
 *     </Labels>
 *     <Text name="text" value="$text"/>
 *   </View>
 */
#include <config.h>

#include <string.h>

#include "json.h"
#include "write.h"


static const char *
text_of(const kj_doc *doc)
{
    return doc->text.data ? doc->text.data : "";
}

void
kj_write_doccano(kj_out *sink, const kj_writer_options *o, const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    kj_unitconv u;
    size_t i;

    if (kj_out_json_open(sink, doc))
        return;
    kj_buf_puts(out, ",\"label\":[");
    kj_unitconv_init(&u, doc, KJ_OFFSETS_CODEPOINT);
    for (i = 0; i < doc->num_entities; i++) {
        const kj_entity *e = &doc->entities[i];
        kj_buf_puts(out, i ? ",[" : "[");
        kj_buf_putu(out, kj_unitconv_at(&u, e->start));
        kj_buf_putc(out, ',');
        kj_buf_putu(out, kj_unitconv_at(&u, e->end));
        kj_buf_putc(out, ',');
        kj_json_put_string(out, e->label, strlen(e->label));
        kj_buf_putc(out, ']');
        kj_out_check(sink);
    }
    kj_buf_puts(out, "]}\n");
}

/* One prediction result: entity `e`, number `k` in the document. */
static void
put_result(kj_buf *out, const kj_doc *doc, const kj_entity *e, size_t k,
           kj_unitconv *u)
{
    kj_buf_puts(out, "{\"id\":\"");
    kj_json_put_escaped(out, doc->id, strlen(doc->id));
    kj_buf_putc(out, '-');
    kj_buf_putu(out, k);
    kj_buf_puts(out, "\",\"from_name\":\"label\",\"to_name\":\"text\","
                     "\"type\":\"labels\",\"value\":{\"start\":");
    kj_buf_putu(out, kj_unitconv_at(u, e->start));
    kj_buf_puts(out, ",\"end\":");
    kj_buf_putu(out, kj_unitconv_at(u, e->end));
    kj_buf_puts(out, ",\"text\":");
    kj_json_put_string(out, text_of(doc) + e->start, e->end - e->start);
    kj_buf_puts(out, ",\"labels\":[");
    kj_json_put_string(out, e->label, strlen(e->label));
    kj_buf_puts(out, "]}}");
}

void
kj_write_labelstudio(kj_out *sink, const kj_writer_options *o,
                     const kj_doc *doc)
{
    kj_buf *out = &sink->buf;
    kj_unitconv u;
    size_t i;

    kj_out_key_string(out, "{\"data\":{\"id\":", doc->id);
    if (doc->error) {
        kj_out_key_string(out, ",\"text\":\"\",\"error\":", doc->error);
        kj_buf_puts(out, "},\"predictions\":[]}");
        return;
    }
    kj_buf_puts(out, ",\"text\":");
    kj_out_json_string(sink, text_of(doc), doc->text.len);
    kj_buf_puts(out, "},\"predictions\":[{\"model_version\":\"kijang ");
    kj_json_put_escaped(out, kj_version(), strlen(kj_version()));
    kj_buf_puts(out, "\",\"result\":[");
    kj_unitconv_init(&u, doc, KJ_OFFSETS_UTF16);
    for (i = 0; i < doc->num_entities; i++) {
        if (i)
            kj_buf_putc(out, ',');
        put_result(out, doc, &doc->entities[i], i + 1, &u);
        kj_out_check(sink);
    }
    kj_buf_puts(out, "]}]}");
}
