package dev.alexos.chainbot.internal.remote;

/** A call to the remote ChainBot failed; the message says which call and why (never the key). */
public final class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Kind { UNREACHABLE, TIMEOUT, HTTP, MALFORMED, NOT_FOUND }

    private final Kind kind;
    private final int status;

    public RemoteException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The remote's HTTP status, 0 when there was none. */
    public int status() {
        return status;
    }
}
