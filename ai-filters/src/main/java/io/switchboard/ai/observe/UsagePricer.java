package io.switchboard.ai.observe;

import io.switchboard.ai.provider.spi.TokenUsage;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Prices tokens of a provider's model for a usage record when the call itself did not (a stream cut or left before
 * its usage arrived): the record then bills the tokens actually delivered.
 */
@FunctionalInterface
public interface UsagePricer {

  @Nullable BigDecimal price(String provider, String model, TokenUsage usage);
}
