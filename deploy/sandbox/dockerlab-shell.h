/*
 * The keeper protocol: what the server writes on a `dockerlab-shell attach`'s stdin, and how an
 * attach ends. Defined here once for C; the server's copy is dev.dockerlab.sandbox.KeeperFrames,
 * which names each of these, and KeeperContractTest runs this keeper against it. The format is
 * described in docs/protocol.md ("The shell keeper's stdin").
 *
 * A frame: type (1 byte), payload length (2 bytes, big-endian), payload.
 */
#ifndef DOCKERLAB_SHELL_H
#define DOCKERLAB_SHELL_H

#define KEEPER_FRAME_HEADER 3           /* type + 2 length bytes */
#define KEEPER_FRAME_PAYLOAD_MAX 4096   /* longer ends the attach: one frame is buffered per attach */
#define KEEPER_FRAME_INPUT 'i'          /* payload: bytes for the shell, as typed */
#define KEEPER_FRAME_RESIZE 'r'         /* payload: rows, columns (2 bytes each, big-endian, > 0) */
#define KEEPER_RESIZE_PAYLOAD 4         /* a resize of another length is skipped, as is any other type */

#define KEEPER_EXIT_DROPPED 75          /* EX_TEMPFAIL: the keeper let go of the attach, the shell lives on */
#define KEEPER_EXIT_KEEPER_GONE 70      /* the keeper died under the attach */

#endif
