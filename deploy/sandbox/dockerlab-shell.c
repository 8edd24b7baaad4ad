/*
 * dockerlab-shell: keeps a learner's shell alive between browser connections.
 *
 * The server opens a terminal by running `dockerlab-shell attach EPOCH TOKEN` through a
 * `docker exec` WITHOUT a TTY. The first attach in a sandbox starts the keeper: a daemon that
 * owns a pseudo-terminal with a login bash on it and listens on a Unix socket. Every attach
 * hands its own stdin and stdout (the exec's pipes) to the keeper over that socket and waits.
 * From then on the keeper reads the browser's input straight from that stdin and writes the
 * shell's output straight into that stdout: no byte is copied by a middleman, and no terminal
 * emulator sits in between, so output flows at the speed of the pipe (faster than
 * `docker exec -t`, whose pty costs more than a pipe).
 *
 * A new attach first gets the last RING bytes the shell printed (the replay), so a reload or a
 * server restart shows the same screen and scrollback, then the live output. The replay ends
 * with OSC 7777 ("\e]7777;replayed\a"): the page ignores what xterm answers to queries found
 * in a replay.
 *
 * stdin carries frames, so a resize can travel with the keystrokes: type (1 byte), length
 * (2 bytes, big-endian, at most 4096), payload. 'i': bytes for the shell. 'r': rows and
 * columns (2 bytes each). Other types are skipped; a longer frame ends the attach. The format
 * and its limits are defined once, in dockerlab-shell.h.
 *
 * An attach ends when its stdin ends, when it is hung up (SIGHUP, how the server closes a tab
 * and how an attach of a new server epoch clears those of a dead one), or when the shell ends;
 * it then exits with the shell's exit status. See docs/architecture.md ("The shell keeper").
 *
 * Other commands: `start` starts the keeper without attaching (the warm pool's pre-warm).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "dockerlab-shell.h"

#define DIR_PATH "/tmp/.dockerlab"
#define SOCK_PATH DIR_PATH "/shell.sock"
#define LOCK_PATH DIR_PATH "/shell.lock"

#define RING_SIZE (256 * 1024)       /* replayed to a new attach */
#define CHUNK (64 * 1024)            /* one read of the shell's output */
#define MAX_CLIENTS 128
#define MAX_FRAME (KEEPER_FRAME_HEADER + KEEPER_FRAME_PAYLOAD_MAX) /* one buffered per attach */
#define INPUT_LIMIT (256 * 1024)       /* keystrokes the shell has not read yet */
#define STALL_LIMIT_MS 60000         /* an attach that takes no output this long is dropped */

static const char REPLAYED[] = "\033]7777;replayed\007";

/* ------------------------------------------------------------------ small helpers */

static void die(const char *what) {
    fprintf(stderr, "dockerlab-shell: %s: %s\n", what, strerror(errno));
    exit(1);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}

static int connect_keeper(void) {
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        die("socket");
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, SOCK_PATH, sizeof addr.sun_path - 1);
    if (connect(s, (struct sockaddr *) &addr, sizeof addr) == 0) {
        return s;
    }
    close(s);
    return -1;
}

/* ------------------------------------------------------------------ the keeper */

struct client {
    int ctl, in, out;
    char *pending;           /* output the pipe did not take yet */
    size_t pending_len, pending_off, pending_cap;
    long long stalled_since; /* 0 when the pipe takes everything */
    unsigned char frame[MAX_FRAME];
    size_t frame_len;
};

static struct client *clients[MAX_CLIENTS];
static int ptm = -1;
static pid_t shell_pid;

static char ring[RING_SIZE];
static size_t ring_head;     /* next write position */
static unsigned long long ring_total;

static unsigned char input[INPUT_LIMIT];
static size_t input_len;

/*
 * A full-screen program repaints only when its size really changes, so a reconnect nudges the
 * terminal one row smaller for a moment: the program redraws twice, the second time at the
 * right size. Sizes that arrive meanwhile wait for the end of the nudge.
 */
#define NUDGE_MS 100
static long long nudge_until;
static struct winsize nudge_restore;

/* alternate screen tracking: ESC [ ? Pn h|l with Pn one of 47, 1047, 1049 */
static int alt_screen, esc_state, esc_param, esc_match;

static void track_alt_screen(const char *buf, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) buf[i];
        switch (esc_state) {
        case 0:
            if (c == 033) {
                esc_state = 1;
            }
            break;
        case 1:
            esc_state = c == '[' ? 2 : (c == 033 ? 1 : 0);
            break;
        case 2:
            if (c == '?') {
                esc_state = 3;
                esc_param = 0;
                esc_match = 0;
            } else {
                esc_state = c == 033 ? 1 : 0;
            }
            break;
        case 3:
            if (c >= '0' && c <= '9') {
                esc_param = esc_param > 100000 ? esc_param : esc_param * 10 + (c - '0');
            } else if (c == ';' || c == 'h' || c == 'l') {
                if (esc_param == 47 || esc_param == 1047 || esc_param == 1049) {
                    esc_match = 1;
                }
                esc_param = 0;
                if (c != ';') {
                    if (esc_match) {
                        alt_screen = c == 'h';
                    }
                    esc_state = 0;
                }
            } else {
                esc_state = c == 033 ? 1 : 0;
            }
            break;
        }
    }
}

static void ring_add(const char *buf, size_t n) {
    _Static_assert(CHUNK < RING_SIZE, "one read fits in the ring");
    ring_total += n;
    size_t first = RING_SIZE - ring_head < n ? RING_SIZE - ring_head : n;
    memcpy(ring + ring_head, buf, first);
    memcpy(ring, buf + first, n - first);
    ring_head = (ring_head + n) % RING_SIZE;
}

static void queue_output(struct client *c, const char *buf, size_t n) {
    if (c->pending_len - c->pending_off + n > c->pending_cap) {
        size_t live = c->pending_len - c->pending_off;
        size_t cap = c->pending_cap ? c->pending_cap : CHUNK;
        while (cap < live + n) {
            cap *= 2;
        }
        char *grown = malloc(cap);
        if (!grown) {
            die("malloc");
        }
        memcpy(grown, c->pending + c->pending_off, live);
        free(c->pending);
        c->pending = grown;
        c->pending_cap = cap;
        c->pending_len = live;
        c->pending_off = 0;
    } else if (c->pending_len + n > c->pending_cap) {
        memmove(c->pending, c->pending + c->pending_off, c->pending_len - c->pending_off);
        c->pending_len -= c->pending_off;
        c->pending_off = 0;
    }
    memcpy(c->pending + c->pending_len, buf, n);
    c->pending_len += n;
}

/* Writes what the pipe takes now; keeps the rest. Answers -1 when the pipe is gone. */
static int flush_client(struct client *c) {
    while (c->pending_off < c->pending_len) {
        ssize_t w = write(c->out, c->pending + c->pending_off, c->pending_len - c->pending_off);
        if (w > 0) {
            c->pending_off += (size_t) w;
            c->stalled_since = 0;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->stalled_since) {
                c->stalled_since = now_ms();
            }
            return 0;
        } else {
            return -1;
        }
    }
    c->pending_off = c->pending_len = 0;
    c->stalled_since = 0;
    return 0;
}

static void send_output(struct client *c, const char *buf, size_t n) {
    if (c->pending_off == c->pending_len) {
        c->pending_off = c->pending_len = 0;
        while (n > 0) {
            ssize_t w = write(c->out, buf, n);
            if (w > 0) {
                buf += w;
                n -= (size_t) w;
            } else if (w < 0 && errno == EINTR) {
                continue;
            } else {
                break; /* EAGAIN keeps the rest; a broken pipe is noticed by the next flush */
            }
        }
    }
    if (n > 0) {
        queue_output(c, buf, n);
        if (!c->stalled_since) {
            c->stalled_since = now_ms();
        }
    }
}

/* Ends an attach: tells it how (x = the shell ended with STATUS, d = dropped), closes its pipes. */
static void drop_client(int i, char how, int status) {
    struct client *c = clients[i];
    unsigned char msg[2] = {(unsigned char) how, (unsigned char) status};
    ssize_t ignored = write(c->ctl, msg, sizeof msg);
    (void) ignored;
    close(c->ctl);
    close(c->in);
    close(c->out);
    free(c->pending);
    free(c);
    clients[i] = NULL;
}

static void replay_to(struct client *c) {
    size_t have = ring_total < RING_SIZE ? (size_t) ring_total : RING_SIZE;
    size_t start = ring_total < RING_SIZE ? 0 : ring_head;
    size_t skip = 0;
    if (ring_total > RING_SIZE) {
        /* the oldest bytes may be the tail of a cut escape sequence: begin on a new line */
        while (skip < have && ring[(start + skip) % RING_SIZE] != '\n') {
            skip++;
        }
        skip = skip < have ? skip + 1 : 0;
    }
    size_t from = (start + skip) % RING_SIZE;
    size_t n = have - skip;
    size_t first = RING_SIZE - from < n ? RING_SIZE - from : n;
    send_output(c, ring + from, first);
    send_output(c, ring, n - first);
    if (alt_screen) {
        /* a full-screen program is running: give it its screen back and have it repaint */
        send_output(c, "\033[?1049h", 8);
    }
    send_output(c, REPLAYED, sizeof REPLAYED - 1);
    if (alt_screen && !nudge_until) {
        struct winsize ws;
        if (ioctl(ptm, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1) {
            nudge_restore = ws;
            ws.ws_row -= 1;
            ioctl(ptm, TIOCSWINSZ, &ws); /* the kernel signals the program: SIGWINCH */
            nudge_until = now_ms() + NUDGE_MS;
        }
    }
}

static void accept_client(int listener) {
    int ctl = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (ctl < 0) {
        return;
    }
    char tag;
    char space[CMSG_SPACE(2 * sizeof(int))];
    struct iovec iov = {.iov_base = &tag, .iov_len = 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    struct timeval timeout = {.tv_sec = 5};
    setsockopt(ctl, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ssize_t got = recvmsg(ctl, &msg, MSG_CMSG_CLOEXEC);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    if (got != 1 || tag != 'a' || !cm || cm->cmsg_type != SCM_RIGHTS
            || cm->cmsg_len != CMSG_LEN(2 * sizeof(int))) {
        if (cm && cm->cmsg_type == SCM_RIGHTS) {
            int *fds = (int *) CMSG_DATA(cm);
            for (size_t k = 0; k < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); k++) {
                close(fds[k]);
            }
        }
        close(ctl);
        return;
    }
    int fds[2];
    memcpy(fds, CMSG_DATA(cm), sizeof fds);
    int slot = -1;
    for (int i = 0; i < MAX_CLIENTS; i++) {
        if (!clients[i]) {
            slot = i;
            break;
        }
    }
    if (slot < 0) {
        /* the oldest attach makes room: a tab left open somewhere loses to the newest */
        drop_client(0, 'd', 0);
        memmove(clients, clients + 1, (MAX_CLIENTS - 1) * sizeof *clients);
        clients[MAX_CLIENTS - 1] = NULL;
        slot = MAX_CLIENTS - 1;
    }
    struct client *c = calloc(1, sizeof *c);
    if (!c) {
        die("calloc");
    }
    c->ctl = ctl;
    c->in = fds[0];
    c->out = fds[1];
    set_nonblocking(c->in);
    set_nonblocking(c->out);
    clients[slot] = c;
    replay_to(c);
}

/* Takes complete frames from an attach's stdin buffer. */
static int take_frames(struct client *c) {
    size_t at = 0;
    while (c->frame_len - at >= KEEPER_FRAME_HEADER) {
        unsigned char type = c->frame[at];
        size_t len = (size_t) c->frame[at + 1] << 8 | c->frame[at + 2];
        if (len > KEEPER_FRAME_PAYLOAD_MAX) {
            return -1;
        }
        if (c->frame_len - at < KEEPER_FRAME_HEADER + len) {
            break;
        }
        unsigned char *payload = c->frame + at + KEEPER_FRAME_HEADER;
        if (type == KEEPER_FRAME_INPUT) {
            if (input_len + len > INPUT_LIMIT) {
                break; /* the shell is behind: the rest waits here, and stdin is not read meanwhile */
            }
            memcpy(input + input_len, payload, len);
            input_len += len;
        } else if (type == KEEPER_FRAME_RESIZE && len == KEEPER_RESIZE_PAYLOAD) {
            struct winsize ws = {
                .ws_row = (unsigned short) (payload[0] << 8 | payload[1]),
                .ws_col = (unsigned short) (payload[2] << 8 | payload[3]),
            };
            if (ws.ws_row > 0 && ws.ws_col > 0) {
                if (nudge_until) {
                    nudge_restore = ws;
                } else {
                    ioctl(ptm, TIOCSWINSZ, &ws);
                }
            }
        }
        at += KEEPER_FRAME_HEADER + len;
    }
    memmove(c->frame, c->frame + at, c->frame_len - at);
    c->frame_len -= at;
    return 0;
}

static void start_shell(char *const argv[]) {
    ptm = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (ptm < 0 || grantpt(ptm) < 0 || unlockpt(ptm) < 0) {
        die("pseudo-terminal");
    }
    char name[64];
    if (ptsname_r(ptm, name, sizeof name) != 0) {
        die("ptsname");
    }
    struct winsize ws = {.ws_row = 24, .ws_col = 80};
    ioctl(ptm, TIOCSWINSZ, &ws);
    shell_pid = fork();
    if (shell_pid < 0) {
        die("fork");
    }
    if (shell_pid == 0) {
        setsid();
        int pts = open(name, O_RDWR);
        if (pts < 0) {
            die("open pts");
        }
        ioctl(pts, TIOCSCTTY, 0);
        dup2(pts, 0);
        dup2(pts, 1);
        dup2(pts, 2);
        if (pts > 2) {
            close(pts);
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        setenv("DOCKERLAB_SHELL", "1", 1);
        execvp(argv[0], argv);
        execl("/bin/sh", "sh", "-l", (char *) NULL);
        _exit(127);
    }
}

/* Sends what is left to every attach (for at most a second), tells them the status, exits. */
static void finish(int listener, int status) {
    unlink(SOCK_PATH);
    close(listener);
    char buf[CHUNK];
    ssize_t n;
    while ((n = read(ptm, buf, sizeof buf)) > 0) {
        for (int i = 0; i < MAX_CLIENTS; i++) {
            if (clients[i]) {
                send_output(clients[i], buf, (size_t) n);
            }
        }
    }
    long long deadline = now_ms() + 1000;
    for (int i = 0; i < MAX_CLIENTS; i++) {
        struct client *c = clients[i];
        while (c && c->pending_off < c->pending_len && now_ms() < deadline) {
            struct pollfd p = {.fd = c->out, .events = POLLOUT};
            poll(&p, 1, 50);
            if (flush_client(c) < 0) {
                break;
            }
        }
        if (c) {
            drop_client(i, 'x', status);
        }
    }
    exit(0);
}

/* The attach's argument area, so the keeper can show what it is in `ps` instead of an attach's arguments. */
static char *title_area;
static size_t title_len;

static void set_title(const char *title) {
    if (title_area && title_len > 1) {
        memset(title_area, 0, title_len);
        strncpy(title_area, title, title_len - 1);
    }
}

static void keeper(int listener, int ready, char *const argv[]) {
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        die("signalfd");
    }
    start_shell(argv);
    set_title("dockerlab-shell keeper"); /* after the fork: the shell's arguments may live in that area */
    set_nonblocking(ptm);
    ssize_t ignored = write(ready, "k", 1);
    (void) ignored;
    close(ready);

    struct pollfd fds[3 + 3 * MAX_CLIENTS]; /* listener, signals, terminal; in, ctl, out per attach */
    int owner[3 + 3 * MAX_CLIENTS];
    char buf[CHUNK];
    int pty_open = 1;
    for (;;) {
        int nfds = 0, any_pending = 0;
        long long now = now_ms();
        for (int i = 0; i < MAX_CLIENTS; i++) {
            struct client *c = clients[i];
            if (c && c->pending_off < c->pending_len) {
                if (c->stalled_since && now - c->stalled_since > STALL_LIMIT_MS) {
                    drop_client(i, 'd', 0);
                    continue;
                }
                any_pending = 1;
            }
        }
        fds[nfds++] = (struct pollfd) {.fd = listener, .events = POLLIN};
        fds[nfds++] = (struct pollfd) {.fd = sfd, .events = POLLIN};
        short pty_events = 0;
        if (pty_open && !any_pending) {
            pty_events |= POLLIN; /* backpressure: read more only when every attach took the last */
        }
        if (pty_open && input_len > 0) {
            pty_events |= POLLOUT;
        }
        fds[nfds++] = (struct pollfd) {.fd = pty_open ? ptm : -1, .events = pty_events};
        for (int i = 0; i < MAX_CLIENTS; i++) {
            struct client *c = clients[i];
            if (!c) {
                continue;
            }
            if (take_frames(c) < 0) { /* frames left over while the shell was behind */
                drop_client(i, 'd', 0);
                continue;
            }
            short in_events = 0;
            if (c->frame_len < sizeof c->frame) {
                in_events = POLLIN;
            }
            owner[nfds] = i;
            fds[nfds++] = (struct pollfd) {.fd = c->in, .events = in_events};
            owner[nfds] = i;
            fds[nfds++] = (struct pollfd) {.fd = c->ctl, .events = POLLIN};
            if (c->pending_off < c->pending_len) {
                owner[nfds] = i;
                fds[nfds++] = (struct pollfd) {.fd = c->out, .events = POLLOUT};
            }
        }
        int timeout = any_pending ? 1000 : -1;
        if (nudge_until) {
            long long left = nudge_until - now;
            timeout = left <= 0 ? 0 : (timeout < 0 || left < timeout ? (int) left : timeout);
        }
        if (poll(fds, (nfds_t) nfds, timeout) < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("poll");
        }
        if (nudge_until && now_ms() >= nudge_until) {
            ioctl(ptm, TIOCSWINSZ, &nudge_restore);
            nudge_until = 0;
        }
        if (fds[1].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == sizeof si) {
            }
            int status;
            pid_t done;
            while ((done = waitpid(-1, &status, WNOHANG)) > 0) {
                if (done == shell_pid) {
                    finish(listener, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
                }
            }
        }
        if (fds[2].revents & POLLOUT) {
            ssize_t w = write(ptm, input, input_len);
            if (w > 0) {
                memmove(input, input + w, input_len - (size_t) w);
                input_len -= (size_t) w;
            }
        }
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
            /* A terminal gives at most a few KiB per read: take all that is there now, so a burst
             * leaves in few large writes, while a lone keystroke's echo still leaves at once. */
            ssize_t n = 0, r;
            while ((size_t) n < sizeof buf && (r = read(ptm, buf + n, sizeof buf - (size_t) n)) > 0) {
                n += r;
            }
            if (n == 0) {
                n = r;
            }
            if (n > 0) {
                ring_add(buf, (size_t) n);
                track_alt_screen(buf, (size_t) n);
                for (int i = 0; i < MAX_CLIENTS; i++) {
                    if (clients[i]) {
                        send_output(clients[i], buf, (size_t) n);
                    }
                }
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                pty_open = 0; /* every holder of the terminal closed it; the shell's exit follows */
            }
        }
        for (int k = 3; k < nfds; k++) {
            int i = owner[k];
            struct client *c = clients[i];
            if (!c || !fds[k].revents) {
                continue;
            }
            if (fds[k].fd == c->ctl) {
                char b[16];
                if (read(c->ctl, b, sizeof b) <= 0) {
                    drop_client(i, 'd', 0); /* the attach was hung up */
                }
            } else if (fds[k].fd == c->in && (fds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t n = read(c->in, c->frame + c->frame_len, sizeof c->frame - c->frame_len);
                if (n > 0) {
                    c->frame_len += (size_t) n;
                    if (take_frames(c) < 0) {
                        drop_client(i, 'd', 0); /* not a frame this keeper sends to a shell */
                    }
                } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    drop_client(i, 'x', 0); /* stdin ended: the connection closed */
                }
            } else if (fds[k].fd == c->out && flush_client(c) < 0) {
                drop_client(i, 'd', 0);
            }
        }
        if (fds[0].revents & POLLIN) {
            accept_client(listener); /* last: slots freed above may be reused */
        }
    }
}

/* Starts the keeper unless one answers. Answers a connection to it, or -1 with errno set. */
static int ensure_keeper(char *const argv[]) {
    if (mkdir(DIR_PATH, 0700) < 0 && errno != EEXIST) {
        die("mkdir " DIR_PATH);
    }
    int s = connect_keeper();
    if (s >= 0) {
        return s;
    }
    int lock = open(LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || flock(lock, LOCK_EX) < 0) {
        die("lock " LOCK_PATH);
    }
    s = connect_keeper(); /* another attach may have started it while we waited */
    if (s >= 0) {
        close(lock);
        return s;
    }
    unlink(SOCK_PATH);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, SOCK_PATH, sizeof addr.sun_path - 1);
    mode_t old = umask(0077);
    if (listener < 0 || bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 16) < 0) {
        die("listen on " SOCK_PATH);
    }
    umask(old);
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) < 0) {
        die("pipe");
    }
    pid_t child = fork();
    if (child < 0) {
        die("fork");
    }
    if (child == 0) {
        /* the keeper: its own session, no terminal, none of the attach's pipes */
        setsid();
        if (fork() != 0) {
            _exit(0);
        }
        close(lock);
        close(ready[0]);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 2) {
            close(null);
        }
        const char *home = getenv("HOME");
        if (!home || chdir(home) < 0) {
            home = "/"; /* the shell starts wherever the attach was */
        }
        keeper(listener, ready[1], argv);
        _exit(0);
    }
    close(listener);
    close(ready[1]);
    waitpid(child, NULL, 0);
    char k;
    if (read(ready[0], &k, 1) != 1) {
        errno = ECHILD;
        die("the shell keeper did not start");
    }
    close(ready[0]);
    s = connect_keeper();
    close(lock);
    return s;
}

static char pid_file[512]; /* this attach's, removed when it ends */

static void hung_up(int sig) {
    unlink(pid_file);
    _exit(128 + sig);
}

/* Hangs up the attaches a dead server left (other epochs) and records this one's PID. */
static void record_attach(const char *epoch, const char *token) {
    char mine[256];
    snprintf(mine, sizeof mine, "attach-%s-", epoch);
    DIR *d = opendir(DIR_PATH);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t len = strlen(e->d_name);
            if (strncmp(e->d_name, "attach-", 7) != 0 || len < 4 || strcmp(e->d_name + len - 4, ".pid") != 0
                    || strncmp(e->d_name, mine, strlen(mine)) == 0) {
                continue;
            }
            char path[512];
            snprintf(path, sizeof path, DIR_PATH "/%s", e->d_name);
            FILE *f = fopen(path, "r");
            long pid = 0;
            if (f) {
                if (fscanf(f, "%ld", &pid) != 1) {
                    pid = 0;
                }
                fclose(f);
            }
            if (pid > 1) {
                kill((pid_t) pid, SIGHUP);
            }
            unlink(path);
        }
        closedir(d);
    }
    snprintf(pid_file, sizeof pid_file, DIR_PATH "/attach-%s-%s.pid", epoch, token);
    signal(SIGHUP, hung_up);
    signal(SIGTERM, hung_up);
    FILE *f = fopen(pid_file, "w");
    if (f) {
        fprintf(f, "%ld\n", (long) getpid());
        fclose(f);
    }
}

static int attach(int s) {
    char tag = 'a';
    int fds[2] = {0, 1};
    char space[CMSG_SPACE(sizeof fds)];
    memset(space, 0, sizeof space);
    struct iovec iov = {.iov_base = &tag, .iov_len = 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = space, .msg_controllen = sizeof space};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(cm), fds, sizeof fds);
    if (sendmsg(s, &msg, 0) != 1) {
        die("handing the terminal to the shell keeper");
    }
    /* only the keeper holds the pipes now, so they end when it lets go */
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    if (null > 2) {
        close(null);
    }
    unsigned char answer[2];
    size_t got = 0;
    while (got < 2) {
        ssize_t n = read(s, answer + got, 2 - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            unlink(pid_file);
            fprintf(stderr, "\r\ndockerlab-shell: the shell's keeper ended\r\n");
            return KEEPER_EXIT_KEEPER_GONE;
        }
        got += (size_t) n;
    }
    unlink(pid_file);
    if (answer[0] == 'x') {
        return answer[1];
    }
    fprintf(stderr, "\r\ndockerlab-shell: this terminal was detached from the shell (too far behind,"
            " or too many open); reconnect to go on\r\n");
    return KEEPER_EXIT_DROPPED;
}

static void usage(void) {
    fprintf(stderr, "usage: dockerlab-shell attach EPOCH TOKEN [-- SHELL ARGS...]\n"
                    "       dockerlab-shell start [-- SHELL ARGS...]\n");
    exit(2);
}

int main(int argc, char **argv) {
    static char *login_bash[] = {"bash", "-l", NULL};
    char **shell = login_bash;
    title_area = argv[0];
    title_len = (size_t) (argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc) {
            shell = argv + i + 1;
            argv[i] = NULL;
            argc = i;
            break;
        }
    }
    if (argc == 2 && strcmp(argv[1], "start") == 0) {
        int s = ensure_keeper(shell);
        close(s);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "attach") == 0) {
        if (strchr(argv[2], '/') || strchr(argv[3], '/')) {
            usage();
        }
        if (mkdir(DIR_PATH, 0700) < 0 && errno != EEXIST) {
            die("mkdir " DIR_PATH);
        }
        record_attach(argv[2], argv[3]);
        int s = ensure_keeper(shell);
        if (s < 0) {
            die("connecting to the shell keeper");
        }
        return attach(s);
    }
    usage();
}
