/* safefile.c: the one way the programs open files they did not write.
 * A file is checked (stat) before it is opened, opened without blocking and
 * without a controlling terminal, and checked again on the descriptor
 * (fstat: same file, regular, within the kind's size limit), so neither a
 * FIFO nor a file swapped in between the two checks can hang the reader. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

#define MIB (1024u * 1024u)

static const struct {
    const char *name;
    size_t limit;
} kinds[FILE_KIND_COUNT] = {
    [FILE_KIND_SCENARIO] = {"scenario", 128u * MIB},
    [FILE_KIND_CATALOG] = {"catalogue", 16u * MIB},
    [FILE_KIND_TESTS] = {"tests file", 64u * MIB},
    [FILE_KIND_PICTURE] = {"picture", 80u * MIB},
    [FILE_KIND_SAVE] = {"save", 16u * MIB},
    [FILE_KIND_SETTINGS] = {"settings file", 1u * MIB},
    [FILE_KIND_DATA] = {"data file", 256u * MIB},
};

size_t safefile_limit(FileKind kind)
{
    return kind < FILE_KIND_COUNT ? kinds[kind].limit : 0;
}

const char *safefile_kind_name(FileKind kind)
{
    return kind < FILE_KIND_COUNT ? kinds[kind].name : "file";
}

static const char *type_name(mode_t m)
{
    return S_ISDIR(m)    ? "it is a folder"
           : S_ISFIFO(m) ? "not a regular file (a FIFO)"
           : S_ISCHR(m)  ? "not a regular file (a character device)"
           : S_ISBLK(m)  ? "not a regular file (a block device)"
           : S_ISSOCK(m) ? "not a regular file (a socket)"
           : S_ISLNK(m)  ? "it is a symbolic link"
                         : "not a regular file";
}

/* "12.5 MB" style, for size messages. */
static void human_size(unsigned long long n, char *buf, size_t size)
{
    if (n < 10ull * 1024) {
        snprintf(buf, size, "%llu bytes", n);
    } else if (n < 10ull * MIB) {
        snprintf(buf, size, "%llu KB", n / 1024);
    } else {
        snprintf(buf, size, "%llu MB", n / MIB);
    }
}

static bool check_stat(const struct stat *st, FileKind kind, bool *too_large, char *why,
                       size_t why_size)
{
    if (!S_ISREG(st->st_mode)) {
        snprintf(why, why_size, "%s", type_name(st->st_mode));
        return false;
    }
    if ((unsigned long long)st->st_size > safefile_limit(kind)) {
        char have[32], limit[32];
        human_size((unsigned long long)st->st_size, have, sizeof have);
        human_size(safefile_limit(kind), limit, sizeof limit);
        snprintf(why, why_size, "the file is %s; the limit for a %s is %s", have,
                 safefile_kind_name(kind), limit);
        if (too_large) {
            *too_large = true;
        }
        return false;
    }
    return true;
}

static void errno_reason(int err, char *why, size_t why_size)
{
    if (err == ENOENT) {
        snprintf(why, why_size, "no such file");
    } else if (err == ELOOP) {
        snprintf(why, why_size, "it is a symbolic link");
    } else {
        snprintf(why, why_size, "%s", strerror(err));
    }
}

int safefile_open(const char *path, FileKind kind, SafeFileFlags flags, size_t *size,
                  bool *too_large, char *why, size_t why_size)
{
    bool no_follow = (flags & SAFEFILE_NO_FOLLOW) != 0;
    struct stat before, st;
    if (too_large) {
        *too_large = false;
    }
    /* refuse a FIFO or device before opening it: opening some devices acts */
    if ((no_follow ? lstat(path, &before) : stat(path, &before)) != 0) {
        errno_reason(errno, why, why_size);
        return -1;
    }
    if (!check_stat(&before, kind, too_large, why, why_size)) {
        return -1;
    }
    int fd =
        open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0));
    if (fd < 0) {
        errno_reason(errno, why, why_size);
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        errno_reason(errno, why, why_size);
        close(fd);
        return -1;
    }
    if (!check_stat(&st, kind, too_large, why, why_size)) {
        close(fd);
        return -1;
    }
    if (st.st_dev != before.st_dev || st.st_ino != before.st_ino) {
        snprintf(why, why_size, "the file changed while it was being opened");
        close(fd);
        return -1;
    }
    *size = (size_t)st.st_size;
    return fd;
}

size_t safefile_read_fd(int fd, void *buf, size_t size, int *err)
{
    size_t got = 0;
    *err = 0;
    while (got < size) {
        ssize_t r = read(fd, (char *)buf + got, size - got);
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (r < 0) {
            *err = errno;
            break;
        }
        if (r == 0) {
            break;
        }
        got += (size_t)r;
    }
    return got;
}

char *safefile_read_why(const char *path, FileKind kind, SafeFileFlags flags, size_t *len,
                        bool *too_large, char *why, size_t why_size)
{
    size_t size = 0;
    int fd = safefile_open(path, kind, flags, &size, too_large, why, why_size);
    if (fd < 0) {
        return NULL;
    }
    char *buf = xmalloc(size + 1);
    int err = 0;
    size_t got = safefile_read_fd(fd, buf, size, &err);
    close(fd);
    if (err) {
        snprintf(why, why_size, "read failed: %s", strerror(err));
        free(buf);
        return NULL;
    }
    buf[got] = '\0'; /* a file that shrank meanwhile is read as it now is */
    if (len) {
        *len = got;
    }
    return buf;
}

char *safefile_read(const char *path, FileKind kind, SafeFileFlags flags, size_t *len, DiagList *dl)
{
    char why[300];
    bool too_large = false;
    char *buf = safefile_read_why(path, kind, flags, len, &too_large, why, sizeof why);
    if (!buf) {
        diag_add(dl, DIAG_ERROR, too_large ? DIAG_TOO_LARGE : DIAG_IO, path, 0, 0, NULL,
                 "cannot open: %s", why);
    }
    return buf;
}

/* ---- paths a scenario names ---------------------------------------------- */

/* True if 'rel' is a plain relative path: not empty, not absolute (also
 * not "C:..." or "\\..."), no ".." component and '/' as the separator.
 * Otherwise writes why. */
static bool is_plain_relative(const char *rel, char *why, size_t why_size)
{
    static const char outside[] =
        "must be a path inside the scenario's folder (no absolute paths, no \"..\")";
    bool drive = ((rel[0] | 32) >= 'a' && (rel[0] | 32) <= 'z') && rel[1] == ':';
    bool up = false;
    for (const char *p = rel; *p; p++) {
        bool start = p == rel || p[-1] == '/' || p[-1] == '\\';
        bool end = p[1] == '.' && (p[2] == '\0' || p[2] == '/' || p[2] == '\\');
        up = up || (start && p[0] == '.' && end);
    }
    const char *problem = !rel[0]                                          ? "the path is empty"
                          : rel[0] == '/' || rel[0] == '\\' || drive || up ? outside
                          : strchr(rel, '\\') ? "use '/' between folders, not '\\'"
                                              : NULL;
    if (problem) {
        snprintf(why, why_size, "%s", problem);
    }
    return problem == NULL;
}

/* The folder of 'file' ("." if it has none), resolved; caller frees. */
static char *real_folder(const char *file)
{
    const char *slash = strrchr(file, '/');
    char *dir = slash ? xmalloc((size_t)(slash - file) + 2) : xstrdup(".");
    if (slash) {
        size_t n = slash == file ? 1 : (size_t)(slash - file);
        memcpy(dir, file, n);
        dir[n] = '\0';
    }
    char *real = realpath(dir, NULL);
    free(dir);
    return real;
}

char *safefile_resolve_inside(const char *scenario_file, const char *rel, bool *missing, char *why,
                              size_t why_size)
{
    if (missing) {
        *missing = false;
    }
    if (!is_plain_relative(rel, why, why_size)) {
        return NULL;
    }
    char *folder = real_folder(scenario_file);
    if (!folder) {
        if (missing) {
            *missing = errno == ENOENT;
        }
        snprintf(why, why_size, "the scenario's folder cannot be read: %s", strerror(errno));
        return NULL;
    }
    size_t n = strlen(folder) + strlen(rel) + 2;
    char *joined = xmalloc(n);
    snprintf(joined, n, "%s/%s", folder, rel);
    char *real = realpath(joined, NULL);
    free(joined);
    size_t flen = strlen(folder);
    if (!real) {
        if (missing) {
            *missing = errno == ENOENT;
        }
        errno_reason(errno, why, why_size);
    } else if (!(strncmp(real, folder, flen) == 0 && (real[flen] == '/' || flen == 1))) {
        snprintf(why, why_size, "leads outside the scenario's folder through a symbolic link");
        free(real);
        real = NULL;
    }
    free(folder);
    return real;
}
