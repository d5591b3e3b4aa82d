package io.switchboard.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Cloud Gateway with Switchboard on its classpath and nothing else: every AI feature comes from the
 * dependencies' auto-configuration and the routes in {@code application.yml}.
 */
@SpringBootApplication
public class SampleGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleGatewayApplication.class, args);
  }
}
