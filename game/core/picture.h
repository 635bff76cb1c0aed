/* picture.h: scene pictures (BMP) checked from their header before anything
 * decodes them, so a small file cannot make the game allocate gigabytes.
 * The game and beneath-lint both open pictures through picture_load. */
#ifndef BENEATH_PICTURE_H
#define BENEATH_PICTURE_H

#include <stdbool.h>
#include <stddef.h>

/* Largest picture, in pixels on each side (the file size limit is
 * safefile_limit(FILE_KIND_PICTURE)). */
#define PICTURE_MAX_SIDE 4096

typedef struct PictureInfo {
    int width, height; /* pixels; height is positive even for top-down files */
    int bits;          /* bits per pixel: 1, 4, 8, 16, 24 or 32 */
} PictureInfo;

/* Checks the BMP header in data[0..len) ('len' is the whole file, or at
 * least its first PICTURE_HEADER_BYTES with 'file_size' the whole size):
 * the signature, a known header, a size within PICTURE_MAX_SIDE on each
 * side, a known depth and compression, and for uncompressed pictures that
 * the pixels fit in the file. Returns true and fills *info, or false with a
 * one-line reason in 'why'. */
bool picture_check_bmp(const unsigned char *data, size_t len, size_t file_size, PictureInfo *info,
                       char *why, size_t why_size);

/* Bytes of a BMP file that picture_check_bmp needs. */
#define PICTURE_HEADER_BYTES 64

typedef enum PictureFlags {
    PICTURE_WHOLE = 0,           /* read the whole file (to decode it) */
    PICTURE_HEADER_ONLY = 1 << 0 /* read only the header (to check it) */
} PictureFlags;

/* Opens the picture 'image' named by 'scenario_file' (safefile_resolve_inside,
 * safefile_open as FILE_KIND_PICTURE), reads it and checks its header.
 * Returns the bytes read (caller frees with free()) with their number in
 * *len, or NULL with a one-line reason in 'why' and *missing set when the
 * file does not exist (may be NULL). */
unsigned char *picture_load(const char *scenario_file, const char *image, PictureFlags flags,
                            size_t *len, PictureInfo *info, bool *missing, char *why,
                            size_t why_size);

#endif
