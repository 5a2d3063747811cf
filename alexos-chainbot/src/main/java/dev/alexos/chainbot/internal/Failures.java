package dev.alexos.chainbot.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turning a failure into the text a user sees. */
public final class Failures {
    private Failures() {
    }

    /** The innermost meaningful cause of a future's failure. */
    public static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The cause's message, or its simple class name when it has none. */
    public static String message(Throwable e) {
        Throwable c = unwrap(e);
        return c.getMessage() == null || c.getMessage().isBlank() ? c.getClass().getSimpleName() : c.getMessage();
    }
}
