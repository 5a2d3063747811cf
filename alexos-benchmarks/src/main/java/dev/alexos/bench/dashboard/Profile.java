package dev.alexos.bench.dashboard;

import com.microsoft.playwright.Browser;

/**
 * A device the probe emulates in Chromium: a CPU slowdown (Chrome DevTools Protocol
 * {@code Emulation.setCPUThrottlingRate}) and a viewport. Emulation, not the device: see
 * docs/performance.md ("Dashboard") for why the factors stand in for a phone and a Raspberry Pi.
 *
 * @param name        what the figures are labelled with
 * @param cpuSlowdown CPU throttling rate (1 = this machine's speed)
 * @param width       viewport width in CSS pixels
 * @param height      viewport height in CSS pixels
 * @param scale       device pixel ratio
 * @param mobile      whether the page is given a mobile viewport and touch
 */
record Profile(String name, double cpuSlowdown, int width, int height, double scale, boolean mobile) {
    /** This machine's core, desktop window: the reference the others are compared with. */
    static final Profile DESKTOP = new Profile("desktop-1x", 1, 1280, 860, 1, false);
    /** A mid-range phone: DevTools' and Lighthouse's mobile preset is 4× on a desktop core. */
    static final Profile PHONE = new Profile("phone-4x", 4, 390, 844, 3, true);
    /** A Raspberry Pi 4 running Chromium full screen on a 720p display, 6× slower per core. */
    static final Profile PI = new Profile("pi-6x", 6, 1280, 720, 1, false);

    Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions().setViewportSize(width, height).setDeviceScaleFactor(scale)
                .setIsMobile(mobile).setHasTouch(mobile);
    }

    static Profile named(String name) {
        for (Profile p : new Profile[] {DESKTOP, PHONE, PI}) {
            if (p.name.equals(name) || p.name.startsWith(name + "-")) {
                return p;
            }
        }
        throw new IllegalArgumentException("argument 'profiles': unknown profile '" + name + "' (desktop, phone, pi)");
    }
}
