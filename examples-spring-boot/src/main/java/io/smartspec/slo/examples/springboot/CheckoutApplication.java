package io.smartspec.slo.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The checkout service as a Spring Boot application. Its SLO monitoring is the starter and one line of
 * {@code application.properties}, {@code smartspec.slo.spec=classpath:spec.md}: the NFR table is
 * evaluated from the application's own {@code http.server.requests}, served at {@code /actuator/slo} and
 * reported by the {@code slo} health indicator. No code here knows about SLOs.
 *
 * <pre>
 * ./mvnw -q -pl examples-spring-boot -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
 * java -cp "$(cat examples-spring-boot/target/classpath.txt):examples-spring-boot/target/classes" \
 *     io.smartspec.slo.examples.springboot.CheckoutApplication
 * curl -X POST localhost:8080/checkout; curl localhost:8080/actuator/slo; curl localhost:8080/actuator/health
 * </pre>
 */
@SpringBootApplication
public class CheckoutApplication {

    public static void main(String[] args) {
        SpringApplication.run(CheckoutApplication.class, args);
    }
}
