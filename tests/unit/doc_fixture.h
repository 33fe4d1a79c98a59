/* SPDX-License-Identifier: MIT */
/* doc_fixture.h - one document and one tagger without lexicons, shared by
 * the writer tests (include after cmocka.h; setup/teardown for
 * cmocka_run_group_tests) */
#ifndef KJ_TEST_DOC_FIXTURE_H
#define KJ_TEST_DOC_FIXTURE_H

#include "kijang.h"

static kj_doc *doc;
static kj_tagger *tagger;

static int
setup(void **state)
{
    (void)state;
    doc = kj_doc_new();
    tagger = kj_tagger_new(NULL);
    return doc && tagger ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    kj_doc_free(doc);
    kj_tagger_free(tagger);
    return 0;
}

#endif
