// Between exceljs' streaming writer and the export's destination. Two things exceljs does not do
// the way an Exporter must:
//
// 1. It pipes its zip into the stream it is given and ENDS it when the workbook is committed; the
//    exporter contract is that the caller ends `out` (and writes the audit entry first, and the
//    CLI renames its file after). So exceljs writes into a sink of ours that forwards every chunk
//    to `out`, waits for `out` to drain, and never ends it.
// 2. Its worksheet streams ignore backpressure: rows committed while the reader is slow pile up,
//    uncompressed, in front of the zip. The sheets written a page at a time therefore wait after
//    each page until that pile is small again (`paced`), so memory stays bounded for a slow
//    download as for a fast file.
import type { Writable } from 'node:stream';
import { Writable as WritableStream } from 'node:stream';
import type { Worksheet } from 'exceljs';

class ExportDestinationClosed extends Error {
  constructor() {
    super('the export destination closed before the workbook was complete');
  }
}

export interface Sink {
  stream: Writable;
  /** The first error of the sink or of `out`, if any; paced loops stop on it. */
  failure(): Error | null;
  /** Rejects with that error: the workbook's commit would otherwise wait forever for 'finish'. */
  failed: Promise<never>;
}

/** A stream exceljs may end: it passes everything on to `out` with backpressure, and leaves `out` open. */
export function openSink(out: Writable): Sink {
  let failed: Error | null = null;
  let reject: (err: Error) => void = () => {};
  const whenFailed = new Promise<never>((_, r) => {
    reject = r;
  });
  // Nobody may be waiting on it when it fails; the error is still reported by failure().
  whenFailed.catch(() => {});
  const stream = new WritableStream({
    write(chunk: Buffer, _encoding, callback) {
      if (failed) return callback(failed);
      if (out.destroyed || out.writableEnded) return callback((failed = new ExportDestinationClosed()));
      if (out.write(chunk)) return callback();
      const onDrain = () => {
        out.off('close', onClose);
        callback();
      };
      const onClose = () => {
        out.off('drain', onDrain);
        callback((failed ??= new ExportDestinationClosed()));
      };
      out.once('drain', onDrain);
      out.once('close', onClose);
    },
  });
  // Without a listener, an error here would be thrown from the zip's pipe; it is reported by
  // failure() to the loop writing rows, and by the workbook's commit, which listens too.
  stream.on('error', (err) => {
    failed ??= err;
    reject(failed);
  });
  const failure = () => {
    // A download abandoned between two writes shows only as a destroyed destination.
    if (!failed && out.destroyed) failed = new ExportDestinationClosed();
    return failed;
  };
  return { stream, failure, failed: whenFailed };
}

/** Uncompressed bytes waiting to be zipped: a budget of a few pages of rows. */
const BACKLOG_LIMIT = 4 * 1024 * 1024;

interface WritableStateLike {
  length?: number;
}
interface PipeLike {
  writableLength?: number;
  _writableState?: WritableStateLike;
}
interface SheetStreamLike {
  buffers?: { length: number }[];
  pipes?: PipeLike[];
}

/**
 * What a worksheet has written that the zip has not taken yet: exceljs' own buffer of the sheet
 * (StreamBuf) and the PassThrough the archiver reads it through. These are exceljs internals (4.x);
 * tests/exports/xlsx.test.ts proves that a stalled reader pauses the export, so an upgrade that
 * changes them fails there rather than silently buffering.
 */
function backlog(sheet: Worksheet): number {
  const stream = (sheet as unknown as { _stream?: SheetStreamLike })._stream;
  if (!stream) return 0;
  let bytes = 0;
  // The last buffer is the one being filled: it moves on only when full (or at the sheet's end),
  // so it is not a backlog, and waiting for it would wait forever.
  const buffers = stream.buffers ?? [];
  for (let i = 0; i < buffers.length - 1; i++) bytes += buffers[i]!.length;
  for (const p of stream.pipes ?? []) bytes += p.writableLength ?? p._writableState?.length ?? 0;
  return bytes;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

/** Waits until the sheet's unzipped backlog and the sink's are under the limit, or fails. */
export async function paced(sheet: Worksheet, sink: Sink, limit = BACKLOG_LIMIT): Promise<void> {
  for (;;) {
    const failure = sink.failure();
    if (failure) throw failure;
    if (backlog(sheet) + sink.stream.writableLength <= limit) return;
    // Nothing to wait on: the archiver emits no event when it takes a chunk from the sheet.
    await tick();
  }
}
