package org.dinoscope.embed;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.dinoscope.image.FieldReader;

/**
 * Prepares work items (reads a field, cuts it into crops) on reader threads, a small window ahead of the one
 * thread that runs the network, and hands them over in list order. Memory is bounded by the window; an item
 * that cannot be prepared comes back as {@link Failed} with the reason, so the rest goes on. The plate
 * pipeline and the image list share it.
 *
 * @param <T> a work item (a plate field, an image)
 * @param <R> what preparing one gives
 */
final class ReadAhead<T, R> implements AutoCloseable {
    /** Reads and cuts one item; called on reader threads. */
    interface Preparer<T, R> {
        R prepare(T item) throws IOException;

        /** The item and its files, for the message when preparing it exhausts the heap. */
        String describe(T item);
    }

    /** One item made ready, or why it could not be. */
    sealed interface Prepared<R> permits Ready, Failed {
    }

    record Ready<R>(R value) implements Prepared<R> {
    }

    record Failed<R>(String reason) implements Prepared<R> {
    }

    private final List<T> items;
    private final Preparer<T, R> preparer;
    private final ExecutorService pool;
    private final Deque<Future<Prepared<R>>> window = new ArrayDeque<>();
    private final int inFlight;
    private int next;

    ReadAhead(List<T> items, int readers, Preparer<T, R> preparer) {
        this.items = items;
        this.preparer = preparer;
        int threads = Math.max(1, readers);
        this.inFlight = 2 * threads + 2;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dinoscope-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** The next item in list order, waiting for it; keeps the window of items being read full. */
    Prepared<R> next() throws IOException {
        while (next < items.size() && window.size() < inFlight) {
            T item = items.get(next++);
            window.add(pool.submit(() -> prepare(item)));
        }
        if (window.isEmpty()) {
            throw new IllegalStateException("no item left to prepare");
        }
        try {
            return window.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            return new Failed<>(String.valueOf(e.getCause()));
        }
    }

    private Prepared<R> prepare(T item) {
        try {
            return new Ready<>(preparer.prepare(item));
        } catch (IOException | RuntimeException e) {
            return new Failed<>(e.getMessage() != null ? e.getMessage() : e.toString());
        } catch (OutOfMemoryError e) { // the decode budget leaves this to the rest of the work on the field
            return new Failed<>(preparer.describe(item) + ": ran out of Java heap preparing the field; "
                    + FieldReader.MORE_HEAP);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
