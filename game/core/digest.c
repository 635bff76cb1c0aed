/* digest.c: SHA-1, SHA-256 and UUIDs (see digest.h). Straight from FIPS
 * 180-4; checked against its test vectors in tests/unit/test_records.c. */
#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t ror(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Pads the message as both hashes want (0x80, zeros, 64-bit bit length,
 * big-endian) and calls 'block' for every 64-byte block. */
static void md_blocks(const uint8_t *data, size_t len, void (*block)(uint32_t *, const uint8_t *),
                      uint32_t *h)
{
    size_t full = len / 64;
    for (size_t i = 0; i < full; i++) {
        block(h, data + i * 64);
    }
    uint8_t tail[128] = {0};
    size_t rest = len - full * 64;
    memcpy(tail, data + full * 64, rest);
    tail[rest] = 0x80;
    size_t tlen = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) {
        tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    block(h, tail);
    if (tlen == 128) {
        block(h, tail + 64);
    }
}

static void sha1_block(uint32_t *h, const uint8_t *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++) {
        w[i] = be32(p + 4 * i);
    }
    for (int i = 16; i < 80; i++) {
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d), k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d, k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d, k = 0xCA62C1D6u;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static void sha256_block(uint32_t *h, const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = be32(p + 4 * i);
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t v[8];
    memcpy(v, h, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t s1 = ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + s1 + ch + K256[i] + w[i];
        uint32_t s0 = ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (int i = 0; i < 8; i++) {
        h[i] += v[i];
    }
}

static void put_be(const uint32_t *h, int n, uint8_t *out)
{
    for (int i = 0; i < n; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

void digest_sha1(const void *data, size_t len, uint8_t out[DIGEST_SHA1_LEN])
{
    uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    md_blocks(data, len, sha1_block, h);
    put_be(h, 5, out);
}

void digest_sha256(const void *data, size_t len, uint8_t out[DIGEST_SHA256_LEN])
{
    uint32_t h[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                     0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    md_blocks(data, len, sha256_block, h);
    put_be(h, 8, out);
}

void digest_sha256_hex(const void *data, size_t len, char out[65])
{
    uint8_t d[DIGEST_SHA256_LEN];
    digest_sha256(data, len, d);
    for (int i = 0; i < DIGEST_SHA256_LEN; i++) {
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    }
}

static void uuid_format(const uint8_t b[16], char out[DIGEST_UUID_TEXT])
{
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out[o++] = '-';
        }
        snprintf(out + o, 3, "%02x", b[i]);
        o += 2;
    }
    out[o] = '\0';
}

bool digest_uuid_random(char out[DIGEST_UUID_TEXT])
{
    uint8_t b[16];
    out[0] = '\0';
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = read(fd, b + got, sizeof b - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            close(fd);
            return false;
        }
        got += (size_t)n;
    }
    close(fd);
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80);
    uuid_format(b, out);
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Parses the text form into 16 bytes; false if it is not a UUID. */
static bool uuid_parse(const char *s, uint8_t b[16])
{
    int n = 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return false;
            }
            continue;
        }
        int hi = hexval(s[i]), lo = hi >= 0 ? hexval(s[i + 1]) : -1;
        if (lo < 0) {
            return false;
        }
        b[n++] = (uint8_t)(hi << 4 | lo);
        i++;
    }
    return s[36] == '\0';
}

bool digest_is_uuid(const char *s)
{
    uint8_t b[16];
    return s && strlen(s) == 36 && uuid_parse(s, b);
}

bool digest_uuid_name(const char *ns, const char *name, char out[DIGEST_UUID_TEXT])
{
    uint8_t nsb[16];
    out[0] = '\0';
    if (!ns || strlen(ns) != 36 || !uuid_parse(ns, nsb)) {
        return false;
    }
    size_t len = strlen(name);
    uint8_t *buf = xmalloc(16 + len);
    memcpy(buf, nsb, 16);
    memcpy(buf + 16, name, len);
    uint8_t d[DIGEST_SHA1_LEN];
    digest_sha1(buf, 16 + len, d);
    free(buf);
    d[6] = (uint8_t)((d[6] & 0x0F) | 0x50);
    d[8] = (uint8_t)((d[8] & 0x3F) | 0x80);
    uuid_format(d, out);
    return true;
}
