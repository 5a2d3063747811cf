package dev.alexos.core.internal.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The two cursors of a mailbox ring, each on its own cache line. The producer (the publishing
 * thread) writes `tail`; the consumer (the worker draining the mailbox) writes `head`. Were they
 * on one line, every publish would invalidate the consumer's cache and the other way round.
 * Java lays out superclass fields before subclass fields, so padding through inheritance holds
 * (the JCTools technique); @Contended would need a JVM flag.
 */
final class MailboxIndexes {
    private MailboxIndexes() {
    }

    @SuppressWarnings("unused")
    abstract static class MailboxPad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07;
        long p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
    }

    abstract static class MailboxHead extends MailboxPad0 {
        private static final VarHandle HEAD;

        static {
            try {
                HEAD = MethodHandles.lookup().findVarHandle(MailboxHead.class, "head", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Position of the oldest undelivered event. Moved by the consumer, and by the producer when
         * it drops the oldest event, hence compare-and-set. */
        private volatile long head;

        final long head() {
            return head;
        }

        final boolean casHead(long expected, long next) {
            return HEAD.compareAndSet(this, expected, next);
        }
    }

    @SuppressWarnings("unused")
    abstract static class MailboxPad1 extends MailboxHead {
        long p10, p11, p12, p13, p14, p15, p16, p17;
        long p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
    }

    abstract static class MailboxTail extends MailboxPad1 {
        /** Position the next event goes to. Written only under the bus's publish lock. */
        volatile long tail;

        /** The producer's last look at {@code head}: re-read only when the ring seems full. */
        long headCache;
    }

    @SuppressWarnings("unused")
    abstract static class MailboxPad2 extends MailboxTail {
        long p20, p21, p22, p23, p24, p25, p26, p27;
        long p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
    }
}
