/* lrs.h: sending the records' xAPI outbox to a learning record store over
 * HTTP(S) with libcurl: POST ENDPOINT/statements, a batch at a time, with
 * "X-Experience-API-Version: 1.0.3" and Basic authentication. A statement
 * leaves the outbox only when the LRS has accepted it; when the LRS is
 * down, slow or answers an error, the batch waits (backing off, 1 s to
 * 10 min) and is sent again later. Statement ids are fixed, so a resend
 * after a lost answer is harmless. Credentials are never printed or kept
 * in messages. Lives outside the core because it needs libcurl and threads. */
#ifndef BENEATH_LRS_H
#define BENEATH_LRS_H

#include <stdbool.h>
#include <stddef.h>

#include "records.h"
#include "settings.h"

typedef struct LrsConfig {
    char *endpoint;  /* base URL, e.g. https://lrs.example/xAPI/ (no "statements") */
    char *auth;      /* "user:password", or a whole "Basic ..." header value */
    char *homepage;  /* account home page of the actors, may be NULL */
    long timeout_ms; /* a whole request, default 10000 */
} LrsConfig;

/* Reads the configuration: the endpoint from BENEATH_LRS_ENDPOINT, else the
 * 'lrs_endpoint' setting; the credentials from BENEATH_LRS_AUTH, else the
 * first line of the file named by BENEATH_LRS_AUTH_FILE, else of the
 * 'lrs_auth_file' setting's file; BENEATH_LRS_HOMEPAGE;
 * BENEATH_LRS_TIMEOUT_MS. The settings (s) may be NULL. Returns false and
 * writes err if no endpoint is configured or the credentials file cannot be
 * read. The credentials are never printed. */
bool lrs_config_load(LrsConfig *cfg, const Settings *s, char *err, size_t err_size);
/* True if BENEATH_LRS_ENDPOINT or the 'lrs_endpoint' setting (s may be
 * NULL) is set at all. */
bool lrs_is_configured(const Settings *s);
void lrs_config_fini(LrsConfig *cfg);

typedef struct LrsStats {
    size_t sent;         /* statements the LRS accepted in this call */
    size_t failed_tries; /* statements whose try failed (they wait for a retry) */
    char last_error[300];
} LrsStats;

/* Sends every statement due by 'now_ms' (LLONG_MAX: every unsent one,
 * whatever its backoff), in batches, until none is left or a try fails
 * (then the rest wait for their next try). */
void lrs_drain(Records *db, const LrsConfig *cfg, long long now_ms, LrsStats *st);

/* A background thread that drains the outbox of the database at 'db_path'
 * through its own connection: when woken and every 30 s. The game never
 * waits for it except up to a second at lrs_sender_stop. Returns NULL if the
 * thread cannot start. */
typedef struct LrsSender LrsSender;
LrsSender *lrs_sender_start(const char *db_path, const LrsConfig *cfg);
void lrs_sender_wake(LrsSender *s);
/* Stops the thread and frees it: the thread may go on sending what is due
 * for up to 'grace_ms' (0: stop at once, aborting a transfer in progress). */
void lrs_sender_stop(LrsSender *s, long grace_ms);

#endif
