/* test_debrief.c: the lesson of one attempt (core/debrief.h), on the labs
 * of test_rules.c (tests/data/rules.json, tests/data/deadline.json). Each
 * test plays an attempt and checks that the debrief says what happened in
 * it: where an indicator was noticed (scene title and detail label), what
 * was acted on blind, which step should have come first and the rule's
 * why, which error failed the attempt, the deadline that ended the call. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debrief.h"
#include "helpers.h"

/* the scoring labs t_rules_lab and t_deadline_lab come from helpers.h */

TestSuite(debrief, .init = t_labs_load, .fini = t_labs_free);

typedef struct Played {
    Run *run;
    Score *score;
    Debrief *d;
} Played;

static Played play(const Scenario *sc, const char *path)
{
    Played p;
    p.run = run_new(sc);
    t_play(p.run, path);
    p.score = score_compute(p.run);
    p.d = debrief_build(p.run, p.score);
    cr_assert_not_null(p.d);
    for (size_t i = 0; i < p.d->n; i++) {
        cr_assert_not_null(p.d->lines[i].text);
        cr_expect_neq(p.d->lines[i].text[0], '\0', "line %zu is empty", i);
    }
    return p;
}

static void done(Played *p)
{
    debrief_free(p->d);
    score_free(p->score);
    run_free(p->run);
}

/* The first line containing 'needle', or NULL. */
static const DebriefLine *find(const Debrief *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++) {
        if (strstr(d->lines[i].text, needle)) {
            return &d->lines[i];
        }
    }
    return NULL;
}

/* Asserts a line contains 'needle' with the given kind; returns it. */
static const DebriefLine *expect_line(const Played *p, const char *needle, DebriefKind kind)
{
    const DebriefLine *l = find(p->d, needle);
    if (!l) {
        for (size_t i = 0; i < p->d->n; i++) {
            cr_log_info("debrief: %s", p->d->lines[i].text);
        }
    }
    cr_assert_not_null(l, "no debrief line says: %s", needle);
    cr_expect_eq(l->kind, kind, "line \"%s\": kind %d, expected %d", l->text, l->kind, kind);
    return l;
}

Test(debrief, says_where_an_indicator_was_noticed_and_acted_on)
{
    Played p = play(t_rules_lab, "arm,act-arm,end");
    expect_line(
        &p,
        "Bruised arms: noticed at minute 0, looking closer at \"Her forearms\" (the front "
        "door); acted on at minute 1, when you chose \"Ask about her arms\" (the front door).",
        DEBRIEF_GOOD);
    expect_line(&p,
                "Bolt outside: noticed at minute 0, in plain sight (the front door), but not "
                "acted on",
                DEBRIEF_PARTIAL);
    done(&p);
}

Test(debrief, says_what_was_acted_on_blind_and_where_it_could_have_been_noticed)
{
    Played p = play(t_rules_lab, "act-arm,end");
    const DebriefLine *l = expect_line(&p,
                                       "Bruised arms: you acted on it at minute 0, when you chose "
                                       "\"Ask about her arms\" (the front door) without having "
                                       "noticed it, which earns nothing.",
                                       DEBRIEF_BAD);
    cr_expect(strstr(l->text, "Looking closer at \"Her forearms\" (the front door) would have "
                              "shown it.") != NULL,
              "%s", l->text);
    done(&p);

    /* noticed only by the choice that acted on it: not "later" */
    p = play(t_rules_lab, "ask-papers,end");
    l = expect_line(&p,
                    "Papers held: you acted on it at minute 0, when you chose \"Ask whose papers "
                    "those are\" (the front door), the same moment it came to light; acting counts "
                    "only on what was noticed before, so this earns nothing",
                    DEBRIEF_BAD);
    cr_expect_null(strstr(l->text, "later"), "%s", l->text);
    done(&p);
    /* acted on blind, noticed by another action afterwards */
    p = play(t_rules_lab, "act-papers,ask-papers,end");
    expect_line(&p,
                "Papers held: you acted on it at minute 0, when you chose \"Ask for her papers "
                "back\" (the front door), before you had noticed it, which earns nothing; you "
                "noticed it later",
                DEBRIEF_BAD);
    done(&p);
}

Test(debrief, names_the_step_that_should_have_come_first_with_the_rules_why)
{
    Played p = play(t_rules_lab, "c,a,end");
    expect_line(&p,
                "Step C: done at minute 0, when you chose \"Step C\" (the front door), but out "
                "of order (25% of its weight).",
                DEBRIEF_PARTIAL);
    expect_line(&p, "\"Step A\" should have come first (you did it later). Why: A makes C safe.",
                DEBRIEF_PARTIAL);
    expect_line(&p,
                "\"Step B\" should have come first (you never did it). Why: B tells you what C "
                "needs.",
                DEBRIEF_PARTIAL);
    done(&p);

    /* only the rule that was broken */
    p = play(t_rules_lab, "b,c,a,end");
    expect_line(&p, "(50% of its weight)", DEBRIEF_PARTIAL);
    expect_line(&p, "\"Step A\" should have come first", DEBRIEF_PARTIAL);
    cr_expect_null(find(p.d, "\"Step B\" should have come first"));
    expect_line(&p, "Step B: done at minute 0", DEBRIEF_GOOD);
    done(&p);

    p = play(t_rules_lab, "a,b,c,end");
    cr_expect_null(find(p.d, "should have come first"), "nothing out of order");
    done(&p);
}

#define FULL "arm,act-door,act-arm,ask-papers,ask-papers,a,b,c"

Test(debrief, names_the_error_that_failed_the_attempt)
{
    Played p = play(t_rules_lab, FULL ",soft,two,one,end");
    const DebriefLine *v = expect_line(&p,
                                       "Not passed: \"Error two\" at minute 1, when you chose "
                                       "\"Error two\" (the front door).",
                                       DEBRIEF_VERDICT);
    cr_expect(strstr(v->text, "fails the attempt whatever the points") != NULL);
    cr_expect(strstr(v->text, "Two fails.") != NULL, "with the catalogue's why");
    cr_expect_null(strstr(v->text, "Error one"), "the first one, not every one");
    expect_line(&p,
                "Error one: at minute 1, when you chose \"Error one\" (the front door). It "
                "fails the attempt.",
                DEBRIEF_BAD);
    expect_line(&p,
                "Soft error: at minute 1, when you chose \"Soft error\" (the front door) (minus "
                "5 points).",
                DEBRIEF_BAD);
    done(&p);

    p = play(t_rules_lab, FULL ",end");
    expect_line(&p, "Passed:", DEBRIEF_VERDICT);
    cr_expect_null(find(p.d, "Not passed"));
    expect_line(&p, "None.", DEBRIEF_GOOD);
    done(&p);
}

Test(debrief, says_why_an_attempt_without_errors_did_not_pass)
{
    Played p = play(t_rules_lab, "end");
    expect_line(&p, "is below the pass mark of 50.", DEBRIEF_VERDICT);
    done(&p);
    p = play(t_rules_lab, FULL ",walk");
    expect_line(&p,
                "Not passed: the call ended as \"Walked away\", which missed what was really "
                "happening.",
                DEBRIEF_VERDICT);
    done(&p);
    p = play(t_rules_lab, FULL);
    expect_line(&p, "Not passed: the attempt stopped before the call ended", DEBRIEF_VERDICT);
    cr_expect_null(find(p.d, "What was really happening"), "no epilogue before an ending");
    done(&p);
}

Test(debrief, tells_the_epilogue_variant_that_holds)
{
    Played p = play(t_rules_lab, "a,end");
    const DebriefLine *h = expect_line(&p, "What was really happening", DEBRIEF_HEADING);
    cr_expect_str_eq(h[1].text, "You did A.");
    cr_expect_null(find(p.d, "Nothing was done."));
    done(&p);
}

Test(debrief, says_which_deadline_ended_the_call_and_when)
{
    Played p = play(t_deadline_lab, "wait-35,now");
    expect_line(&p,
                "Time: the call was ended for you at minute 35 (The sergeant wants you back), so "
                "the time part is 0/10.",
                DEBRIEF_BAD);
    done(&p);
    p = play(t_deadline_lab, "wait-9,wait-9,wait-9,wait-9");
    expect_line(&p, "ended for you at minute 36 (The sergeant wants you back)", DEBRIEF_BAD);
    done(&p);
    p = play(t_deadline_lab, "wait-1,done");
    expect_line(&p, "Time: 1 minute on scene against a budget of 60: 10/10.", DEBRIEF_GOOD);
    done(&p);
}

Test(debrief, names_scenes_by_title_or_id)
{
    char buf[128];
    cr_expect_str_eq(
        debrief_scene_name(&t_rules_lab->nodes[t_node(t_rules_lab, "door")], buf, sizeof buf),
        "the front door");
    cr_expect_str_eq(
        debrief_scene_name(&t_rules_lab->nodes[t_node(t_rules_lab, "menu")], buf, sizeof buf),
        "the scene \"menu\"");
    Run *r = run_new(t_rules_lab);
    cr_expect_str_eq(debrief_where(r, (Source){SOURCE_NONE, 0, 0, 0, 0}, buf, sizeof buf), "never");
    char small[8];
    debrief_where(r, run_indicator_seen_at(r, t_item(t_rules_lab, ITEM_INDICATOR, "I-DOOR")), small,
                  sizeof small);
    cr_expect_eq(strlen(small), sizeof small - 1, "cut to the buffer, terminated");
    run_free(r);
    debrief_free(NULL);
}
