/*
 * nfs_hold: an NFSv4.0 client that holds file handles across server restarts.
 *
 * Usage: nfs_hold HOST PORT PATH...
 *
 * PATH is a path in the server's pseudo filesystem ("export/a/b/file"). At start the client
 * looks each PATH up once (PUTROOTFH, LOOKUP per component, GETFH) and keeps the file handle
 * bytes it got. From then on it never looks a name up again: every line it reads on stdin
 * makes it open a fresh TCP connection (the server may have restarted meanwhile) and read
 * every held handle with PUTFH(handle) + READ(anonymous stateid), which needs no client ID
 * and no open state on the server, so what is tested is the handle alone. EOF ends it.
 *
 * Output, one line per held handle and round, then "done" after each round:
 *   fh I HEX           (once, at start: the handle of PATH number I)
 *   read I CONTENT     (the file's first 4096 bytes, newlines shown as \n)
 *   read I NFS4ERR_... (the status of the first failing operation), or
 *   read I RPC_ERROR text
 * A lookup that fails at start prints "fh I NFS4ERR_..." and that handle is skipped.
 *
 * Built at test time against libnfs (Debian: libnfs-dev): gcc nfs_hold.c -lnfs.
 * Every wait is bounded (CALL_TIMEOUT_MS); NFS4ERR_DELAY and NFS4ERR_GRACE are retried until
 * then, as a real client would.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nfsc/libnfs.h>
#include <nfsc/libnfs-raw.h>
#include <nfsc/libnfs-raw-nfs4.h>

#define CALL_TIMEOUT_MS 20000
#define READ_SIZE 4096
#define MAX_OPS 64

struct call {
    int done;
    int status;          /* RPC_STATUS_* */
    char error[256];     /* RPC error text */
    int nfs_status;      /* first failing nfsstat4, or NFS4_OK */
    char fh[NFS4_FHSIZE];
    int fh_len;          /* -1: no GETFH in the reply */
    char data[READ_SIZE];
    int data_len;        /* -1: no READ in the reply */
};

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static const char *status_name(int s) {
    static char other[32];
    switch (s) {
    case NFS4_OK: return "NFS4_OK";
    case NFS4ERR_PERM: return "NFS4ERR_PERM";
    case NFS4ERR_NOENT: return "NFS4ERR_NOENT";
    case NFS4ERR_IO: return "NFS4ERR_IO";
    case NFS4ERR_NXIO: return "NFS4ERR_NXIO";
    case NFS4ERR_ACCESS: return "NFS4ERR_ACCESS";
    case NFS4ERR_ISDIR: return "NFS4ERR_ISDIR";
    case NFS4ERR_INVAL: return "NFS4ERR_INVAL";
    case NFS4ERR_STALE: return "NFS4ERR_STALE";
    case NFS4ERR_BADHANDLE: return "NFS4ERR_BADHANDLE";
    case NFS4ERR_NOTSUPP: return "NFS4ERR_NOTSUPP";
    case NFS4ERR_SERVERFAULT: return "NFS4ERR_SERVERFAULT";
    case NFS4ERR_DELAY: return "NFS4ERR_DELAY";
    case NFS4ERR_EXPIRED: return "NFS4ERR_EXPIRED";
    case NFS4ERR_GRACE: return "NFS4ERR_GRACE";
    case NFS4ERR_FHEXPIRED: return "NFS4ERR_FHEXPIRED";
    case NFS4ERR_WRONGSEC: return "NFS4ERR_WRONGSEC";
    case NFS4ERR_RESOURCE: return "NFS4ERR_RESOURCE";
    case NFS4ERR_MOVED: return "NFS4ERR_MOVED";
    case NFS4ERR_NOFILEHANDLE: return "NFS4ERR_NOFILEHANDLE";
    case NFS4ERR_BAD_STATEID: return "NFS4ERR_BAD_STATEID";
    case NFS4ERR_STALE_STATEID: return "NFS4ERR_STALE_STATEID";
    case NFS4ERR_BADZDR: return "NFS4ERR_BADZDR";
    case NFS4ERR_OPENMODE: return "NFS4ERR_OPENMODE";
    default:
        snprintf(other, sizeof other, "NFS4ERR_%d", s);
        return other;
    }
}

static void compound_cb(struct rpc_context *rpc, int status, void *data, void *private_data) {
    struct call *c = private_data;
    (void) rpc;
    c->done = 1;
    c->status = status;
    if (status != RPC_STATUS_SUCCESS) {
        snprintf(c->error, sizeof c->error, "%s",
                 status == RPC_STATUS_ERROR && data ? (const char *) data : "cancelled or timed out");
        return;
    }
    COMPOUND4res *res = data;
    c->nfs_status = res->status;
    for (u_int i = 0; i < res->resarray.resarray_len; i++) {
        nfs_resop4 *op = &res->resarray.resarray_val[i];
        if (op->resop == OP_GETFH && op->nfs_resop4_u.opgetfh.status == NFS4_OK) {
            nfs_fh4 *fh = &op->nfs_resop4_u.opgetfh.GETFH4res_u.resok4.object;
            c->fh_len = fh->nfs_fh4_len <= NFS4_FHSIZE ? (int) fh->nfs_fh4_len : 0;
            memcpy(c->fh, fh->nfs_fh4_val, c->fh_len);
        } else if (op->resop == OP_READ && op->nfs_resop4_u.opread.status == NFS4_OK) {
            READ4resok *ok = &op->nfs_resop4_u.opread.READ4res_u.resok4;
            c->data_len = ok->data.data_len <= READ_SIZE ? (int) ok->data.data_len : READ_SIZE;
            memcpy(c->data, ok->data.data_val, c->data_len);
        }
    }
}

/* Pumps the context until *done or the deadline; 0 if done. */
static int wait_done(struct rpc_context *rpc, int *done, long deadline) {
    while (!*done) {
        long left = deadline - now_ms();
        if (left <= 0) {
            return -1;
        }
        struct pollfd pfd = { .fd = rpc_get_fd(rpc), .events = rpc_which_events(rpc) };
        int n = poll(&pfd, 1, left < 100 ? (int) left : 100);
        if (n < 0 && errno != EINTR) {
            return -1;
        }
        if (rpc_service(rpc, n > 0 ? pfd.revents : 0) < 0) {
            return -1;
        }
    }
    return 0;
}

static void connect_cb(struct rpc_context *rpc, int status, void *data, void *private_data) {
    struct call *c = private_data;
    (void) rpc;
    c->done = 1;
    c->status = status;
    if (status != RPC_STATUS_SUCCESS) {
        snprintf(c->error, sizeof c->error, "%s", data ? (const char *) data : "connect failed");
    }
}

static struct rpc_context *connect_to(const char *host, int port, char *error, size_t error_size) {
    long deadline = now_ms() + CALL_TIMEOUT_MS;
    for (;;) {
        struct rpc_context *rpc = rpc_init_context();
        struct call c = { 0 };
        if (rpc == NULL) {
            snprintf(error, error_size, "rpc_init_context failed");
            return NULL;
        }
        if (rpc_connect_async(rpc, host, port, connect_cb, &c) == 0
                && wait_done(rpc, &c.done, deadline) == 0 && c.status == RPC_STATUS_SUCCESS) {
            return rpc;
        }
        snprintf(error, error_size, "connect: %s", c.error[0] ? c.error : rpc_get_error(rpc));
        rpc_destroy_context(rpc);
        if (now_ms() + 200 > deadline) {
            return NULL;
        }
        struct timespec pause = { 0, 200 * 1000000L };
        nanosleep(&pause, NULL);   /* the server may be starting */
    }
}

/* Sends one compound, retrying NFS4ERR_DELAY / NFS4ERR_GRACE until the deadline. */
static void compound(struct rpc_context *rpc, nfs_argop4 *ops, u_int n, struct call *c) {
    long deadline = now_ms() + CALL_TIMEOUT_MS;
    for (;;) {
        COMPOUND4args args = { 0 };
        args.minorversion = 0;
        args.argarray.argarray_len = n;
        args.argarray.argarray_val = ops;
        memset(c, 0, sizeof *c);
        c->fh_len = -1;
        c->data_len = -1;
        if (rpc_nfs4_compound_async(rpc, compound_cb, &args, c) != 0) {
            c->status = RPC_STATUS_ERROR;
            snprintf(c->error, sizeof c->error, "send: %s", rpc_get_error(rpc));
            return;
        }
        if (wait_done(rpc, &c->done, deadline) != 0) {
            c->status = RPC_STATUS_TIMEOUT;
            snprintf(c->error, sizeof c->error, "no reply within %d ms", CALL_TIMEOUT_MS);
            return;
        }
        if (c->status != RPC_STATUS_SUCCESS
                || (c->nfs_status != NFS4ERR_DELAY && c->nfs_status != NFS4ERR_GRACE)
                || now_ms() + 500 > deadline) {
            return;
        }
        struct timespec pause = { 0, 500 * 1000000L };
        nanosleep(&pause, NULL);
    }
}

static void print_text(const char *s, int len) {
    for (int i = 0; i < len; i++) {
        if (s[i] == '\n') {
            fputs("\\n", stdout);
        } else {
            putchar(s[i]);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s HOST PORT PATH...\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    int count = argc - 3;
    struct call *held = calloc(count, sizeof *held);
    char error[300];
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct rpc_context *rpc = connect_to(host, port, error, sizeof error);
    if (rpc == NULL) {
        printf("error %s\n", error);
        return 1;
    }
    for (int i = 0; i < count; i++) {
        char *path = strdup(argv[3 + i]);
        nfs_argop4 ops[MAX_OPS];
        u_int n = 0;
        memset(ops, 0, sizeof ops);
        ops[n++].argop = OP_PUTROOTFH;
        for (char *save = NULL, *name = strtok_r(path, "/", &save); name != NULL && n < MAX_OPS - 1;
                name = strtok_r(NULL, "/", &save)) {
            ops[n].argop = OP_LOOKUP;
            ops[n].nfs_argop4_u.oplookup.objname.utf8string_len = strlen(name);
            ops[n].nfs_argop4_u.oplookup.objname.utf8string_val = name;
            n++;
        }
        ops[n++].argop = OP_GETFH;
        compound(rpc, ops, n, &held[i]);
        free(path);
        if (held[i].status != RPC_STATUS_SUCCESS) {
            printf("fh %d RPC_ERROR %s\n", i, held[i].error);
            held[i].fh_len = -1;
        } else if (held[i].nfs_status != NFS4_OK || held[i].fh_len <= 0) {
            printf("fh %d %s\n", i, status_name(held[i].nfs_status));
            held[i].fh_len = -1;
        } else {
            printf("fh %d ", i);
            for (int b = 0; b < held[i].fh_len; b++) {
                printf("%02x", (unsigned char) held[i].fh[b]);
            }
            printf("\n");
        }
    }
    rpc_destroy_context(rpc);
    printf("done\n");

    char line[256];
    while (fgets(line, sizeof line, stdin) != NULL) {
        rpc = connect_to(host, port, error, sizeof error);
        for (int i = 0; i < count; i++) {
            if (held[i].fh_len < 0) {
                printf("read %d NO_HANDLE\n", i);
                continue;
            }
            if (rpc == NULL) {
                printf("read %d RPC_ERROR %s\n", i, error);
                continue;
            }
            nfs_argop4 ops[2];
            struct call c;
            memset(ops, 0, sizeof ops);
            ops[0].argop = OP_PUTFH;
            ops[0].nfs_argop4_u.opputfh.object.nfs_fh4_len = held[i].fh_len;
            ops[0].nfs_argop4_u.opputfh.object.nfs_fh4_val = held[i].fh;
            ops[1].argop = OP_READ;      /* stateid all zeros: the anonymous stateid */
            ops[1].nfs_argop4_u.opread.offset = 0;
            ops[1].nfs_argop4_u.opread.count = READ_SIZE;
            compound(rpc, ops, 2, &c);
            if (c.status != RPC_STATUS_SUCCESS) {
                printf("read %d RPC_ERROR %s\n", i, c.error);
            } else if (c.nfs_status != NFS4_OK || c.data_len < 0) {
                printf("read %d %s\n", i, status_name(c.nfs_status));
            } else {
                printf("read %d ", i);
                print_text(c.data, c.data_len);
                printf("\n");
            }
        }
        if (rpc != NULL) {
            rpc_destroy_context(rpc);
        }
        printf("done\n");
    }
    free(held);
    return 0;
}
