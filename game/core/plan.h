/* plan.h: a simple drawing of the place a scene happens in: rooms,
 * furniture, walls, windows, doors, locks, marks, where each person stands
 * and "look closer" hotspots, on a grid of whole units (0..width across,
 * 0..height down, 100 x 60 unless the plan says otherwise). A scenario may
 * define plans once under "plans"; a scene's "plan" uses one by name and adds
 * what differs in that scene (people, hotspots, a shape or two). Read-only
 * outside the core and headless: the game draws it (game/sdl/plan_view.c). */
#ifndef BENEATH_PLAN_H
#define BENEATH_PLAN_H

#include <stdbool.h>
#include <stddef.h>

/* What a shape is; each kind has one geometry (plan_kind_geom). */
typedef enum PlanKind {
    PLAN_ROOM,      /* rect, label optional */
    PLAN_FURNITURE, /* rect, label optional */
    PLAN_WALL,      /* line */
    PLAN_WINDOW,    /* line */
    PLAN_DOOR,      /* line */
    PLAN_LOCK,      /* point: a lock, e.g. a bolt worked only from one side */
    PLAN_MARK,      /* point with a label: a car, stairs, a phone */
    PLAN_PERSON,    /* point with a label and a role; scenes only */
    PLAN_HOTSPOT,   /* point naming a detail of the scene; scenes only */
    PLAN_KIND_COUNT
} PlanKind;

typedef enum PlanGeom { PLAN_RECT, PLAN_LINE, PLAN_POINT } PlanGeom;

/* Who a person is, which sets their color and legend entry. */
typedef enum PlanRole { PLAN_ROLE_PERSON, PLAN_ROLE_YOU, PLAN_ROLE_OFFICER } PlanRole;

/* Smallest and largest plan side, in units. */
#define PLAN_SIDE_MIN 10
#define PLAN_SIDE_MAX 1000
/* Longest label, in characters: it must fit on a small drawing. */
#define PLAN_LABEL_MAX 40

typedef struct PlanShape {
    PlanKind kind;
    const char *label;  /* may be NULL (walls, windows, unnamed rooms) */
    int x1, y1, x2, y2; /* rect: corners with x1 < x2, y1 < y2; line: its ends;
                         * point: x1, y1 (x2 = x1, y2 = y1) */
    PlanRole role;      /* PLAN_PERSON only */
    size_t detail;      /* PLAN_HOTSPOT only: index into the scene's details */
    size_t after;       /* shown only once this detail of the scene (index) was
                         * examined, or SCENARIO_NONE: always shown */
    const char *src;    /* JSON pointer where the shape is written, for findings */
} PlanShape;

typedef struct Plan {
    const char *name; /* its key under "plans"; NULL for a scene's own shapes */
    const char *src;  /* JSON pointer of the plan object */
    int width, height;
    PlanShape *shapes;
    size_t n_shapes;
} Plan;

/* A scene's plan: a shared plan's shapes (if it uses one) then its own.
 * own.width and own.height are the drawing's size either way. */
typedef struct ScenePlan {
    const Plan *base; /* the shared plan it uses, or NULL */
    Plan own;
} ScenePlan;

/* Number of shapes of a scene's plan, base and own. */
size_t plan_n_shapes(const ScenePlan *p);
/* Shape i < plan_n_shapes(p): the base's shapes first, in file order. */
const PlanShape *plan_shape(const ScenePlan *p, size_t i);
/* The geometry every shape of kind k has. */
PlanGeom plan_kind_geom(PlanKind k);
/* The list a kind is written in: "rooms", "doors", "people", ... */
const char *plan_kind_list(PlanKind k);
/* Does the plan have a shape of kind k (a person of role 'role' when k is
 * PLAN_PERSON)? For the legend. */
bool plan_has(const ScenePlan *p, PlanKind k, PlanRole role);

#endif
