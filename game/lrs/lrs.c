/* lrs.c: the xAPI sender (see lrs.h). A batch is all or nothing at the LRS
 * (xAPI 1.0.3), so a batch it refuses (400, 409) is split and retried one
 * statement at a time; a single statement the LRS refuses is parked (its
 * next try far in the future, the reason kept) so it cannot hold up the
 * others. Anything else that fails (no connection, timeout, 5xx, 401) keeps
 * the batch for a later try with exponential backoff. */
#include "lrs.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "strbuf.h"

#define LRS_BATCH 50
#define LRS_BACKOFF_MIN_MS 1000LL
#define LRS_BACKOFF_MAX_MS 600000LL
#define LRS_PARK_MS (3650LL * 24 * 3600 * 1000) /* refused: wait for a person */
#define LRS_IDLE_MS 30000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *env_dup(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? xstrdup(v) : NULL;
}

bool lrs_is_configured(const Settings *s)
{
    const char *e = getenv("BENEATH_LRS_ENDPOINT");
    return (e && *e) || (s && s->lrs_endpoint[0]);
}

/* First line of the credentials file, without its line end. */
static char *read_auth_file(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "cannot read the LRS credentials file %s", path);
        return NULL;
    }
    char line[1024] = "";
    if (!fgets(line, sizeof line, f)) {
        line[0] = '\0';
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    return xstrdup(line);
}

bool lrs_config_load(LrsConfig *cfg, const Settings *s, char *err, size_t err_size)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->endpoint = env_dup("BENEATH_LRS_ENDPOINT");
    if (!cfg->endpoint && s && s->lrs_endpoint[0]) {
        cfg->endpoint = xstrdup(s->lrs_endpoint);
    }
    if (!cfg->endpoint) {
        snprintf(err, err_size,
                 "no learning record store is configured "
                 "(set BENEATH_LRS_ENDPOINT or the lrs_endpoint setting)");
        return false;
    }
    cfg->auth = env_dup("BENEATH_LRS_AUTH");
    const char *file = getenv("BENEATH_LRS_AUTH_FILE");
    if (!(file && *file) && s && s->lrs_auth_file[0]) {
        file = s->lrs_auth_file;
    }
    if (!cfg->auth && file && *file && !(cfg->auth = read_auth_file(file, err, err_size))) {
        lrs_config_fini(cfg);
        return false;
    }
    cfg->homepage = env_dup("BENEATH_LRS_HOMEPAGE");
    const char *t = getenv("BENEATH_LRS_TIMEOUT_MS");
    cfg->timeout_ms = t && atol(t) > 0 ? atol(t) : 10000;
    return true;
}

void lrs_config_fini(LrsConfig *cfg)
{
    free(cfg->endpoint);
    free(cfg->auth);
    free(cfg->homepage);
    memset(cfg, 0, sizeof *cfg);
}

/* ---- one POST ------------------------------------------------------------ */

typedef struct Reply {
    StrBuf body;
    const atomic_int *stop; /* abort the transfer when set */
} Reply;

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    Reply *r = ctx;
    if (r->body.len < 2000) {
        strbuf_printf(&r->body, "%.*s", (int)(size * n), data);
    }
    return size * n;
}

static int on_progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    const Reply *r = ctx;
    return r->stop && atomic_load(r->stop);
}

/* POSTs 'json' (an array of statements). Returns the HTTP status, or 0 if
 * no answer came (the reason in 'why'). */
static long post(const LrsConfig *cfg, const char *json, const atomic_int *stop, char *why,
                 size_t why_size)
{
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(why, why_size, "cannot start an HTTP transfer");
        return 0;
    }
    StrBuf url = {0};
    size_t n = strlen(cfg->endpoint);
    strbuf_printf(&url, "%s%sstatements", cfg->endpoint,
                  n && cfg->endpoint[n - 1] == '/' ? "" : "/");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "X-Experience-API-Version: 1.0.3");
    StrBuf auth = {0};
    if (cfg->auth && strncmp(cfg->auth, "Basic ", 6) == 0) {
        strbuf_printf(&auth, "Authorization: %s", cfg->auth);
        h = curl_slist_append(h, strbuf_str(&auth));
    } else if (cfg->auth) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERPWD, cfg->auth);
    }
    Reply reply = {{0}, stop};
    curl_easy_setopt(c, CURLOPT_URL, strbuf_str(&url));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->timeout_ms < 5000 ? cfg->timeout_ms : 5000);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &reply);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    if (rc == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        /* the reply may explain a refusal; it never holds our credentials */
        snprintf(why, why_size, "HTTP %ld from %s: %.200s", status, strbuf_str(&url),
                 strbuf_str(&reply.body));
    } else {
        snprintf(why, why_size, "no answer from %s: %s", strbuf_str(&url), curl_easy_strerror(rc));
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    strbuf_free(&auth);
    strbuf_free(&url);
    strbuf_free(&reply.body);
    return status;
}

/* ---- draining the outbox ------------------------------------------------- */

static char *batch_json(const RecordsOutboxItem *it, size_t n)
{
    StrBuf b = {0};
    strbuf_printf(&b, "[");
    for (size_t i = 0; i < n; i++) {
        strbuf_printf(&b, "%s%s", i ? "," : "", it[i].body);
    }
    strbuf_printf(&b, "]");
    return strbuf_take(&b);
}

static long long backoff_ms(int tries)
{
    long long d = LRS_BACKOFF_MIN_MS;
    for (int i = 0; i < tries && d < LRS_BACKOFF_MAX_MS; i++) {
        d *= 2;
    }
    return d < LRS_BACKOFF_MAX_MS ? d : LRS_BACKOFF_MAX_MS;
}

typedef enum SendResult { SENT, REFUSED, FAILED } SendResult;

/* Sends items [0, n) as one batch and records what happened. */
static SendResult send_batch(Records *db, const LrsConfig *cfg, RecordsOutboxItem *it, size_t n,
                             const atomic_int *stop, LrsStats *st)
{
    char *json = batch_json(it, n);
    char why[600];
    long status = post(cfg, json, stop, why, sizeof why);
    free(json);
    long long *ids = xmalloc(n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        ids[i] = it[i].id;
    }
    SendResult out;
    if (status >= 200 && status < 300) {
        records_outbox_sent(db, ids, n, now_ms());
        st->sent += n;
        out = SENT;
    } else if ((status == 400 || status == 409) && n > 1) {
        out = REFUSED; /* the caller splits the batch */
    } else {
        bool refused = status == 400 || status == 409;
        records_outbox_failed(db, ids, n,
                              now_ms() + (refused ? LRS_PARK_MS : backoff_ms(it[0].tries)), why);
        st->failed_tries += n;
        snprintf(st->last_error, sizeof st->last_error, "%.299s", why);
        out = refused ? REFUSED : FAILED;
    }
    free(ids);
    return out;
}

static void drain(Records *db, const LrsConfig *cfg, long long due_ms, const atomic_int *stop,
                  LrsStats *st)
{
    for (;;) {
        size_t n = 0;
        RecordsOutboxItem *it = records_outbox_due(db, due_ms ? due_ms : now_ms(), LRS_BATCH, &n);
        if (n == 0 || (stop && atomic_load(stop))) {
            records_outbox_free(it, n);
            return;
        }
        SendResult o = send_batch(db, cfg, it, n, stop, st);
        for (size_t i = 0; o == REFUSED && n > 1 && i < n; i++) {
            if (send_batch(db, cfg, &it[i], 1, stop, st) == FAILED) {
                break;
            }
        }
        records_outbox_free(it, n);
        if (o == FAILED) {
            return;
        }
    }
}

void lrs_drain(Records *db, const LrsConfig *cfg, long long now, LrsStats *st)
{
    memset(st, 0, sizeof *st);
    drain(db, cfg, now, NULL, st);
}

/* ---- the background thread ------------------------------------------------ */

struct LrsSender {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop, done;
    bool woken, last_round; /* guarded by mu */
    long long deadline_ms;
    char *db_path;
    LrsConfig cfg;
};

static void *sender_main(void *arg)
{
    LrsSender *s = arg;
    char notice[600], err[600];
    Records *db = records_open(s->db_path, notice, sizeof notice, err, sizeof err);
    while (db && !atomic_load(&s->stop)) {
        LrsStats st = {0};
        drain(db, &s->cfg, 0, &s->stop, &st);
        pthread_mutex_lock(&s->mu);
        if (s->last_round && !s->woken) {
            pthread_mutex_unlock(&s->mu);
            break;
        }
        if (!s->woken && !atomic_load(&s->stop)) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += LRS_IDLE_MS / 1000;
            pthread_cond_timedwait(&s->cv, &s->mu, &until);
        }
        s->woken = false;
        pthread_mutex_unlock(&s->mu);
    }
    records_close(db);
    atomic_store(&s->done, 1);
    return NULL;
}

LrsSender *lrs_sender_start(const char *db_path, const LrsConfig *cfg)
{
    LrsSender *s = xcalloc(1, sizeof *s);
    s->db_path = xstrdup(db_path);
    s->cfg.endpoint = xstrdup(cfg->endpoint);
    s->cfg.auth = cfg->auth ? xstrdup(cfg->auth) : NULL;
    s->cfg.homepage = cfg->homepage ? xstrdup(cfg->homepage) : NULL;
    s->cfg.timeout_ms = cfg->timeout_ms;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->thread, NULL, sender_main, s) != 0) {
        lrs_config_fini(&s->cfg);
        free(s->db_path);
        free(s);
        return NULL;
    }
    return s;
}

void lrs_sender_wake(LrsSender *s)
{
    if (!s) {
        return;
    }
    pthread_mutex_lock(&s->mu);
    s->woken = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void lrs_sender_stop(LrsSender *s, long grace_ms)
{
    if (!s) {
        return;
    }
    pthread_mutex_lock(&s->mu);
    if (grace_ms > 0) {
        /* one more round of sending, then stop; the deadline cuts it short */
        s->woken = true;
        s->last_round = true;
        s->deadline_ms = now_ms() + grace_ms;
    } else {
        atomic_store(&s->stop, 1);
    }
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    while (grace_ms > 0 && !atomic_load(&s->done) && now_ms() < s->deadline_ms) {
        struct timespec ms10 = {0, 10000000};
        nanosleep(&ms10, NULL);
    }
    atomic_store(&s->stop, 1);
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    lrs_config_fini(&s->cfg);
    free(s->db_path);
    free(s);
}
