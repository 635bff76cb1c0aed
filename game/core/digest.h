/* digest.h: SHA-1 and SHA-256 (FIPS 180-4) over memory, and the UUIDs the
 * records need: random ones (version 4, from the kernel) for attempts and
 * name-based ones (version 5, RFC 4122) for xAPI statement ids, so the same
 * attempt always yields the same statement ids. No state, no allocation. */
#ifndef BENEATH_DIGEST_H
#define BENEATH_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_SHA1_LEN 20
#define DIGEST_SHA256_LEN 32
#define DIGEST_UUID_TEXT 37 /* 36 characters and a NUL */

void digest_sha1(const void *data, size_t len, uint8_t out[DIGEST_SHA1_LEN]);
void digest_sha256(const void *data, size_t len, uint8_t out[DIGEST_SHA256_LEN]);

/* Writes the SHA-256 of the data as 64 lowercase hex digits and a NUL. */
void digest_sha256_hex(const void *data, size_t len, char out[65]);

/* A random (version 4) UUID in the usual 8-4-4-4-12 lowercase form. Returns
 * false if the kernel gave no randomness (out is then empty). */
bool digest_uuid_random(char out[DIGEST_UUID_TEXT]);

/* The version-5 UUID of 'name' within the namespace UUID 'ns' (text form).
 * Returns false if 'ns' is not a UUID. */
bool digest_uuid_name(const char *ns, const char *name, char out[DIGEST_UUID_TEXT]);

/* True if 's' is a UUID in 8-4-4-4-12 hex form. */
bool digest_is_uuid(const char *s);

#endif
