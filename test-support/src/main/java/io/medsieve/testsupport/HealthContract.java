package io.medsieve.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/**
 * The health contract every MedSieve service must honour, inherited by a one-line test:
 * {@code @QuarkusTest class HealthTest extends HealthContract {}}.
 *
 * <p>The launcher and any orchestrator route traffic by readiness and restart by liveness; a
 * service that forgets the health extension, or whose Kafka/PostgreSQL checks never turn UP,
 * would look dead or be fed work it cannot take. Keeping the assertions here means a stricter
 * contract later is one edit, not six.
 */
public abstract class HealthContract {

    @Test
    void readinessIsUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
