package io.switchboard.sample.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The gateway's clock in the integration tests: the system clock, which a test may move forward (never back) to
 * make cached access tokens expire without waiting an hour.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestClock {

  private static final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

  /** Moves the gateway's time forward. */
  static void advance(Duration by) {
    ahead.accumulateAndGet(by, Duration::plus);
  }

  @Bean
  Clock gatewayClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.now().plus(ahead.get());
      }
    };
  }
}
