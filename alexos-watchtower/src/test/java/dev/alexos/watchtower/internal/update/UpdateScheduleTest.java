package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Cron schedules: parsing, next fire times on fixed instants, and the timer on a virtual clock. */
class UpdateScheduleTest {
    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void fiveFieldCronFiresAtTheNextMatchingMinuteInUtc() {
        UpdateSchedule daily = UpdateSchedule.parse("0 4 * * *");
        assertThat(daily.next(t("2026-03-10T03:59:59Z"))).contains(t("2026-03-10T04:00:00Z"));
        assertThat(daily.next(t("2026-03-10T04:00:00Z"))).contains(t("2026-03-11T04:00:00Z"));

        UpdateSchedule weekdays = UpdateSchedule.parse("30 2 * * 1-5"); // 2026-03-14 is a Saturday
        assertThat(weekdays.next(t("2026-03-13T03:00:00Z"))).contains(t("2026-03-16T02:30:00Z"));

        UpdateSchedule quarter = UpdateSchedule.parse("*/15  *  * * *");
        assertThat(quarter.next(t("2026-03-10T10:07:12Z"))).contains(t("2026-03-10T10:15:00Z"));
        assertThat(quarter.expression()).isEqualTo("*/15 * * * *");

        UpdateSchedule monthly = UpdateSchedule.parse("0 0 1 * *");
        assertThat(monthly.next(t("2026-12-15T00:00:00Z"))).contains(t("2027-01-01T00:00:00Z"));
    }

    @Test
    void sixFieldsWithSecondsFirstAreContainrrrsForm() {
        UpdateSchedule s = UpdateSchedule.parse("0 0 4 * * *");
        assertThat(s.next(t("2026-03-10T05:00:00Z"))).contains(t("2026-03-11T04:00:00Z"));
        assertThat(UpdateSchedule.parse("30 * * * * *").next(t("2026-03-10T05:00:00Z"))).contains(t("2026-03-10T05:00:30Z"));
    }

    @Test
    void invalidExpressionsAreRejectedSayingWhatIsAllowed() {
        for (String bad : List.of("", "* * *", "61 * * * *", "0 25 * * *", "every day", "0 4 * * * * * *", "0 4 31 2 *")) {
            assertThatThrownBy(() -> UpdateSchedule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("minute hour day-of-month month day-of-week");
        }
    }

    @Test
    void invalidScheduleSettingIsAConfigErrorNamingTheKeyAndValue() {
        var section = AlexOsConfig.of(Map.of("watchtower", Map.of("schedule", "0 25 * * *"))).section("watchtower");
        assertThatThrownBy(() -> UpdateSettings.from(section)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("watchtower.schedule").hasMessageContaining("0 25 * * *").hasMessageContaining("5 fields");
        var ok = UpdateSettings.from(AlexOsConfig.of(Map.of("watchtower", Map.of("schedule", "0 4 * * *"))).section("watchtower"));
        assertThat(ok.describe()).containsEntry("schedule", "0 4 * * *");
        assertThat(UpdateSettings.from(AlexOsConfig.of(Map.of("watchtower", Map.of())).section("watchtower")).schedule()).isNull();
    }

    @Test
    void nextRunFollowsTheCronWhenSetElseTheInterval() {
        Instant now = t("2026-03-10T10:07:00Z");
        UpdateSettings interval = UpdateSettings.from(AlexOsConfig.of(Map.of("watchtower", Map.of("update_interval", 600)))
                .section("watchtower"));
        UpdateSettings cron = UpdateSettings.from(AlexOsConfig.of(Map.of("watchtower", Map.of("update_interval", 600,
                "schedule", "0 4 * * *"))).section("watchtower"));
        assertThat(interval.nextRun(now)).isEqualTo(now.plusSeconds(600));
        assertThat(cron.nextRun(now)).isEqualTo(t("2026-03-11T04:00:00Z"));
    }

    @Test
    void timerRunsAtEachCronTimeOnTheVirtualClockAndPicksUpChangedSettings() {
        VirtualClock clock = VirtualClock.at(t("2026-03-10T03:00:00Z"));
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        AtomicReference<UpdateSettings> settings = new AtomicReference<>(UpdateSettings.from(
                AlexOsConfig.of(Map.of("watchtower", Map.of("schedule", "0 4 * * *"))).section("watchtower")));
        List<Instant> runs = new CopyOnWriteArrayList<>();
        UpdateTimer timer = new UpdateTimer(scheduler, clock, settings::get, () -> runs.add(clock.instant()));
        timer.start();
        assertThat(timer.nextRun()).isEqualTo(t("2026-03-10T04:00:00Z"));

        clock.advance(Duration.ofHours(50));
        assertThat(runs).containsExactly(t("2026-03-10T04:00:00Z"), t("2026-03-11T04:00:00Z"), t("2026-03-12T04:00:00Z"));

        settings.set(UpdateSettings.from(AlexOsConfig.of(Map.of("watchtower", Map.of("update_interval", 3600))).section("watchtower")));
        clock.advance(Duration.ofHours(24)); // to 03-13 05:00: the armed 04:00 run fires, then one an hour later
        assertThat(runs.subList(3, runs.size())).containsExactly(t("2026-03-13T04:00:00Z"), t("2026-03-13T05:00:00Z"));

        timer.close();
        clock.advance(Duration.ofDays(2));
        assertThat(runs).hasSize(5);
        assertThat(timer.nextRun()).isNull();
    }
}
