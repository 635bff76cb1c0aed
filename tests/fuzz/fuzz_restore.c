/* fuzz_restore.c: libFuzzer target for resuming a saved attempt. Any input,
 * as the text of a save file, must give a run or diagnostics, never a crash,
 * hang or leak; a run that is restored must save again to text that restores
 * to the same save (nothing is lost or invented on a round trip).
 * The scenario is loaded once: $BENEATH_FUZZ_SCENARIO, or the bundled
 * domestic-call.json. Seeds: tests/corpus/fuzz/restore (tools/fuzz). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "run.h"
#include "score.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Scenario *sc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sc = fuzz_scenario_load("fuzz_restore");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList *dl = diag_list_new();
    char *trainee = NULL;
    Run *r = run_restore(sc, (const char *)data, size, &trainee, dl);
    char buf[1024];
    for (size_t i = 0; i < diag_count(dl); i++) {
        diag_format(diag_at(dl, i), buf, sizeof buf);
    }
    if (r) {
        char *save = run_save(r, trainee);
        Run *back = run_restore(sc, save, strlen(save), NULL, dl);
        if (!back) {
            abort(); /* a save the program wrote must restore */
        }
        char *again = run_save(back, trainee);
        if (strcmp(save, again) != 0) {
            abort(); /* the round trip changed the attempt */
        }
        Option o;
        if (run_options(back, &o, 1) > 0) {
            run_apply(back, &o);
        }
        Score *s = score_compute(back);
        free(score_to_json(s, back));
        score_free(s);
        free(again);
        free(save);
        run_free(back);
        run_free(r);
    }
    free(trainee);
    diag_list_free(dl);
    return 0;
}
