package io.devrig.api.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowStateTest {

    @Test
    void aRunCanStartOnlyWhenTheWorkflowIsEnabledAndPublished() {
        assertThat(new WorkflowState("wf", 1, true).canStart()).isTrue();
        assertThat(new WorkflowState("wf", 3, true).canStart()).isTrue();
        assertThat(new WorkflowState("wf", 0, true).canStart()).as("never published").isFalse();
        assertThat(new WorkflowState("wf", 2, false).canStart()).as("disabled").isFalse();
        assertThat(new WorkflowState("wf", 0, false).canStart()).isFalse();
    }
}
