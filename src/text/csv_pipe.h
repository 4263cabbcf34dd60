/*
 * csv_pipe.h - a CSV file read and parsed on a second thread, handed back
 * to the caller's reader in order (csv_pipe.c).
 */
#ifndef KG_CSV_PIPE_H
#define KG_CSV_PIPE_H

#include "text/csv_reader.h"
#include "util/ahead.h"
#include "util/sha256.h"

/*
 * Reads the file open as `fd` to its end and parses it on a second
 * thread, while the calling thread receives, in file order, exactly what
 * kg_csv_feed and kg_csv_finish would give:
 * r's records, the diagnostics of the parse, and the stop after r's
 * max_errors.  `progress`, when not NULL, is called on the calling thread
 * with the bytes read so far.  Returns 0 or -1 as kg_csv_finish, or -2
 * when reading failed (reported as an error of the file).  Without a
 * second thread it does the same on this one.  `digest`, when not NULL,
 * gets the SHA-256 and count of the very bytes read, hashed on the
 * reading thread as they are read; its `whole` is set when fd is a
 * regular file read to its end.  `ahead`, when not NULL, is the pages
 * r's callback writes next (util/ahead.h): the reading thread faults them
 * in while it waits for the calling thread (not without a second thread).
 */
typedef void (*kg_csv_progress_fn)(unsigned long long bytes, void *ctx);
int kg_csv_read_fd(kg_csv_reader *r, int fd, kg_csv_progress_fn progress,
                   void *ctx, kg_file_digest *digest, kg_ahead *ahead);

#endif
