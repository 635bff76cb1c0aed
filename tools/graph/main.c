/* beneath-graph: writes a scenario as a Graphviz DOT map: scenes as boxes
 * (id and first words), endings colored by outcome, edges labeled with the
 * choice and what it records, scenes no play-through reaches marked.
 * --svg runs Graphviz 'dot' if it is installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "expr.h"
#include "arena.h"
#include "cli.h"
#include "scenario.h"

static const char usage[] =
    "usage: beneath-graph SCENARIO [-o OUT.dot] [--svg OUT.svg] [--max-states N]\n"
    "Writes the scenario as a Graphviz DOT map (to stdout, or to -o FILE):\n"
    "  scenes      boxes with the id and the first words of the text\n"
    "  endings     green = identified, yellow = partial, red = missed\n"
    "  choices     arrows labeled with the choice id and what it records:\n"
    "              +IND seen, *IND acted on, #STEP protocol step, !ERR critical\n"
    "              error (red arrow); a trailing ? = only when its own \"if\"\n"
    "              holds; dashed = has a condition; grey dotted =\n"
    "              never available in any play-through\n"
    "  events      notes with the minute, the condition and what they record;\n"
    "              a dashed arrow to where the event sends you, if anywhere\n"
    "  unreachable grey dashed boxes marked UNREACHABLE\n"
    "  --svg OUT   also render OUT.svg with Graphviz 'dot' (must be installed)\n"
    "  --max-states N  bound for the reachability analysis (default 1000000)\n"
    "Exit status: 0 written, 1 the scenario has errors, 2 usage, IO error or no\n"
    "Graphviz for --svg.\n";

typedef struct Opts {
    const char *file, *out, *svg;
    size_t max_states;
} Opts;

/* Writes s as the inside of a DOT string, at most 'max' characters. */
static void dot_str(FILE *f, const char *s, size_t max)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80 && ++chars > max) {
            fputs("...", f);
            return;
        }
        if (*p == '"' || *p == '\\') {
            fputc('\\', f);
            fputc(*p, f);
        } else if (*p == '\n' || *p == '\r' || *p == '\t') {
            fputc(' ', f);
        } else {
            fputc(*p, f);
        }
    }
}

/* The first few words of a text (about 40 characters). */
static void first_words(FILE *f, const char *text)
{
    char buf[64];
    size_t n = 0, last_space = 0;
    for (const char *p = text; *p && n < 44; p++) {
        buf[n++] = (*p == '\n') ? ' ' : *p;
        if (*p == ' ') {
            last_space = n - 1;
        }
    }
    bool cut = text[n] != '\0';
    if (cut && last_space > 10) {
        n = last_space;
    }
    while (n && ((unsigned char)buf[n - 1] & 0xC0) == 0x80) {
        n--; /* do not leave half a UTF-8 character */
    }
    if (n && ((unsigned char)buf[n - 1] & 0xC0) == 0xC0) {
        n--;
    }
    buf[n] = '\0';
    dot_str(f, buf, 60);
    if (cut) {
        fputs("...", f);
    }
}

static const char *outcome_color(Outcome o)
{
    return o == OUTCOME_IDENTIFIED ? "palegreen" : o == OUTCOME_PARTIAL ? "khaki1" : "lightpink";
}

/* "?" after an entry that applies only when its own "if" holds (format 2
 * "effects"), else "". */
static const char *cond_mark(const Effects *fx, FxList l, size_t i)
{
    return effects_guard_of(fx, l, i) == SCENARIO_NONE ? "" : "?";
}

static void effect_tags(FILE *f, const Scenario *sc, const Effects *fx)
{
    for (size_t i = 0; i < fx->n_observe; i++) {
        fprintf(f, "\\n+%s%s", sc->items[ITEM_INDICATOR][fx->observe[i]].id,
                cond_mark(fx, FX_OBSERVE, i));
    }
    for (size_t i = 0; i < fx->n_act; i++) {
        fprintf(f, "\\n*%s%s", sc->items[ITEM_INDICATOR][fx->act[i]].id, cond_mark(fx, FX_ACT, i));
    }
    for (size_t i = 0; i < fx->n_steps; i++) {
        fprintf(f, "\\n#%s%s", sc->items[ITEM_STEP][fx->steps[i]].id, cond_mark(fx, FX_STEPS, i));
    }
    for (size_t i = 0; i < fx->n_errors; i++) {
        fprintf(f, "\\n!%s%s", sc->items[ITEM_ERROR][fx->errors[i]].id,
                cond_mark(fx, FX_ERRORS, i));
    }
}

static void write_node(FILE *f, const Analysis *a, size_t n)
{
    const Node *nd = &a->sc->nodes[n];
    bool unreachable = !a->reached[n] && (a->complete || !a->static_reach[n]);
    fprintf(f, "  n%zu [label=\"", n);
    if (unreachable) {
        fputs("UNREACHABLE\\n", f);
    }
    dot_str(f, nd->id, 60);
    if (nd->is_ending) {
        fprintf(f, "\\n[%s] ", outcome_name(nd->ending.outcome));
        dot_str(f, nd->ending.title, 40);
    } else {
        fputs("\\n", f);
        first_words(f, nd->text);
        for (size_t i = 0; i < nd->n_details; i++) {
            const Effects *fx = &nd->details[i].fx;
            if (fx->n_observe + fx->n_act + fx->n_steps + fx->n_errors) {
                fputs("\\nlook: ", f);
                dot_str(f, nd->details[i].id, 30);
                effect_tags(f, a->sc, fx);
            }
        }
    }
    fputc('"', f);
    if (nd->is_ending) {
        fprintf(f, ", shape=box, style=\"filled,bold\", fillcolor=%s",
                outcome_color(nd->ending.outcome));
    }
    if (unreachable) {
        fputs(", style=\"dashed,filled\", fillcolor=grey90, fontcolor=grey40", f);
    }
    if (n == a->sc->start) {
        fputs(", penwidth=2", f);
    }
    fputs("];\n", f);
}

static void write_edges(FILE *f, const Analysis *a, size_t n)
{
    const Scenario *sc = a->sc;
    const Node *nd = &sc->nodes[n];
    for (size_t i = 0; i < nd->n_choices; i++) {
        const Choice *c = &nd->choices[i];
        bool never = a->reached[n] && a->complete && !analyze_choice_taken(a, n, i);
        fprintf(f, "  n%zu -> n%zu [label=\"", n, c->target);
        dot_str(f, c->id, 40);
        effect_tags(f, sc, &c->fx);
        fputc('"', f);
        if (c->fx.n_errors) {
            fputs(", color=red3, fontcolor=red3", f);
        }
        if (never) {
            fputs(", style=dotted, color=grey60, fontcolor=grey50", f);
        } else if (c->cond) {
            fputs(", style=dashed", f);
        }
        fputs("];\n", f);
    }
}

/* Every event is a note with its minute, id, condition and what it
 * records; one that moves the trainee has an arrow to where it goes. */
static void write_events(FILE *f, const Scenario *sc)
{
    char cond[160];
    for (size_t i = 0; i < sc->n_events; i++) {
        const Event *e = &sc->events[i];
        fprintf(f, "  ev%zu [label=\"minute %d: ", i, e->at);
        dot_str(f, e->id, 40);
        if (e->cond) {
            fputs("\\nif ", f);
            dot_str(f, expr_format(e->cond, sc, cond, sizeof cond), 60);
        }
        effect_tags(f, sc, &e->fx);
        fprintf(f, "\", shape=note, fontsize=9, style=filled, fillcolor=lightyellow];\n");
        if (e->target != SCENARIO_NONE) {
            fprintf(f, "  ev%zu -> n%zu [style=dashed, color=orange3];\n", i, e->target);
        }
    }
}

static void write_dot(FILE *f, const Analysis *a)
{
    const Scenario *sc = a->sc;
    fputs("digraph \"", f);
    dot_str(f, sc->id, 80);
    fputs("\" {\n  graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", label=\"", f);
    dot_str(f, sc->title, 80);
    fputs(" (", f);
    dot_str(f, sc->id, 80);
    fputs(")\"];\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
          "  edge [fontname=\"Helvetica\", fontsize=9];\n",
          f);
    fputs("  start [shape=point, width=0.15];\n", f);
    fprintf(f, "  start -> n%zu;\n", sc->start);
    for (size_t n = 0; n < sc->n_nodes; n++) {
        write_node(f, a, n);
    }
    for (size_t n = 0; n < sc->n_nodes; n++) {
        write_edges(f, a, n);
    }
    write_events(f, sc);
    fputs("}\n", f);
}

/* True if 'prog' is an executable file in a folder of $PATH. */
static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    char buf[4096];
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        if (n && n + strlen(prog) + 2 < sizeof buf) {
            memcpy(buf, path, n);
            buf[n] = '/';
            strcpy(buf + n + 1, prog);
            if (access(buf, X_OK) == 0) {
                return true;
            }
        }
        path = colon ? colon + 1 : NULL;
    }
    return false;
}

static int render_svg(const char *dot_file, const char *svg)
{
    if (!on_path("dot")) {
        fprintf(stderr,
                "beneath-graph: Graphviz is not installed, so --svg cannot render %s.\n"
                "  Debian/Ubuntu: sudo apt-get install graphviz\n"
                "  Fedora:        sudo dnf install graphviz\n"
                "  macOS:         brew install graphviz\n"
                "  Windows:       https://graphviz.org/download/\n"
                "The DOT text is in %s; any Graphviz viewer can open it.\n",
                svg, dot_file);
        return EXIT_USAGE;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execlp("dot", "dot", "-Tsvg", "-o", svg, dot_file, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "beneath-graph: 'dot' failed to render %s\n", svg);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

static int parse_args(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        bool has = i + 1 < argc;
        if (strcmp(argv[i], "-o") == 0 && has) {
            o->out = argv[++i];
        } else if (strcmp(argv[i], "--svg") == 0 && has) {
            o->svg = argv[++i];
        } else if (strcmp(argv[i], "--max-states") == 0) {
            if (!cli_parse_size("beneath-graph", "--max-states", has ? argv[i + 1] : NULL,
                                &o->max_states)) {
                return EXIT_USAGE;
            }
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "beneath-graph: unknown option or missing value: %s\n%s", argv[i],
                    usage);
            return EXIT_USAGE;
        } else if (!o->file) {
            o->file = argv[i];
        } else {
            fprintf(stderr, "beneath-graph: one scenario at a time\n");
            return EXIT_USAGE;
        }
    }
    if (!o->file) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    if (cli_help_or_version(argc, argv, "beneath-graph", usage)) {
        return EXIT_CLEAN;
    }
    Opts o = {0};
    if (parse_args(argc, argv, &o) != EXIT_CLEAN) {
        return EXIT_USAGE;
    }
    int rc;
    Scenario *sc = cli_load_scenario(o.file, &rc);
    if (!sc) {
        return rc;
    }
    AnalyzeOptions ao = {.max_states = o.max_states,
                         .no_scoring_checks = true}; /* lint reports them */
    Analysis *a = analyze_new(sc, &ao);
    /* --svg without -o: the DOT goes beside the SVG */
    char *dot_path = NULL;
    if (!o.out && o.svg) {
        size_t n = strlen(o.svg) + 5;
        dot_path = xmalloc(n);
        snprintf(dot_path, n, "%s.dot", o.svg);
    }
    const char *target = o.out ? o.out : dot_path;
    FILE *f = NULL;
    rc = EXIT_CLEAN;
    if (cli_output_is_input("beneath-graph", target, o.file) ||
        cli_output_is_input("beneath-graph", o.svg, o.file)) {
        rc = EXIT_USAGE;
    } else if (!(f = target ? fopen(target, "w") : stdout)) {
        fprintf(stderr, "beneath-graph: cannot write %s\n", target);
        rc = EXIT_USAGE;
    } else {
        write_dot(f, a);
        if (target && fclose(f) != 0) {
            fprintf(stderr, "beneath-graph: cannot write %s\n", target);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_CLEAN && o.svg) {
        rc = render_svg(target, o.svg);
    }
    free(dot_path);
    analyze_free(a);
    scenario_free(sc);
    return rc;
}
