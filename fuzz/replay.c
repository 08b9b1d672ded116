/* replay.c — runs a libFuzzer harness (fuzz_*.c) without libFuzzer: every file named, or found in a
 * directory named, is passed once to LLVMFuzzerTestOneInput.  `make test` replays the seed corpus
 * and every saved crash input (fuzz/regress/<harness>/) through the normal or sanitizer build, so
 * an input that once crashed stays a test.  A crash aborts; otherwise prints the count, exits 0. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feed the file at path to the harness; 0 on success, -1 if it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; }
            buf = nb;
        }
    }
    int err = ferror(f) || !buf;
    fclose(f);
    if (!err) LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return err ? -1 : 0;
}

int main(int argc, char **argv)
{
    size_t done = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) continue; /* an absent regress/ directory: nothing saved yet */
        if (!S_ISDIR(sb.st_mode)) {
            if (replay_file(argv[i])) { fprintf(stderr, "replay: %s: cannot read\n", argv[i]); return 1; }
            done++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) { fprintf(stderr, "replay: %s: cannot open\n", argv[i]); return 1; }
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
            if (replay_file(p)) { fprintf(stderr, "replay: %s: cannot read\n", p); closedir(d); return 1; }
            done++;
        }
        closedir(d);
    }
    printf("replayed %zu inputs\n", done);
    return 0;
}
