package dev.alexos.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.alexos.testkit.HttpReply;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Writes an {@link HttpReply} on an exchange, misbehaving as the reply asks. */
public final class ReplyWriter {
    private ReplyWriter() {
    }

    /**
     * @param closed released when the server closes: hanging and delayed replies wait on it
     */
    public static void write(HttpExchange ex, HttpReply reply, CountDownLatch closed) throws IOException {
        switch (reply.behaviour()) {
            case HANG -> {
                await(closed, Long.MAX_VALUE);
                return;
            }
            case DELAYED -> {
                if (await(closed, reply.delay().toNanos())) {
                    return;
                }
            }
            case DISCONNECT -> {
                reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                ex.sendResponseHeaders(reply.status(), 1024);
                cut(ex);
                return;
            }
            case NORMAL -> {
            }
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] body = reply.body();
        boolean noBody = body.length == 0 || reply.status() == 204 || reply.status() == 304
                || "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(reply.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Drops the connection of an exchange whose declared body length was not written: closing
     * the exchange itself (not its body stream first) makes the JDK server see the short body
     * and close the connection, so the client sees the body end early.
     */
    public static void cut(HttpExchange ex) throws IOException {
        ex.getResponseBody().flush();
        ex.close();
    }

    /** Waits {@code d} of real time unless the server closes first; true when it closed. */
    public static boolean pause(CountDownLatch closed, java.time.Duration d) {
        return await(closed, d.toNanos());
    }

    /** @return true when the server closed while waiting */
    private static boolean await(CountDownLatch closed, long nanos) {
        try {
            return closed.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
