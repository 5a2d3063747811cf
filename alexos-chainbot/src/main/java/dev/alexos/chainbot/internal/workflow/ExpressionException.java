package dev.alexos.chainbot.internal.workflow;

/** An expression or template that cannot be evaluated: a missing path, a syntax error. */
final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExpressionException(String message) {
        super(message);
    }
}
