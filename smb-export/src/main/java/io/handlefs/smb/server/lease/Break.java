package io.handlefs.smb.server.lease;

/**
 * A break to send: a lease break notification ([MS-SMB2] 2.2.23.2) or an oplock break
 * notification (2.2.23.1) for the holder's open.
 *
 * @param from        the state before the break (CurrentLeaseState)
 * @param to          the state offered (NewLeaseState; the oplock level it maps to)
 * @param ackRequired the client must acknowledge; without, the break is already done
 * @param epoch       the lease's epoch after the break (NewEpoch, version 2 only)
 * @param number      which break of the holder this is (for its timer)
 * @param target      an open of the holder when the break was decided (where it is told), or null
 */
public record Break<O>(Holder<O> holder, int from, int to, boolean ackRequired, int epoch, long number, O target) {}
