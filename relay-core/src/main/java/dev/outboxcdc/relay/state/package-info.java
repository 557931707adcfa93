/**
 * What a relay keeps in the database under its name ({@code RelayNames}): the lease that makes it
 * the only active relay of that name ({@code RelayLease}) and the binlog offsets it stored
 * ({@code StoredOffsets}). Part of relay-core, read by outboxctl's status too.
 */
package dev.outboxcdc.relay.state;
