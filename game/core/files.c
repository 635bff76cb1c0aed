/* files.c: whole-file reads and atomic replace-by-rename writes. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "safefile.h"

char *file_read_all(const char *path, size_t *len, DiagList *dl)
{
    return safefile_read(path, FILE_KIND_DATA, SAFEFILE_FOLLOW, len, dl);
}

static bool fail_errno(char *err, size_t err_size, const char *what, const char *path)
{
    snprintf(err, err_size, "%s %s: %s", what, path, strerror(errno));
    return false;
}

static bool write_atomic(const char *path, const char *data, size_t len, FileMode mode, char *err,
                         size_t err_size)
{
    /* A fresh temporary name in the same folder (mkstemp: O_CREAT|O_EXCL,
     * mode 0600), so two writers never share one and a planted file or
     * symlink is never opened. */
    size_t n = strlen(path) + 16;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.tmp-XXXXXX", path);
    bool ok = false;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fail_errno(err, err_size, "cannot create a temporary file beside", path);
        goto done;
    }
    if (mode == FILE_SHARED) {
        /* what open(O_CREAT, 0666) would give: the umask decides */
        mode_t mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) != 0) {
            fail_errno(err, err_size, "cannot set the mode of", tmp);
            close(fd);
            unlink(tmp);
            goto done;
        }
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            fail_errno(err, err_size, "cannot write", tmp);
            close(fd);
            unlink(tmp);
            goto done;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        fail_errno(err, err_size, "cannot sync", tmp);
        close(fd);
        unlink(tmp);
        goto done;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        fail_errno(err, err_size, "cannot replace", path);
        unlink(tmp);
        goto done;
    }
    /* make the rename itself durable */
    char *dir = xstrdup(path);
    int dfd = open(dirname(dir), O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    ok = true;
done:
    free(tmp);
    return ok;
}

bool file_write_atomic(const char *path, const char *data, size_t len, char *err, size_t err_size)
{
    return write_atomic(path, data, len, FILE_PRIVATE, err, err_size);
}

bool file_write_atomic_mode(const char *path, const char *data, size_t len, FileMode mode,
                            char *err, size_t err_size)
{
    return write_atomic(path, data, len, mode, err, err_size);
}

bool file_mkdirs(const char *path, char *err, size_t err_size)
{
    char *p = xstrdup(path);
    bool ok = true;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                ok = fail_errno(err, err_size, "cannot create folder", p);
                break;
            }
            *s = c;
            if (c == '\0') {
                break;
            }
        }
    }
    free(p);
    return ok;
}
