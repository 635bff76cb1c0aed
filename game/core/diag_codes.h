/* diag_codes.h: the one list of diagnostic codes (X-macro).
 * DIAG(NAME, "printed-code", GROUP, "level", "what it means", "how to fix it")
 * GROUP is LOAD (the file cannot be played until it is fixed; also the tests
 * file's findings) or LINT (beneath-lint's analyses and checks). The last
 * three texts are Markdown: `beneath-lint --codes load|lint` prints them as
 * the tables of scenarios/README.md, and a test compares the two, so the
 * documentation cannot drift from this list. Tests assert codes, not
 * message text; the printed code appears in [brackets]. */
DIAG(IO, "io", LOAD, "error",
     "the file could not be read",
     "check the path and the file's permissions")
DIAG(JSON_SYNTAX, "json-syntax", LOAD, "error",
     "the text is not valid JSON (a missing comma, a trailing comma, single quotes, the file stops early)",
     "fix the JSON at the position given; an editor with the schema shows it as you type")
DIAG(BAD_UTF8, "bad-utf8", LOAD, "error",
     "the file is not UTF-8 text (or holds a NUL byte)",
     "save it as UTF-8")
DIAG(TOO_LARGE, "too-large", LOAD, "error",
     "a file, a string or a nesting depth is over its limit",
     "split the text, or flatten the structure")
DIAG(TYPE, "type", LOAD, "error",
     "a value has the wrong JSON type (a number where text is expected, ...)",
     "give the type the field tables above say")
DIAG(MISSING_FIELD, "missing-field", LOAD, "error",
     "a required field is absent",
     "add it")
DIAG(UNKNOWN_FIELD, "unknown-field", LOAD, "error",
     "a field name is not part of the format, usually a typo; the message lists the fields allowed there (also: a `use` that names no template)",
     "fix the spelling")
DIAG(DUPLICATE_KEY, "duplicate-key", LOAD, "error",
     "the same key twice in one object",
     "keep one")
DIAG(DUPLICATE_ID, "duplicate-id", LOAD, "error",
     "two scenes, choices, details, entries, events or variables of one kind share an id",
     "rename one")
DIAG(BAD_VALUE, "bad-value", LOAD, "error",
     "a value is out of range or malformed (an id with spaces or accents, a pass mark over 100, an unknown outcome, a format 2 field such as `once` in a `\"format\": 1` file)",
     "use a value in the range the field tables give; for format 2 fields set `\"format\": 2`")
DIAG(UNKNOWN_NODE, "unknown-node", LOAD, "error",
     "a `goto` or `start` names a scene that does not exist (each missing id is reported once)",
     "fix the id, or add the scene")
DIAG(UNKNOWN_INDICATOR, "unknown-indicator", LOAD, "error",
     "a reference names an indicator that is not in this scenario's `indicators`; each unknown id is reported once, where it is first used",
     "add it to `indicators`, or fix the id")
DIAG(UNKNOWN_STEP, "unknown-step", LOAD, "error",
     "a reference names a protocol step that is not in this scenario's `steps`; each unknown id is reported once",
     "add it to `steps`, or fix the id")
DIAG(UNKNOWN_ERROR, "unknown-error", LOAD, "error",
     "a reference names a critical error that is not in this scenario's `errors`; each unknown id is reported once",
     "add it to `errors`, or fix the id")
DIAG(UNKNOWN_VARIABLE, "unknown-variable", LOAD, "error",
     "an effect (`set`, `add`) names a variable that is not declared; the position is the name",
     "declare it in `variables`, or fix the name")
DIAG(BAD_EXPR, "bad-expression", LOAD, "error",
     "a condition does not parse or has the wrong type (an unknown name, `=` for `==`, a number where true/false is needed); the column points at the mistake",
     "fix the condition at the column given; declare variables in `variables`")
DIAG(NO_WAY_ON, "no-way-on", LOAD, "error",
     "a scene that is not an ending has no choices",
     "add a choice, or make it an ending")
DIAG(PLAN_REF, "plan-ref", LOAD, "error",
     "a scene's `plan` uses a plan that is not under `plans`, or one of its `hotspots` names a detail this scene does not have",
     "fix the name, or define the plan under `plans`; give the hotspot the `id` of one of the scene's `details`")
DIAG(CATALOG, "catalog", LOAD, "error",
     "the shared catalogue could not be loaded, or has errors",
     "fix `catalog.json`, or the `catalog` path")
DIAG(COURSE, "course", LOAD, "error or warning",
     "(`beneath-lint FOLDER`) the folder's `course.json` and its scenarios do not match: the course names an id no scenario in the folder has (error), or a scenario is not in the course (warning)",
     "fix the id in `course.json`, or add the scenario's id where it belongs in the order")
DIAG(TOO_MANY, "too-many-errors", LOAD, "error",
     "reporting stopped after 200 findings",
     "fix the first ones and run again")
/* analyses and checks (beneath-lint) */
DIAG(UNREACHABLE, "unreachable", LINT, "warning",
     "no choice or event leads to this scene, or every way here is behind a condition that is false on the way",
     "add a choice that goes here, or delete the scene")
DIAG(DEAD_END, "dead-end", LINT, "error",
     "the trainee can get stuck: a scene from which no chain of choices leads to an ending; a moment where every choice's condition is false; or choices that only loop. The message gives `--choices` that get there",
     "add a way on, or loosen a condition")
DIAG(ENDING_UNREACHABLE, "ending-unreachable", LINT, "warning (error if no ending at all can be reached)",
     "the same, for an ending",
     "as above")
DIAG(NEVER_SCORED, "never-scored", LINT, "warning",
     "an indicator that nothing shows (`observe`/`act`), one that can be seen but never acted on (it earns at most a quarter of its weight), a step nothing takes, an error nothing commits, or an order rule that can never be kept",
     "add the effect to a detail or choice, or remove the entry")
DIAG(ORDER_CYCLE, "order-cycle", LINT, "error",
     "order rules that contradict each other (A before B, B before A)",
     "remove one rule")
DIAG(NEVER_TRUE, "never-true", LINT, "warning",
     "a condition (`if`) that can never hold: either because of the variables' declared ranges (e.g. `trust >= 6` when `trust` has `max` 5), or because it is false every time a play-through gets there; an event that never fires",
     "fix the condition or the values that feed it")
DIAG(UNUSED_VARIABLE, "unused-variable", LINT, "warning",
     "a variable no condition reads, so it changes nothing",
     "use it in an `if`, or delete it")
DIAG(BEST_BELOW_100, "best-below-100", LINT, "warning (error if nobody can pass)",
     "no passing play-through scores 100; the message says what even the best passing one misses, and points at the first of it (the indicator, step or error). A higher score on a play-through that does not pass (a `missed` ending, a disqualifying error) does not count",
     "make every indicator actable and every step takeable on one path")
DIAG(BAD_ASSET, "bad-asset", LINT, "error",
     "an `image` that does not exist, is an absolute path, or uses `..` to leave the scenario's folder",
     "put the picture in the scenario's folder and give a relative path")
DIAG(PASSES_WITHOUT_LOOKING, "passes-without-looking", LINT, "error",
     "an attempt that never looks closer at any detail reaches the pass mark; the message gives its `--choices`",
     "put the key indicators behind details, and give the choices that act on them (or presuppose them) `\"if\": \"seen(IND-...)\"`")
DIAG(ACT_BEFORE_OBSERVE, "act-before-observe", LINT, "warning",
     "a choice acts on an indicator in a state where the trainee has not noticed it yet, so acting earns nothing; the message gives `--choices` that get there",
     "reveal it first (a detail, an `observe`, or the scene's `plain_sight`), or show the choice only `\"if\": \"seen(IND-...)\"`")
DIAG(ERROR_STILL_PASSES, "error-still-passes", LINT, "warning",
     "some play-through commits a critical error that is not disqualifying and still passes",
     "make the error `\"disqualifying\": true` in the catalogue, or, if passing despite it is right, give the entry `\"why_not_disqualifying\": \"reason\"`")
DIAG(DEADLINE_UNANNOUNCED, "deadline-unannounced", LINT, "error",
     "an event can end the call (its `goto` is an ending, or a scene that only leads to endings) and has no `announce` countdown",
     "give it `\"announce\": \"countdown label\"` and, if it should not show from the start, `\"announce_at\": minute`")
DIAG(TEXT_TOO_LONG, "text-too-long", LINT, "warning",
     "text that will not fit the smallest screen (see below)",
     "shorten it, or split the scene")
DIAG(UNSHOWABLE_CHAR, "unshowable-char", LINT, "warning",
     "a character that no font of the game can draw (it would show as a box): the message names it and its code point. The game draws Latin (Vietnamese included), Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, the main Indic scripts, Thai, Lao, Khmer, Myanmar, Ethiopic, Chinese, Japanese, Korean and common emoji (`game/core/scripts.c` lists the ranges)",
     "write it in a supported script, or leave it out")
DIAG(TODO_LEFT, "todo-left", LINT, "warning",
     "text from the `beneath-new` scaffold (a `TODO`) is still in the file; one finding gives the first and counts the rest",
     "write your own text (and give the scaffold's `IND-TODO`-style ids real names); `--werror` fails until none is left")
DIAG(BLANK_LABEL, "blank-label", LINT, "error",
     "a choice or detail label is only spaces: the trainee would see an empty option",
     "write the label")
DIAG(DUPLICATE_LABEL, "duplicate-label", LINT, "warning",
     "two choices or details of one scene have the same label (case and spaces aside) and can be offered at the same time, so the trainee cannot tell them apart",
     "reword one, or give them opposite conditions (`\"if\": \"x\"` and `\"if\": \"!x\"`, `minutes < 60` and `minutes >= 60`)")
DIAG(SHADOWED_VARIANT, "shadowed-variant", LINT, "warning",
     "a text or epilogue variant can never be shown: an earlier one always holds or has the same condition (the first that holds wins); or a variant always holds, so the scene's own text is never shown",
     "reorder the variants, fix the condition, or make the always-true variant the scene's own text")
DIAG(EMPTY_OBJECTIVES, "empty-objectives", LINT, "warning",
     "the scenario lists no learning objectives, or one is blank; the title screen and the debrief show them",
     "write what the trainee should learn")
DIAG(PLAN_OUTSIDE, "plan-outside", LINT, "error",
     "a room, piece of furniture, wall, window, door, lock, mark, person or hotspot of a plan lies (partly) outside its box (`size`, 100 by 60 unless given); the message gives the box and the shape's corners",
     "move it inside, or make the plan's `size` larger")
DIAG(PLAN_CROWDED, "plan-crowded", LINT, "warning",
     "two hotspots, or a hotspot and a person, of one scene's plan are so close (under 6 units apart) that their circles overlap on a small screen and a click could hit the wrong one",
     "move one of them")
DIAG(PLAN_UNUSED, "plan-unused", LINT, "warning",
     "a plan under `plans` that no scene uses",
     "use it in a scene's `plan` (`\"use\": \"NAME\"`), or delete it")
DIAG(TEST_FAILED, "test-failed", LOAD, "error",
     "(`beneath-play --check`) an author test did not get what it expected; the lines after it say what differed",
     "fix the scenario, or the test if the scenario is right")
