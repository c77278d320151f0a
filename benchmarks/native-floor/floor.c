/*
 * What the hardware and the kernel charge a tracer on this machine, without .NET: the lower bound that the
 * overhead and scaling modes of GoTrace.Benchmarks are compared against (README, "Overhead").
 *
 *   gcc -O2 -pthread -o /tmp/floor benchmarks/native-floor/floor.c && /tmp/floor [directory-for-the-page-test]
 *
 * 1. rdtsc: one read, two reads back to back (an enter and an exit need one each).
 * 2. The best a tracer can do per call: an empty non-inlined function, untraced and traced the way GoTrace
 *    traces it (a thread-local buffer, rdtsc inline, an 8-byte event stored on entry and on exit), in C with
 *    no call into a stub, no GC poll and initial-exec TLS. "traced - untraced" here is the floor for
 *    traced_ns - untraced_ns.
 * 3. What a new 4 KiB page of a shared file mapping costs (madvise(MADV_POPULATE_WRITE), as GoTrace's prefault
 *    thread does, over a posix_fallocate'd file): a traced call writes 16 bytes, so 1/256 of that per call.
 *    The first pass may meet memory the machine never touched (in a VM, the host faults it in too).
 * 4. The same new file bytes through pwrite(2) in 128 KiB blocks instead of a mapping: if the kernel's write path
 *    were much cheaper than faulting pages in, copying chunks out would beat mapping the file.
 *
 * Prints medians of several rounds; one line at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define ROUNDS 9
#define N 10000000L

static double wall(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static double median(double *v, int n) { qsort(v, n, sizeof *v, cmp); return v[n / 2]; }

typedef struct { uint64_t *pos, *end; uint64_t base; } cursor_t;
static __thread cursor_t *tls_cursor __attribute__((tls_model("initial-exec")));
static volatile uint64_t sink;

static inline void put(cursor_t *c, uint64_t word)
{
    uint64_t delta = __rdtsc() - c->base;
    uint64_t *p = c->pos;
    if (__builtin_expect(p < c->end && delta < (1ull << 38), 1)) { *p = (delta << 26) | word; c->pos = p + 1; }
    else abort();
}

__attribute__((noinline)) void empty(void) { __asm__ volatile(""); }
__attribute__((noinline)) void traced(void)
{
    cursor_t *c = tls_cursor;
    put(c, (7u << 2) | 1);
    __asm__ volatile("");
    put(c, (7u << 2) | 2);
}

static double page_ns(const char *dir, long size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/gotrace-floor.%d.bin", dir, getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ftruncate(fd, size) != 0 || posix_fallocate(fd, 0, size) != 0) { perror(path); exit(1); }
    char *m = mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) { perror("mmap"); exit(1); }
    double start = cpu();
    for (long off = 0; off < size; off += 2 << 20)
        if (madvise(m + off, 2 << 20, MADV_POPULATE_WRITE) != 0) { perror("madvise"); exit(1); }
    double ns = (cpu() - start) / (size / 4096);
    munmap(m, size); close(fd); unlink(path);
    return ns;
}

static double write_ns(const char *dir, long size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/gotrace-floor-write.%d.bin", dir, getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || posix_fallocate(fd, 0, size) != 0) { perror(path); exit(1); }
    enum { block = 128 << 10 };
    char *data = aligned_alloc(4096, block);
    memset(data, 1, block);
    double start = cpu();
    for (long off = 0; off < size; off += block)
        if (pwrite(fd, data, block, off) != block) { perror("pwrite"); exit(1); }
    double ns = (cpu() - start) / (size / 4096);
    free(data); close(fd); unlink(path);
    return ns;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    size_t words = 2 * N + 1024;
    uint64_t *mem = aligned_alloc(4096, words * 8);
    memset(mem, 0, words * 8);
    cursor_t cursor = { mem, mem + words, __rdtsc() };
    tls_cursor = &cursor;

    double one[ROUNDS], two[ROUNDS], untraced[ROUNDS], traced_ns[ROUNDS], diff[ROUNDS], page[3], written[3];
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t s = 0;
        double a = wall();
        for (long i = 0; i < N; i++) s += __rdtsc();
        double b = wall();
        for (long i = 0; i < N; i++) { s += __rdtsc(); s ^= __rdtsc(); }
        double c = wall();
        sink = s;
        one[r] = (b - a) / N; two[r] = (c - b) / N;
        cursor.pos = mem;
        a = wall();
        for (long i = 0; i < N; i++) empty();
        b = wall();
        for (long i = 0; i < N; i++) traced();
        c = wall();
        untraced[r] = (b - a) / N; traced_ns[r] = (c - b) / N; diff[r] = traced_ns[r] - untraced[r];
    }
    for (int r = 0; r < 3; r++) page[r] = page_ns(dir, 256L << 20);
    for (int r = 0; r < 3; r++) written[r] = write_ns(dir, 256L << 20);

    printf("rdtsc, one read:                 %6.2f ns\n", median(one, ROUNDS));
    printf("rdtsc, two reads back to back:   %6.2f ns\n", median(two, ROUNDS));
    printf("empty call, untraced:            %6.2f ns\n", median(untraced, ROUNDS));
    printf("empty call, traced in ideal C:   %6.2f ns (+%.2f)\n", median(traced_ns, ROUNDS), median(diff, ROUNDS));
    double best = page[0];
    for (int r = 1; r < 3; r++) if (page[r] < best) best = page[r];
    printf("new 4 KiB page of a file in %s: %.0f, %.0f, %.0f ns CPU (three passes; the best is %.1f ns per traced call)\n",
           dir, page[0], page[1], page[2], best / 256);
    double best_write = written[0];
    for (int r = 1; r < 3; r++) if (written[r] < best_write) best_write = written[r];
    printf("the same through pwrite, per 4 KiB: %.0f, %.0f, %.0f ns CPU\n", written[0], written[1], written[2]);
    printf("floor: rdtsc_ns=%.1f two_rdtsc_ns=%.1f ideal_traced_minus_untraced_ns=%.1f page_ns_best=%.0f page_ns_per_call=%.1f write_ns_best=%.0f\n",
           median(one, ROUNDS), median(two, ROUNDS), median(diff, ROUNDS), best, best / 256, best_write);
    return 0;
}
