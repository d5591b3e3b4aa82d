package io.switchboard.ai.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.balance.PrefixRoutingSimulator.Ceiling;
import io.switchboard.ai.balance.PrefixRoutingSimulator.Result;
import io.switchboard.ai.balance.PrefixRoutingSimulator.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The simulator's targets at a bounded size (600 conversations, ~3,500 requests, about a second): prefix affinity
 * reaches 85 % of the unlimited-cache ceiling with max/mean load ≤ 1.25, and clearly beats round-robin and
 * least-busy. {@code docs/routing.md} quotes the standard size ({@code PrefixRoutingSimulator.main}).
 */
final class PrefixRoutingSimulationTest {

  @Test
  void prefixAffinityNearsTheCeilingWithBalancedLoad() {
    Workload workload = Workload.standard().withConversations(600);
    PrefixRoutingSimulator sim = new PrefixRoutingSimulator(workload);
    Ceiling ceiling = sim.ceiling();
    Result affinity = sim.run(PrefixRoutingSimulator.prefixAffinity(
        new PrefixAffinity(PrefixRoutingSimulator.settings(workload))));
    Result roundRobin = sim.run(PrefixRoutingSimulator.roundRobin());
    Result leastBusy = sim.run(PrefixRoutingSimulator.leastBusy());

    assertThat(affinity.requests()).isEqualTo(roundRobin.requests()).isGreaterThan(3000);
    assertThat(ceiling.unlimited()).isBetween(0.8, 0.95);
    assertThat(affinity.hitRate()).isGreaterThanOrEqualTo(0.85 * ceiling.unlimited());
    assertThat(affinity.maxMeanRequests()).isLessThanOrEqualTo(1.25);
    assertThat(affinity.maxMeanInFlight()).isLessThanOrEqualTo(1.25);
    // The baselines hit mostly on the system prompts: affinity must at least double their hit rate.
    assertThat(roundRobin.hitRate()).isLessThan(affinity.hitRate() / 2);
    assertThat(leastBusy.hitRate()).isLessThan(affinity.hitRate() / 2);
  }

  /**
   * {@code mvn -pl ai-filters test -Dtest=PrefixRoutingSimulationTest -Dsim.report=true} writes the standard
   * report (~9,000 requests, a few seconds) to {@code ai-filters/target/prefix-routing-simulation.md}; the
   * workload can be varied with {@code -Dsim.seed}, {@code -Dsim.tenants}, {@code -Dsim.capacity},
   * {@code -Dsim.rate}.
   */
  @Test
  @EnabledIfSystemProperty(named = "sim.report", matches = "true")
  void writesTheStandardReport() throws IOException {
    String report = PrefixRoutingSimulator.report(Workload.standard());
    Files.writeString(Path.of("target", "prefix-routing-simulation.md"), report);
    System.out.println(report);
  }

  @Test
  void runsAreDeterministic() {
    Workload workload = Workload.standard().withConversations(100);
    PrefixRoutingSimulator sim = new PrefixRoutingSimulator(workload);
    Result first = sim.run(PrefixRoutingSimulator.prefixAffinity(
        new PrefixAffinity(PrefixRoutingSimulator.settings(workload))));
    Result again = new PrefixRoutingSimulator(workload).run(PrefixRoutingSimulator.prefixAffinity(
        new PrefixAffinity(PrefixRoutingSimulator.settings(workload))));
    assertThat(again).isEqualTo(first);
  }
}
