package io.fulcrum.deploy;

import io.fulcrum.arm.error.ArmException;
import io.fulcrum.deploy.Plan.Step;
import java.time.Instant;

/**
 * A deployment that validated but failed while running. Thrown out of the deployment's transaction, it rolls back
 * every write the deployment made; the API then records the deployment as Failed, with this error, in a
 * transaction of its own.
 *
 * @param step    the resource whose write failed, or null when the outputs did
 * @param started when that resource's (or the outputs') evaluation began
 */
final class DeploymentFailure extends RuntimeException {

    private final transient Plan plan;
    private final transient Step step;
    private final ArmException error;
    private final Instant started;

    DeploymentFailure(Plan plan, Step step, ArmException error, Instant started) {
        super(error.getMessage(), null, false, false);
        this.plan = plan;
        this.step = step;
        this.error = error;
        this.started = started;
    }

    Plan plan() {
        return plan;
    }

    Step step() {
        return step;
    }

    ArmException error() {
        return error;
    }

    Instant started() {
        return started;
    }
}
