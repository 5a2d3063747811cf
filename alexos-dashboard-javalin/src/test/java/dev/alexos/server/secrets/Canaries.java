package dev.alexos.server.secrets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique secret values ("canaries") and a scanner that reports where any of them shows up.
 * Each canary is random hex, so a hit cannot be a coincidence; besides the whole value, its first
 * and last 12 characters are searched too, which catches "partly masked" displays.
 */
public final class Canaries {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, String> byName = new LinkedHashMap<>();
    private final List<String> leaks = new ArrayList<>();
    private final AtomicLong scannedChars = new AtomicLong();
    private final AtomicLong scannedPieces = new AtomicLong();

    /** A new canary named {@code name} (what it stands for, used in reports). */
    public synchronized String create(String name) {
        String value = HexFormat.of().formatHex(bytes());
        byName.put(name, value);
        return value;
    }

    private static byte[] bytes() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The canary named {@code name}. */
    public synchronized String get(String name) {
        return byName.get(name);
    }

    /** Records a leak for every canary found in {@code text}; {@code where} names the place. */
    public synchronized void scan(String where, String text) {
        if (text == null) {
            return;
        }
        scannedChars.addAndGet(text.length());
        scannedPieces.incrementAndGet();
        byName.forEach((name, value) -> {
            String hit = text.contains(value) ? "whole value"
                    : text.contains(value.substring(0, 12)) ? "its first 12 characters"
                    : text.contains(value.substring(value.length() - 12)) ? "its last 12 characters" : null;
            if (hit != null) {
                int at = text.indexOf(hit.equals("its last 12 characters") ? value.substring(value.length() - 12)
                        : value.substring(0, 12));
                String around = text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 80));
                leaks.add(name + " (" + hit + ") in " + where + ": ..." + around.replace('\n', ' ') + "...");
            }
        });
    }

    /** Every leak found so far, one line each. */
    public synchronized List<String> leaks() {
        return List.copyOf(leaks);
    }

    /** How much text was scanned: pieces and characters. */
    public String scanned() {
        return scannedPieces.get() + " pieces, " + scannedChars.get() + " characters";
    }
}
