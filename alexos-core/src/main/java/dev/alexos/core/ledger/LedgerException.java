package dev.alexos.core.ledger;

/** An append or read that failed: unserializable payload, I/O error, closed ledger. */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
