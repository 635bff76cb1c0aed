/* test_safefile.c: opening untrusted files (regular files only, never
 * blocking, size limits) and resolving the paths a scenario names inside its
 * folder; BMP headers checked before anything decodes them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "picture.h"
#include "safefile.h"

static char dir[64];

/* A fresh folder with a scenario file name in it; returns the name. */
static const char *scenario_in_tmp(void)
{
    static char file[128];
    snprintf(dir, sizeof dir, "/tmp/beneath-safefile-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/s.json", dir);
    return file;
}

static void write_file(const char *name, const void *data, size_t len)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fwrite(data, 1, len, f);
    fclose(f);
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(safefile, refuses_a_fifo_without_blocking)
{
    scenario_in_tmp();
    char p[256], why[200];
    snprintf(p, sizeof p, "%s/pipe.json", dir);
    cr_assert_eq(mkfifo(p, 0600), 0);
    size_t size;
    cr_expect_eq(
        safefile_open(p, FILE_KIND_SCENARIO, SAFEFILE_FOLLOW, &size, NULL, why, sizeof why), -1);
    cr_expect_str_eq(why, "not a regular file (a FIFO)");
    DiagList *dl = diag_list_new();
    cr_expect_null(scenario_load(p, dl));
    cr_expect_not_null(t_find_diag(dl, DIAG_IO));
    diag_list_free(dl);
    cr_expect_eq(
        safefile_open(dir, FILE_KIND_SCENARIO, SAFEFILE_FOLLOW, &size, NULL, why, sizeof why), -1);
    cr_expect_str_eq(why, "it is a folder");
    cleanup();
}

Test(safefile, applies_the_size_limit_of_each_kind)
{
    scenario_in_tmp();
    char p[256], why[200];
    snprintf(p, sizeof p, "%s/big", dir);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, (long)safefile_limit(FILE_KIND_SETTINGS), SEEK_SET), 0);
    fputc('x', f); /* one byte over, sparse */
    fclose(f);
    size_t size;
    bool too_large = false;
    cr_expect_eq(safefile_open(p, FILE_KIND_SETTINGS, 0, &size, &too_large, why, sizeof why), -1);
    cr_expect(too_large);
    cr_expect_not_null(strstr(why, "the limit for a settings file is"), "%s", why);
    int fd = safefile_open(p, FILE_KIND_SAVE, 0, &size, &too_large, why, sizeof why);
    cr_expect_geq(fd, 0);
    cr_expect_eq(size, safefile_limit(FILE_KIND_SETTINGS) + 1);
    close(fd);
    DiagList *dl = diag_list_new();
    cr_expect_null(safefile_read(p, FILE_KIND_SETTINGS, 0, NULL, dl));
    cr_expect_not_null(t_find_diag(dl, DIAG_TOO_LARGE));
    diag_list_free(dl);
    cleanup();
}

Test(safefile, no_follow_refuses_a_symbolic_link)
{
    const char *s = scenario_in_tmp();
    write_file("s.json", "{}", 2);
    char link[256], why[200];
    snprintf(link, sizeof link, "%s/link.json", dir);
    cr_assert_eq(symlink(s, link), 0);
    size_t size;
    cr_expect_eq(
        safefile_open(link, FILE_KIND_DATA, SAFEFILE_NO_FOLLOW, &size, NULL, why, sizeof why), -1);
    int fd = safefile_open(link, FILE_KIND_DATA, SAFEFILE_FOLLOW, &size, NULL, why, sizeof why);
    cr_expect_geq(fd, 0);
    close(fd);
    cleanup();
}

Test(safefile, resolves_only_inside_the_scenario_folder)
{
    const char *s = scenario_in_tmp();
    write_file("inside.bmp", "x", 1);
    char p[256], why[200];
    snprintf(p, sizeof p, "%s/sub", dir);
    cr_assert_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sub/out", dir);
    cr_assert_eq(symlink("/etc", p), 0);
    snprintf(p, sizeof p, "%s/sub/in.bmp", dir);
    cr_assert_eq(symlink("../inside.bmp", p), 0);
    static const char *const refused[] = {"../s.json",      "/etc/passwd", "sub/../../x",
                                          "C:\\x.bmp",      "sub\\in.bmp", "",
                                          "sub/out/passwd", "..",          "sub/.."};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char *r = safefile_resolve_inside(s, refused[i], NULL, why, sizeof why);
        cr_expect_null(r, "\"%s\" must be refused", refused[i]);
        free(r);
    }
    bool missing = false;
    cr_expect_null(safefile_resolve_inside(s, "nope.bmp", &missing, why, sizeof why));
    cr_expect(missing);
    char *r = safefile_resolve_inside(s, "sub/in.bmp", &missing, why, sizeof why);
    cr_expect_not_null(r, "a link that stays inside is fine: %s", why);
    cr_expect_not_null(r && strstr(r, "/inside.bmp"));
    free(r);
    cleanup();
}

/* A 40-byte-header BMP of w x h at 24 bits, with 'pixels' bytes of data. */
static size_t make_bmp(unsigned char *b, int w, int h, size_t pixels)
{
    memset(b, 0, 54 + pixels);
    b[0] = 'B';
    b[1] = 'M';
    b[10] = 54;
    b[14] = 40;
    for (int k = 0; k < 4; k++) {
        b[18 + k] = (unsigned char)((unsigned)w >> (8 * k));
        b[22 + k] = (unsigned char)((unsigned)h >> (8 * k));
    }
    b[26] = 1;
    b[28] = 24;
    return 54 + pixels;
}

Test(picture, checks_the_header_before_decoding)
{
    static unsigned char b[54 + 4096];
    PictureInfo info;
    char why[200];
    size_t n = make_bmp(b, 4, 4, 48);
    cr_expect(picture_check_bmp(b, n, n, &info, why, sizeof why), "%s", why);
    cr_expect_eq(info.width, 4);
    n = make_bmp(b, 4, -4, 48); /* top-down */
    cr_expect(picture_check_bmp(b, n, n, &info, why, sizeof why), "%s", why);
    cr_expect_eq(info.height, 4);
    n = make_bmp(b, 65535, 65535, 64);
    cr_expect_not(picture_check_bmp(b, n, n, &info, why, sizeof why));
    cr_expect_str_eq(why, "the picture is 65535x65535 pixels; the limit is 4096x4096");
    n = make_bmp(b, 4097, 1, 64);
    cr_expect_not(picture_check_bmp(b, n, n, &info, why, sizeof why));
    n = make_bmp(b, 1, (int)0x80000000u, 64);
    cr_expect_not(picture_check_bmp(b, n, n, &info, why, sizeof why));
    n = make_bmp(b, 64, 64, 100); /* pixels cut short */
    cr_expect_not(picture_check_bmp(b, n, n, &info, why, sizeof why));
    n = make_bmp(b, 0, 4, 0);
    cr_expect_not(picture_check_bmp(b, n, n, &info, why, sizeof why));
    cr_expect_not(picture_check_bmp((const unsigned char *)"BM", 2, 2, &info, why, sizeof why));
}

Test(picture, loads_only_checked_pictures_inside_the_folder)
{
    const char *s = scenario_in_tmp();
    static unsigned char b[54 + 48];
    write_file("ok.bmp", b, make_bmp(b, 4, 4, 48));
    size_t len = 0;
    PictureInfo info;
    char why[200];
    unsigned char *got =
        picture_load(s, "ok.bmp", PICTURE_WHOLE, &len, &info, NULL, why, sizeof why);
    cr_expect_not_null(got, "%s", why);
    cr_expect_eq(len, sizeof b);
    free(got);
    got = picture_load(s, "ok.bmp", PICTURE_HEADER_ONLY, &len, &info, NULL, why, sizeof why);
    cr_expect_not_null(got, "%s", why);
    cr_expect_eq(len, PICTURE_HEADER_BYTES);
    free(got);
    cr_expect_null(picture_load(s, "../ok.bmp", PICTURE_WHOLE, &len, &info, NULL, why, sizeof why));
    cr_expect_null(picture_load(CORPUS_FILE("picture-huge.json"), "pictures/huge.bmp",
                                PICTURE_WHOLE, &len, &info, NULL, why, sizeof why));
    cleanup();
}
