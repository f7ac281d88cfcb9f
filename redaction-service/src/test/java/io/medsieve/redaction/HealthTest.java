package io.medsieve.redaction;

import io.medsieve.testsupport.HealthContract;
import io.quarkus.test.junit.QuarkusTest;

/** The shared health contract; see {@link HealthContract} for why every service carries it. */
@QuarkusTest
class HealthTest extends HealthContract {
}
