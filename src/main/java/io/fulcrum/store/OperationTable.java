package io.fulcrum.store;

import java.util.Optional;

/** Long-running operations: what the Azure-AsyncOperation and Location URLs report. */
public interface OperationTable {

    /**
     * @param status       InProgress, Succeeded, Failed or Canceled
     * @param errorJson    the ARM error object when Failed, else null
     * @param resultStatus the HTTP status the Location URL answers once done (200 or 204)
     * @param resultBody   the body it answers with, or null
     */
    record Operation(String id, String subscriptionId, String status, String errorJson, int resultStatus,
                     String resultBody) {
    }

    void put(Operation operation);

    Optional<Operation> get(String id);
}
