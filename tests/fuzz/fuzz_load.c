/* fuzz_load.c: libFuzzer target for the scenario loader and a short play.
 * Any input must give diagnostics or a scenario, never a crash, hang or leak.
 * Built only with clang (BENEATH_FUZZ=ON); tools/test runs it for a few
 * seconds from the seed corpus (tests/corpus/load and the bundled scenarios). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList *dl = diag_list_new();
    Scenario *sc = scenario_parse("fuzz.json", (const char *)data, size, dl);
    char buf[1024];
    for (size_t i = 0; i < diag_count(dl); i++) {
        diag_format(diag_at(dl, i), buf, sizeof buf);
    }
    if (sc) {
        /* play the first option up to 200 times, then score and save */
        Run *r = run_new(sc);
        Option o;
        for (int k = 0; k < 200 && run_options(r, &o, 1) > 0; k++) {
            run_apply(r, &o);
        }
        Score *s = score_compute(r);
        free(score_to_json(s, r));
        score_free(s);
        char *save = run_save(r, "fuzz");
        Run *back = run_restore(sc, save, strlen(save), NULL, dl);
        run_free(back);
        free(save);
        run_free(r);
        scenario_free(sc);
    }
    diag_list_free(dl);
    return 0;
}
