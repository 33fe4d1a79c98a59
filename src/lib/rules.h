/* SPDX-License-Identifier: MIT */
/* rules.h - the rule layer after the gazetteer */
#ifndef KJ_RULES_H
#define KJ_RULES_H

#include "doc.h"

/* The rule layer's working memory, reused from document to document (one
 * per tagger, so one per thread). */
typedef struct kj_rules_ws kj_rules_ws;
kj_rules_ws *kj_rules_ws_new(void);
void kj_rules_ws_free(kj_rules_ws *ws);
/* Forget what it keeps of a rules lexicon (when the tagger's changes). */
void kj_rules_ws_forget(kj_rules_ws *ws);

/* Apply the rules (word lists in `rules`, a compiled lexicon of TITLE,
 * PORTFOLIO, HEAD, LINK, PARTICLE and BLOCK entries) to the entities the
 * gazetteer left in doc. With fallback_label, capitalised runs nothing
 * explains get that label. Contract: entities stay sorted, non-overlapping
 * and inside sentences. Returns KJ_OK or KJ_ENOMEM. */
int kj_apply_rules(const kj_lexicon *rules, const char *fallback_label,
                   kj_doc *doc, kj_rules_ws *ws);

#endif
