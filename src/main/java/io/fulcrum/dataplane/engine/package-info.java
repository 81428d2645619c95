/**
 * The forwarding engine: one Netty socket per frontend, TCP relayed stream by stream and UDP relayed per client
 * session, each new flow sent to an eligible member picked by a Maglev consistent hash.
 *
 * <p>Threading: {@link io.fulcrum.dataplane.engine.Engine#apply} runs on the caller's thread and only swaps one
 * volatile {@link io.fulcrum.dataplane.engine.Plan} per frontend; everything a flow touches after that lives on the
 * event loop of its frontend connection (TCP: the accepted channel's loop, which also dials the member; UDP: the
 * frontend socket's loop, which owns every session of that frontend).
 */
package io.fulcrum.dataplane.engine;
