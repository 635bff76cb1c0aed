/* test_plan.c: scene plans (game/core/plan.c through scenario_load) and
 * their lint findings (lint_plan.c): what a plan loads as, each mistake
 * reported with its code at its value, and what the linter finds in plans
 * that load. The message texts are pinned by tests/corpus/load/plan-*.expected. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "helpers.h"

/* A scenario around one scene plan ('plan', the JSON of the scene's
 * "plan") and shared plans ('plans', the JSON of "plans"). */
static char *scenario_with(const char *plans, const char *plan)
{
    static const char *const fmt =
        "{\"format\": 1, \"id\": \"p\", \"title\": \"P\", \"version\": \"1\", \"language\": "
        "\"en\",\n"
        " \"summary\": \"S\", \"estimated_minutes\": 5, \"objectives\": [\"O\"], \"pass_mark\": "
        "50,\n"
        " \"indicators\": [\"IND-A\"], \"steps\": [\"STEP-1\"], \"errors\": [\"ERR-X\"], "
        "\"start\": \"a\",\n"
        " \"plans\": %s,\n"
        " \"nodes\": [\n"
        "  {\"id\": \"a\", \"text\": \"Start.\",\n"
        "   \"details\": [{\"id\": \"look\", \"label\": \"Look\", \"text\": \"Seen.\", "
        "\"observe\": [\"IND-A\"]},\n"
        "               {\"id\": \"shelf\", \"label\": \"Shelf\", \"text\": \"Nothing.\"}],\n"
        "   \"plan\": %s,\n"
        "   \"choices\": [{\"id\": \"go\", \"label\": \"Go\", \"if\": \"seen(IND-A)\", \"act\": "
        "[\"IND-A\"], \"steps\": [\"STEP-1\"], \"goto\": \"end\"},\n"
        "               {\"id\": \"slip\", \"label\": \"Slip\", \"errors\": [\"ERR-X\"], "
        "\"goto\": \"end\"}]},\n"
        "  {\"id\": \"end\", \"text\": \"End.\", \"ending\": {\"outcome\": \"identified\", "
        "\"title\": \"Done\", \"epilogue\": \"Fine.\"}}]}\n";
    size_t n = strlen(fmt) + strlen(plans) + strlen(plan) + 1;
    char *s = malloc(n);
    snprintf(s, n, fmt, plans, plan);
    return s;
}

static const char *const FLAT =
    "{\"flat\": {\"rooms\": [{\"label\": \"Kitchen\", \"rect\": [0, 0, 40, 30]}],\n"
    "           \"doors\": [{\"label\": \"Front door\", \"line\": [0, 24, 0, 36]}]}}";

Test(plan, loads_a_shared_plan_and_a_scene_plan_that_uses_it)
{
    char *text = scenario_with(
        FLAT, "{\"use\": \"flat\", \"people\": [{\"label\": \"You\", \"at\": [10, 10], "
              "\"role\": \"you\"}, {\"label\": \"Mai\", \"at\": [30, 20]}],\n"
              " \"hotspots\": [{\"detail\": \"shelf\", \"at\": [50, 40]}],\n"
              " \"locks\": [{\"label\": \"Bolt\", \"at\": [2, 30], \"after\": \"look\"}]}");
    DiagList *dl = diag_list_new();
    Scenario *sc = t_parse(text, dl);
    cr_assert_not_null(sc);
    cr_assert_eq(diag_count(dl), 0);
    cr_assert_eq(sc->n_plans, 1);
    cr_assert_str_eq(sc->plans[0].name, "flat");
    cr_assert_eq(sc->plans[0].width, 100, "the default box is 100 x 60");
    cr_assert_eq(sc->plans[0].height, 60);
    const ScenePlan *p = sc->nodes[0].plan;
    cr_assert_not_null(p);
    cr_assert_eq(p->base, &sc->plans[0]);
    cr_assert_eq(plan_n_shapes(p), 6, "2 shared shapes, then the scene's 4");
    const PlanShape *room = plan_shape(p, 0);
    cr_assert_eq(room->kind, PLAN_ROOM);
    cr_assert(room->x1 == 0 && room->y1 == 0 && room->x2 == 40 && room->y2 == 30,
              "a rect is stored as its corners");
    cr_assert_eq(plan_shape(p, 1)->kind, PLAN_DOOR);
    cr_assert_eq(plan_shape(p, 1)->y2, 36, "a line is stored as its ends");
    bool hot = false, lock = false, you = false;
    for (size_t i = 0; i < plan_n_shapes(p); i++) {
        const PlanShape *s = plan_shape(p, i);
        if (s->kind == PLAN_HOTSPOT) {
            hot = true;
            cr_assert_str_eq(sc->nodes[0].details[s->detail].id, "shelf");
            cr_assert_str_eq(s->src, "/nodes/0/plan/hotspots/0");
        } else if (s->kind == PLAN_LOCK) {
            lock = true;
            cr_assert_str_eq(sc->nodes[0].details[s->after].id, "look");
        } else if (s->kind == PLAN_PERSON && s->role == PLAN_ROLE_YOU) {
            you = true;
            cr_assert_eq(s->after, SCENARIO_NONE);
        }
    }
    cr_assert(hot && lock && you);
    cr_assert(plan_has(p, PLAN_PERSON, PLAN_ROLE_PERSON));
    cr_assert_not(plan_has(p, PLAN_PERSON, PLAN_ROLE_OFFICER));
    cr_assert_null(sc->nodes[1].plan, "a scene without a plan has none");
    scenario_free(sc);
    diag_list_free(dl);
    free(text);
}

Test(plan, a_scene_plan_of_its_own_has_its_own_size)
{
    char *text = scenario_with(
        "{}", "{\"size\": [40, 20], \"marks\": [{\"label\": \"Car\", \"at\": [5, 5]}]}");
    Scenario *sc = t_parse(text, NULL);
    cr_assert_not_null(sc);
    const ScenePlan *p = sc->nodes[0].plan;
    cr_assert_null(p->base);
    cr_assert_eq(p->own.width, 40);
    cr_assert_eq(p->own.height, 20);
    cr_assert_eq(plan_n_shapes(p), 1);
    scenario_free(sc);
    free(text);
}

/* Parses a scenario with these plans; it must fail with 'code' at the
 * first place 'at' occurs in its text. */
static void expect_error(const char *plans, const char *plan, DiagCode code, const char *at,
                         const char *path)
{
    char *text = scenario_with(plans, plan);
    DiagList *dl = diag_list_new();
    Scenario *sc = t_parse(text, dl);
    cr_expect_null(sc, "a plan with a mistake must not load");
    int line, col;
    t_where(text, at, 0, &line, &col);
    t_expect_has(dl, code, line, col);
    const Diag *d = t_find_diag(dl, code);
    cr_assert_str_eq(d->path, path);
    scenario_free(sc);
    diag_list_free(dl);
    free(text);
}

Test(plan, reports_each_mistake_with_its_code_at_its_value)
{
    expect_error(FLAT, "{\"use\": \"flat\", \"hotspots\": [{\"detail\": \"lok\", \"at\": [1, 1]}]}",
                 DIAG_PLAN_REF, "\"lok\"", "/nodes/0/plan/hotspots/0/detail");
    expect_error(FLAT, "{\"use\": \"flats\"}", DIAG_PLAN_REF, "\"flats\"", "/nodes/0/plan/use");
    expect_error(FLAT, "{\"use\": \"flat\", \"peeple\": []}", DIAG_UNKNOWN_FIELD, "\"peeple\"",
                 "/nodes/0/plan/peeple");
    expect_error("{\"f\": {\"rooms\": [{\"rect\": [1, 2, 3]}]}}", "{\"use\": \"f\"}",
                 DIAG_BAD_VALUE, "[1, 2, 3]", "/plans/f/rooms/0/rect");
    expect_error("{\"f\": {\"rooms\": [{\"rect\": [1, 2, 0, 5]}]}}", "{\"use\": \"f\"}",
                 DIAG_BAD_VALUE, "[1, 2, 0, 5]", "/plans/f/rooms/0/rect");
    expect_error("{\"f\": {\"doors\": [{\"line\": [1, \"2\", 3, 4]}]}}", "{\"use\": \"f\"}",
                 DIAG_TYPE, "\"2\"", "/plans/f/doors/0/line/1");
    expect_error("{\"f\": {\"people\": []}}", "{\"use\": \"f\"}", DIAG_UNKNOWN_FIELD, "\"people\"",
                 "/plans/f/people");
    expect_error(FLAT,
                 "{\"use\": \"flat\", \"people\": [{\"label\": \"A\", \"at\": [1, 1], "
                 "\"role\": \"boss\"}]}",
                 DIAG_BAD_VALUE, "\"boss\"", "/nodes/0/plan/people/0/role");
    expect_error(FLAT, "{\"use\": \"flat\", \"marks\": [{\"at\": [1, 1], \"after\": \"x\"}]}",
                 DIAG_MISSING_FIELD, "{\"at\": [1, 1], \"after\"", "/nodes/0/plan/marks/0");
    expect_error(FLAT, "{\"use\": \"flat\", \"size\": [50, 50]}", DIAG_BAD_VALUE, "\"size\"",
                 "/nodes/0/plan/size");
    expect_error(FLAT, "[]", DIAG_TYPE, "[]", "/nodes/0/plan");
}

Test(plan, keeps_control_characters_in_labels_visible)
{
    char *text =
        scenario_with("{}", "{\"marks\": [{\"label\": \"Car\\u001b[2J\", \"at\": [5, 5]}]}");
    Scenario *sc = t_parse(text, NULL);
    cr_assert_not_null(sc);
    cr_assert_str_eq(plan_shape(sc->nodes[0].plan, 0)->label, "Car\\x1B[2J");
    scenario_free(sc);
    free(text);
}

/* The lint findings of a scenario text that loads. */
static DiagList *lint_text(const char *text)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = t_parse(text, dl);
    cr_assert_not_null(sc);
    Analysis *a = analyze_new(sc, NULL);
    analyze_lint(a, text, strlen(text), dl);
    analyze_free(a);
    scenario_free(sc);
    return dl;
}

Test(plan, lint_finds_shapes_outside_the_box_crowded_hotspots_and_unused_plans)
{
    char *text = scenario_with(
        "{\"flat\": {\"rooms\": [{\"label\": \"Porch\", \"rect\": [90, 50, 20, 20]}]},\n"
        " \"yard\": {\"rooms\": []}}",
        "{\"use\": \"flat\", \"people\": [{\"label\": \"You\", \"at\": [10, 10]}, {\"label\": "
        "\"Far\", \"at\": [101, 30]}],\n"
        " \"hotspots\": [{\"detail\": \"look\", \"at\": [13, 12]}, {\"detail\": \"shelf\", "
        "\"at\": [60, 50]}]}");
    DiagList *dl = lint_text(text);
    cr_assert_eq(t_count_code(dl, DIAG_PLAN_OUTSIDE), 2, "the porch and the person");
    cr_assert_eq(t_count_code(dl, DIAG_PLAN_CROWDED), 1, "only the hotspot next to a person");
    cr_assert_eq(t_count_code(dl, DIAG_PLAN_UNUSED), 1, "the yard");
    int line, col;
    t_where(text, "[101, 30]", 0, &line, &col);
    t_expect_has(dl, DIAG_PLAN_OUTSIDE, line, col);
    t_where(text, "[13, 12]", 0, &line, &col);
    t_expect_has(dl, DIAG_PLAN_CROWDED, line, col);
    diag_list_free(dl);
    free(text);
}

Test(plan, lint_is_silent_on_a_plan_that_fits)
{
    char *text = scenario_with(
        FLAT, "{\"use\": \"flat\", \"people\": [{\"label\": \"You\", \"at\": [10, 10]}],\n"
              " \"hotspots\": [{\"detail\": \"look\", \"at\": [20, 12]}, {\"detail\": \"shelf\", "
              "\"at\": [100, 60]}]}");
    DiagList *dl = lint_text(text);
    cr_assert_eq(t_count_code(dl, DIAG_PLAN_OUTSIDE) + t_count_code(dl, DIAG_PLAN_CROWDED) +
                     t_count_code(dl, DIAG_PLAN_UNUSED),
                 0, "a point on the box's edge is inside");
    diag_list_free(dl);
    free(text);
}
