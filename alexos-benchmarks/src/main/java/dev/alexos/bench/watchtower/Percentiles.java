package dev.alexos.bench.watchtower;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles of a sample of durations in nanoseconds, printed in milliseconds. */
public record Percentiles(int count, double min, double p50, double p90, double p99, double max) {

    public static Percentiles ofNanos(List<Long> nanos) {
        long[] v = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(v.length, ms(v[0]), ms(rank(v, 0.50)), ms(rank(v, 0.90)), ms(rank(v, 0.99)),
                ms(v[v.length - 1]));
    }

    /** Nearest rank: the smallest value with at least {@code q} of the sample at or below it. */
    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    public String format() {
        return String.format(Locale.ROOT, "n=%d  min %.2f  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms",
                count, min, p50, p90, p99, max);
    }
}
