package io.fulcrum.store;

/** One transaction's view of the state, split by table so each concern reads as its own small interface. */
public interface Tx {
    ResourceTable resources();

    RefTable refs();

    SubscriptionTable subscriptions();

    PrincipalTable principals();

    OperationTable operations();

    MetaTable meta();
}
