/* picture.c: BMP header checks and the safe path from a scenario's 'image'
 * field to the picture's bytes. Decoding stays in the game (SDL); nothing
 * here trusts a number from the file before it is checked. */
#include "picture.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "safefile.h"

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool fail(char *why, size_t why_size, const char *msg)
{
    snprintf(why, why_size, "%s", msg);
    return false;
}

/* Width, height, depth and compression from the info header after the
 * 14-byte file header; false if the header kind is unknown. */
static bool read_info(const unsigned char *d, size_t len, long long *w, long long *h,
                      uint32_t *planes, uint32_t *bits, uint32_t *compression)
{
    uint32_t size = le32(d + 14);
    if (size == 12) { /* OS/2 1.x core header: 16-bit sizes */
        *w = le16(d + 18);
        *h = le16(d + 20);
        *planes = le16(d + 22);
        *bits = le16(d + 24);
        *compression = 0;
        return true;
    }
    bool known = size == 16 || size == 40 || size == 52 || size == 56 || size == 64 ||
                 size == 108 || size == 124;
    if (!known || len < 34) {
        return false;
    }
    *w = (int32_t)le32(d + 18);
    *h = (int32_t)le32(d + 22);
    *planes = le16(d + 26);
    *bits = le16(d + 28);
    *compression = size >= 20 ? le32(d + 30) : 0;
    return true;
}

bool picture_check_bmp(const unsigned char *d, size_t len, size_t file_size, PictureInfo *info,
                       char *why, size_t why_size)
{
    if (len < 26 || d[0] != 'B' || d[1] != 'M') {
        return fail(why, why_size, "not a BMP picture (only BMP files are read)");
    }
    long long w, h;
    uint32_t planes, bits, compression;
    if (!read_info(d, len, &w, &h, &planes, &bits, &compression)) {
        return fail(why, why_size, "not a BMP picture this program can read (unknown header)");
    }
    h = h < 0 ? -h : h; /* negative: rows stored top-down */
    if (w <= 0 || h <= 0) {
        return fail(why, why_size, "the picture is empty (0 pixels wide or high)");
    }
    if (w > PICTURE_MAX_SIDE || h > PICTURE_MAX_SIDE) {
        snprintf(why, why_size, "the picture is %lldx%lld pixels; the limit is %dx%d", w, h,
                 PICTURE_MAX_SIDE, PICTURE_MAX_SIDE);
        return false;
    }
    bool depth_ok = bits == 1 || bits == 4 || bits == 8 || bits == 16 || bits == 24 || bits == 32;
    if (planes != 1 || !depth_ok) {
        snprintf(why, why_size, "unsupported BMP: %u planes of %u bits per pixel", planes, bits);
        return false;
    }
    bool rle = (compression == 1 && bits == 8) || (compression == 2 && bits == 4);
    bool fields = compression == 3 && (bits == 16 || bits == 32);
    if (compression != 0 && !rle && !fields) {
        return fail(why, why_size, "unsupported BMP compression (save it uncompressed)");
    }
    unsigned long long offset = le32(d + 10);
    unsigned long long stride = ((unsigned long long)w * bits + 31) / 32 * 4;
    if (offset > file_size || (!rle && offset + stride * (unsigned long long)h > file_size)) {
        return fail(why, why_size, "the picture's pixels are cut short (the file is incomplete)");
    }
    info->width = (int)w;
    info->height = (int)h;
    info->bits = (int)bits;
    return true;
}

unsigned char *picture_load(const char *scenario_file, const char *image, PictureFlags flags,
                            size_t *len, PictureInfo *info, bool *missing, char *why,
                            size_t why_size)
{
    char *path = safefile_resolve_inside(scenario_file, image, missing, why, why_size);
    if (!path) {
        return NULL;
    }
    size_t size = 0;
    int fd = safefile_open(path, FILE_KIND_PICTURE, SAFEFILE_NO_FOLLOW, &size, NULL, why, why_size);
    free(path);
    if (fd < 0) {
        return NULL;
    }
    size_t want =
        (flags & PICTURE_HEADER_ONLY) && size > PICTURE_HEADER_BYTES ? PICTURE_HEADER_BYTES : size;
    unsigned char *buf = xmalloc(want ? want : 1);
    int err = 0;
    size_t got = safefile_read_fd(fd, buf, want, &err);
    close(fd);
    if (err) {
        snprintf(why, why_size, "read failed: %s", strerror(err));
        free(buf);
        return NULL;
    }
    if (!picture_check_bmp(buf, got, got < want ? got : size, info, why, why_size)) {
        free(buf);
        return NULL;
    }
    *len = got;
    return buf;
}
